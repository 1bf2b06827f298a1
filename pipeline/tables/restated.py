"""Headers restated partway down a table.

A table of several blocks may print a header row again between them, under the same
columns: "Budget £1,683" first, then "Area of expenditure | Cost (k)" over the costs
that follow (Defra's INSPIRE report prints each year's budget so). Such a row holds no
figure, and its value cells name a unit or a scale; it is the header of the rows under
it. Where the column's own header states no multiplier, the restated one is the only
statement of the column's unit in the table, and holds for the rows above it as well
(the first block printed before its header is repeated for the second).

Only a restatement that multiplies ("£000", "(k)", "£m") counts: a lone "£" says
pounds, which a cell printing £ says already.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from pipeline.normalise import parse_unit
from pipeline.tables.cellvalue import has_amount
from pipeline.tables.columns import Band
from pipeline.tables.rows import Row
from pipeline.tables.structure import Draft

#: a scale printed in brackets ("Cost (k)", "Spend (000s)", "(£m)")
SCALE_RE = re.compile(r"\(\s*£?\s*(k|'?000'?s?|m|mn|millions?|thousands?)\s*\)", re.IGNORECASE)

#: column index → (row index, the restating text) in row order
Restated = dict[int, list[tuple[int, str]]]


def restated_headers(rows: Sequence[Row], draft: Draft) -> Restated:
    """The rows restating the header of value columns: no figure in any value cell, and
    a multiplier named in at least one."""
    out: Restated = {}
    for ri, row in enumerate(rows):
        cells = {
            bi: " ".join(s.text for s in row.cells[bi])
            for bi, band in enumerate(draft.bands)
            if band.kind == "num" and row.cells.get(bi)
        }
        if not cells or any(has_amount(row.cells[bi]) for bi in cells):
            continue
        for bi, text in cells.items():
            if _multiplier(text):
                out.setdefault(bi, []).append((ri, text))
    return out


def _multiplier(text: str) -> bool:
    unit = parse_unit(text)
    return (unit is not None and unit > 1) or SCALE_RE.search(text) is not None


def band_at(restated: Restated, bi: int, ri: int, band: Band) -> tuple[Band, str] | None:
    """The column as the header nearest above row ``ri`` restates it (a band carrying
    the restated unit, and the restated text), else the first restatement when the
    column's own header names no multiplier; None where nothing is restated."""
    got = restated.get(bi)
    if not got:
        return None
    above = [text for r, text in got if r < ri]
    if above:
        text = above[-1]
    elif not _multiplier(" ".join(band.header)) and not (band.unit is not None and band.unit > 1):
        text = got[0][1]
    else:
        return None
    unit = parse_unit(text)
    return dataclasses.replace(band, unit=unit, unit_source="restated header"), text
