"""Stand-in extraction jobs for tests/test_cluster.py, in a module Dask workers import.

Kept apart from the test module so a worker unpickling them imports only the models, not the
CLI and the extraction stack (seconds per worker on a shared machine).
"""

from __future__ import annotations

import time

from pipeline.models import DocumentInfo, Extraction


def slow_or_quick(path: str, sha: str, *rest: object) -> Extraction:
    """A stand-in extraction: "slow" papers never end, the others are done at once."""
    if "slow" in path:
        time.sleep(600)
    doc = DocumentInfo(sha256=sha, source_file=path, pages=1, status="ok")
    return Extraction(document=doc, generator="test")


def failed(job: tuple[object, ...], reason: str) -> Extraction:
    doc = DocumentInfo(sha256=str(job[1]), source_file=str(job[0]), pages=0, status="failed")
    doc.error = reason
    return Extraction(document=doc, generator="test")


def no_warm_up() -> None:
    """Nothing to build before the first paper."""
