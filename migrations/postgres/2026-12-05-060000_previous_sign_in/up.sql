-- The sign-in before the current one, which a person sees as «Последний вход» (issue 12): the
-- current one is last_login_at, which the admin's list of accounts shows.
ALTER TABLE users ADD COLUMN previous_login_at TIMESTAMP;
