#!/usr/bin/env bash
# Starts the web server, a task worker and the hourly scheduled jobs; Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDR=${RUN_ADDR:-127.0.0.1:8000}
$PY manage.py task_worker --interval 1 &
worker=$!
( while true; do $PY manage.py run_scheduled >/dev/null || true; sleep 3600; done ) &
scheduler=$!
$PY manage.py runserver "$ADDR" &
web=$!
stop() { kill "$worker" "$web" "$scheduler" 2>/dev/null || true; wait 2>/dev/null || true; exit 0; }
trap stop INT TERM
echo "Web server on http://$ADDR, task worker pid $worker, scheduled jobs hourly. Ctrl-C stops all."
wait -n "$worker" "$web"
stop
