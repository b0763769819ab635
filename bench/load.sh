#!/usr/bin/env bash
# The load benchmark (`make load-bench`): gunicorn with production settings and 3 workers, and the Locust
# scenario of bench/locustfile.py (the scale personas on the review queue, registers, My access, ethics
# list and SIRO dashboard) against it; prints one JSON object (bench/load_summary.py) on standard output.
# It exits non-zero on a crash, a failed sign-in or a failed request, never on a missed budget.
#
# DATABASE_URL must be a PostgreSQL database holding the scale estate (`seed_scale`; use a copy kept for
# benchmarks): for the run the personas get a random password, put back as it was at the end, and each
# sign-in leaves a session and an audit event. REDIS_URL is used when set, as in production.
# Knobs (environment): LOAD_USERS (60), LOAD_RATE (3 pages a second per user at most, so 180 offered),
# LOAD_SECONDS measured (60) after LOAD_WARMUP (10), LOAD_SPAWN_RATE (10 users a second), LOAD_WORKERS (3),
# LOAD_OUTPUT (a file to write the JSON to as well).
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *)
    echo "load-bench: set DATABASE_URL to a PostgreSQL database holding the scale estate" >&2
    exit 2
    ;;
esac

users="${LOAD_USERS:-60}"
if [ "$users" -lt 20 ]; then
  # Locust shares users among the personas by their pages' weights: fewer leave the SIRO without one.
  echo "load-bench: LOAD_USERS must be at least 20, so that every persona has a user; lower LOAD_RATE instead" >&2
  exit 2
fi
seconds="${LOAD_SECONDS:-60}"
export LOAD_SECONDS="$seconds" LOAD_RATE="${LOAD_RATE:-3}"

# Production settings, over plain HTTP on the loopback (as behind a proxy that ends TLS), and no second
# factor: the scale personas have none.
export DEBUG=false MFA_REQUIRED=false SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING
export ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY="$($py -c 'import secrets; print(secrets.token_urlsafe(50))')"
export LOAD_PASSWORD="$($py -c 'import secrets; print(secrets.token_urlsafe(24))')"

work="$(mktemp -d)"
export LOAD_META="$work/meta.json"
server=""
personas_set=""

personas() {  # set: give the personas LOAD_PASSWORD, keeping their hashes; restore: put the hashes back
  $py - "$1" "$work/passwords.json" <<'PY'
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
django.setup()
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.load_scenario import personas  # noqa: E402
from governance.models import User  # noqa: E402

action, saved = sys.argv[1:]
with transaction.atomic():
    # update(): no history row and no audit event, since nothing a person did changed
    if action == "set":
        names = list(personas())
        hashes = dict(User.objects.filter(username__in=names).values_list("username", "password"))
        missing = sorted(set(names) - set(hashes))
        if missing:
            sys.exit(f"load-bench: no {', '.join(missing)} in this database: build it with seed_scale")
        with open(saved, "w") as file:
            json.dump(hashes, file)
        User.objects.filter(username__in=names).update(password=make_password(os.environ["LOAD_PASSWORD"]))
    else:
        with open(saved) as file:
            for username, password in json.load(file).items():
                User.objects.filter(username=username).update(password=password)
PY
}

cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" && wait "$server" || true
  fi
  if [ -n "$personas_set" ]; then
    personas restore || echo "load-bench: could not put the personas' passwords back" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Production settings serve hashed files from the manifest; collecting takes a minute or two, so only when
# a source is newer than the manifest.
manifest=staticfiles/staticfiles.json
if [ ! -s "$manifest" ] || [ -n "$(find static node_modules/govuk-frontend/dist pyproject.toml -newer "$manifest" \
  -print -quit 2>/dev/null)" ]; then
  echo "load-bench: collecting static files" >&2
  $py manage.py collectstatic --noinput -v 0
fi
personas set
personas_set=1

port="$($py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
echo "load-bench: gunicorn with ${LOAD_WORKERS:-3} workers on $url" >&2
.venv/bin/gunicorn governance.wsgi --bind "127.0.0.1:$port" --workers "${LOAD_WORKERS:-3}" \
  --access-logfile "$work/access.log" --error-logfile "$work/gunicorn.log" > "$work/server.log" 2>&1 &
server=$!

for _ in $(seq 120); do
  if $py -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/healthz", timeout=2)' "$url" \
    2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "load-bench: gunicorn stopped:" >&2
    cat "$work/gunicorn.log" "$work/server.log" >&2
    exit 1
  fi
  sleep 0.5
done

echo "load-bench: $users users signing in, then measuring for $seconds s" >&2
status=0
.venv/bin/locust -f bench/locustfile.py --headless --users "$users" --spawn-rate "${LOAD_SPAWN_RATE:-10}" \
  --run-time "$((seconds + ${LOAD_WARMUP:-10} + 600))s" --host "$url" --json-file "$work/stats" --only-summary --loglevel WARNING \
  > "$work/locust.log" 2>&1 || status=$?
kill -TERM "$server" && wait "$server" || true
server=""

if [ ! -s "$work/stats.json" ] || [ ! -s "$work/meta.json" ]; then
  echo "load-bench: Locust gave no figures (exit $status):" >&2
  tail -n 40 "$work/locust.log" >&2
  exit 1
fi
summary_status=0
$py bench/load_summary.py "$work/stats.json" "$work/meta.json" > "$work/summary.json" || summary_status=$?
cat "$work/summary.json"
if [ -n "${LOAD_OUTPUT:-}" ]; then
  cp "$work/summary.json" "$LOAD_OUTPUT"
fi
if [ "$status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then
  echo "load-bench: the run failed (Locust exit $status): a request or sign-in failed, or a page was never" \
    "asked for; Locust's log, then the server's:" >&2
  tail -n 40 "$work/locust.log" >&2
  tail -n 20 "$work/server.log" >&2
  exit 1
fi
