"""Table headers: which header words stand over which columns, and what they say.

Stacked header lines join per column; a merged cell spans the columns it is centred
over or starts at, or a group of columns when fiscal years head regular groups
(:mod:`pipeline.tables.yearspans`), or what its rules, shading or underline bound
(:mod:`pipeline.tables.cellspans`); units printed in a header cell, a units row or a
spanning header go to the columns under them.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from decimal import Decimal

from pipeline.models import BBox, Line, Segment, Word
from pipeline.normalise import is_unit_only, parse_rag, parse_unit, single_period, strip_unit
from pipeline.tables.columns import Band, column_of
from pipeline.tables.linekinds import UNIT_WORD_RE, unit_wrapped_on
from pipeline.tables.yearspans import year_spans


def assign_header(
    placed: Sequence[tuple[Segment, list[int]]],
    bands: Sequence[Band],
    text_cols: Sequence[Band],
    label_col: int | None,
    stub_x1: float,
) -> list[str]:
    """Header pieces to the columns they stand over: labels, units (a units row, a
    header cell, a spanning header); returns the pieces over the stub. A unit whose
    words wrap ("Budget £" / "million") is read from the column's whole header."""
    stub_header_parts: list[str] = []
    raw: dict[int, list[str]] = {}
    for piece, covered in placed:
        tc = _text_column_of(piece, text_cols, bands)
        if tc is not None and any(piece.bbox.x_overlap(bands[b].box) > 0 for b in covered):
            tc = None  # over figures: the figures' header, however near a text column
        if tc is not None and tc != label_col:
            text_cols[tc].header.append(piece.text)
            # Words over the stub also title the table (a unit, a caption set in the grid).
            if piece.bbox.x1 <= stub_x1 + 2 or parse_unit(piece.text) is not None:
                stub_header_parts.append(piece.text)
            continue
        if not covered or tc is not None:  # here tc is None or the label column
            stub_header_parts.append(piece.text)
            continue
        for bi in covered:
            raw.setdefault(bi, []).append(piece.text)
            if is_unit_only(piece.text):
                bands[bi].unit = parse_unit(piece.text)
                bands[bi].unit_source = "units row" if len(covered) == 1 else "spanning header"
                continue
            unit = parse_unit(piece.text)
            if unit is not None and bands[bi].unit is None:
                bands[bi].unit = unit
                bands[bi].unit_source = "header" if len(covered) == 1 else "spanning header"
            label = strip_unit(piece.text)
            if label:
                bands[bi].header.append(label)
    for bi, texts in raw.items():
        joined = " ".join(texts)
        unit = parse_unit(joined)
        band = bands[bi]
        if unit is not None and unit != band.unit and band.unit in (None, Decimal(1)):
            band.unit, band.unit_source = unit, band.unit_source or "header"
            band.header = [h for h in (strip_unit(joined),) if h]
    return stub_header_parts


#: the narrowest a header cell is, in points: "£" or "2025" over a column's figures
_NARROWEST = 30.0


def header_cells(bands: Sequence[Band]) -> list[BBox]:
    """Where a column's header may stand: from halfway to the column before to halfway
    to the next (text is left-aligned in a cell whose figures are right-aligned), and no
    further right than the last figures (a comment beside the last column is no header)."""
    cells = []
    for i, b in enumerate(bands):
        # The first column's header reaches left of figures narrower than any header
        # (a column of noughts, "0", under "£"): figures are set right in their cells.
        lo = (bands[i - 1].x1 + b.x0) / 2 if i > 0 else min(b.x0 - 2, b.x1 - _NARROWEST)
        hi = (b.x1 + bands[i + 1].x0) / 2 if i + 1 < len(bands) else b.x1 + 2
        cells.append(BBox(min(lo, b.x0 - 2), 0, max(hi, b.x1 + 2), 1))
    return cells


def _extended(bands: Sequence[Band], i: int, stub_x1: float) -> tuple[float, float]:
    left = (bands[i - 1].x1 + bands[i].x0) / 2 if i > 0 else stub_x1 - 4
    right = (bands[i].x1 + bands[i + 1].x0) / 2 if i + 1 < len(bands) else 1e9
    return left, right


def segment_bands(
    seg: Segment, bands: Sequence[Band], stub_x1: float, label_right: float | None = None
) -> list[int]:
    """Columns a segment stands over (several for a merged header cell); [] for the stub.

    A header wider than its column (right-aligned over narrow figures) still
    belongs to the column unless it starts inside the labels' own extent.
    """
    limit = stub_x1 - 20 if label_right is None else min(label_right, stub_x1 - 2)
    # Centred over right-aligned figures, a header may end before them, in the gap
    # between the labels and the first figures: it heads those figures, not the stub.
    in_gap = label_right is not None and seg.bbox.x0 > label_right + 4
    if not in_gap and (
        seg.bbox.x1 <= stub_x1 + 2 or (seg.bbox.xc < stub_x1 - 2 and seg.bbox.x0 < limit)
    ):
        return []
    width = max(seg.bbox.width, 0.1)
    overlaps: list[tuple[int, float]] = []
    for i in range(len(bands)):
        lo, hi = _extended(bands, i, stub_x1)
        ov = min(seg.bbox.x1, hi) - max(seg.bbox.x0, lo)
        if ov > 0:
            overlaps.append((i, ov))
    if not overlaps:
        best = min(range(len(bands)), key=lambda i: abs(bands[i].x1 - seg.bbox.x1))
        return [best]
    best_i, best_ov = max(overlaps, key=lambda t: t[1])
    if best_ov >= 0.65 * width:
        return [best_i]
    covered = []
    for i, ov in overlaps:
        core = max(bands[i].x1 - bands[i].x0, 1.0)
        core_ov = min(seg.bbox.x1, bands[i].x1) - max(seg.bbox.x0, bands[i].x0)
        if ov >= 0.2 * width and core_ov >= 0.5 * core:
            covered.append(i)
    return covered or [best_i]


def place_header(
    header_lines: Sequence[Line],
    bands: Sequence[Band],
    text_cols: Sequence[Band],
    stub_x1: float,
    label_right: float | None,
) -> list[tuple[Segment, list[int]]]:
    """Header pieces with the columns each stands over, spanning headers widened.

    A merged header cell ("Savings £000" over 2019/20 | 2020/21 | Total) prints
    its words centred over one of its columns. It is recognised by the lines
    below it: the columns beside it have headers of their own further down but
    none on its line, so they fall under it. A header whose column has nothing
    below (a cell merged downwards, like "RAG") spans nothing.
    """
    rows: list[list[tuple[Segment, list[int]]]] = []
    for ln in header_lines:
        row = []
        for s in ln.segments:
            for piece in _split_at_bands(s, bands, stub_x1):
                row.append((piece, segment_bands(piece, bands, stub_x1, label_right)))
        rows.append(row)
        _past_its_figures(row, bands, text_cols)
    # Bottom up, so that a merged cell over merged cells spans what they came to span.
    walls = [c.xc for c in text_cols]
    for li in reversed(range(len(rows))):
        _widen(rows, li, bands, walls)
        # Years over groups of columns are read before the lines above them, so that a
        # heading centred over both years' groups is seen to span them.
        year_spans(rows[li], bands, walls)
    return join_broken_words(join_wrapped_units([item for row in rows for item in row]))


def _past_its_figures(
    row: Sequence[tuple[Segment, list[int]]], bands: Sequence[Band], text_cols: Sequence[Band]
) -> None:
    """A header that starts to the right of a column's figures is not that column's.

    Figures are right-aligned; their header is right-aligned with them, centred in the
    cell or set at its left, and in each case starts before the figures end. A header
    starting past them (set at the left of a wide cell, beyond a RAG column's colour)
    heads a column further right, unless that column's own header stands over it on the
    same line ("Portfolio" over a column named on a few rows only), or, past the last
    column's figures, none ("Note" over a column of note letters). A header over a text
    column, clear of any figures, is that column's and heads no figures.
    """
    for piece, cov in row:
        if _text_column_of(piece, text_cols, bands) is not None:
            if not any(piece.bbox.x_overlap(bands[b].box) > 0 for b in cov):
                cov.clear()
            continue
        moved = False
        while len(cov) == 1 and cov[0] + 1 < len(bands) and piece.bbox.x0 > bands[cov[0]].x1 + 1:
            cov[0] += 1
            moved = True
        if cov == [len(bands) - 1] and piece.bbox.x0 > bands[-1].x1 + 1:
            cov.clear()  # past the last figures: a note or comment column's header
        elif moved and any(
            other is not piece and other.bbox.x_overlap(bands[cov[0]].box) > 0 for other, _ in row
        ):
            cov.clear()  # that column's own header stands over it: a sparse text column's


def _text_column_of(piece: Segment, text_cols: Sequence[Band], bands: Sequence[Band]) -> int | None:
    """The text column a header piece heads: the one it mostly stands in, or one whose
    text it starts in, clear of every column's figures. A text column's extent is its
    body text's ("Pay", "Rents"), and its header, set at the left like the text, may be
    wider ("Description"); without figures under it, it heads the text it starts over or
    is centred on ("Note" over its letters), not the nearest figures."""
    tc = column_of(piece, text_cols)
    if tc is not None:
        return tc
    if any(piece.bbox.x_overlap(b.box) > 0 for b in bands):
        return None
    return next(
        (
            i
            for i, c in enumerate(text_cols)
            if c.x0 - 2 <= piece.bbox.x0 <= c.x1 or c.x0 <= piece.bbox.xc <= c.x1
        ),
        None,
    )


def _leaf(rows: Sequence[Sequence[tuple[Segment, list[int]]]], b: int) -> Segment | None:
    """The nearest header piece below that heads column `b` alone."""
    return next((p for row in rows for p, c in row if c == [b]), None)


def _widen(
    rows: Sequence[Sequence[tuple[Segment, list[int]]]],
    li: int,
    bands: Sequence[Band],
    walls: Sequence[float] = (),
) -> None:
    """Widen the merged cells of header line `li` over the columns they are centred on."""
    # label_lines[b]: the header lines holding a label (not a unit) for column b.
    label_lines: dict[int, list[int]] = {}
    for k, line in enumerate(rows):
        for piece, cov in line:
            if not is_unit_only(piece.text):
                for b in cov:
                    label_lines.setdefault(b, []).append(k)

    def next_label_line(b: int, li: int) -> int | None:
        return min((x for x in label_lines.get(b, []) if x > li), default=None)

    row = rows[li]
    on_line = {b for _, cov in row for b in cov}
    spanners = [
        k
        for k, (_, cov) in enumerate(row)
        if cov and any(next_label_line(b, li) is not None for b in cov)
    ]
    if not spanners:
        return
    for k in spanners:
        piece, cov = row[k]
        start = min((next_label_line(c, li) or 10**6) for c in cov)
        lo, hi = min(cov), max(cov)
        # Aligned with the header text below it: the wrapped text of one cell, not a
        # cell merged over several columns. A shared centre is also what a merged
        # cell over an odd number of centred columns shows, so then only a span
        # centred almost exactly on it is believed.
        below_pieces = (
            [p2 for p2, c2 in rows[start] if set(c2) & set(cov)] if start < len(rows) else []
        )
        centred, started, edged = _alignment(piece, below_pieces)
        if edged == "both":
            continue  # as wide as the words under it, both edges: one cell wrapped

        def free(b: int, li: int = li, start: int = start, used: set[int] = on_line) -> bool:
            return b not in used and next_label_line(b, li) == start

        left, right = lo, hi
        while left - 1 >= 0 and free(left - 1):
            left -= 1
        while right + 1 < len(bands) and free(right + 1):
            right += 1
        start_run = (
            _start_run(piece, (lo, hi), right, bands, walls)
            if started and cov == list(range(lo, hi + 1))
            else None
        )
        if start_run is None and edged and not centred:
            continue
        # Centred on a merged cell below: a heading over a heading spans at least what
        # the one below it spans ("Net Expenditure" over "Saving" over six years).
        under = _centred_span_below(piece, cov, rows[start] if start < len(rows) else [])
        span: tuple[int, int] | None = None
        if under and all(b in cov or free(b) for b in under):
            span = (under[0], under[-1])
        else:
            # Beside a reading at the left of its run, a centred one must be exact.
            span = _centred_span(
                piece, (lo, hi), (left, right), rows[start:], bands, centred or bool(start_run)
            )
        # Read centred first (a cell centred over three centred columns may start where
        # the middle one's header starts), unless only the run's first columns fit.
        if span is None or (start_run and span[0] == lo and span[1] <= start_run[1]):
            span = start_run or span
        if span is not None:
            cov[:] = list(range(span[0], span[1] + 1))
            # Merged cells of one line do not overlap: a column this one took is no
            # longer free for the next.
            on_line.update(cov)
    for _, cov in row:
        cov.sort()


def _alignment(piece: Segment, below: Sequence[Segment]) -> tuple[bool, bool, str]:
    """How a header piece stands over the header words under it: centred on one, flush
    left with one (_left_flush), and which of its edges one shares: "both" for words as
    wide as it (a cell's wrapped line, "Forecast" over "delivery"), "one", or ""."""
    centred = any(abs(p2.bbox.xc - piece.bbox.xc) < 2.0 for p2 in below)
    started = _left_flush(piece, below)
    right = any(abs(p2.bbox.x1 - piece.bbox.x1) < 2.0 for p2 in below)
    both = any(
        abs(p2.bbox.x0 - piece.bbox.x0) < 2.0 and abs(p2.bbox.x1 - piece.bbox.x1) < 2.0
        for p2 in below
    )
    return centred, started, "both" if both else ("one" if started or right else "")


def _left_flush(piece: Segment, below: Sequence[Segment]) -> bool:
    """Set at the left with a header below it: not right-aligned (nor centred) text of
    nearly its width, whose right edge matches better."""
    return any(
        abs(p2.bbox.x0 - piece.bbox.x0) < 2.0
        and abs(p2.bbox.x0 - piece.bbox.x0) <= abs(p2.bbox.x1 - piece.bbox.x1)
        for p2 in below
    )


def _start_run(
    piece: Segment, own: tuple[int, int], right: int, bands: Sequence[Band], walls: Sequence[float]
) -> tuple[int, int] | None:
    """The run a heading set at the start of its column heads: with nothing over the
    columns beside it whose headers begin on the same line below (up to `right`), a
    spreadsheet's merged cell prints its text at the left of its first column ("Net
    Expenditure" over Budget | Actual | Variance), so it heads them all, however its width
    compares with theirs, up to a column of text (labels between two blocks part them).
    Words left of a column of text, flush with a header that fell to the figures for want
    of another, head no run."""
    lo, hi = own
    if any(min(piece.bbox.xc, bands[lo].xc) < w < max(piece.bbox.xc, bands[lo].xc) for w in walls):
        return None
    run = hi
    while run < right and not any(bands[run].xc < w < bands[run + 1].xc for w in walls):
        run += 1
    return (lo, run) if run > hi else None


def _centred_span(
    piece: Segment,
    own: tuple[int, int],
    room: tuple[int, int],
    below: Sequence[Sequence[tuple[Segment, list[int]]]],
    bands: Sequence[Band],
    centred: bool,
) -> tuple[int, int] | None:
    """The widest run of columns within `room` (free columns around the piece's own)
    that the piece is centred over (within 3 points when `centred`, else 12% of the
    run's width): a merged cell's text is centred over its columns."""
    gaps = [bands[i + 1].x0 - bands[i].x1 for i in range(len(bands) - 1)]
    pad = statistics.median(gaps) / 2 if gaps else 4.0
    best: tuple[float, int, int] | None = None
    for a in range(room[0], own[0] + 1):
        for b in range(own[1], room[1] + 1):
            if (a, b) == own:
                continue
            x0, x1 = bands[a].x0 - pad, bands[b].x1 + pad
            centre = (x0 + x1) / 2
            # The headers of the outer columns mark the span better than figures.
            leaf_a, leaf_b = _leaf(below, a), _leaf(below, b)
            if leaf_a is not None and leaf_b is not None:
                centre = (leaf_a.bbox.xc + leaf_b.bbox.xc) / 2
            off = abs(centre - piece.bbox.xc)
            tol = 3.0 if centred else max(8.0, 0.12 * (x1 - x0))
            if off <= tol and (best is None or x1 - x0 > best[0]):
                best = (x1 - x0, a, b)
    return None if best is None else (best[1], best[2])


def _centred_span_below(
    piece: Segment, cov: Sequence[int], below: Sequence[tuple[Segment, list[int]]]
) -> list[int] | None:
    """The columns of a merged cell on the line below that the piece is centred on and
    that spans more columns than the piece does, if there is one."""
    for p2, c2 in below:
        if abs(p2.bbox.xc - piece.bbox.xc) < 2.0 and len(c2) > len(cov) and set(cov) <= set(c2):
            return sorted(c2)
    return None


def _split_at_bands(seg: Segment, bands: Sequence[Band], stub_x1: float) -> list[Segment]:
    """Split a header segment where a wider-than-a-space gap falls on a column boundary."""
    if len(seg.words) < 2:
        return [seg]
    size = statistics.median(w.size for w in seg.words)
    pieces: list[list] = [[seg.words[0]]]  # type: ignore[type-arg]
    bounds = [stub_x1] + [_extended(bands, i, stub_x1)[1] for i in range(len(bands) - 1)]
    for prev, w in itertools.pairwise(seg.words):
        gap = w.bbox.x0 - prev.bbox.x1
        on_bound = any(prev.bbox.x1 - 1 <= x <= w.bbox.x0 + 1 for x in bounds)
        if gap > 0.6 * size or (gap > 0.45 * size and on_bound):
            pieces.append([w])
        else:
            pieces[-1].append(w)
    return [Segment(p, BBox.enclosing([w.bbox for w in p])) for p in pieces]


#: short words a header may set on a line of their own: never the tail of a broken word
_SHORT_WORDS = frozenset(
    {"a", "an", "as", "at", "by", "in", "of", "on", "or", "to", "vs", "per", "the", "and"}
    | {"for", "not", "yet", "due", "net", "new", "old", "pay"}
)


def join_broken_words(
    placed: list[tuple[Segment, list[int]]],
) -> list[tuple[Segment, list[int]]]:
    """A word too wide for a narrow cell is broken by the word processor with no hyphen,
    its last letters set alone under it ("Expenditur" over "e"): the tail joins the
    word. Only a tail of up to three lowercase letters that is no word of its own,
    under a word of five letters or more heading the same columns."""

    def tail_of(a: Segment, cov: list[int], seg: Segment, covered: list[int]) -> bool:
        tail = seg.text.strip()
        last = a.words[-1].text
        return (
            len(seg.words) == 1
            and tail.isalpha()
            and tail.islower()
            and len(tail) <= 3
            and tail not in _SHORT_WORDS
            and cov == covered
            and len(last) >= 5
            and last[-1].isalpha()
        )

    def whole(a: Segment, seg: Segment) -> Segment:
        last = a.words[-1]
        word = Word(last.text + seg.text.strip(), last.bbox.union(seg.bbox), last.size, last.bold)
        return Segment([*a.words[:-1], word], a.bbox.union(seg.bbox))

    return _join_under(placed, tail_of, whole)


def join_wrapped_units(
    placed: list[tuple[Segment, list[int]]],
) -> list[tuple[Segment, list[int]]]:
    """A unit word under the header piece whose "£" it completes joins that piece (so
    the column reads "Spend to Date £ million"), whatever columns it stands over."""
    return _join_under(
        placed,
        lambda a, _cov, seg, _covered: (
            a.text.rstrip().endswith("£") and UNIT_WORD_RE.fullmatch(seg.text.strip()) is not None
        ),
        lambda a, seg: Segment([*a.words, *seg.words], a.bbox.union(seg.bbox)),
    )


def _join_under(
    placed: list[tuple[Segment, list[int]]],
    completes: Callable[[Segment, list[int], Segment, list[int]], bool],
    joined: Callable[[Segment, Segment], Segment],
) -> list[tuple[Segment, list[int]]]:
    """Pieces set right under a header piece (overlapping it, within a line) that
    `completes` says finish it are `joined` to it; it keeps the columns it stood over."""
    out: list[tuple[Segment, list[int]]] = []
    for seg, covered in placed:
        host = next(
            (
                i
                for i, (a, cov) in enumerate(out)
                if a.bbox.x_overlap(seg.bbox) > 0
                and 0 <= seg.bbox.top - a.bbox.bottom < seg.bbox.height
                and completes(a, cov, seg, covered)
            ),
            None,
        )
        if host is None:
            out.append((seg, covered))
            continue
        a, cov = out[host]
        out[host] = (joined(a, seg), cov)
    return out


def end_before_plain_row(
    lines: Sequence[Line], end: int, bands: Sequence[Band], stub_x1: float, label_right: float
) -> int:
    """The last header line, ``end`` cut short before the first line above the figures
    that is a body row though it puts text over a value column: a row of words ("The UK
    Government | 50 years | unlimited") set plain like the rows below it, under a header
    set in bold that heads every column the row has text in.

    The treasury strategies' counterparty table (a template many councils use) opens
    so: with no figure in its first row, that row was read as a second header line and
    its words joined the column names ("Counterparty limit unlimited").
    """
    headed: set[int] = set()
    for j in range(end + 1):
        over = [(s, segment_bands(s, bands, stub_x1, label_right)) for s in lines[j].segments]
        if headed and _plain_row(over, stub_x1, headed):
            return j - 1
        if not all(s.bold for s in lines[j].segments):
            return end  # a header not all in bold: no style to tell its rows by
        headed.update(b for _, bs in over for b in bs)
    return end


def _plain_row(over: Sequence[tuple[Segment, list[int]]], stub_x1: float, headed: set[int]) -> bool:
    segs = [s for s, _ in over]
    cols = {b for _, bs in over for b in bs}
    return (
        not any(s.bold for s in segs)
        and any(not bs and s.bbox.x1 <= stub_x1 + 2 for s, bs in over)  # a label
        and bool(cols)
        and cols <= headed
        # units and years are header words even set plain ("£000", "2025-26")
        and not any(parse_unit(s.text) is not None or single_period(s.text) for s in segs)
    )


def header_end(
    lines: Sequence[Line], first: int, bands: Sequence[Band], stub_x1: float, label_right: float
) -> int:
    """The last header line: lines above the first figures putting text over a value column,
    but not a comment beside a wrapped row's last column nor a rating on its first line (a
    letter over a column whose first row is rated, "RA" over "G" over "R", is header)."""
    cells = header_cells(bands)
    rated = [s.bbox for s in lines[first].segments if parse_rag(s.text) is not None]
    end = -1
    for i in range(first):
        if any(
            segment_bands(s, bands, stub_x1, label_right)
            and (parse_rag(s.text) is None or any(s.bbox.x_overlap(r) > 0 for r in rated))
            and any(s.bbox.x_overlap(cell) > 0 for cell in cells)
            for s in lines[i].segments
        ):
            end = i
    end = end_before_plain_row(lines[:first], end, bands, stub_x1, label_right)
    return unit_wrapped_on(lines, end, first)  # "Spend to Date £" over "million"


def header_text(band: Band) -> str:
    return re.sub(r"\s+", " ", " ".join(band.header)).strip()
