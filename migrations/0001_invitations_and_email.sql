CREATE TABLE `email_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`provider` text NOT NULL,
	`status` text NOT NULL,
	`provider_message_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "email_outbox_status_enum" CHECK("status" IN ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `email_outbox_to_idx` ON `email_outbox` (`to_address`,`created_at`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`client_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`channel` text NOT NULL,
	`phone_e164` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`used_at` integer,
	`used_by_account_id` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`used_by_account_id`) REFERENCES `portal_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invitations_channel_enum" CHECK("channel" IN ('sms', 'email')),
	CONSTRAINT "invitations_expiry_after_creation" CHECK("invitations"."expires_at" > "invitations"."created_at"),
	CONSTRAINT "invitations_used_has_account" CHECK(("invitations"."used_at" IS NULL) = ("invitations"."used_by_account_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_business_idx` ON `invitations` (`business_id`);--> statement-breakpoint
CREATE INDEX `invitations_client_idx` ON `invitations` (`client_id`);--> statement-breakpoint
CREATE INDEX `invitations_used_by_idx` ON `invitations` (`used_by_account_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `authenticated_at` integer;