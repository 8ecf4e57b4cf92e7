"""django-tasks' ``db_worker`` plus a heartbeat, so ``/readyz`` knows a worker is alive.

Run several on each worker machine; each claims tasks from the database (on PostgreSQL
with ``SELECT … FOR UPDATE SKIP LOCKED``, so no task runs twice).
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from accounts.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "seen_at": timezone.now(),
            },
        )

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                self.beat()
            except Exception:
                # A database blip must not kill the worker; readiness will show the gap.
                logger.exception("worker heartbeat failed")
            self.stopped.wait(HEARTBEAT_SECONDS)
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            logger.exception("could not remove the heartbeat of worker %s", self.worker_id)


class Command(DbWorkerCommand):
    help = "Run a task worker (django-tasks db_worker) that also records a heartbeat for /readyz."

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.beat()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
