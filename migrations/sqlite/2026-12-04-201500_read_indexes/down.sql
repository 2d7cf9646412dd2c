DROP INDEX acknowledgements_student;
DROP INDEX lesson_changes_moved;
DROP INDEX lesson_changes_entry;
DROP INDEX timetable_entries_assignment;
