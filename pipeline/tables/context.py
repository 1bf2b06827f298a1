"""What a paper states about a table outside its grid: units and periods.

Papers print a unit once per column, table, page or report ("All figures
£k", "(£m)" in a title cell, "shown in £000s" in the paragraph before), and a
period in a heading over an undated table. The chain, nearest first:

    cell → header → units row → caption/stub → heading above → page → report

This module reads the last three links; the first ones are read with the
table's columns. Each value carries where it was found, so nothing is a
silent guess: a figure whose unit is stated nowhere gets no amount and its
table is flagged for review.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from pipeline.layout import BULLETS
from pipeline.models import BBox, Line
from pipeline.normalise import is_unit_only, parse_unit, single_period

#: a sentence or note that declares the unit of the figures around it
_STATEMENT_RE = re.compile(
    r"(?:figures|amounts|values|numbers|sums|all|costs?|budgets?)\b[^.;]{0,40}?"
    r"\b(?:in|are|as|shown in|expressed in|stated in)\s*\(?\s*£",
    re.IGNORECASE,
)


#: the unit said in words: "shown in pounds", "in thousands of pounds", "£ millions"
_WORDS_RE = re.compile(
    r"\b(?:figures|amounts|values|numbers|all)\b[^.;]{0,40}?\bin\s+"
    r"(pounds|thousands of pounds|millions of pounds)\b",
    re.IGNORECASE,
)
_WORD_UNITS = {
    "pounds": Decimal(1),
    "thousands of pounds": Decimal(1000),
    "millions of pounds": Decimal(1_000_000),
}


def unit_statement(text: str) -> Decimal | None:
    """The unit a line declares for figures around it, or None.

    A line that is only a unit ("£000s", "(£m)"), a short title ending with one
    ("Capital financing (£m)"), or a sentence saying so ("figures are shown in
    £000s"). A passing amount ("a £5m saving") declares nothing.
    """
    t = text.strip()
    if not t:
        return None
    if is_unit_only(t):
        return parse_unit(t)
    words = _WORDS_RE.search(t)
    if words:
        return _WORD_UNITS[words.group(1).lower()]
    said = _STATEMENT_RE.search(t)
    if said:
        return parse_unit(t[said.start() :])
    short = len(t) <= 90 and not t.endswith(".")
    tail = re.search(
        r"[(\[]\s*£[^)\]]{0,8}[)\]]\s*$|\bin\s+£\S{0,6}\s*$"
        # a unit with a qualifier after it: "(£ millions, latest year available)"
        r"|[(\[]\s*£\s*'?\s*(?:000s?|k|m|bn|millions?|thousands?)\s*[,;][^)\]]{0,40}[)\]]\s*$"
        r"|£\s*'?\s*(?:000s?|k|m|bn|millions?|thousands?)?\s*$",
        t,
        re.IGNORECASE,
    )
    if short and tail:
        return parse_unit(tail.group(0))
    if short and _THRESHOLD.search(t):
        return Decimal(1)
    return None


#: a list titled by the pounds its items pass or stay under ("Cheque Payments over £100",
#: "Expenditure exceeding £500", "journeys costing less than £15,000 each"): what it lists
#: is counted in pounds
_THRESHOLD = re.compile(
    r"\b(?:payments?|expenditure|spend(?:ing)?|invoices?|transactions?|contracts?|grants?"
    r"|journeys?|costing)\b[^.;]{0,40}?\b(?:over|above|exceeding|in\s+excess\s+of|more\s+than"
    r"|below|under|less\s+than)\s+£\s?\d[\d,]*\b",
    re.IGNORECASE,
)


def _above(lines: Sequence[Line], box: BBox, reach: float) -> list[Line]:
    """Lines above a table within `reach` points, nearest first, not wholly to its right
    (a lead-in set at the margin over a narrow, centred table still heads it)."""
    out = [
        ln
        for ln in lines
        if ln.bbox.bottom <= box.top + 1
        and box.top - ln.bbox.bottom <= reach
        and ln.bbox.x0 < box.x1
    ]
    return sorted(out, key=lambda ln: -ln.bbox.bottom)


def heading_lines(
    lines: Sequence[Line], box: BBox, taken: set[int], reach: float = 90.0
) -> list[Line]:
    """The few free lines just above a table, nearest first: its heading or lead-in. A
    table standing above it (lines taken, over its columns) ends the search: what
    stands over that table is its heading, not this one's."""
    floor = max(
        (
            x.bbox.bottom
            for x in lines
            if id(x) in taken and x.bbox.bottom <= box.top + 1 and x.bbox.x_overlap(box) > 0
        ),
        default=-1.0,
    )
    free = [x for x in lines if id(x) not in taken and x.bbox.top >= floor]
    return _above(free, box, reach)[:4]


def closing_lines(lines: Sequence[Line], taken: set[int]) -> list[Line]:
    """The free lines after a page's last table, nearest the page's foot first.

    A caption and "All figures are shown in £000s." often stand at the foot of one
    page while the table they introduce begins on the next (with its header, at
    times: see tables.carry); nothing stands between them and that table.
    """
    last = max((ln.bbox.bottom for ln in lines if id(ln) in taken), default=-1.0)
    free = [ln for ln in lines if id(ln) not in taken and ln.bbox.top >= last]
    return sorted(free, key=lambda ln: -ln.bbox.bottom)


def heading_unit(heading: Sequence[Line]) -> Decimal | None:
    """A unit stated in a table's heading lines (nearest first)."""
    for ln in heading:
        unit = unit_statement(ln.text)
        if unit is not None:
            return unit
    return None


def heading_period(heading: Sequence[Line]) -> tuple[int, int] | None:
    """A single fiscal year or range in a table's heading lines (not in a sentence, nor in
    a bulleted instruction: "• New from 2020/21 onwards: variances of …" dates a rule)."""
    for ln in heading[:3]:
        t = ln.text.strip()
        if len(t) <= 120 and not t.endswith((".", ";", ",")) and not is_list_item(t):
            p = single_period(t)
            if p is not None:
                return p
    return None


def is_list_item(text: str) -> bool:
    """A bulleted line: an item of a list in the text, never a table's caption or title. A
    dash is no bullet here: "- 2024/25" may open a caption, or be a nil figure."""
    t = text.strip()
    return len(t) > 1 and t[0] in BULLETS and t[0] not in "–-" and t[1].isspace()


def page_units(
    lines: Sequence[Line], taken: set[int], *, report: bool = False, whole: bool = False
) -> set[Decimal]:
    """Units declared by statements anywhere on a page outside its tables.

    With `report`, only what speaks for the whole paper: a sentence about "all
    figures" or "amounts shown in", not a title ending in "(£m)" (which heads its own
    page or table: "Table 1 – Summary of changes £" says nothing of Table 2). With
    `whole`, only statements that say so in words ("in this report", "throughout",
    "unless otherwise stated").
    """
    out: set[Decimal] = set()
    for ln in lines:
        if id(ln) in taken or is_unit_only(ln.text):
            continue
        unit = unit_statement(ln.text)
        if unit is None:
            continue
        if (not report and not whole) or (
            _says_for_all(ln.text) and (not whole or _WHOLE_RE.search(ln.text))
        ):
            out.add(unit)
    return out


def report_unit(pages: Sequence[tuple[Sequence[Line], set[int]]]) -> tuple[Decimal | None, bool]:
    """The unit the paper states for all its figures: the one a statement naming the
    whole paper gives ("All figures in this report are in £000s unless otherwise
    stated"), else the one every statement for all figures agrees on. A general-sounding
    sentence set before one table ("All figures are shown in £m.") then speaks for that
    table (as its heading), not against the report's own statement. Also whether the
    unit is the paper's own statement for itself."""
    whole = one_unit(set().union(*(page_units(ln, t, whole=True) for ln, t in pages)))
    if whole is not None:
        return whole, True
    return one_unit(set().union(*(page_units(ln, t, report=True) for ln, t in pages))), False


def _says_for_all(text: str) -> bool:
    """A statement of units that is not about one table ("Figures below are in £m")."""
    said = bool(_WORDS_RE.search(text) or _STATEMENT_RE.search(text))
    return said and not _LOCAL_RE.search(text)


_WHOLE_RE = re.compile(
    r"\b(?:this|the whole)\s+(?:report|paper|document)\b|\bthroughout\b"
    r"|\bunless\s+(?:otherwise\s+)?stated\b|\bunless\s+stated\s+otherwise\b",
    re.IGNORECASE,
)
_LOCAL_RE = re.compile(
    r"\b(?:below|above|following|overleaf|this table|the table|these tables)\b",
    re.IGNORECASE,
)


def one_unit(units: set[Decimal]) -> Decimal | None:
    """The unit when exactly one is declared; several disagree, so none is taken."""
    return next(iter(units)) if len(units) == 1 else None


#: a numbered sub-item opening a line ("109.2 Reserves. It was RESOLVED …"): its item, 109
_SUB_ITEM_RE = re.compile(r"\s*(\d{1,4})\.\d{1,3}\b")


def parent_item_period(
    opening: Sequence[str], lines: Sequence[Line], top: float
) -> tuple[int, int] | None:
    """The period a numbered item's heading states for the table under one of its
    sub-items: minutes number each item ("109. 2012/13 BUDGET") and its parts ("109.1",
    "109.2 Reserves …"), and a table under 109.2 is for the year 109 states, though the
    table under 109.1 stands between them. Read only from a short heading line of the same
    item number above the table on its page (a line opening another item ends the search),
    never from a sentence."""
    m = next((m for t in opening if (m := _SUB_ITEM_RE.match(t))), None)
    if m is None:
        return None
    item = m.group(1)
    own = re.compile(rf"\s*{item}\.?\s+")
    other = re.compile(r"\s*(\d{1,4})\.?\s+[A-Z]")
    for ln in sorted((x for x in lines if x.bbox.bottom <= top + 1), key=lambda x: -x.bbox.top):
        text = ln.text.strip()
        if own.match(text):
            return single_period(text) if len(text) <= 100 and not text.endswith(".") else None
        start = other.match(text)
        if start and start.group(1) != item and not _SUB_ITEM_RE.match(text):
            return None
    return None


#: a caption opening the next table ("Table 2: ...")
_NEXT_CAPTION = re.compile(r"^\s*(?i:table|figure|appendix|annex|schedule)\s+\w{1,4}\b")


def note_below(lines: Sequence[Line], box: BBox, taken: set[int]) -> Line | None:
    """A unit stated in a note set right under a table ("All figures are in £000"): the
    first free line under it, within a line and a half of its foot, or the next two
    lines after it (footnotes keyed to the rows stand first at times), if one states a
    unit; a caption ends the search (what follows it heads the next table)."""
    below = sorted(
        (
            ln
            for ln in lines
            if id(ln) not in taken and ln.bbox.top >= box.bottom - 1 and ln.bbox.x0 < box.x1
        ),
        key=lambda ln: ln.bbox.top,
    )[:3]
    if not below or below[0].bbox.top - box.bottom > 1.6 * max(below[0].bbox.height, 1.0):
        return None
    edge = box.bottom
    for ln in below:
        if ln.bbox.top - edge > 1.6 * max(ln.bbox.height, 1.0) or _NEXT_CAPTION.match(ln.text):
            return None
        if unit_statement(ln.text) is not None:
            return ln
        edge = ln.bbox.bottom
    return None
