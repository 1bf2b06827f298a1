"""Papers extracted in child processes, each within a time and memory budget.

A paper that takes too long or grows too big is killed on its own and comes back
``failed`` with the reason, while the others go on: a 2,000-page PDF or a 100 MB
text file must not block the batch, nor the good paper beside it. Children are
forked from a parent that holds no lock and no warehouse connection, and die with
it (Linux ``PR_SET_PDEATHSIG``; elsewhere they notice their parent has gone), so a
killed ingest never leaves workers holding files.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar, cast

#: Defaults for one paper: generous for real council papers (the 129 Kent papers have at
#: most 162 pages and take at most 40 s each), small enough that one bad file cannot stall
#: a batch for long or swap the machine.
DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_PAGES = 1000
DEFAULT_MAX_MEMORY_MB = 2000

#: How often (seconds) running workers are checked against their budget.
POLL = 0.2


def available_cpus() -> int:
    """CPUs this process may run on: its affinity mask (taskset, a batch scheduler's cpuset),
    narrowed by a cgroup v2 CPU quota (a container's ``--cpus``), else ``os.cpu_count()``.

    Why not ``os.cpu_count()`` alone: it counts the machine's CPUs, so a job pinned to 2 of
    64 cores would fork 64 workers that take turns on 2 CPUs, each holding a paper's memory.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        cpus = min(cpus, quota)
    return max(1, cpus)


def _cgroup_quota(path: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    """The cgroup v2 CPU quota in whole CPUs (rounded up), or None where none is set."""
    try:
        with open(path, encoding="ascii") as fh:
            quota, period = fh.read().split()[:2]
        if quota == "max":
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Limits:
    """What one paper may use: wall-clock seconds, pages, and memory of its own (MB).

    Memory is the worker's private memory (what it allocated or changed after the
    fork), so the parent's shared libraries and models are not counted against a paper.
    """

    timeout: float = DEFAULT_TIMEOUT
    max_pages: int = DEFAULT_MAX_PAGES
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB

    @classmethod
    def resolve(cls, value: Limits | dict[str, Any] | None) -> Limits:
        if value is None:
            return cls()
        if isinstance(value, Limits):
            return value
        return cls(**value)


#: A job: arguments for the extraction function.
Job = tuple[Any, ...]

#: What a job yields: an extraction, or what stands for one (pipeline.ingest's spooled paper).
R = TypeVar("R")


def run_jobs(
    jobs: Sequence[Job],
    work: Callable[..., R],
    failed: Callable[[Job, str], R],
    *,
    workers: int,
    limits: Limits,
    log: Callable[[logging.LogRecord], None] | None = None,
) -> Iterator[R]:
    """Each job's result as it finishes, at most `workers` at once, each in its own process.

    A job over its time or memory budget, or whose process dies, yields
    `failed(job, reason)`. Children are started only while the caller waits for the next
    result (never between results), so the caller may hold a lock between results
    without a child inheriting it; a freed slot's next job starts before the result is
    handed over, so the pool stays full while the caller works on it. What a child logs
    goes to `log` (by default, handled here as if logged here).
    """
    ctx = multiprocessing.get_context("fork")
    _allow_children()
    pending = deque(jobs)
    running: dict[Connection, tuple[Any, Job, float]] = {}
    parent = os.getpid()

    def fill() -> None:
        while pending and len(running) < max(1, workers):
            job = pending.popleft()
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(send, work, job, parent), daemon=True)
            _fork(proc)
            send.close()
            running[recv] = (proc, job, time.monotonic())

    try:
        while pending or running:
            fill()
            for conn in wait(list(running), timeout=POLL):
                assert isinstance(conn, Connection)
                proc, job, _ = running.pop(conn)
                got = _result(conn, proc, job, failed, log or _handle)
                # the freed slot's next job starts before the caller gets this result: the
                # caller works on it (an ingest loads it) while `workers` jobs still run,
                # where a slot used to stand idle for the whole of that work
                fill()
                yield got
            now = time.monotonic()
            for conn, (proc, job, started) in list(running.items()):
                reason = _over_budget(proc.pid, now - started, limits)
                if reason:
                    running.pop(conn)
                    _stop(proc)
                    conn.close()
                    fill()
                    yield failed(job, reason)
    finally:
        for conn, (proc, _, _) in running.items():
            _stop(proc)
            conn.close()


def _fork(proc: Any) -> None:
    """Start a forked child whose garbage collector leaves the parent's objects alone.

    A child shares the parent's memory until it writes to it. Its collector, walking every
    object it tracks, writes to each one's header: the spaCy pipeline and pattern tables
    the parent built (about 130,000 objects) were copied page by page into every paper's
    process and walked again at each full collection. Objects frozen before the fork
    (``gc.freeze``) are not walked in the child; the parent thaws its own at once, so its
    garbage is collected as before. Nothing a child computes depends on when it collects.
    """
    gc.freeze()
    try:
        proc.start()
    finally:
        gc.unfreeze()


def _allow_children() -> None:
    """Let a daemonic process (a Dask worker is one) fork paper workers.

    multiprocessing refuses children to daemonic processes because a daemon exits without
    reaping them; ours die with their parent (``PR_SET_PDEATHSIG``, or they watch for it),
    which is the guarantee that refusal stands for, so the flag is lifted here.
    """
    me = multiprocessing.current_process()
    if me.daemon:
        try:
            me.daemon = False
        except AssertionError:  # a process object that was started from here
            me._config["daemon"] = False  # type: ignore[attr-defined]


def _handle(record: logging.LogRecord) -> None:
    logging.getLogger(record.name).handle(record)


def _result(
    conn: Connection,
    proc: Any,
    job: Job,
    failed: Callable[[Job, str], R],
    log: Callable[[logging.LogRecord], None],
) -> R:
    try:
        got = conn.recv()
        ex, records = cast(R, got[0]), got[1]
        for record in records:  # what the worker logged, told where the parent logs
            log(record)
    except (EOFError, OSError):
        proc.join(5)
        code = proc.exitcode
        why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        return failed(job, f"the extraction process died ({why}); the paper may be too big")
    finally:
        conn.close()
    proc.join(5)
    if proc.is_alive():
        _stop(proc)
    return ex


def _over_budget(pid: int | None, seconds: float, limits: Limits) -> str | None:
    if seconds > limits.timeout:
        return (
            f"took longer than {limits.timeout:g} s (--timeout); split the paper or raise --timeout"
        )
    mb = private_mb(pid) if pid else 0.0
    if mb > limits.max_memory_mb:
        return (
            f"needed more than {limits.max_memory_mb:,} MB of memory (--max-memory); "
            "split the paper or raise --max-memory"
        )
    return None


def private_mb(pid: int) -> float:
    """Memory a process has of its own (private pages, resident or swapped), in MB; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            text = fh.read()
    except OSError:
        return 0.0
    kb = 0
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in {"Private_Clean", "Private_Dirty", "Swap"}:
            kb += int(rest.split()[0])
    return kb / 1024


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.kill()
    proc.join(5)


def _child(send: Connection, work: Callable[..., object], job: Job, parent: int) -> None:
    _die_with_parent(parent)
    kept = _keep_log_records()
    try:
        ex = work(*job)
        send.send((ex, kept.records))
    finally:
        send.close()


class _Keep(logging.Handler):
    """Log records of a worker, kept to be handled in the parent (its stderr may be captured)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # picklable, whatever the args were
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _keep_log_records() -> _Keep:
    """In a worker: every logger's handlers replaced by one that keeps the records.

    Levels stay as the parent set them (-v), so the worker logs what the parent would.
    """
    keep = _Keep()
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        if isinstance(logger, logging.Logger):
            for h in list(logger.handlers):
                logger.removeHandler(h)
    logging.getLogger().addHandler(keep)
    return keep


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Make this process die when the one that started it does, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
