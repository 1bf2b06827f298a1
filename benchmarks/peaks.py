"""Peak resident memory of each process a command starts (Linux), to tell whose peak it is.

    .venv/bin/python benchmarks/peaks.py -- .venv/bin/pipeline ingest paper.pdf -w w.duckdb

`/usr/bin/time` (as `reliability.py memory` uses) reports only the largest process of a
command's tree; an ingest has its own process and a forked worker a paper, and the two
grow with different things (the worker with the pages' words, the ingesting process with
DuckDB's work at the load). This samples every process of the tree every 20 ms and prints
each one's peak (``VmHWM`` in ``/proc/PID/status``, which only rises, so the last sample
before a process ends is its peak to within what it did in those 20 ms).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out |= {int(x) for x in fh.read().split()}
    except OSError:  # ended meanwhile
        pass
    return out


def _tree(root: int) -> set[int]:
    seen: set[int] = set()
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(_children(pid))
    return seen


def _hwm_mb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def peaks(cmd: list[str], every: float = 0.02) -> tuple[int, dict[int, int], int]:
    """(exit code, {pid: peak MB}, the command's own pid) for `cmd` run to its end."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, int] = {}
    while proc.poll() is None:
        for pid in _tree(proc.pid):
            mb = _hwm_mb(pid)
            if mb is not None:
                seen[pid] = max(seen.get(pid, 0), mb)
        time.sleep(every)
    return proc.returncode, seen, proc.pid


def main() -> None:
    args = sys.argv[1:]
    cmd = args[args.index("--") + 1 :] if "--" in args else args
    code, seen, root = peaks(cmd)
    own = seen.get(root, 0)
    others = sorted((mb for pid, mb in seen.items() if pid != root), reverse=True)
    print(f"exit {code}: the command's own process {own} MB; its children {others} MB")


if __name__ == "__main__":
    main()
