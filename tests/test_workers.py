"""The paper workers: what a forked child inherits from the ingesting process."""

from __future__ import annotations

import gc

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
