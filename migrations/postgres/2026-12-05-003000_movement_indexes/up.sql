-- A class's movements in and out, for the students of a journal page during its period (issue 10):
-- each side through its own index, not a read of every movement of the school.
CREATE INDEX student_movements_from_class ON student_movements (school_id, from_class_id);
CREATE INDEX student_movements_to_class ON student_movements (school_id, to_class_id);
