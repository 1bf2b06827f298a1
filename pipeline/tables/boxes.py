"""Ruled boxes judged before they are read as tables: a box drawn round a few cells of
a wider table (a form's comment box, a boxed header cell), rules drawn under some columns
only, a box of key-value pairs. Each is told from the lines the box holds or cuts."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout import line_size, make_line
from pipeline.models import BBox, Fill, Line, Rule, Segment, Word
from pipeline.normalise import parse_amount
from pipeline.tables.linekinds import CAPTION_RE, is_caption, is_data_line, line_kinds


def restrict(line: Line, bbox: BBox, vrules: Sequence[Rule]) -> Line | None:
    """The part of a line inside a box (a table beside text), re-segmented."""
    words = [w for w in line.words if bbox.contains_point(w.bbox.xc, w.bbox.yc, tol=1.0)]
    if not words:
        return None
    if len(words) == len(line.words):
        return line
    return make_line(line.page, words, vrules)


def box_lines(
    bbox: BBox, lines: Sequence[Line], claimed: set[int], vrules: Sequence[Rule]
) -> tuple[list[Line], list[tuple[Line, Line]]]:
    """(the lines a box holds, (line, part) for those it cuts) of the lines not yet
    claimed; a line wholly inside is claimed here."""
    inside: list[Line] = []
    cut: list[tuple[Line, Line]] = []
    wide = BBox(bbox.x0 - 1, bbox.top, bbox.x1 + 1, bbox.bottom)
    for ln in lines:
        if id(ln) in claimed:
            continue
        if bbox.contains_point(ln.bbox.xc, ln.bbox.yc, tol=2) or (
            bbox.top - 1 <= ln.bbox.yc <= bbox.bottom + 1 and ln.bbox.x_overlap(bbox) > 0
        ):
            part = restrict(ln, wide, vrules)
            if part is not None:
                inside.append(part)
                if part is ln:
                    claimed.add(id(ln))
                else:
                    cut.append((ln, part))
    return inside, cut


def labels_left_of(
    bbox: BBox, inside: Sequence[Line], cut: Sequence[tuple[Line, Line]], others: Sequence[BBox]
) -> BBox | None:
    """The box widened to the row labels printed left of it, outside its rules, if so.

    A form ruled round its figure cells only (a charity's receipts and payments, whose
    closing rows box their figures and print "Net of receipts/(payments)" free beside
    them) holds no words of its own: its rows' labels are the words on each row's
    baseline left of it. So they are when every line it cuts goes on to the left only,
    with words and no figure, in no other box, and most of its rows of figures are cut so.
    """
    if not cut or any("text" in line_kinds(ln) for ln in inside):
        return None
    data = [ln for ln in inside if is_data_line(ln)]
    left: list[Word] = []
    for ln, part in cut:
        # (a word the box's own range holds yet the part lacks, such as a dash drawn
        # twice, is neither beside it nor a label)
        outside = [w for w in _outside(ln, part) if not bbox.x0 - 1 <= w.bbox.xc <= bbox.x1 + 1]
        if any(w.bbox.x1 > bbox.x0 + 1 or parse_amount(w.text) is not None for w in outside):
            return None
        left.extend(outside)
    in_other = any(b.contains_point(w.bbox.xc, w.bbox.yc, tol=2) for w in left for b in others)
    if in_other or 2 * sum(1 for _, part in cut if is_data_line(part)) < len(data):
        return None
    return BBox(min(w.bbox.x0 for w in left) - 1, bbox.top, bbox.x1, bbox.bottom)


def beside_another(line: Line, box: BBox, others: Sequence[BBox]) -> bool:
    """Whether `line` has words in `box` and others in another box beside it."""
    inside = [w.bbox for w in line.words if box.contains_point(w.bbox.xc, w.bbox.yc, tol=2)]
    return bool(inside) and any(
        b.x_overlap(box) <= 0 and b.contains_point(w.bbox.xc, w.bbox.yc, tol=2)
        for w in line.words
        for b in others
    )


def mark_read(
    region: object,
    regions: Sequence[object],
    cut: Sequence[tuple[Line, Line]],
    read: dict[int, set[int]],
) -> None:
    """Note the words a box read as a table of lines running on out of it; a form's
    words are narrative, and stay with their lines. (Regions are compared by identity:
    typed ``object`` here, as tables.regions imports this module.)"""
    if any(r is region for r in regions):
        for ln, part in cut:
            read.setdefault(id(ln), set()).update(id(w) for w in part.words)


def rest_of_lines(
    lines: Sequence[Line], read: dict[int, set[int]], vrules: Sequence[Rule]
) -> list[Line]:
    """The lines left for tables found by whitespace, less the words boxes read of them.

    A row of a ruled table in the right-hand column of a page shares its baseline with a
    line of prose in the left-hand one; the page's line runs across both, its middle
    outside the box. The box reads its cells; the rest of the line is prose, and only the
    rest: read whole again, the table's figures came out twice, the prose as their labels.
    """
    out: list[Line] = []
    for ln in lines:
        taken = read.get(id(ln))
        if not taken:
            out.append(ln)
            continue
        words = [w for w in ln.words if id(w) not in taken]
        if words:
            out.append(make_line(ln.page, words, vrules))
    return out


def within(line: Line, boxes: Sequence[BBox]) -> bool:
    """Whether every word of `line` stands in one of `boxes` (tables read from it)."""
    return all(
        any(b.contains_point(w.bbox.xc, w.bbox.yc, tol=2) for b in boxes) for w in line.words
    )


def rules_under_some_columns(inside: Sequence[Line], cut: Sequence[tuple[Line, Line]]) -> bool:
    """Rules drawn under a few value columns only (an account rules off each total in
    its figure columns) make no table of their own: most rows of figures they cross go
    on beyond them with more figures, or start left of them with their labels (a
    statement of accounts rules off its subtotals under the figures alone), so the
    table is wider than its rules and is read from the whole lines."""
    data = [part for part in inside if is_data_line(part)]
    wider = sum(1 for ln, part in cut if is_data_line(part) and _goes_on(ln, part))
    return bool(data) and wider >= 0.5 * len(data)


def _goes_on(line: Line, part: Line) -> bool:
    """Whether the words of `line` outside `part` are more of its row: a figure, or
    the row's label standing left of the part's figures."""
    outside = _outside(line, part)
    return any(parse_amount(w.text) is not None for w in outside) or any(
        w.bbox.x1 <= part.bbox.x0 for w in outside
    )


def _outside(line: Line, part: Line) -> list[Word]:
    """The words of `line` that a box cut off from it (not in `part`, by identity)."""
    kept = {id(w) for w in part.words}
    return [w for w in line.words if id(w) not in kept]


def boxed_heading(lines: Sequence[Line]) -> bool:
    """A box round a few words and no figures ("ACTUALS" boxed over a table's years) is a
    header cell drawn on its own, not a form: its words go back to the page, where the
    table below takes them as its header (or the narrative as a heading)."""
    return len(lines) == 1 and len(lines[0].words) <= 4 and not lines[0].text.endswith(".")


def cells_of_wider_rows(inside: Sequence[Line], cut: Sequence[tuple[Line, Line]]) -> bool:
    """A box of a few lines of words, every one of them going on outside it on the same
    baseline ("2023/24  2024/25  Variance" beside a boxed "Explanation from smaller
    authority"): header cells of a table wider than the box, not a form. So is a grid
    of labels whose rows mostly go on outside it with their figures."""
    parts = {id(part) for _, part in cut}
    if 0 < len(inside) <= 3 and all(id(ln) in parts for ln in inside):
        return True
    # A grid round a table's label column only (the figures' column drawn without its
    # own rules): most of its lines go on outside it with a figure.
    figured = sum(
        1 for ln, part in cut if any(parse_amount(w.text) is not None for w in _outside(ln, part))
    )
    return len(inside) > 3 and 2 * figured >= len(inside)


def key_value_box(lines: Sequence[Line]) -> bool:
    """A box of 'label: value' pairs (a key-facts strip), not a table of figures.

    Its field names end in a colon ("Budget:", "11/12 Gross" / "Expenditure:") and stand
    between the values, which no column of a savings table does. A colon ending a line of
    a label that wraps on below it ("…, calculated as:" over "(total cost …) x 100") is
    the label's own words, not the end of a field name.
    """
    data = [ln for ln in lines if is_data_line(ln)]
    if not data or len(data) > 4:
        return False
    ordered = sorted(lines, key=lambda ln: ln.bbox.top)
    # Field names beside their values, not a total's wrapped label ("Total expenditure /
    # for reported year:") nor a title over the box ("… (in accordance with / regulation
    # 59E):"): on the lines of figures, on half of them at least.
    on_data = {id(ln) for ln in data}
    colon = 2 * sum(
        seg.text.rstrip().endswith(":") and not _wraps_on(seg, ordered[i + 1 :])
        for i, ln in enumerate(ordered)
        if id(ln) in on_data
        for seg in ln.segments
    ) >= len(data)
    between = all(
        "text" in (kinds := line_kinds(ln))[kinds.index("num") + 1 :]
        or kinds.count("text") >= kinds.count("num")
        for ln in data
    )
    return colon and between


def _wraps_on(seg: Segment, below: Sequence[Line]) -> bool:
    """Whether the next line carries text on under the segment, set a line apart: its cell
    wraps on, so the segment does not end its cell."""
    if not below:
        return False
    nxt = below[0]
    close = nxt.bbox.top - seg.bbox.bottom < 0.8 * seg.bbox.height
    return close and any(
        t.bbox.x_overlap(seg.bbox) > 0 and not is_data_line(nxt) for t in nxt.segments
    )


def filled_header_above(
    bbox: BBox, lines: Sequence[Line], claimed: set[int], fills: Sequence[Fill]
) -> list[Line]:
    """The lines of a header printed in a band of colour set on top of a ruled grid, the
    grid's rules starting under it (a spreadsheet's header row filled dark, its borders
    drawn round the body only): the band is as wide as the grid and meets its top rule,
    so its lines head the grid's columns. Lines not yet claimed, inside the band."""
    band = next(
        (
            f.bbox
            for f in fills
            if abs(f.bbox.bottom - bbox.top) <= 3
            and f.bbox.height <= 60
            and f.bbox.x_overlap(bbox) >= 0.9 * bbox.width
        ),
        None,
    )
    if band is None:
        return []
    return [
        ln
        for ln in lines
        if id(ln) not in claimed
        and band.top - 1 <= ln.bbox.yc <= band.bottom
        and ln.bbox.x0 >= bbox.x0 - 2
        and ln.bbox.x1 <= bbox.x1 + 2
    ]


def within_width(line: Line, box: BBox) -> Line | None:
    """The part of a line above or below a table that lies within the table's width."""
    return restrict(line, BBox(box.x0 - 4, line.bbox.top - 1, box.x1 + 4, line.bbox.bottom + 1), [])


def caption_above(lines: Sequence[Line], bbox: BBox) -> list[str]:
    """The title line just above a table: a "Table 3: …" line within a few lines above
    (even when it starts left of a table set beside text), else the line right above
    the table, cut to the table's width, when it reads as a title."""
    above = sorted(
        (ln for ln in lines if ln.bbox.bottom <= bbox.top + 1 and bbox.top - ln.bbox.bottom < 60),
        key=lambda ln: -ln.bbox.bottom,
    )
    for ln in above:
        for seg in ln.segments:
            if CAPTION_RE.match(seg.text):
                return [seg.text]
    for ln in above[:1]:
        part = within_width(ln, bbox)
        near = part is not None and bbox.top - part.bbox.bottom <= 2.5 * line_size(part)
        # A row of figures right above is the last row of a table set just before, no title.
        if part is not None and near and is_caption(part.text) and not is_data_line(part):
            return [part.text]
    return []


def headless_rows(lines: Sequence[Line]) -> bool:
    """Rows with no header of their own: no line before the first row of figures sets
    words in two cells or more (a wrapped description may stand above its figures)."""
    first = next((k for k, ln in enumerate(lines) if is_data_line(ln)), None)
    return first is not None and all(len(ln.segments) <= 1 for ln in lines[:first])


def figures_align(line: Line, lines: Sequence[Line]) -> bool:
    """A line whose two figures or more each end where a figure of the table's rows ends."""
    ends = [s.bbox.x1 for ln in lines for s in ln.segments if parse_amount(s.text) is not None]
    own = [s.bbox.x1 for s in line.segments if parse_amount(s.text) is not None]
    return len(own) >= 2 and all(any(abs(x - e) <= 2.0 for e in ends) for x in own)
