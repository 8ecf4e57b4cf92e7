#!/usr/bin/env bash
# Production mode on this machine, the way a deployment runs it (docs/deployment.md):
# gunicorn with several web workers, several task workers claiming tasks from PostgreSQL,
# and the scheduled jobs, all with the same settings. Ctrl-C (or TERM) stops them all.
#
#   make serve                                  # http://127.0.0.1:8000, 3 web + 2 task workers
#   SERVE_ADDR=127.0.0.1:8108 WEB_CONCURRENCY=4 TASK_WORKERS=3 make serve
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

SERVE_ADDR=${SERVE_ADDR:-127.0.0.1:8000}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-3}
TASK_WORKERS=${TASK_WORKERS:-2}
SCHEDULE_SECONDS=${SCHEDULE_SECONDS:-3600}
SERVE_SMTP_PORT=${SERVE_SMTP_PORT:-8025}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/eresidency_serve}
export DATA_DIR=${SERVE_DATA_DIR:-$PWD/var/serve}
case "$DATABASE_URL" in postgres*) ;; *) echo "make serve runs on PostgreSQL: set DATABASE_URL=postgres://…" >&2; exit 2 ;; esac
mkdir -p "$DATA_DIR"

# Local secrets, made once and kept in the data folder (never in git).
secrets="$DATA_DIR/local-secrets.env"
if [ ! -f "$secrets" ]; then
  $PY - > "$secrets" <<'PY'
import secrets
for name in ("SECRET_KEY", "TRUST_MASTER_KEY", "DIGITAL_ID_ENVELOPE_SECRET"):
    print(f"{name}={secrets.token_urlsafe(48)}")
PY
  chmod 600 "$secrets"
fi
set -a
# shellcheck disable=SC1090
. "$secrets"
set +a
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SITE_URL=${SITE_URL:-http://$SERVE_ADDR}
# Plain HTTP on loopback: no TLS redirect (a deployment terminates TLS in front, see the docs).
export SECURE_SSL_REDIRECT=false
# Mail goes to a local SMTP sink that prints each message; stop it and mail waits in the outbox.
export EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=127.0.0.1 EMAIL_PORT=$SERVE_SMTP_PORT
# No network here: Stripe keys that satisfy the settings; paying fails clearly until real ones are set.
export STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY:-sk_test_local_serve_only}
export STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET:-whsec_local_serve_only}
export PROMETHEUS_MULTIPROC_DIR="$DATA_DIR/prometheus"
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

$PY - <<'PY'
# Create the database on a local PostgreSQL if it is missing.
import os
from urllib.parse import urlsplit

import psycopg

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"created database {name}")
PY
DJANGO_MODE=production $PY manage.py migrate --noinput -v 0
DJANGO_MODE=production $PY manage.py collectstatic --noinput -v 0
$PY manage.py compilemessages -v 0 --ignore=.venv
if [ "${SERVE_DEMO_DATA:-1}" = 1 ] && [ "$(DJANGO_MODE=production $PY manage.py shell -c 'from accounts.models import User; print(User.objects.exists())' | tail -1)" = False ]; then
  # Demo data is refused in production mode, so it is loaded once in development mode
  # into the same database, with the same key-store secrets.
  echo "loading demo data (first start)…"
  DJANGO_MODE=development $PY manage.py demo_data >/dev/null
fi
export DJANGO_MODE=production

pids=()
$PY -W ignore::DeprecationWarning -m smtpd -n -c DebuggingServer "127.0.0.1:$SERVE_SMTP_PORT" > "$DATA_DIR/mail.log" 2>&1 &
pids+=($!)
for n in $(seq 1 "$TASK_WORKERS"); do
  $PY manage.py task_worker --interval 1 --worker-id "$(hostname)-$$-$n" &
  pids+=($!)
done
( while true; do $PY manage.py run_scheduled >/dev/null || true; sleep "$SCHEDULE_SECONDS"; done ) &
pids+=($!)
GUNICORN_BIND=$SERVE_ADDR .venv/bin/gunicorn -c config/gunicorn.py config.wsgi &
web=$!
pids+=($web)
stop() { trap - INT TERM; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; exit 0; }
trap stop INT TERM
echo "Production mode on http://$SERVE_ADDR: $WEB_CONCURRENCY web workers (gunicorn), $TASK_WORKERS task workers, scheduled jobs every ${SCHEDULE_SECONDS}s, mail to $DATA_DIR/mail.log. Ctrl-C stops all."
wait -n "${pids[@]}"
stop
