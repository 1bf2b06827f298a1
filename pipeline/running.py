"""Running heads and folios: lines a paper prints in the margin of its pages.

A part of the layout stage with one job: the lines repeated at the top or foot of the
pages (a title over every page, "Page 3 of 12") are no table text and no narrative;
the extract stage sets them aside and reads the paper's year from them when its title
carries none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import Line, Page


def running_lines(pages_lines: Sequence[Sequence[Line]], pages: Sequence[Page]) -> set[int]:
    """ids of lines that repeat at the top or bottom margin of pages: running heads, folios."""
    if not pages:
        return set()
    out: set[int] = set()
    keyed: dict[str, list[Line]] = {}
    for page, lines in zip(pages, pages_lines, strict=True):
        for ln in lines:
            in_margin = ln.bbox.bottom < 0.09 * page.height or ln.bbox.top > 0.91 * page.height
            # A row of column headers repeated over a table on each page is no running head.
            if not in_margin or len(ln.segments) >= 3:
                continue
            key = re.sub(r"\d+", "#", ln.text.lower()).strip()
            if re.fullmatch(r"(page\s*)?#(\s*(of|/)\s*#)?|-\s*#\s*-", key):
                out.add(id(ln))
                continue
            keyed.setdefault(key, []).append(ln)
    if len(pages) >= 2:
        need = max(2, len(pages) // 2)
        tol = 0.015 * max(p.height for p in pages)
        for lines_with_key in keyed.values():
            out.update(id(ln) for ln in _same_place(lines_with_key, tol, need))
    return out


def _same_place(lines: Sequence[Line], tol: float, need: int) -> list[Line]:
    """The lines, of one text, printed at one height on at least `need` pages: a running
    head stands where it stood on the page before. The same words at another height are
    a table's header set lower on its first page than on the pages after (a merged
    cell's "Public" over "Health" under a title on page 1 only)."""
    ordered = sorted(lines, key=lambda ln: ln.bbox.top)
    best: list[Line] = []
    for i, first in enumerate(ordered):
        group = [ln for ln in ordered[i:] if ln.bbox.top - first.bbox.top <= tol]
        if len({ln.page for ln in group}) > len({ln.page for ln in best}):
            best = group
    return best if len({ln.page for ln in best}) >= need else []
