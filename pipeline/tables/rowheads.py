"""Headings among a table's rows, told by their type: bold, or capitals where the text
layer has no bold (a scan's). A label wraps in the type it began in, so a line in
another type over a row's figures heads the rows below rather than naming that row.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.tables.structure import BodyLine


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
    Externally Managed" / figures / "Investments") goes on below them."""
    if len(g) < 2 or data_bold:
        return g
    total, here = body[g[0]], body[g[1]]
    if total.has_values and not total.label and not here.has_values and here.label and bold(here):
        done.extend([g[:1], g[1:2]])
        return g[2:]
    return g


def mostly_bold(lines: Sequence[BodyLine]) -> bool:
    """Most of the lines' labels in bold: a table set in bold throughout, where bold marks
    no heading."""
    if not lines:
        return False
    n = sum(1 for b in lines if b.label and bold(b))
    return n > 0.5 * len(lines)
