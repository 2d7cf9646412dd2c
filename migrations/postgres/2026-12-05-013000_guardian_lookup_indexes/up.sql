-- A guardian's own records and children, read on every diary request (issue 10): by school and
-- account, and by school and guardian with the child in the index, so that SQLite, which plans
-- without statistics, takes these indexes rather than one on the school alone (which reads every
-- guardian or link of the school).
CREATE INDEX guardians_school_user ON guardians (school_id, user_id);
DROP INDEX student_guardians_guardian;
CREATE INDEX student_guardians_guardian ON student_guardians (school_id, guardian_id, student_id);
