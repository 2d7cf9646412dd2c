-- Groups (R-B3): subgroups of one class, streams across classes of a year and individual-plan
-- students (a group of one); assignments and timetable lessons of a group (R-B4, R-T1); the
-- curriculum per grade and profile (R-B4).
--
-- Runs OUTSIDE diesel's migration transaction (metadata.toml) and opens its own. The table UNIQUE
-- of `teaching_assignments` over (school, year, teacher, subject, class) refuses the same teacher
-- for two subgroups of one class, and SQLite cannot drop a table constraint: the table is rebuilt
-- by SQLite's documented procedure (lang_altertable.html, "other kinds of table schema changes").
-- With foreign keys on, DROP TABLE would first delete every row and cascade into timetable
-- entries, lesson changes and records and lesson plans; with them off (only possible outside a
-- transaction) it does not, and the rows of the child tables keep pointing at the same ids in the
-- rebuilt table. Before COMMIT the foreign keys of the whole database are checked: any violation
-- aborts the migration (the temporary CHECK fails) and nothing is changed. `journal_db` turns the
-- foreign keys back on and rolls back a left-open transaction when a migration fails.

PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- kind: 'subgroup' (part of one class), 'stream' (two or more classes of the year taught
-- together), 'individual' (one student on an individual plan). Groups of the same `division`
-- (e.g. «Английский язык») are parallel: a student is in at most one of them at a time, so their
-- lessons may run at the same time.
CREATE TABLE groups (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('subgroup', 'stream', 'individual')),
    division TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (school_id, year_id, name)
);

-- The classes a group draws its students from: one for a subgroup or an individual plan, two or
-- more of the same year for a stream.
CREATE TABLE group_classes (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, class_id)
);
CREATE INDEX group_classes_class ON group_classes (school_id, class_id);

-- Dated membership: a student belongs to the group from `from_date` to `to_date` (inclusive; NULL:
-- still a member), so the lists of a lesson follow its date.
CREATE TABLE group_members (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    from_date DATE NOT NULL,
    to_date DATE,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX group_members_group ON group_members (school_id, group_id);
CREATE INDEX group_members_student ON group_members (school_id, student_id);

-- An assignment to a group keeps `class_id` (NOT NULL since 000002): the group's class, or a
-- stream's first class in Russian order. The table UNIQUE over (…, class_id) is replaced by two
-- partial unique indexes.
CREATE TABLE teaching_assignments_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    teacher_id TEXT NOT NULL REFERENCES users(id),
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    hours_per_week INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    group_id TEXT REFERENCES groups(id)
);
INSERT INTO teaching_assignments_rebuilt
    (id, school_id, year_id, teacher_id, subject_id, class_id, hours_per_week, created_at)
    SELECT id, school_id, year_id, teacher_id, subject_id, class_id, hours_per_week, created_at
    FROM teaching_assignments;
DROP TABLE teaching_assignments;
ALTER TABLE teaching_assignments_rebuilt RENAME TO teaching_assignments;
CREATE INDEX teaching_assignments_teacher ON teaching_assignments (school_id, teacher_id);
CREATE INDEX teaching_assignments_class ON teaching_assignments (school_id, class_id);
CREATE UNIQUE INDEX teaching_assignments_whole_class
    ON teaching_assignments (school_id, year_id, teacher_id, subject_id, class_id)
    WHERE group_id IS NULL;
CREATE UNIQUE INDEX teaching_assignments_of_group
    ON teaching_assignments (school_id, year_id, teacher_id, subject_id, group_id)
    WHERE group_id IS NOT NULL;
CREATE INDEX teaching_assignments_group ON teaching_assignments (school_id, group_id);

-- A timetable entry of a group assignment carries the group (its `class_id` as the assignment's).
ALTER TABLE timetable_entries ADD COLUMN group_id TEXT REFERENCES groups(id);
CREATE INDEX timetable_entries_group ON timetable_entries (school_id, group_id);

-- The curriculum (учебный план): hours per week of a subject in a grade, per profile ('' is the
-- general curriculum).
CREATE TABLE curriculum_lines (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    profile TEXT NOT NULL DEFAULT '',
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    hours_per_week INTEGER NOT NULL CHECK (hours_per_week BETWEEN 0 AND 40),
    UNIQUE (school_id, year_id, grade, profile, subject_id)
);

-- Every reference still holds, or nothing is committed.
CREATE TEMP TABLE groups_migration_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO groups_migration_fk_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE groups_migration_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
