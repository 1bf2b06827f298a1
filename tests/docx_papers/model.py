"""Savings tables as data: columns, rows, looks, and the values and totals that fill them."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

Num = Decimal | None

RAG_STD = {"Red": "FF0000", "Amber": "FFC000", "Green": "00B050"}
RAG_PASTEL = {"Red": "FF7C80", "Amber": "FFD966", "Green": "A9D08E"}
RAG_LETTER = {"Red": "R", "Amber": "A", "Green": "G", "Amber/Green": "A/G", "Red/Amber": "R/A"}


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
