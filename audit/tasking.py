"""Helpers for background work on Django's Tasks API (django-tasks, database backend).

Tasks take ids, never model instances, and are enqueued only after the transaction that
created their work commits: a task never runs against rows that were rolled back.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` with these arguments once the current transaction commits."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def retry_delay(attempt: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    """Exponential back-off: base, 2×base, 4×base … capped at max."""
    return timedelta(seconds=min(max_seconds, base_seconds * (2 ** max(0, attempt - 1))))


def with_retries(*, max_attempts: int = 5, base_seconds: int = 30, max_seconds: int = 3600) -> Callable:
    """Mark a task function as retried with back-off.

    Put it under ``@task()``: on an exception the wrapped function enqueues its own task
    again with ``run_after`` pushed back, then re-raises so the failed attempt stays visible
    (with its traceback) in the task results that administrators see. After
    ``max_attempts`` it gives up and the last failure is what remains.
    """

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt < max_attempts:
                    delay = retry_delay(attempt, base_seconds=base_seconds, max_seconds=max_seconds)
                    logger.warning("%s failed on attempt %s; retrying in %s", func.__name__, attempt, delay)
                    task_obj = wrapper.task  # set by bind_retries below
                    if task_obj.get_backend().supports_defer:
                        task_obj = task_obj.using(run_after=timezone.now() + delay)
                    # A backend that cannot defer (the immediate one in tests) retries at once.
                    task_obj.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
                else:
                    logger.error("%s failed on its last attempt (%s)", func.__name__, attempt)
                raise

        wrapper.max_attempts = max_attempts  # type: ignore[attr-defined]
        return wrapper

    return decorate


def bind_retries(task_obj: Any) -> Any:
    """Let a ``with_retries`` function find its own task to re-enqueue. Returns the task."""
    task_obj.func.task = task_obj
    return task_obj


# --- Named jobs: services ask for work by name, tasks modules register under that name ---------
#
# A services module never imports its app's tasks (the tasks import the services they run, and
# import-linter holds that direction for every app). A service asks for background work by a
# job name; the app's tasks module registers the task for that name when it is imported
# (each AppConfig.ready imports its tasks).

_jobs: dict[str, Any] = {}


def register_job(name: str) -> Callable[[Any], Any]:
    """Decorator for a django-tasks ``Task``: make it the task that runs job ``name``."""

    def decorate(task_obj: Any) -> Any:
        if _jobs.get(name, task_obj) is not task_obj:
            raise ValueError(f"Job {name!r} is already registered to another task.")
        _jobs[name] = task_obj
        return task_obj

    return decorate


def job_task(name: str) -> Any:
    try:
        return _jobs[name]
    except KeyError:
        raise LookupError(f"No task is registered for job {name!r}; is the app's tasks module imported?") from None


def enqueue_job_on_commit(name: str, *args: Any, delay: timedelta | None = None, **kwargs: Any) -> None:
    """Enqueue the task registered for job ``name`` once the current transaction commits
    (``delay`` later where the backend can defer)."""
    task_obj = job_task(name)  # fail now, inside the caller's transaction, if nobody runs it

    def enqueue() -> None:
        runner = task_obj
        if delay and runner.get_backend().supports_defer:
            runner = runner.using(run_after=timezone.now() + delay)
        runner.enqueue(*args, **kwargs)

    transaction.on_commit(enqueue)
