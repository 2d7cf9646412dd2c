-- Inspection remarks ("Проверка журнала", R-R2): the deputy or the director records a remark on a
-- journal page (a teaching assignment in a period), or on one lesson of it, with a due date; the
-- page's teacher answers and marks it done; the deputy or the director confirms it or returns it.
-- `status` is one of `journal_domain::remarks::RemarkStatus`; `answer` the teacher's latest answer.
CREATE TABLE journal_remarks (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES teaching_assignments(id) ON DELETE CASCADE,
    period_id TEXT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    entry_id TEXT REFERENCES timetable_entries(id) ON DELETE CASCADE,
    lesson_date DATE,
    text TEXT NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'returned', 'confirmed')),
    answer TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((entry_id IS NULL) = (lesson_date IS NULL))
);
-- The remarks of a page (and of a teacher's pages, through the assignments), and the school's
-- remarks by state.
CREATE INDEX journal_remarks_page ON journal_remarks (school_id, assignment_id, period_id);
CREATE INDEX journal_remarks_status ON journal_remarks (school_id, status);

-- The history of a remark, oldest first: `created` (its text), `done` (the answer), `confirmed`,
-- `returned` (the comment).
CREATE TABLE journal_remark_events (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    remark_id TEXT NOT NULL REFERENCES journal_remarks(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'done', 'confirmed', 'returned')),
    text TEXT,
    actor_id TEXT NOT NULL REFERENCES users(id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX journal_remark_events_remark ON journal_remark_events (school_id, remark_id, at);
