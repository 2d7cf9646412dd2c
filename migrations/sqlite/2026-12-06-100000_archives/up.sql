-- Archives of closed periods and years (R-P2, R-P5). `archive_keys` holds the public half of each
-- school's Ed25519 seal key (the secret half stays in the server's data directory, never in the
-- database); `archives` one row per package written, with how long its parts are kept: journals
-- 5 years, summary sheets 25 years. No code path deletes a package before `summary_until`, and
-- a year with archives cannot be deleted (the foreign key).
CREATE TABLE archive_keys (
    school_id TEXT PRIMARY KEY NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    public_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE archives (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id),
    period_id TEXT REFERENCES periods(id),
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users(id),
    journals_until DATE NOT NULL,
    summary_until DATE NOT NULL,
    files INTEGER NOT NULL,
    size_bytes BIGINT NOT NULL,
    manifest_sha256 TEXT NOT NULL
);
CREATE INDEX archives_school ON archives (school_id, created_at);
