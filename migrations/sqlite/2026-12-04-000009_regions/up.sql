-- Regions (municipalities): the record that owns a deployment's schools, for the `region` role and
-- the regional exports (R-A9, R-E4) and written by `journal seed-region`. A school may belong to
-- none (a single-school deployment). Outside diesel's transaction (see metadata.toml).
BEGIN IMMEDIATE;
CREATE TABLE regions (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
ALTER TABLE schools ADD COLUMN region_id TEXT REFERENCES regions(id);
CREATE INDEX schools_region ON schools (region_id);
COMMIT;
