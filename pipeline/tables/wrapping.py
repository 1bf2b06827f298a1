"""Labels wrapped over several lines: where a line ended for want of room.

A spreadsheet or word processor breaks a label where the next word would not fit in its
cell, so a line that stops short of the label column's edge ended because the writer
ended it (a heading, a row's whole name), and one that stops near the edge with a long
word following broke for room and runs on. The column's edge is where its longest label
ends; rows.py decides with these whether a line without figures heads, leads or carries
on a row.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from pipeline.models import Segment, Word
from pipeline.tables.rowheads import bold
from pipeline.tables.structure import BodyLine


def label_right(body: Sequence[BodyLine]) -> float:
    """The right edge of the label column: where its longest label ends, of the labels
    ending before the first column of figures (a footnote run across the table's foot
    is no label, and would leave every wrapped label room to spare)."""
    first = min(
        (s.bbox.x0 for b in body for segs in b.cells.values() for s in segs), default=math.inf
    )
    ends = [s.bbox.x1 for b in body for s in b.label]
    inside = [x for x in ends if x <= first + 1]
    return max(inside or ends, default=0.0)


def broke_before(a: BodyLine, b: BodyLine, right: float) -> bool:
    """Line a, in the type of line b, ended for want of room before b's first word."""
    return (
        bool(a.label and b.label)
        and a.page == b.page
        and bold(a) == bold(b)
        and no_room(a.label[-1], b.label[0], right)
    )


def wrapping(body: Sequence[BodyLine], label_right: float) -> tuple[int, bool]:
    """How many label-only lines broke for want of room before the label below them, and
    whether the table's labels wrap upwards to their figures (cells aligned to their
    foot): every label-only line broke so, and most stand under a line of figures that
    had room for them (no tail of its label). Rules between rows show where each row
    starts, so only rows set by spacing alone are asked the second."""
    # Labels broken for room, line after line: one long heading over the rows shows none.
    # Where no label-only line ends short (the tail of a label wrapped downwards), every
    # wrapped label runs upwards to its figures: cells aligned to their foot.
    alone = [
        (a, b) for a, b in itertools.pairwise(body) if a.label and b.label and not a.has_values
    ]
    broken = sum(1 for a, b in alone if no_room(a.label[-1], b.label[0], label_right))
    # A label-only line the line of figures above had room for is no tail of that label.
    fits_above = sum(
        1
        for k in range(1, len(body))
        if body[k].label
        and not body[k].has_values
        and body[k - 1].has_values
        and body[k - 1].label
        and not no_room(body[k - 1].label[-1], body[k].label[0], label_right)
    )
    return broken, broken >= 2 and broken == len(alone) and 2 * fits_above >= len(alone)


def lone_long_line(
    body: Sequence[BodyLine], g: Sequence[int], below: Sequence[BodyLine], right: float
) -> bool:
    """One line of label alone, running most of the label column's width: the one label
    of its table that broke for room ("Exceptional revaluation gain on HRA Council" over
    "Dwellings" and its figures, where a longer label sets the column's edge) -- a
    heading is set short, or in bold."""
    left = min((s.bbox.x0 for b in body for s in b.label), default=right)
    own = body[g[0]].label
    if len(g) != 1 or not own:
        return False
    # not the longest label itself: that one sets the edge, and nothing fits after it;
    # and the word below would have run well past the edge, not a point or two
    end = own[-1].bbox.x1
    word = below[0].label[0].words[0] if below and below[0].label else None
    if word is None or end >= right - 1.0 or end - own[0].bbox.x0 < 0.7 * (right - left):
        return False
    return overrun(end, word, right) >= 0.3 * word.bbox.width


def trailing_labels_apart(body: Sequence[BodyLine], groups: Sequence[list[int]]) -> list[list[int]]:
    """In a table whose labels wrap upwards, label lines after a row's figures begin the
    next row, however close they are set: split off from the group they were spaced into."""
    out: list[list[int]] = []
    for g in groups:
        last = max((k + 1 for k, i in enumerate(g) if body[i].has_values), default=0)
        tail = g[last:] if last else []
        # A cell of words beside the label (an expense type wrapped upwards too) is part of
        # the same next row; only a line with a figure would belong to this one.
        if tail and all(body[i].label for i in tail):
            out.extend([g[:last], tail])
        else:
            out.append(g)
    return out


def no_room(last: Segment, word: Segment | None, right: float) -> bool:
    """Whether the first word of the next line would not have fitted after `last` within
    the column's widest line: the line-breaker, not the writer, ended the line there."""
    return word is not None and overrun(last.bbox.x1, word.words[0], right) > 0


def overrun(end: float, word: Word, right: float) -> float:
    """How far `word`, set a space after `end`, would run past the column's edge."""
    return end + 0.3 * (word.bbox.bottom - word.bbox.top) + word.bbox.width - right


def wraps_down(
    above: Sequence[Segment], lines: Sequence[BodyLine], nxt: BodyLine, right: float
) -> bool:
    """Label text set above the line of its figures (a cell aligned to its foot, a long
    name wrapped upwards: "BARKING HAVERING AND REDBRIDGE HOSPITALS" over "NHS TRUST"):
    the line broke for want of room before the label below, and the row above had room
    for its first word, so it does not carry that row's label on."""
    own = [s for b in lines for s in b.label]
    below = nxt.label
    if not own or not below or not no_room(own[-1], below[0], right):
        return False
    return not above or not no_room(above[-1], own[0], right)
