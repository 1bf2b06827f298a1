"""An ingest's loads: the papers extracted since the last load, in one session and one
transaction, each checked once more for a copy another command loaded meanwhile.

Split from `pipeline.ingest` (which decides when a group is due and hands it over); the
rows themselves go in through `pipeline.load`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.batch import Outcome
from pipeline.load import Prepared, known, load_together, record_duplicate

#: Papers ready to load wait for the next ones to join their load for up to this many
#: seconds (counted from the first of them), unless they reach `LOAD_PAPERS` papers or
#: `LOAD_ROWS` rows first. A session and a transaction cost about 0.1 s of CPU whatever
#: they hold (opening the warehouse, ten statements refreshing the derived tables, the
#: checkpoint on close), as much as extracting a short paper.
LOAD_EVERY = 2.0
LOAD_PAPERS = 32
LOAD_ROWS = 20_000


def load_due(waiting: Sequence[tuple[Prepared, str, Outcome]], since: float) -> bool:
    """Whether the papers waiting should load now rather than wait for those behind them.

    Grouping changes nothing loaded: each paper's rows, and its derived rows, are its own,
    and papers still load in their order. It bounds how long a paper extracted waits to be
    queryable (`LOAD_EVERY`, or until the paper behind it is extracted, whichever is later)
    and how many rows one transaction holds (`LOAD_ROWS`: DuckDB keeps them in memory until
    the commit)."""
    rows = sum(sum(ready.counts) for ready, _, _ in waiting)
    return (
        len(waiting) >= LOAD_PAPERS or rows >= LOAD_ROWS or time.monotonic() - since >= LOAD_EVERY
    )


def load_group(con: Any, waiting: Sequence[tuple[Prepared, str, Outcome]]) -> list[Outcome]:
    """Load papers in one transaction (`load_together`); their outcomes, in their order.

    A paper another command loaded under another name since we looked is a duplicate,
    as in `load_ready`. If the transaction fails, the papers are loaded one by one, as
    they would be apart: those before the one that cannot load stay loaded, and its error
    goes on."""
    out: list[Outcome] = []
    papers: list[Prepared] = []
    # one query for the group, not one a paper (the papers of a group are distinct)
    loaded = known_all(con, [sha256 for _, sha256, _ in waiting])
    for ready, sha256, done in waiting:
        prior = loaded[sha256] if sha256 in loaded else known(con, sha256)
        if prior is not None and not same_file(prior[1], Path(done.path)):
            doc_id = record_duplicate(con, done.path, sha256, prior[1])
            out.append(Outcome(done.path, "duplicate", doc_id, error=f"same content as {prior[1]}"))
        else:
            papers.append(ready)
            out.append(done)
    if not papers:
        return out
    try:
        load_together(con, papers)
    except Exception:
        if len(papers) == 1:
            raise
        for ready in papers:
            ready.load(con)
    return out


def known_all(con: Any, sha256s: Sequence[str]) -> dict[str, tuple[str, str, str] | None]:
    """`known` of many papers in one query (an unchanged re-ingest asks it of every paper,
    a query each cost a fifth of its CPU); a content loaded under more than one row, which
    no loader makes, is left out for `known` to answer."""
    asked = sorted(set(sha256s))
    rows = con.execute(
        "select sha256, document_id, source_file, status from _documents "
        "where list_contains(?, sha256) and duplicate_of is null",
        [asked],
    ).fetchall()
    found = Counter(str(r[0]) for r in rows)
    out: dict[str, tuple[str, str, str] | None] = {sha: None for sha in asked if not found[sha]}
    out.update(
        {str(r[0]): (str(r[1]), str(r[2]), str(r[3])) for r in rows if found[str(r[0])] == 1}
    )
    return out


def load_ready(con: Any, ready: Prepared, sha256: str, done: Outcome) -> Outcome:
    """Load a paper's spooled rows; `done` is its outcome once loaded."""
    prior = known(con, sha256)
    if prior is not None and not same_file(prior[1], Path(done.path)):
        # another command loaded the same content under another name since we looked
        doc_id = record_duplicate(con, done.path, sha256, prior[1])
        return Outcome(done.path, "duplicate", doc_id, error=f"same content as {prior[1]}")
    ready.load(con)
    return done


def same_file(a: str, b: Path) -> bool:
    """Whether a path stored in the warehouse names this file."""
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return a == str(b)
