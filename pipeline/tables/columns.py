"""Columns of a table: where each stands and what it holds.

Real papers put the row label anywhere (after a reference number, between two blocks of
figures, after a directorate column) and carry several text columns (codes, service areas,
descriptions, owners): columns are found and typed by what their cells hold, then figures read.

- Value columns of an unruled table come from the rows that show the most
  figures (Camelot's stream idea: the fullest rows fix the columns, the other
  rows are placed into them), so a wide figure cannot bridge two columns.
- Text columns are found wherever they stand and typed: ``ref`` (row numbers,
  short codes), ``label`` (the one column whose cells name the rows: the
  leftmost whose values are mostly distinct and read as words), ``text``
  (any other: kept as an attribute under its header).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.models import BBox, Line, Segment
from pipeline.normalise import looks_like_total, names_money, parse_amount
from pipeline.tables.labelchoice import (
    ATTRIBUTE_HEADER_RE,
    COUNTERPARTY_HEADER_RE,
    LABEL_HEADER_RE,
    label_among,
    within_groups,
)

Seg = tuple[BBox, str]

_REF_RE = re.compile(
    r"^(?:[A-Z]{0,5}[-_. ]?\d{1,4}[A-Za-z]?\*?|\d{1,3}[.)]?|[A-Z]{1,3}\d{0,2}[.)])$"
)
_CODE_RE = re.compile(r"^[A-Z0-9&/.\- ]{1,7}$")
#: the first part of a code a narrow column wrapped ("RES" over "-4", "PH-" over "8")
WRAPPED_CODE_RE = re.compile(r"[A-Z]{1,5}[-_./]?")


@dataclass
class Band:
    """A column: its horizontal extent and what its body cells hold.

    ``kind`` is ``num`` or ``rag`` for value columns (``date`` for a column of dates a
    few spreadsheet serials made look like figures: it parts columns, holds no money);
    ``label``, ``ref``, ``text`` or ``panel`` for text columns (found by
    :func:`text_columns`).
    """

    x0: float
    x1: float
    kind: str
    header: list[str] = field(default_factory=list)
    unit: Decimal | None = None
    #: where the unit came from: "header", "units row", "spanning header"
    unit_source: str | None = None

    @property
    def box(self) -> BBox:
        return BBox(self.x0, 0, self.x1, 1)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


# --------------------------------------------------------------------------- value columns


def anchored_clusters(rows: Sequence[Sequence[Seg]]) -> list[list[Seg]] | None:
    """Value columns fixed by the fullest rows, or None when no rows agree.

    The largest number of values that several rows share, standing over one
    another (at least two rows), fixes how many columns there are and where: column j
    is the union of the j-th values of those rows. Every other value joins the
    column it overlaps most, else the nearest one within half a column gap;
    values that fit none make columns of their own.
    """
    full = [sorted(r, key=lambda s: s[0].x0) for r in rows if r]
    counts = Counter(len(r) for r in full)
    need = 2
    ks = [k for k, c in counts.items() if c >= need and k >= 2]
    covering = _covering_row(full)
    if covering is not None:
        anchors, k = [covering], len(covering)
    elif not ks:
        return None
    else:
        # Rows with more values that do not stand over one another (a stray code in one, a
        # date read as a number in another) fix nothing: the next fullest rows that agree do.
        for k in sorted(ks, reverse=True):
            anchors = _agreeing([r for r in full if len(r) == k])
            if len(anchors) >= need:
                break
        else:
            return None
    cols: list[list[Seg]] = [[a[j] for a in anchors] for j in range(k)]
    ext = [BBox.enclosing([b for b, _ in c]) for c in cols]
    if any(ext[j].x1 > ext[j + 1].x0 - 0.5 for j in range(k - 1)):
        return None
    leftover: list[Seg] = []
    anchor_ids = {id(a) for a in anchors}
    kinds = [Counter(k for _, k in c).most_common(1)[0][0] for c in cols]
    for r in full:
        if id(r) in anchor_ids:
            continue
        # A rating beside a column of figures (its own column empty on the anchor rows)
        # is a column of its own, never one of the figures; so is a value near a column
        # its row already fills, with a value standing in it (a "Change %" beside it).
        best: dict[int, Seg] = {}
        for seg in r:
            j = _best_column(seg[0], ext)
            if j is None or kinds[j] != seg[1]:
                leftover.append(seg)
                continue
            other = best.get(j)
            if other is None:
                best[j] = seg
            elif seg[0].x_overlap(ext[j]) > other[0].x_overlap(ext[j]):
                best[j] = seg
                leftover.append(other)
            else:
                leftover.append(seg)
        for j, seg in best.items():
            cols[j].append(seg)
    for seg in sorted(leftover, key=lambda s: s[0].x0):
        for c in cols[k:]:
            if seg[0].x_overlap(BBox.enclosing([b for b, _ in c])) > 0:
                c.append(seg)
                break
        else:
            cols.append([seg])
    return cols


def _covering_row(full: Sequence[Sequence[Seg]]) -> list[Seg] | None:
    """The one row filling every column, each other row's values under one of its own (a
    total across a sparse schedule of years): it alone fixes the columns."""
    fullest = max(full, key=len, default=None)
    if fullest is None or len(fullest) < 3 or sum(len(r) == len(fullest) for r in full) > 1:
        return None
    boxes = [b for b, _ in fullest]
    if any(a.x_overlap(b) > 0 for a, b in itertools.pairwise(boxes)):
        return None
    covers = all(sum(1 for f in boxes if b.x_overlap(f) > 0) == 1 for r in full for b, _ in r)
    return list(fullest) if covers else None


def _agreeing(anchors: list[list[Seg]]) -> list[list[Seg]]:
    """The anchor rows whose j-th values all stand over one another.

    A row with a value missing and another in a column the others leave empty
    has the same count but shifted columns; it is no anchor.
    """
    if not anchors:
        return anchors
    k = len(anchors[0])

    def median(vals: list[float]) -> float:
        return sorted(vals)[len(vals) // 2]

    mid = [median([a[j][0].xc for a in anchors]) for j in range(k)]
    left = [median([a[j][0].x0 for a in anchors]) for j in range(k)]
    right = [median([a[j][0].x1 for a in anchors]) for j in range(k)]

    def agrees(box: BBox, j: int) -> bool:
        return (
            box.x0 - 2 <= mid[j] <= box.x1 + 2
            or abs(box.x1 - right[j]) < 3
            or abs(box.x0 - left[j]) < 3
        )

    return [a for a in anchors if all(agrees(a[j][0], j) for j in range(k))]


def _best_column(box: BBox, ext: Sequence[BBox]) -> int | None:
    overlaps = [(box.x_overlap(e), j) for j, e in enumerate(ext)]
    ov, j = max(overlaps)
    if ov > 0:
        return j
    dist, j = min((min(abs(box.x0 - e.x1), abs(e.x0 - box.x1)), j) for j, e in enumerate(ext))
    gaps = [ext[i + 1].x0 - ext[i].x1 for i in range(len(ext) - 1)]
    near = [g for i, g in enumerate(gaps) if i in (j - 1, j)] or [20.0]
    return j if dist <= 0.5 * min(near) else None


# --------------------------------------------------------------------------- text columns


def text_columns(
    rows: Sequence[Sequence[Segment]], n_rows: int, heads: Sequence[Segment] = ()
) -> list[Band]:
    """Columns of text on the rows of figures, wherever they stand.

    Text segments that overlap go together unless they come from one line (two
    cells side by side); a column must show on at least two rows, or a fifth
    of them, to count. Cells that start at two edges on the same lines, each with a
    header cell starting there too, are two columns, though text spilling from one into
    the other joined them.
    """
    items = sorted(((s, li) for li, r in enumerate(rows) for s in r), key=lambda t: t[0].bbox.x0)
    clusters: list[tuple[BBox, set[int], list[tuple[Segment, int]]]] = []
    for seg, li in items:
        for ci, (box, lines, members) in enumerate(clusters):
            if seg.bbox.x_overlap(box) > 0 and li not in lines:
                lines.add(li)
                members.append((seg, li))
                clusters[ci] = (box.union(seg.bbox), lines, members)
                break
        else:
            clusters.append((seg.bbox, {li}, [(seg, li)]))
    need = max(2, math.ceil(n_rows / 5)) if n_rows > 2 else 1
    # Under a header starting over it, a fifth of the rows make a column however few
    # they are ("Service area" over "Cultural services", printed once for its group's
    # first row of three).
    kept = [
        (box, lines)
        for box, lines, _ in clusters
        if len(lines) >= need
        or (
            len(lines) >= math.ceil(n_rows / 5) and any(abs(h.bbox.x0 - box.x0) <= 3 for h in heads)
        )
    ]
    kept.sort(key=lambda c: c[0].x0)
    # Clusters that overlap once grown are one column (a long label bridging two)...
    out: list[tuple[BBox, set[int]]] = []
    for box, lines in kept:
        if out and out[-1][0].x_overlap(box) > 0:
            out[-1] = (out[-1][0].union(box), out[-1][1] | lines)
        else:
            out.append((box, lines))
    # ... unless their cells start at edges of their own on the same lines.
    segs = [t for _, _, members in clusters for t in members]
    bands: list[Band] = []
    for box, _ in out:
        inside = [(s, li) for s, li in segs if box.x0 - 0.5 <= s.bbox.x0 <= box.x1]
        bands.extend(_split_at_starts(box, inside, need, [h.bbox.x0 for h in heads]))
    return bands


def _split_at_starts(
    box: BBox, inside: Sequence[tuple[Segment, int]], need: int, heads: Sequence[float]
) -> list[Band]:
    """A text column cut where two edges its cells start at both recur on the same lines,
    and a header cell starts at the second: two left-aligned columns, however their text
    spills over each other (parts of one label set apart, "Practitioner   0-11", have no
    header of their own)."""
    starts: dict[int, set[int]] = {}
    for s, li in inside:
        starts.setdefault(round(s.bbox.x0), set()).add(li)
    edges: list[tuple[int, set[int]]] = []
    for x in sorted(starts):
        if edges and x - edges[-1][0] <= 2:
            edges[-1] = (edges[-1][0], edges[-1][1] | starts[x])
        else:
            edges.append((x, set(starts[x])))
    edges = [(x, lines) for x, lines in edges if len(lines) >= need]
    cuts = [
        b[0]
        for a, b in itertools.pairwise(edges)
        if len(a[1] & b[1]) >= need
        and len(a[1] & b[1]) >= 0.5 * min(len(a[1]), len(b[1]))
        and any(abs(h - b[0]) <= 3 for h in heads)
    ]
    if not cuts:
        return [Band(box.x0, box.x1, "text")]
    out: list[Band] = []
    lo = box.x0
    for cut in cuts:
        ends = [s.bbox.x1 for s, _ in inside if lo - 0.5 <= s.bbox.x0 < cut - 2]
        out.append(Band(lo, min(max(ends, default=cut - 2), cut - 2), "text"))
        lo = cut - 0.5
    out.append(Band(lo, box.x1, "text"))
    return out


def is_reference(text: str) -> bool:
    """A row reference: a number or a short code with digits (ASC01, PE-4, 12a)."""
    return bool(_REF_RE.match(text.strip()))


def references(texts: Sequence[str]) -> bool:
    """Row numbers, or references mixing numbers and codes (RES01, 2, PE-4), or codes a
    narrow column wrapped ("RES" over "-4")."""
    return all(is_reference(t) or WRAPPED_CODE_RE.fullmatch(t) for t in texts)


def names_each_row(header: str) -> bool:
    """A column header saying the column names each row: an item, or who was paid."""
    return bool(LABEL_HEADER_RE.fullmatch(header) or COUNTERPARTY_HEADER_RE.fullmatch(header))


def type_text_columns(
    cols: Sequence[Band], cells: Sequence[Sequence[str]], heads: Sequence[str] = ()
) -> int | None:
    """Mark reference columns and choose the label column; returns its index.

    ``cells[i]`` holds the texts of column i on the rows of figures. A column
    whose texts are row numbers or short codes is a ``ref`` (when it stands
    left of other text) or an attribute; the label is the leftmost remaining
    column whose values are mostly distinct and read as words (a Category or
    Directorate column repeats its values), else the one with the most text.
    """
    cands: list[int] = []
    for i, (col, texts) in enumerate(zip(cols, cells, strict=True)):
        vals = [t.strip() for t in texts if t.strip()]
        if not vals:
            col.kind = "text"
            continue
        if any(_REF_RE.match(v) for v in vals) and references(vals) and i < len(cols) - 1:
            col.kind = "ref"
            continue
        col.kind = "text"
        codes = sum(1 for v in vals if _CODE_RE.match(v))
        if codes < 0.7 * len(vals):
            cands.append(i)
    if not cands:
        # Labels that are codes themselves (grades, bands A-H): the leftmost text column.
        cands = [i for i, c in enumerate(cols) if c.kind == "text" and any(cells[i])]
        cands = cands or [i for i, c in enumerate(cols) if any(cells[i])]
        if not cands:
            return None
        cols[cands[0]].kind = "label"
        return cands[0]
    wordy = [i for i in cands if _wordy(cells[i])]
    # A column headed as a grouping (Portfolio, Directorate, Lead officer) names no row
    # while another column can; when none other can, the one that does is the label
    # ("Service Area" naming each row of a summary by directorate).
    named = [i for i in wordy if i >= len(heads) or not ATTRIBUTE_HEADER_RE.fullmatch(heads[i])]
    # A first column headed as the thing each row is ("Item", "Description") is the
    # label even where its values repeat: an asset register lists twelve "Benches",
    # told apart by their Location, which is an attribute.
    if wordy and wordy[0] < len(heads) and LABEL_HEADER_RE.fullmatch(heads[wordy[0]]):
        cols[wordy[0]].kind = "label"
        return wordy[0]
    # A register of payments or grants names each row by who was paid ("Payee",
    # "Supplier", "Beneficiary"), however often they recur; what it was for ("Details")
    # describes the payment, and is kept as an attribute. Names in capitals count
    # ("BARNARDOS"): the header says what the column holds.
    if (within := within_groups(wordy, cells)) is not None:
        cols[within].kind = "label"
        return within
    paid = [i for i in cands if i < len(heads) and COUNTERPARTY_HEADER_RE.fullmatch(heads[i])]
    if len(paid) == 1:
        cols[paid[0]].kind = "label"
        return paid[0]
    rows = max((len(c) for c in cells), default=0)

    def names_rows(i: int, coverage: float, distinct: float) -> bool:
        vals = [t.strip() for t in cells[i] if t.strip()]
        if len(vals) <= 1:
            return True
        named = [t for t in vals if not looks_like_total(t)] or vals  # "Sub-total" repeats
        return len(vals) >= coverage * rows and len(set(named)) > distinct * len(named)

    # The label names every row, each differently; a category or directorate column
    # repeats its values or is printed once per group.
    for coverage, distinct in ((0.7, 0.9), (0.0, 0.6)):
        for group in (named, wordy):
            naming = [i for i in group if names_rows(i, coverage, distinct)]
            if naming:
                i = label_among(naming, cells, heads)
                cols[i].kind = "label"
                return i
    best = max(named or wordy or cands, key=lambda i: sum(len(t) for t in cells[i]))
    cols[best].kind = "label"
    return best


def _distinct(texts: Sequence[str]) -> float:
    vals = [t.strip() for t in texts if t.strip()]
    return len(set(vals)) / len(vals) if vals else 0.0


def _names_like(cells: Sequence[Sequence[str]], i: int, label: int) -> bool:
    """Column i reads as row labels as the label column does: words, on two rows or
    more, as distinct as the label's own (a page printing two years' sheets repeats
    both panels' labels alike), and no category repeating a few values."""
    vals = [t.strip() for t in cells[i] if t.strip()]
    need = min(0.6, _distinct(cells[label]) - 0.1)
    return len(vals) >= 2 and _wordy(cells[i]) and _distinct(cells[i]) > need


def first_panel(
    cols: Sequence[Band], cells: Sequence[Sequence[str]], label: int, value_x: Sequence[float]
) -> int:
    """Tables set side by side each name their rows: where a column left of the chosen
    label reads as labels too, with figures between the two, the leftmost such column
    labels the first panel (the chosen one names more rows only because the panel on
    the right runs longer). A column naming fewer than half the rows the label names
    ("Income" and "Expenditure" beside a budget's sixteen items, its labels set between
    the years' figures) groups them; it names no panel of its own."""
    named = sum(1 for t in cells[label] if t.strip())
    for i in range(label):
        col = cols[i]
        if col.kind != "text" or not _names_like(cells, i, label):
            continue
        if 2 * sum(1 for t in cells[i] if t.strip()) < named:
            continue
        if any(col.x1 - 2 < x < cols[label].x0 for x in value_x):
            cols[label].kind = "text"
            col.kind = "label"
            return i
    return label


def mark_panels(
    cols: Sequence[Band], cells: Sequence[Sequence[str]], label: int, value_x: Sequence[float]
) -> None:
    """Mark as ``panel`` each further text column that reads as row labels (words, mostly
    distinct) and has figures between it and the label column before it. Of text
    columns standing together with no figures between (a code, then the names), the
    one with the longest texts labels the panel."""
    prev = cols[label].x1
    i = label + 1
    while i < len(cols):
        if not any(prev - 2 < x < cols[i].x0 for x in value_x):
            i += 1
            continue
        group = [i]
        while group[-1] + 1 < len(cols) and not any(
            cols[group[-1]].x1 - 2 < x < cols[group[-1] + 1].x0 for x in value_x
        ):
            group.append(group[-1] + 1)
        names = [j for j in group if cols[j].kind == "text" and _names_like(cells, j, label)]
        if names:
            best = max(names, key=lambda j: sum(len(t.strip()) for t in cells[j]))
            cols[best].kind = "panel"
            prev = cols[best].x1
        i = group[-1] + 1


def _wordy(texts: Sequence[str]) -> bool:
    """Cells that read as names of things: mostly with lowercase words, or long."""
    vals = [t.strip() for t in texts if t.strip()]
    lower = sum(1 for v in vals if re.search(r"[a-z]{2}", v) or len(v) >= 16)
    return bool(vals) and lower >= 0.5 * len(vals)


def column_of(
    seg: Segment, cols: Sequence[Band], *, share: float = 0.6, figures: bool = False
) -> int | None:
    """The text column a segment stands in (most of its width inside), if any.

    Figures stand in value columns, so a segment that reads as a figure belongs
    to a text column only when that column holds references (or, with `figures`,
    while the columns are being typed: a row number is what makes a reference column).
    """
    width = max(seg.bbox.width, 0.1)
    best: tuple[float, int] | None = None
    for i, c in enumerate(cols):
        ov = min(seg.bbox.x1, c.x1 + 2) - max(seg.bbox.x0, c.x0 - 2)
        if ov >= share * width and (best is None or ov > best[0]):
            best = (ov, i)
    if best is None:
        return None
    if not figures and parse_amount(seg.text) is not None and cols[best[1]].kind != "ref":
        return None
    return best[1]


#: a header naming an identifier: "Transaction number", "VAT registration number",
#: "Invoice No.", "Cost centre code", "Supplier ID"
_ID_HEAD = re.compile(r"(?i)(?<!total )\b(?:number|no\.?|ref(?:erence)?|id|code)\s*$")
#: an identifier as printed: letters and digits with no thousands separator, decimal point
#: or sign ("35437313", "GB 654408435", "L0004488", "232 3164 03", "CHERR000211", "555")
_IDENTIFIER = re.compile(r"(?=[^\d]*\d)[A-Za-z0-9][A-Za-z0-9/ -]*")


def identifier_columns(bands: list[Band], lines: Sequence[Line], data_idx: Sequence[int]) -> None:
    """A column of numbers headed as identifiers (transaction, VAT registration or invoice
    numbers beside a payment) is a reference column, wherever it stands: its numbers are
    keys to look a payment up by, not amounts, even in a table of money."""
    values = [b for b in bands if b.kind == "num"]
    heads: dict[int, list[str]] = {}
    for ln in lines[: data_idx[0]]:
        for s in ln.segments:
            # A header cell is often wider than its figures: it heads the column it
            # overlaps most, unless it reaches far left over the text (a title).
            best = max(values, key=lambda b: s.bbox.x_overlap(b.box), default=None)
            if (
                best is not None
                and s.bbox.x_overlap(best.box) > 0
                and s.bbox.x0 >= best.x0 - max(2 * (best.x1 - best.x0), 30.0)
            ):
                heads.setdefault(id(best), []).append(s.text)
    for b in values:
        head = " ".join(heads.get(id(b), [])).strip()
        if not _ID_HEAD.search(head) or names_money(head):
            continue
        # The column's cells, codes in words as well as numbers ("LNA000041019" beside
        # "173"): whatever starts in it, word by word (an amount set hard against a VAT
        # number, "62122.5 GB 307 5497 88", is read as one phrase on the page).
        texts = [
            t
            for i in data_idx
            for s in lines[i].segments
            if (t := " ".join(w.text for w in s.words if _starts_in(w.bbox, b)).strip())
        ]
        long = sum(1 for t in texts if len(t.replace(" ", "")) >= 5)
        # A word for a payment with no number ("Online", "BACS" in a cheque number column)
        # stands among the identifiers as one of them.
        ids = [t for t in texts if _IDENTIFIER.fullmatch(t)]
        if ids and 2 * long >= len(texts) and len(ids) + sum(map(str.isalpha, texts)) == len(texts):
            b.kind = "ref"


def _starts_in(box: BBox, b: Band) -> bool:
    return b.x0 - 2 <= box.x0 <= b.x1 or b.x0 <= box.xc <= b.x1
