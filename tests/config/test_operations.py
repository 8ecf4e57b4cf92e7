"""Liveness, readiness, metrics, request ids and structured logs."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import WorkerHeartbeat
from config import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"


def test_readyz_needs_a_worker_seen_recently(client, settings):
    settings.READY_WORKER_SEEN_SECONDS = 60
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "worker: FAIL no task worker seen in 60 s" in response.content.decode()
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="old", host="h", pid=1, started_at=now, seen_at=now - timedelta(hours=1))
    assert client.get("/readyz").status_code == 503
    WorkerHeartbeat.objects.create(worker_id="w1", host="h", pid=2, started_at=now, seen_at=now)
    response = client.get("/readyz")
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("ready\n")
    assert "database: ok" in body and "migrations: ok applied" in body and "worker: ok 1 seen" in body


def test_readyz_fails_while_migrations_are_missing(client, monkeypatch):
    WorkerHeartbeat.objects.create(worker_id="w1", host="h", pid=2, started_at=timezone.now(), seen_at=timezone.now())
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("accounts", "9999_future")])
    response = client.get("/readyz")
    assert response.status_code == 503 and "migrations: FAIL 1 not applied" in response.content.decode()


def test_metrics_are_prometheus_text_and_count_requests(client):
    client.get("/healthz")
    body = client.get("/metrics").content.decode()
    assert "# TYPE django_http_requests_total_by_view_transport_method_total counter" in body
    assert 'view="healthz"' in body


def test_metrics_need_the_token_when_one_is_set(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_metrics_refuse_other_addresses_without_a_token(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403


def test_every_response_carries_a_request_id_and_keeps_a_sane_incoming_one(client):
    fresh = client.get("/healthz")["X-Request-ID"]
    assert len(fresh) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "lb-1234-abcd"})["X-Request-ID"] == "lb-1234-abcd"
    forged = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})["X-Request-ID"]
    assert forged != "bad id\nwith newline" and len(forged) == 32


def test_the_access_log_is_json_with_the_request_id(client):
    from django.conf import settings
    from django.utils.module_loading import import_string

    formatter_conf = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(formatter_conf.pop("()"))(**formatter_conf)
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(import_string(settings.LOGGING["filters"]["request_id"]["()"])())
    logger = logging.getLogger("config.request")
    logger.addHandler(handler)
    try:
        response = client.get("/healthz", headers={"X-Request-ID": "trace-0001"})
    finally:
        logger.removeHandler(handler)
    line = json.loads(formatter.format(records[-1]))
    assert line["request_id"] == response["X-Request-ID"] == "trace-0001"
    assert line["logger"] == "config.request" and line["status"] == 200 and line["path"] == "/healthz"
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_a_task_worker_beats_and_leaves_no_heartbeat_when_it_stops(client):
    from accounts.management.commands.task_worker import Heartbeat

    heartbeat = Heartbeat("worker-under-test")
    heartbeat.beat()
    row = WorkerHeartbeat.objects.get(worker_id="worker-under-test")
    assert row.seen_at >= timezone.now() - timedelta(seconds=5)
    assert client.get("/readyz").status_code == 200
    heartbeat.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-under-test").exists()
    assert client.get("/readyz").status_code == 503
