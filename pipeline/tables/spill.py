"""A spreadsheet grid's text columns, read from the text as well as the rules.

The rules of a grid exported from Excel do not always part its text columns:
- Excel shows a cell's text across the empty cells to its right ("Tree and verge
  maintenance" starts in the item column and runs on over two empty cells). Read by the
  rules, each empty cell became a text column of its own holding the middle of the
  label; the label was cut, its pieces read as attributes. A column of the grid in which
  no cell's text starts, and into which text from the column on its left runs, is part
  of that column (:func:`merge_spilled`).
- A sheet that borders some columns only puts two columns in one box (reference codes
  and applicants' names); text in groups with a clear gap between is two columns
  (:func:`split_unruled`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipeline.models import Line
from pipeline.tables.columns import Band, text_columns


def merge_spilled(
    bands: Sequence[Band],
    lines: Sequence[Line],
    kinds: Sequence[Sequence[str]],
    data_idx: Sequence[int],
) -> list[Band]:
    """The grid's columns, each text column that only holds text run on from the text
    column on its left joined to that one."""
    texts = [
        s for i in data_idx for s, k in zip(lines[i].segments, kinds[i], strict=True) if k == "text"
    ]
    out: list[Band] = []
    for band in bands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == band.kind == "text"
            and not any(band.x0 + 1 <= s.bbox.x0 < band.x1 for s in texts)
            and any(s.bbox.x0 < band.x0 and s.bbox.x1 > band.x0 + 2 for s in texts)
        ):
            out[-1] = Band(prev.x0, band.x1, "text")
        else:
            out.append(band)
    return out


def split_unruled(
    bands: Sequence[Band],
    lines: Sequence[Line],
    kinds: Sequence[Sequence[str]],
    data_idx: Sequence[int],
) -> list[Band]:
    """The grid's text columns, each cut where its cells' text falls in groups with a
    clear gap between them and no rule drawn there: a spreadsheet that borders some
    columns only ("Project Reference" and "Applicant" in one bordered block, the codes
    in one group, the names in another) prints two columns in one box. A text column's
    words that overlap stay together, as :func:`text_columns` groups them."""
    out: list[Band] = []
    for band in bands:
        if band.kind != "text":
            out.append(band)
            continue
        rows = [
            [
                s
                for s, k in zip(lines[i].segments, kinds[i], strict=True)
                if k == "text" and band.x0 <= s.bbox.xc <= band.x1
            ]
            for i in range(data_idx[0], len(lines))  # a code may stand under its row's words
        ]
        parts = text_columns([r for r in rows if r], len(data_idx))
        if len(parts) < 2:
            out.append(band)
            continue
        edges = [band.x0, *((a.x1 + b.x0) / 2 for a, b in itertools.pairwise(parts)), band.x1]
        out.extend(Band(a, b, "text") for a, b in itertools.pairwise(edges))
    return out
