"""The paper workers: what a forked child inherits from the ingesting process."""

from __future__ import annotations

import gc
import os
import threading
import time

import pytest

from pipeline import workers
from pipeline.workers import Limits, run_jobs


def _frozen_in_child(_: int) -> int:
    return gc.get_freeze_count()


def _never(job: tuple[object, ...], reason: str) -> int:
    raise AssertionError(f"{job}: {reason}")


def test_children_leave_the_parents_objects_to_the_parent() -> None:
    """A child's collector must not walk (and so copy) the objects it inherited: they are
    frozen when it is forked, and thawed again in the parent, whose garbage still goes."""
    kept = [[n] for n in range(1000)]  # objects the parent holds when it forks
    assert gc.get_freeze_count() == 0
    got = list(run_jobs([(1,), (2,)], _frozen_in_child, _never, workers=2, limits=Limits()))
    assert len(got) == 2 and all(n >= len(kept) for n in got)
    assert gc.get_freeze_count() == 0


def _pid(_: object) -> int:
    return os.getpid()


def test_a_child_goes_on_to_the_next_job_while_its_memory_is_small() -> None:
    """A fork a job cost a short paper a third of its CPU again: children take job after job."""
    jobs = [(n,) for n in range(6)]
    pids = list(run_jobs(jobs, _pid, _never, workers=2, limits=Limits()))
    assert len(pids) == 6 and len(set(pids)) <= 2
    assert os.getpid() not in pids


def test_a_child_over_the_recycle_mark_ends_after_its_job(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "RECYCLE_MB", 0)
    pids = list(run_jobs([(n,) for n in range(4)], _pid, _never, workers=1, limits=Limits()))
    assert len(set(pids)) == 4


def test_a_job_that_cannot_be_sent_to_a_child_gets_a_fresh_one() -> None:
    """Jobs after a child's first are pickled to it; one that does not pickle (a lock, a
    lambda) is forked with its child, as every job used to be."""
    jobs = [(1,), (threading.Lock(),), (3,)]
    got = list(run_jobs(jobs, _pid, _never, workers=1, limits=Limits()))
    assert len(got) == 3 and got[0] != got[1]


def _slow_second(n: int) -> int:
    if n == 2:
        time.sleep(60)
    return n


def test_a_job_over_its_time_is_failed_and_the_others_go_on() -> None:
    got = list(
        run_jobs(
            [(1,), (2,), (3,)],
            _slow_second,
            lambda job, reason: -job[0],
            workers=1,
            limits=Limits(timeout=1.0),
        )
    )
    assert got == [1, -2, 3]


def test_memory_is_walked_only_when_the_resident_size_could_hold_too_much(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """smaps_rollup costs milliseconds a read: within its resident size and swap, a
    process is within its budget, and the walk is skipped; over them, it decides."""
    me = os.getpid()
    assert workers.over_memory(me, 0)  # this process has memory of its own
    walked: list[int] = []

    def walk(pid: int) -> float:
        walked.append(pid)
        return 5.0

    monkeypatch.setattr(workers, "private_mb", walk)
    assert not workers.over_memory(me, 1_000_000) and walked == []
    assert workers.over_memory(me, 1) and walked == [me]
    assert not workers.over_memory(me, 5) and walked == [me, me]
