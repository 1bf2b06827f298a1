"""Body lines → rows (figures are read from them in tables.figures).

Rows are the connected groups of lines that sit tight together (no rule
between, a gap no wider than a wrapped cell's leading); a group with no
figures is a section heading. Where spacing cannot tell (evenly spaced text
tables, a page break), the words decide: a lowercase start or a dangling
"and" continues a label, bold type starts a section.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.layout import line_size
from pipeline.models import BBox, Segment
from pipeline.tables.cellparas import paragraph_start
from pipeline.tables.cellvalue import has_amount, named_sums, totals_only
from pipeline.tables.columns import is_reference
from pipeline.tables.context import is_list_item
from pipeline.tables.rowheads import (
    CONNECTOR_END as _CONNECTOR_END,
)
from pipeline.tables.rowheads import (
    bold,
    capitals_over,
    heading_over_plain_row,
    headings_after_totals,
    mostly_bold,
    part_heading_under_total,
    ruled_cells,
    title_of_its_cell,
)
from pipeline.tables.structure import BodyLine, Draft
from pipeline.tables.wrapping import (
    broke_before,
    label_right,
    lone_long_line,
    trailing_labels_apart,
    wrapping,
    wraps_down,
)

#: A list item's marker ("ii) ", "(b) ", "3. "): it starts an item; a lowercase roman
#: numeral or letter there is no lowercase word carrying on the label above.
_LEADER_END = re.compile(r"\s[-–—]$")
_ITEM_MARKER = re.compile(r"^\(?(?:[ivx]{1,5}|[a-z]|\d{1,2})[).]\s")
#: a line of a list opening with its sum ("£1158 received from BT Openreach")
_SUM_OPENS = re.compile(r"^[-–−]?\s?£\s?\d")
#: an accounts' paired name opening with its bracketed half: "(Surplus)/Deficit",
#: "(Gain)/Loss", "(Increase) / decrease"
_PAIRED_NAME = re.compile(r"\(\w+\)\s*/")
_LABEL_NOTE = re.compile(r"\s*(?:[*#†‡§]+|\(\s*[a-z0-9]\s*\)|\[\d{1,2}\])$")


@dataclass
class Row:
    """One table row: label lines and value cells gathered from one or more body lines."""

    lines: list[BodyLine]
    section: str | None = None
    label: str = ""
    label_note: str | None = None
    bold: bool = False
    cells: dict[int, list[Segment]] = field(default_factory=dict)
    fills: dict[int, tuple[float, float, float]] = field(default_factory=dict)
    #: text of the table's other text columns (references, attributes), by column
    attrs: dict[int, list[Segment]] = field(default_factory=dict)

    @property
    def page(self) -> int:
        vals = [b for b in self.lines if b.has_values]
        return (vals[0] if vals else self.lines[0]).page


def group_rows(draft: Draft) -> list[Row | str]:
    """Rows and section headings (as plain strings) in order."""
    body = [b for b in draft.body if b.label or b.cells or b.fills]
    if not body:
        return []
    edges = _edges(body, draft)
    cells = ruled_cells(body, draft.hrules)
    out = _attach(body, _groups(body, edges), edges, cells, ruled=draft.row_rules)
    kept = {id(b) for b in body}
    _attach_attr_lines([b for b in draft.body if b.attrs and id(b) not in kept], out)
    section: str | None = None
    for item in out:
        if isinstance(item, str):
            section = item
        else:
            item.section = section
    return out


def _edges(body: Sequence[BodyLine], draft: Draft) -> list[bool | None]:
    """For each line, the edge to the line above: same row (True), not (False), or
    unknown (None: evenly spaced lines, a page break), from rules and spacing."""
    size = statistics.median(line_size(b.line) for b in body)
    threshold = _tight_threshold(body, draft, size)

    def rule_between(a: BodyLine, b: BodyLine) -> bool:
        ys = draft.hrules.get(a.page, [])
        # Between the two lines, allowing for rules drawn through descenders of tight rows.
        lo = min(a.line.bbox.bottom - 1.0, a.line.bbox.yc + 0.3 * a.line.bbox.height)
        hi = max(b.line.bbox.top + 1.0, b.line.bbox.yc - 0.3 * b.line.bbox.height)
        return any(lo <= y <= hi for y in ys)

    def tight(a: BodyLine, b: BodyLine) -> bool | None:
        if a.page != b.page:
            return None
        if rule_between(a, b) or _resized(a, b):
            return False
        if draft.row_rules or _stacked(a, b):
            return True
        if threshold is None:
            return None
        return _gap(a, b) <= threshold

    return headings_after_totals(body, [None, *(tight(a, b) for a, b in itertools.pairwise(body))])


def _resized(a: BodyLine, b: BodyLine) -> bool:
    """Labels in type of another size (a footnote set small under a total): a label wraps
    in the size it began in."""
    if not a.label or not b.label:
        return False
    sa, sb = (statistics.median(w.size for s in x.label for w in s.words) for x in (a, b))
    return abs(sa - sb) > 0.15 * max(sa, sb)


def _stacked(a: BodyLine, b: BodyLine) -> bool:
    """Two lines of one cell stacking named sums ("Four Oaks - £167.00" over "New Hall -
    £167.00"): one row's, however far apart they are set."""
    return any(
        named_sums(a.cells[k]) and named_sums(b.cells[k]) for k in a.cells.keys() & b.cells.keys()
    )


def _groups(body: Sequence[BodyLine], edges: Sequence[bool | None]) -> list[list[int]]:
    """Lines joined by tight edges; a group holding several lines of figures (an evenly
    spaced table) is split into rows, unless their figures fill different columns (one
    cell's figure set lower than the next's), or at its list items' markers."""
    groups: list[list[int]] = [[0]]
    for i in range(1, len(body)):
        if edges[i] is True:
            groups[-1].append(i)
        else:
            groups.append([i])
    data_bold = mostly_bold([b for b in body if b.has_values])
    split: list[list[int]] = []
    for g in groups:
        g = part_heading_under_total(body, g, data_bold, split)
        g = heading_over_plain_row(body, g, data_bold, split)
        if not g:
            continue
        if sum(1 for i in g if body[i].has_values) <= 1:
            split.extend(_sum_items(body, g))
            continue
        # A list's items start at their markers ("i)", "ii)"), whichever of its lines
        # holds an item's figure; without markers a row starts at its figures.
        marked = {i for i in g if _ITEM_MARKER.match(_label_text([body[i]]))}
        if len(marked) < 2:
            marked = set()
        cur: list[int] = []
        filled: set[int] = set()
        for i in g:
            cols = _value_columns(body[i])
            if (i in marked and cur) or (cols & filled and not totals_only(body[i].cells.values())):
                k = paragraph_start(body, cur, i)
                split.append(cur[:k])
                cur = cur[k:]
                filled = set()
            cur.append(i)
            filled |= cols
        split.append(cur)
    return split


def _heads_list(text: str, body: Sequence[BodyLine], groups: Sequence[list[int]], gi: int) -> bool:
    """A line ending in a colon over rows each named in full ("Annual Donations:" over
    "Caerwent Community Centre £2000.00" and "Community Newsletter £500.00", "Movement in
    2017/18:" over "Total CIE" and "Funding basis adjustments (Note" / "6.4.1)") heads them
    all; the label it would begin is the first row's alone."""
    if not text.rstrip().endswith(":"):
        return False
    after = groups[gi + 1 : gi + 3]
    # the second may be the first line of a row's label wrapped down to its figures
    return (
        len(after) == 2
        and any(body[i].has_values for i in after[0])
        and all(_named(_label_text([body[i] for i in g])) for g in after)
    )


def _named(text: str) -> bool:
    """A row's label opening with a name (a capital), after its bullet if it is an item."""
    if is_list_item(text):
        text = text.strip()[1:].lstrip()
    return text[:1].isupper()


def _items(text: str, nxt: Sequence[BodyLine]) -> bool:
    """Two lines each opening with a sum are two items of a list, whichever holds a figure."""
    return bool(_SUM_OPENS.match(text) and _SUM_OPENS.match(_label_text(nxt)))


def _sum_items(body: Sequence[BodyLine], g: list[int]) -> list[list[int]]:
    """Lines that each open with a sum ("£1158 received from BT Openreach") are a list's
    items, one a line, not one label wrapped over them: only the line beside the figure
    labels it. Lines before the first item (its lead-in) stay together."""
    opens = [bool(_SUM_OPENS.match(_label_text([body[i]]))) for i in g]
    first = opens.index(True) if True in opens else len(g)
    if sum(opens) < 2 or not all(opens[first:]):
        return [g]
    lead_in = [g[:first]] if first else []
    return [*lead_in, *([i] for i in g[first:])]


def _attach(
    body: Sequence[BodyLine],
    groups: Sequence[list[int]],
    edges: Sequence[bool | None],
    cells: Sequence[tuple[int, int] | None],
    *,
    ruled: bool = False,
) -> list[Row | str]:
    """Rows from the groups with figures; a figure-less group continues the row above,
    leads the row below, or is a section heading, by the words where spacing could not
    decide."""
    right = label_right(body)
    groups = _join_wrapped_text(body, groups, edges, right)
    out: list[Row | str] = []
    pending: list[int] = []  # a label waiting for the figures on a following line
    data_bold = mostly_bold([b for b in body if b.has_values])
    broken, upwards = wrapping(body, right)
    upwards = upwards and not ruled
    if upwards:
        groups = trailing_labels_apart(body, groups)
    for gi, g in enumerate(groups):
        if any(body[i].has_values for i in g):
            out.append(_row([body[i] for i in [*pending, *g]]))
            pending = []
            continue
        text = _label_text([body[i] for i in g])
        prev_row = out[-1] if out and isinstance(out[-1], Row) else None
        nxt = groups[gi + 1] if gi + 1 < len(groups) else None
        in_bold = all(bold(body[i]) for i in g)
        edge_up = edges[g[0]] if g[0] > 0 else False
        plain = not in_bold or data_bold
        if prev_row is not None and (
            _closes_bracket(prev_row, text)
            or (
                edge_up is not False
                and (
                    _continues(_led(prev_row), text)
                    or (edge_up is None and plain and _wrapped(prev_row, g, body, right))
                )
            )
        ):
            prev_row.lines.extend(body[i] for i in g)
            _refresh(prev_row)
            continue
        if nxt is not None and not plain and title_of_its_cell(cells, g, nxt, body):
            pending.extend(g)
            continue
        if (
            nxt is not None
            and any(body[i].has_values for i in nxt)
            and edges[nxt[0]] is not False
            and not capitals_over(body, g, nxt)
            and not _items(text, [body[i] for i in nxt])
            and not _heads_list(text, body, groups, gi)
            and _begins(
                body,
                (g, nxt),
                plain,
                broken,
                [] if upwards or prev_row is None else [x for b in prev_row.lines for x in b.label],
                right,
            )
        ):
            pending.extend(g)
            continue
        if pending:
            out.append(_label_text([body[i] for i in pending]))
            pending = []
        # Words in a figure column ("The UK Government | 50 years | unlimited"): a row
        # whose values are words, not a heading over the rows below.
        out.append(_row([body[i] for i in g]) if _worded(body, g) else text)
    if pending:
        out.append(_label_text([body[i] for i in pending]))
    return out


def _begins(
    body: Sequence[BodyLine],
    pair: tuple[Sequence[int], Sequence[int]],
    plain: bool,
    broken: int,
    above: Sequence[Segment],
    right: float,
) -> bool:
    """Whether figure-less group g begins the label of the row of figures below it: it
    carries on into that label by its words, or it broke for want of room before it where
    the table shows its labels so broken. Bold text over a bold row of figures it begins is
    one label in the row's own type, not a heading over it."""
    g, nxt = pair
    lines, below = [body[i] for i in g], [body[i] for i in nxt]
    text = _label_text(lines)
    lone = broken == 1 and not all(bold(b) for b in lines)
    wraps = (
        (broken >= 2 or (lone and lone_long_line(body, g, below, right)))
        and not text.rstrip().endswith(":")  # a lead-in heads, never wraps
        and lines[-1].page == below[0].page
        and wraps_down(above, lines, below[0], right)
    )
    return (plain or all(bold(b) for b in below)) and (_leads(text, below) or wraps)


def _join_wrapped_text(
    body: Sequence[BodyLine],
    groups: Sequence[list[int]],
    edges: Sequence[bool | None],
    right: float = math.inf,
) -> list[list[int]]:
    """Figure-less groups that carry one another on ("Insurance, Technical" over "&
    Production Costs", or a line in one type that broke for want of room before the
    next: "Opening General Fund, Earmarked" over "General Fund Reserves and HRA") are
    one text, which then heads, leads or carries on as a whole."""
    out: list[list[int]] = []
    for g in groups:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not any(body[i].has_values for i in [*prev, *g])
            and edges[g[0]] is not False
            and _carries_on(body, prev, g, right)
        ):
            prev.extend(g)
        else:
            out.append(list(g))
    return out


def _carries_on(
    body: Sequence[BodyLine], prev: Sequence[int], g: Sequence[int], right: float
) -> bool:
    """Text g carries text prev on: by its words, or prev broke for room before it (not
    after a lead-in's colon, nor before an item opening with its sum or marker)."""
    before, text = _label_text([body[i] for i in prev]), _label_text([body[i] for i in g])
    return _continues(before, text) or (
        broke_before(body[prev[-1]], body[g[0]], right)
        and not before.rstrip().endswith(":")
        and not _SUM_OPENS.match(text)
        and not _ITEM_MARKER.match(text)
    )


def _value_columns(line: BodyLine) -> set[int]:
    return {i for i, segs in line.cells.items() if has_amount(segs)}


def _worded(body: Sequence[BodyLine], group: Sequence[int]) -> bool:
    """A labelled figure-less group with words in a figure column, or a sum in pounds
    that reads as no figure ("£339,64"): a row, not a heading over the rows below."""
    lines = [body[i] for i in group]
    return any(b.label for b in lines) and any(
        any(c.isalpha() for c in s.text) or ("£" in s.text and any(c.isdigit() for c in s.text))
        for b in lines
        for segs in b.cells.values()
        for s in segs
    )


def _tight_threshold(body: Sequence[BodyLine], draft: Draft, size: float) -> float | None:
    """The widest gap that still means 'same cell', or None when spacing is uniform.

    A label wrapped onto a line of words shows a cell's leading: where such a gap is
    tighter than any between two lines of figures (two rows), it and the next wider gap
    bound the threshold; else the tightest gap of all and the rows' median gap do."""
    gaps_data: list[float] = []
    gaps_all: list[float] = []
    wraps: list[float] = []
    for a, b in itertools.pairwise(body):
        if a.page != b.page:
            continue
        gap = _gap(a, b)
        gaps_all.append(gap)
        if a.has_values and b.has_values:
            gaps_data.append(gap)
        elif gap >= 0:
            wraps.append(gap)
    if not gaps_all:
        return None
    row_gap = statistics.median(gaps_data) if gaps_data else max(gaps_all)
    rows_min = min(gaps_data, default=math.inf)
    tight = [g for g in wraps if g < rows_min - 0.25 * size]
    smallest = min(tight) if tight else min(gaps_all)
    if row_gap - smallest < 0.25 * size:
        return None
    if not tight:
        return (row_gap + smallest) / 2
    wider = next((g for g in sorted(gaps_all) if g > smallest + 0.25 * size), row_gap)
    return (min(row_gap, wider) + smallest) / 2


def _gap(a: BodyLine, b: BodyLine) -> float:
    """The blank between two lines, measured on their label words where they have them:
    figures set lower than their label (centred on a wrapped label, or on its last line)
    stretch a line's box over the next line's, and that overlap is no leading."""
    return _text_box(b).top - _text_box(a).bottom


def _text_box(b: BodyLine) -> BBox:
    return BBox.enclosing([s.bbox for s in b.label]) if b.label else b.line.bbox


def _led(row: Row) -> str:
    """The row's label without a spaced dash leading to its figure ("For the first 520 yds
    or part thereof -   £3.60"): with the figures on the label's last line, the dash
    parts label and value, and leaves no connector dangling for the line below."""
    if row.lines and row.lines[-1].has_values:
        return _LEADER_END.sub("", row.label)
    return row.label


def _closes_bracket(row: Row, text: str) -> bool:
    """A line of words closing a bracket the row's label left open ("(Estimates only -
    this should include …," over "Transport, … Costs)"): the label's end, however far
    below it is set."""
    label = row.label
    return label.count("(") > label.count(")") and text.count(")") > text.count("(")


def _continues(prev_label: str, text: str) -> bool:
    """Text that carries on the label above: lowercase start, a dangling connector, or a
    bracketed note ("(previously Improved Better Care Fund …)") and the rest of it."""
    t = text.strip()
    if not t or not prev_label or _ITEM_MARKER.match(t):
        return False
    open_bracket = prev_label.count("(") > prev_label.count(")")
    # "(previously …)" carries a name on; "(Surplus)/Deficit on …" names a row itself
    note = t[0] == "(" and _PAIRED_NAME.match(t) is None
    return (
        t[0].islower()
        or bool(_CONNECTOR_END.search(prev_label.strip()))
        or t[0] in ")&"
        or note
        or open_bracket
    )


def _attach_attr_lines(lines: Sequence[BodyLine], out: Sequence[Row | str]) -> None:
    """Lines holding only another text column's words (a wrapped description or a side
    panel's label) join the row above them when they carry on its text in that column;
    otherwise they stay out of every row, as before (never a heading)."""
    rows = [r for r in out if isinstance(r, Row)]
    for line in lines:
        above = [
            r
            for r in rows
            if r.lines[0].page == line.page and r.lines[0].line.bbox.top < line.line.bbox.top
        ]
        if above and _attrs_continue(above[-1], [line]):
            above[-1].lines.append(line)
            above[-1].lines.sort(key=lambda b: (b.page, b.line.bbox.top))
            _refresh(above[-1])


def _attrs_continue(prev: Row, lines: Sequence[BodyLine]) -> bool:
    """A line with nothing in the label column whose other text column carries on the
    text above it in that column (a side-by-side panel's wrapped label)."""
    for k in {k for b in lines for k in b.attrs}:
        above = " ".join(s.text for b in prev.lines for s in b.attrs.get(k, []))
        here = " ".join(s.text for b in lines for s in b.attrs.get(k, []))
        if _continues(above, here) or (above and here and is_reference(above + here)):
            return True
    return False


def _wrapped(prev: Row, g: Sequence[int], body: Sequence[BodyLine], right: float) -> bool:
    """A label the line-breaker carried on: the last line of the row above had no room for
    the first word below it, and the words below run on as a list (a line ending in a comma,
    or one starting with a digit). A heading after a full-width label does neither."""
    last = [s for b in prev.lines if b.label for s in b.label]
    first = [s for s in body[g[0]].label]
    if not last or not first or prev.label.lower().startswith("total"):
        return False
    word = first[0].words[0]
    space = 0.3 * (word.bbox.bottom - word.bbox.top)
    if last[-1].bbox.x1 + space + (word.bbox.x1 - word.bbox.x0) <= right:
        return False
    texts = [" ".join(s.text for s in body[i].label) for i in g]
    return any(t.rstrip().endswith(",") for t in texts) or any(t[:1].isdigit() for t in texts[1:])


def _leads(text: str, nxt: Sequence[BodyLine]) -> bool:
    """Text that begins the label of the figures below it: a lowercase carry-on or a
    dangling connector, or a list item ("ii) Wales Audit Office, …") whose figure is
    on its last line, with no item marker on the lines it runs down to."""
    nxt_label = _label_text(list(nxt))
    if not nxt_label:
        return True
    if _ITEM_MARKER.match(nxt_label):
        return False  # the item below starts there; this text is not its label
    if _ITEM_MARKER.match(text.strip()):
        return True  # an item wrapped down to the line with its figure
    # a bracket left open ("Funding basis adjustments (Note") closed below ("6.4.1)")
    closes = text.count("(") > text.count(")") and ")" in nxt_label.split("(")[0]
    return (
        nxt_label[0].islower()
        or nxt_label[0] in "(&"
        or bool(_CONNECTOR_END.search(text.strip()))
        or closes
    )


def _set_apart_note(b: BodyLine) -> Segment | None:
    """A remark in brackets set apart after a row's label on its line, a column's width
    away ("Total Revenue Income" ... "(Sum of Lines 127 to 135)"): how the row is worked
    out, printed beside its name, not part of it."""
    if len(b.label) < 2:
        return None
    last = b.label[-1]
    text = last.text.strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return last
    return None


def _label_proper(b: BodyLine) -> list[Segment]:
    """The line's label segments without a remark set apart after them."""
    note = _set_apart_note(b)
    return b.label if note is None else b.label[:-1]


def _label_text(lines: Sequence[BodyLine]) -> str:
    parts = [s.text for b in lines for s in _label_proper(b)]
    text = ""
    for p in parts:
        if text.endswith("-") and p[:1].islower():
            text += p
        else:
            text = f"{text} {p}" if text else p
    return re.sub(r"\s+", " ", text).strip()


def _row(lines: list[BodyLine]) -> Row:
    row = Row(lines=lines)
    _refresh(row)
    return row


def _refresh(row: Row) -> None:
    label = _label_text(row.lines)
    note = None
    # Superscript markers set apart from the label words.
    sup = [w for b in row.lines for s in b.label for w in s.words if w.superscript]
    if sup and label.endswith(sup[-1].text):
        note = sup[-1].text
        label = label[: -len(note)].rstrip()
    apart = [n.text.strip()[1:-1] for b in row.lines if (n := _set_apart_note(b))]
    if apart:
        note = " ".join(apart)
    m = _LABEL_NOTE.search(label)
    if m and m.start() > 0:
        note = m.group(0).strip().strip("()[]")
        label = label[: m.start()].rstrip()
    row.label = label
    row.label_note = note
    words = [w for b in row.lines for s in b.label for w in s.words]
    if not words:
        words = [w for b in row.lines for segs in b.cells.values() for s in segs for w in s.words]
    row.bold = bool(words) and all(w.bold for w in words)
    cells: dict[int, list[Segment]] = {}
    fills: dict[int, tuple[float, float, float]] = {}
    for b in row.lines:
        for i, segs in b.cells.items():
            cells.setdefault(i, []).extend(segs)
        fills.update(b.fills)
    row.cells = cells
    row.fills = fills
    attrs: dict[int, list[Segment]] = {}
    for b in row.lines:
        for i, segs in b.attrs.items():
            attrs.setdefault(i, []).extend(segs)
    row.attrs = attrs


# --------------------------------------------------------------------------- figures
