#!/usr/bin/env bash
# Load test: gunicorn with DEBUG off on PostgreSQL, over loopback, measured with wrk.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_load benchmarks/load.sh
#
# The database must hold the archive (`make load` with the same DATABASE_URL). For each
# page the script runs `wrk -t2 -c32 -d30s --timeout 10s --latency` after a warm-up, and
# prints throughput, p99 latency and errors (socket errors and non-2xx/3xx answers) as
# a Markdown table. Settings for the run (docs/BENCHMARKS.md says why):
#   HTTPS=0             plain HTTP on loopback (no TLS redirect, no secure cookies)
#   API_ANON_RATE       the API's anonymous throttle, raised so wrk's one address is not
#                       answered 429 after 120 requests; the throttle is not under test
#   CONN_MAX_AGE=600    persistent database connections, as in production (gunicorn.conf.py)
# Override DURATION, CONNECTIONS, THREADS, WEB_CONCURRENCY or PATHS to vary the run.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${DATABASE_URL:-}" in postgres*) ;; *) echo "set DATABASE_URL=postgres://... (with the archive loaded)" >&2; exit 2;; esac
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PATHS=${PATHS:-"/ /ventures/ /flows/ /api/v1/ventures/"}
PORT=${PORT:-8765}
WORK=$(mktemp -d)
export DEBUG=0 HTTPS=0 CONN_MAX_AGE=${CONN_MAX_AGE:-600} LOG_LEVEL=${LOG_LEVEL:-WARNING}
export API_ANON_RATE=${API_ANON_RATE:-1000000/minute}
export SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
export STATIC_ROOT="$WORK/static" HOST=127.0.0.1 PORT

.venv/bin/python manage.py collectstatic --noinput --verbosity 0
setsid .venv/bin/gunicorn archive.wsgi --config gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
SERVER=$!
trap 'kill -- -$SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$base/readyz" && break
  sleep 0.5
done
curl -sf -o /dev/null "$base/readyz" || { cat "$WORK/gunicorn.log" >&2; exit 1; }

# Warm-up: every worker imports, compiles templates and connects once before measuring.
for path in $PATHS; do
  for _ in $(seq 1 20); do curl -sf -o /dev/null "$base$path"; done
done

echo "| page | requests/s | p99 latency | requests | errors |"
echo "| --- | ---: | ---: | ---: | ---: |"
for path in $PATHS; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$base$path" >"$WORK/wrk.txt"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$WORK/wrk.txt")
  socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$WORK/wrk.txt")
  echo "| \`$path\` | $rps | $p99 | $total | $(( ${non2xx:-0} + ${socket:-0} )) |"
  cp "$WORK/wrk.txt" "${WRK_OUTPUT_DIR:-$WORK}/wrk-$(echo "$path" | tr -c 'a-z0-9\n' '_').txt" 2>/dev/null || true
done
