PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_business_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`kind` text NOT NULL,
	`client_id` text,
	`appointment_id` text,
	`summary` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "business_notifications_kind_enum" CHECK("kind" IN ('new_request', 'canceled_by_client', 'rescheduled_by_client', 'pet_added', 'agreement_signed', 'certificate_uploaded'))
);
--> statement-breakpoint
INSERT INTO `__new_business_notifications`("id", "business_id", "kind", "client_id", "appointment_id", "summary", "created_at", "read_at") SELECT "id", "business_id", "kind", "client_id", "appointment_id", "summary", "created_at", "read_at" FROM `business_notifications`;--> statement-breakpoint
DROP TABLE `business_notifications`;--> statement-breakpoint
ALTER TABLE `__new_business_notifications` RENAME TO `business_notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `business_notifications_business_idx` ON `business_notifications` (`business_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `business_notifications_client_idx` ON `business_notifications` (`client_id`);--> statement-breakpoint
CREATE INDEX `business_notifications_appointment_idx` ON `business_notifications` (`appointment_id`);