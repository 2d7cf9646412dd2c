DROP VIEW or_enrollments;
DROP VIEW or_classes;
DROP VIEW or_users;
