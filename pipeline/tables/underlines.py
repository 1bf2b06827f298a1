"""Header spans shown by the rules under header cells.

A header cell merged over several columns is often underlined by a rule as wide as the
merge (a spreadsheet's cell border, booktabs' cmidrule). With no rules down the columns
to bound the cell, that rule is what shows how far it spans.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import BBox, Segment
from pipeline.tables.columns import Band


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
        inside = [i for i, b in enumerate(bands) if rule.x0 - 1 <= b.xc <= rule.x1 + 1]
        # A rule under several cells of one line is the line's border, no merge.
        beside = {
            b
            for other, c in placed
            if other is not piece and other.bbox.y_overlap(box) > 0
            for b in c
        }
        if len(inside) > len(cov) and set(cov) <= set(inside) and not beside & set(inside):
            cov[:] = inside
