DROP TABLE archives;
DROP TABLE archive_keys;
