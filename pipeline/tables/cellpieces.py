"""A segment as the table cells it holds.

pdfplumber groups words into phrases by the gaps between them; a spreadsheet printed
tight sets a cell's text so close to the next cell's that the two read as one phrase
(a nil dash against a label, an amount against a VAT number). Splitting them here,
where the columns are known, keeps each piece in its own column.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import BBox, Segment, Word
from pipeline.normalise import parse_amount
from pipeline.tables.columns import Band


def cell_pieces(seg: Segment, bands: Sequence[Band]) -> list[Segment]:
    """A segment as the cells it holds: a nil dash or an amount set close against the text
    of the next column is a cell of its own."""
    return [q for p in _split_nil(seg, bands) for q in _split_amount(p, bands)]


def _piece(words: Sequence[Word]) -> Segment:
    return Segment(list(words), BBox.enclosing([w.bbox for w in words]))


def _split_amount(seg: Segment, bands: Sequence[Band]) -> list[Segment]:
    """An amount that fits inside a column of figures, with the rest of its segment wholly
    clear of that column ("62122.5 GB 307 5497 88": an amount hard against the VAT number
    beside it; "Repairs 1,250" set tight), is that column's cell and the rest is text."""
    words = seg.words
    if len(words) < 2:
        return [seg]
    for b in bands:
        if b.kind != "num":
            continue
        first, last = words[0], words[-1]
        if _fits(first, b) and parse_amount(first.text) is not None and words[1].bbox.x0 > b.x1 + 1:
            return [_piece(words[:1]), _piece(words[1:])]
        if _fits(last, b) and parse_amount(last.text) is not None and words[-2].bbox.x1 < b.x0 - 1:
            return [_piece(words[:-1]), _piece(words[-1:])]
    return [seg]


def _fits(word: Word, band: Band) -> bool:
    return band.x0 - 2 <= word.bbox.x0 and word.bbox.x1 <= band.x1 + 2


def _split_nil(seg: Segment, bands: Sequence[Band]) -> list[Segment]:
    """A nil dash set close against the label after it ("- Services Grant") is a cell of
    the column of figures it stands in, not the start of the label."""
    first = seg.words[0]
    if len(seg.words) < 2 or not first.text or any(c not in "-–—−" for c in first.text):
        return [seg]
    rest = seg.words[1:]
    if not rest[0].text[:1].isalpha():
        return [seg]  # "− 190": a minus sign set apart from its digits
    if not any(b.kind == "num" and b.x0 - 2 <= first.bbox.x1 <= b.x1 + 2 for b in bands):
        return [seg]
    return [Segment([first], first.bbox), Segment(rest, BBox.enclosing([w.bbox for w in rest]))]


def left_column(seg: Segment, text_cols: Sequence[Band], bands: Sequence[Band]) -> int | None:
    """The text column a segment fills from its left edge, when it is wider than the column
    seen so far: a long name ("BARKING HAVERING AND REDBRIDGE HOSPITALS") starts where the
    column's cells start and ends before the next column begins, so it is that column's
    cell even though most of it lies right of the column's usual extent. The extent is
    learnt from most rows, so the widest cells are the ones it leaves out."""
    if parse_amount(seg.text) is not None:
        return None
    for i, c in enumerate(text_cols):
        if c.kind not in ("label", "text") or abs(seg.bbox.x0 - c.x0) > 2:
            continue
        starts = [b.x0 for b in (*text_cols, *bands) if b is not c and b.x0 > c.x0 + 2]
        if seg.bbox.x1 < min(starts, default=float("inf")) - 2:
            return i
    return None
