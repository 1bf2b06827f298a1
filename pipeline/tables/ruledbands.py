"""A ruled table's columns read from its vertical rules: each space between two rules is
a column of figures, ratings or text by what its rows print there (`ruled_bands`)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipeline.models import Fill, Line
from pipeline.normalise import find_fiscal_years, parse_amount, parse_unit, rag_from_rgb
from pipeline.tables.columns import Band
from pipeline.tables.regions import Region
from pipeline.tables.spill import merge_spilled

#: points: narrower than this, an empty space between vertical rules is the gap left
#: between two cells each boxed on its own (a form's figure boxes), not a column
_GAP = 15.0


def ruled_bands(
    region: Region,
    lines: Sequence[Line],
    kinds: Sequence[Sequence[str]],
    data_idx: Sequence[int],
    fills: Sequence[Fill],
) -> list[Band]:
    xs: list[float] = []
    for r in sorted(region.vrules, key=lambda r: r.bbox.x0):
        if not xs or r.bbox.x0 - xs[-1] > 3:
            xs.append(r.bbox.x0)
    if len(xs) < 3:
        # A frame round the whole table parts no columns: read them from the rows.
        return []
    bands: list[Band] = []
    for a, b in itertools.pairwise(xs):
        counts = {"num": 0, "rag": 0, "text": 0, "nil": 0}
        for i in data_idx:
            for s, k in zip(lines[i].segments, kinds[i], strict=True):
                if a <= s.bbox.xc <= b:
                    counts[k] += 1
                    # "None" among "Limited to Band E": a word, not a nil figure
                    counts["nil"] += k == "num" and _nil(s.text)
        coloured = sum(
            1
            for f in fills
            if a - 1 <= f.bbox.xc <= b + 1
            and f.bbox.width < 0.6 * region.bbox.width
            and rag_from_rgb(f.rgb) is not None
            and any(f.bbox.top - 1 <= lines[i].bbox.yc <= f.bbox.bottom + 1 for i in data_idx)
        )
        empty = not any(counts.values()) and not coloured
        if empty and b - a < _GAP:
            continue  # the gap between two cells boxed apart: no column
        if (
            counts["num"] >= max(1, counts["text"])
            and not (counts["text"] and counts["num"] == counts["nil"])
        ) or (empty and _headed_as_figures(lines[: data_idx[0]], a, b)):
            bands.append(Band(a, b, "num"))
        elif counts["rag"] > 0 or (coloured and counts["text"] == 0):
            bands.append(Band(a, b, "rag"))
        else:
            bands.append(Band(a, b, "text"))
    # An empty column holding only cell colours is a RAG column.
    return merge_spilled(bands, lines, kinds, data_idx)


def _nil(text: str) -> bool:
    """A nil written as a word ("None", "Nil"), which a column of words may hold too; a
    dash is a nil figure's own mark."""
    amount = parse_amount(text)
    return amount is not None and amount.is_nil and text.strip().isalpha()


def _headed_as_figures(header: Sequence[Line], a: float, b: float) -> bool:
    """A column empty on this page under a header naming a year or a unit ("2030/31",
    "£ million"): a column of figures whose rows are on another page, kept so the table's
    pages keep the same columns."""
    words = " ".join(s.text for ln in header for s in ln.segments if a <= s.bbox.xc <= b)
    return bool(find_fiscal_years(words)) or parse_unit(words) is not None
