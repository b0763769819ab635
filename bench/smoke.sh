#!/usr/bin/env bash
# The benchmark on the small estate, as CI runs it (`make bench-smoke`, part of `make test`): it fails on a
# crash or a malformed result, never on timing. It builds the estate in its own database beside the
# DATABASE_URL one (named <database>_bench, dropped and made again), so the test databases are untouched.
# Fewer requests, a smaller sweep and a shorter pack than the full run keep it to about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *)
    if [ -n "${CI:-}" ]; then
      echo "bench-smoke: the benchmark needs PostgreSQL; set DATABASE_URL" >&2
      exit 1
    fi
    echo "bench-smoke: skipped (no PostgreSQL DATABASE_URL; the benchmark runs on PostgreSQL only)"
    exit 0
    ;;
esac

bench_url="${DATABASE_URL%%\?*}_bench"
$py - "$bench_url" <<'PY'
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

name = urlsplit(sys.argv[1]).path.lstrip("/")
server = urlsplit(sys.argv[1])._replace(path="/postgres").geturl()
with psycopg.connect(server, autocommit=True) as connection:
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
PY

export DATABASE_URL="$bench_url"
export SECRET_KEY="${SECRET_KEY:-$($py -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-testserver}" SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING
output="$(mktemp --suffix=.json)"
trap 'rm -f "$output"' EXIT

$py manage.py migrate --noinput -v 0
$py manage.py collectstatic --noinput -v 0   # production settings serve hashed static files from a manifest
$py manage.py seed_scale --size small
$py manage.py bench --requests 5 --sweep-records "${BENCH_SWEEP_RECORDS:-2000}" --pack-pages 20 --pack-runs 1 \
  --output "$output" > /dev/null
$py - "$output" <<'PY'
import json
import sys

run = json.load(open(sys.argv[1]))["run"]
print(
    f"bench-smoke: well formed; {run['budgets_met']} budgets met, {run['budgets_missed']} missed "
    f"(timing is reported by `make bench`, not enforced here); {run['seconds']} s"
)
PY
