#!/usr/bin/env bash
# EXPLAIN ANALYZE of the hot reads (bench/explain.sql) on a PostgreSQL database seeded by
# `journal seed-region`, for a 7th-grade student of the largest school: every plan should name an
# index whose leading columns are the school and then the narrowing key.
# Usage: bench/explain.sh postgres://postgres@127.0.0.1:5432/DATABASE
set -euo pipefail
url="${1:?usage: bench/explain.sh DATABASE_URL}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
q() { psql -X -At "$url" -c "$1"; }
school="$(q "select school_id from students group by school_id order by count(*) desc limit 1")"
IFS='|' read -r student class <<<"$(q "select s.id, c.id from students s join classes c on c.id = s.class_id where c.school_id = '$school' and c.grade = 7 order by s.id limit 1")"
assignment="$(q "select id from teaching_assignments where class_id = '$class' and group_id is null order by id limit 1")"
psql -X "$url" -v school="$school" -v student="$student" -v class="$class" -v assignment="$assignment" \
  -f "$here/explain.sql"
