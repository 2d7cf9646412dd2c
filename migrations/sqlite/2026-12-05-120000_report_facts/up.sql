-- The facts the journal-keeping control (R-R1, R-J5) counts, written with each entry at the same
-- instant as its audit entry: when a mark was first entered (an edit keeps it), when a lesson's topic
-- and homework were first written, and whether attendance was taken at a lesson (an absence or lateness
-- recorded, or «все присутствуют» confirmed). Existing rows take their last change as their entry.
ALTER TABLE marks ADD COLUMN entered_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE marks SET entered_at = updated_at;
ALTER TABLE lesson_records ADD COLUMN topic_entered_at TIMESTAMP;
ALTER TABLE lesson_records ADD COLUMN homework_entered_at TIMESTAMP;
UPDATE lesson_records SET topic_entered_at = updated_at WHERE topic IS NOT NULL;
UPDATE lesson_records SET homework_entered_at = updated_at WHERE homework IS NOT NULL;
CREATE TABLE attendance_checks (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE NOT NULL,
    checked_by TEXT NOT NULL REFERENCES users(id),
    checked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, lesson_date)
);
INSERT INTO attendance_checks (school_id, entry_id, lesson_date, checked_by, checked_at)
    SELECT school_id, entry_id, lesson_date, MIN(updated_by), MIN(updated_at)
    FROM attendance GROUP BY school_id, entry_id, lesson_date;
-- Reports read a school's journal by day.
CREATE INDEX marks_school_day ON marks (school_id, lesson_date);
CREATE INDEX attendance_school_day ON attendance (school_id, lesson_date);
CREATE INDEX lesson_records_school_day ON lesson_records (school_id, lesson_date);
CREATE INDEX attendance_checks_school_day ON attendance_checks (school_id, lesson_date);
CREATE INDEX finals_school_period ON finals (school_id, year_id, kind, period_id);
