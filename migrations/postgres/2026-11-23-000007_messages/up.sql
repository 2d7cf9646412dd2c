-- Messages, class announcements (R-D3) and e-mail notifications (R-D4).
--
-- A thread has participants (the people who may read it and, for a direct thread, write to it);
-- a class announcement is a thread of kind 'announcement' whose families only read. `search`
-- columns hold the subject and body folded to lower case (ё as е) by the program, so `q=` matches
-- the same way on both backends. Unread counts come from each participant's `last_read_at`.

CREATE TABLE message_threads (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'announcement')),
    subject TEXT NOT NULL,
    search TEXT NOT NULL,
    class_id TEXT REFERENCES classes(id) ON DELETE SET NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    last_message_at TIMESTAMP NOT NULL
);
CREATE INDEX message_threads_school_class ON message_threads (school_id, class_id, last_message_at);

CREATE TABLE thread_participants (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    thread_id TEXT NOT NULL REFERENCES message_threads(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- May this participant post (false for families in an announcement).
    may_post BOOLEAN NOT NULL,
    last_read_at TIMESTAMP,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_participants_user ON thread_participants (school_id, user_id, thread_id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    thread_id TEXT NOT NULL REFERENCES message_threads(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    search TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX messages_school_thread ON messages (school_id, thread_id, created_at);

CREATE TABLE message_attachments (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX message_attachments_school_message ON message_attachments (school_id, message_id);

-- What a guardian (or any account) wants by e-mail; no row: everything, immediately.
CREATE TABLE notification_preferences (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    marks BOOLEAN NOT NULL,
    absences BOOLEAN NOT NULL,
    announcements BOOLEAN NOT NULL,
    -- 'immediate': one letter per event; 'digest': one letter a day.
    delivery TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (school_id, user_id)
);

-- The outbox: written in the transaction of the change that causes it, sent by the worker.
-- status: 'pending' (to send), 'held' (waits for the digest), 'digested' (went into a digest),
-- 'sent', 'failed' (gave up after the last attempt). A worker claims a pending row by setting
-- `lease_token`/`lease_until` in one UPDATE; `attempts` counts claims.
CREATE TABLE notification_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mark', 'absence', 'announcement', 'digest')),
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'digested', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_token TEXT,
    lease_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX notification_outbox_school ON notification_outbox (school_id, status, created_at);
-- The worker looks for due rows across every school: the one index not led by school_id.
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
