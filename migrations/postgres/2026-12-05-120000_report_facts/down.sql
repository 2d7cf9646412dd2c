DROP INDEX finals_school_period;
DROP INDEX lesson_records_school_day;
DROP INDEX attendance_school_day;
DROP INDEX marks_school_day;
DROP TABLE attendance_checks;
ALTER TABLE lesson_records DROP COLUMN homework_entered_at;
ALTER TABLE lesson_records DROP COLUMN topic_entered_at;
ALTER TABLE marks DROP COLUMN entered_at;
