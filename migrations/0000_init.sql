CREATE TABLE `account_client_links` (
	`account_id` text NOT NULL,
	`client_id` text NOT NULL,
	`business_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `client_id`),
	FOREIGN KEY (`account_id`) REFERENCES `portal_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_client_links_client_idx` ON `account_client_links` (`client_id`);--> statement-breakpoint
CREATE INDEX `account_client_links_business_idx` ON `account_client_links` (`business_id`);--> statement-breakpoint
CREATE TABLE `add_ons` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`name` text NOT NULL,
	`duration_minutes` integer DEFAULT 0 NOT NULL,
	`price_minor` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "add_ons_price_nonnegative" CHECK("add_ons"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `add_ons_business_idx` ON `add_ons` (`business_id`);--> statement-breakpoint
CREATE TABLE `appointment_add_ons` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`appointment_pet_id` text NOT NULL,
	`add_on_id` text NOT NULL,
	`staff_id` text,
	`price_minor` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_pet_id`) REFERENCES `appointment_pets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`add_on_id`) REFERENCES `add_ons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_add_ons_business_idx` ON `appointment_add_ons` (`business_id`);--> statement-breakpoint
CREATE INDEX `appointment_add_ons_pet_idx` ON `appointment_add_ons` (`appointment_pet_id`);--> statement-breakpoint
CREATE INDEX `appointment_add_ons_add_on_idx` ON `appointment_add_ons` (`add_on_id`);--> statement-breakpoint
CREATE INDEX `appointment_add_ons_staff_idx` ON `appointment_add_ons` (`staff_id`);--> statement-breakpoint
CREATE TABLE `appointment_pets` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`appointment_id` text NOT NULL,
	`pet_id` text NOT NULL,
	`camera_room` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pet_id`) REFERENCES `pets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_pets_business_idx` ON `appointment_pets` (`business_id`);--> statement-breakpoint
CREATE INDEX `appointment_pets_appointment_idx` ON `appointment_pets` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `appointment_pets_pet_idx` ON `appointment_pets` (`pet_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointment_pets_unique` ON `appointment_pets` (`appointment_id`,`pet_id`);--> statement-breakpoint
CREATE TABLE `appointment_services` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`appointment_pet_id` text NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text,
	`price_minor` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_pet_id`) REFERENCES `appointment_pets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_services_business_idx` ON `appointment_services` (`business_id`);--> statement-breakpoint
CREATE INDEX `appointment_services_pet_idx` ON `appointment_services` (`appointment_pet_id`);--> statement-breakpoint
CREATE INDEX `appointment_services_service_idx` ON `appointment_services` (`service_id`);--> statement-breakpoint
CREATE INDEX `appointment_services_staff_idx` ON `appointment_services` (`staff_id`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`service_type` text NOT NULL,
	`status` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`notes` text,
	`cancel_reason` text,
	`online_payment_kind` text,
	`online_payment_minor` integer,
	`online_payment_currency` text,
	`idempotency_key` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "appointments_status_enum" CHECK("status" IN ('requested', 'waitlisted', 'unconfirmed', 'confirmed', 'checked_in', 'ready_for_pickup', 'finished', 'canceled', 'no_show')),
	CONSTRAINT "appointments_service_type_enum" CHECK("service_type" IN ('boarding', 'daycare', 'grooming', 'training')),
	CONSTRAINT "appointments_ends_after_start" CHECK("appointments"."ends_at" > "appointments"."starts_at"),
	CONSTRAINT "appointments_payment_kind_enum" CHECK("appointments"."online_payment_kind" IS NULL OR "appointments"."online_payment_kind" IN ('prepayment', 'deposit')),
	CONSTRAINT "appointments_payment_complete" CHECK(("appointments"."online_payment_kind" IS NULL) = ("appointments"."online_payment_minor" IS NULL) AND ("appointments"."online_payment_minor" IS NULL) = ("appointments"."online_payment_currency" IS NULL)),
	CONSTRAINT "appointments_payment_nonnegative" CHECK("appointments"."online_payment_minor" IS NULL OR "appointments"."online_payment_minor" >= 0),
	CONSTRAINT "appointments_cancel_reason_only_when_canceled" CHECK("appointments"."cancel_reason" IS NULL OR "appointments"."status" = 'canceled'),
	CONSTRAINT "appointments_version_positive" CHECK("appointments"."version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `appointments_business_idx` ON `appointments` (`business_id`);--> statement-breakpoint
CREATE INDEX `appointments_client_starts_idx` ON `appointments` (`client_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_business_starts_idx` ON `appointments` (`business_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_idempotency_unique` ON `appointments` (`business_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `business_notifications` (
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
	CONSTRAINT "business_notifications_kind_enum" CHECK("kind" IN ('new_request', 'canceled_by_client', 'rescheduled_by_client', 'pet_added', 'agreement_signed'))
);
--> statement-breakpoint
CREATE INDEX `business_notifications_business_idx` ON `business_notifications` (`business_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `business_notifications_client_idx` ON `business_notifications` (`client_id`);--> statement-breakpoint
CREATE INDEX `business_notifications_appointment_idx` ON `business_notifications` (`appointment_id`);--> statement-breakpoint
CREATE TABLE `businesses` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`offers_boarding` integer DEFAULT false NOT NULL,
	`offers_daycare` integer DEFAULT false NOT NULL,
	`offers_grooming` integer DEFAULT false NOT NULL,
	`offers_training` integer DEFAULT false NOT NULL,
	`time_zone` text NOT NULL,
	`country` text NOT NULL,
	`currency` text NOT NULL,
	`locale` text DEFAULT 'en-US' NOT NULL,
	`phone` text,
	`address` text,
	`online_booking_enabled` integer DEFAULT false NOT NULL,
	`packages_enabled` integer DEFAULT false NOT NULL,
	`memberships_enabled` integer DEFAULT false NOT NULL,
	`group_classes_enabled` integer DEFAULT false NOT NULL,
	`grooming_beta_granted` integer DEFAULT false NOT NULL,
	`idogcam_feed_url` text,
	`idogcam_account_id` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "businesses_country_format" CHECK(length("businesses"."country") = 2)
);
--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`phone_e164` text NOT NULL,
	`email` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clients_phone_e164" CHECK("clients"."phone_e164" GLOB '+[1-9]*' AND length("clients"."phone_e164") <= 16)
);
--> statement-breakpoint
CREATE INDEX `clients_business_idx` ON `clients` (`business_id`);--> statement-breakpoint
CREATE INDEX `clients_phone_idx` ON `clients` (`phone_e164`);--> statement-breakpoint
CREATE TABLE `pet_vaccinations` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`pet_id` text NOT NULL,
	`name` text NOT NULL,
	`expires_on` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pet_id`) REFERENCES `pets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pet_vaccinations_business_idx` ON `pet_vaccinations` (`business_id`);--> statement-breakpoint
CREATE INDEX `pet_vaccinations_pet_idx` ON `pet_vaccinations` (`pet_id`);--> statement-breakpoint
CREATE TABLE `pets` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`species` text NOT NULL,
	`breed` text,
	`sex` text DEFAULT 'unknown' NOT NULL,
	`birthday` text,
	`weight_grams` integer,
	`colour` text,
	`spayed_neutered` integer,
	`vet_name` text,
	`vet_phone` text,
	`medications` text,
	`feeding` text,
	`behaviour_notes` text,
	`photo_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pets_species_enum" CHECK("species" IN ('dog', 'cat', 'other')),
	CONSTRAINT "pets_sex_enum" CHECK("sex" IN ('male', 'female', 'unknown')),
	CONSTRAINT "pets_weight_positive" CHECK("pets"."weight_grams" IS NULL OR "pets"."weight_grams" > 0)
);
--> statement-breakpoint
CREATE INDEX `pets_business_idx` ON `pets` (`business_id`);--> statement-breakpoint
CREATE INDEX `pets_client_idx` ON `pets` (`client_id`);--> statement-breakpoint
CREATE TABLE `portal_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`phone_e164` text NOT NULL,
	`email` text,
	`password_hash` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `portal_accounts_phone_unique` ON `portal_accounts` (`phone_e164`);--> statement-breakpoint
CREATE UNIQUE INDEX `portal_accounts_email_unique` ON `portal_accounts` (`email`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "services_type_enum" CHECK("type" IN ('boarding', 'daycare', 'grooming', 'training')),
	CONSTRAINT "services_duration_positive" CHECK("services"."duration_minutes" > 0),
	CONSTRAINT "services_price_nonnegative" CHECK("services"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `services_business_idx` ON `services` (`business_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`account_id`) REFERENCES `portal_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `sms_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`to_e164` text NOT NULL,
	`body` text NOT NULL,
	`provider` text NOT NULL,
	`status` text NOT NULL,
	`provider_message_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "sms_outbox_status_enum" CHECK("status" IN ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `sms_outbox_to_idx` ON `sms_outbox` (`to_e164`,`created_at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_business_idx` ON `staff` (`business_id`);