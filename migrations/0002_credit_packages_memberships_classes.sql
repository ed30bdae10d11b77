CREATE TABLE `class_attendance` (
	`enrollment_id` text NOT NULL,
	`session_id` text NOT NULL,
	`business_id` text NOT NULL,
	PRIMARY KEY(`enrollment_id`, `session_id`),
	FOREIGN KEY (`enrollment_id`) REFERENCES `class_enrollments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `class_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_attendance_session_idx` ON `class_attendance` (`session_id`);--> statement-breakpoint
CREATE INDEX `class_attendance_business_idx` ON `class_attendance` (`business_id`);--> statement-breakpoint
CREATE TABLE `class_enrollments` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`class_id` text NOT NULL,
	`client_id` text NOT NULL,
	`pet_id` text NOT NULL,
	`enrolled_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`class_id`) REFERENCES `group_classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pet_id`) REFERENCES `pets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_enrollments_business_idx` ON `class_enrollments` (`business_id`);--> statement-breakpoint
CREATE INDEX `class_enrollments_client_idx` ON `class_enrollments` (`client_id`);--> statement-breakpoint
CREATE INDEX `class_enrollments_pet_idx` ON `class_enrollments` (`pet_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `class_enrollments_unique` ON `class_enrollments` (`class_id`,`pet_id`);--> statement-breakpoint
CREATE TABLE `class_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`class_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`class_id`) REFERENCES `group_classes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "class_sessions_ends_after_start" CHECK("class_sessions"."ends_at" > "class_sessions"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `class_sessions_business_idx` ON `class_sessions` (`business_id`);--> statement-breakpoint
CREATE INDEX `class_sessions_class_idx` ON `class_sessions` (`class_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `client_memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`plan_name` text NOT NULL,
	`status` text NOT NULL,
	`perks` text,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`period` text NOT NULL,
	`next_renewal_on` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "client_memberships_status_enum" CHECK("status" IN ('active', 'paused', 'canceled')),
	CONSTRAINT "client_memberships_period_enum" CHECK("period" IN ('week', 'month', 'year')),
	CONSTRAINT "client_memberships_price_nonnegative" CHECK("client_memberships"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `client_memberships_business_idx` ON `client_memberships` (`business_id`);--> statement-breakpoint
CREATE INDEX `client_memberships_client_idx` ON `client_memberships` (`client_id`);--> statement-breakpoint
CREATE TABLE `client_packages` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`covers` text NOT NULL,
	`total_quantity` integer NOT NULL,
	`remaining_quantity` integer NOT NULL,
	`purchased_on` text NOT NULL,
	`expires_on` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "client_packages_quantities" CHECK("client_packages"."total_quantity" > 0 AND "client_packages"."remaining_quantity" BETWEEN 0 AND "client_packages"."total_quantity")
);
--> statement-breakpoint
CREATE INDEX `client_packages_business_idx` ON `client_packages` (`business_id`);--> statement-breakpoint
CREATE INDEX `client_packages_client_idx` ON `client_packages` (`client_id`);--> statement-breakpoint
CREATE TABLE `group_classes` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `group_classes_business_idx` ON `group_classes` (`business_id`);--> statement-breakpoint
CREATE TABLE `store_credit_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`appointment_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "store_credit_amount_nonzero" CHECK("store_credit_transactions"."amount_minor" <> 0)
);
--> statement-breakpoint
CREATE INDEX `store_credit_business_idx` ON `store_credit_transactions` (`business_id`);--> statement-breakpoint
CREATE INDEX `store_credit_client_idx` ON `store_credit_transactions` (`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `store_credit_appointment_idx` ON `store_credit_transactions` (`appointment_id`);