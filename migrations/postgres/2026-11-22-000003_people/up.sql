-- People (R-B5): a student's status and contacts, and the dated history of student movement
-- (admission, transfer, withdrawal). `students.class_id` is the current class (NULL once
-- withdrawn); `students.status` is kept in step with the history in the same transaction.

ALTER TABLE students ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'withdrawn'));
ALTER TABLE students ADD COLUMN phone TEXT;
ALTER TABLE students ADD COLUMN email TEXT;
CREATE INDEX students_status ON students (school_id, status);
CREATE INDEX guardians_school ON guardians (school_id);

CREATE TABLE student_movements (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('admission', 'transfer', 'withdrawal')),
    on_date DATE NOT NULL,
    from_class_id TEXT REFERENCES classes(id),
    to_class_id TEXT REFERENCES classes(id),
    reason TEXT,
    order_ref TEXT,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users(id)
);
CREATE INDEX student_movements_student ON student_movements (school_id, student_id, on_date);
