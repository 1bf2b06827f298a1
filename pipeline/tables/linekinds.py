"""What a line on a page is, seen by the table finder: figures, a rating, a header
over columns, a caption, or a sentence of running text.

Predicates only, each on one line (or one line against the run of table lines above
it); ``regions`` decides from them where tables start and end.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from pipeline.layout import line_size
from pipeline.models import BBox, Line, Segment
from pipeline.normalise import find_fiscal_years, is_unit_only, parse_amount, parse_rag, parse_unit
from pipeline.tables.cellvalue import named_sum, qualified_money
from pipeline.tables.context import unit_statement

#: a year alone ("2008"): a word of a cell, though it parses as a number
YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")


def seg_kind(seg: Segment, *, leftmost: bool) -> str:
    """'num' for a figure, 'rag' for a rating, 'text' otherwise."""
    text = seg.text
    amount = parse_amount(text)
    if amount is None and any(w.superscript for w in seg.words):
        # A figure with its footnote marker set small and raised ("103¹¹").
        amount = parse_amount(" ".join(w.text for w in seg.words if not w.superscript))
    if amount is not None and not YEAR_RE.match(text.strip()):
        return "num"
    if not leftmost and qualified_money(text):
        # "£25m per fund": a limit with its qualifier, a value cell; starting its line, a
        # sum and what it was for ("£1158 received from BT Openreach") is a line of text.
        return "num"
    if not leftmost and named_sum(text) is not None:
        return "num"  # "Four Oaks - £167.00": a sum named in its cell
    if not leftmost and parse_rag(text) is not None:
        return "rag"
    return "text"


def line_kinds(line: Line) -> list[str]:
    """Each segment's `seg_kind`, worked out once per line inside `kinds_remembered`."""
    remembered: dict[int, tuple[Line, list[str]]] | None = getattr(_REMEMBERED, "kinds", None)
    if remembered is None:
        return [seg_kind(s, leftmost=i == 0) for i, s in enumerate(line.segments)]
    hit = remembered.get(id(line))
    if hit is None or hit[0] is not line:
        hit = (line, [seg_kind(s, leftmost=i == 0) for i, s in enumerate(line.segments)])
        remembered[id(line)] = hit
    return list(hit[1])  # the caller's own list


#: The kinds of the lines seen inside `kinds_remembered`, on this thread: each entry holds
#: its line, so no other line can take its id while the entry is kept.
_REMEMBERED = threading.local()


@contextmanager
def kinds_remembered() -> Iterator[None]:
    """Remember each line's kinds until the block ends (nested blocks share the outer one).

    The table finder asks for a line's kinds many times: every line of a table's run
    again each time a line joins it (`columns_compatible`), and again when the region is
    structured. A line's segments and their words do not change once it is made, so its
    kinds are the same each time; reading a segment's text and parsing it as a figure or
    rating was a quarter of the table stage's time."""
    outer = getattr(_REMEMBERED, "kinds", None)
    if outer is None:
        _REMEMBERED.kinds = {}
    try:
        yield
    finally:
        if outer is None:
            _REMEMBERED.kinds = None


def is_data_line(line: Line) -> bool:
    """A line carrying figures laid out as table cells."""
    kinds = line_kinds(line)
    nums = kinds.count("num")
    if nums == 0:
        return False
    if nums >= 2:
        segs = zip(line.segments, kinds, strict=True)
        worded = [s.text.strip().isalpha() for s, k in segs if k == "num"]
        # "13.1   None": a numbered paragraph that says there is nothing, not a row of figures
        return not (kinds[0] == "num" and not worded[0] and all(worded[1:]))
    # One figure: it must stand apart from a label or rating, not alone (a folio).
    first_num = kinds.index("num")
    return first_num > 0


def beside(lines: Sequence[Line], k: int, span: BBox) -> bool:
    """Line `k` ends a paragraph set beside the table, whose header goes on above it: it
    stands clear of the table's width and the line above puts words over the table."""
    if lines[k].bbox.x_overlap(span) > 0 or k == 0:
        return False
    above = lines[k - 1]
    return any(s.bbox.x_overlap(span) > 0 for s in above.segments) and len(above.segments) >= 2


def is_sentence_or_caption(line: Line) -> bool:
    """A lead-in sentence or a "Table 3: …" caption: never a line of a table's header."""
    return lead_in(line) or bool(CAPTION_RE.match(line.text))


def opens_paragraph(line: Line) -> bool:
    """A sentence of running text between blocks of figures ("The table below sets out
    …."): the table above has ended. A label's wrapped words seldom open with a capital
    and close with a full stop over five words or more."""
    t = line.text.strip()
    return lead_in(line) and len(line.words) >= 5 and t[:1].isupper() and t.endswith(".")


def lead_in(line: Line) -> bool:
    """A sentence set before a table ("All figures are shown in £000s."): prose, not a header.

    Header cells are short phrases; a full sentence, or a line stating the unit in words,
    belongs to the text above, where the unit chain reads it as the table's lead-in.
    """
    t = line.text.strip()
    if len(line.segments) != 1 or is_unit_only(t) or len(line.words) < 3 or units_header(line):
        return False
    if introduces(line):
        return True  # "The following payments were agreed:" introduces a list below
    return t.endswith(".") or (len(line.words) >= 4 and unit_statement(t) is not None)


def introduces(line: Line) -> bool:
    """A sentence introducing the list or table below it: "The following payments were
    agreed:", "The estimated costs are summarised as follows: -"."""
    return introduces_text(line.text)


def introduces_text(text: str) -> bool:
    """`introduces`, for a line's text."""
    t = text.strip()
    return (
        _INTRODUCED_END_RE.search(t) is not None
        and len(t.split()) >= 4
        and _INTRODUCES_RE.search(t) is not None
    )


_INTRODUCED_END_RE = re.compile(r":\s*[-–]?$")

#: words of a sentence that introduces what follows it ("The following payments were
#: agreed:", "Details are as follows:"), not a section heading ending in a colon
_INTRODUCES_RE = re.compile(
    r"\b(?:the following|as follows|below|set out|listed|were|was|are|is|have been|has been)\b",
    re.IGNORECASE,
)


_UNIT_TOKEN_RE = re.compile(r"£\s*(?:'?000s?|k|m|bn)\b|\(£[^)]{0,6}\)", re.IGNORECASE)


def units_header(line: Line) -> bool:
    """Column headers set too close to part ("Budget £m Forecast £m Variance £m"): a line
    naming a unit twice or more heads columns; a sentence states its unit once."""
    return len(_UNIT_TOKEN_RE.findall(line.text)) >= 2 and not line.text.rstrip().endswith(".")


#: "Table 3: …", "APPENDIX B": a title opens with a capital; "table 1 below)." is the
#: wrapped end of a sentence that names the table in passing
CAPTION_RE = re.compile(r"^\s*(?=[A-Z])(?i:table|appendix|annex|figure|schedule|exhibit)\b")


def is_caption(text: str) -> bool:
    """A table's title line, not a sentence of the paragraph above it."""
    t = text.strip()
    if not t or len(t) > 160:
        return False
    return bool(CAPTION_RE.match(t)) or (len(t) <= 100 and not t.endswith((".", ";", ",")))


def starts_table(line: Line) -> bool:
    """A caption ("Table 4: …") or a fresh column header: the next table, not this one."""
    if CAPTION_RE.match(line.text):
        return True
    heads = [
        s for s in line.segments if find_fiscal_years(s.text) or parse_unit(s.text) is not None
    ]
    return len(line.segments) >= 2 and len(heads) >= 2


def _segments_of_kind(line: Line, kind: str) -> list[Segment]:
    return [s for s, k in zip(line.segments, line_kinds(line), strict=True) if k == kind]


def _figure_boxes(lines: Sequence[Line], run: Sequence[int]) -> list[BBox]:
    """Where the figures of the table lines so far stand."""
    return [s.bbox for k in run for s in _segments_of_kind(lines[k], "num")]


def columns_compatible(lines: Sequence[Line], run: Sequence[int], j: int) -> bool:
    """The new line's figures fall in or beside the columns seen so far."""
    known = _figure_boxes(lines, run)
    if not known:
        return True
    new = [s.bbox for s in _segments_of_kind(lines[j], "num")]
    hits = sum(1 for b in new if any(b.x_overlap(k) > -2 for k in known))
    return (
        hits >= max(1, len(new) // 2)
        or _inner_columns(known, new)
        or _under_year_heads(lines, run, new, known)
    )


def _under_year_heads(
    lines: Sequence[Line], run: Sequence[int], new: Sequence[BBox], known: Sequence[BBox]
) -> bool:
    """Each new figure stands in a column seen so far or under a year of the header just
    above the run: a column its first rows left empty ("2018/2019" over nothing until
    the "Communities" rows)."""
    heads = [
        s.bbox
        for ln in lines[max(0, run[0] - 3) : run[0]]
        for s in ln.segments
        if find_fiscal_years(s.text)
    ]
    fresh = [b for b in new if not any(b.x_overlap(k) > -2 for k in known)]
    return bool(fresh) and all(any(b.x_overlap(h) > 0 for h in heads) for b in fresh)


def _inner_columns(known: Sequence[BBox], new: Sequence[BBox]) -> bool:
    """Figures set each in the gap left of a column seen so far, one to a gap: a statement
    of accounts prints a year's items in an inner column and their sum in the outer one
    ("Stocks 606" and "Debtors 20,215" inside, "Net current assets 42,860" under the
    year's header), so the items' rows are the statement's, not another table's."""
    cols: list[list[float]] = []
    for b in sorted(known, key=lambda b: b.x0):
        if cols and b.x0 <= cols[-1][1] + 2:
            cols[-1][1] = max(cols[-1][1], b.x1)
        else:
            cols.append([b.x0, b.x1])
    gaps: set[int] = set()
    for b in new:
        if any(b.x0 <= c[1] + 2 and b.x1 >= c[0] - 2 for c in cols):
            continue
        # the gap left of each column: after the one before it, or the first one's
        gap = next(
            (
                g
                for g in range(len(cols))
                if (g == 0 or cols[g - 1][1] < b.x0) and b.x1 < cols[g][0]
            ),
            None,
        )
        if gap is None or gap in gaps:
            return False
        gaps.add(gap)
    return len(gaps) >= 2


def continues_cells(line: Line, row: Line) -> bool:
    """Each of the line's words starts under a text cell of `row` and clears its figures:
    the row's cells wrapped onto a second line (a payee's name under the payee), however
    many text columns stand before the one that names the row."""
    starts = [s.bbox.x0 for s in _segments_of_kind(row, "text")]
    figures = _segments_of_kind(row, "num")
    size = line_size(row)
    return bool(line.segments) and all(
        kind == "text"
        and any(abs(seg.bbox.x0 - x) <= size for x in starts)
        and not any(seg.bbox.x_overlap(f.bbox) > 0 for f in figures)
        for seg, kind in zip(line.segments, line_kinds(line), strict=True)
    )


def heads_columns(line: Line, lines: Sequence[Line], run: Sequence[int]) -> bool:
    """Words over two or more of the columns of figures seen so far, between rows: the
    header of the next table (or a header repeated, which merging joins again)."""
    known = _figure_boxes(lines, run)
    heads = [
        s for s in _segments_of_kind(line, "text") if any(s.bbox.x_overlap(b) > 0 for b in known)
    ]
    return len(heads) >= 2


def prose_like(line: Line, lines: Sequence[Line], run: Sequence[int]) -> bool:
    """A line of running text (or a caption) that ends a table rather than continuing it."""
    num_x0 = min((b.x0 for b in _figure_boxes(lines, run)), default=None)
    if num_x0 is None:
        return False
    return any(
        s.bbox.x0 < num_x0 - 2 and s.bbox.x1 > num_x0 + 8 and len(s.words) >= 4 and _reads(s)
        for s in line.segments
    )


_UNIT_WORDS = frozenset({"million", "millions", "thousand", "thousands", "bn", "m", "k", "pounds"})


def _reads(seg: Segment) -> bool:
    """Words that read as text: two lowercase words, or a full stop. Header cells set
    close together ("Gross Income Net", "£ million £ million") share one segment but are
    capitalised names or units."""
    lower = sum(1 for w in seg.words if w.text[:1].islower() and w.text not in _UNIT_WORDS)
    return lower >= 2 or seg.text.rstrip().endswith(".")


def has_header_above(lines: Sequence[Line], first: int) -> bool:
    """A single data row counts as a table when column headers stand above it: the
    header lines (a stacked header has several) head every one of its figures."""
    data = lines[first]
    nums = [s.bbox for s, k in zip(data.segments, line_kinds(data), strict=True) if k == "num"]
    header: list[Line] = []
    below = data
    for k in range(first - 1, max(first - 6, -1), -1):
        ln = lines[k]
        if below.bbox.top - ln.bbox.bottom > 2.5 * line_size(below) or is_data_line(ln):
            break
        header.append(ln)
        below = ln
    if not header or max(len(ln.segments) for ln in header) < 2:
        return False
    heads = [s.bbox for ln in header for s in ln.segments]
    if all(any(h.x_overlap(b) > 0 for h in heads) for b in nums):
        return True
    # Headers centred in cells wider than their figures stand apart from figures set
    # to the right: each figure then needs a header of its own close beside it.
    size = line_size(data)
    nearest = []
    for b in nums:
        dist, j = min((max(0.0, -h.x_overlap(b)), j) for j, h in enumerate(heads))
        if dist > 4 * size:
            return False
        nearest.append(j)
    return len(set(nearest)) == len(nearest)


UNIT_WORD_RE = re.compile(r"(?:millions?|thousands?|'?000s?|bn|billions?)", re.IGNORECASE)


def unit_wrapped_on(lines: Sequence[Line], end: int, first: int) -> int:
    """The header's last line, taking in the line under it when that line only ends a
    unit the header cell above broke ("Spend to Date £" over "million"): the word is the
    header's, not a row's label."""
    k = end + 1
    if end < 0 or k >= first:
        return end
    segs = lines[k].segments
    if segs and all(_unit_above(s, lines[end]) for s in segs):
        return k
    return end


def _unit_above(seg: Segment, above: Line) -> bool:
    return UNIT_WORD_RE.fullmatch(seg.text.strip()) is not None and any(
        a.text.rstrip().endswith("£") and a.bbox.x_overlap(seg.bbox) > 0 for a in above.segments
    )


def centred_sum(lines: Sequence[Line], kinds: Sequence[Sequence[str]], i: int) -> bool:
    """A sum in pounds alone on its line between two lines of words left of it: a grid
    cell's figure centred on its label wrapped over those lines, a row and no header."""
    if list(kinds[i]) != ["num"] or not 0 < i < len(lines) - 1:
        return False
    amount = parse_amount(lines[i].segments[0].text)
    left = lines[i].bbox.x0
    return (
        amount is not None
        and amount.currency
        and all(set(kinds[j]) == {"text"} and lines[j].bbox.x1 < left for j in (i - 1, i + 1))
    )
