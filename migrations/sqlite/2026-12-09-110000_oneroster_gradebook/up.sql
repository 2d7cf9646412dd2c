-- OneRoster 1.2 gradebook (R-E3): the graded work of each scheduled class (teaching assignment) and
-- its results, one row each, counted and paged by the database. A school's marks are hundreds of
-- thousands a year. The mapping is documented in docs/integrations.md.

-- Line items: each lesson with marks (its sourcedId the timetable entry's and the date), and each
-- final a class's students get — one per period of the class's grades and one for the year.
CREATE VIEW or_line_items AS
SELECT r.school_id, r.entry_id || '.' || CAST(r.lesson_date AS TEXT) AS sourced_id,
       te.assignment_id AS class_id, 'lesson' AS kind, r.lesson_date AS item_date,
       r.updated_at AS date_last_modified, r.topic AS description, r.work_types,
       sub.name AS subject, CAST(NULL AS TEXT) AS period_id, CAST(NULL AS TEXT) AS period_kind,
       CAST(NULL AS INTEGER) AS period_number, ta.year_id
  FROM lesson_records r
  JOIN timetable_entries te ON te.id = r.entry_id
  JOIN teaching_assignments ta ON ta.id = te.assignment_id
  JOIN subjects sub ON sub.id = ta.subject_id
 WHERE EXISTS (SELECT 1 FROM marks m WHERE m.entry_id = r.entry_id AND m.lesson_date = r.lesson_date)
UNION ALL
SELECT ta.school_id, ta.id || '.' || p.id, ta.id, 'period', p.ends_on, ta.created_at,
       CAST(NULL AS TEXT), '', sub.name, p.id, p.kind, p.number, ta.year_id
  FROM teaching_assignments ta
  JOIN classes c ON c.id = ta.class_id
  JOIN subjects sub ON sub.id = ta.subject_id
  JOIN periods p ON p.year_id = ta.year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
UNION ALL
SELECT ta.school_id, ta.id || '.year', ta.id, 'year', y.ends_on, ta.created_at,
       CAST(NULL AS TEXT), '', sub.name, CAST(NULL AS TEXT), CAST(NULL AS TEXT),
       CAST(NULL AS INTEGER), ta.year_id
  FROM teaching_assignments ta
  JOIN subjects sub ON sub.id = ta.subject_id
  JOIN school_years y ON y.id = ta.year_id;

-- Results: each mark (its lesson's line item) and each period or year final with a value (its
-- line item in the student's scheduled class of the subject: the class's, or their group's; one
-- class when several would do, so each final is one result).
CREATE VIEW or_results AS
SELECT m.school_id, m.id AS sourced_id,
       m.entry_id || '.' || CAST(m.lesson_date AS TEXT) AS line_item_id,
       te.assignment_id AS class_id, m.student_id, m.value, m.given_on AS score_date,
       m.updated_at AS date_last_modified, m.comment, m.work_type AS category
  FROM marks m
  JOIN timetable_entries te ON te.id = m.entry_id
UNION ALL
SELECT x.school_id, x.id, x.class_id || '.' || COALESCE(x.period_id, 'year'), x.class_id,
       x.student_id, x.value, x.set_on, x.created_at, x.comment, 'final'
  FROM (SELECT f.school_id, f.id, f.period_id, f.student_id, f.value, f.set_on, f.created_at,
               f.comment,
               (SELECT MIN(ta.id) FROM teaching_assignments ta
                 WHERE ta.class_id = s.class_id AND ta.subject_id = f.subject_id
                   AND ta.year_id = f.year_id
                   AND (ta.group_id IS NULL
                        OR EXISTS (SELECT 1 FROM group_members gm
                                    WHERE gm.group_id = ta.group_id
                                      AND gm.student_id = f.student_id))) AS class_id
          FROM finals f
          JOIN students s ON s.id = f.student_id
         WHERE f.value IS NOT NULL
           AND (f.kind = 'year' OR (f.kind = 'period' AND f.period_id IS NOT NULL))) x
 WHERE x.class_id IS NOT NULL;
