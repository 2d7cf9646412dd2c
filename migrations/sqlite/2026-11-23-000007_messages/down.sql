DROP TABLE notification_outbox;
DROP TABLE notification_preferences;
DROP TABLE message_attachments;
DROP TABLE messages;
DROP TABLE thread_participants;
DROP TABLE message_threads;
