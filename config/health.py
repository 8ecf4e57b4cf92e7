"""Liveness, readiness and metrics for load balancers and monitoring.

``/healthz`` says only that the process answers (no database: a slow database must not
get healthy processes killed). ``/readyz`` says whether this instance should get traffic:
the database answers, every migration is applied, and a task worker beat recently.
Both answer plain text, as probes expect; status 200 or 503 is what they read.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

_migrations_applied = False  # once true in a process it stays true: deploys start new processes


def _text(lines: list[str], status: int) -> HttpResponse:
    return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return _text(["ok"], 200)


def _database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return False, f"unreachable ({type(error).__name__})"
    return True, connection.vendor


def _migrations() -> tuple[bool, str]:
    global _migrations_applied
    if _migrations_applied:
        return True, "applied"
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return False, f"{len(plan)} not applied"
    _migrations_applied = True
    return True, "applied"


def _worker() -> tuple[bool, str]:
    from accounts.models import WorkerHeartbeat

    since = timezone.now() - timedelta(seconds=settings.READY_WORKER_SEEN_SECONDS)
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=since).count()
    if not alive:
        return False, f"no task worker seen in {settings.READY_WORKER_SEEN_SECONDS} s"
    return True, f"{alive} seen"


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    checks = [("database", _database)]
    results = []
    ok = True
    for name, check in checks:
        passed, detail = check()
        results.append((name, passed, detail))
        ok = ok and passed
    if ok:  # the other checks need the database
        for name, check in (("migrations", _migrations), ("worker", _worker)):
            passed, detail = check()
            results.append((name, passed, detail))
            ok = ok and passed
    lines = ["ready" if ok else "not ready"] + [
        f"{name}: {'ok' if passed else 'FAIL'} {detail}" for name, passed, detail in results
    ]
    return _text(lines, 200 if ok else 503)


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return constant_time_compare(given, token)
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (django-prometheus; all worker processes under gunicorn when
    PROMETHEUS_MULTIPROC_DIR is set). Only with METRICS_TOKEN, or from the machine itself."""
    if not _metrics_allowed(request):
        return _text(["forbidden"], 403)
    return ExportToDjangoView(request)
