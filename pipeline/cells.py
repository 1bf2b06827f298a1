"""Text cells of tables, read as narrative: lines → cells → blocks with their table and row.

A savings template's description ("This saving reflects £1.5m from ...") or a risk
register's *Consequence* column is prose that happens to sit in a grid. The tables stage
keeps such columns as row attributes; here the lines a table used are read again, cell by
cell, so the money, years and bodies in them are tagged like any paragraph, each block
carrying the table and row it came from.

A cell is a stack of text segments of one table column: a segment joins the cell above
when it starts at the same left edge (or overlaps it mostly), follows within a line's
height, and no ruling line lies between them. Figures (amounts, percentages, RAG words)
are not text. Only cells of at least ``MIN_WORDS`` words are kept: longer than a label,
as long as a sentence, so short labels, headers and group rows stay out (a label as long
as a sentence is prose too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.models import BBox, Block, Figure, Line, Page, Segment, TableInfo

#: words a text cell needs to be read as narrative
MIN_WORDS = 8

_FIGURE = re.compile(
    r"^[\s£$€%()\[\]\-–—−+,.:/\d*]*(?:[kmKM]|bn|n/a|nil|red|amber|green|blue|[RAGB])?[\s%)*]*$",
    re.IGNORECASE,
)


@dataclass
class _Cell:
    segs: list[Segment] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        return BBox.enclosing([s.bbox for s in self.segs])

    @property
    def text(self) -> str:
        out = ""
        for s in sorted(self.segs, key=lambda s: (round(s.bbox.top), s.bbox.x0)):
            t = s.text.strip()
            if out.endswith("-") and t[:1].isalnum():
                out += t  # "2024-" / "25": a word or year split over the line
            else:
                out = f"{out} {t}" if out else t
        return out


def is_figure_text(text: str) -> bool:
    """An amount, percentage, nil mark or RAG word: a value, not prose."""
    return bool(_FIGURE.match(text.strip()))


def _rule_between(page: Page, upper: BBox, lower: BBox) -> bool:
    lo, hi = upper.bottom - 1, lower.top + 1
    return any(
        r.orientation == "h"
        and lo <= r.bbox.yc <= hi
        and r.bbox.x0 <= max(upper.x0, lower.x0) + 2
        and r.bbox.x1 >= min(upper.x1, lower.x1) - 2
        for r in page.rules
    )


def _wall_between(page: Page, left: BBox, right: BBox) -> bool:
    """A vertical rule standing between two pieces of one line: a column boundary."""
    lo, hi = left.x1 - 1, right.x0 + 1
    mid = (max(left.top, right.top) + min(left.bottom, right.bottom)) / 2
    return any(
        r.orientation == "v" and lo <= r.bbox.xc <= hi and r.bbox.top <= mid <= r.bbox.bottom
        for r in page.rules
    )


def _continues_line(page: Page, cell: _Cell, seg: Segment) -> bool:
    """A justified line of a narrow cell breaks into words spaced wide apart; the next
    piece of the cell's own line joins it when a rule, not a gap, bounds the column
    (in a ruled grid) or the gap is a word space stretched, not a gutter (unruled)."""
    same = [s for s in cell.segs if s.bbox.y_overlap(seg.bbox) > 0.5 * seg.bbox.height]
    if not same:
        return False
    left = max(same, key=lambda s: s.bbox.x1)
    gap = seg.bbox.x0 - left.bbox.x1
    if gap < 0 or _wall_between(page, left.bbox, seg.bbox):
        return False
    ruled = any(
        r.orientation == "v" and r.bbox.xc > seg.bbox.x1 and r.bbox.y_overlap(seg.bbox) > 0
        for r in page.rules
    )
    return ruled or gap <= 1.5 * max(seg.bbox.height, left.bbox.height)


def _joins(page: Page, cell: _Cell, seg: Segment) -> bool:
    if _far_below(cell, seg):
        return False
    if _continues_line(page, cell, seg):
        return True
    last = max(cell.segs, key=lambda s: s.bbox.bottom)
    height = max(last.bbox.height, seg.bbox.height, 1.0)
    gap = seg.bbox.top - last.bbox.bottom
    if gap < -0.5 * height or gap > 0.8 * height:
        return False
    box = cell.bbox
    narrow = min(box.width, seg.bbox.width) or 1.0
    aligned = abs(seg.bbox.x0 - box.x0) <= 3 or box.x_overlap(seg.bbox) / narrow >= 0.6
    return aligned and not _rule_between(page, last.bbox, seg.bbox)


def _far_below(cell: _Cell, seg: Segment) -> bool:
    """`seg` starts below the cell by more than `_joins` lets a segment join, and no part
    of the cell stands on its line: `_joins` would say no, after `_continues_line` and
    its scans of the page's rules. Segments come top to bottom, so most cells a segment
    is tried against are those far above it."""
    last = max(cell.segs, key=lambda s: s.bbox.bottom)  # the one `_joins` measures from
    gap = seg.bbox.top - last.bbox.bottom
    height = max(last.bbox.height, seg.bbox.height, 1.0)
    return seg.bbox.height >= 0 and gap >= 0 and gap > 0.8 * height


def cells_of(page: Page, segs: Sequence[Segment]) -> list[_Cell]:
    """Text segments of one table on one page grouped into cells, top to bottom."""
    ordered = sorted(segs, key=lambda s: (s.bbox.top, s.bbox.x0))
    # A cell whose last line ends further above a segment than the tallest segment's
    # leading lets it join is closed to every later one too (segments come top to
    # bottom): it is no longer tried, which keeps a long table's cells linear.
    tallest = max((s.bbox.height for s in ordered), default=0.0)
    cells: list[_Cell] = []
    live: list[_Cell] = []
    for seg in ordered:
        if is_figure_text(seg.text):
            continue
        live = [c for c in live if not _closed(c, seg, tallest)]
        open_ = [c for c in live if _joins(page, c, seg)]
        if open_:
            min(open_, key=lambda c: abs(c.bbox.x0 - seg.bbox.x0)).segs.append(seg)
        else:
            cells.append(_Cell([seg]))
            live.append(cells[-1])
    return cells


def _closed(cell: _Cell, seg: Segment, tallest: float) -> bool:
    """`_far_below` for `seg` and for any segment below it no taller than `tallest`."""
    last = max(cell.segs, key=lambda s: s.bbox.bottom)
    gap = seg.bbox.top - last.bbox.bottom
    return gap >= 0 and gap > 0.8 * max(last.bbox.height, tallest, 1.0)


def _table_of(table_boxes: Sequence[TableInfo], page: int, line: Line) -> TableInfo | None:
    here = [t for t in table_boxes if t.page <= page <= t.last_page]
    inside = [
        t for t in here if t.page == page and t.bbox.contains_point(line.bbox.xc, line.bbox.yc, 2)
    ]
    if inside:
        return inside[0]
    going_on = [t for t in here if t.page < page]
    return going_on[0] if len(going_on) == 1 else None


def _row_of(figures: Sequence[Figure], box: BBox) -> tuple[int | None, str | None]:
    """The row whose figures stand level with the cell (most of them, if several)."""
    rows = Counter(
        (f.row_index, f.row_label) for f in figures if box.top - 2 <= f.bbox.yc <= box.bottom + 2
    )
    if not rows:
        return None, None
    (index, label), _ = rows.most_common(1)[0]
    return index, label


def text_cell_blocks(
    pages: Sequence[Page],
    lines: Sequence[Sequence[Line]],
    used: set[int],
    tables: Sequence[TableInfo],
    figures: Sequence[Figure],
    side_text: dict[int, list[Segment]] | None = None,
) -> list[Block]:
    """Blocks (kind "table_cell") for the long text cells of every table, page by page;
    text beside a table (side_text) is narrative already and is left out."""
    beside = {id(s) for segs in (side_text or {}).values() for s in segs}
    out: list[Block] = []
    for page, page_lines in zip(pages, lines, strict=True):
        by_table: dict[int, list[Segment]] = {}
        for ln in page_lines:
            if id(ln) not in used:
                continue
            table = _table_of(tables, page.number, ln)
            if table is not None:
                by_table.setdefault(table.table_index, []).extend(
                    s for s in ln.segments if id(s) not in beside
                )
        for index, segs in sorted(by_table.items()):
            figs = [f for f in figures if f.table_index == index and f.page == page.number]
            for cell in cells_of(page, segs):
                text = re.sub(r"\s+", " ", cell.text).strip()
                if len(text.split()) < MIN_WORDS:
                    continue
                row_index, row_label = _row_of(figs, cell.bbox)
                out.append(
                    Block(
                        page.number,
                        0,
                        "table_cell",
                        text,
                        cell.bbox,
                        table_index=index,
                        row_index=row_index,
                        row_label=row_label,
                    )
                )
    return out
