"""What a page break leaves behind, and how the parts of one table are joined again.

A table over several pages comes back as one: the part opening a page continues
the table closing the page before when its columns line up and it has no numbered
caption of its own (`compatible`, `merge`); a total row pushed alone onto the next
page joins where its figures end under that table's columns (`aligned_columns`).

Word and HTML exports that do not repeat header rows can print a table's caption
and header as the last lines of one page and all of its rows on the next. The
rows then open their page with no header; the lines closing the page before
stand over the same columns and are their header. They are lifted onto the
rows' page, just above them, so the header is read as if printed there.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence

from pipeline.layout import line_size
from pipeline.models import BBox, Line, Segment, Word
from pipeline.normalise import column_period, parse_rag
from pipeline.tables.columns import Band, column_of
from pipeline.tables.context import closing_lines
from pipeline.tables.headers import header_cells, header_text
from pipeline.tables.linekinds import is_sentence_or_caption
from pipeline.tables.regions import Region
from pipeline.tables.structure import BodyLine, Draft


def orphan_header(
    prev_lines: Sequence[Line], taken: set[int], bands: Sequence[Band], pitch: float = 1.2
) -> tuple[list[Line], list[Line]]:
    """The free lines at the foot of the page before that head these columns (top down),
    and the free lines above them (nearest first): the table's caption and lead-in.

    Read upwards from the last line until a line stands over none of the columns (the
    caption or the text above); sentences and captions are never header lines. At
    least one line must put words over two columns, as a header does. A section heading
    closing the lines stands at most ``pitch`` lines' height under the line above it.
    """
    closing = closing_lines(prev_lines, taken)
    cells = header_cells([b for b in bands if b.kind in ("num", "rag")])
    # A section heading may close the page under the header ("Adult Social Care", the
    # table's first row, over no figures): it stands left of every column, set tight
    # under the line above it, and goes with the header onto the rows' page.
    sections = _sections_under_header(closing, cells, pitch)
    closing = closing[len(sections) :]
    out: list[Line] = []
    for ln in closing:
        # Header lines are set tight; a caption stands apart above them.
        apart = bool(out) and out[0].bbox.top - ln.bbox.bottom > 1.2 * line_size(ln)
        if apart or not _columns_under(ln, cells) or is_sentence_or_caption(ln) or len(out) >= 6:
            break
        out.insert(0, ln)
    if not any(_over_two_columns(ln, cells) for ln in out):
        return [], []
    return out + sections[::-1], closing[len(out) : len(out) + 4]


def _sections_under_header(
    closing: Sequence[Line], cells: Sequence[BBox], pitch: float
) -> list[Line]:
    """The short lines (at most two) closing a page left of every column, each set tight
    under the next line up, nearest the foot first: section headings of the rows that
    open the next page (no sentence, no caption, no page number)."""
    if not cells:
        return []
    left = min(c.x0 for c in cells)
    out: list[Line] = []
    for ln, above in itertools.pairwise(closing):
        if (
            len(out) >= 2
            or ln.bbox.x1 > left
            or len(ln.words) > 6
            or not any(ch.isalpha() for ch in ln.text)
            or is_sentence_or_caption(ln)
            or ln.bbox.top - above.bbox.bottom > pitch * line_size(ln)
        ):
            break
        out.append(ln)
    return out


def _over_two_columns(line: Line, cells: Sequence[BBox]) -> bool:
    """Words over two columns, as a header puts them: two columns of figures, or the label
    column's head and one column of figures ("First column | Figures" over a table with a
    single column of figures)."""
    over = _columns_under(line, cells)
    left = min((c.x0 for c in cells), default=0.0)
    stub = any(s.bbox.x1 < left for s in line.segments)
    # Header cells are short: a row's label and a note beside the figures' column are not.
    short = all(len(s.words) <= 4 for s in line.segments)
    return len(over) >= 2 or (len(over) == 1 and stub and short)


def _columns_under(line: Line, cells: Sequence[BBox]) -> set[int]:
    return {i for s in line.segments for i, c in enumerate(cells) if s.bbox.x_overlap(c) > 0}


def with_header(region: Region, header: Sequence[Line]) -> Region:
    """The region with the orphaned header lines set just above its first line, as far
    above it as the last two of them stand apart (a section heading lifted with the
    header keeps its row's pitch, so it is not read as a label wrapped over its row)."""
    gap = 2.0
    if len(header) > 1:
        gap = max(gap, header[-1].bbox.top - header[-2].bbox.bottom)
    dy = region.bbox.top - gap - header[-1].bbox.bottom
    lifted = [_shift(ln, region.page, dy) for ln in header]
    return dataclasses.replace(
        region,
        bbox=BBox.enclosing([region.bbox, *(ln.bbox for ln in lifted)]),
        lines=[*lifted, *region.lines],
    )


def _shift(line: Line, page: int, dy: float) -> Line:
    def box(b: BBox) -> BBox:
        return BBox(b.x0, b.top + dy, b.x1, b.bottom + dy)

    def word(w: Word) -> Word:
        return dataclasses.replace(w, bbox=box(w.bbox))

    segments = [Segment([word(w) for w in s.words], box(s.bbox)) for s in line.segments]
    words = [w for s in segments for w in s.words]
    return Line(page=page, words=words, segments=segments, bbox=box(line.bbox))


# --------------------------------------------------------------------------- joining parts


_NUMBERED_RE = re.compile(r"\s*(?:table|appendix|annex|schedule)\s+\w+", re.IGNORECASE)
_CONTINUED_RE = re.compile(r"\bcont(?:inued|'d|d)?\b", re.IGNORECASE)


def compatible(a: Draft, b: Draft) -> bool:
    """Whether draft b (top of a page) continues draft a (end of the previous page).

    A table with a numbered caption of its own ("Table 3: …"), headers that share no
    column's text with the table before or say something else over one of its columns
    ("Initial Investment" where "Amount Invested" stood), or a unit stated over a column
    that differs from the unit over that column above ("£000s" then "£ million": a table
    repeating its header on the next page repeats its units), is a new table however its
    columns align."""
    caption = " ".join(b.caption)
    if b.page != a.last_page + 1 or (
        _NUMBERED_RE.match(caption) and not _CONTINUED_RE.search(caption)
    ):
        return False
    na = [x for x in a.bands if x.kind == "num"]
    nb = [x for x in b.bands if x.kind == "num"]
    if len(na) != len(nb) or any(
        x.unit is not None and y.unit is not None and x.unit != y.unit
        for x, y in zip(na, nb, strict=True)
    ):
        return False
    hb = [header_text(x) for x in nb]
    if any(hb):
        ha = [header_text(x) for x in na]
        # A header repeated over the rows carried on says what it said, or part of it (its
        # lower lines, the spanning ones left above); a header sharing no word with the one
        # above it is another table's (one the same, "%" over "%", shares itself).
        if any(
            x and y and x != y and not _words(x) & _words(y) for x, y in zip(ha, hb, strict=True)
        ):
            return False
        # nor one naming another year over a column ("2022-23" where "Total" stood)
        if any(
            (p := column_period(y)) is not None and p != column_period(x)
            for x, y in zip(ha, hb, strict=True)
        ):
            return False
        shared = any(x == y for x, y in zip(ha, hb, strict=True) if y)
        return ha == hb or (
            shared and all(abs(x.x1 - y.x1) < 12 for x, y in zip(na, nb, strict=True))
        )
    return True


def _words(header: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", header.lower()))


def aligned_columns(a: Draft, b: Draft) -> dict[int, int] | None:
    """b's value columns mapped onto a's by where their figures end (right-aligned
    figures end at one x), or None when one of b's has no column of a's there."""
    mapping: dict[int, int] = {}
    for j, y in enumerate(b.bands):
        near = [i for i, x in enumerate(a.bands) if x.kind == y.kind and abs(x.x1 - y.x1) < 12]
        if len(near) != 1:
            return None
        mapping[j] = near[0]
    return mapping


def _place_text(bl: BodyLine, a: Draft, b: Draft) -> dict[int, list[Segment]]:
    """Text cells of a part whose text columns differ from the part above (a page of a
    row or two cannot show a column that few rows fill) take the column of the part
    above they stand in. Words of a column of its own that the part above lacks (a VAT
    number column empty on the first page) make that column in the table, under their
    header; other words standing in none join the label. A rating standing in the
    rating column above ("G", which one row could not make a column of) is returned as
    that column's cell."""
    label: list[Segment] = []
    attrs: dict[int, list[Segment]] = {}
    rated: dict[int, list[Segment]] = {}
    rag_cols = [x for x in a.bands if x.kind == "rag"]
    placed = [(s, None) for s in bl.label] + [(s, k) for k, ss in bl.attrs.items() for s in ss]
    for seg, own in sorted(placed, key=lambda t: t[0].bbox.x0):
        r = column_of(seg, rag_cols) if parse_rag(seg.text) else None
        mine = b.text_cols[own] if own is not None else None
        # A column of b under a header the table has is that column, wherever it stands.
        i = next((k for k, c in enumerate(a.text_cols) if mine and mine.header == c.header), None)
        if mine is None or not mine.header or i is None:
            i = column_of(seg, a.text_cols)
        if i is None and r is None and mine is not None and mine.kind != "label":
            i = _column_like(a, mine)
        if r is not None and i is None:
            rated.setdefault(a.bands.index(rag_cols[r]), []).append(seg)
        elif i is None or i == a.label_col or a.label_col is None:
            label.append(seg)
        else:
            attrs.setdefault(i, []).append(seg)
    bl.label, bl.attrs = label, attrs
    return rated


def _column_like(a: Draft, col: Band) -> int:
    """The index in a's text columns of one under the same header as `col` (or, with no
    header, standing where it stands); added to a's columns if none."""
    for i, c in enumerate(a.text_cols):
        if (col.header and c.header == col.header) or (c.x0, c.x1) == (col.x0, col.x1):
            return i
    a.text_cols.append(Band(col.x0, col.x1, col.kind, header=list(col.header)))
    return len(a.text_cols) - 1


def _ratings_in_figures(bl: BodyLine, a: Draft, b: Draft) -> dict[int, list[Segment]]:
    """Ratings read into a figures' cell of part b that stand in a rating column of the
    part above: a page of a row or two among totals cannot make a column of one
    "Green", so it joined the figures beside it. Taken out of the cell and returned as
    the rating column's (by index in a.bands)."""
    rag_cols = [x for x in a.bands if x.kind == "rag"]
    moved: dict[int, list[Segment]] = {}
    if not rag_cols:
        return moved
    for j, segs in bl.cells.items():
        if j >= len(b.bands) or b.bands[j].kind == "rag":
            continue
        keep: list[Segment] = []
        for seg in segs:
            r = column_of(seg, rag_cols) if parse_rag(seg.text) else None
            if r is None:
                keep.append(seg)
            else:
                moved.setdefault(a.bands.index(rag_cols[r]), []).append(seg)
        bl.cells[j] = keep
    return moved


def _rows(d: Draft) -> int:
    return sum(1 for bl in d.body if bl.cells)


def _move_label(bl: BodyLine, old: int | None, new: int) -> None:
    """The line's label read from text column `new` instead of `old`."""
    cols: dict[int, list[Segment]] = {**bl.attrs}
    if old is not None:
        cols[old] = bl.label
    bl.label = cols.pop(new, [])
    bl.attrs = {k: v for k, v in cols.items() if v}


def merge(a: Draft, b: Draft, mapping: dict[int, int] | None = None) -> None:
    """Append draft b's body to a, mapping b's columns onto a's by position in order
    (or by the mapping given: a lone row filling some columns only)."""
    if mapping is None:
        mapping = {}
        for kind in ("num", "rag", "text"):
            ia = [i for i, x in enumerate(a.bands) if x.kind == kind]
            ib = [i for i, x in enumerate(b.bands) if x.kind == kind]
            for x, y in zip(ib, ia, strict=False):
                mapping[x] = y
    same_text = len(a.text_cols) == len(b.text_cols)
    # The same columns read on a page of fewer rows can pick another label column: the
    # rows take the label column of the part with more rows, by position.
    if (
        same_text
        and a.label_col is not None
        and b.label_col is not None
        and b.label_col != a.label_col
        and _rows(a) <= 2 < _rows(b)
    ):
        for bl in a.body:
            _move_label(bl, a.label_col, b.label_col)
        a.label_col = b.label_col
        # The column that was the label had its header taken as the stub's: b's names it.
        for col_a, col_b in zip(a.text_cols, b.text_cols, strict=True):
            col_a.header = col_a.header or list(col_b.header)
    for bl in b.body:
        rated: dict[int, list[Segment]] = {}
        if same_text and a.label_col is not None and b.label_col not in (None, a.label_col):
            _move_label(bl, b.label_col, a.label_col)
        elif not same_text:
            rated = _place_text(bl, a, b)
        for i, segs in _ratings_in_figures(bl, a, b).items():
            rated.setdefault(i, []).extend(segs)
        bl.cells = {mapping[i]: segs for i, segs in bl.cells.items() if i in mapping and segs}
        for i, segs in rated.items():
            bl.cells.setdefault(i, segs)
        bl.fills = {mapping[i]: rgb for i, rgb in bl.fills.items() if i in mapping}
        a.body.append(bl)
    for page, ys in b.hrules.items():
        a.hrules[page] = sorted({*a.hrules.get(page, []), *ys})
    a.row_rules = a.row_rules or b.row_rules
    a.last_page = b.last_page
    for page, box in b.bbox_by_page.items():
        a.bbox_by_page[page] = box.union(a.bbox_by_page[page]) if page in a.bbox_by_page else box
    for band_a, band_b in zip(a.bands, b.bands, strict=False):
        if band_a.unit is None:
            band_a.unit = band_b.unit
            band_a.unit_source = band_b.unit_source
