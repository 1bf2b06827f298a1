"""Papers extracted in child processes, each paper within a time and memory budget.

A paper that takes too long or grows too big is killed on its own and comes back
``failed`` with the reason, while the others go on: a 2,000-page PDF or a 100 MB
text file must not block the batch, nor the good paper beside it. Children are
forked from a parent that holds no lock and no warehouse connection, and die with
it (Linux ``PR_SET_PDEATHSIG``; elsewhere they notice their parent has gone), so a
killed ingest never leaves workers holding files.
"""

from __future__ import annotations

import contextlib
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
    """Each job's result as it finishes, at most `workers` at once, in child processes.

    A job over its time or memory budget, or whose process dies, yields
    `failed(job, reason)`. Children are started only while the caller waits for the next
    result (never between results), so the caller may hold a lock between results
    without a child inheriting it; a freed slot's next job starts before the result is
    handed over, so the pool stays full while the caller works on it. What a child logs
    goes to `log` (by default, handled here as if logged here).

    A child whose memory of its own stays within `RECYCLE_MB` (at most half
    the memory budget) after a job takes the next one (`_child`); one over it ends, and the
    next job gets a fresh fork. A job over its budget still takes its child down with it.
    """
    ctx = multiprocessing.get_context("fork")
    _allow_children()
    pending = deque(jobs)
    running: dict[Connection, tuple[_Worker, Job, float]] = {}
    idle: list[_Worker] = []
    parent = os.getpid()
    recycle = min(RECYCLE_MB, limits.max_memory_mb / 2)

    def start(job: Job) -> _Worker:
        while idle:
            worker = idle.pop()
            with contextlib.suppress(Exception):  # a job that does not pickle: a fresh fork
                if worker.proc.is_alive():  # not ended while idle (killed from outside)
                    worker.conn.send(job)
                    return worker
            _retire(worker)
        mine, theirs = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_child, args=(theirs, work, job, parent, recycle), daemon=True)
        _fork(proc)
        theirs.close()
        return _Worker(proc, mine)

    def fill() -> None:
        while pending and len(running) < max(1, workers):
            job = pending.popleft()
            worker = start(job)
            running[worker.conn] = (worker, job, time.monotonic())

    try:
        while pending or running:
            fill()
            for conn in wait(list(running), timeout=POLL):
                assert isinstance(conn, Connection)
                worker, job, _ = running.pop(conn)
                got, more = _result(worker, job, failed, log or _handle)
                if more:
                    idle.append(worker)
                # the freed slot's next job starts before the caller gets this result: the
                # caller works on it (an ingest loads it) while `workers` jobs still run,
                # where a slot used to stand idle for the whole of that work
                fill()
                yield got
            now = time.monotonic()
            for conn, (worker, job, started) in list(running.items()):
                reason = _over_budget(worker.proc.pid, now - started, limits)
                if reason:
                    running.pop(conn)
                    _stop(worker.proc)
                    conn.close()
                    fill()
                    yield failed(job, reason)
    finally:
        for worker, _, _ in running.values():
            _stop(worker.proc)
            worker.conn.close()
        for worker in idle:
            _retire(worker)


#: A child takes another job only while its own memory (pages it allocated or changed
#: since the fork, `private_mb`) is not over this many MB after a job. Forking a child a
#: paper cost a short paper more than a third of its CPU on top: the fork, the pages of
#: the parent's objects it writes to (copied one by one), and the tokenizer's and the
#: parsers' caches, built again in each child from nothing. A child going on keeps them;
#: the cap keeps what a paper leaves behind (freed memory Python keeps, caches) from
#: counting much against the next paper's memory budget.
RECYCLE_MB = 256


@dataclass
class _Worker:
    """A child and the parent's end of the pipe jobs go out and results come back on."""

    proc: Any
    conn: Connection


def _retire(worker: _Worker) -> None:
    """Tell an idle child there is no more work, and see it end."""
    with contextlib.suppress(Exception):  # gone already
        worker.conn.send(None)
    worker.conn.close()
    worker.proc.join(5)
    _stop(worker.proc)


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
    worker: _Worker,
    job: Job,
    failed: Callable[[Job, str], R],
    log: Callable[[logging.LogRecord], None],
) -> tuple[R, bool]:
    """The job's result, and whether its child goes on to another job."""
    conn, proc = worker.conn, worker.proc
    try:
        ex, records, more = conn.recv()
        for record in records:  # what the worker logged, told where the parent logs
            log(record)
    except (EOFError, OSError):
        conn.close()
        proc.join(5)
        code = proc.exitcode
        why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        return failed(job, f"the extraction process died ({why}); the paper may be too big"), False
    if not more:
        conn.close()
        proc.join(5)
        if proc.is_alive():
            _stop(proc)
    return cast(R, ex), bool(more)


def _over_budget(pid: int | None, seconds: float, limits: Limits) -> str | None:
    if seconds > limits.timeout:
        return (
            f"took longer than {limits.timeout:g} s (--timeout); split the paper or raise --timeout"
        )
    if pid and over_memory(pid, limits.max_memory_mb):
        return (
            f"needed more than {limits.max_memory_mb:,} MB of memory (--max-memory); "
            "split the paper or raise --max-memory"
        )
    return None


def over_memory(pid: int, mb: float) -> bool:
    """Whether a process has more than `mb` MB of its own (`private_mb`).

    Its own pages are among its resident ones, or swapped: while its resident size and
    swap (``/proc/PID/status``, counters read at once) are within `mb`, so is its own
    memory, and ``smaps_rollup`` (a walk over every mapping, milliseconds for a process
    holding the parse and tagging stack, five times a second for each worker) is not read.
    """
    bound = _resident_and_swap_mb(pid)
    if bound is not None and bound <= mb:
        return False
    return private_mb(pid) > mb


def _resident_and_swap_mb(pid: int) -> float | None:
    """VmRSS + VmSwap of a process in MB, or None if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            text = fh.read()
    except OSError:
        return None
    kb, seen = 0, 0
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmSwap"}:
            kb += int(rest.split()[0])
            seen += 1
    return kb / 1024 if seen == 2 else None


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


def _child(
    conn: Connection, work: Callable[..., object], job: Job | None, parent: int, recycle: float
) -> None:
    """Do jobs until the parent sends None or closes the pipe, or this child's memory of
    its own goes over `recycle` MB: then it says so with its last result and ends."""
    _die_with_parent(parent)
    kept = _keep_log_records()
    try:
        while job is not None:
            ex = work(*job)
            more = not over_memory(os.getpid(), recycle)
            conn.send((ex, kept.records, more))
            del ex  # not held through the next job
            kept.records = []
            if not more:
                break
            try:
                job = conn.recv()
            except EOFError:
                break
    finally:
        conn.close()


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
