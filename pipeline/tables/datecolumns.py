"""Columns of dates among a table's columns of figures: read apart from them before any
figure is read, since a spreadsheet's date that lost its format prints as a bare number."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import Line
from pipeline.tables.columns import Band

#: a date as printed in a cell: "30/06/2020", "1.4.24", "2024-06-30", "30-Jun-2020"
DATE = re.compile(r"(?i)\d{1,2}[/.-](?:\d{1,2}|[a-z]{3,9})[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}")


def date_columns(bands: list[Band], lines: Sequence[Line], data_idx: Sequence[int]) -> None:
    """A column of dates with a few bare numbers among them ("44012", a spreadsheet's
    serial for 30/06/2020 where the cell lost its format) is a column of dates: those
    numbers say when, and are no amounts."""
    for b in bands:
        if b.kind != "num":
            continue
        # Words, not segments: a date set close to the next cell is read with it.
        cells = [
            [w.text for s in lines[i].segments for w in s.words if w.bbox.x_overlap(b.box) > 0]
            for i in data_idx
        ]
        cells = [c for c in cells if c]
        dates = sum(1 for c in cells if any(DATE.fullmatch(t) for t in c))
        if dates and 2 * dates > len(cells):
            b.kind = "date"
