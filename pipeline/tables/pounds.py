"""Columns that state their unit in every cell: "£" printed before each figure.

A table may state no unit anywhere but in its cells ("£1,187,352", "£28,193"); a column
printing £ in each of its figures is in pounds, and its nils ("-") and cells saying there
is no figure ("n/a", "TBC") are of that column too.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.normalise import NO_FIGURE, parse_amount
from pipeline.tables.rows import Row
from pipeline.tables.structure import Draft


def _pounds_or_none(text: str) -> bool:
    nil = (a := parse_amount(text)) is not None and a.is_nil
    return "£" in text or nil or NO_FIGURE.match(text) is not None


def pound_columns(items: Sequence[Row | str], draft: Draft) -> set[int]:
    """The columns printing £ in every cell but nils ("-") and cells saying there is no
    figure ("n/a"), from first row to last."""
    rows = [r for r in items if isinstance(r, Row)]
    out: set[int] = set()
    for bi, band in enumerate(draft.bands):
        cells = [" ".join(s.text for s in r.cells[bi]) for r in rows if r.cells.get(bi)]
        marked = [t for t in cells if "£" in t]
        if band.kind == "num" and len(marked) >= 2 and all(map(_pounds_or_none, cells)):
            out.add(bi)
    return out
