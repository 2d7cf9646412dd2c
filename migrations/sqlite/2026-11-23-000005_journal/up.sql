-- The class journal (R-J1–R-J7), finals and locking (R-F1–R-F6), history (R-P4): mark scales per
-- subject and grade, the school's work types with weights, what is written per lesson (work types,
-- homework with due date and files), marks, attendance, finals (append-only: a debt liquidation is a
-- new row), page versions for optimistic concurrency, and the close/reopen history of each page
-- (a teaching assignment × a period).

-- School settings: rounding thresholds of the forecast, the fewest marks for a period mark, the
-- automatic lock N days after a period ends (NULL: none), the size limit of a homework file.
ALTER TABLE schools ADD COLUMN forecast_three DOUBLE PRECISION NOT NULL DEFAULT 2.5;
ALTER TABLE schools ADD COLUMN forecast_four DOUBLE PRECISION NOT NULL DEFAULT 3.5;
ALTER TABLE schools ADD COLUMN forecast_five DOUBLE PRECISION NOT NULL DEFAULT 4.5;
ALTER TABLE schools ADD COLUMN min_marks_per_period INTEGER NOT NULL DEFAULT 3;
ALTER TABLE schools ADD COLUMN auto_lock_days INTEGER;
ALTER TABLE schools ADD COLUMN homework_file_limit INTEGER NOT NULL DEFAULT 5242880;

-- A subject's scale in one grade; without a row: no marks in grade 1, five-point otherwise.
CREATE TABLE subject_scales (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    scale TEXT NOT NULL CHECK (scale IN ('five_point', 'pass_fail', 'mastery', 'no_marks')),
    PRIMARY KEY (subject_id, grade)
);

CREATE TABLE work_types (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    weight_tenths INTEGER NOT NULL CHECK (weight_tenths BETWEEN 1 AND 100),
    position INTEGER NOT NULL,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (school_id, code)
);
INSERT INTO work_types (school_id, code, name, weight_tenths, position, archived)
SELECT s.id, v.column1, v.column2, v.column3, v.column4, FALSE
FROM schools s CROSS JOIN (VALUES
    ('oral', 'Устный ответ', 10, 1),
    ('independent', 'Самостоятельная работа', 15, 2),
    ('control', 'Контрольная работа', 20, 3),
    ('written', 'Письменная работа, сочинение', 15, 4),
    ('dictation', 'Диктант', 15, 5),
    ('test', 'Тест', 10, 6),
    ('lab', 'Лабораторная работа', 15, 7),
    ('practical', 'Практическая работа', 15, 8),
    ('homework', 'Домашняя работа', 10, 9),
    ('project', 'Проект', 15, 10)
) AS v;

-- What a lesson did: work types (comma-separated codes), the plan topic it followed, homework due
-- date and a note to the homework.
ALTER TABLE lesson_records ADD COLUMN plan_topic_id TEXT REFERENCES plan_topics(id) ON DELETE SET NULL;
ALTER TABLE lesson_records ADD COLUMN work_types TEXT NOT NULL DEFAULT '';
ALTER TABLE lesson_records ADD COLUMN homework_due DATE;
ALTER TABLE lesson_records ADD COLUMN homework_note TEXT;

CREATE TABLE homework_files (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX homework_files_lesson ON homework_files (entry_id, lesson_date);

-- A mark counts for the lesson (entry, scheduled date) it belongs to; `given_on` is when it was
-- given: the lesson's date, or later for a make-up of a missed topic (R-J4).
CREATE TABLE marks (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE NOT NULL,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    work_type TEXT NOT NULL,
    value TEXT NOT NULL,
    comment TEXT,
    given_on DATE NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (entry_id, lesson_date, student_id, work_type)
);
CREATE INDEX marks_student ON marks (school_id, student_id, lesson_date);

CREATE TABLE attendance (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE NOT NULL,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('absent', 'late')),
    reason TEXT CHECK (reason IS NULL OR reason IN ('illness', 'excused', 'unexcused')),
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, lesson_date, student_id)
);
CREATE INDEX attendance_student ON attendance (school_id, student_id, lesson_date);

-- Finals are never overwritten: a new row supersedes the previous one of the same student ×
-- subject × year × kind × period, so a liquidated debt keeps the earlier final (R-F4).
CREATE TABLE finals (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('period', 'year', 'exam', 'final')),
    period_id TEXT REFERENCES periods(id) ON DELETE CASCADE,
    value TEXT,
    deferred_until DATE,
    liquidation BOOLEAN NOT NULL DEFAULT FALSE,
    set_on DATE NOT NULL,
    comment TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'period') = (period_id IS NOT NULL)),
    CHECK (value IS NOT NULL OR deferred_until IS NOT NULL)
);
CREATE INDEX finals_student ON finals (school_id, student_id, subject_id, year_id);

-- A journal page is a teaching assignment × a period; its version is the ETag (R-J7).
CREATE TABLE journal_pages (
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES teaching_assignments(id) ON DELETE CASCADE,
    period_id TEXT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (assignment_id, period_id)
);

-- Closes and reopens of a page, oldest first (R-F2).
CREATE TABLE page_locks (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES teaching_assignments(id) ON DELETE CASCADE,
    period_id TEXT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('close', 'reopen')),
    until DATE,
    reason TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX page_locks_page ON page_locks (assignment_id, period_id, created_at);
