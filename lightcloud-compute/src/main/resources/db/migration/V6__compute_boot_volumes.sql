-- A new boot volume made from an image has no volume service attachment until it is available and reserved.
ALTER TABLE compute_volume_attachment ALTER COLUMN attachment_id DROP NOT NULL;
