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
	`service_type` text,
	`duration_minutes` integer DEFAULT 0 NOT NULL,
	`price_minor` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "add_ons_service_type_enum" CHECK("add_ons"."service_type" IS NULL OR "add_ons"."service_type" IN ('boarding', 'daycare', 'grooming', 'training')),
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
	`submission_id` text,
	`deposit_required_minor` integer,
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
	CONSTRAINT "appointments_version_positive" CHECK("appointments"."version" >= 1),
	CONSTRAINT "appointments_deposit_nonnegative" CHECK("appointments"."deposit_required_minor" IS NULL OR "appointments"."deposit_required_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `appointments_business_idx` ON `appointments` (`business_id`);--> statement-breakpoint
CREATE INDEX `appointments_client_starts_idx` ON `appointments` (`client_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_business_starts_idx` ON `appointments` (`business_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_idempotency_unique` ON `appointments` (`business_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `appointments_submission_idx` ON `appointments` (`submission_id`);--> statement-breakpoint
CREATE TABLE `booking_submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "booking_submissions_kind_enum" CHECK("kind" IN ('create', 'reschedule'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `booking_submissions_key_unique` ON `booking_submissions` (`business_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `booking_submissions_client_idx` ON `booking_submissions` (`client_id`);--> statement-breakpoint
CREATE TABLE `business_hours` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`opens` text NOT NULL,
	`closes` text NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "business_hours_weekday" CHECK("business_hours"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "business_hours_opens_format" CHECK("opens" GLOB '[0-2][0-9]:[0-5][0-9]' AND "opens" <= '24:00'),
	CONSTRAINT "business_hours_closes_format" CHECK("closes" GLOB '[0-2][0-9]:[0-5][0-9]' AND "closes" <= '24:00'),
	CONSTRAINT "business_hours_order" CHECK("business_hours"."opens" < "business_hours"."closes")
);
--> statement-breakpoint
CREATE INDEX `business_hours_business_idx` ON `business_hours` (`business_id`,`weekday`);--> statement-breakpoint
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
	`min_notice_hours` integer DEFAULT 24 NOT NULL,
	`booking_horizon_days` integer DEFAULT 60 NOT NULL,
	`slot_interval_minutes` integer DEFAULT 30 NOT NULL,
	`max_days_per_request` integer DEFAULT 14 NOT NULL,
	`waitlist_allowed` integer DEFAULT false NOT NULL,
	`deposit_rule` text DEFAULT 'none' NOT NULL,
	`deposit_value` integer DEFAULT 0 NOT NULL,
	`change_policy` text DEFAULT 'not_allowed' NOT NULL,
	`change_policy_hours` integer,
	`boarding_nightly_capacity` integer DEFAULT 0 NOT NULL,
	`daycare_daily_capacity` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "businesses_country_format" CHECK(length("businesses"."country") = 2),
	CONSTRAINT "businesses_deposit_rule_enum" CHECK("deposit_rule" IN ('none', 'fixed', 'percentage')),
	CONSTRAINT "businesses_change_policy_enum" CHECK("change_policy" IN ('not_allowed', 'until_hours_before')),
	CONSTRAINT "businesses_change_policy_hours" CHECK(("businesses"."change_policy" = 'until_hours_before') = ("businesses"."change_policy_hours" IS NOT NULL) AND coalesce("businesses"."change_policy_hours", 0) >= 0),
	CONSTRAINT "businesses_booking_limits" CHECK("businesses"."min_notice_hours" >= 0 AND "businesses"."booking_horizon_days" >= 1 AND "businesses"."slot_interval_minutes" BETWEEN 5 AND 240 AND "businesses"."max_days_per_request" >= 1 AND "businesses"."deposit_value" >= 0 AND "businesses"."boarding_nightly_capacity" >= 0 AND "businesses"."daycare_daily_capacity" >= 0),
	CONSTRAINT "businesses_percentage_deposit_max" CHECK("businesses"."deposit_rule" <> 'percentage' OR "businesses"."deposit_value" <= 10000)
);
--> statement-breakpoint
CREATE TABLE `capacity_claims` (
	`business_id` text NOT NULL,
	`resource` text NOT NULL,
	`unit` integer NOT NULL,
	`appointment_id` text NOT NULL,
	PRIMARY KEY(`business_id`, `resource`, `unit`),
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "capacity_claims_unit_nonnegative" CHECK("capacity_claims"."unit" >= 0)
);
--> statement-breakpoint
CREATE INDEX `capacity_claims_appointment_idx` ON `capacity_claims` (`appointment_id`);--> statement-breakpoint
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
CREATE TABLE `closed_dates` (
	`business_id` text NOT NULL,
	`date` text NOT NULL,
	`reason` text,
	PRIMARY KEY(`business_id`, `date`),
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "closed_dates_format" CHECK("closed_dates"."date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
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
CREATE TABLE `service_windows` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`kind` text NOT NULL,
	`starts` text NOT NULL,
	`ends` text NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "service_windows_kind_enum" CHECK("kind" IN ('drop_off', 'pick_up')),
	CONSTRAINT "service_windows_starts_format" CHECK("starts" GLOB '[0-2][0-9]:[0-5][0-9]' AND "starts" <= '24:00'),
	CONSTRAINT "service_windows_ends_format" CHECK("ends" GLOB '[0-2][0-9]:[0-5][0-9]' AND "ends" <= '24:00'),
	CONSTRAINT "service_windows_order" CHECK("service_windows"."starts" < "service_windows"."ends")
);
--> statement-breakpoint
CREATE INDEX `service_windows_business_idx` ON `service_windows` (`business_id`);--> statement-breakpoint
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
CREATE INDEX `staff_business_idx` ON `staff` (`business_id`);--> statement-breakpoint
CREATE TABLE `staff_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`starts` text NOT NULL,
	`ends` text NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_schedules_weekday" CHECK("staff_schedules"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "staff_schedules_starts_format" CHECK("starts" GLOB '[0-2][0-9]:[0-5][0-9]' AND "starts" <= '24:00'),
	CONSTRAINT "staff_schedules_ends_format" CHECK("ends" GLOB '[0-2][0-9]:[0-5][0-9]' AND "ends" <= '24:00'),
	CONSTRAINT "staff_schedules_order" CHECK("staff_schedules"."starts" < "staff_schedules"."ends")
);
--> statement-breakpoint
CREATE INDEX `staff_schedules_business_idx` ON `staff_schedules` (`business_id`);--> statement-breakpoint
CREATE INDEX `staff_schedules_staff_idx` ON `staff_schedules` (`staff_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `staff_services` (
	`staff_id` text NOT NULL,
	`service_id` text NOT NULL,
	`business_id` text NOT NULL,
	PRIMARY KEY(`staff_id`, `service_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_services_service_idx` ON `staff_services` (`service_id`);--> statement-breakpoint
CREATE INDEX `staff_services_business_idx` ON `staff_services` (`business_id`);