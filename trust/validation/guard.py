"""Run one validation in a worker thread with a deadline.

The request waits at most ``time_limit`` seconds. When the deadline passes, the worker is
stopped by raising an exception inside it (``PyThreadState_SetAsyncExc``): pyHanko's
parsing and diff analysis are pure Python, so the exception lands within a few bytecodes.
A worker stuck inside one long C call cannot be interrupted that way; it keeps its slot
until it returns, and the slots are few, so a flood of pathological files makes the
service answer "busy" instead of exhausting the server.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from trust.validation import errors

T = TypeVar("T")

WORKER_NAME = "pdf-validation"

# Loggers with which pyHanko reports, with stack traces, every problem of the document at
# hand. Inside a validation worker that is the uploader's problem and is in the report, not
# a server warning; a public service would otherwise write a trace per bad upload.
_DOCUMENT_LOGGERS = (
    "pyhanko.pdf_utils.generic",
    "pyhanko.pdf_utils.reader",
    "pyhanko.pdf_utils.xref",
    "pyhanko.sign.diff_analysis.commons",
    "pyhanko.sign.diff_analysis.form_rules_api",
    "pyhanko.sign.diff_analysis.policies",
    "pyhanko.sign.diff_analysis.rules_api",
    "pyhanko.sign.fields",
    "pyhanko.sign.general",
    "pyhanko.sign.validation.dss",
    "pyhanko.sign.validation.generic_cms",
    "pyhanko.sign.validation.pdf_embedded",
    "pyhanko.sign.validation.status",
    "pyhanko_certvalidator.revinfo.validate_crl",
    "pyhanko_certvalidator.revinfo.validate_ocsp",
    "pyhanko_certvalidator.validate",
)


class _QuietInWorker(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or threading.current_thread().name != WORKER_NAME


_quiet = _QuietInWorker()
for _name in _DOCUMENT_LOGGERS:
    logging.getLogger(_name).addFilter(_quiet)


class _Stopped(BaseException):
    """Raised inside a worker whose deadline passed."""


_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore(size: int) -> threading.BoundedSemaphore:
    global _slots, _slots_size
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


def _interrupt(thread: threading.Thread) -> None:
    if thread.ident is None:
        return
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stopped))


def run_with_deadline(fn: Callable[[], T], *, time_limit: float, workers: int, queue_wait: float) -> T:
    """Return ``fn()``, computed in a worker thread, or raise ``ValidationTimedOut`` after
    ``time_limit`` seconds, or ``ServiceBusy`` when all ``workers`` slots stay taken for
    ``queue_wait`` seconds. Exceptions from ``fn`` are re-raised here."""
    slots = _semaphore(workers)
    if not slots.acquire(timeout=queue_wait):
        raise errors.ServiceBusy()
    outcome: dict[str, object] = {}
    # The deadline and the end of the work race; `state` decides who won, so the stop
    # exception is only ever sent while fn() is still running.
    state_lock = threading.Lock()
    state = {"done": False, "stopped": False}

    def work() -> None:
        try:
            try:
                value = fn()
                with state_lock:
                    state["done"] = True
                outcome["value"] = value
            except _Stopped:
                pass
            except BaseException as exc:
                with state_lock:
                    state["done"] = True
                outcome["error"] = exc
        except _Stopped:
            pass
        finally:
            slots.release()

    worker = threading.Thread(target=work, name=WORKER_NAME, daemon=True)
    worker.start()
    worker.join(time_limit)
    with state_lock:
        if not state["done"]:
            state["stopped"] = True
            _interrupt(worker)
    if state["stopped"]:
        worker.join(0.5)
        raise errors.ValidationTimedOut(time_limit)
    worker.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
