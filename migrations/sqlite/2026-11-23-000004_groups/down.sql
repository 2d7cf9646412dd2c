-- Outside diesel's transaction, like up.sql: the rebuilds need foreign keys off. Group assignments
-- (and their timetable lessons) go with the groups: the old UNIQUE could not hold them.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE curriculum_lines;

DELETE FROM lesson_changes WHERE entry_id IN (SELECT id FROM timetable_entries WHERE group_id IS NOT NULL);
DELETE FROM lesson_records WHERE entry_id IN (SELECT id FROM timetable_entries WHERE group_id IS NOT NULL);
DELETE FROM timetable_entries WHERE group_id IS NOT NULL;
DROP INDEX timetable_entries_group;
CREATE TABLE timetable_entries_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES teaching_assignments(id) ON DELETE CASCADE,
    class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    teacher_id TEXT NOT NULL REFERENCES users(id),
    room_id TEXT REFERENCES rooms(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 6),
    lesson_number INTEGER NOT NULL CHECK (lesson_number BETWEEN 0 AND 12),
    valid_from DATE NOT NULL,
    valid_to DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO timetable_entries_rebuilt
    SELECT id, school_id, assignment_id, class_id, teacher_id, room_id, weekday, lesson_number,
           valid_from, valid_to, created_at
    FROM timetable_entries;
DROP TABLE timetable_entries;
ALTER TABLE timetable_entries_rebuilt RENAME TO timetable_entries;
CREATE INDEX timetable_entries_class ON timetable_entries (school_id, class_id, weekday);
CREATE INDEX timetable_entries_teacher ON timetable_entries (school_id, teacher_id, weekday);

DELETE FROM plan_topics WHERE assignment_id IN (SELECT id FROM teaching_assignments WHERE group_id IS NOT NULL);
DELETE FROM teaching_assignments WHERE group_id IS NOT NULL;
CREATE TABLE teaching_assignments_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    teacher_id TEXT NOT NULL REFERENCES users(id),
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    hours_per_week INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (school_id, year_id, teacher_id, subject_id, class_id)
);
INSERT INTO teaching_assignments_rebuilt
    SELECT id, school_id, year_id, teacher_id, subject_id, class_id, hours_per_week, created_at
    FROM teaching_assignments;
DROP TABLE teaching_assignments;
ALTER TABLE teaching_assignments_rebuilt RENAME TO teaching_assignments;
CREATE INDEX teaching_assignments_teacher ON teaching_assignments (school_id, teacher_id);
CREATE INDEX teaching_assignments_class ON teaching_assignments (school_id, class_id);

DROP TABLE group_members;
DROP TABLE group_classes;
DROP TABLE groups;

CREATE TEMP TABLE groups_migration_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO groups_migration_fk_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE groups_migration_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
