#!/usr/bin/env bash
# Starts the web server and a task worker together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDR=${RUN_ADDR:-127.0.0.1:8000}
$PY manage.py db_worker --interval 1 &
worker=$!
$PY manage.py runserver "$ADDR" &
web=$!
trap 'kill $worker $web 2>/dev/null; wait $worker $web 2>/dev/null; exit 0' INT TERM
echo "Web server on http://$ADDR (worker pid $worker). Ctrl-C stops both."
wait -n $worker $web
kill $worker $web 2>/dev/null || true
wait 2>/dev/null || true
