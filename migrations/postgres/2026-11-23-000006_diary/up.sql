-- The diary for guardians and students (R-D1–R-D7): a guardian's acknowledgement of a week's or a
-- period's marks (R-D2), and the register of guardians' personal-data consents and refusals (R-D5).

-- A guardian confirmed having seen a child's week (span_start is its Monday) or period.
CREATE TABLE acknowledgements (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    guardian_id TEXT NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('week', 'period')),
    span_start DATE NOT NULL,
    span_end DATE NOT NULL,
    period_id TEXT REFERENCES periods(id) ON DELETE CASCADE,
    acknowledged_at TIMESTAMP NOT NULL,
    UNIQUE (school_id, student_id, guardian_id, kind, span_start)
);
CREATE INDEX acknowledgements_span ON acknowledgements (school_id, span_start, student_id);

-- Consents and refusals, append-only: the newest row of a guardian is in force.
CREATE TABLE guardian_consents (
    id TEXT PRIMARY KEY NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    guardian_id TEXT NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('given', 'refused')),
    decided_on DATE NOT NULL,
    document TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX guardian_consents_guardian ON guardian_consents (school_id, guardian_id, recorded_at);
