ALTER TABLE `pets` ADD `submission_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `pets_submission_unique` ON `pets` (`client_id`,`submission_key`);