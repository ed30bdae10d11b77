-- Report-card photos: the portal makes its own small copies of the stored image
-- (src/storage/photo-copies.ts, decision 0013), so a separate business-made thumbnail key is no longer read.
ALTER TABLE `report_card_photos` DROP COLUMN `thumb_key`;