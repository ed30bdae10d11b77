ALTER TABLE `businesses` ADD `text_language` text DEFAULT 'en' NOT NULL CHECK (`text_language` IN ('en', 'es'));--> statement-breakpoint
ALTER TABLE `portal_accounts` ADD `language` text CHECK (`language` IS NULL OR `language` IN ('en', 'es'));
