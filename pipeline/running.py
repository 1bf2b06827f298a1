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
            # A row of column headers repeated over a table on each page is no running head,
            # nor is a line a table's frame holds ("£m" over its columns, inside the rules).
            if not in_margin or len(ln.segments) >= 3 or _framed(ln, page):
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


def _framed(line: Line, page: Page) -> bool:
    """Whether rules drawn down both sides of the line run on well into the page's body:
    the frame of a table the line stands in, at the top of each page its table fills."""
    reach = line.bbox.bottom + 0.2 * page.height
    down = [
        (x, top, bottom)
        for x, top, bottom in _vertical_runs(page)
        if top <= line.bbox.top + 2 and bottom >= reach
    ]
    return any(x <= line.bbox.x0 + 1 for x, _, _ in down) and any(
        x >= line.bbox.x1 - 1 for x, _, _ in down
    )


def _vertical_runs(page: Page) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the page's vertical rules, pieces drawn end to end joined (a
    spreadsheet draws a frame's side cell by cell)."""
    pieces = sorted(
        (round(r.bbox.xc), r.bbox.top, r.bbox.bottom) for r in page.rules if r.orientation == "v"
    )
    runs: list[tuple[float, float, float]] = []
    for x, top, bottom in pieces:
        if runs and abs(runs[-1][0] - x) <= 1 and top <= runs[-1][2] + 3:
            runs[-1] = (runs[-1][0], runs[-1][1], max(runs[-1][2], bottom))
        else:
            runs.append((x, top, bottom))
    return runs


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
