ALTER TABLE `business_hours` ADD `service_type` text CHECK (`service_type` IS NULL OR `service_type` IN ('boarding', 'daycare', 'grooming', 'training'));--> statement-breakpoint
ALTER TABLE `businesses` ADD `accent_colour` text CHECK (`accent_colour` IS NULL OR `accent_colour` GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]');
