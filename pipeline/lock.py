"""One writer at a time per warehouse: an advisory lock on a file beside it.

DuckDB's own file lock lets one process open the warehouse for writing and keeps
every reader out while it is open, so a long ingest holding it would lock out
researchers for hours, and a rebuild queued behind it would swap in a warehouse
made from the artefacts it saw before the ingest finished (papers lost without a
word). Every command that writes takes this lock first (``load.connect`` does it
for any read-write connection) and holds DuckDB's lock only while it writes; a
rebuild holds this one from reading the artefacts to the swap. The lock is
``flock``: the kernel drops it when its process dies, so a killed command never
leaves the warehouse locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import WarehouseBusy

#: Locks this process holds (by lock file), with their depth: a holder may connect again.
_held: dict[str, int] = {}


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def writer_lock(warehouse: Path, wait: float = 60.0) -> Iterator[None]:
    """Hold the warehouse's writer lock, waiting up to `wait` seconds for another writer."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.resolve())
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, warehouse, wait)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, warehouse: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                raise WarehouseBusy(
                    f"warehouse {warehouse} is being written by another pipeline command "
                    f"(pid {holder}); try again when it finishes, or give --wait more seconds"
                ) from None
            time.sleep(0.1)
