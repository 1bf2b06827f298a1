"""Columns, header and rows of a table region: from aligned segments to a draft table.

A draft keeps each body line with its cells already assigned to value columns,
so fragments of one table on successive pages can be joined before rows are
formed (a row may be split by the page break).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.models import BBox, Fill, Line, Rule, Segment
from pipeline.normalise import (
    NO_FIGURE,
    is_unit_only,
    parse_amount,
    parse_rag,
)
from pipeline.tables.cellpieces import cell_pieces, left_column
from pipeline.tables.cellspans import filled_spans, ruled_spans, underlined_spans
from pipeline.tables.cellvalue import has_amount, named_sums, totals_only
from pipeline.tables.columns import (
    Band,
    anchored_clusters,
    column_of,
    first_panel,
    identifier_columns,
    mark_panels,
    names_each_row,
    text_columns,
    type_text_columns,
)
from pipeline.tables.datecolumns import date_columns
from pipeline.tables.edgesplit import split_at_column_starts
from pipeline.tables.headanchors import header_columns, split_figure_runs, split_year_runs
from pipeline.tables.headerbounds import (
    column_texts,
    header_floor,
    note_tail,
    ruled_rows,
    rules_between,
    title_lines,
)
from pipeline.tables.headers import (
    assign_header,
    header_end,
    place_header,
    segment_bands,
)
from pipeline.tables.linekinds import YEAR_RE, centred_sum, line_kinds
from pipeline.tables.ratings import RAG_HEADER_RE, fill_bands, lettered_notes, worded_status
from pipeline.tables.refcolumns import is_ref_column, number_columns, ruled_refs
from pipeline.tables.regions import Region
from pipeline.tables.ruledbands import ruled_bands
from pipeline.tables.spill import split_unruled
from pipeline.tables.textrows import text_rows_of
from pipeline.tables.yearspans import year_spans


@dataclass
class BodyLine:
    """A body line with its cells assigned: label text and value cells by column index."""

    line: Line
    label: list[Segment]
    cells: dict[int, list[Segment]]
    fills: dict[int, tuple[float, float, float]]
    #: text of the other text columns (references, attributes), by index in Draft.text_cols
    attrs: dict[int, list[Segment]] = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.line.page

    @property
    def has_values(self) -> bool:
        # Figures only (a RAG fill runs down every line of a wrapped row), read as figures are.
        return any(has_amount(segs) or named_sums(segs) for segs in self.cells.values())


@dataclass
class Draft:
    """A table (possibly spanning pages) before rows are formed."""

    page: int
    bbox: BBox
    bands: list[Band]
    #: text columns (label, references, attributes) wherever they stand
    text_cols: list[Band]
    #: index in text_cols of the row-label column, None when the stub holds the label
    label_col: int | None
    stub_header: str
    caption: list[str]
    body: list[BodyLine]
    strategy: str
    #: y positions of horizontal rules, per page, that separate body rows
    hrules: dict[int, list[float]]
    row_rules: bool
    last_page: int = 0
    bbox_by_page: dict[int, BBox] = field(default_factory=dict)
    #: the heading lines closing the page before, when the header was carried over from it
    carried_heading: list[Line] = field(default_factory=list)


def draft_from_region(
    region: Region, fills: Sequence[Fill], rules: Sequence[Rule] = ()
) -> Draft | None:
    """A table's columns, header and rows from its region. `fills` and `rules` are the
    page's: shading and rules round a header cell show its span even when the table's
    body is unruled (a heading boxed on its own over the years)."""
    read = _region_lines(region)
    if read is None:
        return None
    lines, kinds, data_idx = read
    # A RAG rating colours a cell; a block of colour down many rows marks a group
    # (a directorate's columns), which is no rating, though it may show a header's span.
    shading, fills = (
        fills,
        [f for f in fills if f.bbox.height <= max(100.0, 0.34 * region.bbox.height)],
    )
    bands, text_cols = _bands(region, lines, kinds, data_idx, fills)
    if not any(b.kind == "num" for b in bands):
        return None
    stub_x1 = min(b.x0 for b in bands)
    floor = header_floor(lines, data_idx[0], region, bands)
    heads = _heads(lines[: data_idx[0] if floor is None else floor + 1], region)
    label_col = _type_text(text_cols, ruled_rows(lines, data_idx, region), bands, heads)
    if label_col is None and text_cols:
        # Labels set apart from their figures (a grid cell wrapping a label over four lines,
        # the figures centred in it): the text columns read on every line.
        label_col = _type_text(text_cols, [[ln] for ln in lines], bands, heads)
    # Where the labels end; with no text left of the figures (labels set between blocks
    # of figures, or after them) there is no stub there, and header words head figures.
    label_right = max(
        (s.bbox.x1 for i in data_idx for s in lines[i].segments if s.bbox.x1 <= stub_x1 + 2),
        default=-math.inf,
    )
    end = header_end(lines, data_idx[0], bands, stub_x1, label_right)
    end = end if floor is None else min(end, floor)
    end = _before_first_numbered_row(lines, end, stub_x1)
    header_lines = _header_lines(lines[: end + 1], region, bands)
    over = title_lines(header_lines, region, shading, bands)
    header_lines = [ln for ln in header_lines if ln not in over]
    body_lines = lines[end + 1 :]
    placed = place_header(header_lines, bands, text_cols, stub_x1, label_right)
    page_vrules = [r for r in rules if r.orientation == "v"]
    if region.vrules:
        ruled_spans(placed, bands, region.vrules, grid=rules_between(bands, region.vrules))
    else:
        ruled_spans(placed, bands, page_vrules, grid=False)
    filled_spans(placed, bands, shading)
    if not region.vrules and not page_vrules:
        underlined_spans(placed, bands, region.underlines)
    year_spans(placed, bands, [c.xc for c in text_cols])
    stub_header_parts = assign_header(placed, bands, text_cols, label_col, stub_x1)
    body_fills = _cell_fills(fills, region.bbox, bands)
    body = [_body_line(ln, bands, stub_x1, body_fills, text_cols, label_col) for ln in body_lines]
    if body:
        _finish_rating_header(body[0], bands)
    hr = [y for y in region.hrules]
    row_rules = _rules_split_rows(body, hr)
    strategy = "ruled" if region.vrules else ("rows-ruled" if region.ruled else "whitespace")
    return Draft(
        page=region.page,
        bbox=region.bbox,
        bands=bands,
        text_cols=text_cols,
        label_col=label_col,
        stub_header=" ".join(stub_header_parts),
        caption=[*region.caption, *(ln.text for ln in over if ln.text not in region.caption)],
        body=body,
        strategy=strategy,
        hrules={region.page: hr},
        row_rules=row_rules,
        last_page=region.page,
        bbox_by_page={region.page: region.bbox},
    )


def _region_lines(
    region: Region,
) -> tuple[list[Line], list[list[str]], list[int]] | None:
    """(lines top to bottom, their kinds, indices of the rows of figures); None when no
    line holds figures. Lines of an unruled table are parted where its columns start."""
    lines = sorted(region.lines, key=lambda ln: ln.bbox.top)
    kinds = [line_kinds(ln) for ln in lines]
    data_idx = [i for i, k in enumerate(kinds) if _is_data(k) or centred_sum(lines, kinds, i)]
    # A units row stands under the header: a line of figures above one is header
    # text that holds a figure ("Precept @ £1,691.19").
    while len(data_idx) > 1 and any(
        is_unit_only(seg.text) for ln in lines[data_idx[0] + 1 : data_idx[1]] for seg in ln.segments
    ):
        data_idx.pop(0)
    if not data_idx:
        return None
    if not region.vrules:  # (a grid's rules part its cells already)
        lines = split_year_runs(split_at_column_starts(lines, data_idx), data_idx[0])
        lines = split_figure_runs(lines, data_idx)
    return lines, [line_kinds(ln) for ln in lines], data_idx


def _before_first_numbered_row(lines: Sequence[Line], end: int, stub_x1: float) -> int:
    """The header ends before a line whose label is numbered 1 where the next label below
    is numbered 2 ("1 Balances Brought Forward" set above its figures, then "2 Precept or
    Rates and Levies"): a form's first box, not a header line over the columns."""

    def number(ln: Line) -> int | None:
        first = ln.segments[0] if ln.segments else None
        if first is None or first.bbox.x1 > stub_x1:
            return None
        m = _BOX_NUMBER_RE.match(first.text)
        return int(m.group(1)) if m else None

    if end < 0 or number(lines[end]) != 1:
        return end
    below = next((n for ln in lines[end + 1 :] if (n := number(ln)) is not None), None)
    return end - 1 if below == 2 else end


_BOX_NUMBER_RE = re.compile(r"(\d{1,2})[.)]?\s+[A-Za-z(]")


def _header_lines(above: Sequence[Line], region: Region, bands: Sequence[Band]) -> list[Line]:
    """The header's lines: not the region's titles, and none where they are the tail of a
    note wrapped in a column of figures (:func:`note_tail`)."""
    header = [ln for ln in above if id(ln) not in region.titles]
    return [] if not region.ruled and note_tail(header, region.caption, bands) else header


def _heads(above: Sequence[Line], region: Region) -> list[Line]:
    """Header lines, not the table's caption or title set above them in its region: the
    caption's words are no column's header ("Net revenue budget 2025-26" over "Portfolio")."""
    return [ln for ln in above if ln.text not in region.caption and id(ln) not in region.titles]


def _cell_fills(fills: Sequence[Fill], box: BBox, bands: Sequence[Band]) -> list[Fill]:
    """The coloured cells of a table's body: narrower than the table, inside it or in a
    RAG column of colour only (which lies outside the text that bounds the region), and
    reaching into its rows (a rating cell may run below the last line of text when a
    cell beside it wraps)."""
    return [
        f
        for f in fills
        if f.bbox.width < 0.6 * box.width
        and (
            box.x0 - 2 <= f.bbox.xc <= box.x1 + 2
            or any(b.kind == "rag" and f.bbox.x_overlap(b.box) > 0 for b in bands)
        )
        and f.bbox.top < box.bottom - 1
        and f.bbox.bottom > box.top + 1
    ]


def _is_data(kinds: Sequence[str]) -> bool:
    nums = kinds.count("num")
    return nums >= 2 or (nums == 1 and kinds.index("num") > 0)


def _bands(
    region: Region,
    lines: Sequence[Line],
    kinds: Sequence[Sequence[str]],
    data_idx: Sequence[int],
    fills: Sequence[Fill],
) -> tuple[list[Band], list[Band]]:
    """(value columns, text columns): from vertical rules when drawn, else from the
    rows of figures (the fullest rows fix the columns) and the text beside them."""
    first = data_idx[0]
    data = set(data_idx)
    rows: list[list[tuple[BBox, str]]] = []
    for i in range(len(lines)):
        # A rating may sit on the first line of a wrapped row, above its figures; a
        # letter among header words over the figures ("RA" / "G" wrapped in a narrow
        # header cell) heads a column and rates nothing.
        above = i == first - 1 and _heads_figures(lines[i], kinds[i], lines[first], kinds[first])
        row = [
            (s.bbox, k)
            for s, k in zip(lines[i].segments, kinds[i], strict=True)
            if (k == "num" and i in data) or (k == "rag" and i >= first - 1 and not above)
        ]
        if row:
            rows.append(row)
    if region.vrules:
        ruled = ruled_bands(region, lines, kinds, data_idx, fills)
        if ruled:
            ruled_refs(ruled, lines, data_idx)
            identifier_columns(ruled, lines, data_idx)
            number_columns(ruled, lines, data_idx)
            ruled = [sub for b in ruled for sub in _split_ruled(b, rows)]
            value = [b for b in ruled if b.kind in {"num", "rag"}]
            if value:
                text = [b for b in ruled if b.kind in {"text", "ref"}]
                return value, split_unruled(text, lines, kinds, data_idx)
    # The header's cells fix the columns where each figure stands under one of them and
    # they part the figures at least as finely as the fullest rows do.
    anchored = anchored_clusters(rows)
    headed = header_columns(rows, lines[:first], _stub_end(lines, kinds, data_idx))
    if headed and len(headed) < len(anchored or ()):
        headed = None
    clusters = [
        _without_strays(c)
        for c in headed or anchored or _greedy_clusters([s for r in rows for s in r])
    ]
    bands: list[Band] = []
    refs: list[Band] = []
    notes: list[BBox] = []
    for c in clusters:
        bb = BBox.enclosing([b for b, _ in c])
        kind = Counter(k for _, k in c).most_common(1)[0][0]
        if kind == "num" and is_ref_column(c, lines, data_idx):
            # The column is as wide as its widest code, not its row numbers.
            codes = [
                s.bbox for i in data_idx for s in lines[i].segments if s.bbox.x_overlap(bb) > 0
            ]
            bb = BBox.enclosing([bb, *codes])
            refs.append(Band(bb.x0, bb.x1, "ref"))
            continue
        # A column seen on one line only among many is a stray, not a column.
        if len(c) == 1 and len(data_idx) >= 4 and kind == "rag":
            continue
        if kind == "rag" and (
            lettered_notes(bb, lines, data_idx, lines[:first]) or worded_status(bb, lines, data_idx)
        ):
            notes.append(bb)
            continue
        bands.append(Band(bb.x0, bb.x1, kind))
    bands.extend(fill_bands(region, bands, fills, lines[first].bbox.top - 2, lines[:first]))
    bands.sort(key=lambda b: b.x0)
    identifier_columns(bands, lines, data_idx)
    date_columns(bands, lines, data_idx)
    number_columns(bands, lines, data_idx)
    refs.extend(b for b in bands if b.kind == "ref")
    # a column of row keys (key_columns) is read with the text, as a label column
    bands = [b for b in bands if b.kind not in {"ref", "text"}]
    text_rows = text_rows_of(lines, kinds, data_idx, bands, [*refs], notes)
    heads = [s for ln in lines[:first] for s in ln.segments]
    text = sorted([*text_columns(text_rows, len(data_idx), heads), *refs], key=lambda b: b.x0)
    return bands, text


def _without_strays(cluster: list[tuple[BBox, str]]) -> list[tuple[BBox, str]]:
    """A column's figures share an edge, so each overlaps the others; a number overlapping
    none and standing wholly left of them all (a row number "10" among codes like "ASC-1")
    belongs to the column of text it stands in, not this one."""
    if len(cluster) < 3:
        return cluster

    def alone(b: BBox) -> bool:
        return not any(o is not b and b.x_overlap(o) > 0 for o, _ in cluster)

    core = [(b, k) for b, k in cluster if not alone(b)]
    if len(core) < 2:
        return cluster
    left = min(b.x0 for b, _ in core)
    return [(b, k) for b, k in cluster if not alone(b) or b.x1 >= left]


def _stub_end(
    lines: Sequence[Line], kinds: Sequence[Sequence[str]], data_idx: Sequence[int]
) -> float | None:
    """Where the row labels end: the right of the words that stand first on the rows of
    figures, left of their first figure."""
    ends = [
        lines[i].segments[0].bbox.x1
        for i in data_idx
        if lines[i].segments and kinds[i][0] == "text" and len(kinds[i]) > 1
    ]
    return max(ends) if ends else None


def _heads_figures(line: Line, kinds: Sequence[str], data: Line, data_kinds: Sequence[str]) -> bool:
    """A line of text standing over the figures of the first data line: header words."""
    figs = [s.bbox for s, k in zip(data.segments, data_kinds, strict=True) if k == "num"]
    words = [s.bbox for s, k in zip(line.segments, kinds, strict=True) if k == "text"]
    return sum(1 for w in words if any(w.x_overlap(f) > 0 for f in figs)) >= 2


def _split_ruled(band: Band, rows: Sequence[Sequence[tuple[BBox, str]]]) -> list[Band]:
    """A ruled cell holding several aligned figures per row (rules drawn round a block
    of columns only) is several columns."""
    if band.kind != "num":
        return [band]
    inside = [[t for t in r if t[1] == "num" and band.x0 <= t[0].xc <= band.x1] for r in rows]
    clusters = anchored_clusters(inside)
    if not clusters or len(clusters) < 2:
        return [band]
    boxes = sorted((BBox.enclosing([b for b, _ in c]) for c in clusters), key=lambda b: b.x0)
    return [Band(b.x0, b.x1, "num") for b in boxes]


def _greedy_clusters(value_segs: Sequence[tuple[BBox, str]]) -> list[list[tuple[BBox, str]]]:
    """Figures grouped by overlap, for tables with too few full rows to anchor columns."""
    clusters: list[list[tuple[BBox, str]]] = []
    for bbox, k in sorted(value_segs, key=lambda t: t[0].x0):
        for c in clusters:
            cb = BBox.enclosing([b for b, _ in c])
            if bbox.x_overlap(cb) > 0 and c[0][1] == k:
                c.append((bbox, k))
                break
        else:
            clusters.append([(bbox, k)])
    # Merge clusters that overlap after growing (a wide figure bridging two).
    merged = True
    while merged:
        merged = False
        clusters.sort(key=lambda c: min(b.x0 for b, _ in c))
        for a in range(len(clusters) - 1):
            ba = BBox.enclosing([b for b, _ in clusters[a]])
            bb = BBox.enclosing([b for b, _ in clusters[a + 1]])
            # Overlapping, or nearly touching: a nil dash set a hair right of the figures.
            if ba.x_overlap(bb) > -3.0 and clusters[a][0][1] == clusters[a + 1][0][1]:
                clusters[a].extend(clusters.pop(a + 1))
                merged = True
                break
    return clusters


def _type_text(
    cols: list[Band],
    data_rows: Sequence[Sequence[Line]],
    bands: Sequence[Band] = (),
    above: Sequence[Line] = (),
) -> int | None:
    """Type the text columns from their cells on the rows of figures; the label's index.

    Tables set side by side (spending | funding) have a label column per panel:
    another column that reads as labels, with figures between it and the first,
    is marked ``panel`` and labels the figures to its right."""
    if not cols:
        return None
    heads: list[str] = ["" for _ in cols]
    for ln in above:
        for s in ln.segments:
            i = column_of(s, cols)
            # a title over three columns or more heads none of them
            if i is not None and sum(s.bbox.x_overlap(c.box) > 0 for c in cols) < 3:
                heads[i] = f"{heads[i]} {s.text}".strip()
    cells = [
        column_texts(cols, [row[:1] for row in data_rows], i, whole=True) for i in range(len(cols))
    ]
    # A column headed as what names each row ("Organisation"), empty on every line of
    # figures, names its rows at the top of their tall ruled cells, the sum lower down.
    cells = [
        column_texts(cols, data_rows, i) if not c and names_each_row(heads[i]) else c
        for i, c in enumerate(cells)
    ]
    label = type_text_columns(cols, cells, heads)
    if label is not None:
        value_x = [b.x0 for b in bands if b.kind == "num"]
        label = first_panel(cols, cells, label, value_x)
        mark_panels(cols, cells, label, value_x)
    return label


def _finish_rating_header(first: BodyLine, bands: Sequence[Band]) -> None:
    """A rating column's header wrapped in a narrow cell can leave its last letters on
    the first row ("RA" over "G"): they end the header word, they rate nothing."""
    for i, b in enumerate(bands):
        segs = first.cells.get(i)
        if b.kind != "rag" or not b.header or not segs or len(segs) != 1:
            continue
        joined = b.header[-1].split()[-1] + segs[0].text.strip()
        if RAG_HEADER_RE.fullmatch(joined):
            b.header[-1] = b.header[-1] + segs[0].text.strip()
            del first.cells[i]


def _body_line(
    line: Line,
    bands: Sequence[Band],
    stub_x1: float,
    fills: Sequence[Fill],
    text_cols: Sequence[Band] = (),
    label_col: int | None = None,
) -> BodyLine:
    label: list[Segment] = []
    cells: dict[int, list[Segment]] = {}
    attrs: dict[int, list[Segment]] = {}
    for seg in (piece for s in line.segments for piece in cell_pieces(s, bands)):
        tc = column_of(seg, text_cols)
        if tc is None:
            tc = left_column(seg, text_cols, bands)
        if tc is not None:
            if tc == label_col:
                label.append(seg)
            else:
                attrs.setdefault(tc, []).append(seg)
            continue
        covered = segment_bands(seg, bands, stub_x1)
        # A number wrapped alone in another text column (a company number), or standing in
        # one clear of every column of figures (a VAT number beside the amounts), is its text.
        tc = column_of(seg, text_cols, figures=True)
        clear = not any(min(seg.bbox.x1, b.x1) > max(seg.bbox.x0, b.x0) for b in bands)
        if (not covered or clear) and tc not in (None, label_col):
            attrs.setdefault(tc, []).append(seg)
            continue
        if clear and seg.bbox.x0 > max(b.x1 for b in bands) and not _figure_alone(seg):
            # A remark or a year right of every column of figures, in no column of the
            # table ("10 k scrapped 15/16", "2017" under "Disposal"): no cell of theirs.
            continue
        if seg.bbox.x1 <= stub_x1 + 2 or not covered:
            if not (label and NO_FIGURE.match(seg.text.strip())):  # "TBC" ends no name
                label.append(seg)
            continue
        if len(covered) > 1 and parse_amount(seg.text) is None:
            # Body text running across value columns belongs with the label.
            label.append(seg)
            continue
        best = max(
            covered,
            key=lambda i: min(seg.bbox.x1, bands[i].x1) - max(seg.bbox.x0, bands[i].x0),
        )
        cells.setdefault(best, []).append(seg)
    line_fills: dict[int, tuple[float, float, float]] = {}
    for i, b in enumerate(bands):
        if b.kind != "rag":
            continue
        # Cells filled one under the other touch: the line's is the one it stands in
        # the middle of, not the last drawn within a point of it.
        near = [
            f
            for f in fills
            if f.bbox.x_overlap(BBox(b.x0, 0, b.x1, 1)) > 0.5 * min(f.bbox.width, b.x1 - b.x0)
            and f.bbox.top - 1 <= line.bbox.yc <= f.bbox.bottom + 1
        ]
        if near:
            line_fills[i] = min(near, key=lambda f: abs(f.bbox.yc - line.bbox.yc)).rgb
    return BodyLine(line, label, cells, line_fills, attrs)


def _figure_alone(seg: Segment) -> bool:
    """A segment that is one figure (not a year nor a figure with words after it) or a
    rating: what a column of figures or ratings holds, though it shows on one row."""
    text = seg.text.strip()
    return (parse_amount(text) is not None and not YEAR_RE.match(text)) or bool(parse_rag(text))


def _rules_split_rows(body: Sequence[BodyLine], hrules: Sequence[float]) -> bool:
    """True when a rule separates (nearly) every pair of consecutive rows of figures."""
    data = [b for b in body if b.has_values and not totals_only(b.cells.values())]
    if len(data) < 2 or not hrules:
        return False
    pairs = list(itertools.pairwise(data))
    split = sum(
        1
        for a, b in pairs
        if a.page == b.page
        and any(a.line.bbox.bottom - 1 <= y <= b.line.bbox.top + 1 for y in hrules)
    )
    same_page = sum(1 for a, b in pairs if a.page == b.page)
    if same_page > 0 and split >= 0.9 * same_page:
        return True
    return _one_row_per_ruled_band(data, hrules)


def _one_row_per_ruled_band(data: Sequence[BodyLine], hrules: Sequence[float]) -> bool:
    """A grid whose rules part its rows, where a tall row sets a figure on a line of its
    own ("£9,506" over "Four Oaks 25,000 (incl £100 deferred grant)"): between each two
    rules stand the lines of one row, none of its figure columns filled twice. Rules
    drawn only round groups of rows hold several rows' figures in one column between them."""
    ys = sorted(hrules)
    bands: dict[tuple[int, int], list[BodyLine]] = {}
    for b in data:
        bands.setdefault((b.page, bisect.bisect(ys, b.line.bbox.yc)), []).append(b)
    if len(bands) < 3 or len(bands) == len(data):
        return False
    for lines in bands.values():
        rows = [b for b in lines if not totals_only(b.cells.values())]
        filled = [k for b in rows for k, segs in b.cells.items() if has_amount(segs)]
        if len(filled) != len(set(filled)):
            return False
    return True
