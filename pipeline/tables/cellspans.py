"""Header spans shown by what bounds a merged header cell, wherever its text is aligned.

Where a header's words are centred or set tells only roughly which columns a merged cell
spans; what the producer drew round the cell tells it exactly: the rules beside it (a
ruled grid, or a heading boxed on its own), its shading (a spreadsheet colours a
directorate's heading and its columns), or the rule under it (a spreadsheet's cell
border, booktabs' cmidrule). Each reading here widens the columns a header piece covers
(``placed``, from :func:`pipeline.tables.headers.place_header`) to those the bounds hold,
unless the bounds are a row's or a group's rather than one cell's.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import BBox, Fill, Rule, Segment
from pipeline.normalise import is_unit_only
from pipeline.tables.columns import Band


def ruled_spans(
    placed: Sequence[tuple[Segment, list[int]]],
    bands: Sequence[Band],
    vrules: Sequence[Rule],
    *,
    grid: bool = True,
) -> None:
    """In a ruled grid a header cell is bounded by the rules drawn beside its text: a
    merged cell ("2023-24" over Budget | Actual | Variance) has none between its
    columns, wherever its text is aligned. Rules boxing a group of columns whose own
    headers share the line ("Core | External | Total" under a year, with no rules between
    them) bound the group, not one cell; words of one merged cell over other headers
    ("2025-26   Provisional" over Kent | England) stay one cell however far apart.

    Off the grid (``grid`` False: the page's rules beside an unruled table) only a heading
    over other headers is widened, as a heading boxed on its own ("ACTUALS" over the
    years); the last header line's words are bounded by nothing there but a box round the
    whole table, and neither are pieces that share a line inside the rules (each year over
    its column in a boxed table: the box is the table's, not a merged cell's)."""
    for piece, cov in placed:
        if not cov or (not grid and _heads_alone(piece, cov, placed)):
            continue
        y = piece.bbox.yc
        xs = [r.bbox.x0 for r in vrules if r.bbox.top - 1 <= y <= r.bbox.bottom + 1]
        left = max((x for x in xs if x <= piece.bbox.x0 + 1), default=None)
        right = min((x for x in xs if x >= piece.bbox.x1 - 1), default=None)
        if left is None or right is None:
            continue
        cell = BBox(left, piece.bbox.top, right, piece.bbox.bottom)
        if (_heads_alone(piece, cov, placed) or not grid) and _shares_cell(piece, cell, placed):
            continue
        inside = _columns_within(bands, left, right)
        if inside and set(cov) & set(inside):
            cov[:] = inside


def filled_spans(
    placed: Sequence[tuple[Segment, list[int]]], bands: Sequence[Band], fills: Sequence[Fill]
) -> None:
    """A merged header cell that is shaded shows its extent by its shading: a spreadsheet
    colours a directorate's heading and its columns ("ASCH" over one column, "CYPE" over
    three), which says more than where its text is centred. Shading that holds another
    header piece of the same line, or the header of the labels or of a text column, is a
    row's background, not a cell's, and says nothing; so does shading that would take a
    piece off every column it stood over. Only a heading over other headers is widened:
    the last header line's words head a column each, under a shaded row or not."""
    for piece, cov in placed:
        if not cov or _heads_alone(piece, cov, placed):
            continue
        box = piece.bbox
        holding = [
            f
            for f in fills
            if f.bbox.x0 <= box.x0 + 1
            and box.x1 <= f.bbox.x1 + 1
            and f.bbox.top <= box.yc
            and box.yc <= f.bbox.bottom
        ]
        if not holding:
            continue
        cell = min(holding, key=lambda f: f.bbox.width * f.bbox.height).bbox
        if _shares_cell(piece, cell, placed) or any(
            not c and p.bbox.x_overlap(cell) > 0.5 * p.bbox.width for p, c in placed
        ):
            continue
        inside = _columns_within(bands, cell.x0, cell.x1)
        if inside and set(cov) & set(inside):
            cov[:] = inside


def _heads_alone(
    piece: Segment, cov: Sequence[int], placed: Sequence[tuple[Segment, list[int]]]
) -> bool:
    """Whether no header words but units stand below the piece in its columns: it is the
    last line of its columns' headers, heading them alone."""
    return not any(
        p.bbox.top > piece.bbox.bottom - 1 and set(c) & set(cov) and not is_unit_only(p.text)
        for p, c in placed
    )


def _shares_cell(piece: Segment, cell: BBox, placed: Sequence[tuple[Segment, list[int]]]) -> bool:
    """Whether another header piece beside the piece (overlapping it in height) stands
    mostly inside `cell`: then `cell` (rules or shading around it) bounds a header row or
    a group of columns, not the piece's own cell. Pieces below it in the cell are the
    headers of the columns it spans."""
    return any(
        p is not piece
        and p.bbox.x_overlap(cell) > 0.5 * p.bbox.width
        and min(p.bbox.bottom, piece.bbox.bottom) - max(p.bbox.top, piece.bbox.top) > 0.5
        for p, _ in placed
    )


def underlined_spans(
    placed: Sequence[tuple[Segment, list[int]]], bands: Sequence[Band], underlines: Sequence[BBox]
) -> None:
    """A header cell merged over several columns is often underlined by a rule as wide as
    the merge (a spreadsheet's cell border, booktabs' cmidrule): with no rules down the
    columns, that rule shows the span wherever the text is aligned ("Medium Term
    Financial Plan" set at the left of Gross Expenditure | Income | Net Expenditure)."""
    for piece, cov in placed:
        if not cov:
            continue
        box = piece.bbox
        under = [
            u
            for u in underlines
            if box.bottom - 1 <= u.top <= box.bottom + 0.8 * box.height + 1
            and u.x0 - 2 <= box.x0
            and box.x1 <= u.x1 + 2
        ]
        if not under:
            continue
        rule = min(under, key=lambda u: u.top)
        inside = _columns_within(bands, rule.x0, rule.x1)
        # A rule under several cells of one line is the line's border, no merge.
        beside = {
            b
            for other, c in placed
            if other is not piece and other.bbox.y_overlap(box) > 0
            for b in c
        }
        if len(inside) > len(cov) and set(cov) <= set(inside) and not beside & set(inside):
            cov[:] = inside


def _columns_within(bands: Sequence[Band], x0: float, x1: float) -> list[int]:
    """The columns whose centres lie between x0 and x1: those a cell so bounded spans."""
    return [i for i, b in enumerate(bands) if x0 - 1 <= b.xc <= x1 + 1]
