DROP TABLE login_throttle;
CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    login TEXT NOT NULL,
    address TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_login ON login_attempts (login, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);
