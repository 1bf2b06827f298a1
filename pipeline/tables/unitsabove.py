"""Units printed once over a page's columns, for the tables set under them.

A statement laid out in columns (a bank reconciliation: "£" over each of two columns,
then the balance, a list of unpresented cheques under the first column, a total, the
cash sheets' balances under the second) is read as several tables, split by the
captions and blank space between its parts. Only the first holds the units row; the
parts below print their figures under the same "£" and state no unit of their own.
Each column of figures with no unit takes the unit whose symbol stands over it in the
nearest units row above the table on its page: a line of unit symbols alone, as a
units row is. That unit is printed over that very column, so this is no guess from
the page; a column under no symbol of that row keeps no unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import Line
from pipeline.normalise import is_unit_only, parse_unit
from pipeline.tables.structure import Draft


def units_from_row_above(draft: Draft, lines: Sequence[Line]) -> None:
    """Give each of the draft's columns of figures with no unit the unit the nearest units
    row above it on its page prints over it (``unit_source`` "units row above")."""
    bare = [b for b in draft.bands if b.kind == "num" and b.unit is None]
    if not bare:
        return
    top = min((bl.line.bbox.top for bl in draft.body if bl.page == draft.page), default=None)
    if top is None:
        return
    rows = [ln for ln in lines if ln.bbox.bottom <= top and _units_row(ln)]
    if not rows:
        return
    row = max(rows, key=lambda ln: ln.bbox.bottom)
    for band in bare:
        over = [s for s in row.segments if band.x0 - 4 <= s.bbox.xc <= band.x1 + 4]
        if len(over) == 1:
            band.unit = parse_unit(over[0].text)
            band.unit_source = "units row above"


def _units_row(line: Line) -> bool:
    """A line of unit symbols and nothing else ("£      £", "£000  £000")."""
    return bool(line.segments) and all(
        is_unit_only(s.text) and parse_unit(s.text) is not None for s in line.segments
    )
