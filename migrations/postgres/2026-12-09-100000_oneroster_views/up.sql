-- OneRoster 1.2 (R-E3): the school's people, classes and enrollments as the standard sees them, one
-- row each, so that a list is counted, ordered and paged by the database (a school's users are
-- thousands, its enrollments tens of thousands) and a request reads only its page. The mapping is
-- documented in docs/integrations.md.

-- Users: students (their record's id), guardians (theirs) and staff (their account's id). `kind` is
-- `student`, `guardian`, `teacher` (staff who teach) or `staff`; `account_id` the account when there
-- is one; `grade` a student's class's grade; `status` a student's as stored (`active`,
-- `withdrawn`), `active` for the others (journal_domain::oneroster::record_status tells it).
CREATE VIEW or_users AS
SELECT s.school_id, s.id AS sourced_id, 'student' AS kind,
       s.status,
       s.created_at AS date_last_modified, u.login AS username, s.first_name AS given_name,
       s.last_name AS family_name, s.middle_name, s.email, s.phone, s.user_id AS account_id,
       CAST(c.grade AS TEXT) AS grade
  FROM students s
  LEFT JOIN users u ON u.id = s.user_id
  LEFT JOIN classes c ON c.id = s.class_id
UNION ALL
SELECT g.school_id, g.id, 'guardian', 'active', g.created_at, u.login, g.first_name, g.last_name,
       g.middle_name, g.email, g.phone, g.user_id, CAST(NULL AS TEXT)
  FROM guardians g
  LEFT JOIN users u ON u.id = g.user_id
UNION ALL
SELECT r.school_id, u.id,
       CASE WHEN EXISTS (SELECT 1 FROM user_roles t
                          WHERE t.school_id = r.school_id AND t.user_id = u.id AND t.role = 'teacher')
            THEN 'teacher' ELSE 'staff' END,
       'active', u.created_at, u.login, u.first_name, u.last_name, u.middle_name,
       CAST(NULL AS TEXT), CAST(NULL AS TEXT), u.id, CAST(NULL AS TEXT)
  FROM (SELECT DISTINCT school_id, user_id FROM user_roles
         WHERE role IN ('director', 'deputy', 'admin', 'secretary', 'teacher')) r
  JOIN users u ON u.id = r.user_id;

-- Classes: each homeroom class (7А) and each teaching assignment as the scheduled class of its
-- subject in its class or group. `course_id` is the subject (none for a homeroom class);
-- `homeroom_id` the class the scheduled one is taught in.
CREATE VIEW or_classes AS
SELECT c.school_id, c.id AS sourced_id, 'homeroom' AS class_type,
       c.created_at AS date_last_modified,
       CAST(c.grade AS TEXT) || c.letter AS title,
       CAST(c.grade AS TEXT) || c.letter AS class_code,
       c.year_id, CAST(NULL AS TEXT) AS course_id, CAST(c.grade AS TEXT) AS grade,
       CAST(NULL AS TEXT) AS subject, c.id AS homeroom_id, CAST(NULL AS TEXT) AS group_id
  FROM classes c
UNION ALL
SELECT ta.school_id, ta.id, 'scheduled', ta.created_at,
       sub.name || ', ' || CAST(c.grade AS TEXT) || c.letter || COALESCE(' (' || g.name || ')', ''),
       sub.short_name || '-' || CAST(c.grade AS TEXT) || c.letter,
       ta.year_id, ta.subject_id, CAST(c.grade AS TEXT), sub.name, c.id, ta.group_id
  FROM teaching_assignments ta
  JOIN subjects sub ON sub.id = ta.subject_id
  JOIN classes c ON c.id = ta.class_id
  LEFT JOIN groups g ON g.id = ta.group_id;

-- Enrollments: a homeroom class's students and its class teacher; a scheduled class's teacher and
-- its students (the whole class, or its group's members with their dates). The sourcedId is the
-- class's and the person's (or the group membership's) ids joined by a dot: stable, and unique.
CREATE VIEW or_enrollments AS
SELECT s.school_id, c.id || '.' || s.id AS sourced_id, c.id AS class_id, s.id AS user_id,
       'student' AS role, 'false' AS is_primary, c.created_at AS date_last_modified,
       CAST(NULL AS DATE) AS begin_date, CAST(NULL AS DATE) AS end_date
  FROM students s
  JOIN classes c ON c.id = s.class_id
 WHERE s.status = 'active'
UNION ALL
SELECT c.school_id, c.id || '.' || c.class_teacher_id, c.id, c.class_teacher_id, 'teacher', 'true',
       c.created_at, CAST(NULL AS DATE), CAST(NULL AS DATE)
  FROM classes c
 WHERE c.class_teacher_id IS NOT NULL
UNION ALL
SELECT ta.school_id, ta.id || '.' || ta.teacher_id, ta.id, ta.teacher_id, 'teacher', 'true',
       ta.created_at, CAST(NULL AS DATE), CAST(NULL AS DATE)
  FROM teaching_assignments ta
UNION ALL
SELECT ta.school_id, ta.id || '.' || s.id, ta.id, s.id, 'student', 'false', ta.created_at,
       CAST(NULL AS DATE), CAST(NULL AS DATE)
  FROM teaching_assignments ta
  JOIN students s ON s.class_id = ta.class_id AND s.status = 'active'
 WHERE ta.group_id IS NULL
UNION ALL
SELECT ta.school_id, ta.id || '.' || gm.id, ta.id, gm.student_id, 'student', 'false',
       ta.created_at, gm.from_date, gm.to_date
  FROM teaching_assignments ta
  JOIN group_members gm ON gm.group_id = ta.group_id;
