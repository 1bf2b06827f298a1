"""Where the tables are on a page, and which lines belong to each.

Two sources, one model: boxes drawn with ruling lines, and runs of lines whose
figures line up in columns. Both yield a Region: the lines of one table on one
page plus the rules inside it, ready for column and row analysis.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.layout import line_size, make_line
from pipeline.models import BBox, Line, Page, Rule, Segment
from pipeline.normalise import looks_like_total, parse_amount
from pipeline.tables.boxes import (
    beside_another,
    box_lines,
    boxed_heading,
    caption_above,
    cells_of_wider_rows,
    figures_align,
    filled_header_above,
    headless_rows,
    key_value_box,
    labels_left_of,
    mark_read,
    rest_of_lines,
    rules_under_some_columns,
    within,
    within_width,
)
from pipeline.tables.linekinds import (
    CAPTION_RE,
    beside,
    columns_compatible,
    continues_cells,
    has_header_above,
    heads_columns,
    introduces,
    is_caption,
    is_data_line,
    lead_in,
    line_kinds,
    opens_paragraph,
    prose_like,
    starts_table,
    units_header,
)
from pipeline.tables.rules import joined_hrules, page_grids, rule_stacks, split_stack


@dataclass
class Region:
    """One table's lines on one page."""

    page: int
    bbox: BBox
    lines: list[Line]
    hrules: list[float] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)
    ruled: bool = False
    caption: list[str] = field(default_factory=list)
    #: running text set beside the table, handed back to the narrative
    side_text: list[Segment] = field(default_factory=list)
    #: one row of figures opening its page with no header (a table's last row carried
    #: over a page break), or a total boxed on its own under a table: joined to the
    #: table before where its figures line up
    lone: bool = False
    #: ids of its lines that are titles set over it, underlined as text is ("Income and
    #: Expenditure Account"): part of the table's extent, never its columns' header
    titles: set[int] = field(default_factory=set)
    #: horizontal rules narrower than the table inside it (the rule under a spanning
    #: header cell shows how far it spans)
    underlines: list[BBox] = field(default_factory=list)


# --------------------------------------------------------------------------- ruled boxes


def find_regions(page: Page, lines: Sequence[Line]) -> tuple[list[Region], list[Region]]:
    """(figure-table regions, form regions) on a page.

    A form region is a ruled box whose cells hold words, not figures: its text
    is narrative laid out in a grid (a review form, a key-facts box).
    """
    regions: list[Region] = []
    forms: list[Region] = []
    vrules = [r for r in page.rules if r.orientation == "v"]
    claimed: set[int] = set()
    deferred: list[Line] = []
    read: dict[int, set[int]] = {}  # words a box read of lines running on out of it
    boxes = page_grids(page, lines)
    stacks = [
        part for stack in rule_stacks(page, boxes) for part in split_stack(stack, lines, page.fills)
    ]
    for bbox, rules in [*boxes, *stacks]:
        inside, cut = box_lines(bbox, lines, claimed, vrules)
        if not inside:
            continue
        boxed = any(r.orientation == "v" for r in rules)
        # A box drawn round one or two cells of a row whose label and figures run on
        # outside it (a form's comment box beside a line of figures) is a cell, not a table.
        if (not boxed or len(inside) <= 2) and rules_under_some_columns(inside, cut):
            for ln in inside:
                claimed.discard(id(ln))
            continue
        others = [b for b, _ in (*boxes, *stacks) if b is not bbox]
        if (wider := labels_left_of(bbox, inside, cut, others)) is not None:
            claimed.difference_update(id(ln) for ln in inside)
            bbox = wider
            inside, cut = box_lines(bbox, lines, claimed, vrules)
        region = Region(
            page=page.number,
            bbox=bbox,
            lines=inside,
            hrules=sorted({round(r.bbox.top, 1) for r in rules if r.orientation == "h"}),
            vrules=[r for r in rules if r.orientation == "v"],
            ruled=True,
            caption=caption_above(lines, bbox),
        )
        n_data = sum(1 for ln in inside if is_data_line(ln))
        # A box round a grand total alone, drawn apart from the table above it.
        region.lone = len(inside) == 1 and n_data == 1 and looks_like_total(inside[0].text)
        is_booktabs = not region.vrules
        if n_data >= 1 and not key_value_box(inside):
            if is_booktabs:
                _extend_booktabs(region, lines, claimed)
            elif head := filled_header_above(bbox, lines, claimed, page.fills):
                claimed.update(id(ln) for ln in head)
                region.lines = [*head, *region.lines]
                region.bbox = BBox.enclosing([bbox, *(ln.bbox for ln in head)])
            regions.append(region)
        elif not is_booktabs and not boxed_heading(inside) and not cells_of_wider_rows(inside, cut):
            region = _form_or_joined(region, forms, regions, lines)
        else:
            for ln in inside:
                claimed.discard(id(ln))
            continue
        # Lines partly inside (beside text) are split; mark the originals as used, unless
        # another box still to be read holds the rest (two grids side by side, rows on one
        # baseline): the last of them to be read marks them.
        mark_read(region, regions, cut, read)
        for ln in lines:
            if beside_another(ln, bbox, others):
                deferred.append(ln)
            elif bbox.contains_point(ln.bbox.xc, ln.bbox.yc, tol=2):
                claimed.add(id(ln))
    claimed.update(id(ln) for ln in _read_beside(deferred, [r.bbox for r in regions]))
    free = rest_of_lines([ln for ln in lines if id(ln) not in claimed], read, vrules)
    regions.extend(_whitespace_regions(page, free, [r.bbox for r in regions if r.ruled]))
    regions.sort(key=lambda r: (r.bbox.top, r.bbox.x0))
    _set_underlines(regions, page)
    return regions, forms


def _read_beside(deferred: Sequence[Line], tables: Sequence[BBox]) -> list[Line]:
    """Lines shared by boxes side by side that the tables read: all their words inside
    tables, or their centre in one."""
    return [
        ln
        for ln in deferred
        if within(ln, tables)
        or any(t.contains_point(ln.bbox.xc, ln.bbox.yc, tol=2) for t in tables)
    ]


def _set_underlines(regions: Sequence[Region], page: Page) -> None:
    """Each region's rules drawn under part of its width (a header's span underlined)."""
    hs = [r.bbox for r in joined_hrules(page.rules)]
    for region in regions:
        box = region.bbox
        region.underlines = [
            h
            for h in hs
            if box.top - 1 <= h.top <= box.bottom + 1
            and box.x0 - 2 <= h.x0
            and h.x1 <= box.x1 + 2
            and h.width < 0.9 * box.width
        ]


def _form_or_joined(
    region: Region, forms: list[Region], regions: list[Region], lines: Sequence[Line]
) -> Region:
    """A box of words is a form, unless with a form beside it it makes a table; the
    region to mark as used either way."""
    joined = _joined_with_form(region, forms, lines)
    if joined is None:
        forms.append(region)
        return region
    forms.remove(joined[0])
    regions.append(joined[1])
    return joined[1]


def _joined_with_form(
    region: Region, forms: Sequence[Region], lines: Sequence[Line]
) -> tuple[Region, Region] | None:
    """A box of words and a box of bare figures drawn side by side with their rows on the
    same lines are one table whose borders were drawn on the used cells only (a
    spreadsheet with a gap column): neither is a table alone, nor a form. Returns the form
    joined and the table they make; None where no form beside it makes a table with it."""
    for other in forms:
        a, b = region.bbox, other.bbox
        if a.x_overlap(b) > 0 or min(a.height, b.height) < 0.9 * max(a.height, b.height):
            continue
        if a.y_overlap(b) < 0.9 * min(a.height, b.height):
            continue
        box = a.union(b)
        parts = [
            part
            for ln in lines
            if box.top - 1 <= ln.bbox.yc <= box.bottom + 1
            and (part := within_width(ln, box)) is not None
        ]
        if not parts or sum(1 for part in parts if is_data_line(part)) < 0.5 * len(parts):
            continue
        return other, Region(
            page=region.page,
            bbox=box,
            lines=parts,
            hrules=sorted({*region.hrules, *other.hrules}),
            vrules=[*region.vrules, *other.vrules],
            ruled=True,
            caption=caption_above(lines, box),
        )
    return None


def _extend_below(region: Region, lines: Sequence[Line], claimed: set[int]) -> None:
    """Rows printed under a table's last rule (a total set off above, not below) belong to it."""
    box = region.bbox
    below = sorted(
        (ln for ln in lines if ln.bbox.yc > box.bottom and id(ln) not in claimed),
        key=lambda ln: ln.bbox.top,
    )
    parts: list[Line] = []
    for ln in below:
        part = within_width(ln, box)
        if part is not None:
            parts.append(part)
    edge = box.bottom
    taken: list[Line] = []
    pending: list[Line] = []
    for part in parts:
        # A grand total may be set apart by a blank line or two; nothing else is.
        reach = 3.2 if is_data_line(part) and looks_like_total(part.segments[0].text) else 1.6
        if part.bbox.top - edge > reach * line_size(part) or starts_table(part):
            break
        if is_data_line(part):
            taken.extend(pending)
            pending = []
            taken.append(part)
        elif len(pending) < 3 and not part.text.rstrip().endswith("."):
            pending.append(part)
        else:
            break
        edge = part.bbox.bottom
    if taken:
        region.lines = [*region.lines, *taken]
        region.bbox = BBox.enclosing([region.bbox, *(ln.bbox for ln in taken)])
        for ln in lines:
            inside = region.bbox.contains_point(ln.bbox.xc, ln.bbox.yc, tol=2)
            if inside and any(ln.bbox.y_overlap(t.bbox) > 0 for t in taken):
                claimed.add(id(ln))


def _extend_booktabs(region: Region, lines: Sequence[Line], claimed: set[int]) -> None:
    """Header lines printed above a table's first rule belong to it.

    Tables ruled only under the header (and between rows) leave the header
    outside the rule stack; take the lines just above, within the table's
    width, up to a caption or a sentence.
    """
    box = region.bbox
    above = sorted(
        (ln for ln in lines if ln.bbox.yc < box.top and id(ln) not in claimed),
        key=lambda ln: -ln.bbox.bottom,
    )
    edge = box.top
    added: list[Line] = []
    for ln in above[:8]:
        part = within_width(ln, box)
        if part is None:
            continue
        if edge - part.bbox.bottom > 1.6 * line_size(part):
            break
        text = part.text.strip()
        sentence = text.endswith(".") or (len(part.words) >= 8 and len(part.segments) == 1)
        title = bool(added) and line_size(part) > 1.08 * max(line_size(a) for a in added)
        if (
            is_data_line(part)
            and not added
            and headless_rows(region.lines)
            and figures_align(part, region.lines)
        ):
            # a row set above the first rule of rows with no header of their own (rules
            # drawn under each row but over none): the first row of the same table
            added.insert(0, part)
            edge = part.bbox.top
            if part is ln:
                claimed.add(id(ln))
            continue
        if CAPTION_RE.match(text) or sentence or is_data_line(part) or title:  # title: set larger
            if CAPTION_RE.match(text) or not sentence:  # whole, where it runs on past the table
                region.caption = [ln.text if ln.words[0] is part.words[0] else text]
            break
        added.insert(0, part)
        edge = part.bbox.top
        if part is ln:
            claimed.add(id(ln))
    _extend_below(region, lines, claimed)
    if added:
        region.lines = [*added, *region.lines]
        region.bbox = BBox.enclosing([box, *(ln.bbox for ln in added)])
        if not region.caption:
            region.caption = caption_above(
                [ln for ln in lines if id(ln) not in claimed], region.bbox
            )


def _whitespace_regions(
    page: Page, lines: Sequence[Line], ruled: Sequence[BBox] = ()
) -> list[Region]:
    """Runs of lines whose figures align in columns, with no rules to say so; a total
    printed alone just under a ruled table (`_closes`) is taken, lone, for that table."""
    lines = sorted(lines, key=lambda ln: ln.bbox.top)
    out: list[Region] = []
    i = 0
    n = len(lines)
    while i < n:
        if not is_data_line(lines[i]):
            i += 1
            continue
        run = [i]
        j = i + 1
        pending: list[int] = []
        while j < n:
            ln = lines[j]
            prev = lines[run[-1] if not pending else pending[-1]]
            size = line_size(prev)
            gap = ln.bbox.top - prev.bbox.bottom
            # A total may stand further down, after the blank rows a form leaves to fill.
            reach = 8.0 if looks_like_total(ln.text) else 5.0
            if gap > 3.0 * size and not (
                gap <= reach * size and _row_below(lines, run, j, pending)
            ):
                break
            if is_data_line(ln):
                if not columns_compatible(lines, run, j):
                    break
                run.extend(pending)
                pending = []
                run.append(j)
            elif (
                prose_like(ln, lines, run)
                or starts_table(ln)
                or opens_paragraph(ln)
                or heads_columns(ln, lines, run)
            ):
                break
            else:
                pending.append(j)
                if len(pending) > 10:
                    break
            j += 1
        _take_wrapped_tail(lines, run, pending)
        data_count = sum(1 for k in run if is_data_line(lines[k]))
        lone = data_count == 1 and (
            (run[0] == 0 and page.number > 1)
            or _introduced(lines, run[0])
            or _closes(lines[run[0]], ruled)
        )
        if data_count >= 2 or has_header_above(lines, run[0]) or lone:
            floor = out_last if (out_last := (out[-1].bbox.bottom if out else None)) else -1.0
            above, caption = _lines_above(lines, run, floor)
            chosen = [*above, *(lines[k] for k in run)]
            chosen, side = _strip_side_text(chosen, page)
            titled = _underlined(page, above)
            out.append(
                Region(
                    page=page.number,
                    bbox=BBox.enclosing([ln.bbox for ln in chosen]),
                    lines=chosen,
                    caption=caption,
                    side_text=side,
                    lone=lone and not above,
                    titles={id(ln) for ln in chosen if id(ln) in titled},
                )
            )
            i = run[-1] + 1
        else:
            i += 1
    return out


def _strip_side_text(lines: list[Line], page: Page) -> tuple[list[Line], list[Segment]]:
    """Take out a column of running text set to the right of an unruled table.

    It stands clear of the figures, starts every line at one edge, and reads as
    sentences; a comments column does not end its phrases with full stops.
    """
    right = max(
        (
            s.bbox.x1
            for ln in lines
            for s, k in zip(ln.segments, line_kinds(ln), strict=True)
            if k in {"num", "rag"}
        ),
        default=None,
    )
    if right is None:
        return lines, []
    side = [s for ln in lines for s in ln.segments if s.bbox.x0 > right + 6]
    if len(side) < 4:
        return lines, []
    x0s = [round(s.bbox.x0) for s in side]
    aligned = max(x0s.count(x) for x in set(x0s)) >= 0.8 * len(side)
    text = " ".join(s.text for s in side)
    sentences = len(re.findall(r"[a-z0-9)][.!?](?:\s|$)", text))
    long_lines = statistics.mean(len(s.text) for s in side) >= 25
    if not (aligned and long_lines and sentences >= 1):
        return lines, []
    cut = min(s.bbox.x0 for s in side) - 1
    vrules = [r for r in page.rules if r.orientation == "v"]
    kept: list[Line] = []
    for ln in lines:
        words = [w for w in ln.words if w.bbox.x1 <= cut]
        if words:
            kept.append(ln if len(words) == len(ln.words) else make_line(ln.page, words, vrules))
    return kept, side


def _over_columns(ln: Line, lines: Sequence[Line], run: Sequence[int]) -> bool:
    """Three or more cells of words, each over a cell of the rows below: a header row."""
    cells = [s.bbox for k in run[:6] for s in lines[k].segments]
    return len(ln.segments) >= 3 and all(
        parse_amount(s.text) is None and any(s.bbox.x_overlap(c) > 0 for c in cells)
        for s in ln.segments
    )


def _heads_figure_columns(ln: Line, lines: Sequence[Line], run: Sequence[int]) -> bool:
    """A header row whose stub cell holds the table's title ("Appendix 3 … Page 1 of 2").

    A spreadsheet often prints its title in the top-left cell of the header row; the
    cells beside it still head the figure columns, so the line is a header, not a
    caption. At least two cells must stand over figures of the rows below.
    """
    figures = [
        s.bbox
        for k in run[:6]
        for s, kind in zip(lines[k].segments, line_kinds(lines[k]), strict=True)
        if kind == "num"
    ]
    over = [s for s in ln.segments[1:] if any(s.bbox.x_overlap(f) > 0 for f in figures)]
    return len(over) >= 2


def _underlined(page: Page, lines: Sequence[Line]) -> set[int]:
    """ids of one-segment lines underlined as text is: a rule just under the words, as wide
    as they are. A title ("Income and Expenditure Account") is underlined so; a header cell's
    rule is its cell's border, as wide as the cell."""
    under = [r.bbox for r in page.rules if r.orientation == "h"]
    out: set[int] = set()
    for ln in lines:
        if len(ln.segments) != 1:
            continue
        box = ln.bbox
        if any(
            abs(r.x0 - box.x0) <= 1.5
            and abs(r.x1 - box.x1) <= 1.5
            and -1 <= r.top - box.bottom <= 0.5 * line_size(ln)
            for r in under
        ):
            out.add(id(ln))
    return out


def _lines_above(
    lines: Sequence[Line], run: Sequence[int], floor: float
) -> tuple[list[Line], list[str]]:
    """Header and section lines over the first row of figures, then the caption above them."""
    above: list[Line] = []
    caption: list[str] = []
    k = run[0] - 1
    below = lines[run[0]]
    span = BBox.enclosing([lines[i].bbox for i in run])
    while k >= 0 and len(above) < 16:
        ln = lines[k]
        if ln.bbox.bottom <= floor:
            break
        gap = below.bbox.top - ln.bbox.bottom
        # A header row in a tall shaded cell may stand further off, over the columns.
        reach = 5.0 if _over_columns(ln, lines, run) else 2.5
        if gap > reach * line_size(below) or is_data_line(ln):
            break
        if (
            prose_like(ln, lines, run)
            or (CAPTION_RE.match(ln.text) and not _heads_figure_columns(ln, lines, run))
            or (len(ln.segments) == 1 and len(ln.words) >= 10 and not units_header(ln))
            or (lead_in(ln) and not beside(lines, k, span))
            or _ends_paragraph(lines, k)
        ):
            if is_caption(ln.text):
                caption.insert(0, ln.text)
            break
        above.insert(0, ln)
        below = ln
        k -= 1
    # The caption may stand over the sentence that leads into the table.
    if k >= 1 and lead_in(lines[k]) and not beside(lines, k, span):
        below, k = lines[k], k - 1
    if not caption and k >= 0 and lines[k].bbox.bottom > floor:
        ln = lines[k]
        if (
            below.bbox.top - ln.bbox.bottom <= 2.5 * line_size(below)
            and not is_data_line(ln)
            and is_caption(ln.text)
        ):
            caption.append(ln.text)
    return above, caption


def _take_wrapped_tail(lines: Sequence[Line], run: list[int], pending: Sequence[int]) -> None:
    """Lines set tight below the last figures finish that row's wrapped text: its label,
    flush with the labels or hanging a few letters in, clear of the figures; or, where
    several text columns stand side by side, the cells each line's words start under."""
    for k in pending:
        prev, size = lines[run[-1]], line_size(lines[k])
        indent = lines[k].bbox.x0 - lines[run[0]].bbox.x0
        hanging = 0 < indent <= 4 * size and lines[k].bbox.x1 < _first_figure(prev)
        if lines[k].bbox.top - prev.bbox.bottom < 0.6 * size and (
            abs(indent) <= 2 * size or hanging or continues_cells(lines[k], prev)
        ):
            run.append(k)
        else:
            break
    run.sort()


def _row_below(lines: Sequence[Line], run: Sequence[int], j: int, pending: Sequence[int]) -> bool:
    """A wider gap parts tables, unless what follows it is another row of the same figures
    (no text between), set a few blank lines lower under the same columns."""
    return not pending and is_data_line(lines[j]) and columns_compatible(lines, run, j)


def _first_figure(line: Line) -> float:
    """Where the line's first figure starts (infinity with none)."""
    kinds = line_kinds(line)
    return min(
        (s.bbox.x0 for s, k in zip(line.segments, kinds, strict=True) if k == "num"),
        default=math.inf,
    )


def _closes(line: Line, ruled: Sequence[BBox]) -> bool:
    """A total standing free just under a ruled table, across its width ("Total receipts"
    under a form's boxed block of receipts): a row of that table set outside its rules."""
    gap = 2.5 * line_size(line)
    return looks_like_total(line.text) and any(
        0 <= line.bbox.top - b.bottom <= gap and line.bbox.x_overlap(b) > 0.5 * b.width
        for b in ruled
    )


def _introduced(lines: Sequence[Line], k: int) -> bool:
    """A sentence introducing a list stands just above line `k`, over at most two lines of
    its wrapped label: one row under it is a table of one row (or the first row of one
    carried on over the page)."""
    for j in range(k - 1, max(k - 4, -1), -1):
        if lines[j + 1].bbox.top - lines[j].bbox.bottom > 3 * line_size(lines[j + 1]):
            return False
        if introduces(lines[j]):
            return True
    return False


def _ends_paragraph(lines: Sequence[Line], k: int) -> bool:
    """Line `k` is the last line of a paragraph of running text: its first words close a
    sentence carried on from a line of prose set tight above. Words beside them at the
    right (an action's owner in minutes: "… speed indicator signs.   Cllr. P. Harries")
    belong to the paragraph, not to a header over the figures below."""
    if k == 0 or not lines[k].segments:
        return False
    first, above = lines[k].segments[0], lines[k - 1]
    return (
        first.text.rstrip().endswith(".")
        and len(first.words) >= 4
        and len(above.segments) == 1
        and len(above.words) >= 8
        and lines[k].bbox.top - above.bbox.bottom < 0.6 * line_size(above)
    )
