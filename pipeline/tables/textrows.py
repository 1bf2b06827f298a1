"""The text pieces a table's text columns are found from: those on its rows of figures,
and those of the lines of words wrapped round them.

A text column shows on the lines of figures only where its cells hold one line level
with the figures. Cells that wrap over two or three lines, the figures centred between
them, may show there on one row in six or on none, though every line of them stands
under the column's header; the lines wrapped round a row belong to its columns as much.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import BBox, Line, Segment
from pipeline.normalise import parse_amount
from pipeline.tables.cellpieces import cell_pieces
from pipeline.tables.columns import Band
from pipeline.tables.linekinds import YEAR_RE
from pipeline.tables.refcolumns import numbered_label


def text_rows_of(
    lines: Sequence[Line],
    kinds: Sequence[Sequence[str]],
    data_idx: Sequence[int],
    bands: Sequence[Band],
    refs: Sequence[Band],
    notes: Sequence[BBox],
) -> list[list[Segment]]:
    """Each row of figures' text pieces, outside the value and reference columns, and
    those of the lines of words wrapped round it: figures centred in a tall row stand on
    a line of their own, between the lines of its wrapped cells, and a row whose first
    column holds one line may wrap its second over three."""
    data = set(data_idx)
    bare = [i for i in data_idx if "text" not in kinds[i]]  # figures on a line of their own
    beside = {
        k
        for k in range(len(lines))
        if k not in data
        and any(lines[k].bbox.y_overlap(lines[i].bbox) > 0.3 * lines[k].bbox.height for i in bare)
    }
    beside |= _wrapped_round(lines, kinds, data_idx, [*bands, *refs])
    # A nil dash set against its label ("- General Reserve") hides no label column.
    return [
        [
            p
            for s, k in zip(lines[i].segments, kinds[i], strict=True)
            if k == "text" or (k == "rag" and any(s.bbox.x_overlap(n) > 0 for n in notes))
            for p in cell_pieces(s, bands)
            if (
                parse_amount(p.words[0].text) is None
                or (s is lines[i].segments[0] and numbered_label(p))
                or YEAR_RE.match(p.text.strip())
            )
            and not any(p.bbox.x_overlap(b.box) > 1.0 for b in [*bands, *refs])
        ]
        for i in sorted([*data_idx, *beside])
    ]


def _wrapped_round(
    lines: Sequence[Line],
    kinds: Sequence[Sequence[str]],
    data_idx: Sequence[int],
    columns: Sequence[Band],
) -> set[int]:
    """Lines of words only, set as tight above or below a row of figures with words of
    its own as the lines of one cell are (centres at most 1.5 line heights apart), none of
    their words over a value column: the other lines of that row's wrapped cells. A line
    with words over the figures is a header or a note, not part of a cell."""
    data = set(data_idx)
    worded = [i for i in data_idx if "text" in kinds[i]]
    out: set[int] = set()
    for k, line in enumerate(lines):
        if k in data or not line.segments or any(kd != "text" for kd in kinds[k]):
            continue
        if any(s.bbox.x_overlap(c.box) > 1.0 for s in line.segments for c in columns):
            continue
        pitch = 1.5 * max(line.bbox.height, 1.0)
        if any(abs(lines[i].bbox.yc - line.bbox.yc) <= pitch for i in worded):
            out.add(k)
    return out
