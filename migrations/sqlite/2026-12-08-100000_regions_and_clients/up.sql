-- Region accounts (R-A9): who reads the aggregated figures and exports of a region's schools.
-- `personal_exports` is the separate permission for exports that name people, each download of
-- which is audited in the school it names.
CREATE TABLE region_members (
    region_id TEXT NOT NULL REFERENCES regions(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    personal_exports BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (region_id, user_id)
);
CREATE INDEX region_members_user ON region_members (user_id);

-- Integration clients (R-A10): machines reading a school's data with the OAuth 2.0
-- client-credentials grant. The id is the `client_id`; the secret is kept as an argon2 hash only;
-- `scopes` are space-separated URIs. Tokens issued before `secret_set_at` (a rotation) no longer
-- work, nor any once `revoked_at` is set.
CREATE TABLE integration_clients (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    secret_set_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX integration_clients_school ON integration_clients (school_id, created_at);
