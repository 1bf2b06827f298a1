"""Typed records passed between the stages (parse → tables → normalise → tag → load).

Every record that comes from a page carries its provenance: the page number
(1-based) and a bounding box in PDF points, origin top-left (pdfplumber's
convention), so a researcher can always go back to the printed figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class BBox:
    """A box on a page in points, origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def x_overlap(self, other: BBox) -> float:
        return min(self.x1, other.x1) - max(self.x0, other.x0)

    def y_overlap(self, other: BBox) -> float:
        return min(self.bottom, other.bottom) - max(self.top, other.top)

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol

    @staticmethod
    def enclosing(boxes: list[BBox]) -> BBox:
        """The box around `boxes`; the same numbers as `union` one box at a time (min and
        max keep the first of equal values either way), without a box made for each step:
        a line's or segment's box is made for every line of every page."""
        if len(boxes) <= 2:
            return boxes[0] if len(boxes) == 1 else boxes[0].union(boxes[1])
        return BBox(
            min([b.x0 for b in boxes]),
            min([b.top for b in boxes]),
            max([b.x1 for b in boxes]),
            max([b.bottom for b in boxes]),
        )


# --------------------------------------------------------------------------- parse


@dataclass(frozen=True, slots=True)
class Word:
    """A run of characters with no space, as pdfplumber groups them."""

    text: str
    bbox: BBox
    size: float
    bold: bool
    #: True when printed noticeably smaller and raised: a superscript footnote marker.
    superscript: bool = False
    #: True when a clip path cut the text off after this word (a spreadsheet cell's
    #: hidden overflow, pipeline.pdfclip.Cut): the next word is another cell's.
    cut: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line (or one edge of a drawn box) that may delimit table cells."""

    bbox: BBox
    orientation: str  # "h" or "v"


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle: cell shading, which may carry a RAG colour."""

    bbox: BBox
    rgb: tuple[float, float, float]


@dataclass(slots=True)
class Page:
    """Everything the later stages need from one page, independent of pdfplumber."""

    number: int
    width: float
    height: float
    words: list[Word]
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)


@dataclass(slots=True)
class Line:
    """Words sharing a baseline, split into segments at wide gaps or ruling lines."""

    page: int
    words: list[Word]
    segments: list[Segment]
    bbox: BBox

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


@dataclass(slots=True)
class Segment:
    """Adjacent words on one line that read as one phrase or one table cell."""

    words: list[Word]
    bbox: BBox
    #: `text`, joined on first asking: a segment's words do not change once it is made,
    #: and the table finder reads each segment's text many times over
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            text = self._text = " ".join(w.text for w in self.words)
        return text

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading or list item of narrative, in reading order."""

    page: int
    order: int
    kind: str  # "heading", "paragraph", "list_item", "caption", "table_cell"
    text: str
    bbox: BBox
    #: for a table's text cell read as narrative: the table and row it stands in
    table_index: int | None = None
    row_index: int | None = None
    #: the cell's column header, and the row's label, when the cell is not the label
    column_label: str | None = None
    row_label: str | None = None


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Amount:
    """A figure as printed, parsed exactly: the value is in printed units."""

    value: Decimal
    #: multiplier printed in the cell itself ("£1.2m" → 1_000_000), else None
    unit: Decimal | None
    is_nil: bool
    footnote: str | None
    currency: bool
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """One number in a savings or budget table, with everything needed to read it."""

    page: int
    table_index: int
    row_index: int
    section: str | None
    row_label: str
    rag: str | None
    column_label: str
    measure: str | None
    first_fy: int | None
    last_fy: int | None
    #: pounds; None when no unit is stated for the figure (see unit_source)
    amount_gbp: Decimal | None
    printed: str
    unit: Decimal
    is_total: bool
    footnote: str | None
    bbox: BBox
    #: reference printed in its own column before the label ("ASC01", "12")
    ref: str | None = None
    #: the row's other text columns under their headers (service area, directorate, lead)
    attributes: dict[str, str] = field(default_factory=dict)
    #: where the unit was printed: cell, header, units row, caption, heading, page, report;
    #: None when nowhere (amount_gbp is then None)
    unit_source: str | None = None
    #: where the period came from: column, caption, heading, paper; or why there is none
    period_source: str | None = None


@dataclass(slots=True)
class TableInfo:
    """One table as found on the page(s), with a short parsing report."""

    table_index: int
    page: int
    last_page: int
    bbox: BBox
    caption: str | None
    strategy: str  # "ruled", "rows-ruled", "whitespace", "text"
    columns: list[str]
    unit: Decimal | None
    n_rows: int
    n_figures: int
    sign_rule: str | None = None
    #: multiplier that makes a saving positive (-1 when the paper prints savings negative)
    sign: int = 1
    #: "money" (feeds savings) or "other" (counts, percentages, indicators)
    kind: str = "money"
    #: where the table's unit was stated (see Figure.unit_source); None when nowhere
    unit_source: str | None = None
    #: why a person should look at this table (no unit stated, totals that do not add up)
    review: list[str] = field(default_factory=list)
    #: headers of the text columns other than the label (references, attributes)
    text_columns: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return bool(self.review)


@dataclass(frozen=True, slots=True)
class Check:
    """A reconciliation: the rows a total covers should add up to it."""

    page: int
    table_index: int
    row_label: str
    column_label: str
    expected: Decimal
    printed: Decimal
    difference: Decimal
    #: True when the rows add up; False when they do not; None when no rows above add up to
    #: the total in any of its columns (a derived row, such as a ratio or a memorandum line)
    ok: bool | None
    covers: str


# --------------------------------------------------------------------------- narrative


@dataclass(frozen=True, slots=True)
class Mention:
    """A tagged span of narrative."""

    page: int
    label: str  # MONEY, FISCAL_YEAR, PARTNER, FUND, RAG, PERCENT
    text: str
    sentence: str
    block_order: int
    start: int
    end: int
    #: pounds; negative only when a minus sign is printed before the £ ("-£0.8m")
    amount_gbp: Decimal | None = None
    first_fy: int | None = None
    last_fy: int | None = None
    canonical: str | None = None
    percent: Decimal | None = None
    bbox: BBox | None = None
    #: PARTNER: kind of body (pipeline.tagging.register.KINDS, or "generic" for a type of body)
    kind: str | None = None
    #: PARTNER: ODS code (NHS) or ONS GSS code (councils) from the register; None when unknown
    code: str | None = None
    #: PARTNER: "author" for the council that wrote the paper, else "partner"
    role: str | None = None
    #: set when the span was read from a table's text cell: its table and row
    table_index: int | None = None
    row_index: int | None = None
    #: MONEY: the table figure of the same paper with this amount and period, if any
    figure_table_index: int | None = None
    figure_row_index: int | None = None
    figure_column: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A money mention read as a statement: what kind of money, for when, about what."""

    page: int
    kind: str  # saving, cost, budget, spend, pressure, gap, funding, income, other
    text: str
    amount_gbp: Decimal
    first_fy: int | None
    last_fy: int | None
    subject: str | None
    sentence: str
    block_order: int


# --------------------------------------------------------------------------- document


@dataclass(slots=True)
class DocumentInfo:
    """What we know about one paper as a whole."""

    sha256: str
    source_file: str
    pages: int
    title: str | None = None
    authority: str | None = None
    authority_code: str | None = None
    first_fy: int | None = None
    source_url: str | None = None
    #: ok, partial (read, but something was lost: see warnings) or failed
    status: str = "ok"
    error: str | None = None
    #: what was lost or uncertain while reading (damaged pages, pdfminer data loss, encoding)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """All that one paper yields; serialised to extracted/<sha256>.json."""

    document: DocumentInfo
    generator: str
    blocks: list[Block] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
