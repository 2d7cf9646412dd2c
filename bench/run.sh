#!/usr/bin/env bash
# make bench: the release `journal` binary under load on SQLite and on PostgreSQL, beside pgbench on
# the same PostgreSQL in the same run. Writes the table to docs/benchmarks.md (BENCH_OUT) and prints
# it. Expects the release binary (make build) and wrk, pgbench, psql (make bench-tools).
#
# The knobs (environment) and what each scenario does are in docs/benchmarks.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

BENCH_DATA="${BENCH_DATA:-demo}"
BENCH_BACKENDS="${BENCH_BACKENDS:-sqlite postgres}"
BENCH_SCENARIOS="${BENCH_SCENARIOS:-diary results page save signin spa reports}"
BENCH_REPORT_REPEAT="${BENCH_REPORT_REPEAT:-5}"
BENCH_DURATION="${BENCH_DURATION:-20}"
BENCH_WARMUP="${BENCH_WARMUP:-3}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-16}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_SAVE_CONNECTIONS="${BENCH_SAVE_CONNECTIONS:-8}"
BENCH_SAVE_PAGES="${BENCH_SAVE_PAGES:-16}"
BENCH_PROBE_CONNECTIONS="${BENCH_PROBE_CONNECTIONS:-2}"
BENCH_GUARDIANS="${BENCH_GUARDIANS:-500}"
BENCH_TEACHERS="${BENCH_TEACHERS:-200}"
BENCH_DEMO_GUARDIANS="${BENCH_DEMO_GUARDIANS:-0}"
BENCH_SEED="${BENCH_SEED:-2026}"
BENCH_SCHOOLS="${BENCH_SCHOOLS:-100}"
BENCH_MIN_STUDENTS="${BENCH_MIN_STUDENTS:-300}"
BENCH_MAX_STUDENTS="${BENCH_MAX_STUDENTS:-2000}"
BENCH_SQLITE_SCHOOLS="${BENCH_SQLITE_SCHOOLS:-1}"
BENCH_SQLITE_STUDENTS="${BENCH_SQLITE_STUDENTS:-2000}"
BENCH_CACHE_DAYS="${BENCH_CACHE_DAYS:-7}"
BENCH_RESEED="${BENCH_RESEED:-0}"
BENCH_PG_URL="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
BENCH_WORK="${BENCH_WORK:-$target_dir/bench}"
BENCH_OUT="${BENCH_OUT:-$root/docs/benchmarks.md}"
PGBENCH_DURATION="${PGBENCH_DURATION:-30}"
PGBENCH_SCALE="${PGBENCH_SCALE:-16}"
PGBENCH_DB="${PGBENCH_DB:-journal_bench_pgbench}"
JOURNAL_BIN="${JOURNAL_BIN:-$target_dir/release/journal}"
export BENCH_LUA_DIR="$here/lua"

py() { python3 "$here/bench.py" "$@"; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------------
# Processes we start are remembered and ended on exit, whatever the exit.

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget() {
  local keep=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  pids=("${keep[@]+"${keep[@]}"}")
}

# Runs a command in the background and waits for it: bash runs a trap only between commands, and
# `wait` is one it can leave at once, so an interrupt ends the run without waiting for a load.
run() {
  "$@" &
  local pid=$! status=0
  pids+=("$pid")
  wait "$pid" || status=$?
  forget "$pid"
  return "$status"
}

# ------------------------------------------------------------------------------------------------
# Checks

[ -x "$JOURNAL_BIN" ] || die "$JOURNAL_BIN not found: run make build (make bench does)"
for tool in wrk psql pgbench python3 curl; do
  command -v "$tool" >/dev/null || die "$tool not found: run make bench-tools (make bench does)"
done
psql -X -At "$BENCH_PG_URL/postgres" -c 'select 1' >/dev/null 2>&1 \
  || die "PostgreSQL at $BENCH_PG_URL does not answer (BENCH_PG_URL); pgbench and the PostgreSQL backend need it"
case "$BENCH_DATA" in
  demo) ;;
  region)
    if ! "$JOURNAL_BIN" seed-region --help >/dev/null 2>&1; then
      die "BENCH_DATA=region needs \`journal seed-region\`, which this binary ($JOURNAL_BIN) does not have yet. Use BENCH_DATA=demo, or build a journal with seed-region."
    fi ;;
  *) die "BENCH_DATA must be demo or region, not '$BENCH_DATA'" ;;
esac
for s in $BENCH_SCENARIOS; do
  case "$s" in diary|results|page|save|signin|spa|reports) ;; *) die "BENCH_SCENARIOS: unknown scenario $s" ;; esac
done
for s in $BENCH_BACKENDS; do
  case "$s" in sqlite|postgres) ;; *) die "BENCH_BACKENDS: unknown backend $s" ;; esac
done
[ "$BENCH_SAVE_CONNECTIONS" -lt "$BENCH_CONNECTIONS" ] \
  || die "BENCH_SAVE_CONNECTIONS ($BENCH_SAVE_CONNECTIONS) must be below BENCH_CONNECTIONS ($BENCH_CONNECTIONS): the rest read"

pg_sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$BENCH_PG_URL/$1" -c "$2"; }

run_dir="$BENCH_WORK/run"
rm -rf "$run_dir"
mkdir -p "$run_dir" "$BENCH_WORK/cache"
log "work directory $BENCH_WORK (data set cache in cache/, this run in run/)"

# ------------------------------------------------------------------------------------------------
# The data set: seeded once per set of parameters into a template (cached), copied for each run so
# every run starts from the same data.

password="${BENCH_PASSWORD:-journal-demo}"

# Echoes the seed command's arguments for a backend.
seed_args() {
  case "$BENCH_DATA" in
    demo) echo "seed-demo" ;;
    region)
      if [ "$1" = sqlite ]; then
        echo "seed-region --schools $BENCH_SQLITE_SCHOOLS --min-students $BENCH_SQLITE_STUDENTS --max-students $BENCH_SQLITE_STUDENTS --seed $BENCH_SEED --password $password"
      else
        echo "seed-region --schools $BENCH_SCHOOLS --min-students $BENCH_MIN_STUDENTS --max-students $BENCH_MAX_STUDENTS --seed $BENCH_SEED --password $password"
      fi ;;
  esac
}

# A short key of everything the template depends on: backend, seed command, guardian accounts of
# the demo, and the migrations.
migrations_hash() {
  find "$root/migrations/$1" -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-8
}

cache_key() {
  printf '%s|%s|%s|%s' "$1" "$(seed_args "$1")" "$BENCH_DEMO_GUARDIANS" "$(migrations_hash "$1")" \
    | sha256sum | cut -c1-10
}

# Drops cached data sets that can no longer be used (seeded under other migrations) or are older
# than BENCH_CACHE_DAYS: region templates are large.
prune_cache() {
  local dir name backend
  for dir in "$BENCH_WORK"/cache/*; do
    [ -d "$dir" ] || continue
    name="${dir##*/}"
    backend="${name%%-*}"
    [ -d "$root/migrations/$backend" ] || continue
    if [ -f "$dir/ready" ] && [ "$(cat "$dir/migrations" 2>/dev/null)" = "$(migrations_hash "$backend")" ] \
       && [ -z "$(find "$dir/ready" -mtime "+$BENCH_CACHE_DAYS")" ]; then
      continue
    fi
    log "dropping the cached data set $name (stale)"
    if [ "$backend" = postgres ]; then
      name="${name#postgres-}"
      pg_sql postgres "drop database if exists \"journal_bench_tpl_${name%-*}_${name##*-}\""
    fi
    rm -rf "$dir"
  done
}

# Starts `journal serve` on a free port with the data directory $1 and DATABASE_URL $2; sets
# server_pid and server_url. Extra environment may be given as further arguments (VAR=value).
start_server() {
  local data_dir="$1" url="$2" port
  shift 2
  port="$(py free-port)"
  env JOURNAL_DATA_DIR="$data_dir" DATABASE_URL="$url" "$@" \
    "$JOURNAL_BIN" serve --bind "127.0.0.1:$port" >>"$data_dir/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  server_url="http://127.0.0.1:$port"
  py wait "$server_url" --seconds 120 || { tail -20 "$data_dir/server.log" >&2; die "the server did not start"; }
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  forget "$server_pid"
  server_pid=""
}

# Seeds the template of a backend unless a fresh one is cached. Sets tpl_dir, tpl_url.
ensure_template() {
  local backend="$1" key
  key="$(cache_key "$backend")"
  tpl_dir="$BENCH_WORK/cache/$backend-$BENCH_DATA-$key"
  if [ "$backend" = sqlite ]; then
    tpl_url="sqlite://$tpl_dir/journal.db"
  else
    tpl_url="$BENCH_PG_URL/journal_bench_tpl_${BENCH_DATA}_$key"
  fi
  if [ -f "$tpl_dir/ready" ] && [ "$BENCH_RESEED" != 1 ] \
     && [ -z "$(find "$tpl_dir/ready" -mtime "+$BENCH_CACHE_DAYS")" ] \
     && { [ "$backend" = sqlite ] || [ "$(pg_sql postgres "select count(*) from pg_database where datname = 'journal_bench_tpl_${BENCH_DATA}_$key'")" = 1 ]; }; then
    log "$backend: reusing the $BENCH_DATA data set seeded $(cat "$tpl_dir/ready") ($tpl_dir)"
    return
  fi
  log "$backend: seeding the $BENCH_DATA data set: journal $(seed_args "$backend")"
  rm -rf "$tpl_dir"
  mkdir -p "$tpl_dir"
  if [ "$backend" = postgres ]; then
    pg_sql postgres "drop database if exists journal_bench_tpl_${BENCH_DATA}_$key"
    pg_sql postgres "create database journal_bench_tpl_${BENCH_DATA}_$key"
  fi
  local started=$SECONDS
  # shellcheck disable=SC2046 # the seed arguments are words
  JOURNAL_DATA_DIR="$tpl_dir" DATABASE_URL="$tpl_url" run "$JOURNAL_BIN" $(seed_args "$backend") \
    >"$tpl_dir/seed.out" 2>"$tpl_dir/seed.log" \
    || { tail -20 "$tpl_dir/seed.log" >&2; die "$backend: seeding failed (log: $tpl_dir/seed.log)"; }
  log "$backend: seeded in $((SECONDS - started)) s"
  if [ "$BENCH_DATA" = demo ]; then
    # Only the demo's `parent` guardian has an account: give guardians theirs, through the API.
    start_server "$tpl_dir" "$tpl_url"
    run py demo-accounts --url "$server_url" --db "$(db_spec "$tpl_url")" --password "$password" \
      --limit "$BENCH_DEMO_GUARDIANS" --seed "$BENCH_SEED" --accounts "$tpl_dir/accounts.tsv"
    stop_server
  fi
  if [ "$backend" = sqlite ]; then
    sqlite3 "$tpl_dir/journal.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  fi
  migrations_hash "$backend" >"$tpl_dir/migrations"
  date -u +%Y-%m-%dT%H:%MZ >"$tpl_dir/ready"
}

# The database as bench.py names it.
db_spec() {
  case "$1" in
    sqlite://*) echo "sqlite:${1#sqlite://}" ;;
    *) echo "$1" ;;
  esac
}

# Copies the template into this run's database. Sets data_dir, db_url.
fresh_copy() {
  local backend="$1"
  data_dir="$run_dir/$backend"
  mkdir -p "$data_dir"
  cp "$tpl_dir/audit.key" "$data_dir/audit.key"
  cp "$tpl_dir/seed.out" "$data_dir/seed.out"
  if [ "$backend" = sqlite ]; then
    cp "$tpl_dir/journal.db" "$data_dir/journal.db"
    db_url="sqlite://$data_dir/journal.db"
  else
    pg_sql postgres "drop database if exists journal_bench_run"
    pg_sql postgres "create database journal_bench_run template \"${tpl_url##*/}\""
    db_url="$BENCH_PG_URL/journal_bench_run"
  fi
}

# ------------------------------------------------------------------------------------------------
# Load

# run_wrk NAME SCRIPT CONNECTIONS THREADS SECONDS: wrk against the server; result in $bdir/NAME.json.
run_wrk() {
  local name="$1" script="$2" connections="$3" threads="$4" seconds="$5"
  BENCH_CALLERS="$bdir/callers.lua" BENCH_RESULT="$bdir/$name.json" \
    run wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s --latency \
    -s "$here/lua/$script" "$server_url" >"$bdir/$name.wrk.txt" 2>&1 \
    || { cat "$bdir/$name.wrk.txt" >&2; die "wrk $name failed"; }
}

warm_up() {
  [ "$BENCH_WARMUP" -gt 0 ] || return 0
  run_wrk "warmup-$1" "$2" "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_WARMUP"
}

# CPU used, to read the rates by: the server's, that of the PostgreSQL backends serving it, that of
# the load generators (wrk and the helpers: this shell's waited-for children, from `times`), and
# the whole machine's busy time; what is left is other work on the machine.
# cpu_now VAR: the figures now, as a JSON line into VAR (`times` must run in this shell).
cpu_now() {
  times >"$run_dir/times.txt"
  printf -v "$1" '%s' "$(py cpu-now --pid "${server_pid:-$$}" --times "$run_dir/times.txt" \
    --pg-db "$( [ "${backend:-}" = postgres ] && [ -n "${server_pid:-}" ] && echo journal_bench_run )")"
}

# cpu_record "BEFORE" NAME...: cores busy since BEFORE (a cpu_now line), into NAME.cpu.json.
cpu_record() {
  local before="$1" after name
  shift
  cpu_now after
  for name in "$@"; do
    py cpu-diff "$before" "$after" >"$bdir/$name.cpu.json"
  done
}

record_size() {
  py dbsize "$(db_spec "$db_url")" >"$bdir/$1.size.json"
}

# Signs the callers in (again when their 15-minute tokens grow old).
prepare_callers() {
  if [ -f "$bdir/callers.json" ] && [ "$(( $(date +%s) - $(stat -c %Y "$bdir/callers.lua") ))" -lt 600 ]; then
    return
  fi
  local guardians="$BENCH_GUARDIANS"
  [ "$BENCH_DATA" = demo ] && guardians=0 # every guardian with an account
  run py prepare --url "$server_url" --db "$(db_spec "$db_url")" --password "$password" \
    --out "$bdir/callers.lua" --meta "$bdir/callers.json" --guardians "$guardians" \
    --teachers "$BENCH_TEACHERS" --save-pages "$BENCH_SAVE_PAGES" --seed "$BENCH_SEED" \
    --accounts "$tpl_dir/accounts.tsv"
}

scenario() {
  local name="$1" script="$2"
  prepare_callers
  log "$backend: $name"
  warm_up "$name" "$script"
  local before
  cpu_now before
  run_wrk "$name" "$script" "$BENCH_CONNECTIONS" "$BENCH_THREADS" "$BENCH_DURATION"
  cpu_record "$before" "$name"
  record_size "$name"
}

# (d) saves with reads going on: writers one connection per wrk thread, readers beside them.
scenario_save() {
  prepare_callers
  log "$backend: save (with reads)"
  local readers=$((BENCH_CONNECTIONS - BENCH_SAVE_CONNECTIONS)) reads_pid before
  cpu_now before
  [ "$backend" = postgres ] && pg_sql journal_bench_run "select pg_current_wal_lsn()" >"$bdir/save.wal-start"
  BENCH_CALLERS="$bdir/callers.lua" BENCH_RESULT="$bdir/save-reads.json" \
    wrk -t 1 -c "$readers" -d "${BENCH_DURATION}s" --timeout 10s --latency \
    -s "$here/lua/page.lua" "$server_url" >"$bdir/save-reads.wrk.txt" 2>&1 &
  reads_pid=$!
  pids+=("$reads_pid")
  run_wrk save save.lua "$BENCH_SAVE_CONNECTIONS" "$BENCH_SAVE_CONNECTIONS" "$BENCH_DURATION"
  wait "$reads_pid" || die "wrk save-reads failed"
  forget "$reads_pid"
  cpu_record "$before" save save-reads
  if [ "$backend" = postgres ]; then
    pg_sql journal_bench_run "select pg_wal_lsn_diff(pg_current_wal_lsn(), '$(cat "$bdir/save.wal-start")')" \
      >"$bdir/save.wal-bytes"
  fi
  record_size save
  py verify-saves --url "$server_url" --meta "$bdir/callers.json" --result "$bdir/save.json" \
    --out "$bdir/verify.json"
}

# (e) sign-in storms: from one address (a school's staff behind its NAT), then from an address per
# account (families at home) with diary readers beside it, whose latency is also taken without any
# storm. One connection per wrk thread, so login.lua can time each sign-in.
scenario_signin() {
  prepare_callers
  log "$backend: diary reads without a storm ($BENCH_PROBE_CONNECTIONS connections)"
  local probe_seconds=$(( BENCH_DURATION > 8 ? BENCH_DURATION - 4 : BENCH_DURATION )) before storm_pid
  cpu_now before
  run_wrk probe-alone diary.lua "$BENCH_PROBE_CONNECTIONS" 1 "$probe_seconds"
  cpu_record "$before" probe-alone
  log "$backend: sign-in storm from one address"
  cpu_now before
  run_wrk login-one login.lua "$BENCH_CONNECTIONS" "$BENCH_CONNECTIONS" "$BENCH_DURATION"
  cpu_record "$before" login-one
  record_size login-one
  prepare_callers
  log "$backend: sign-in storm from an address per account, diary reads during it"
  cpu_now before
  BENCH_FORWARDED=1 BENCH_CALLERS="$bdir/callers.lua" BENCH_RESULT="$bdir/login-many.json" \
    wrk -t "$BENCH_CONNECTIONS" -c "$BENCH_CONNECTIONS" -d "${BENCH_DURATION}s" --timeout 10s --latency \
    -s "$here/lua/login.lua" "$server_url" >"$bdir/login-many.wrk.txt" 2>&1 &
  storm_pid=$!
  pids+=("$storm_pid")
  sleep 2
  run_wrk probe-storm diary.lua "$BENCH_PROBE_CONNECTIONS" 1 "$probe_seconds"
  wait "$storm_pid" || die "wrk login-many failed"
  forget "$storm_pid"
  cpu_record "$before" login-many probe-storm
  record_size login-many
}

# (a) again, for the smallest and for the largest schools of a region, below saturation: the p50s
# side by side show whether a read costs more in a bigger school.
scenario_sizes() {
  local name set before
  for set in small large; do
    python3 -c 'import json, sys; sys.exit(0 if sys.argv[2] in json.load(open(sys.argv[1])).get("sizes", {}) else 1)' \
      "$bdir/callers.json" "$set" || return 0
    name="diary-$set"
    log "$backend: $name ($BENCH_PROBE_CONNECTIONS connections)"
    export BENCH_DIARY_SET="diary_$set"
    warm_up "$name" diary.lua
    cpu_now before
    run_wrk "$name" diary.lua "$BENCH_PROBE_CONNECTIONS" 1 "$BENCH_DURATION"
    cpu_record "$before" "$name"
    unset BENCH_DIARY_SET
  done
}

# (g) the control reports of the largest school, as its deputy, one request at a time.
scenario_reports() {
  log "$backend: control reports"
  run py reports --url "$server_url" --db "$(db_spec "$db_url")" --password "$password" \
    --repeat "$BENCH_REPORT_REPEAT" --out "$bdir/reports.json"
}

# (f) the SPA's bytes.
scenario_spa() {
  log "$backend: SPA first and repeat load"
  py spa --url "$server_url" --out "$bdir/spa.json"
}

bench_backend() {
  backend="$1"
  ensure_template "$backend"
  fresh_copy "$backend"
  bdir="$data_dir"
  py dbsize "$(db_spec "$db_url")" >"$bdir/seeded.size"
  # Behind a proxy (trusting X-Forwarded-For) only so the second sign-in storm can come from
  # many addresses; no other request carries the header, so theirs is the peer's, as without.
  start_server "$data_dir" "$db_url" JOURNAL_BEHIND_PROXY=true \
    ${BENCH_LOGIN_ADDRESS_LIMIT:+JOURNAL_LOGIN_ADDRESS_LIMIT=$BENCH_LOGIN_ADDRESS_LIMIT}
  log "$backend: journal serving at $server_url"
  local s
  for s in $BENCH_SCENARIOS; do
    case "$s" in
      diary)
        scenario diary diary.lua
        scenario_sizes ;;
      results|page) scenario "$s" "$s.lua" ;;
      save) scenario_save ;;
      signin) scenario_signin ;;
      spa) scenario_spa ;;
      reports) scenario_reports ;;
    esac
  done
  stop_server
}

# ------------------------------------------------------------------------------------------------
# pgbench: select-only and TPC-B on a database of its own, same PostgreSQL, same clients.

pgbench_init() {
  local have
  have="$(pg_sql postgres "select count(*) from pg_database where datname = '$PGBENCH_DB'")"
  if [ "$have" = 1 ] && [ "$(pg_sql "$PGBENCH_DB" "select count(*) from pgbench_branches" 2>/dev/null || true)" = "$PGBENCH_SCALE" ]; then
    log "pgbench: reusing $PGBENCH_DB (scale $PGBENCH_SCALE)"
  else
    log "pgbench: initialising $PGBENCH_DB at scale $PGBENCH_SCALE"
    pg_sql postgres "drop database if exists $PGBENCH_DB"
    pg_sql postgres "create database $PGBENCH_DB"
    run pgbench -i -q -s "$PGBENCH_SCALE" "$BENCH_PG_URL/$PGBENCH_DB" >"$run_dir/pgbench-init.txt" 2>&1 \
      || { cat "$run_dir/pgbench-init.txt" >&2; die "pgbench -i failed"; }
  fi
}

pgbench_run() {
  local when="$1" kind flags=()
  for kind in select tpcb; do
    [ "$kind" = select ] && flags=(-S) || flags=()
    log "pgbench $kind ($when of the run)"
    local before after
    cpu_now before
    run pgbench "${flags[@]}" -c "$BENCH_CONNECTIONS" -j "$BENCH_THREADS" -T "$PGBENCH_DURATION" \
      -l --sampling-rate=0.1 --log-prefix="$run_dir/pgbench-$when-$kind.log" \
      "$BENCH_PG_URL/$PGBENCH_DB" >"$run_dir/pgbench-$when-$kind.txt" 2>&1 \
      || { cat "$run_dir/pgbench-$when-$kind.txt" >&2; die "pgbench failed"; }
    cpu_now after
    py pgbench --output "$run_dir/pgbench-$when-$kind.txt" --log-prefix "$run_dir/pgbench-$when-$kind.log" \
      --clients "$BENCH_CONNECTIONS" --duration "$PGBENCH_DURATION" --out "$run_dir/pgbench-$when-$kind.json" \
      --busy "$before" "$after"
  done
}

# ------------------------------------------------------------------------------------------------
# The run

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$root" diff --quiet HEAD -- crates migrations frontend bench Cargo.lock 2>/dev/null || commit="$commit (with uncommitted changes)"
python3 - "$run_dir/machine.json" <<EOF
import json, sys
json.dump({
  "date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
  "commit": "$commit",
  "journal": "$("$JOURNAL_BIN" --version)",
  "cpu": "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)",
  "nproc": $(nproc),
  "memory": "$(free -h | awk '/^Mem:/ { print $2 }')",
  "postgres": "$(pg_sql postgres 'show server_version')",
  "loadavg": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "kernel": "$(uname -sr)",
  "libsqlite3_sys": "$(awk '/^name = "libsqlite3-sys"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")",
}, open(sys.argv[1], "w"))
EOF

prune_cache
pgbench_init
pgbench_run start
sizes=()
for backend in $BENCH_BACKENDS; do
  bench_backend "$backend"
  sizes+=("\"$backend\": $(cat "$run_dir/$backend/seeded.size")")
done
pgbench_run end

params="\"seed command\": \"journal seed-demo (the demo school), guardian accounts opened through the API ($( [ "$BENCH_DEMO_GUARDIANS" = 0 ] && echo all with consent || echo "$BENCH_DEMO_GUARDIANS"))\""
if [ "$BENCH_DATA" = region ]; then
  params="\"PostgreSQL seed\": \"journal $(seed_args postgres)\", \"SQLite seed\": \"journal $(seed_args sqlite)\""
fi
cat >"$run_dir/dataset.json" <<EOF
{
  "data": "$BENCH_DATA",
  "parameters": { $params },
  "backends": [$(printf '"%s",' $BENCH_BACKENDS | sed 's/,$//')],
  "sizes": { $(IFS=,; echo "${sizes[*]}") },
  "connections": $BENCH_CONNECTIONS,
  "threads": $BENCH_THREADS,
  "save_connections": $BENCH_SAVE_CONNECTIONS,
  "probe_connections": $BENCH_PROBE_CONNECTIONS,
  "duration": $BENCH_DURATION,
  "warmup": $BENCH_WARMUP,
  "pgbench_duration": $PGBENCH_DURATION,
  "pgbench_scale": $PGBENCH_SCALE,
  "pgbench_size": $(pg_sql "$PGBENCH_DB" 'select pg_database_size(current_database())')
}
EOF

python3 - "$run_dir/machine.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["loadavg_end"] = " ".join(open("/proc/loadavg").read().split()[:3])
json.dump(m, open(sys.argv[1], "w"))
PY
py report --run "$run_dir" --template "$here/report.md" --out "$BENCH_OUT"
log "done: $BENCH_OUT (raw results in $run_dir)"
