CREATE TABLE `agreement_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`agreement_version_id` text NOT NULL,
	`signer_name` text NOT NULL,
	`method` text NOT NULL,
	`signature_key` text,
	`text_sha256` text NOT NULL,
	`consent_given` integer NOT NULL,
	`signed_at` integer NOT NULL,
	`ip_address` text,
	`user_agent` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_version_id`) REFERENCES `agreement_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agreement_signatures_method_enum" CHECK("method" IN ('drawn', 'typed')),
	CONSTRAINT "agreement_signatures_drawn_has_image" CHECK(("agreement_signatures"."method" = 'drawn') = ("agreement_signatures"."signature_key" IS NOT NULL)),
	CONSTRAINT "agreement_signatures_consent" CHECK("agreement_signatures"."consent_given" = 1),
	CONSTRAINT "agreement_signatures_hash_format" CHECK(length("agreement_signatures"."text_sha256") = 64)
);
--> statement-breakpoint
CREATE INDEX `agreement_signatures_business_idx` ON `agreement_signatures` (`business_id`);--> statement-breakpoint
CREATE INDEX `agreement_signatures_version_idx` ON `agreement_signatures` (`agreement_version_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_signatures_unique` ON `agreement_signatures` (`client_id`,`agreement_version_id`);--> statement-breakpoint
CREATE TABLE `agreement_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agreement_versions_version_positive" CHECK("agreement_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `agreement_versions_business_idx` ON `agreement_versions` (`business_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_versions_unique` ON `agreement_versions` (`agreement_id`,`version`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`title` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agreements_business_idx` ON `agreements` (`business_id`);--> statement-breakpoint
CREATE TABLE `report_card_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`report_card_id` text NOT NULL,
	`object_key` text NOT NULL,
	`thumb_key` text,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_card_id`) REFERENCES `report_cards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "report_card_photos_size_positive" CHECK("report_card_photos"."width" > 0 AND "report_card_photos"."height" > 0)
);
--> statement-breakpoint
CREATE INDEX `report_card_photos_business_idx` ON `report_card_photos` (`business_id`);--> statement-breakpoint
CREATE INDEX `report_card_photos_card_idx` ON `report_card_photos` (`report_card_id`,`position`);--> statement-breakpoint
CREATE TABLE `report_cards` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`pet_id` text NOT NULL,
	`appointment_id` text,
	`staff_id` text,
	`mood` text,
	`activities` text,
	`eating` text,
	`potty` text,
	`staff_comment` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pet_id`) REFERENCES `pets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_cards_business_idx` ON `report_cards` (`business_id`);--> statement-breakpoint
CREATE INDEX `report_cards_client_idx` ON `report_cards` (`client_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `report_cards_pet_idx` ON `report_cards` (`pet_id`);--> statement-breakpoint
CREATE INDEX `report_cards_appointment_idx` ON `report_cards` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `report_cards_staff_idx` ON `report_cards` (`staff_id`);