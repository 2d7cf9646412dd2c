DROP TABLE compromises;
DROP TABLE user_sessions;
