"""Value columns fixed by the header cells over them, where the rows of figures are too
sparse to fix them.

A schedule of savings by year prints one or two figures a row, each under a different
year, and no total row across them on that page: no row shows every column, and rows
with as many figures do not stand over one another, so the figures alone cannot say
where the columns are. The header names every column once. Where each figure stands
under exactly one header cell, and no row puts two figures under one cell, the header
cells are the columns, as Camelot's stream mode takes its columns from the row that
shows the most of them, the header being that row.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipeline.models import BBox, Line, Segment, Word
from pipeline.normalise import fiscal_period, is_unit_only, parse_amount
from pipeline.tables.linekinds import YEAR_RE

Seg = tuple[BBox, str]


def header_columns(
    rows: Sequence[Sequence[Seg]], above: Sequence[Line], stub_x1: float | None = None
) -> list[list[Seg]] | None:
    """The figures grouped by the header cell each stands under, or None.

    The header is the nearest of the three lines above the rows whose cells over the
    figures (at least three, none overlapping) take every figure, each under one cell
    only, no two of a row under one; cells with no figure under them are no columns,
    unless they name a year or a unit. Cells right of the labels (ending at `stub_x1`)
    count; with no labels, those over the figures."""
    figures = [s for r in rows for s in r]
    if len(figures) < 3:
        return None
    left = min(b.x0 for b, _ in figures) if stub_x1 is None else stub_x1
    for line in reversed(list(above)[-3:]):
        heads = [s for s in line.segments if s.bbox.x1 > left and s.text.strip()]
        cells = [s.bbox for s in heads]
        if len(cells) < 3 or any(a.x1 > b.x0 for a, b in itertools.pairwise(cells)):
            continue
        # A units row ("£" under each column) shows the columns but not which of them a
        # heading above spans ("2018" centred over a sum's parts and its total): the
        # header's named cells must fix them.
        if 2 * sum(is_unit_only(s.text) for s in heads) >= len(heads):
            continue
        groups = _under(rows, cells)
        if groups is None:
            continue
        # A year or unit over no figure still heads a column (an empty year in a
        # schedule): kept, so the headers beside it fall to their own columns.
        return [
            g or [(cell.bbox, "num")]
            for g, cell in zip(groups, heads, strict=True)
            if g or _names_period_or_unit(cell.text)
        ]
    return None


def _is_year(text: str) -> bool:
    """A fiscal year ("2017/18") or a calendar year ("2024") and nothing else."""
    t = text.strip()
    return bool(fiscal_period(t) or YEAR_RE.match(t))


def _names_period_or_unit(text: str) -> bool:
    return _is_year(text) or is_unit_only(text.strip())


def _under(rows: Sequence[Sequence[Seg]], cells: Sequence[BBox]) -> list[list[Seg]] | None:
    groups: list[list[Seg]] = [[] for _ in cells]
    for row in rows:
        taken: set[int] = set()
        for seg in row:
            over = [j for j, c in enumerate(cells) if seg[0].x_overlap(c) > 0]
            if len(over) != 1 or over[0] in taken:
                return None
            taken.add(over[0])
            groups[over[0]].append(seg)
    return groups


def split_year_runs(lines: Sequence[Line], end: int) -> list[Line]:
    """The lines, those above the rows (up to `end`) with each run of years set as one
    phrase cut into a segment per year ("2017/18 2018/19 2019/20": narrow year
    columns a space apart, read as one cell by their gaps)."""
    out = list(lines)
    for i in range(min(end, len(lines))):
        line = lines[i]
        if not any(_run(s.words) for s in line.segments):
            continue
        segments: list[Segment] = []
        for seg in line.segments:
            if _run(seg.words):
                segments.extend(_one(w) for w in seg.words)
            else:
                segments.append(seg)
        out[i] = Line(line.page, line.words, segments, line.bbox)
    return out


def _run(words: Sequence[Word]) -> bool:
    """Two or more years, and nothing else but a "Total" heading the last (a year with
    its unit, "2022-23 £'000", is one cell)."""
    years = [w for w in words if _is_year(w.text)]
    rest = [w for w in words if w not in years]
    return len(years) >= 2 and all(w.text.strip().lower() in {"total", "totals"} for w in rest)


def _one(word: Word) -> Segment:
    return Segment([word], word.bbox)


def split_figure_runs(lines: Sequence[Line], data_idx: Sequence[int]) -> list[Line]:
    """The lines, each run of figures set one space apart cut into a figure per header
    cell: a typewriter face sets a nil and the next column's figure a space apart ("-
    -241,640"), which the line's gaps read as one cell. Each figure of the run must stand
    under a header cell of its own, left to right (a sign set apart from its figure,
    "- 17", stands under one cell and stays)."""
    if not data_idx:
        return list(lines)
    heads = next(
        (
            cells
            for line in reversed(list(lines[: data_idx[0]])[-3:])
            if len(cells := [s.bbox for s in line.segments if s.text.strip()]) >= 3
        ),
        None,
    )
    if heads is None:
        return list(lines)
    out = list(lines)
    for i in data_idx:
        line = lines[i]
        segments: list[Segment] = []
        for seg in line.segments:
            segments.extend(_by_cell(seg, heads))
        if len(segments) != len(line.segments):
            out[i] = Line(line.page, line.words, segments, line.bbox)
    return out


def _by_cell(seg: Segment, heads: Sequence[BBox]) -> list[Segment]:
    words = seg.words
    if len(words) < 2 or any(parse_amount(w.text) is None for w in words):
        return [seg]
    cells = []
    for w in words:
        over = [j for j, c in enumerate(heads) if w.bbox.x_overlap(c) > 0]
        if len(over) != 1:
            return [seg]
        cells.append(over[0])
    if any(b <= a for a, b in itertools.pairwise(cells)):
        return [seg]
    return [_one(w) for w in words]
