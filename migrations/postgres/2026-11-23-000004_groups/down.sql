DROP TABLE curriculum_lines;
DROP INDEX timetable_entries_group;
ALTER TABLE timetable_entries DROP COLUMN group_id;
DROP INDEX teaching_assignments_group;
DROP INDEX teaching_assignments_of_group;
DROP INDEX teaching_assignments_whole_class;
-- Group assignments (and their timetable lessons) go with the groups: the old UNIQUE could not
-- hold them.
DELETE FROM teaching_assignments WHERE group_id IS NOT NULL;
ALTER TABLE teaching_assignments DROP COLUMN group_id;
ALTER TABLE teaching_assignments ADD CONSTRAINT
    teaching_assignments_school_id_year_id_teacher_id_subject_i_key
    UNIQUE (school_id, year_id, teacher_id, subject_id, class_id);
DROP TABLE group_members;
DROP TABLE group_classes;
DROP TABLE groups;
