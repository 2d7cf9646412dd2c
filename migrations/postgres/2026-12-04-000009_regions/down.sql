DROP INDEX schools_region;
ALTER TABLE schools DROP COLUMN region_id;
DROP TABLE regions;
