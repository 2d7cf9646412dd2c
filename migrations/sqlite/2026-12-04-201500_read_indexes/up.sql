-- Indexes behind the hot reads (issue 10): a journal page's and a student's subjects' entries by
-- assignment, the changes of the listed entries' lessons and those moved into a span, a student's
-- acknowledgements.
CREATE INDEX timetable_entries_assignment ON timetable_entries (school_id, assignment_id);
CREATE INDEX lesson_changes_entry ON lesson_changes (entry_id, lesson_date);
CREATE INDEX lesson_changes_moved ON lesson_changes (school_id, moved_to_date);
CREATE INDEX acknowledgements_student ON acknowledgements (school_id, student_id, span_start);
