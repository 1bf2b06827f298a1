"""Where a table's header starts and ends, and whether its rules make a grid: read from
the rules and shading its producer drew, which say more than where its words stand."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from pipeline.models import Fill, Line, Rule
from pipeline.normalise import column_period, is_unit_only
from pipeline.tables.columns import Band, column_of
from pipeline.tables.headers import header_cells
from pipeline.tables.linekinds import line_kinds
from pipeline.tables.regions import Region


def over_shaded_header(
    header: Sequence[Line], region: Region, shading: Sequence[Fill]
) -> list[Line]:
    """A title set flush with the table's left edge over its header row's shading ("Efficiency
    and savings programme" over a shaded header, its labels set between blocks of figures):
    the shading starts the header, and a line wholly above it is the table's caption, not a
    heading over the columns it happens to stand over."""
    if not header:
        return []
    last = header[-1].bbox
    # The header row's shading: one band, or a cell's fill each, across the table.
    shaded = [f.bbox for f in shading if f.bbox.top <= last.yc <= f.bbox.bottom]
    covered, reach = 0.0, -math.inf
    for b in sorted(shaded, key=lambda b: b.x0):
        covered += max(0.0, b.x1 - max(b.x0, reach))
        reach = max(reach, b.x1)
    if covered < 0.8 * region.bbox.width:
        return []
    top = min(b.top for b in shaded)
    return [
        ln
        for ln in header
        if ln.bbox.bottom <= top + 1
        and len(ln.segments) == 1
        and ln.bbox.x0 <= region.bbox.x0 + 0.02 * region.bbox.width
    ]


def header_floor(
    lines: Sequence[Line], first: int, region: Region, bands: Sequence[Band] = ()
) -> int | None:
    """The last line above the last rule drawn over the first figures: the header ends
    there at the latest. Lines below that rule are the first row's, set above its figure
    in a tall cell (an organisation's name and a wrapped summary over "£3,000.00" at the
    cell's foot), not header words. None where no rule parts header lines from them.

    A line below the rule with words over most figure columns is still header (a shaded
    header row drawn with no rule of its own under a boxed title): the first row's
    wrapped text stands in its text columns, not over its figures. A figure is never a
    header word: "£9,506" over "(incl £100 deferred grant)" in a tall first row is the
    row's, though it stands over one of only two figure columns."""
    cuts = [y for y in region.hrules if y < lines[first].bbox.yc]
    if not cuts:
        return None
    above = [k for k in range(first) if lines[k].bbox.yc < max(cuts)]
    values = [b for b in bands if b.kind == "num"]
    # A header row of cells stands above the rule already ("Organisation | Status | …
    # | Amount Requested"): a line under it with words in the row's text cells too
    # ("YMCA | Registered | …" beside "Trinity Ward" over "£8,000") is the first row's.
    # A units row under the header ("£000" over each figure) is still the header's.
    headed = any(
        len(lines[k].segments) >= 2
        and any(s.bbox.x_overlap(b.box) > 0 for s in lines[k].segments for b in values)
        for k in above
    )
    left = min((b.x0 for b in values), default=0.0)
    heads = []
    for k in range((above[-1] + 1) if above else 0, first):
        if not values or "num" in line_kinds(lines[k]):
            continue
        segs = lines[k].segments
        named = _heads_each(lines[k], values)
        over = sum(1 for b in values if any(s.bbox.x_overlap(b.box) > 0 for s in segs))
        if (named or not (headed and any(s.bbox.x1 <= left for s in segs))) and (
            named or 2 * over >= len(values)
        ):
            heads.append(k)
    if heads:
        return heads[-1]
    return above[-1] if above else None


def _heads_each(line: Line, values: Sequence[Band]) -> bool:
    """Whether the line names a year or a unit over every figure column ("2016-17
    Outturn" over one, "2017-18 Estimates" over the other; "£" over each): header words,
    under a title bar that put words over a column ("Go to Guidance -->"), as a first
    row's wrapped text never does."""
    # A header cell is wider than its figures: "£" centred over a box of right-set noughts.
    return all(
        any(
            s.bbox.x_overlap(cell) > 0
            and (is_unit_only(s.text) or column_period(s.text) is not None)
            for s in line.segments
        )
        for cell in header_cells(values)
    )


def rules_between(bands: Sequence[Band], vrules: Sequence[Rule]) -> bool:
    """Whether any rule runs down between two columns: a ruled grid. Rules only round the
    figures (a table boxed on its own) bound the table, not a header cell."""
    gaps = [(a.x1 - 1, b.x0 + 1) for a, b in itertools.pairwise(bands)]
    return any(lo <= r.bbox.x0 <= hi for r in vrules for lo, hi in gaps)


def note_tail(header: Sequence[Line], caption: Sequence[str], bands: Sequence[Band]) -> bool:
    """Header lines that are the tail of a note wrapped in a column of figures ("(pro rata
    to Number of" over "meetings chaired)", under the figure it qualifies), not a header:
    each starts in lower case, stands over a column of figures, and carries on the line
    above it, which ends no sentence. A table continued from the page before, its
    header not repeated, is so read as headless, and carried on."""
    if not header or not caption or re.search(r"[.:;!?]\s*$", caption[-1]):
        return False
    return all(
        s.text[:1].islower() and any(s.bbox.x_overlap(b.box) > 0 for b in bands if b.kind == "num")
        for ln in header
        for s in ln.segments
    )


def title_lines(
    header: Sequence[Line], region: Region, shading: Sequence[Fill], bands: Sequence[Band]
) -> list[Line]:
    """Lines above the header that title the table (its caption), not its columns."""
    return over_shaded_header(header, region, shading) or titles_over_header(header, bands)


def titles_over_header(header: Sequence[Line], bands: Sequence[Band]) -> list[Line]:
    """The paper's title set above the header, in the table's region: lines in the stub
    alone ("BALANCE SHEET", "AT 31 MARCH 2018"), set apart above a header line over two or
    more columns of figures ("2018 … 2017"), and every line above them. A word of the
    title that happens to stand over a column ("Company Number: 59858", right-aligned on
    the first line) heads no column: read as one, it made a year's figures numbers."""
    values = [b for b in bands if b.kind == "num"]
    if len(values) < 2:
        return []
    x0 = min(b.x0 for b in values)

    def spans(ln: Line) -> int:
        return sum(1 for b in values if any(s.bbox.x_overlap(b.box) > 0 for s in ln.segments))

    cut = None
    for k, ln in enumerate(header[:-1]):
        below = header[k + 1]
        apart = below.bbox.top - ln.bbox.bottom > ln.bbox.height
        if (
            all(s.bbox.x1 <= x0 for s in ln.segments)
            and apart
            and any(spans(h) >= 2 for h in header[k + 1 :])
        ):
            cut = k
    return list(header[: cut + 1]) if cut is not None else []


def column_texts(
    cols: Sequence[Band], rows: Sequence[Sequence[Line]], i: int, *, whole: bool = False
) -> list[str]:
    """Column i's text on each row that has any there; with ``whole``, only text lying
    within the column (a cell set across two columns, "Parking surplus as % of total"
    under a group column and a label column, says nothing of either)."""
    out = []
    for row in rows:
        texts = [
            s.text
            for ln in row
            for s in ln.segments
            if column_of(s, cols, figures=True) == i
            and (not whole or (s.bbox.x0 >= cols[i].x0 - 2 and s.bbox.x1 <= cols[i].x1 + 2))
        ]
        if texts:
            out.append(" ".join(texts))
    return out


def ruled_rows(lines: Sequence[Line], data_idx: Sequence[int], region: Region) -> list[list[Line]]:
    """Each line of figures, first, with the lines ruled in one row with it: a tall cell
    names its row on its first line ("YMCA") and sets the sum lower ("Trinity Ward" over
    "£8,000"). Unruled, each line of figures alone."""
    ys = sorted(region.hrules) if region.ruled else []
    out = []
    for i in data_idx:
        y = lines[i].bbox.yc
        lo = max((r for r in ys if r < y), default=None)
        hi = min((r for r in ys if r > y), default=None)
        if lo is None or hi is None:
            out.append([lines[i]])
            continue
        rest = [ln for ln in lines if ln.page == lines[i].page and lo < ln.bbox.yc < hi]
        out.append([lines[i], *(ln for ln in rest if ln is not lines[i])])
    return out
