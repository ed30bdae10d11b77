ALTER TABLE `appointment_services` ADD `staff_requested` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `appointments` ADD `vaccination_record_needed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `businesses` ADD `vaccination_policy` text DEFAULT 'refuse' NOT NULL CHECK (`vaccination_policy` IN ('refuse', 'flag'));--> statement-breakpoint
ALTER TABLE `services` ADD `species_allowed` text;--> statement-breakpoint
ALTER TABLE `services` ADD `required_vaccinations` text;