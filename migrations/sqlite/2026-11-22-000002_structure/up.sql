-- School structure (R-B2–R-B4) and the timetable (R-T1, R-T2): school years with periods per grade
-- range and holidays, bell schedules, rooms, classes per year with week mode, teaching assignments,
-- weekly timetable entries and lesson changes (substitution, cancellation, move).

CREATE TABLE school_years (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    -- 'open', or 'archived' after the rollover: read-only (R-B7).
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'archived')),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (school_id, name)
);

CREATE TABLE periods (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('quarter', 'trimester', 'half')),
    number INTEGER NOT NULL,
    grade_from INTEGER NOT NULL,
    grade_to INTEGER NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL
);
CREATE INDEX periods_year ON periods (school_id, year_id);

CREATE TABLE holidays (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    grade_from INTEGER NOT NULL,
    grade_to INTEGER NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL
);
CREATE INDEX holidays_year ON holidays (school_id, year_id);

CREATE TABLE bell_schedules (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (school_id, name)
);

-- Times as 'HH:MM' text: the same on both backends.
CREATE TABLE bells (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    schedule_id TEXT NOT NULL REFERENCES bell_schedules(id) ON DELETE CASCADE,
    lesson_number INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    PRIMARY KEY (schedule_id, lesson_number)
);

CREATE TABLE rooms (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    capacity INTEGER,
    UNIQUE (school_id, name)
);

ALTER TABLE classes ADD COLUMN year_id TEXT REFERENCES school_years(id);
ALTER TABLE classes ADD COLUMN week_days INTEGER NOT NULL DEFAULT 5;
ALTER TABLE classes ADD COLUMN bell_schedule_id TEXT REFERENCES bell_schedules(id);
CREATE UNIQUE INDEX classes_name_in_year ON classes (school_id, year_id, grade, letter);

CREATE TABLE teaching_assignments (
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
CREATE INDEX teaching_assignments_teacher ON teaching_assignments (school_id, teacher_id);
CREATE INDEX teaching_assignments_class ON teaching_assignments (school_id, class_id);

-- Weekly template: weekday 1 (Monday) … 6 (Saturday).
CREATE TABLE timetable_entries (
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
CREATE INDEX timetable_entries_class ON timetable_entries (school_id, class_id, weekday);
CREATE INDEX timetable_entries_teacher ON timetable_entries (school_id, teacher_id, weekday);

-- A change to one dated lesson (R-T2): 'substitution' (another teacher, maybe another subject),
-- 'cancellation', or 'move' (to another date and lesson number).
CREATE TABLE lesson_changes (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('substitution', 'cancellation', 'move')),
    substitute_id TEXT REFERENCES users(id),
    subject_id TEXT REFERENCES subjects(id),
    room_id TEXT REFERENCES rooms(id),
    moved_to_date DATE,
    moved_to_lesson INTEGER,
    reason TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (entry_id, lesson_date)
);
CREATE INDEX lesson_changes_date ON lesson_changes (school_id, lesson_date);
CREATE INDEX lesson_changes_substitute ON lesson_changes (school_id, substitute_id);

-- What was written for one dated lesson (R-J1, kept minimal here; the journal grows it): written by
-- the lesson's teacher or, for a covered lesson, by the substitute (R-T2).
CREATE TABLE lesson_records (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE NOT NULL,
    conducted BOOLEAN NOT NULL,
    topic TEXT,
    homework TEXT,
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, lesson_date)
);

-- Control works planned by the deputy (R-T3); a school setting caps them per class per day.
ALTER TABLE schools ADD COLUMN max_control_works_per_day INTEGER NOT NULL DEFAULT 1;
CREATE TABLE control_works (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    work_date DATE NOT NULL,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX control_works_class ON control_works (school_id, class_id, work_date);

-- The lesson plan (КТП) of a teaching assignment: ordered topics with hours (R-T4).
CREATE TABLE plan_topics (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES teaching_assignments(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    hours INTEGER NOT NULL,
    UNIQUE (assignment_id, position)
);
