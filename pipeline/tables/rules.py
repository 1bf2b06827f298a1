"""Stacks of ruling lines: which rules draw one table.

A grid of horizontal and vertical rules is one table (`ruled_boxes`); rules across
the page with none down it (booktabs, Excel and HTML exports) stack into tables
(`hrule_bands`), once the pieces a row's rule is drawn in are joined and the short
rules a merged cell leaves are counted in. A stack is cut where one table ends and
the next begins under the same rules (`split_stack`): a caption or a sentence, blank
space taller than any row, or a total followed by a fresh header.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence

from pipeline.layout import line_size
from pipeline.models import BBox, Fill, Line, Page, Rule
from pipeline.normalise import looks_like_total, parse_amount
from pipeline.tables.linekinds import CAPTION_RE, is_data_line, opens_paragraph


def ruled_boxes(page: Page) -> list[tuple[BBox, list[Rule]]]:
    """Connected groups of horizontal and vertical rules that form a grid, smallest first:
    a grid drawn inside another's cell claims its own lines before the grid round it."""
    rules = page.rules
    if not rules:
        return []
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [(i, r) for i, r in enumerate(rules) if r.orientation == "h"]
    vs = [i for i, r in enumerate(rules) if r.orientation == "v"]
    for j in vs:
        for i in _touching(rules[j], hs):
            parent[find(i)] = find(j)
    for i, j in _stacked_verticals(rules, vs):
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rules)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        rs = [rules[i] for i in members]
        nh = sum(1 for r in rs if r.orientation == "h")
        nv = sum(1 for r in rs if r.orientation == "v")
        if nh >= 2 and nv >= 2:
            out.append((BBox.enclosing([r.bbox for r in rs]), rs))
    return sorted(out, key=lambda box: box[0].width * box[0].height)


#: how far a rule may stop short of, or run past, the rule it meets (points)
_TOUCH = 3.0
#: rules this much further from a vertical's end than the nearest are not where it ends
_END_SLACK = 0.3


def _stacked_verticals(rules: Sequence[Rule], vs: Sequence[int]) -> list[tuple[int, int]]:
    """Pairs of vertical rules that are one line drawn in pieces: the same x, one ending
    where the next begins. Word draws a cell's borders piece by piece, a row's verticals
    stopping at a rule that is not drawn between unruled rows (or a sliver too small to
    keep); joined only through horizontals, the header and each row would be boxes of
    their own."""
    columns: list[list[int]] = []
    for i in sorted(vs, key=lambda i: rules[i].bbox.x0):
        if columns and rules[i].bbox.x0 - rules[columns[-1][-1]].bbox.x0 <= 1.0:
            columns[-1].append(i)
        else:
            columns.append([i])
    out = []
    for col in columns:
        for i, j in itertools.pairwise(sorted(col, key=lambda i: rules[i].bbox.top)):
            if rules[j].bbox.top - rules[i].bbox.bottom <= _TOUCH:  # meeting or overlapping
                out.append((i, j))
    return out


def _touching(v: Rule, hs: Sequence[tuple[int, Rule]]) -> list[int]:
    """The horizontal rules a vertical one meets: those it crosses, and at each end the
    one it ends on. A table nested at the foot of another's cell draws its own bottom
    rule a fraction of a point above the outer one; its columns end on their own rule,
    and only the nearest rule at an end joins them to it."""
    vb = v.bbox
    across = [(i, h.bbox) for i, h in hs if h.bbox.x0 - _TOUCH <= vb.x0 <= h.bbox.x1 + _TOUCH]
    out = [i for i, h in across if vb.top + _TOUCH < h.top < vb.bottom - _TOUCH]
    for end in (vb.top, vb.bottom):
        near = [(abs(h.top - end), i) for i, h in across if abs(h.top - end) <= _TOUCH]
        if near:
            closest = min(d for d, _ in near)
            out.extend(i for d, i in near if d <= closest + _END_SLACK)
    return out


def hrule_bands(page: Page) -> list[tuple[BBox, list[Rule]]]:
    """Stacks of horizontal rules of one width with no vertical rules: booktabs, Excel exports."""
    hs = sorted(
        (r for r in joined_hrules(page.rules) if r.bbox.width > 60),
        key=lambda r: r.bbox.top,
    )
    stacks: list[list[Rule]] = []
    for r in hs:
        for st in stacks:
            if _same_table(st[0].bbox, r.bbox):
                st.append(r)
                break
        else:
            stacks.append([r])
    stacks = _broken_into([part for st in stacks for part in _narrower_tail(st)])
    return [(BBox.enclosing([r.bbox for r in st]), st) for st in stacks if len(st) >= 2]


def _narrower_tail(stack: list[Rule]) -> list[list[Rule]]:
    """A stack whose last rules are all narrower than the ones above, split there. A
    cell merged down a table's middle rows stops the rules between full-width ones; rules
    narrower to the end are another table set just under this one (sharing its left
    edge), or the pieces a cell merged down the last rows leaves, which `_broken_into`
    joins back where the table above is ruled row by row."""
    full = max(r.bbox.width for r in stack)
    cut = len(stack)
    while cut > 0 and stack[cut - 1].bbox.width < full - 6:
        cut -= 1
    if 0 < cut <= len(stack) - 2:
        return [stack[:cut], stack[cut:]]
    return [stack]


def _broken_into(stacks: list[list[Rule]]) -> list[list[Rule]]:
    """Stacks of rules a merged cell broke, joined to the table they break. A cell merged
    down the last rows of a table (a portfolio over its last schemes, running on over the
    page) stops every rule below the last whole one at its edges: the pieces each side
    stack by themselves, narrower than the table and running past its last whole rule,
    and the rows they rule would be cut off from it. A stack inside the table's width
    that overlaps the table's rules, or starts within a row of its last, sharing one of
    its edges, is the same table's."""
    out = sorted(stacks, key=lambda st: -max(r.bbox.x1 for r in st) + min(r.bbox.x0 for r in st))
    joined = True
    while joined:
        joined = False
        for a, b in itertools.permutations(out, 2):
            if len(a) >= 2 and _breaks(BBox.enclosing([r.bbox for r in a]), a, b):
                a.extend(b)
                a.sort(key=lambda r: r.bbox.top)
                out.remove(b)
                joined = True
                break
    return out


def _breaks(box: BBox, rules: Sequence[Rule], piece: Sequence[Rule]) -> bool:
    """Whether the stack `piece` holds the pieces of `box`'s rules a merged cell broke."""
    pb = BBox.enclosing([r.bbox for r in piece])
    if not (pb.width < box.width - 6 and box.x0 - 2 <= pb.x0 and pb.x1 <= box.x1 + 2):
        return False
    if box.top - 2 <= pb.top and pb.bottom <= box.bottom + 2:
        return False  # inside the table: rule_stacks keeps the table's own box
    tops = sorted(r.bbox.top for r in rules)
    pitch = max((b - a for a, b in itertools.pairwise(tops)), default=0.0)
    if pb.top < box.bottom - 2 and pb.bottom > box.top + 2:
        return True
    # Only a table ruled row by row has a row's height between its rules; the three
    # rules of a booktabs table are no measure of one (the next table may stand that near).
    edge = abs(pb.x0 - box.x0) < 6 or abs(pb.x1 - box.x1) < 6
    return len(rules) >= 4 and edge and box.bottom - 2 <= pb.top <= box.bottom + pitch + 2


def rule_stacks(
    page: Page, boxes: Sequence[tuple[BBox, list[Rule]]]
) -> list[tuple[BBox, list[Rule]]]:
    """Stacks of rules across the page that are tables of their own. Short rules inside
    a wider stack are the same table's, broken by cells merged down rows. A grid's own
    rules are the grid's: the stack keeps what stands above and below it (a boxed total
    row under a table ruled across; a table ruled across under a gridded one)."""
    bands = hrule_bands(page)
    return [
        part
        for bb, rs in bands
        if not any(o is not bb and _inside_box(bb, o) for o, _ in bands)
        for part in _outside_boxes((bb, rs), [b for b, _ in boxes])
    ]


def _outside_boxes(
    stack: tuple[BBox, list[Rule]], boxes: Sequence[BBox]
) -> list[tuple[BBox, list[Rule]]]:
    """The parts of a stack of rules above, between and below the grids drawn over it."""
    bbox, rules = stack
    over = [b for b in boxes if b.x_overlap(bbox) > 0.5 * bbox.width and b.y_overlap(bbox) > 0]
    if not over:
        return [stack]
    parts: list[list[Rule]] = [[]]
    for r in sorted(rules, key=lambda r: r.bbox.top):
        if any(b.top - 2 <= r.bbox.top <= b.bottom + 2 for b in over):
            if parts[-1]:
                parts.append([])
            continue
        parts[-1].append(r)
    return [(BBox.enclosing([r.bbox for r in p]), p) for p in parts if len(p) >= 2]


def _inside_box(inner: BBox, outer: BBox) -> bool:
    return (
        inner.width < outer.width
        and outer.x0 - 2 <= inner.x0
        and inner.x1 <= outer.x1 + 2
        and outer.top - 2 <= inner.top
        and inner.bottom <= outer.bottom + 2
    )


def _same_table(a: BBox, b: BBox) -> bool:
    """Rules of one table: the same width, or sharing one edge with most of the width (a
    cell merged down several rows, "Adult Social Care" over its schemes, stops the rules
    between those rows at its edge)."""
    left, right = abs(a.x0 - b.x0) < 6, abs(a.x1 - b.x1) < 6
    if left and right:
        return True
    return (left or right) and min(a.width, b.width) >= 0.6 * max(a.width, b.width)


def joined_hrules(rules: Sequence[Rule]) -> list[Rule]:
    """Horizontal rules with the pieces of one line joined: HTML and some Word tables draw
    a row's rule as one segment per cell, end to end, so no single piece spans the table."""
    hs = sorted(
        (r for r in rules if r.orientation == "h"), key=lambda r: (round(r.bbox.top), r.bbox.x0)
    )
    out: list[Rule] = []
    for r in hs:
        last = out[-1].bbox if out else None
        if (
            last is not None
            and abs(last.top - r.bbox.top) < 0.6
            and r.bbox.x0 <= last.x1 + 2.0
            and r.bbox.x1 > last.x1
        ):
            out[-1] = Rule(BBox(last.x0, last.top, r.bbox.x1, last.bottom), "h")
        elif last is not None and abs(last.top - r.bbox.top) < 0.6 and r.bbox.x1 <= last.x1:
            continue
        else:
            out.append(r)
    return out


# --------------------------------------------------------------------------- regions


def split_stack(
    stack: tuple[BBox, list[Rule]], lines: Sequence[Line], fills: Sequence[Fill] = ()
) -> list[tuple[BBox, list[Rule]]]:
    """Rules of one width can run through two tables; a "Table 2: …" line or a sentence
    of running text between them separates them, and so does blank space: two rules
    with nothing between them, further apart than any row, close one table and open
    the next; and so does a band of colour across the stack's width, holding words and
    no figures, under rows of figures: the next table's header."""
    bbox, rules = stack
    near = [ln for ln in lines if ln.bbox.x_overlap(bbox) > 0]
    cuts = sorted(
        [
            ln.bbox.yc
            for ln in near
            if bbox.top < ln.bbox.yc < bbox.bottom
            and (any(CAPTION_RE.match(seg.text) for seg in ln.segments[:1]) or opens_paragraph(ln))
        ]
        + _blank_gaps(rules, near)
        + _restarts(rules, near)
        + _unruled_between(rules, near)
        + _captioned_below(rules, near)
        + _header_bands(bbox, near, fills)
    )
    if not cuts:
        return [stack]
    out = []
    edges = [-1e9, *cuts, 1e9]
    for lo, hi in itertools.pairwise(edges):
        part = [r for r in rules if lo < r.bbox.top < hi]
        if len(part) >= 2:
            out.append((BBox.enclosing([r.bbox for r in part]), part))
    return out


def _header_bands(bbox: BBox, lines: Sequence[Line], fills: Sequence[Fill]) -> list[float]:
    """Tops of bands of colour as wide as the stack, inside it, with rows of figures above
    them and words but no figures in them: a header row filled dark opens a table
    stacked under the last one's rules (a statement printing one year's table, then the
    year before's)."""
    out = []
    for f in fills:
        band = f.bbox
        if not (bbox.top < band.top < bbox.bottom) or band.x_overlap(bbox) < 0.9 * bbox.width:
            continue
        inside = [ln for ln in lines if band.top <= ln.bbox.yc <= band.bottom]
        above = [ln for ln in lines if bbox.top < ln.bbox.yc < band.top]
        # a header's band: cells across the columns, taller than a row (a zebra stripe
        # behind a wrapped label's second line is neither)
        headerlike = any(len(ln.segments) >= 2 for ln in inside) and band.height >= 1.5 * max(
            (line_size(ln) for ln in inside), default=math.inf
        )
        if headerlike and not any(map(is_data_line, inside)) and any(map(is_data_line, above)):
            out.append(band.top - 0.5)
    return out


def _blank_gaps(rules: Sequence[Rule], lines: Sequence[Line]) -> list[float]:
    """Middles of the empty spaces between successive rules that are taller than two text
    lines and a third taller than the stack's typical rule spacing (a blank row of a
    spreadsheet is no taller than the rows around it)."""
    ys = sorted({round(r.bbox.top, 1) for r in rules})
    steps = [b - a for a, b in itertools.pairwise(ys) if b - a > 2]
    if len(steps) < 3 or not lines:
        return []
    typical = statistics.median(steps)
    size = statistics.median(line_size(ln) for ln in lines)
    return [
        (a + b) / 2
        for a, b in itertools.pairwise(ys)
        if b - a > max(1.3 * typical, 2.0 * size) and not any(a < ln.bbox.yc < b for ln in lines)
    ]


def _restarts(rules: Sequence[Rule], lines: Sequence[Line]) -> list[float]:
    """Where a table closes and the next opens under the same rules: a total (or a gap
    taller than any row holding a caption), then between two rules a blank row or a
    caption, then a line of several header cells with no figures. (A blank row or a
    heading before a section's rows, one cell over no header, stays inside the table.)"""
    ys = sorted({round(r.bbox.top, 1) for r in rules})
    ordered = sorted(lines, key=lambda ln: ln.bbox.top)
    steps = [y1 - y0 for y0, y1 in itertools.pairwise(ys) if y1 - y0 > 2]
    typical = statistics.median(steps) if len(steps) >= 3 else math.inf
    out = []
    for a, b in itertools.pairwise(ys):
        between = [ln for ln in ordered if a < ln.bbox.yc < b]
        before = [ln for ln in ordered if ln.bbox.yc < a]
        after = [ln for ln in ordered if ln.bbox.yc > b]
        if b - a <= 2 or not before or not after or any(is_data_line(ln) for ln in between):
            continue
        last = before[-1]
        # The header: the first line of several cells, between the rules or after them.
        heads = [ln for ln in [*between, after[0]] if len(ln.segments) >= 2]
        captions = [ln for ln in between if len(ln.segments) == 1]
        # A caption set in a gap taller than any row (space above it, as between tables)
        # ends the table above even when it closes on no total. There is a table above
        # only when rows stand under the stack's first rule; and a caption stands over
        # the header it opens (a year alone under a spanning header is the header's own).
        rows_above = any(is_data_line(ln) for ln in before if ln.bbox.yc > ys[0])
        captioned = (
            rows_above
            and b - a > 1.8 * typical
            and any(heads and c.bbox.top < heads[0].bbox.top for c in captions)
        )
        closed = (is_data_line(last) and looks_like_total(_label_text(last))) or captioned
        if closed and heads and not is_data_line(heads[0]) and len(captions) <= 2:
            out.append((a + (between[0].bbox.yc if between else b)) / 2)
    return out


def _captioned_below(rules: Sequence[Rule], lines: Sequence[Line]) -> list[float]:
    """Where a table drawn with no rule under it ends and the next, ruled under its header,
    opens: between two successive rules, rows of figures, then a caption set apart by
    space and the next table's header on the rule below ("Savings by directorate - £
    million" over "Service | Description | 2016-17 | …")."""
    ys = sorted({round(r.bbox.top, 1) for r in rules})
    ordered = sorted(lines, key=lambda ln: ln.bbox.top)
    out = []
    for a, b in itertools.pairwise(ys):
        between = [ln for ln in ordered if a < ln.bbox.yc < b]
        data = [i for i, ln in enumerate(between) if is_data_line(ln)]
        rest = between[data[-1] :] if data else []
        if len(rest) < 3:
            continue
        above, caption, head = rest[-3], rest[-2], rest[-1]
        if (
            len(head.segments) >= 2
            and not is_data_line(head)
            and b - head.bbox.bottom <= line_size(head)
            and len(caption.segments) == 1
            and not is_data_line(caption)
            and caption.bbox.top - above.bbox.bottom >= line_size(caption)
        ):
            out.append((above.bbox.bottom + caption.bbox.top) / 2)
    return out


def _unruled_between(rules: Sequence[Rule], lines: Sequence[Line]) -> list[float]:
    """Where a table of its own, unruled, stands between two ruled tables of one width:
    between two successive rules, after rows of figures, a heading set apart by space
    above it, over a line of header cells and rows of figures of its own. The rules above
    close one table and the rules below open another; the heading and its table are
    neither's. (A section heading inside a table heads rows, not a line of headers.)"""
    ys = sorted({round(r.bbox.top, 1) for r in rules})
    ordered = sorted(lines, key=lambda ln: ln.bbox.top)
    out = []
    for a, b in itertools.pairwise(ys):
        between = [ln for ln in ordered if a < ln.bbox.yc < b]
        above = [ln for ln in ordered if ys[0] < ln.bbox.yc < a]
        if not any(is_data_line(ln) for ln in above):
            continue
        for i, head in enumerate(between):
            if len(head.segments) != 1 or is_data_line(head):
                continue
            top = between[i - 1].bbox.bottom if i else a
            rest = between[i + 1 :]
            if (
                head.bbox.top - top >= line_size(head)
                and any(len(ln.segments) >= 2 and not is_data_line(ln) for ln in rest[:2])
                and sum(1 for ln in rest if is_data_line(ln)) >= 2
            ):
                out.append((top + head.bbox.top) / 2)
                break
    return out


def _label_text(line: Line) -> str:
    """The first cell of a line that is no figure: its label, wherever the label stands
    (first, or after a block of figures)."""
    return next((s.text for s in line.segments if parse_amount(s.text) is None), "")


def page_grids(page: Page, lines: Sequence[Line]) -> list[tuple[BBox, list[Rule]]]:
    """The page's ruled grids as tables: grids of one table boxed apart joined, a grid
    holding two tables cut, smallest first (a grid inside another's cell first)."""
    return sorted(
        (part for box in join_beside(ruled_boxes(page), lines) for part in split_box(box, lines)),
        key=lambda box: box[0].width * box[0].height,
    )


def split_box(box: tuple[BBox, list[Rule]], lines: Sequence[Line]) -> list[tuple[BBox, list[Rule]]]:
    """A grid whose rows change their columns partway down is two tables drawn in one
    frame (a Word page of key facts over a schedule: "Total funding | £5,438" ruled at
    one place, then "Item | Cost | Objectives | Outcomes" at others). Rows whose inner
    verticals share none with the rows above are cut apart from them, where each side
    holds figures of its own (a form's fields over its one sum stay one form). Rows with
    no inner verticals between them (titles, a box of prose) stay above, but the one just
    over the lower rows is their title. Each part keeps the rule on its cut as its border.
    Columns merged in a header or a total row share the body's verticals: never cut."""
    bbox, rules = box
    bands = _bands(bbox, rules)
    runs: list[list[tuple[float, float, frozenset[int]]]] = []
    for band in bands:
        if not band[2]:
            continue
        if runs and _sharing(band[2], frozenset().union(*(b[2] for b in runs[-1]))):
            runs[-1].append(band)
        else:
            runs.append([band])
    inside = [ln for ln in lines if bbox.contains_point(ln.bbox.xc, ln.bbox.yc, tol=2)]
    cuts: list[float] = []
    for upper, lower in itertools.pairwise(runs):
        top, bottom = (cuts[-1] if cuts else bbox.top), lower[-1][1]
        if (
            len(upper) < 2
            or len(lower) < 2
            or not all(
                any(lo < ln.bbox.yc < hi and _money_line(ln) for ln in inside)
                for lo, hi in ((top, upper[-1][1]), (lower[0][0], bottom))
            )
        ):
            continue
        cuts.append(upper[-1][1])
        between = [b for b in bands if upper[-1][1] <= b[0] and b[1] <= lower[0][0]]
        if len(between) >= 2:
            cuts.append(between[-1][0])
    if not cuts:
        return [box]
    out = []
    for lo, hi in itertools.pairwise([-math.inf, *cuts, math.inf]):
        part = [r for r in rules if lo - 1 <= r.bbox.yc <= hi + 1]
        if sum(1 for r in part if r.orientation == "h") >= 2 and any(
            r.orientation == "v" for r in part
        ):
            out.append((BBox.enclosing([r.bbox for r in part]), part))
    return out if len(out) > 1 else [box]


def _bands(bbox: BBox, rules: Sequence[Rule]) -> list[tuple[float, float, frozenset[int]]]:
    """(top, bottom, inner verticals' x to the point) of each row between two rules."""
    ys: list[float] = []
    for y in sorted(r.bbox.top for r in rules if r.orientation == "h"):
        if not ys or y - ys[-1] > 1.0:
            ys.append(y)
    vs = [r.bbox for r in rules if r.orientation == "v"]
    out = []
    for a, b in itertools.pairwise(ys):
        if b - a <= 2:
            continue
        inner = frozenset(
            round(v.xc)
            for v in vs
            if v.top <= a + 2 and v.bottom >= b - 2 and bbox.x0 + 3 < v.xc < bbox.x1 - 3
        )
        out.append((a, b, inner))
    return out


def _sharing(a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether two rows' inner verticals meet anywhere (within 2 pt)."""
    return any(abs(x - y) <= 2 for x in a for y in b)


def _money_line(line: Line) -> bool:
    """A line holding a sum, not a count or a form's number: a figure printed with £, with
    decimals (pence), or of a thousand or more."""
    for seg in line.segments:
        amt = parse_amount(seg.text)
        if amt is None or amt.is_nil or amt.percent:
            continue
        if amt.currency or abs(amt.value) >= 1000 or amt.value != amt.value.to_integral_value():
            return True
    return False


def join_beside(
    boxes: Sequence[tuple[BBox, list[Rule]]], lines: Sequence[Line]
) -> list[tuple[BBox, list[Rule]]]:
    """Grids set side by side, a few points apart, whose rows are ruled at the same
    heights and end on one rule, one of them holding figures alone under its header, are
    one table whose columns were boxed apart (the Charity Commission's receipts and
    payments form: its labels in one box, each fund's column in a box of its own; a
    parish budget printed from a spreadsheet with its three columns of last year's
    figures boxed left of the labels). Read apart, the figures' boxes would have no
    labels. A grid with words of its own (payments beside receipts, each with its labels)
    is a table of its own."""
    out: list[tuple[BBox, list[Rule]]] = []
    alone: list[bool] = []  # whether out[k] is one grid of figures alone
    for box in sorted(boxes, key=lambda b: (b[0].x0, b[0].top)):
        figures = _figures_only(box[0], lines)
        into = next(
            (k for k, o in enumerate(out) if _beside_rows(o, box) and (figures or alone[k])),
            None,
        )
        if into is None:
            out.append(box)
            alone.append(figures)
        else:
            bb, rules = out[into]
            out[into] = (bb.union(box[0]), [*rules, *box[1]])
            alone[into] = False
    return out


def _figures_only(box: BBox, lines: Sequence[Line]) -> bool:
    """Whether every word set inside the box under its header is part of a figure (or a
    nil's dash): the header's words ("£", "2009/10", "Budget") name its columns, not rows."""
    segs = [
        s for ln in lines for s in ln.segments if box.contains_point(s.bbox.xc, s.bbox.yc, tol=1)
    ]
    first = min((s.bbox.top for s in segs if parse_amount(s.text) is not None), default=None)
    if first is None:
        return False
    return all(parse_amount(s.text) is not None for s in segs if s.bbox.bottom > first + 1)


#: the widest gap between two grids whose rows run on from one to the other (points)
_BESIDE_GAP = 15.0


def _beside_rows(left: tuple[BBox, list[Rule]], right: tuple[BBox, list[Rule]]) -> bool:
    """Whether `right` stands just right of `left` with its rows ruled where `left`'s are."""
    a, b = left[0], right[0]
    if not (0 <= b.x0 - a.x1 <= _BESIDE_GAP) or abs(a.bottom - b.bottom) > 2:
        return False
    ya, yb = (_rule_heights(left[1]), _rule_heights(right[1]))
    small, big = (ya, yb) if len(ya) <= len(yb) else (yb, ya)
    return len(small) >= 3 and all(any(abs(y - z) <= 1.5 for z in big) for y in small)


def _rule_heights(rules: Sequence[Rule]) -> list[float]:
    return sorted({round(r.bbox.top, 1) for r in rules if r.orientation == "h"})
