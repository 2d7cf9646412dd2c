-- The hot reads of the diary, the period results and the journal page as the server sends them
-- (id lists as bound lists), with the keys a request gives (school first). Run by bench/explain.sh
-- against a seeded region; psql variables: school, student, class, assignment.
\set from '''2026-11-16'''
\set to '''2026-11-22'''
\set qfrom '''2026-11-05'''
\set qto '''2026-12-28'''
SELECT string_agg(quote_literal(group_id), ',') AS groups FROM group_classes WHERE class_id = :'class' \gset
SELECT string_agg(quote_literal(id), ',') AS entries FROM timetable_entries WHERE class_id = :'class' \gset
SELECT string_agg(quote_literal(id), ',') AS page_entries FROM timetable_entries WHERE assignment_id = :'assignment' \gset
SELECT year_id AS year FROM classes WHERE id = :'class' \gset
\echo '-- diary: the class''s entries in the week'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM timetable_entries WHERE school_id = :'school' AND valid_from <= :to AND valid_to >= :from AND (class_id = :'class' OR group_id IN (:groups));
\echo '-- diary and page: changes of the listed entries in the span'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM lesson_changes WHERE school_id = :'school' AND entry_id IN (:entries) AND (lesson_date BETWEEN :from AND :to OR moved_to_date BETWEEN :from AND :to);
\echo '-- diary and page: records of the listed entries'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM lesson_records WHERE entry_id IN (:entries) AND lesson_date BETWEEN :from AND :to;
\echo '-- diary and results: the student''s marks'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM marks WHERE school_id = :'school' AND student_id = :'student' AND lesson_date BETWEEN :qfrom AND :qto ORDER BY lesson_date, updated_at;
\echo '-- diary and results: the student''s absences'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM attendance WHERE school_id = :'school' AND student_id = :'student' AND lesson_date BETWEEN :qfrom AND :qto;
\echo '-- results: the student''s finals of the year'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM finals WHERE school_id = :'school' AND student_id IN (:'student') AND year_id = :'year' ORDER BY created_at, id;
\echo '-- page: the assignment''s entries'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM timetable_entries WHERE school_id = :'school' AND assignment_id = :'assignment';
\echo '-- page: marks of the page''s lessons in the quarter'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM marks WHERE entry_id IN (:page_entries) AND lesson_date BETWEEN :qfrom AND :qto ORDER BY lesson_date, updated_at;
\echo '-- page: absences of the page''s lessons in the quarter'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM attendance WHERE entry_id IN (:page_entries) AND lesson_date BETWEEN :qfrom AND :qto;
