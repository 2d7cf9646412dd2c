-- Outside diesel's transaction (see metadata.toml): `schools` is rebuilt without `region_id`, with
-- foreign keys off so that the tables referring to it keep their rows.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP INDEX schools_region;
CREATE TABLE schools_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT,
    timezone TEXT NOT NULL DEFAULT 'Europe/Moscow',
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    max_control_works_per_day INTEGER NOT NULL DEFAULT 1,
    forecast_three DOUBLE PRECISION NOT NULL DEFAULT 2.5,
    forecast_four DOUBLE PRECISION NOT NULL DEFAULT 3.5,
    forecast_five DOUBLE PRECISION NOT NULL DEFAULT 4.5,
    min_marks_per_period INTEGER NOT NULL DEFAULT 3,
    auto_lock_days INTEGER,
    homework_file_limit INTEGER NOT NULL DEFAULT 5242880
);
INSERT INTO schools_rebuilt (id, name, short_name, timezone, is_demo, created_at,
                             max_control_works_per_day, forecast_three, forecast_four,
                             forecast_five, min_marks_per_period, auto_lock_days,
                             homework_file_limit)
    SELECT id, name, short_name, timezone, is_demo, created_at, max_control_works_per_day,
           forecast_three, forecast_four, forecast_five, min_marks_per_period, auto_lock_days,
           homework_file_limit
    FROM schools;
DROP TABLE schools;
ALTER TABLE schools_rebuilt RENAME TO schools;
DROP TABLE regions;

CREATE TEMP TABLE regions_migration_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO regions_migration_fk_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE regions_migration_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
