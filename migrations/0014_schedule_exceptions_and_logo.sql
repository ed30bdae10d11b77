CREATE TABLE `staff_schedule_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`date` text NOT NULL,
	`starts` text,
	`ends` text,
	`reason` text,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_schedule_exceptions_date_format" CHECK("staff_schedule_exceptions"."date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "staff_schedule_exceptions_times" CHECK(("staff_schedule_exceptions"."starts" IS NULL AND "staff_schedule_exceptions"."ends" IS NULL) OR ("staff_schedule_exceptions"."starts" GLOB '[0-2][0-9]:[0-5][0-9]' AND "staff_schedule_exceptions"."ends" GLOB '[0-2][0-9]:[0-5][0-9]' AND "staff_schedule_exceptions"."starts" < "staff_schedule_exceptions"."ends" AND "staff_schedule_exceptions"."ends" <= '24:00'))
);
--> statement-breakpoint
CREATE INDEX `staff_schedule_exceptions_business_idx` ON `staff_schedule_exceptions` (`business_id`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_schedule_exceptions_staff_date_unique` ON `staff_schedule_exceptions` (`staff_id`,`date`,`starts`);--> statement-breakpoint
ALTER TABLE `businesses` ADD `logo_key` text;