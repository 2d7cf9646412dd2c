#!/usr/bin/env bash
# The contract tells the truth: schemathesis, with every check, against the release binary on a
# fresh demo school, signed in as admin, teacher and parent in turn. Fails on any server error or
# any answer that disagrees with openapi/openapi.json, and prints the request that reproduces it.
#
#   e2e/schemathesis.sh [path/to/journal]        (make schemathesis)
#
# Then the OneRoster 1.2 services (R-E3) are run with the 1EdTech definitions themselves
# (openapi/oneroster/: every GET of rostering and gradebook but the assessment ones, which Journal
# does not serve) as an integration client registered by the demo admin; what those checks accept
# beyond their defaults: e2e/schemathesis-oneroster.toml. There is no stateful phase for them: the
# services are read only, and the definitions' own links are malformed (`$request.path.limit` for
# a query parameter), which schemathesis refuses. SCHEMATHESIS_ONEROSTER=0 skips them.
#
# Knobs (environment): SCHEMATHESIS_EXAMPLES (examples per operation, default 25;
# SCHEMATHESIS_ONEROSTER_EXAMPLES for the OneRoster runs, default 10),
# SCHEMATHESIS_SEED (default 20261204), SCHEMATHESIS_ROLES (default "admin teacher parent"),
# SCHEMATHESIS_WORKERS (default 1: hypothesis is not thread-safe on every Python),
# SCHEMATHESIS_ARGS (more `st run` options, e.g. `--include-path /api/v1/lessons`),
# SCHEMATHESIS_DATABASE_URL (an empty database to use instead of a temporary SQLite one, e.g.
# PostgreSQL). What the checks accept beyond their defaults, and why: e2e/schemathesis.toml.
#
# Not tested, because they would end the run's own session half-way through (everything else is):
#   POST /api/v1/auth/logout-all   ends every session of the caller;
#   POST /api/v1/auth/password     a changed password ends the caller's sessions;
#   POST /api/v1/me/compromise     a report of one's own leaked password ends them all too.
# The database is a throwaway copy of the demo school: schemathesis writes to it freely.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${1:-${JOURNAL_BIN:-target/release/journal}}
BIN=$(realpath "$BIN")
VENV=${SCHEMATHESIS_VENV:-.venv-schemathesis}
VERSION=4.32.5
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-25}
SEED=${SCHEMATHESIS_SEED:-20261204}
ROLES=${SCHEMATHESIS_ROLES:-admin teacher parent}
WORKERS=${SCHEMATHESIS_WORKERS:-1}
# Fewer for OneRoster: its client is held to 600 calls a minute, so those runs go at that pace.
ONEROSTER_EXAMPLES=${SCHEMATHESIS_ONEROSTER_EXAMPLES:-10}

if [ "$("$VENV/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$VERSION" ]; then
  echo "installing schemathesis $VERSION into $VENV"
  python3 -m venv "$VENV" || {
    echo "schemathesis needs Python 3 with venv (Debian: apt-get install python3-venv)" >&2
    exit 1
  }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/journal-schemathesis.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
export JOURNAL_DATA_DIR="$WORK" RUST_LOG=${RUST_LOG:-warn}
unset JOURNAL_SPA_DIR
# SQLite in $WORK, unless SCHEMATHESIS_DATABASE_URL names an empty database (e.g. PostgreSQL).
if [ -n "${SCHEMATHESIS_DATABASE_URL:-}" ]; then
  export DATABASE_URL=$SCHEMATHESIS_DATABASE_URL
else
  unset DATABASE_URL
fi
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" migrate >/dev/null
"$BIN" seed-demo >/dev/null
"$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do
  curl -fs "$BASE/api/v1/health" >/dev/null && break
  sleep 0.2
done
curl -fs "$BASE/api/v1/health" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

# Every role signs in before any run: fuzzing /auth/login may hold back this address afterwards.
declare -A TOKEN
for role in $ROLES; do
  TOKEN[$role]=$(curl -fs -H 'Content-Type: application/json' \
    -d "{\"login\":\"$role\",\"password\":\"journal-demo\"}" "$BASE/api/v1/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
done

status=0
for role in $ROLES; do
  echo "=================== schemathesis as $role ==================="
  started=$SECONDS
  "$VENV/bin/st" --config-file e2e/schemathesis.toml run "$BASE/api/v1/openapi.json" \
    --url "$BASE" \
    --checks all \
    --seed "$SEED" \
    --max-examples "$EXAMPLES" \
    --workers "$WORKERS" \
    --header "Authorization: Bearer ${TOKEN[$role]}" \
    --exclude-path /api/v1/auth/logout-all \
    --exclude-path /api/v1/auth/password \
    --exclude-path /api/v1/me/compromise \
    --request-timeout 30 \
    --generation-database none \
    --no-color \
    ${SCHEMATHESIS_ARGS:-} \
    || { status=1; echo "!!! schemathesis as $role FAILED (the requests above reproduce each failure)"; }
  echo "schemathesis as $role: $((SECONDS - started)) s"
done

# OneRoster: a client of the demo school with every read scope, a run per service. The client may
# make 600 calls a minute (R-A10): the runs keep under that.
if [ "${SCHEMATHESIS_ONEROSTER:-1}" = 1 ]; then
  ADMIN=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"login":"admin","password":"journal-demo"}' "$BASE/api/v1/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
  SCOPES='["https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
    "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly",
    "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly"]'
  for service in rostering gradebook; do
    # The gradebook definitions also hold the standard's writes (PUT and DELETE of categories,
    # line items, results and score scales; POST of a class's line items), which Journal, a
    # read-only provider, does not serve: `Allow` truthfully lists GET alone there, so the check
    # of `Allow` against the definitions' methods is off for that run (405 is still checked).
    case $service in
      rostering) DEFS=openapi/oneroster/onerosterv1p2rostersservice_openapi3_v1p0.json; EXTRA= ;;
      gradebook) DEFS=openapi/oneroster/onerosterv1p2gradebookservice_openapi3_v1p0.json
                 EXTRA="--exclude-checks allow_header_conformance" ;;
    esac
    CLIENT=$(curl -fs -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"schemathesis $service\",\"scopes\":$SCOPES}" \
      "$BASE/api/v1/integration-clients" |
      python3 -c 'import json, sys; b = json.load(sys.stdin); print(b["client"]["client_id"] + ":" + b["client_secret"])')
    CLIENT_TOKEN=$(curl -fs -u "$CLIENT" -d grant_type=client_credentials "$BASE/oauth/token" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
    echo "=================== schemathesis: OneRoster $service (1EdTech definitions) ==================="
    started=$SECONDS
    "$VENV/bin/st" --config-file e2e/schemathesis-oneroster.toml run "$DEFS" \
      --url "$BASE/ims/oneroster/$service/v1p2" \
      --checks all \
      --seed "$SEED" \
      --max-examples "$ONEROSTER_EXAMPLES" \
      --workers 1 \
      --rate-limit 500/m \
      --header "Authorization: Bearer $CLIENT_TOKEN" \
      --include-method GET \
      --exclude-path-regex '^/assessment' \
      --phases examples,coverage,fuzzing \
      $EXTRA \
      --request-timeout 30 \
      --generation-database none \
      --no-color \
      ${SCHEMATHESIS_ARGS:-} \
      || { status=1; echo "!!! schemathesis on OneRoster $service FAILED (the requests above reproduce each failure)"; }
    echo "schemathesis on OneRoster $service: $((SECONDS - started)) s"
  done
fi

if grep -q 'panicked' "$WORK/server.log"; then
  echo "the server panicked:" >&2
  grep -A3 'panicked' "$WORK/server.log" >&2
  status=1
fi
exit $status
