-- Groups (R-B3): subgroups of one class, streams across classes of a year and individual-plan
-- students (a group of one); assignments and timetable lessons of a group (R-B4, R-T1); the
-- curriculum per grade and profile (R-B4).

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
-- stream's first class in Russian order. The old table UNIQUE over (…, class_id) would refuse the
-- same teacher for two subgroups of one class; it is replaced by two partial unique indexes.
ALTER TABLE teaching_assignments
    DROP CONSTRAINT teaching_assignments_school_id_year_id_teacher_id_subject_i_key;
ALTER TABLE teaching_assignments ADD COLUMN group_id TEXT REFERENCES groups(id);
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
