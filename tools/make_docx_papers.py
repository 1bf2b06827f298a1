"""Build test papers the way the judged papers are made: python-docx, then LibreOffice to PDF.

Dev-only (needs python-docx and a LibreOffice `soffice` on the machine; neither is a
runtime dependency). The output is committed under tests/fixtures/docx/, so the test
suite never runs this script. Each paper gets a truth JSON in the same format as
shared/corpus/*.truth.json, computed from the values written into the .docx, with the
page of every row read back from the rendered PDF.

    .venv/bin/python tools/make_docx_papers.py            # writes tests/fixtures/docx/
    .venv/bin/python tools/make_docx_papers.py --out DIR --keep-docx

Everything is seeded, so a rerun gives the same papers (LibreOffice stamps its own
creation date into each PDF, which is the only difference between runs).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell

Num = Decimal | None
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "docx"

RAG_STD = {"Red": "FF0000", "Amber": "FFC000", "Green": "00B050"}
RAG_PASTEL = {"Red": "FF7C80", "Amber": "FFD966", "Green": "A9D08E"}
RAG_LETTER = {"Red": "R", "Amber": "A", "Green": "G", "Amber/Green": "A/G", "Red/Amber": "R/A"}

# --------------------------------------------------------------------------- vocabulary

SCHEMES: dict[str, list[str]] = {
    "Older People": [
        "Reablement service redesign",
        "Extra care housing expansion",
        "Home care framework retender",
        "Reduction in long-term residential placements",
        "Older people's day care review",
        "Meals on wheels service remodel",
        "Intermediate care bed base review",
        "Nursing care fee rate review",
        "Discharge to assess pathway",
        "Double-handed care package reviews",
        "Falls response service",
        "Home from hospital scheme",
    ],
    "Learning Disabilities": [
        "Review of high cost learning disability placements",
        "Supported living reconfiguration",
        "Day opportunities modernisation",
        "Shared Lives expansion",
        "Transitions pathway for young adults",
        "Transforming Care hospital discharges",
        "Learning disability respite review",
        "In-house day centre consolidation",
        "Out of area placements repatriation",
        "Employment and volunteering support",
    ],
    "Mental Health": [
        "Mental health supported accommodation review",
        "Section 117 aftercare joint funding",
        "Recovery and step-down pathway",
        "Mental health residential placements review",
        "Community mental health team integration",
        "Approved Mental Health Professional rota",
        "Crisis house recommissioning",
    ],
    "Physical Disabilities": [
        "Physical disability care package reviews",
        "Sensory impairment service review",
        "Direct payments unspent balance recovery",
        "Community equipment service re-procurement",
        "Telecare and assistive technology roll-out",
        "Minor adaptations framework",
    ],
    "Commissioning": [
        "Voluntary sector grants review",
        "Housing related support contracts",
        "Contract efficiency review",
        "Carers' services recommissioning",
        "Advocacy services retender",
        "Electronic call monitoring for home care",
        "Block contract reduction",
        "Information and advice services",
    ],
    "Income": [
        "Charging policy review",
        "Disability related expenditure assessment",
        "Telecare charges",
        "Deferred payment agreements",
        "Debt recovery improvement",
        "Continuing Healthcare eligibility reviews",
        "Client contributions uplift",
    ],
    "Workforce": [
        "Assessment and care management restructure",
        "Management and back office savings",
        "Brokerage team efficiencies",
        "Agency staff reduction",
        "Safeguarding team restructure",
        "Occupational therapy service review",
        "Business support consolidation",
        "Vacancy management",
    ],
    "Investment": [
        "Investment in reablement capacity",
        "Assistive technology implementation costs",
        "Extra care scheme set-up costs",
        "Transformation programme team",
        "Care market sustainability",
        "Digital front door development",
    ],
}

LONG_TAILS = [
    "- phased over two financial years",
    "subject to the outcome of public consultation",
    "(full year effect of decisions taken last year)",
    "delivered jointly with health partners",
    "following the review completed last year",
]

DESCRIPTIONS: dict[str, list[str]] = {
    "Older People": [
        "Expand short-term support after a hospital stay so that fewer people need long-term care.",
        "Re-tender home care with fewer, larger providers working in geographic zones, "
        "reducing travel time and unit cost.",
        "Offer extra care housing as an alternative to a residential placement where this "
        "meets the person's needs.",
    ],
    "Learning Disabilities": [
        "Review every package over the usual cost ceiling to make sure support meets assessed "
        "need and draws on family and community networks.",
        "Move people from residential care into supported living where this gives them more "
        "independence.",
        "Replace traditional day centre places with community based activities and personal "
        "budgets.",
    ],
    "Mental Health": [
        "Support people to step down from residential care into their own tenancies with "
        "floating support.",
        "Seek joint funding from health for people with complex needs who are eligible for "
        "NHS support.",
    ],
    "Physical Disabilities": [
        "Increase the use of telecare and equipment to delay the need for home care.",
        "Recover unspent direct payment balances and review the level of support provided.",
    ],
    "Commissioning": [
        "Recommission contracts on an outcomes basis with a smaller number of providers.",
        "Reduce grant funding to voluntary organisations where services overlap.",
    ],
    "Income": [
        "Apply the charging policy consistently and review financial assessments annually.",
        "Make sure health funding is claimed for everyone who is eligible for NHS Continuing "
        "Healthcare.",
    ],
    "Workforce": [
        "Bring together assessment teams and reduce management layers, with a reduction in "
        "posts managed through vacancies.",
        "Reduce reliance on agency staff through a recruitment and retention plan.",
    ],
    "Investment": [
        "One-off and recurrent costs needed to deliver the savings programme.",
    ],
}


def group_of(label: str) -> str:
    """The service group a scheme name (perhaps with a long tail) was drawn from."""
    for group, names in SCHEMES.items():
        if any(label.startswith(n) for n in names):
            return group
    raise KeyError(label)


def describe(rng: random.Random, label: str) -> str:
    return rng.choice(DESCRIPTIONS[group_of(label)])


RISK_TEXT = (
    "Each proposal has been given a RAG rating to show confidence in delivery: Green where "
    "the saving is on track, Amber where there are risks that are being managed, and Red "
    "where the saving is unlikely to be delivered in full without further action."
)


def scheme_pool(rng: random.Random, group: str, n: int, long_share: float = 0.0) -> list[str]:
    """N distinct scheme names from a service group, some made long so they wrap."""
    names = rng.sample(SCHEMES[group], k=min(n, len(SCHEMES[group])))
    out = []
    for name in names:
        if rng.random() < long_share:
            name = f"{name} {rng.choice(LONG_TAILS)}"
        out.append(name)
    return out


# --------------------------------------------------------------------------- narrative


@dataclass
class Writer:
    """Formats money and fiscal years for prose and records each one in the truth."""

    fy_sep: str = "/"
    money_style: str = "m"  # m: £1.25m, million: £1.25 million, m3: £1.250m
    money: set[int] = field(default_factory=set)
    years: set[tuple[int, int]] = field(default_factory=set)
    partners: list[str] = field(default_factory=list)

    def fy(self, y: int, short: bool = False) -> str:
        self.years.add((y, y))
        if short:
            return f"{y % 100:02d}/{(y + 1) % 100:02d}"
        return f"{y}{self.fy_sep}{(y + 1) % 100:02d}"

    def span(self, first: int, last: int) -> str:
        """A multi-year period, printed as councils do: 2016-19 covers 2016/17 to 2018/19."""
        self.years.add((first, last))
        return f"{first}-{(last + 1) % 100:02d}"

    def gbp(self, pounds: int | Decimal, style: str | None = None) -> str:
        v = int(pounds)
        assert v == pounds and v > 0, pounds
        self.money.add(v)
        style = style or self.money_style
        if v >= 1_000_000 and v % 1000 == 0:
            m = Decimal(v) / Decimal(1_000_000)
            if style == "m3":
                return f"£{m:.3f}m"
            s = f"{m.normalize():f}"
            return f"£{s} million" if style == "million" else f"£{s}m"
        if v % 1000 == 0:
            if style == "m3" and v >= 100_000:
                return f"£{Decimal(v) / Decimal(1_000_000):.3f}m"
            if style == "million":
                return f"£{v:,}"
            return f"£{v // 1000}k"
        return f"£{v:,}"

    def partner(self, name: str) -> str:
        if name not in self.partners:
            self.partners.append(name)
        return name


def round_to(rng: random.Random, lo: int, hi: int, step: int) -> int:
    return rng.randrange(lo // step, hi // step + 1) * step


# --------------------------------------------------------------------------- tables


@dataclass
class Col:
    """One column of a savings table; `fy` and `measure` are what the truth records."""

    head: str
    kind: str = "num"  # num | label | rag | text | ref
    width: float = 2.0  # cm
    group: str | None = None  # merged header cell above this one
    fy: tuple[int, int] | None = None
    measure: str | None = None
    label: str | None = None  # column_label in the truth, else group + head without units


@dataclass
class Row:
    kind: str  # data | heading | subtotal | total
    label: str
    values: list[Num] = field(default_factory=list)
    rag: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    section: str | None = None
    page: int = 0


@dataclass
class Look:
    borders: str = "grid"  # grid | horizontal | none | rules
    font_size: float = 9.0
    unit: Decimal = Decimal(1000)
    decimals: int = 0
    units_row: str | None = None
    neg: str = "-"  # "-", "()", "−"
    zero: str = "0"
    currency: bool = False  # £ before every figure
    cell_units: bool = False  # £1.2m / £250k in each cell, values held in pounds
    rag: str = "word"  # word | letter | shade | word+shade
    fills: dict[str, str] = field(default_factory=lambda: dict(RAG_STD))
    repeat_header: bool = True
    valign: str = "top"  # vertical alignment of figures
    header_fill: str | None = None
    header_color: str | None = None
    header_align: str = "center"
    heading_merged: bool = False
    heading_fill: str | None = None
    note_space: bool = True
    label_size: float | None = None
    tidy: bool = True  # empty cells get the table's font size and no paragraph spacing


@dataclass
class SavingsTable:
    name: str
    cols: list[Col]
    rows: list[Row]
    look: Look
    caption: str | None = None
    footnotes: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not any(c.kind == "rag" for c in self.cols):
            for r in self.rows:  # nothing printed, so nothing for the truth to claim
                r.rag = None

    @property
    def num_cols(self) -> list[Col]:
        return [c for c in self.cols if c.kind == "num"]

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "data"]

    def col_total(self, j: int, kinds: Iterable[str] = ("data",)) -> Decimal:
        return sum((r.values[j] or Decimal(0) for r in self.rows if r.kind in kinds), Decimal(0))

    def pounds(self, value: Decimal) -> Decimal:
        return value if self.look.cell_units else value * self.look.unit


ValuesFn = Callable[[random.Random, int], list[Num]]
Mag = Callable[[random.Random], Decimal]


def mag_k(rng: random.Random) -> Decimal:
    """A saving in £000: mostly tens to low thousands."""
    return Decimal(
        rng.choice(
            [rng.randrange(2, 60) * 25, rng.randrange(10, 300) * 5, rng.randrange(1, 30) * 100]
        )
    )


def mag_m(decimals: int) -> Mag:
    def f(rng: random.Random) -> Decimal:
        if decimals == 1:
            return Decimal(rng.randrange(1, 30)) / 10
        if decimals == 2:
            return Decimal(rng.randrange(3, 250)) / 100
        return Decimal(rng.randrange(20, 2500)) / 1000

    return f


def mag_pounds(rng: random.Random) -> Decimal:
    return Decimal(rng.randrange(20, 1600) * 500)


def mag_cell(rng: random.Random) -> Decimal:
    return Decimal(rng.choice([rng.randrange(1, 20) * 50_000, rng.randrange(2, 40) * 100_000]))


def years_values(
    n: int, mag: Mag, *, p_blank: float = 0.15, p_zero: float = 0.08, total: bool = False
) -> ValuesFn:
    """Values for n year columns (schemes often start late: leading blanks), plus a total."""

    def f(rng: random.Random, sign: int) -> list[Num]:
        while True:
            vals: list[Num] = []
            for _ in range(n):
                x = rng.random()
                if x < p_blank:
                    vals.append(None)
                elif x < p_blank + p_zero:
                    vals.append(Decimal(0))
                else:
                    vals.append(mag(rng) * sign)
            if any(v for v in vals):
                break
        if total:
            vals.append(sum((v or Decimal(0) for v in vals), Decimal(0)))
        return vals

    return f


def plan_values(mag: Mag, decimals: int) -> ValuesFn:
    """Approved (cumulative), achieved, proposed, revised = achieved + proposed, change."""
    q = Decimal(1).scaleb(-decimals)

    def f(rng: random.Random, sign: int) -> list[Num]:
        approved = mag(rng) * 2
        a_share = Decimal(rng.choice([0, 0, 20, 35, 50, 65, 100])) / 100
        achieved = (approved * a_share).quantize(q)
        rest = approved - achieved
        p_share = Decimal(rng.choice([0, 40, 60, 100, 100, 120])) / 100
        proposed = (rest * p_share).quantize(q)
        revised = achieved + proposed
        change = revised - approved
        vals: list[Num] = [
            approved * sign,
            achieved * sign,
            proposed * sign,
            revised * sign,
            change * sign,
        ]
        if achieved == 0 and rng.random() < 0.5:
            vals[1] = None
        return vals

    return f


def rag_from_delivery(values: list[Num]) -> str:
    """Target, forecast, ...: Green when all is forecast, Red when half or less."""
    target, forecast = abs(values[0] or Decimal(0)), abs(values[1] or Decimal(0))
    if forecast >= target:
        return "Green"
    return "Amber" if forecast > target / 2 else "Red"


def target_values(mag: Mag, decimals: int) -> ValuesFn:
    """Target, forecast delivery, shortfall (target less forecast)."""
    q = Decimal(1).scaleb(-decimals)

    def f(rng: random.Random, sign: int) -> list[Num]:
        target = mag(rng)
        share = Decimal(rng.choice([100, 100, 100, 75, 50, 0, 90])) / 100
        forecast = (target * share).quantize(q)
        return [target * sign, forecast * sign, (target - forecast) * sign]

    return f


@dataclass
class Group:
    heading: str | None
    names: list[str]
    sign: int = 1
    rags: bool = True
    subtotal: str | None = None


def build_rows(
    rng: random.Random,
    groups: list[Group],
    values: ValuesFn,
    *,
    total: str | None = "Total",
    rag_pool: tuple[str, ...] = ("Green", "Green", "Green", "Amber", "Amber", "Red"),
    extra_totals: Iterable[tuple[str, list[int]]] = (),
    section_default: str | None = None,
    rag_of: Callable[[list[Num]], str] | None = None,
) -> list[Row]:
    """Rows of a savings table; subtotals and totals are the sums of what they cover."""
    rows: list[Row] = []
    section = section_default
    members: list[list[Row]] = []
    for g in groups:
        if g.heading:
            section = g.heading
            rows.append(Row("heading", g.heading, section=section))
        mine = []
        for name in g.names:
            row = Row("data", name, values(rng, g.sign), section=section)
            if g.rags:
                row.rag = rag_of(row.values) if rag_of else rng.choice(rag_pool)
            rows.append(row)
            mine.append(row)
        members.append(mine)
        if g.subtotal:
            rows.append(Row("subtotal", g.subtotal, colsum(mine), section=section))
    for label, idx in extra_totals:
        covered = [r for i in idx for r in members[i]]
        rows.append(Row("total", label, colsum(covered), section=section))
    if total:
        rows.append(Row("total", total, colsum([r for m in members for r in m]), section=section))
    return rows


def colsum(rows: list[Row]) -> list[Num]:
    n = len(rows[0].values)
    return [sum((r.values[j] or Decimal(0) for r in rows), Decimal(0)) for j in range(n)]


def add_notes(
    rng: random.Random, rows: list[Row], marks: list[str], kinds: tuple[str, ...] = ("data",)
) -> list[tuple[Row, int]]:
    """Put each footnote marker after one printed figure; return where they went."""
    spots = [
        (r, j)
        for r in rows
        if r.kind in kinds
        for j, v in enumerate(r.values)
        if v is not None and v != 0
    ]
    chosen = rng.sample(spots, k=len(marks))
    for (r, j), m in zip(chosen, marks, strict=True):
        r.notes[j] = m
    return chosen


# --------------------------------------------------------------------------- docx helpers

_TCPR_ORDER = [
    "tcW",
    "gridSpan",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]


def _insert_ordered(parent: Any, child: Any, order: list[str]) -> None:
    tag = child.tag.split("}")[1]
    later = order[order.index(tag) + 1 :]
    for i, existing in enumerate(parent):
        if existing.tag.split("}")[1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert_ordered(tc_pr, shd, _TCPR_ORDER)


def cell_borders(cell: _Cell, **edges: str) -> None:
    """Per-cell rules, e.g. top="single"; used for accountant-style tables."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        _insert_ordered(tc_pr, borders, _TCPR_ORDER)
    for edge, val in edges.items():
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), "8" if val == "single" else "0")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)


def table_borders(table: Table, **edges: str) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        val = edges.get(edge, "nil")
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    order = [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ]
    _insert_ordered(tbl_pr, borders, order)


def repeat_as_header(table: Table, row_idx: int) -> None:
    tr_pr = table.rows[row_idx]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def put(
    cell: _Cell,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    color: str | None = None,
    italic: bool = False,
) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)


def unique_cells(table: Table, r: int) -> list[_Cell]:
    """The distinct cells of a row: merged cells come back once, not once per grid column."""
    seen: set[int] = set()
    out = []
    for cell in table.rows[r].cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def set_widths(table: Table, widths: list[float]) -> None:
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
        for cell in col.cells:
            cell.width = Cm(w)


def strip_units(text: str) -> str:
    text = re.sub(r"\(?£\s*(?:'?000s?|m|k)?\)?", " ", text)
    return re.sub(r"\s+", " ", text).strip()


VALIGN = {
    "top": WD_ALIGN_VERTICAL.TOP,
    "bottom": WD_ALIGN_VERTICAL.BOTTOM,
    "center": WD_ALIGN_VERTICAL.CENTER,
}
HALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def trim(d: Decimal) -> str:
    s = f"{d.normalize():f}"
    return s


def fmt_value(v: Decimal, look: Look, note: str | None) -> str:
    """The printed form of one figure, exactly as a finance officer would type it."""
    if v == 0:
        text = look.zero
    elif look.cell_units:
        a = abs(v)
        body = f"£{trim(a / 1_000_000)}m" if a >= 1_000_000 else f"£{trim(a / 1000)}k"
        text = body if v > 0 else (f"({body})" if look.neg == "()" else f"{look.neg}{body}")
    else:
        body = f"{abs(v):,.{look.decimals}f}"
        if look.currency:
            body = "£" + body
        if v > 0:
            text = body
        elif look.neg == "()":
            text = f"({body})"
        else:
            text = f"{look.neg}{body}"
    if note:
        text = f"{text} {note}" if look.note_space else f"{text}{note}"
    return text


# --------------------------------------------------------------------------- paper


@dataclass
class Council:
    name: str
    code: str
    short: str
    nhs: list[str]  # commissioner first, then providers


class Paper:
    """One council paper under construction, with everything its truth file needs."""

    def __init__(
        self,
        slug: str,
        council: Council,
        year: int,
        seed: int,
        *,
        font: str = "Arial",
        body_size: float = 11,
        margins_cm: float = 2.0,
        fy_sep: str = "/",
        money_style: str = "m",
    ) -> None:
        self.slug = slug
        self.council = council
        self.year = year
        self.rng = random.Random(seed)
        self.w = Writer(fy_sep=fy_sep, money_style=money_style)
        self.doc = Document()
        self.font = font
        self.margins = margins_cm
        self.tables: list[SavingsTable] = []
        self.key_figures: list[dict[str, Any]] = []
        self.column_order: list[str] = []
        self.features: list[str] = [f"font {font}"]
        self.printed_unit: Decimal | None = None
        normal = self.doc.styles["Normal"]
        normal.font.name = font
        normal.font.size = Pt(body_size)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
        normal.paragraph_format.space_after = Pt(8)
        normal.paragraph_format.line_spacing = 1.1
        for style_name in ("List Bullet", "Caption"):
            st = self.doc.styles[style_name]
            st.font.name = font
        self._page_setup(self.doc.sections[0], landscape=False)

    # ---- page layout

    def _page_setup(self, section: Any, landscape: bool) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width = Mm(297) if landscape else Mm(210)
        section.page_height = Mm(210) if landscape else Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(self.margins))

    @property
    def text_width(self) -> float:
        sec = self.doc.sections[-1]
        return round(sec.page_width.cm - 2 * self.margins, 2)

    def landscape(self) -> None:
        self._page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)

    def portrait(self) -> None:
        self._page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def footer(self, text: str) -> None:
        p = self.doc.sections[0].footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size = Pt(8)
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
        self.features.append("page footer")

    # ---- prose

    def title(self, text: str, size: float = 16) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)

    def heading(self, text: str, size: float | None = None) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        run = p.add_run(text)
        run.bold = True
        if size:
            run.font.size = Pt(size)

    def para(self, text: str) -> None:
        self.doc.add_paragraph(text)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            p = self.doc.add_paragraph(item, style="List Bullet")
            p.paragraph_format.space_after = Pt(2)

    def three_columns(self, paragraphs: list[str]) -> None:
        """A continuous section set in three columns, then back to one."""
        self._set_cols(self.doc.add_section(WD_SECTION.CONTINUOUS), 3)
        for text in paragraphs:
            self.doc.add_paragraph(text)
            self.column_order.append(text)
        self._set_cols(self.doc.add_section(WD_SECTION.CONTINUOUS), 1)
        self.features.append("three-column narrative section")

    @staticmethod
    def _set_cols(section: Any, n: int) -> None:
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            section._sectPr.append(cols)
        cols.set(qn("w:num"), str(n))
        cols.set(qn("w:space"), "567")

    # ---- small tables

    def key_figures_table(
        self,
        items: list[tuple[str, int, int | None]],
        per_row: int = 3,
        lead: tuple[str, str] | None = ("Service:", "Adult Social Care"),
        style: str = "m",
    ) -> None:
        """A Hackney-like strip of label/value cells at the top of the paper."""
        cells: list[tuple[str, str]] = [lead] if lead else []
        for label, pounds, fy in items:
            cells.append((f"{label}:", self.w.gbp(pounds, style)))
            self.key_figures.append({"label": label, "first_fy": fy, "amount_gbp": pounds})
        n_rows = -(-len(cells) // per_row)
        table = self.doc.add_table(rows=n_rows, cols=per_row * 2)
        table.style = self.doc.styles["Table Grid"]
        value_w = 2.8 if per_row == 3 else 3.2
        label_w = (self.text_width - per_row * value_w) / per_row
        set_widths(table, [label_w, value_w] * per_row)
        for i, (label, value) in enumerate(cells):
            r, c = divmod(i, per_row)
            put(table.cell(r, 2 * c), label, size=9)
            put(table.cell(r, 2 * c + 1), value, size=9)
        self.doc.add_paragraph()
        self.features.append("key-figures table at top")

    def text_table(self, rows: list[tuple[str, str]]) -> None:
        """Two columns of prose (advice, commentary): a table with no figures in it."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.style = self.doc.styles["Table Grid"]
        set_widths(table, [4.5, self.text_width - 4.5])
        for i, (label, text) in enumerate(rows):
            put(table.cell(i, 0), label, size=10)
            put(table.cell(i, 1), text, size=10)
        self.doc.add_paragraph()
        self.features.append("prose-only table (no figures)")

    # ---- savings tables

    def savings_table(self, t: SavingsTable) -> None:
        self.tables.append(t)
        if self.printed_unit is None:
            self.printed_unit = Decimal(1) if t.look.cell_units else t.look.unit
        if t.caption:
            p = self.doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_after = Pt(4)
            run = p.add_run(t.caption)
            run.bold = True
        render_table(self.doc, t)
        for note in t.footnotes:
            p = self.doc.add_paragraph(note)
            p.paragraph_format.space_after = Pt(2)
            for run in p.runs:
                run.font.size = Pt(9)
        self.doc.add_paragraph()

    # ---- truth

    def truth(self, pdf: Path) -> dict[str, Any]:
        pages = locate_rows(pdf, self.tables)
        savings: list[dict[str, Any]] = []
        rag_counts: Counter[str] = Counter()
        spans: list[tuple[int, int]] = []
        for t in self.tables:
            start = len(savings)
            ncols = t.num_cols
            for row in t.rows:
                if row.kind == "data" and row.rag:
                    rag_counts[row.rag] += 1
                if row.kind == "heading":
                    continue
                for j, v in enumerate(row.values):
                    if v is None:
                        continue
                    col = ncols[j]
                    fy = col.fy
                    savings.append(
                        {
                            "page": row.page,
                            "section": row.section,
                            "row_label": row.label,
                            "rag": row.rag if row.kind == "data" else None,
                            "column_label": col.label
                            or strip_units(f"{col.group or ''} {col.head}".replace("\n", " ")),
                            "measure": col.measure,
                            "first_fy": fy[0] if fy else None,
                            "last_fy": fy[1] if fy else None,
                            "amount_gbp": float(t.pounds(v)),
                            "is_total": row.kind in ("subtotal", "total"),
                            "footnote": row.notes.get(j),
                        }
                    )
            spans.append((start, len(savings)))
        out: dict[str, Any] = {
            "file": pdf.name,
            "authority": self.council.name,
            "authority_code": self.council.code,
            "printed_unit": int(self.printed_unit) if self.printed_unit is not None else None,
            "first_fy": self.year,
            "pages": pages,
            "savings": savings,
            "partners": list(self.w.partners),
            "money_gbp": sorted(self.w.money),
            "fiscal_years": [list(y) for y in sorted(self.w.years)],
            "rag_ratings": dict(sorted(rag_counts.items())),
        }
        if self.key_figures:
            out["key_figures"] = self.key_figures
        if self.column_order:
            out["column_order"] = self.column_order
        out["layout"] = {
            "features": self.features,
            "tables": [
                {
                    "name": t.name,
                    "caption": t.caption,
                    "pages": sorted({r.page for r in t.rows if r.kind != "heading"}),
                    "rows": len([r for r in t.rows if r.kind != "heading"]),
                    "figures": sum(
                        1 for r in t.rows if r.kind != "heading" for v in r.values if v is not None
                    ),
                    "features": t.features,
                    "savings_slice": list(span),
                }
                for t, span in zip(self.tables, spans, strict=True)
            ],
        }
        return out


def render_table(doc: Any, t: SavingsTable) -> None:
    """Write one savings table into the document with the look it asks for."""
    look, cols = t.look, t.cols
    grouped = any(c.group for c in cols)
    n_head = 2 if grouped else 1
    n_units = 1 if look.units_row else 0
    first_body = n_head + n_units
    table = doc.add_table(rows=first_body + len(t.rows), cols=len(cols))
    if look.borders == "grid":
        table.style = doc.styles["Table Grid"]
    elif look.borders == "horizontal":
        table_borders(table, top="single", bottom="single", insideH="single")
    elif look.borders == "rules":
        table_borders(table, top="single", bottom="single")
    else:
        table_borders(table)
    set_widths(table, [c.width for c in cols])
    size = look.font_size

    # header: groups merged across, ungrouped cells merged down
    if grouped:
        c = 0
        while c < len(cols):
            g = cols[c].group
            if g is None:
                table.cell(0, c).merge(table.cell(1, c))
                c += 1
                continue
            end = c
            while end + 1 < len(cols) and cols[end + 1].group == g:
                end += 1
            if end > c:
                table.cell(0, c).merge(table.cell(0, end))
            c = end + 1
    for r_i, row in enumerate(t.rows):
        if row.kind == "heading" and look.heading_merged:
            table.cell(first_body + r_i, 0).merge(table.cell(first_body + r_i, len(cols) - 1))

    def head_cell(r: int, c: int, text: str) -> None:
        cell = table.cell(r, c)
        align = HALIGN[look.header_align] if cols[c].kind == "num" else WD_ALIGN_PARAGRAPH.LEFT
        put(cell, text, size=size, bold=True, align=align, color=look.header_color)
        cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP

    done_groups: set[str] = set()
    for c, col in enumerate(cols):
        if grouped and col.group:
            if col.group not in done_groups:
                put(
                    table.cell(0, c),
                    col.group,
                    size=size,
                    bold=True,
                    align=WD_ALIGN_PARAGRAPH.CENTER,
                    color=look.header_color,
                )
                done_groups.add(col.group)
            head_cell(1, c, col.head)
        else:
            head_cell(0, c, col.head)
    if look.header_fill:
        for r in range(n_head):
            for cell in unique_cells(table, r):
                shade(cell, look.header_fill)
    if look.units_row:
        for c, col in enumerate(cols):
            put(
                table.cell(n_head, c),
                look.units_row if col.kind == "num" else "",
                size=size,
                bold=True,
                align=HALIGN[look.header_align],
            )
    if look.borders == "rules":
        for cell in unique_cells(table, first_body - 1):
            cell_borders(cell, bottom="single")
    if look.repeat_header:
        for r in range(first_body):
            repeat_as_header(table, r)

    # body
    for r_i, row in enumerate(t.rows):
        r = first_body + r_i
        bold = row.kind != "data"
        if row.kind == "heading":
            label_c = next(i for i, c in enumerate(cols) if c.kind == "label")
            put(
                table.cell(r, 0 if look.heading_merged else label_c),
                row.label,
                size=size,
                bold=True,
            )
            if look.heading_fill:
                for cell in unique_cells(table, r):
                    shade(cell, look.heading_fill)
            continue
        j = 0
        for c, col in enumerate(cols):
            cell = table.cell(r, c)
            if col.kind == "label":
                put(cell, row.label, size=look.label_size or size, bold=bold)
            elif col.kind in ("text", "ref"):
                put(cell, row.texts.get(col.head, ""), size=size)
            elif col.kind == "rag":
                rag = row.rag if row.kind == "data" else None
                if rag:
                    if look.rag in ("shade", "word+shade"):
                        shade(cell, look.fills[rag])
                    if look.rag in ("word", "word+shade"):
                        put(cell, rag, size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
                    elif look.rag == "letter":
                        put(cell, RAG_LETTER[rag], size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
            else:
                v = row.values[j]
                if v is not None:
                    put(
                        cell,
                        fmt_value(v, look, row.notes.get(j)),
                        size=size,
                        bold=bold,
                        align=WD_ALIGN_PARAGRAPH.RIGHT,
                    )
                cell.vertical_alignment = VALIGN[look.valign]
                j += 1
        if look.borders == "rules" and row.kind == "total":
            for cell in unique_cells(table, r):
                cell_borders(cell, top="single")
    if look.tidy:
        tidy_cells(table, size)


def tidy_cells(table: Table, size: float) -> None:
    """What a careful author does: no paragraph spacing and a small font even in empty cells."""
    for r in range(len(table.rows)):
        for cell in unique_cells(table, r):
            for para in cell.paragraphs:
                para.paragraph_format.space_after = Pt(0)
                para.paragraph_format.space_before = Pt(0)
                para.paragraph_format.line_spacing = 1.0
                p_pr = para._p.get_or_add_pPr()
                r_pr = p_pr.find(qn("w:rPr"))
                if r_pr is None:
                    r_pr = OxmlElement("w:rPr")
                    p_pr.append(r_pr)
                sz = OxmlElement("w:sz")
                sz.set(qn("w:val"), str(int(size * 2)))
                r_pr.append(sz)


# --------------------------------------------------------------------------- locating rows


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t]


def locate_rows(pdf: Path, tables: list[SavingsTable]) -> int:
    """Set each row's page from the rendered PDF: its label words, then one of its figures."""
    stream: list[tuple[int, str]] = []
    with pdfplumber.open(pdf) as doc:
        n_pages = len(doc.pages)
        for page in doc.pages:
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
                stream.extend((page.page_number, tok) for tok in _tokens(word["text"]))
    toks = [t for _, t in stream]
    cursor = 0
    for t in tables:
        for row in t.rows:
            want = _tokens(row.label)
            figs = [
                _tokens(fmt_value(v, t.look, None)) for v in row.values if v is not None and v != 0
            ]
            fig = next((f for f in figs if f and f != ["0"]), None)
            found = None
            i = cursor
            while i < len(toks):
                if (
                    toks[i] == want[0]
                    and _subsequence(toks, i, want, 80)
                    and (fig is None or _contains(toks, i, fig, 250))
                ):
                    found = i
                    break
                i += 1
            if found is None:
                raise RuntimeError(f"{pdf.name}: row {row.label!r} not found in the PDF")
            row.page = stream[found][0]
            cursor = found + 1
    return n_pages


def _subsequence(toks: list[str], start: int, want: list[str], window: int) -> bool:
    k = 0
    for tok in toks[start : start + window]:
        if tok == want[k]:
            k += 1
            if k == len(want):
                return True
    return False


def _contains(toks: list[str], start: int, seq: list[str], window: int) -> bool:
    end = min(len(toks), start + window)
    return any(toks[i : i + len(seq)] == seq for i in range(start, end))


# --------------------------------------------------------------------------- narrative kit


def p_intro(p: Paper, total: Decimal, first: int, last: int) -> str:
    w = p.w
    period = w.fy(first) if first == last else w.span(first, last)
    return (
        f"This report sets out the savings proposals for Adult Social Care as part of "
        f"{p.council.short}'s budget for {w.fy(p.year)}. The proposals total "
        f"{w.gbp(total)} over {period} and have been developed to close the gap identified "
        f"in the Medium Term Financial Plan while continuing to meet the Council's duties "
        f"under the Care Act."
        if p.year >= 2015
        else f"This report sets out the savings proposals for Adult Social Care as part of "
        f"{p.council.short}'s budget for {w.fy(p.year)}. The proposals total "
        f"{w.gbp(total)} over {period} and have been developed to close the gap identified "
        f"in the Medium Term Financial Plan while protecting services for those with the "
        f"highest needs."
    )


def p_budget(p: Paper, net: int, gross: int) -> str:
    w = p.w
    return (
        f"The net budget for adult social care in {w.fy(p.year)} is {w.gbp(net)}, with "
        f"gross expenditure of {w.gbp(gross)} once income from client contributions and "
        f"health funding is included. This is the largest single area of the Council's "
        f"spending."
    )


def p_demand(p: Paper, pressure: int, fees: int) -> str:
    w = p.w
    fee_reason = (
        "the National Living Wage on provider fees"
        if p.year >= 2016
        else "inflation on care contracts"
    )
    return (
        f"Demand for care continues to grow. The number of residents aged 85 and over is "
        f"expected to rise by around {p.rng.randrange(12, 30)}% over the next ten years, "
        f"and pressures of {w.gbp(pressure)} have been built into the budget for "
        f"{w.fy(p.year)}, including {w.gbp(fees)} for the effect of {fee_reason}."
    )


def p_partners(p: Paper, funding: int) -> str:
    w = p.w
    nhs = p.council.nhs
    if p.year >= 2015:
        fund = f"supported by {w.gbp(funding)} from the Better Care Fund in {w.fy(p.year)}"
    else:
        fund = (
            f"supported by {w.gbp(funding)} of NHS funding transferred for social care "
            f"in {w.fy(p.year)}"
        )
    return (
        f"Many of the proposals depend on joint work with health partners. The Council is "
        f"working with {w.partner(nhs[0])} and {w.partner(nhs[1])} to reduce delayed "
        f"transfers of care and to develop integrated community teams, {fund}."
    )


def p_delivery(p: Paper, target: int, achieved: int) -> str:
    w = p.w
    return (
        f"Savings of {w.gbp(target)} were agreed for {w.fy(p.year - 1)}. At the end of "
        f"December {w.gbp(achieved)} is forecast to be delivered, leaving a shortfall of "
        f"{w.gbp(target - achieved)} which will be met from one-off underspends within the "
        f"directorate."
    )


def p_consult(p: Paper) -> str:
    w = p.w
    return (
        f"Proposals that change the services people receive will be subject to consultation "
        f"with service users and carers, and {w.partner('Care Quality Commission')} will be "
        f"kept informed of any changes to registered services. An equality impact assessment "
        f"has been completed for each proposal."
    )


def p_mental_health(p: Paper, amount: int) -> str:
    w = p.w
    trust = p.council.nhs[2]
    return (
        f"Mental health social care is delivered under a partnership agreement with "
        f"{w.partner(trust)}. The agreement will be reviewed during {w.fy(p.year)} with the "
        f"aim of reducing the cost of residential placements by {w.gbp(amount)}."
    )


def p_scheme(p: Paper, label: str, pounds: Decimal, year: int) -> str:
    w = p.w
    desc = describe(p.rng, label)
    return f"{label} – {desc} This is expected to save {w.gbp(abs(pounds))} in {w.fy(year)}."


def p_reserve(p: Paper, amount: int) -> str:
    w = p.w
    return (
        f"One-off funding of {w.gbp(amount)} from the social care reserve will be used in "
        f"{w.fy(p.year)} to meet the implementation costs of the transformation programme, "
        f"including project management and double running of services."
    )


def scheme_paragraphs(p: Paper, t: SavingsTable, col: int, n: int) -> list[str]:
    """Manchester-style commentary on a few schemes, quoting their figures from the table."""
    rows = [r for r in t.data_rows() if r.values[col] and abs(t.pounds(r.values[col] or 0)) >= 1000]
    chosen = p.rng.sample(rows, k=min(n, len(rows)))
    fy = t.num_cols[col].fy
    year = fy[0] if fy else p.year
    return [p_scheme(p, r.label, t.pounds(r.values[col] or Decimal(0)), year) for r in chosen]


def m(rng: random.Random, lo: int, hi: int, step: int = 100_000) -> int:
    return round_to(rng, lo, hi, step)


def year_cols(
    first: int,
    n: int,
    *,
    group: str | None,
    head_fmt: str = "{fy}",
    sep: str = "/",
    width: float = 2.0,
    measure: str = "saving",
) -> list[Col]:
    out = []
    for y in range(first, first + n):
        fy = f"{y}{sep}{(y + 1) % 100:02d}"
        out.append(
            Col(head_fmt.format(fy=fy), width=width, group=group, fy=(y, y), measure=measure)
        )
    return out


# --------------------------------------------------------------------------- the papers


def paper_swansea() -> Paper:
    c = Council(
        "City and County of Swansea",
        "W06000011",
        "the City and County of Swansea",
        [
            "Abertawe Bro Morgannwg University Health Board",
            "Morriston Hospital",
            "Abertawe Bro Morgannwg University Health Board",
        ],
    )
    p = Paper("swansea-social-services-budget-2011-12", c, 2011, 111)
    rng = p.rng
    cols = [
        Col("Service area / proposal", "label", 6.4),
        Col("RAG", "rag", 1.6),
        *year_cols(2011, 3, group=None, head_fmt="{fy}\n£000", width=2.2),
        Col("Total\n£000", width=2.2, measure="saving"),
    ]
    look = Look(borders="grid", units_row=None, zero="–", rag="word", tidy=False)
    t1 = SavingsTable(
        "efficiency savings",
        cols,
        build_rows(
            rng,
            [
                Group("Older People", scheme_pool(rng, "Older People", 4), subtotal="Sub-total"),
                Group(
                    "Learning Disabilities",
                    scheme_pool(rng, "Learning Disabilities", 3),
                    subtotal="Sub-total",
                ),
            ],
            years_values(3, mag_k, total=True),
            total="Total efficiency savings",
        ),
        look,
        caption="Table 1: Efficiency savings",
        features=[
            "Table Grid",
            "units in each header cell (2011/12 £000)",
            "RAG words",
            "group headings",
            "subtotals and total",
            "nil as –",
            "empty cells keep body font and spacing (taller rows)",
        ],
    )
    t2 = SavingsTable(
        "service change",
        [Col(x.head, x.kind, x.width, x.group, x.fy, x.measure) for x in cols],
        build_rows(
            rng,
            [Group(None, scheme_pool(rng, "Commissioning", 3) + scheme_pool(rng, "Income", 2))],
            years_values(3, mag_k, total=True),
            total="Total service change",
        ),
        look,
        caption="Table 2: Service change proposals",
        features=["Table Grid", "two tables on one page", "no group headings"],
    )
    total = t1.col_total(3, ("total",)) + t2.col_total(3, ("total",))
    p.title(c.name)
    p.title("Social Services: Adult Services Budget Proposals 2011/12", 13)
    p.w.fy(2011)
    p.heading("Purpose of report")
    p.para(p_intro(p, total * 1000, 2011, 2013))
    p.para(p_budget(p, m(rng, 60_000_000, 90_000_000), m(rng, 100_000_000, 130_000_000)))
    p.heading("Background")
    p.para(
        f"The Welsh Government settlement for {p.w.fy(2011)} reduced the Council's "
        f"revenue support grant by {p.w.gbp(m(rng, 5_000_000, 12_000_000))}. Social services "
        f"have been asked to contribute savings in proportion to their share of the budget."
    )
    p.para(
        f"The Council works closely with {p.w.partner(c.nhs[0])} on hospital discharge "
        f"and the joint community equipment service, which is funded through a pooled "
        f"budget of {p.w.gbp(m(rng, 2_000_000, 4_000_000))}."
    )
    p.para(RISK_TEXT)
    p.page_break()
    p.heading("Savings proposals")
    p.savings_table(t1)
    p.savings_table(t2)
    p.para(p_consult(p))
    p.features += ["portrait", "two tables on one page"]
    return p


def paper_liverpool() -> Paper:
    c = Council(
        "Liverpool City Council",
        "E08000012",
        "Liverpool City Council",
        [
            "Liverpool Primary Care Trust",
            "Royal Liverpool and Broadgreen University Hospitals NHS Trust",
            "Mersey Care NHS Trust",
        ],
    )
    p = Paper("liverpool-asc-savings-2012-13", c, 2012, 212, fy_sep="/")
    rng = p.rng
    cols = [
        Col("Budget action", "label", 6.6),
        Col("RAG", "rag", 1.2),
        *year_cols(2012, 3, group="Savings £000", width=2.0),
        Col("Total", width=2.0, group="Savings £000", measure="saving", label="Total"),
    ]
    look = Look(borders="horizontal", zero="–", rag="letter", repeat_header=False)
    rows = build_rows(
        rng,
        [
            Group("Personalisation", scheme_pool(rng, "Older People", 4), subtotal="Sub-total"),
            Group(
                "Commissioning and contracts",
                scheme_pool(rng, "Commissioning", 4),
                subtotal="Sub-total",
            ),
            Group("Staffing", scheme_pool(rng, "Workforce", 3), subtotal="Sub-total"),
        ],
        years_values(3, mag_k, total=True, p_blank=0.25),
        total="Total",
    )
    t = SavingsTable(
        "budget actions",
        cols,
        rows,
        look,
        caption="Adult Social Care budget actions",
        features=[
            "borders only horizontal",
            "merged header 'Savings £000' over years",
            "RAG letters R/A/G",
            "footnote markers * #",
            "nil as –",
        ],
    )
    marks = add_notes(rng, rows, ["*", "#"])
    tot_k = t.col_total(3, ("total",))
    p.title(c.name)
    p.title(f"Adult Social Care: Budget Actions {p.w.fy(2012)}", 13)
    p.key_figures_table(
        [
            ("12/13 Gross Expenditure", m(rng, 200_000_000, 260_000_000), 2012),
            ("12/13 Net Expenditure", m(rng, 140_000_000, 180_000_000), 2012),
        ]
    )
    p.w.fy(2012, short=True)
    p.heading("Summary")
    p.para(p_intro(p, tot_k * 1000, 2012, 2014))
    p.para(p_demand(p, m(rng, 3_000_000, 6_000_000), m(rng, 500_000, 1_500_000, 50_000)))
    p.para(p_partners(p, m(rng, 4_000_000, 9_000_000)))
    p.para(p_mental_health(p, m(rng, 200_000, 600_000, 10_000)))
    p.heading("Budget actions")
    for s in scheme_paragraphs(p, t, 0, 2):
        p.para(s)
    t.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Includes {p.w.gbp(m(rng, 50_000, 300_000, 10_000))} "
        f"carried forward from {p.w.fy(2011)}.",
        f"{marks[1][0].notes[marks[1][1]]} Subject to consultation.",
    ]
    p.savings_table(t)
    p.para(RISK_TEXT)
    p.footer("Liverpool City Council – Page ")
    p.features += ["portrait"]
    return p


def paper_devon() -> Paper:
    c = Council(
        "Devon County Council",
        "E10000008",
        "Devon County Council",
        [
            "NHS Northern, Eastern and Western Devon Clinical Commissioning Group",
            "Royal Devon and Exeter NHS Foundation Trust",
            "Devon Partnership NHS Trust",
        ],
    )
    p = Paper(
        "devon-asc-budget-review-2013-14",
        c,
        2013,
        313,
        font="Times New Roman",
        body_size=12,
        money_style="m3",
    )
    rng = p.rng
    long_names = scheme_pool(rng, "Learning Disabilities", 4, long_share=0.6) + scheme_pool(
        rng, "Physical Disabilities", 3, long_share=0.5
    )
    cols = [Col("Proposal", "label", 5.2), *year_cols(2013, 3, group=None, width=2.4)]
    look = Look(
        borders="none",
        unit=Decimal(1_000_000),
        decimals=3,
        neg="()",
        zero="-",
        valign="bottom",
        rag="word",
        repeat_header=False,
    )
    rows = build_rows(
        rng,
        [
            Group("Savings", long_names, rags=False, subtotal="Total savings"),
            Group(
                "Investment",
                scheme_pool(rng, "Investment", 2),
                sign=-1,
                rags=False,
                subtotal="Total investment",
            ),
        ],
        years_values(3, mag_m(3), p_blank=0.1),
        total="Net savings",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption="Table 2: Adult social care savings proposals (£m)",
        features=[
            "no borders",
            "units in caption (£m)",
            "3 decimals",
            "negatives in brackets",
            "nil as -",
            "wrapped labels",
            "figures bottom-aligned",
            "no RAG",
        ],
    )
    net = sum((t.col_total(j, ("total",)) for j in range(3)), Decimal(0))
    p.title(c.name, 15)
    p.title(f"Adult Social Care Budget Review {p.w.fy(2013)}", 13)
    p.para(p_intro(p, net * 1_000_000, 2013, 2015))
    p.text_table(
        [
            (
                "Advice on existing savings plans:",
                f"The savings agreed in {p.w.fy(2012)} have largely been delivered. The main "
                f"exception is the review of learning disability placements, where "
                f"{p.w.gbp(m(rng, 300_000, 900_000, 10_000))} has slipped into {p.w.fy(2013)}. "
                f"Commissioning plans should be refreshed to reflect the new framework contracts.",
            ),
            (
                "Advice on the current approach:",
                "The directorate should continue to focus on prevention and reablement, and make "
                "sure that reviews of care packages are completed before new proposals are "
                "brought forward. Joint work with health on hospital discharge should be "
                "prioritised, as should the development of the care market in rural areas.",
            ),
        ]
    )
    p.para(p_partners(p, m(rng, 6_000_000, 12_000_000)))
    p.para(p_delivery(p, m(rng, 8_000_000, 14_000_000), m(rng, 5_000_000, 7_000_000)))
    p.savings_table(t)
    p.para(p_mental_health(p, m(rng, 200_000, 500_000, 10_000)))
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


def paper_hertfordshire() -> Paper:
    c = Council(
        "Hertfordshire County Council",
        "E10000015",
        "Hertfordshire County Council",
        [
            "NHS Herts Valleys Clinical Commissioning Group",
            "Hertfordshire Community NHS Trust",
            "Hertfordshire Partnership University NHS Foundation Trust",
        ],
    )
    p = Paper("hertfordshire-asc-integrated-plan-2014-15", c, 2014, 414)
    rng = p.rng
    cols = [
        Col("Proposal", "label", 7.4),
        Col("RAG status", "rag", 1.8),
        *year_cols(2014, 3, group=None, width=2.2),
    ]
    look = Look(
        borders="grid",
        units_row="£'000",
        rag="word",
        header_fill="D9D9D9",
        heading_merged=True,
        repeat_header=True,
        font_size=10,
    )
    groups = [
        Group("Older People", scheme_pool(rng, "Older People", 9), subtotal="Total Older People"),
        Group(
            "Learning Disabilities",
            scheme_pool(rng, "Learning Disabilities", 8),
            subtotal="Total Learning Disabilities",
        ),
        Group(
            "Mental Health", scheme_pool(rng, "Mental Health", 5), subtotal="Total Mental Health"
        ),
        Group(
            "Physical Disabilities",
            scheme_pool(rng, "Physical Disabilities", 5),
            subtotal="Total Physical Disabilities",
        ),
        Group(
            "Commissioning", scheme_pool(rng, "Commissioning", 7), subtotal="Total Commissioning"
        ),
        Group("Income", scheme_pool(rng, "Income", 6), subtotal="Total Income"),
        Group("Workforce", scheme_pool(rng, "Workforce", 6), subtotal="Total Workforce"),
    ]
    rows = build_rows(rng, groups, years_values(3, mag_k, p_blank=0.2), total="Total savings")
    t = SavingsTable(
        "integrated plan savings",
        cols,
        rows,
        look,
        caption="Annex B: Adult Care Services savings proposals",
        features=[
            "Table Grid",
            "units row £'000",
            "grey header fill",
            "group heading rows merged across",
            "RAG words",
            "long table over pages, header row repeated",
        ],
    )
    total = t.col_total(0, ("total",))
    p.title(c.name)
    p.title(f"Integrated Plan {p.w.fy(2014)} – Adult Care Services", 13)
    p.heading("Introduction")
    p.para(
        p_intro(
            p,
            (t.col_total(0, ("total",)) + t.col_total(1, ("total",)) + t.col_total(2, ("total",)))
            * 1000,
            2014,
            2016,
        )
    )
    p.para(p_budget(p, m(rng, 300_000_000, 340_000_000), m(rng, 400_000_000, 460_000_000)))
    p.para(p_demand(p, m(rng, 8_000_000, 14_000_000), m(rng, 2_000_000, 4_000_000)))
    p.para(p_partners(p, m(rng, 10_000_000, 20_000_000)))
    p.bullets(
        [
            f"reablement and intermediate care, saving {p.w.gbp(total * 1000)} in {p.w.fy(2014)};",
            "reviews of learning disability placements and the move to supported living;",
            "recommissioning of home care on an outcomes basis; and",
            "a new charging policy following consultation.",
        ]
    )
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.para(p_consult(p))
    p.footer("Page ")
    p.features += ["portrait", "bullets"]
    return p


def paper_tower_hamlets() -> Paper:
    c = Council(
        "London Borough of Tower Hamlets",
        "E09000030",
        "Tower Hamlets Council",
        [
            "NHS Tower Hamlets Clinical Commissioning Group",
            "Barts Health NHS Trust",
            "East London NHS Foundation Trust",
        ],
    )
    p = Paper("tower-hamlets-asc-savings-2015-16", c, 2015, 515, money_style="million")
    rng = p.rng
    tw = p.text_width
    cols = [
        Col("Proposal", "label", 4.2),
        Col("Description", "text", tw - 4.2 - 3 * 2.1),
        Col("Saving\n2015/16", width=2.1, fy=(2015, 2015), measure="saving"),
        Col("Saving\n2016/17", width=2.1, fy=(2016, 2016), measure="saving"),
        Col("RAG rating", "rag", 2.1),
    ]
    look = Look(
        borders="grid",
        cell_units=True,
        unit=Decimal(1),
        zero="£0",
        rag="word",
        header_fill="DEEAF6",
    )
    names = (
        scheme_pool(rng, "Older People", 3)
        + scheme_pool(rng, "Learning Disabilities", 3)
        + scheme_pool(rng, "Income", 2)
    )
    rows = build_rows(
        rng,
        [Group(None, names)],
        years_values(2, mag_cell, p_blank=0.1),
        total="Total",
        rag_pool=("Green", "Amber", "Amber/Green", "Red", "Green", "Amber"),
    )
    for r in rows:
        if r.kind == "data":
            r.texts["Description"] = describe(rng, r.label)
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "Table Grid",
            "units in each cell (£1.2m / £250k)",
            "description text column",
            "RAG words incl. Amber/Green",
            "RAG column after figures",
            "light header fill",
        ],
    )
    total = t.col_total(0, ("total",)) + t.col_total(1, ("total",))
    p.title(c.name)
    p.title(f"Adults' Services savings proposals {p.w.fy(2015)} and {p.w.fy(2016)}", 13)
    p.heading("Key services")
    p.three_columns(
        [
            f"Adult social care in Tower Hamlets supports around {rng.randrange(5, 8)},"
            f"{rng.randrange(100, 999)} people each year, from short-term reablement to long-term "
            f"residential and nursing care. Most services are commissioned from independent and "
            f"voluntary sector providers.",
            f"The service works closely with {p.w.partner(c.nhs[0])} through a pooled budget "
            f"for integrated community health and social care, and with "
            f"{p.w.partner(c.nhs[2])} on mental health services delivered under a section 75 "
            f"agreement.",
            f"The net budget for {p.w.fy(2015)} is {p.w.gbp(m(rng, 80_000_000, 100_000_000))}. "
            f"Savings of {p.w.gbp(total)} are proposed over two years, alongside growth for "
            f"demographic pressures and the new duties of the Care Act.",
        ]
    )
    p.heading("Savings proposals")
    p.para(p_demand(p, m(rng, 2_000_000, 5_000_000), m(rng, 500_000, 1_000_000, 50_000)))
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


def paper_newcastle() -> Paper:
    c = Council(
        "Newcastle City Council",
        "E08000021",
        "Newcastle City Council",
        [
            "NHS Newcastle Gateshead Clinical Commissioning Group",
            "Newcastle upon Tyne Hospitals NHS Foundation Trust",
            "Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust",
        ],
    )
    p = Paper("newcastle-asc-budget-proposals-2016-17", c, 2016, 616, fy_sep="-")
    rng = p.rng
    cols = [
        Col("Budget proposal", "label", 9.0),
        Col("Client group", "text", 3.6),
        *year_cols(2016, 3, group=None, sep="-", width=2.4),
        Col("Total\n2016-19", width=2.4, fy=(2016, 2018), measure="saving"),
        Col("RAG", "rag", 1.5),
    ]
    look = Look(borders="horizontal", units_row="£000", rag="shade", repeat_header=False, zero="0")
    groups = []
    for g in (
        "Older People",
        "Learning Disabilities",
        "Mental Health",
        "Physical Disabilities",
        "Commissioning",
        "Workforce",
    ):
        groups.append(Group(None, scheme_pool(rng, g, 8)))
    rows = build_rows(
        rng, groups, years_values(3, mag_k, total=True, p_blank=0.2), total="Total savings"
    )
    for r in rows:
        if r.kind == "data":
            r.texts["Client group"] = group_of(r.label)
    marks = add_notes(rng, rows, ["*", "#"])
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "landscape",
            "borders only horizontal",
            "units row £000",
            "RAG by cell shading only",
            "long table over pages, header NOT repeated",
            "footnote markers * #",
            "text column between label and figures",
            "years as 2016-17",
        ],
    )
    total = t.col_total(3, ("total",))
    p.title(c.name)
    p.title(f"Budget proposals {p.w.fy(2016)}: Wellbeing, Care and Learning", 13)
    p.heading("Adult social care")
    p.para(p_intro(p, total * 1000, 2016, 2018))
    p.para(p_budget(p, m(rng, 70_000_000, 90_000_000), m(rng, 120_000_000, 150_000_000)))
    p.para(p_partners(p, m(rng, 8_000_000, 16_000_000)))
    p.para(p_mental_health(p, m(rng, 200_000, 700_000, 10_000)))
    p.para(RISK_TEXT + " The rating is shown by the colour of the final column.")
    p.landscape()
    p.heading("Appendix A: Adult social care budget proposals")
    p.para(
        f"The table lists each proposal with the saving expected in each year to "
        f"{p.w.fy(2018)}. Figures are in thousands of pounds."
    )
    t.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Assumes the new framework starts in "
        f"{p.w.fy(2017)}; the full-year effect is {p.w.gbp(m(rng, 300_000, 900_000, 10_000))}.",
        f"{marks[1][0].notes[marks[1][1]]} Net of one-off implementation costs of "
        f"{p.w.gbp(m(rng, 50_000, 250_000, 10_000))}.",
    ]
    p.savings_table(t)
    p.portrait()
    p.heading("Next steps")
    p.para(p_consult(p))
    p.features += ["landscape section", "portrait then landscape then portrait"]
    return p


def paper_croydon() -> Paper:
    c = Council(
        "London Borough of Croydon",
        "E09000008",
        "Croydon Council",
        [
            "NHS Croydon Clinical Commissioning Group",
            "Croydon Health Services NHS Trust",
            "South London and Maudsley NHS Foundation Trust",
        ],
    )
    p = Paper("croydon-asc-savings-monitoring-2016-17", c, 2016, 716, font="Carlito")
    rng = p.rng
    look_a = Look(borders="none", neg="()", zero="-", rag="word", header_align="right")
    cols_a = [
        Col("Scheme", "label", 7.0),
        Col("Target\n2015/16", fy=(2015, 2015), measure="target", width=2.2),
        Col("Forecast\n2015/16", fy=(2015, 2015), measure="forecast", width=2.2),
        Col("Shortfall", measure="shortfall", width=2.2),
        Col("RAG", "rag", 1.5),
    ]
    rows_a = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Older People", 3) + scheme_pool(rng, "Commissioning", 3))],
        target_values(mag_k, 0),
        total="Total",
        rag_of=rag_from_delivery,
    )
    ta = SavingsTable(
        "delivery of 2015/16 savings",
        cols_a,
        rows_a,
        look_a,
        caption=f"Table 3: Delivery of {p.w.fy(2015)} savings (£'000)",
        features=[
            "no borders",
            "units in caption (£'000)",
            "nil as -",
            "target / forecast / shortfall columns",
            "RAG words",
        ],
    )
    look_b = Look(borders="none", neg="()", zero="-", rag="word", header_align="right")
    cols_b = [Col("Scheme", "label", 7.0), *year_cols(2016, 3, group=None, width=2.2)]
    rows_b = build_rows(
        rng,
        [
            Group(
                None, scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Income", 2)
            ),
            Group(None, scheme_pool(rng, "Investment", 1), sign=-1),
        ],
        years_values(3, mag_k, p_blank=0.3, p_zero=0.0),
        total="Net savings",
    )
    tb = SavingsTable(
        "new proposals",
        cols_b,
        rows_b,
        look_b,
        caption="Table 4: New savings proposals 2016-19 (£'000)",
        features=[
            "no borders",
            "blank cells (not figures)",
            "negative in brackets",
            "two tables on one page",
            "no RAG",
        ],
    )
    p.w.span(2016, 2018)
    p.title(c.name)
    p.title("Adult Social Care savings: progress and new proposals", 13)
    p.para(
        f"This paper reports on delivery of the savings agreed for {p.w.fy(2015)} and "
        f"sets out new proposals for {p.w.fy(2016)} onwards. Of the "
        f"{p.w.gbp(ta.col_total(0, ('total',)) * 1000)} agreed, "
        f"{p.w.gbp(ta.col_total(1, ('total',)) * 1000)} is forecast to be delivered."
    )
    p.para(p_partners(p, m(rng, 5_000_000, 10_000_000)))
    p.para(p_demand(p, m(rng, 2_000_000, 5_000_000), m(rng, 400_000, 900_000, 50_000)))
    p.page_break()
    p.savings_table(ta)
    p.savings_table(tb)
    p.para(p_consult(p))
    p.features += ["portrait", "two tables on one page"]
    return p


def paper_coventry() -> Paper:
    c = Council(
        "Coventry City Council",
        "E08000026",
        "Coventry City Council",
        [
            "NHS Coventry and Rugby Clinical Commissioning Group",
            "University Hospitals Coventry and Warwickshire NHS Trust",
            "Coventry and Warwickshire Partnership NHS Trust",
        ],
    )
    p = Paper("coventry-asc-savings-2017-18", c, 2017, 817)
    rng = p.rng
    cols = [
        Col("Ref", "ref", 1.4),
        Col("Savings proposal", "label", 4.0),
        *year_cols(2017, 4, group=None, width=2.3),
        Col("RAG", "rag", 1.5),
    ]
    look = Look(
        borders="grid",
        units_row="£000s",
        neg="−",
        zero="0",
        rag="word",
        valign="top",
        repeat_header=False,
    )
    groups = [
        Group("Older People", scheme_pool(rng, "Older People", 8, long_share=0.7)),
        Group(
            "Working Age Adults",
            scheme_pool(rng, "Learning Disabilities", 7, long_share=0.7)
            + scheme_pool(rng, "Mental Health", 4, long_share=0.6),
        ),
        Group(
            "Corporate and support",
            scheme_pool(rng, "Workforce", 5, long_share=0.5)
            + scheme_pool(rng, "Income", 3, long_share=0.5),
        ),
    ]
    rows = build_rows(rng, groups, years_values(4, mag_k, p_blank=0.25), total="Total")
    k = 1
    for r in rows:
        if r.kind == "data":
            r.texts["Ref"] = f"ASC{k:02d}"
            k += 1
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "Table Grid",
            "Ref column before label",
            "narrow label column, wrapped labels",
            "figures top-aligned",
            "minus sign U+2212",
            "units row £000s",
            "long table over pages, header NOT repeated",
            "group headings, no subtotals",
        ],
    )
    # a few rows have an investment (negative) in the first year
    for r in rng.sample(t.data_rows(), 3):
        if r.values[0]:
            r.values[0] = -r.values[0]
    t.rows[-1].values = colsum(t.data_rows())
    total4 = sum((t.col_total(j, ("total",)) for j in range(4)), Decimal(0))
    p.title(c.name)
    p.title(f"People Directorate – Adult Social Care savings {p.w.span(2017, 2020)}", 13)
    p.para(p_intro(p, total4 * 1000, 2017, 2020))
    p.para(p_budget(p, m(rng, 80_000_000, 100_000_000), m(rng, 130_000_000, 160_000_000)))
    p.para(p_partners(p, m(rng, 10_000_000, 18_000_000)))
    for s in scheme_paragraphs(p, t, 1, 3):
        p.para(s)
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.para(p_reserve(p, m(rng, 500_000, 2_000_000, 50_000)))
    p.features += ["portrait"]
    return p


def paper_cardiff() -> Paper:
    c = Council(
        "Cardiff Council",
        "W06000015",
        "Cardiff Council",
        [
            "Cardiff and Vale University Health Board",
            "Velindre University NHS Trust",
            "Cardiff and Vale University Health Board",
        ],
    )
    p = Paper("cardiff-social-services-savings-2017-18", c, 2017, 917, money_style="million")
    rng = p.rng
    cols = [
        Col("Proposal", "label", 8.5),
        Col("Saving", width=3.0, fy=(2017, 2017), measure="saving", label="Saving"),
        Col("Risk", "rag", 2.0),
    ]
    look = Look(
        borders="rules", unit=Decimal(1), currency=True, rag="word", zero="£0", header_align="right"
    )
    rows = build_rows(
        rng,
        [
            Group(
                None,
                scheme_pool(rng, "Older People", 4)
                + scheme_pool(rng, "Learning Disabilities", 3)
                + scheme_pool(rng, "Income", 2),
            )
        ],
        years_values(1, mag_pounds, p_blank=0.0, p_zero=0.0),
        total="Total savings",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=f"Table 1: Social Services savings proposals {p.w.fy(2017)}",
        features=[
            "rules only (top, under header, above total, bottom)",
            "full pounds in cells (£125,000)",
            "year only in caption",
            "RAG words in 'Risk' column",
        ],
    )
    cols2 = [
        Col("Proposal", "label", 8.5),
        Col("Saving", width=3.0, fy=(2017, 2017), measure="saving", label="Saving"),
    ]
    rows2 = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Workforce", 3))],
        years_values(1, mag_pounds, p_blank=0.0, p_zero=0.0),
        total="Total efficiency savings",
    )
    t2 = SavingsTable(
        "efficiencies",
        cols2,
        rows2,
        Look(borders="rules", unit=Decimal(1), currency=True, zero="£0", header_align="right"),
        caption=f"Table 2: Directorate efficiency savings {p.w.fy(2017)}",
        features=["second small table on the same page", "no RAG"],
    )
    p.key_figures_table(
        [
            ("Net budget 2017/18", m(rng, 150_000_000, 180_000_000), 2017),
            ("Gross budget 2017/18", m(rng, 220_000_000, 260_000_000), 2017),
        ],
        per_row=2,
        lead=None,
        style="million",
    )
    p.title(c.name)
    p.title(f"Social Services budget proposals {p.w.fy(2017)}", 13)
    p.para(
        f"The Council must set a balanced budget for {p.w.fy(2017)}. Social Services "
        f"proposals total {p.w.gbp(t.col_total(0, ('total',)))} together with directorate "
        f"efficiencies of {p.w.gbp(t2.col_total(0, ('total',)))}."
    )
    p.para(
        f"The Regional Partnership Board, which brings together the Council, the Vale of "
        f"Glamorgan Council and {p.w.partner(c.nhs[0])}, oversees the Integrated Care Fund "
        f"of {p.w.gbp(m(rng, 3_000_000, 6_000_000))} for {p.w.fy(2017)}."
    )
    p.para(p_consult(p))
    p.savings_table(t)
    p.savings_table(t2)
    p.features += ["portrait", "two tables on one page", "key-figures table without lead"]
    return p


def paper_nottingham() -> Paper:
    c = Council(
        "Nottingham City Council",
        "E06000018",
        "Nottingham City Council",
        [
            "NHS Nottingham City Clinical Commissioning Group",
            "Nottingham University Hospitals NHS Trust",
            "Nottinghamshire Healthcare NHS Foundation Trust",
        ],
    )
    p = Paper("nottingham-asc-business-plan-2018-19-appendix-2", c, 2018, 1018)
    rng = p.rng
    cols = [
        Col("Adult Social Care savings schedule 2017-19", "label", 7.2),
        Col("RAG\nRating", "rag", 1.5),
        Col(
            "Approved\nCumulative Savings\n2017-19", width=3.2, fy=(2017, 2018), measure="approved"
        ),
        Col("Achieved\n2017-18", width=2.6, fy=(2017, 2017), measure="achieved"),
        Col("Proposed\n2018-19", width=2.6, fy=(2018, 2018), measure="proposed"),
        Col("Revised Total\n2017-19", width=2.8, fy=(2017, 2018), measure="revised"),
        Col("Change", width=2.4, measure="change"),
    ]
    look = Look(
        borders="grid",
        units_row="£'000",
        rag="letter",
        zero="0",
        header_fill="1F4E79",
        header_color="FFFFFF",
        header_align="left",
    )
    rows = build_rows(
        rng,
        [
            Group(
                "Integrated Care Gross Savings",
                scheme_pool(rng, "Older People", 5),
                subtotal="Gross integrated care savings",
            ),
            Group(
                "Integrated Care Investment",
                scheme_pool(rng, "Investment", 3),
                sign=-1,
                rags=False,
                subtotal="Total investment",
            ),
            Group(
                "Other ASC Savings",
                scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Commissioning", 3),
                subtotal="Sub-total",
            ),
        ],
        plan_values(mag_k, 0),
        total="Total Net Savings",
        extra_totals=[("Total Gross Savings", [0, 2])],
    )
    for r in rows:  # savings printed negative, investment positive
        r.values = [None if v is None else -v for v in r.values]
    marks = add_notes(rng, rows, ["*"], kinds=("subtotal",))
    t = SavingsTable(
        "savings schedule",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "landscape",
            "approved/achieved/proposed/revised/change columns",
            "savings printed negative",
            "units row £'000",
            "RAG letters",
            "blue header, white text",
            "multi-line headers",
            "footnote marker on a subtotal",
            "investment group",
        ],
    )
    gross = -t.col_total(0, ("data",))
    p.title("Appendix 2")
    p.title(f"{p.w.fy(2018)} Adult Social Care Business Plan: savings schemes update", 13)
    p.heading("Introduction")
    p.para(
        f"This appendix summarises progress with the savings for Adult Social Care approved "
        f"as part of the {p.w.span(2017, 2018)} budget. Approved net savings were "
        f"{p.w.gbp(abs(t.rows[-1].values[0] or 0) * 1000)} over the two years."
    )
    p.para(p_partners(p, m(rng, 10_000_000, 20_000_000)))
    p.para(p_mental_health(p, m(rng, 300_000, 800_000, 10_000)))
    p.para(f"Gross savings before investment total {p.w.gbp(gross * 1000)}.")
    p.landscape()
    t.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Reduction in gross savings – pressure of "
        f"{p.w.gbp(m(rng, 500_000, 3_000_000, 1000), 'm3')}"
    ]
    p.savings_table(t)
    p.features += ["landscape section at end"]
    return p


def paper_southampton() -> Paper:
    c = Council(
        "Southampton City Council",
        "E06000045",
        "Southampton City Council",
        [
            "NHS Southampton City Clinical Commissioning Group",
            "University Hospital Southampton NHS Foundation Trust",
            "Solent NHS Trust",
        ],
    )
    p = Paper("southampton-asc-savings-2019-20", c, 2019, 1119)
    rng = p.rng
    cols = [
        Col("Saving proposal", "label", 5.6),
        Col("RAG", "rag", 1.2),
        *year_cols(2019, 3, group="Proposed savings (£m)", width=2.0),
        Col(
            "Full Year\nEffect\n2022/23",
            width=2.0,
            fy=(2022, 2022),
            measure="saving",
            label="Full Year Effect 2022/23",
        ),
    ]
    look = Look(
        borders="horizontal",
        unit=Decimal(1_000_000),
        decimals=2,
        zero="nil",
        rag="shade",
        fills=dict(RAG_PASTEL),
        neg="-",
    )
    rows = build_rows(
        rng,
        [
            Group(
                "Prevention and early help",
                scheme_pool(rng, "Older People", 3) + scheme_pool(rng, "Physical Disabilities", 2),
                subtotal="Sub-total",
            ),
            Group(
                "Long term care",
                scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Mental Health", 2),
                subtotal="Sub-total",
            ),
        ],
        years_values(4, mag_m(2), p_blank=0.1),
        total="Total",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption="Table 1: Proposed savings",
        features=[
            "borders only horizontal",
            "merged header 'Proposed savings (£m)' over years",
            "multi-line header 'Full Year Effect 2022/23'",
            "2 decimals",
            "nil as word",
            "RAG by pastel shading only",
        ],
    )
    total3 = sum((t.col_total(j, ("total",)) for j in range(3)), Decimal(0))
    p.title(c.name)
    p.title(f"Adult Social Care: savings proposals {p.w.span(2019, 2021)}", 13)
    p.heading("Context")
    p.three_columns(
        [
            f"Southampton's population is growing and ageing. Around "
            f"{rng.randrange(3, 5)},{rng.randrange(100, 999)} adults receive long-term support "
            f"from the Council, and demand for home care has grown each year since "
            f"{p.w.fy(2015)}.",
            f"The Council and {p.w.partner(c.nhs[0])} commission adult care jointly through the "
            f"Better Care pooled fund, and work with {p.w.partner(c.nhs[2])} on community "
            f"services and hospital discharge.",
            f"The proposals in this paper would save {p.w.gbp(total3 * 1_000_000)} over three "
            f"years. They build on the strengths-based approach to assessment introduced in "
            f"{p.w.fy(2018)}.",
        ]
    )
    p.heading("Proposals")
    p.para(p_demand(p, m(rng, 3_000_000, 6_000_000), m(rng, 1_000_000, 2_000_000, 50_000)))
    p.para(RISK_TEXT + " The rating is shown by the colour of the RAG column.")
    p.savings_table(t)
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


def paper_cheshire_east() -> Paper:
    c = Council(
        "Cheshire East Council",
        "E06000049",
        "Cheshire East Council",
        [
            "NHS Cheshire Clinical Commissioning Group",
            "Mid Cheshire Hospitals NHS Foundation Trust",
            "Cheshire and Wirral Partnership NHS Foundation Trust",
        ],
    )
    p = Paper("cheshire-east-asc-mtfs-2020-21", c, 2020, 1220)
    rng = p.rng
    cols = [
        Col("Saving", "label", 5.4),
        Col("RAG", "rag", 1.5),
        *year_cols(2020, 3, group="Savings £000", width=1.9),
        Col("Total\n2020-23", width=2.1, fy=(2020, 2022), measure="saving"),
    ]
    look = Look(borders="grid", rag="word", zero="–", valign="bottom", repeat_header=True)
    groups = [
        Group(
            "Care4CE (in-house provision)",
            scheme_pool(rng, "Older People", 6, long_share=0.6),
            subtotal="Sub-total",
        ),
        Group(
            "Commissioning",
            scheme_pool(rng, "Commissioning", 6, long_share=0.5),
            subtotal="Sub-total",
        ),
        Group(
            "Operational services",
            scheme_pool(rng, "Learning Disabilities", 6, long_share=0.5)
            + scheme_pool(rng, "Mental Health", 4, long_share=0.4),
            subtotal="Sub-total",
        ),
        Group("Income", scheme_pool(rng, "Income", 5, long_share=0.4), subtotal="Sub-total"),
    ]
    rows = build_rows(
        rng,
        groups,
        years_values(3, mag_k, total=True, p_blank=0.2),
        total="Total Adult Social Care savings",
    )
    t = SavingsTable(
        "MTFS savings",
        cols,
        rows,
        look,
        caption="Appendix C – Adults savings",
        features=[
            "Table Grid",
            "merged header 'Savings £000' over years",
            "total column with years (Total 2020-23)",
            "wrapped labels",
            "figures bottom-aligned",
            "long table over pages, header row repeated",
            "RAG words",
            "subtotals",
        ],
    )
    p.key_figures_table(
        [
            ("20/21 Gross Budget", m(rng, 170_000_000, 200_000_000), 2020),
            ("20/21 Net Budget", m(rng, 110_000_000, 130_000_000), 2020),
        ]
    )
    p.w.fy(2020, short=True)
    p.title(c.name)
    p.title(
        f"Medium Term Financial Strategy {p.w.span(2020, 2023)}: Adults, Health and Integration", 13
    )
    p.heading("Key services and activities")
    p.three_columns(
        [
            "Adults, Health and Integration provides assessment and care management, "
            "safeguarding, in-house services through Care4CE, and commissions residential, "
            "nursing, home care and day services from around 300 providers.",
            f"The directorate works with {p.w.partner(c.nhs[0])} through the Better Care Fund "
            f"and with {p.w.partner(c.nhs[2])} on mental health services, including section 117 "
            f"aftercare.",
            f"The savings programme for {p.w.fy(2020)} builds on the delivery of "
            f"{p.w.gbp(m(rng, 4_000_000, 8_000_000))} of savings in {p.w.fy(2019)}, and "
            f"reflects the pressures of {p.w.gbp(m(rng, 6_000_000, 10_000_000))} set out below.",
        ]
    )
    p.heading("Savings to date and approach")
    p.para(p_delivery(p, m(rng, 6_000_000, 10_000_000), m(rng, 4_000_000, 5_500_000)))
    p.para(p_partners(p, m(rng, 12_000_000, 20_000_000)))
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.footer("Cheshire East Council MTFS – ")
    p.features += ["portrait"]
    return p


def paper_islington() -> Paper:
    c = Council(
        "London Borough of Islington",
        "E09000019",
        "Islington Council",
        [
            "NHS North Central London Clinical Commissioning Group",
            "Whittington Health NHS Trust",
            "Camden and Islington NHS Foundation Trust",
        ],
    )
    p = Paper("islington-asc-budget-2021-22", c, 2021, 1321, font="Carlito")
    rng = p.rng
    cols = [
        Col("Proposal", "label", 6.4),
        Col("RAG", "rag", 1.3),
        *year_cols(2021, 2, group="£000", width=2.1),
        Col(
            "Full year\neffect", width=2.1, group="£000", measure="saving", label="Full year effect"
        ),
    ]
    look = Look(
        borders="rules",
        neg="()",
        rag="shade",
        fills=dict(RAG_PASTEL),
        zero="-",
        heading_merged=True,
        heading_fill="E7E6E6",
        header_align="right",
    )
    rows = build_rows(
        rng,
        [
            Group(
                "Integrated community services",
                scheme_pool(rng, "Older People", 4),
                sign=-1,
                subtotal="Sub-total",
            ),
            Group(
                "Learning disabilities and mental health",
                scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Mental Health", 2),
                sign=-1,
                subtotal="Sub-total",
            ),
            Group(
                "Commissioning and income",
                scheme_pool(rng, "Commissioning", 3) + scheme_pool(rng, "Income", 2),
                sign=-1,
                subtotal="Sub-total",
            ),
        ],
        years_values(3, mag_k, p_blank=0.15),
        total="Total savings",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption="Table 2: Adult social care savings",
        features=[
            "rules only",
            "unit in merged group header '£000'",
            "savings printed in brackets (negative)",
            "RAG by pastel shading",
            "group heading rows merged and grey",
            "nil as -",
        ],
    )
    total = -t.col_total(0, ("total",)) - t.col_total(1, ("total",))
    p.title(c.name)
    p.title(f"Budget proposals {p.w.fy(2021)}: Adult Social Care", 13)
    p.para(p_intro(p, total * 1000, 2021, 2022))
    p.para(p_budget(p, m(rng, 90_000_000, 110_000_000), m(rng, 140_000_000, 170_000_000)))
    p.para(
        f"The pandemic continues to affect the care market. Additional costs of "
        f"{p.w.gbp(m(rng, 2_000_000, 5_000_000))} were met from government grants in "
        f"{p.w.fy(2020)}, and the Council is working with {p.w.partner(c.nhs[0])} and "
        f"{p.w.partner(c.nhs[1])} on hospital discharge under the national discharge "
        f"arrangements."
    )
    p.para("Savings are shown in brackets in the table below. " + RISK_TEXT)
    p.savings_table(t)
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


def paper_oxfordshire() -> Paper:
    c = Council(
        "Oxfordshire County Council",
        "E10000025",
        "Oxfordshire County Council",
        [
            "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
            "Oxford University Hospitals NHS Foundation Trust",
            "Oxford Health NHS Foundation Trust",
        ],
    )
    p = Paper("oxfordshire-asc-budget-proposals-2022-23", c, 2022, 1422)
    rng = p.rng
    cols = [
        Col("Ref", "ref", 1.6),
        Col("Proposal", "label", 4.6),
        Col("Description", "text", 10.0),
        Col("2022/23\n£m", width=2.0, fy=(2022, 2022), measure="saving"),
        Col("2023/24\n£m", width=2.0, fy=(2023, 2023), measure="saving"),
        Col("RAG", "rag", 1.6),
    ]
    look = Look(
        borders="grid",
        unit=Decimal(1_000_000),
        decimals=1,
        rag="word",
        zero="0.0",
        header_fill="1F3864",
        header_color="FFFFFF",
        valign="top",
    )
    names = (
        scheme_pool(rng, "Older People", 3)
        + scheme_pool(rng, "Learning Disabilities", 3)
        + scheme_pool(rng, "Workforce", 2)
        + scheme_pool(rng, "Income", 2)
    )
    rows = build_rows(
        rng, [Group(None, names)], years_values(2, mag_m(1), p_blank=0.1), total="Total"
    )
    for i, r in enumerate(t for t in rows if t.kind == "data"):
        r.texts["Ref"] = f"AS{i + 1}"
        r.texts["Description"] = describe(rng, r.label)
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "landscape",
            "Ref and description columns",
            "units in header (2022/23 £m)",
            "1 decimal",
            "dark header fill, white text",
            "RAG words",
            "figures top-aligned",
        ],
    )
    total = t.col_total(0, ("total",)) + t.col_total(1, ("total",))
    p.title(c.name)
    p.title(f"Budget and Business Planning {p.w.fy(2022)}: Adult Services", 13)
    p.para(p_intro(p, total * 1_000_000, 2022, 2023))
    p.para(p_demand(p, m(rng, 8_000_000, 14_000_000), m(rng, 3_000_000, 5_000_000)))
    p.para(
        f"From July 2022 the Council's main NHS partner for commissioning is "
        f"{p.w.partner(c.nhs[0])}. The Council also works with {p.w.partner(c.nhs[2])} on "
        f"mental health and community services under a section 75 agreement."
    )
    p.para(RISK_TEXT)
    p.landscape()
    p.savings_table(t)
    p.portrait()
    p.heading("Equalities")
    p.para(p_consult(p))
    p.features += ["landscape section in the middle"]
    return p


def paper_wirral() -> Paper:
    c = Council(
        "Wirral Council",
        "E08000015",
        "Wirral Council",
        [
            "NHS Cheshire and Merseyside Integrated Care Board",
            "Wirral University Teaching Hospital NHS Foundation Trust",
            "Wirral Community Health and Care NHS Foundation Trust",
        ],
    )
    p = Paper("wirral-asc-savings-2023-24", c, 2023, 1523, font="Carlito", money_style="m")
    rng = p.rng
    cols = [
        Col("Saving", "label", 7.0),
        Col("RAG", "rag", 1.3),
        *year_cols(2023, 2, group=None, width=2.2),
    ]
    look = Look(borders="horizontal", units_row="£000", zero="0", rag="letter", note_space=False)
    rows = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Older People", 3) + scheme_pool(rng, "Commissioning", 3))],
        years_values(2, mag_k, p_blank=0.1, p_zero=0.1),
        total="Total",
    )
    marks = add_notes(rng, rows, ["*"])
    t1 = SavingsTable(
        "new savings",
        cols,
        rows,
        look,
        caption="New savings 2023/24",
        features=[
            "borders only horizontal",
            "units row £000",
            "nil as 0",
            "RAG letters",
            "footnote marker without space (1,250*)",
        ],
    )
    cols2 = [
        Col("Saving", "label", 7.0),
        Col("RAG", "rag", 1.3),
        Col("Target\n2022/23", width=2.2, fy=(2022, 2022), measure="target"),
        Col("Forecast\n2022/23", width=2.2, fy=(2022, 2022), measure="forecast"),
        Col("Variance", width=2.2, measure="variance"),
    ]
    rows2 = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Learning Disabilities", 3))],
        target_values(mag_k, 0),
        total="Total",
        rag_of=rag_from_delivery,
    )
    t2 = SavingsTable(
        "carried forward",
        cols2,
        rows2,
        look,
        caption="Savings carried forward from 2022/23",
        features=["second table on the same page", "target / forecast / variance"],
    )
    p.w.fy(2023)
    p.w.fy(2022)
    p.key_figures_table(
        [
            ("23/24 Gross Expenditure", m(rng, 150_000_000, 180_000_000), 2023),
            ("23/24 Net Expenditure", m(rng, 100_000_000, 120_000_000), 2023),
            ("23/24 Income", m(rng, 40_000_000, 60_000_000), 2023),
        ],
        per_row=2,
        lead=("Directorate:", "Adult Care and Health"),
    )
    p.w.fy(2023, short=True)
    p.title(c.name)
    p.title(f"Adult Care and Health: savings proposals {p.w.fy(2023)}", 13)
    p.para(
        p_intro(p, (t1.col_total(0, ("total",)) + t1.col_total(1, ("total",))) * 1000, 2023, 2024)
    )
    p.para(p_partners(p, m(rng, 20_000_000, 30_000_000)))
    p.para(p_reserve(p, m(rng, 500_000, 1_500_000, 50_000)))
    p.page_break()
    t1.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Subject to a decision on fees for {p.w.fy(2024)}."
    ]
    p.savings_table(t1)
    p.savings_table(t2)
    p.para(RISK_TEXT)
    p.footer("Page ")
    p.features += ["portrait", "two tables on one page"]
    return p


def paper_essex() -> Paper:
    c = Council(
        "Essex County Council",
        "E10000012",
        "Essex County Council",
        [
            "NHS Mid and South Essex Integrated Care Board",
            "Mid and South Essex NHS Foundation Trust",
            "Essex Partnership University NHS Foundation Trust",
        ],
    )
    p = Paper("essex-asc-savings-2024-25", c, 2024, 1624, money_style="m")
    rng = p.rng
    cols = [
        Col("Saving", "label", 6.0),
        Col("RAG", "rag", 1.5),
        *year_cols(2024, 3, group="Savings (£m)", width=2.0),
        Col("Total", width=2.0, group="Savings (£m)", measure="saving", label="Total"),
    ]
    look = Look(
        borders="grid",
        unit=Decimal(1_000_000),
        decimals=3,
        neg="−",
        zero="–",
        rag="word+shade",
        repeat_header=True,
        header_fill="D9E2F3",
    )
    groups = [
        Group(g, scheme_pool(rng, key, n), subtotal=f"Total {g.lower()}")
        for g, key, n in (
            ("Older people", "Older People", 8),
            ("Learning disability and autism", "Learning Disabilities", 8),
            ("Mental health", "Mental Health", 5),
            ("Physical and sensory impairment", "Physical Disabilities", 5),
            ("Commissioning", "Commissioning", 6),
            ("Income", "Income", 6),
        )
    ]
    rows = build_rows(
        rng,
        groups,
        years_values(3, mag_m(3), total=True, p_blank=0.15),
        total="Total Adult Social Care savings",
    )
    t = SavingsTable(
        "savings",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "Table Grid",
            "merged header 'Savings (£m)' over years",
            "3 decimals",
            "minus sign U+2212",
            "RAG words on coloured cells",
            "long table over pages, header row repeated",
            "group headings with subtotals",
            "light blue header fill",
        ],
    )
    for r in rng.sample(t.data_rows(), 2):  # a reversal of a one-off saving
        r.values[0] = -(r.values[0] or Decimal("0.150"))
        r.values[3] = sum((v or Decimal(0) for v in r.values[:3]), Decimal(0))
    # recompute totals after the edit
    _retotal(t)
    total = t.col_total(3, ("total",))
    p.title(c.name)
    p.title(f"Adult Social Care savings plan {p.w.span(2024, 2026)}", 13)
    p.para(p_intro(p, total * 1_000_000, 2024, 2026))
    p.para(p_budget(p, m(rng, 480_000_000, 540_000_000), m(rng, 700_000_000, 800_000_000)))
    p.para(p_demand(p, m(rng, 20_000_000, 40_000_000), m(rng, 8_000_000, 15_000_000)))
    p.bullets(
        [
            f"home care recommissioning from {p.w.fy(2025)};",
            "reviews of learning disability and autism packages;",
            f"joint funding with {p.w.partner(c.nhs[0])} for people with complex needs; and",
            "a refreshed charging policy.",
        ]
    )
    p.para(p_mental_health(p, m(rng, 500_000, 1_500_000, 10_000)))
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.footer("Page ")
    p.features += ["portrait"]
    return p


def _retotal(t: SavingsTable) -> None:
    """Recompute subtotal and total rows after data rows were edited."""
    current: list[Row] = []
    every: list[Row] = []
    for r in t.rows:
        if r.kind == "heading":
            current = []
        elif r.kind == "data":
            current.append(r)
            every.append(r)
        elif r.kind == "subtotal":
            r.values = colsum(current)
        else:
            r.values = colsum(every)


PAPERS: list[Callable[[], Paper]] = [
    paper_swansea,
    paper_liverpool,
    paper_devon,
    paper_hertfordshire,
    paper_tower_hamlets,
    paper_newcastle,
    paper_croydon,
    paper_coventry,
    paper_cardiff,
    paper_nottingham,
    paper_southampton,
    paper_cheshire_east,
    paper_islington,
    paper_oxfordshire,
    paper_wirral,
    paper_essex,
]


# --------------------------------------------------------------------------- checks + main


def check_totals(p: Paper) -> None:
    """Subtotals add up their section, the last total adds up every scheme row."""
    for t in p.tables:
        section: list[Row] = []
        for r in t.rows:
            if r.kind == "heading":
                section = []
            elif r.kind == "data":
                assert any(v is not None for v in r.values), (p.slug, r.label)
                section.append(r)
            elif r.kind == "subtotal":
                assert r.values == colsum(section), (p.slug, t.name, r.label)
        assert t.rows[-1].kind == "total", (p.slug, t.name)
        assert t.rows[-1].values == colsum(t.data_rows()), (p.slug, t.name)


def convert(docx_files: list[Path], out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, docx_files),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--keep-docx", action="store_true", help="also keep the .docx files")
    ap.add_argument("--only", nargs="*", help="slugs (or substrings) to build")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    papers = [f() for f in PAPERS]
    if args.only:
        papers = [p for p in papers if any(s in p.slug for s in args.only)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = []
        for p in papers:
            check_totals(p)
            path = work / f"{p.slug}.docx"
            p.doc.save(str(path))
            files.append(path)
            if args.keep_docx:
                shutil.copy(path, out / path.name)
        convert(files, work)
        for p in papers:
            pdf = out / f"{p.slug}.pdf"
            shutil.copy(work / f"{p.slug}.pdf", pdf)
            truth = p.truth(pdf)
            (out / f"{p.slug}.truth.json").write_text(
                json.dumps(truth, indent=1, ensure_ascii=False) + "\n"
            )
            n = len(truth["savings"])
            print(
                f"{pdf.name:56s} pages {truth['pages']:2d} figures {n:4d} "
                f"{pdf.stat().st_size // 1024:4d} KB"
            )


if __name__ == "__main__":
    main()
