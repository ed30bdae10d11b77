CREATE TABLE `calendar_feeds` (
	`account_id` text PRIMARY KEY NOT NULL,
	`token_sha256` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `portal_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_unique` ON `calendar_feeds` (`token_sha256`);--> statement-breakpoint
CREATE TABLE `membership_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`name` text NOT NULL,
	`perks` text,
	`price_minor` integer NOT NULL,
	`period` text NOT NULL,
	`retired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "membership_plans_price_nonnegative" CHECK("membership_plans"."price_minor" >= 0),
	CONSTRAINT "membership_plans_period_enum" CHECK("period" IN ('week', 'month', 'year'))
);
--> statement-breakpoint
CREATE INDEX `membership_plans_business_idx` ON `membership_plans` (`business_id`);--> statement-breakpoint
CREATE TABLE `package_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`name` text NOT NULL,
	`covers` text NOT NULL,
	`service_type` text,
	`quantity` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`validity_days` integer,
	`retired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "package_plans_quantity_positive" CHECK("package_plans"."quantity" > 0),
	CONSTRAINT "package_plans_price_nonnegative" CHECK("package_plans"."price_minor" >= 0),
	CONSTRAINT "package_plans_validity_positive" CHECK("package_plans"."validity_days" IS NULL OR "package_plans"."validity_days" > 0)
);
--> statement-breakpoint
CREATE INDEX `package_plans_business_idx` ON `package_plans` (`business_id`);--> statement-breakpoint
CREATE TABLE `package_uses` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_package_id` text NOT NULL,
	`appointment_id` text NOT NULL,
	`used_at` integer NOT NULL,
	`used_by` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_package_id`) REFERENCES `client_packages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `package_uses_business_idx` ON `package_uses` (`business_id`);--> statement-breakpoint
CREATE INDEX `package_uses_appointment_idx` ON `package_uses` (`appointment_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `package_uses_once_per_visit` ON `package_uses` (`client_package_id`,`appointment_id`);--> statement-breakpoint
CREATE TABLE `vaccination_reminders` (
	`vaccination_id` text NOT NULL,
	`expires_on` text NOT NULL,
	`days_before` integer NOT NULL,
	`business_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`vaccination_id`, `expires_on`, `days_before`),
	FOREIGN KEY (`vaccination_id`) REFERENCES `pet_vaccinations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vaccination_reminders_business_idx` ON `vaccination_reminders` (`business_id`);--> statement-breakpoint
CREATE TABLE `vaccination_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`pet_id` text NOT NULL,
	`object_key` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`entries` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reject_reason` text,
	`uploaded_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pet_id`) REFERENCES `pets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "vaccination_uploads_status_enum" CHECK("status" IN ('pending', 'accepted', 'rejected')),
	CONSTRAINT "vaccination_uploads_size" CHECK("vaccination_uploads"."size_bytes" > 0 AND "vaccination_uploads"."size_bytes" <= 10485760),
	CONSTRAINT "vaccination_uploads_rejected_has_reason" CHECK(("vaccination_uploads"."status" = 'rejected') = ("vaccination_uploads"."reject_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `vaccination_uploads_business_idx` ON `vaccination_uploads` (`business_id`,`status`);--> statement-breakpoint
CREATE INDEX `vaccination_uploads_pet_idx` ON `vaccination_uploads` (`pet_id`);--> statement-breakpoint
ALTER TABLE `agreements` ADD `applies_to` text;--> statement-breakpoint
ALTER TABLE `agreements` ADD `blocks_booking` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `client_memberships` ADD `plan_id` text REFERENCES membership_plans(id);--> statement-breakpoint
ALTER TABLE `client_memberships` ADD `started_on` text;--> statement-breakpoint
ALTER TABLE `client_packages` ADD `plan_id` text REFERENCES package_plans(id);--> statement-breakpoint
ALTER TABLE `client_packages` ADD `price_minor` integer;--> statement-breakpoint
ALTER TABLE `client_packages` ADD `sold_by` text;--> statement-breakpoint
ALTER TABLE `group_classes` ADD `capacity` integer CHECK (`capacity` IS NULL OR `capacity` > 0);--> statement-breakpoint
ALTER TABLE `pet_vaccinations` ADD `verified_at` integer;--> statement-breakpoint
ALTER TABLE `pet_vaccinations` ADD `upload_id` text;