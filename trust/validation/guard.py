"""Run one validation in a child process inside one time and memory budget.

Every step that depends on the uploaded file (parsing, validation, building the report
and turning it into plain data) runs in a process forked for this one request:

- **time**: the parent waits at most ``time_limit`` seconds for the answer and then kills
  the child (SIGKILL), whatever it is doing, even inside one long C call;
- **memory**: the child's address space is capped (``RLIMIT_AS``) at what it inherited
  plus ``memory_limit`` bytes, so a document that needs more gets a ``MemoryError`` (or
  dies) instead of pushing the server into swap;
- **slots**: at most ``workers`` children run at once per server process; a request that
  finds every slot taken for ``queue_wait`` seconds is answered "busy".

The child sends back plain, picklable data only (the report as ``to_dict()``), so nothing
of pyHanko's object graph crosses into the request's process.

Forking a Django process costs tens of milliseconds, more than a validation, so children
are kept: a small pool of pre-forked workers per server process takes one task at a time
(a module-level function and its arguments, pickled). A worker that overruns its time is
killed and replaced; one that ran out of memory, or has grown by half its budget, or has
served ``WORKER_TASKS`` tasks, retires. A function that can't be pickled (a closure) runs
in a child forked for it alone. ``reset()`` retires every worker (tests call it so that a
worker sees the module state of the test that uses it).
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from trust.validation import errors

T = TypeVar("T")

logger = logging.getLogger(__name__)

# Loggers with which pyHanko reports, with stack traces, every problem of the document at
# hand. Inside a validation child that is the uploader's problem and is in the report, not
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

_in_child = False


class _QuietInChild(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or not _in_child


_quiet = _QuietInChild()
for _name in _DOCUMENT_LOGGERS:
    logging.getLogger(_name).addFilter(_quiet)


_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore(size: int) -> threading.BoundedSemaphore:
    global _slots, _slots_size
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux), 0 if unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(fn: Callable[[], Any], write_fd: int, memory_limit: int | None) -> None:
    global _in_child
    _in_child = True
    _close_other_workers()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if memory_limit:
        base = _address_space()
        if base:
            try:
                resource.setrlimit(resource.RLIMIT_AS, (base + memory_limit, base + memory_limit))
            except (ValueError, OSError):
                pass
    try:
        try:
            outcome: tuple = ("ok", fn())
        except MemoryError:
            outcome = ("memory",)
        except errors.ValidationRefused as exc:
            outcome = ("refused", type(exc), exc.message)
        except BaseException as exc:
            logger.error("Validation failed inside the worker", exc_info=True)
            outcome = ("crash", type(exc).__name__)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory",))
        except Exception:
            payload = pickle.dumps(("crash", "unpicklable result"))
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    finally:
        os._exit(0)


def _rebuild_refusal(cls: type[errors.ValidationRefused], message: str) -> errors.ValidationRefused:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message = message
    return exc


WORKER_TASKS = 200


def run_with_deadline(
    fn: Callable[..., T],
    *,
    args: tuple = (),
    time_limit: float,
    workers: int,
    queue_wait: float,
    memory_limit: int | None = None,
    stats: dict | None = None,
) -> T:
    """Return ``fn()``, computed in a forked child, or raise ``ValidationTimedOut`` after
    ``time_limit`` seconds, ``DocumentTooComplex`` when the child needs more than
    ``memory_limit`` bytes, or ``ServiceBusy`` when all ``workers`` slots stay taken for
    ``queue_wait`` seconds. Refusals raised by ``fn`` are raised here; ``fn``'s result must
    be picklable. ``stats`` (optional) receives ``seconds`` and ``peak_memory`` (bytes the
    child's resident size grew by)."""
    slots = _semaphore(workers)
    if not slots.acquire(timeout=queue_wait):
        raise errors.ServiceBusy()
    started = time.monotonic()
    try:
        try:
            task = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, AttributeError, TypeError):
            task = None
        if task is None:
            return _run(
                lambda: fn(*args), time_limit=time_limit, memory_limit=memory_limit, stats=stats, started=started
            )
        return _run_pooled(task, time_limit=time_limit, memory_limit=memory_limit, stats=stats, started=started)
    finally:
        slots.release()


def _resident() -> int:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _outcome_of(outcome: tuple):
    kind = outcome[0]
    if kind == "ok":
        return outcome[1]
    if kind == "memory":
        raise errors.DocumentTooComplex(errors.memory_message())
    if kind == "refused":
        raise _rebuild_refusal(outcome[1], outcome[2])
    raise errors.ProcessingFailed()


# --- the pool -------------------------------------------------------------------------------


class _Worker:
    def __init__(self, memory_limit: int | None) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self.memory_limit = memory_limit
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(to_child_w)
            os.close(from_child_r)
            _close_other_workers()
            _worker_main(to_child_r, from_child_w, memory_limit)
        os.close(to_child_r)
        os.close(from_child_w)
        self.pid, self.write_fd, self.read_fd = pid, to_child_w, from_child_r
        self.alive = True

    def kill(self) -> None:
        if not self.alive:
            return
        self.alive = False
        for fd in (self.write_fd, self.read_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


_pool_lock = threading.Lock()
_idle: list[_Worker] = []
_pool_pid = os.getpid()


def _close_other_workers() -> None:
    """In a new worker: forget the parent's other workers (their pipes are not ours)."""
    global _idle
    for worker in _idle:
        for fd in (worker.write_fd, worker.read_fd):
            try:
                os.close(fd)
            except OSError:
                pass
    _idle = []


def reset() -> None:
    """Retire every idle worker."""
    global _idle
    with _pool_lock:
        workers, _idle = _idle, []
    for worker in workers:
        worker.kill()


def _take(memory_limit: int | None) -> _Worker:
    global _pool_pid, _idle
    with _pool_lock:
        if _pool_pid != os.getpid():  # forked (e.g. by a pre-forking server): not our workers
            _idle, _pool_pid = [], os.getpid()
        while _idle:
            worker = _idle.pop()
            if worker.memory_limit == memory_limit:
                return worker
            threading.Thread(target=worker.kill, daemon=True).start()
    return _Worker(memory_limit)


def _give_back(worker: _Worker) -> None:
    with _pool_lock:
        _idle.append(worker)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError
            ready, _w, _x = select.select([fd], [], [], wait)
            if not ready:
                continue
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _worker_main(read_fd: int, write_fd: int, memory_limit: int | None) -> None:
    global _in_child
    _in_child = True
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    base = _address_space()
    if memory_limit and base:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (base + memory_limit, base + memory_limit))
        except (ValueError, OSError):
            pass
    start_resident = _resident()
    served = 0
    try:
        while True:
            header = _read_exactly(read_fd, 8, None)
            if header is None:
                break
            task = _read_exactly(read_fd, int.from_bytes(header, "big"), None)
            if task is None:
                break
            served += 1
            try:
                fn, args = pickle.loads(task)  # noqa: S301 - from our own parent
                outcome: tuple = ("ok", fn(*args))
            except MemoryError:
                outcome = ("memory",)
            except errors.ValidationRefused as exc:
                outcome = ("refused", type(exc), exc.message)
            except BaseException as exc:
                logger.error("Validation failed inside the worker", exc_info=True)
                outcome = ("crash", type(exc).__name__)
            peak = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start_resident)
            grown = _resident() - start_resident
            retire = (
                outcome[0] in ("memory", "crash")
                or served >= WORKER_TASKS
                or (memory_limit is not None and grown > memory_limit // 2)
            )
            try:
                payload = pickle.dumps((outcome, peak, retire), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload, retire = pickle.dumps((("memory",), peak, True)), True
            except Exception:
                payload = pickle.dumps((("crash", "unpicklable result"), peak, retire))
            _write_all(write_fd, len(payload).to_bytes(8, "big") + payload)
            if retire:
                break
    finally:
        os._exit(0)


def _run_pooled(task: bytes, *, time_limit: float, memory_limit: int | None, stats: dict | None, started: float):
    worker = _take(memory_limit)
    deadline = started + time_limit
    try:
        _write_all(worker.write_fd, len(task).to_bytes(8, "big") + task)
        header = _read_exactly(worker.read_fd, 8, deadline)
        body = _read_exactly(worker.read_fd, int.from_bytes(header, "big"), deadline) if header else None
    except TimeoutError:
        worker.kill()
        if stats is not None:
            stats["seconds"], stats["peak_memory"] = time.monotonic() - started, 0
        raise errors.ValidationTimedOut(time_limit)
    except OSError:
        worker.kill()
        raise errors.ProcessingFailed()
    if body is None:  # the worker died (the kernel's OOM killer, a crash in C)
        worker.kill()
        raise errors.DocumentTooComplex(errors.memory_message())
    outcome, peak, retire = pickle.loads(body)  # noqa: S301 - our own worker's data
    if stats is not None:
        stats["seconds"], stats["peak_memory"] = time.monotonic() - started, peak
    if retire:
        worker.kill()
    else:
        _give_back(worker)
    return _outcome_of(outcome)


# --- one child per task (functions that can't be pickled) -------------------------------------


def _run(fn, *, time_limit: float, memory_limit: int | None, stats: dict | None, started: float):
    read_fd, write_fd = os.pipe()
    resident_before = _resident()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        _child(fn, write_fd, memory_limit)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = started + time_limit
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _w, _x = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _pid, status, usage = os.wait4(pid, 0)
    if stats is not None:
        stats["seconds"] = time.monotonic() - started
        # ru_maxrss is in KiB on Linux; the child starts with the parent's resident pages.
        stats["peak_memory"] = max(0, usage.ru_maxrss * 1024 - resident_before)
    if timed_out:
        raise errors.ValidationTimedOut(time_limit)
    if not chunks:
        if os.WIFSIGNALED(status):
            # Killed from outside (the kernel's OOM killer) or crashed in C: treat as too big.
            logger.warning("Validation worker died with signal %s", os.WTERMSIG(status))
            raise errors.DocumentTooComplex(errors.memory_message())
        raise errors.ProcessingFailed()
    return _outcome_of(pickle.loads(b"".join(chunks)))  # noqa: S301 - our own child's data
