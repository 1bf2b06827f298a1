"""Headings among a table's rows, told by their type: bold, or capitals where the text
layer has no bold (a scan's). A label wraps in the type it began in, so a line in
another type over a row's figures heads the rows below rather than naming that row.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from pipeline.layout import line_size
from pipeline.normalise import looks_like_total
from pipeline.tables.structure import BodyLine

#: a label line ending so that the next line carries it on ("Precept or" / "Rates and")
CONNECTOR_END = re.compile(
    r"(?:\b(?:and|or|of|for|to|the|in|on|with|from|by|a|an|&|inc|incl|including)|[-–/,(&:])$",
    re.IGNORECASE,
)


def heading_over_plain_row(
    body: Sequence[BodyLine], g: list[int], data_bold: bool, done: list[list[int]]
) -> list[int]:
    """Bold words or capitals set close over a plain row ("Fixed assets" over "Tangible
    assets 14,012" in a balance sheet) head the rows below, in another type: not
    the first line of the row's label, which wraps in the type it began in ("Creditors:
    amounts falling due" / "within one year", both bold). The heading goes to `done` as
    a group of its own; the rest of the group is returned."""
    if len(g) < 2 or data_bold:
        return g
    first = next((k for k, i in enumerate(g) if body[i].has_values), None)
    if not first:
        return g
    lead, row = [body[i] for i in g[:first]], body[g[first]]
    for kind in (bold, capitals):
        if all(b.label and kind(b) for b in lead) and row.label and not kind(row):
            done.append(g[:first])
            return g[first:]
    return g


def bold(line: BodyLine) -> bool:
    """Every word of the line's label in bold (true of a line with no label)."""
    return all(w.bold for s in line.label for w in s.words)


def capitals(line: BodyLine) -> bool:
    """Set in capitals ("EXPENDITURE ON"), as a heading is where the type has no bold (a
    scan's text layer)."""
    text = " ".join(s.text for s in line.label)
    return sum(c.isalpha() for c in text) >= 4 and text.isupper()


def capitals_over(body: Sequence[BodyLine], g: Sequence[int], nxt: Sequence[int]) -> bool:
    """Text set in capitals over a row named in ordinary type ("EXPENDITURE ON" over "Costs
    associated with rental income", a scan's text layer with no bold to tell by) heads
    the rows below, even where it ends as a phrase does: a label wraps in the case it
    began in."""
    below = " ".join(s.text for i in nxt for s in body[i].label).strip()
    return (
        bool(below)
        and below[:1].isupper()
        and any(c.islower() for c in below)
        and all(body[i].label and capitals(body[i]) for i in g)
    )


def part_heading_under_total(
    body: Sequence[BodyLine], g: list[int], data_bold: bool, done: list[list[int]]
) -> list[int]:
    """A bold heading set close under a total printed with no label ("1,414,480" over
    "Current Liabilities" in a balance sheet) heads the rows below; it does not name the
    total, nor is it part of the next row's label. The total and the heading go to
    `done` as groups of their own; the rest of the group is returned. Only under a total
    that opens its group: a label whose figures stand between its lines ("Total
    Externally Managed" / figures / "Investments") goes on below them. (A total with its
    name is parted from such a heading by `headings_after_totals`.)"""
    if len(g) < 2 or data_bold:
        return g
    total, here = body[g[0]], body[g[1]]
    if total.has_values and not total.label and not here.has_values and here.label and bold(here):
        done.extend([g[:1], g[1:2]])
        return g[2:]
    return g


def _heads_indented(body: Sequence[BodyLine], k: int, total: BodyLine) -> bool:
    """A named total ("Total Communities") with a bold line under it that stands where the
    total's label starts, over rows indented from it ("Corporate Services" over "  Office
    accommodation"): the next group's heading, not the end of the total's label."""
    name = " ".join(s.text for s in total.label)
    below = next((b for b in body[k + 1 : k + 4] if b.label), None)
    if not looks_like_total(name) or below is None:
        return False
    here = body[k].label[0].bbox.x0
    return abs(here - total.label[0].bbox.x0) <= 2 and below.label[0].bbox.x0 >= here + 4


def mostly_bold(lines: Sequence[BodyLine]) -> bool:
    """Most of the lines' labels in bold: a table set in bold throughout, where bold marks
    no heading."""
    if not lines:
        return False
    n = sum(1 for b in lines if b.label and bold(b))
    return n > 0.5 * len(lines)


def ruled_cells(
    body: Sequence[BodyLine], hrules: dict[int, list[float]]
) -> list[tuple[int, int] | None]:
    """For each line, which band between the table's horizontal rules it stands in (None
    where its page has no rules inside the table's body)."""
    first: dict[int, float] = {}
    for b in body:
        first[b.page] = min(first.get(b.page, b.line.bbox.yc), b.line.bbox.yc)
    ruled = {page: sorted(hrules.get(page, [])) for page in first}
    out: list[tuple[int, int] | None] = []
    for b in body:
        ys = ruled[b.page]
        if sum(1 for y in ys if y > first[b.page]) < 2:
            out.append(None)
            continue
        out.append((b.page, bisect.bisect(ys, b.line.bbox.yc)))
    return out


def title_of_its_cell(
    cells: Sequence[tuple[int, int] | None],
    g: Sequence[int],
    nxt: Sequence[int],
    body: Sequence[BodyLine],
) -> bool:
    """A bold line opening a ruled cell over the label of the row whose figures stand in
    the same cell ("Box 2" over "Precept or Rates and Levies" in an auditor's explanation
    of variances) is that label's first line, though set in another type: a heading over
    the rows below would stand in a ruled row of its own. Not where the cell names
    several rows ("MEMORANDUM:" over "Contributions to Reserves" and "Drawdowns from
    Reserves", ruled round as one block), nor a line ending in a colon, which leads in,
    nor one set in larger type than the row."""
    here = cells[g[0]]
    if (
        here is None
        or (g[0] > 0 and cells[g[0] - 1] == here)
        or not all(cells[i] == here for i in [*g, *nxt])
        or not body[nxt[0]].label
        or " ".join(s.text for i in g for s in body[i].label).rstrip().endswith(":")
        # set larger than the row ("Corporately Held Budgets" in 14 point over its one
        # row in 11): a heading, though its group has a single row
        or max(line_size(body[i].line) for i in g) > line_size(body[nxt[0]].line) + 0.5
    ):
        return False
    named, before = 0, ""
    for i in range(nxt[0], len(body)):
        if cells[i] != here:
            break
        text = " ".join(s.text for s in body[i].label).strip()
        named += text[:1].isupper() and not CONNECTOR_END.search(before)
        before = text or before
    return named == 1


def headings_after_totals(body: Sequence[BodyLine], edges: list[bool | None]) -> list[bool | None]:
    """The edges, parted round a bold heading set close under a named total over rows
    indented from it ("Public Health total" / "Environment and Highways" / "  Street
    lighting"): the next group's heading, on a line of its own, wherever the total
    stands in its run of evenly spaced lines."""
    for k in range(1, len(body) - 1):
        total, here = body[k - 1], body[k]
        heading = total.has_values and not here.has_values and here.label and bold(here)
        if heading and edges[k] is not False and _heads_indented(body, k, total):
            edges[k] = False
            edges[k + 1] = False
    return edges
