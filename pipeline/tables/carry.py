"""What a page break leaves behind: a table's header orphaned at the foot of a page.

Word and HTML exports that do not repeat header rows can print a table's caption
and header as the last lines of one page and all of its rows on the next. The
rows then open their page with no header; the lines closing the page before
stand over the same columns and are their header. They are lifted onto the
rows' page, just above them, so the header is read as if printed there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pipeline.layout import line_size
from pipeline.models import BBox, Line, Segment, Word
from pipeline.tables.columns import Band
from pipeline.tables.context import closing_lines
from pipeline.tables.headers import header_cells
from pipeline.tables.linekinds import is_sentence_or_caption
from pipeline.tables.regions import Region


def orphan_header(
    prev_lines: Sequence[Line], taken: set[int], bands: Sequence[Band]
) -> tuple[list[Line], list[Line]]:
    """The free lines at the foot of the page before that head these columns (top down),
    and the free lines above them (nearest first): the table's caption and lead-in.

    Read upwards from the last line until a line stands over none of the columns (the
    caption or the text above); sentences and captions are never header lines. At
    least one line must put words over two columns, as a header does.
    """
    closing = closing_lines(prev_lines, taken)
    cells = header_cells([b for b in bands if b.kind in ("num", "rag")])
    out: list[Line] = []
    for ln in closing:
        # Header lines are set tight; a caption stands apart above them.
        apart = bool(out) and out[0].bbox.top - ln.bbox.bottom > 1.2 * line_size(ln)
        if apart or not _columns_under(ln, cells) or is_sentence_or_caption(ln) or len(out) >= 6:
            break
        out.insert(0, ln)
    if not any(len(_columns_under(ln, cells)) >= 2 for ln in out):
        return [], []
    return out, closing[len(out) : len(out) + 4]


def _columns_under(line: Line, cells: Sequence[BBox]) -> set[int]:
    return {i for s in line.segments for i, c in enumerate(cells) if s.bbox.x_overlap(c) > 0}


def with_header(region: Region, header: Sequence[Line]) -> Region:
    """The region with the orphaned header lines set just above its first line."""
    dy = region.bbox.top - 2.0 - header[-1].bbox.bottom
    lifted = [_shift(ln, region.page, dy) for ln in header]
    return dataclasses.replace(
        region,
        bbox=BBox.enclosing([region.bbox, *(ln.bbox for ln in lifted)]),
        lines=[*lifted, *region.lines],
    )


def _shift(line: Line, page: int, dy: float) -> Line:
    def box(b: BBox) -> BBox:
        return BBox(b.x0, b.top + dy, b.x1, b.bottom + dy)

    def word(w: Word) -> Word:
        return dataclasses.replace(w, bbox=box(w.bbox))

    segments = [Segment([word(w) for w in s.words], box(s.bbox)) for s in line.segments]
    words = [w for s in segments for w in s.words]
    return Line(page=page, words=words, segments=segments, bbox=box(line.bbox))
