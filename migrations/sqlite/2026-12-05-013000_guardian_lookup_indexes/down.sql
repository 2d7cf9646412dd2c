DROP INDEX student_guardians_guardian;
CREATE INDEX student_guardians_guardian ON student_guardians (school_id, guardian_id);
DROP INDEX guardians_school_user;
