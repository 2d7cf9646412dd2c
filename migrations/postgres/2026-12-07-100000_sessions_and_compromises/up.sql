-- Sessions (R-S6) and compromise reports (R-S5).
--
-- `user_sessions` has one row per sign-in: its id is the family of refresh tokens the sign-in
-- started (each refresh continues it), and access tokens carry it (`sid`), so ending a session
-- stops its access token at once too. The address and the browser (user agent) are recorded as
-- the sign-in came; `last_seen_at` moves at each refresh.
CREATE TABLE user_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    started_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    address TEXT,
    user_agent TEXT,
    ended_at TIMESTAMP,
    end_reason TEXT
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, started_at);

-- A report that an account's credentials leaked: what it did in the school since `suspected_since`
-- (up to the report) is listed from the audit log for review and revert.
CREATE TABLE compromises (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reported_by TEXT NOT NULL REFERENCES users(id),
    reported_at TIMESTAMP NOT NULL,
    suspected_since TIMESTAMP NOT NULL
);
CREATE INDEX compromises_school ON compromises (school_id, reported_at);
