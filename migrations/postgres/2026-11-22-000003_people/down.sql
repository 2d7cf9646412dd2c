DROP TABLE student_movements;
DROP INDEX guardians_school;
DROP INDEX students_status;
ALTER TABLE students DROP COLUMN email;
ALTER TABLE students DROP COLUMN phone;
ALTER TABLE students DROP COLUMN status;
