-- Sign-in throttling (R-S4) by counters read and moved in one transaction (compare-and-swap on
-- version), so parallel attempts cannot all read the same count. Keys: 'login:<login>' and
-- 'address:<address>'. The attempt log it replaces is kept in the audit log (auth.login_failed).
DROP TABLE login_attempts;
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL,
    since TIMESTAMP NOT NULL,
    last_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
