"""Items stacked in one ruled cell, set apart by a blank line.

A Word table's cell may hold two items ("Employing specialist coaching staff …" and,
under a blank line, "Providing a skipping professional development day …"), each
with its sum in the next cell, set level with one of its lines rather than its
first. The rows stage cuts such a cell where its second figure stands; the lines of
the second item's paragraph above that figure are the second item's.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

from pipeline.tables.structure import BodyLine


def paragraph_start(body: Sequence[BodyLine], cur: list[int], i: int) -> int:
    """Where in `cur` the row that line `i`'s figures open begins: at `i`, or back at the
    first line of the label paragraph `i` ends, where a blank line in the cell sets two
    items apart ("… at lunchtime." / (blank) / "Providing a" / "skipping" / "development
    day   £75"): the lines after the blank are the second item's, not the first's.
    Label lines under a line of figures that names nothing (a subtotal, "329,405" over
    "CREDITORS: amounts falling due" / "within one year (125,342)") begin the row below:
    a row's label never starts under its own figures."""
    tail = len(cur)
    while tail > 0 and body[cur[tail - 1]].label and not body[cur[tail - 1]].has_values:
        tail -= 1
    if 0 < tail < len(cur) and body[cur[tail - 1]].has_values and not body[cur[tail - 1]].label:
        return tail
    steps = [
        body[b].line.bbox.top - body[a].line.bbox.top
        for a, b in itertools.pairwise([*cur, i])
        if body[a].page == body[b].page
    ]
    if len(steps) < 3:
        return len(cur)
    typical = statistics.median(steps)
    k = len(cur)
    while k > 1 and body[cur[k - 1]].label and not body[cur[k - 1]].has_values:
        a, b = body[cur[k - 2]], body[cur[k - 1]]
        if a.page == b.page and b.line.bbox.top - a.line.bbox.top > 1.6 * typical:
            return k - 1
        k -= 1
    return len(cur)
