"""Which columns of a table are ratings (RAG): colour alone down a column, or lettered
cells whose letters and header say so. A rating column is read for every row's rating,
so a column of colour that marks a group of columns, or of note letters, must not be."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import BBox, Fill, Line
from pipeline.normalise import NO_FIGURE, parse_rag, rag_from_rgb
from pipeline.tables.columns import Band
from pipeline.tables.regions import Region

RAG_HEADER_RE = re.compile(r"\b(?:RAG|rating|status|risk)\b", re.IGNORECASE)


def fill_bands(
    region: Region,
    bands: Sequence[Band],
    fills: Sequence[Fill],
    body_top: float,
    header: Sequence[Line],
) -> list[Band]:
    """A column shown only by cell colours (RAG with no text), in the body: a coloured
    header cell is no rating. One colour all down a long column marks a group of
    columns, unless the column is headed as a rating (every row Amber is a rating)."""
    cands = [
        f
        for f in fills
        if f.bbox.width < 0.4 * region.bbox.width
        and max(region.bbox.top - 2, body_top) <= f.bbox.yc <= region.bbox.bottom + 2
        and region.bbox.x0 - 60 <= f.bbox.xc <= region.bbox.x1 + 60
        and rag_from_rgb(f.rgb) is not None
    ]
    out: list[Band] = []
    colours: list[set[str]] = []
    for f in sorted(cands, key=lambda f: f.bbox.x0):
        # Colour over figures shades a header or a block of columns; a rating has its own column.
        if any(f.bbox.x_overlap(b.box) > min(0.3 * f.bbox.width, 3.0) for b in bands):
            continue
        hit = [i for i, b in enumerate(out) if f.bbox.x_overlap(b.box) > 0.3 * f.bbox.width]
        if hit:
            colours[hit[0]].add(str(rag_from_rgb(f.rgb)))
            continue
        out.append(Band(f.bbox.x0, f.bbox.x1, "rag"))
        colours.append({str(rag_from_rgb(f.rgb))})
    # One colour all down a long column marks a group of columns, not ratings.
    n_rows = max(1, len({round(f.bbox.top) for f in cands}))
    headed = [
        s.bbox for ln in header for s in ln.segments if RAG_HEADER_RE.search(s.text) is not None
    ]
    return [
        b
        for b, c in zip(out, colours, strict=True)
        if any(h.x_overlap(b.box) > 0 for h in headed)
        or ((len(c) >= 2 or n_rows <= 3) and not _message_boxes(b, region, body_top, header))
    ]


def _message_boxes(band: Band, region: Region, body_top: float, header: Sequence[Line]) -> bool:
    """Coloured boxes a spreadsheet fills in by formula ("VARIANCE EXPLANATION NOT
    REQUIRED" in red, under a header that names no rating): a message, not a rating. Both
    must hold: a header over the column that is not a rating's, and a sentence in a cell."""
    over = [s for ln in header for s in ln.segments if s.bbox.x_overlap(band.box) > 0]
    if not over:
        return False
    cells = [
        s
        for ln in region.lines
        if ln.bbox.top >= body_top
        for s in ln.segments
        if s.bbox.x_overlap(band.box) > 0.5 * s.bbox.width
    ]
    return any(len(s.words) >= 4 and parse_rag(s.text) is None for s in cells)


def lettered_notes(
    box: BBox, lines: Sequence[Line], data_idx: Sequence[int], header: Sequence[Line]
) -> bool:
    """A column of lone letters that are all A or B (notes keyed "A", "B" beside an
    account's rows) rates nothing unless its header names a rating: a RAG column
    lettered by initials has an R or a G in it, or says what it is."""
    cells = [
        s.text.strip(" .*").upper()
        for i in data_idx
        for s in lines[i].segments
        if s.bbox.x_overlap(box) > 0
    ]
    if not cells or any(len(c) != 1 for c in cells) or set(cells) & {"R", "G"}:
        return False
    return not any(
        RAG_HEADER_RE.search(s.text) and s.bbox.x_overlap(box) > 0
        for ln in header
        for s in ln.segments
    )


def worded_status(box: BBox, lines: Sequence[Line], data_idx: Sequence[int]) -> bool:
    """A column of delivery statuses in words ("On track", "Delivered", "At risk"), where
    one word happens to read as a rating ("Delivered" as Blue): the column is text, kept
    under its header, and rates no row. Several cells of words that are no rating, nor a
    "n/a" or "TBC", make it so."""
    cells = [
        s.text
        for i in data_idx
        for s in lines[i].segments
        if s.bbox.x_overlap(box) > 0.5 * s.bbox.width
    ]
    worded = [
        t
        for t in cells
        if parse_rag(t) is None and not NO_FIGURE.match(t.strip()) and any(c.isalpha() for c in t)
    ]
    return len(worded) >= max(2, 0.25 * len(cells))
