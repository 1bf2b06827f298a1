"""What each synthetic paper says, before any drawing: tables, rows, printed cells.

Every printed figure is decided here as an exact Decimal in printed units, and
totals are summed from the printed values, so the truth file cannot disagree
with the page. ``plan_suite`` mixes the layout choices so that each one lands
in several papers, in many combinations, reproducibly from the seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from xml.sax.saxutils import escape, unescape

from . import vocab
from .fonts import text_width

THOUSAND = Decimal(1000)
MILLION = Decimal(1_000_000)
UNICODE_MINUS = "\u2212"
EN_DASH = "\u2013"

# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One value column: what is printed above it and how a careful reader labels it."""

    header: str  # printed header markup, unit included where the layout puts it there
    label: str  # truth column_label: header lines joined, unit removed
    measure: str
    period: tuple[int, int] | None
    caption_year: bool
    role: str
    group: str | None = None  # merged header text spanning this column's group


@dataclass(frozen=True, slots=True)
class Cell:
    """A printed figure: the exact value in printed units and its text on the page."""

    value: Decimal  # printed units, signed; 0 for nil
    markup: str  # Paragraph markup as drawn
    plain: str  # the same text with superscript markers appended, as a reader sees it
    to_pounds: Decimal  # multiplier from printed units to pounds
    footnote: str | None


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One table row; blank cells are None and are not figures."""

    kind: str  # item, group, subtotal, total
    label: str  # truth row_label (no footnote marker)
    markup: str  # label as drawn
    section: str | None
    cells: tuple[Cell | None, ...] = ()
    rag: str | None = None
    ref: str | None = None
    comment: str | None = None
    footnote: str | None = None  # marker printed after the label
    covers: tuple[int, ...] = ()  # rows a total adds up

    @property
    def is_total(self) -> bool:
        return self.kind in ("subtotal", "total")


@dataclass(frozen=True, slots=True)
class Look:
    """How a table is drawn: rules, fills, fonts, alignment, pagination behaviour."""

    rules: str  # grid, booktabs, every_row, none
    header_fill: str | None  # hex colour or None
    header_white_text: bool
    num_align: str  # RIGHT or CENTER
    valign: str  # TOP or BOTTOM (figures against wrapped labels)
    font: str
    bold_font: str
    size: float
    padding: float
    rag_style: str | None  # words, letters, compound, fill, words_fill
    rag_palette: str  # pure, light
    rag_last: bool  # RAG column after the figures rather than after the label
    group_fill: str | None
    total_fill: str | None
    banding: bool
    group_span: bool
    label_width: float
    value_width: float
    rag_width: float
    ref_width: float
    comment_width: float
    header_align: str  # CENTER or RIGHT for value column headers
    repeat_header: bool
    split_row: bool
    continued_caption: bool


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A whole table: caption, columns, rows, how it looks, notes printed under it."""

    caption: str | None
    caption_period: tuple[int, int] | None
    unit_place: str  # header_row, header_inline, caption, group, cell
    unit_text: str | None  # as printed in the header row or header cells
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    look: Look
    label_header: str
    rag_header: str | None
    ref_header: str | None
    comment_header: str | None
    numbers: NumberStyle
    notes: tuple[str, ...] = ()
    template: str = ""


@dataclass(frozen=True, slots=True)
class Prose:
    """A narrative paragraph and the mentions a reader would tag in it."""

    text: str
    heading: str | None
    money_gbp: tuple[Decimal, ...] = ()
    fiscal_years: tuple[tuple[int, int], ...] = ()
    partners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaperSpec:
    """One paper: who published it, its pages' shape, its prose and its tables."""

    index: int
    stem: str
    authority: str
    authority_code: str
    first_fy: int
    title: str
    subtitle: str
    appendix: str
    landscape: bool
    arrangement: str  # plain, two_tables, beside_text
    text_left: bool  # beside_text: narrative column on the left
    font: str
    bold_font: str
    body_size: float
    margin: float
    before: tuple[Prose, ...]
    after: tuple[Prose, ...]
    tables: tuple[TableSpec, ...]
    totals_right: bool
    printed_unit: Decimal
    choices: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- years


def fy_text(year: int, style: str) -> str:
    """A fiscal year in one of the ways councils print it."""
    nxt = year + 1
    if style == "dash":
        return f"{year}-{nxt % 100:02d}"
    if style == "long":
        return f"{year}-{nxt}"
    if style == "short":
        return f"{year % 100:02d}/{nxt % 100:02d}"
    if style == "slash_long":
        return f"{year}/{nxt}"
    return f"{year}/{nxt % 100:02d}"


def fy_range_text(first: int, last: int, style: str, compact: bool) -> str:
    """A multi-year period: "2019-22" (compact) or "2019/20 to 2021/22"."""
    if compact:
        return f"{first}-{(last + 1) % 100:02d}"
    return f"{fy_text(first, style)} to {fy_text(last, style)}"


def _fill_years(text: str, year: int, style: str) -> str:
    return text.format(
        fy0=fy_text(year, style),
        fy1=fy_text(year + 1, style),
        fy2=fy_text(year + 2, style),
        fym1=fy_text(year - 1, style),
    )


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How one table prints its figures."""

    kind: str  # plain (header/caption unit), pounds (£ in cell), km (£250k / £1.2m)
    decimals: int
    negative: str  # minus, parens, unicode
    nil: str  # en_dash, hyphen, nil, zero


_NIL_TEXT = {"en_dash": EN_DASH, "hyphen": "-", "nil": "nil", "zero": "0"}


def format_figure(value: Decimal, style: NumberStyle) -> str:
    """The printed text of a figure held in printed units."""
    if value == 0:
        return _NIL_TEXT[style.nil]
    mag = abs(value)
    if style.kind == "pounds":
        core = f"£{mag:,.{style.decimals}f}"
    elif style.kind == "km":
        if mag >= MILLION:
            core = f"£{format((mag / MILLION).normalize(), 'f')}m"
        else:
            core = f"£{format((mag / THOUSAND).normalize(), ',f')}k"
    else:
        core = f"{mag:,.{style.decimals}f}"
    if value > 0:
        return core
    if style.negative == "parens":
        return f"({core})"
    if style.negative == "unicode":
        return UNICODE_MINUS + core
    return "-" + core


def make_cell(
    value: Decimal, style: NumberStyle, to_pounds: Decimal, note: tuple[str, str] | None
) -> Cell:
    """A cell with an optional footnote marker, as (marker, form) with form in
    star (1,250*), spaced (1,250 #), letter (1,250 (a)) or super (raised)."""
    text = format_figure(value, style)
    if note is None:
        return Cell(value, escape(text), text, to_pounds, None)
    marker, form = note
    if form == "super":
        return Cell(
            value, f"{escape(text)}<super>{marker}</super>", text + marker, to_pounds, marker
        )
    printed = {
        "star": f"{text}{marker}",
        "spaced": f"{text} {marker}",
        "letter": f"{text} ({marker})",
    }[form]
    return Cell(value, escape(printed), printed, to_pounds, marker)


# --------------------------------------------------------------------------- planning

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "rules": ("grid", "booktabs", "every_row", "none"),
    "header": ("plain", "multiline", "merged"),
    "wrap": ("none", "top", "bottom"),
    "structure": ("flat", "sections", "sections_no_subtotals", "gross_net"),
    "unit": ("header_row", "header_inline", "caption", "cell_pounds", "cell_km"),
    "negative": ("minus", "parens", "unicode"),
    "nil": ("en_dash", "hyphen", "nil", "zero"),
    "footnote": ("none", "figure", "label", "super"),
    "rag": ("none", "words", "letters", "compound", "fill", "words_fill"),
    "header_fill": ("none", "grey", "dark"),
    "font": ("helvetica", "times", "vera"),
    "arrangement": ("plain", "plain", "plain", "plain", "two_tables", "beside_text"),
    "orientation": ("portrait", "portrait", "landscape"),
    "pagination": ("single", "multi_repeat", "multi_norepeat", "split_row"),
    "align": ("right", "right", "right", "centre"),
    "sign": ("savings_positive", "savings_positive", "savings_negative"),
    "extras": ("none", "none", "ref", "comment", "banding"),
    "after": ("none", "after"),
}

FONTS: dict[str, tuple[str, str]] = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "vera": ("Vera", "Vera-Bold"),
}

HEADER_FILLS: dict[str, tuple[str, ...]] = {
    "grey": ("#D9D9D9", "#BFBFBF", "#E7E6E6"),
    "dark": ("#1F4E79", "#203864", "#305496", "#002060"),
}

UNIT_TEXTS: dict[Decimal, tuple[str, ...]] = {
    THOUSAND: ("£'000", "£000", "£000s", "£k"),
    MILLION: ("£m",),
}

RAG_NAMES = ("Red", "Amber", "Green", "Blue")


def _deal(rng: random.Random, choices: tuple[str, ...], n: int) -> list[str]:
    """Balanced assignment: each choice about n/len times, order shuffled."""
    out = [choices[i % len(choices)] for i in range(n)]
    rng.shuffle(out)
    return out


def plan_choices(seed: int, n: int) -> list[dict[str, str]]:
    """The layout choices of every paper, balanced per dimension, then made consistent."""
    per_dim = {
        name: _deal(random.Random(f"{seed}:dim:{name}"), opts, n)
        for name, opts in DIMENSIONS.items()
    }
    plain = [i for i in range(n) if per_dim["arrangement"][i] == "plain"]
    pages = _deal(random.Random(f"{seed}:dim:pagination"), DIMENSIONS["pagination"], len(plain))
    paging = dict(zip(plain, pages, strict=True))
    out: list[dict[str, str]] = []
    for i in range(n):
        c = {name: per_dim[name][i] for name in DIMENSIONS}
        c["pagination"] = paging.get(i, "single")
        if c["pagination"] == "split_row" and c["wrap"] == "none":
            c["wrap"] = "top" if i % 2 else "bottom"
        if c["arrangement"] == "two_tables":
            c["orientation"] = "portrait"
        if c["arrangement"] == "beside_text":
            c["extras"] = "none" if c["extras"] == "comment" else c["extras"]
            c["header"] = "plain" if c["header"] == "merged" else c["header"]
        if c["unit"].startswith("cell") and c["header"] == "merged" and i % 2:
            c["unit"] = "header_inline"  # printed on the merged cell: "Savings (£000)"
        out.append(c)
    return out


class _Planner:
    """Decides one paper's content from its choices and its own random stream."""

    def __init__(self, seed: int, index: int, choices: dict[str, str]) -> None:
        self.rng = random.Random(f"{seed}:paper:{index}")
        self.index = index
        self.c = choices
        self.fy_style = self.rng.choice(("slash", "slash", "dash", "long", "short", "slash_long"))
        self.year = self.rng.randrange(2012, 2025)
        self.used_labels: set[str] = set()
        self.note_counter = 0

    # ------------------------------------------------------------------ paper

    def paper(self) -> PaperSpec:
        rng, c = self.rng, self.c
        authority, code, slug = vocab.AUTHORITIES[self.index % len(vocab.AUTHORITIES)]
        font, bold = FONTS[c["font"]]
        landscape = c["orientation"] == "landscape"
        body = rng.choice((9.0, 10.0, 10.0, 11.0))
        margin = rng.choice((42.0, 50.0, 56.0, 64.0))
        page_w = (841.89 if landscape else 595.27) - 2 * margin
        arrangement = c["arrangement"]
        totals_right = self.index % 6 != 5
        tables: list[TableSpec] = []
        if arrangement == "two_tables":
            first = self.table(1, page_w, small=True, template=None)
            second = self.table(2, page_w, small=True, template="compact", flat=True)
            tables = [first, second]
        elif arrangement == "beside_text":
            side_w = page_w * rng.uniform(0.56, 0.64)
            tables = [self.table(1, side_w, small=True, template="compact")]
        else:
            tables = [self.table(rng.randrange(1, 6), page_w, small=False, template=None)]
        if not totals_right:
            tables = [self._break_a_total(tables[0]), *tables[1:]]
        y = self.year
        title_fy = fy_text(y, self.fy_style)
        n_before = 1 if c["pagination"] == "split_row" else rng.randrange(1, 4)
        if arrangement == "beside_text":
            n_before = 1
        before = tuple(
            self.prose(rng.choice(vocab.HEADINGS[:4]) if k == 0 else None) for k in range(n_before)
        )
        after: tuple[Prose, ...] = ()
        if c["after"] == "after" or arrangement == "beside_text":
            after = (self.prose(vocab.HEADINGS[4]),)
        unit_counts: dict[Decimal, int] = {}
        for t in tables:
            for r in t.rows:
                for cell in r.cells:
                    if cell is not None:
                        unit_counts[cell.to_pounds] = unit_counts.get(cell.to_pounds, 0) + 1
        printed_unit = (
            max(sorted(unit_counts), key=lambda u: unit_counts[u]) if unit_counts else THOUSAND
        )
        meeting = rng.choice(vocab.MEETINGS)
        month = rng.choice(vocab.MONTHS)
        return PaperSpec(
            index=self.index,
            stem=f"{self.index + 1:02d}-{slug}-asc-savings-{y}-{(y + 1) % 100:02d}",
            authority=authority,
            authority_code=code,
            first_fy=y,
            title=f"Adult Social Care savings programme {title_fy}",
            subtitle=f"Report to {meeting}, {rng.randrange(2, 28)} {month} {y}",
            appendix=f"Appendix {rng.choice('ABCD')}",
            landscape=landscape,
            arrangement=arrangement,
            text_left=rng.random() < 0.5,
            font=font,
            bold_font=bold,
            body_size=body,
            margin=margin,
            before=before,
            after=after,
            tables=tuple(tables),
            totals_right=totals_right,
            printed_unit=printed_unit,
            choices=dict(c),
        )

    # ------------------------------------------------------------------ prose

    def prose(self, heading: str | None) -> Prose:
        rng, y, st = self.rng, self.year, self.fy_style
        picks = rng.sample(vocab.PROSE, 2)
        money: list[Decimal] = []
        years: list[tuple[int, int]] = []
        partners: list[str] = []
        parts: list[str] = []
        for template in picks:
            m0, t0 = self._money_text()
            m1, t1 = self._money_text()
            partner = rng.choice(vocab.PARTNERS)
            slots = {
                "m0": t0,
                "m1": t1,
                "fy0": fy_text(y, st),
                "fy1": fy_text(y + 1, st),
                "fym1": fy_text(y - 1, st),
                "range": fy_range_text(y, y + 2, st, compact=rng.random() < 0.5),
                "month": rng.choice(vocab.MONTHS),
                "cal": str(y),
                "partner": partner,
                "meeting": rng.choice(vocab.MEETINGS),
            }
            parts.append(template.format(**slots))
            if "{m0}" in template:
                money.append(m0)
            if "{m1}" in template:
                money.append(m1)
            for key, span in (
                ("{fy0}", (y, y)),
                ("{fy1}", (y + 1, y + 1)),
                ("{fym1}", (y - 1, y - 1)),
            ):
                if key in template:
                    years.append(span)
            if "{range}" in template:
                years.append((y, y + 2))
            if "{partner}" in template:
                partners.append(partner)
        return Prose(" ".join(parts), heading, tuple(money), tuple(years), tuple(partners))

    def _money_text(self) -> tuple[Decimal, str]:
        rng = self.rng
        form = rng.choice(("m1", "m3", "k", "full", "million"))
        if form == "m1":
            v = Decimal(rng.randrange(3, 250)) / 10
            return v * MILLION, f"£{v}m"
        if form == "m3":
            v = Decimal(rng.randrange(100, 9000)) / 1000
            return v * MILLION, f"£{v}m"
        if form == "k":
            k = rng.randrange(20, 950)
            return Decimal(k) * THOUSAND, f"£{k}k"
        if form == "million":
            v = Decimal(rng.randrange(11, 400)) / 10
            return v * MILLION, f"£{v} million"
        pounds = rng.randrange(50, 2500) * 1000
        return Decimal(pounds), f"£{pounds:,}"

    # ------------------------------------------------------------------ tables

    def table(
        self, number: int, width: float, small: bool, template: str | None, flat: bool = False
    ) -> TableSpec:
        rng, c, y, st = self.rng, self.c, self.year, self.fy_style
        landscape = c["orientation"] == "landscape"
        merged = c["header"] == "merged" and template is None
        group_text: str | None = None
        if merged:
            template = rng.choice(sorted(vocab.MERGED_TEMPLATES))
            group_text, cols = vocab.MERGED_TEMPLATES[template]
            group_text = _fill_years(group_text, y, st)
        else:
            if template is None:
                if landscape and not small:
                    template = rng.choice(
                        ("landscape_wide", "landscape_wide", "multi_year", "approvals")
                    )
                else:
                    names = ("monitoring", "approvals", "multi_year", "budget", "tracker")
                    template = rng.choice(names)
            cols = vocab.TEMPLATES[template]
        caption_year_needed = any(t.caption_year for t in cols)

        # Units and number style.
        unit_choice = c["unit"]
        if unit_choice == "cell_pounds":
            nstyle_kind, unit, to_pounds, unit_place = "pounds", Decimal(1), Decimal(1), "cell"
        elif unit_choice == "cell_km":
            nstyle_kind, unit, to_pounds, unit_place = "km", Decimal(1), Decimal(1), "cell"
        else:
            unit = MILLION if rng.random() < 0.3 else THOUSAND
            to_pounds = unit
            nstyle_kind = "plain"
            unit_place = unit_choice
            if merged and unit_place == "header_inline":
                unit_place = "group"
        decimals = 0
        if nstyle_kind == "plain" and unit == MILLION:
            decimals = rng.choice((1, 2, 3))
        nstyle = NumberStyle(nstyle_kind, decimals, c["negative"], c["nil"])
        unit_text = rng.choice(UNIT_TEXTS[unit]) if nstyle_kind == "plain" else None

        # Columns.
        columns: list[ColumnSpec] = []
        breaks = c["header"] == "multiline"
        for t in cols:
            title = _fill_years(t.title, y, st)
            period = (y + t.years[0], y + t.years[1]) if t.years else None
            label = f"{group_text} {title}" if group_text is not None else title
            header = escape(title)
            if breaks and " " in title:
                words = title.split(" ")
                cut = rng.randrange(1, len(words))
                header = escape(" ".join(words[:cut])) + "<br/>" + escape(" ".join(words[cut:]))
            if unit_place == "header_inline" and unit_text:
                form = rng.choice(("space", "paren", "line"))
                if form == "space":
                    header = f"{header} {escape(unit_text)}"
                elif form == "paren":
                    header = f"{header} ({escape(unit_text)})"
                else:
                    header = f"{header}<br/>{escape(unit_text)}"
            columns.append(
                ColumnSpec(
                    header, label, t.measure, period, t.caption_year, t.role, group=group_text
                )
            )
        if group_text is not None and unit_place == "group" and unit_text:
            printed_group = f"{group_text} ({unit_text})"
            columns = [replace(col, group=printed_group) for col in columns]

        # Caption: a single fiscal year whenever a yearless column needs it.
        caption_title = rng.choice(vocab.CAPTION_TITLES)
        unit_suffix = f" ({unit_text})" if unit_place == "caption" and unit_text else ""
        form = (
            "single" if caption_year_needed else rng.choice(("single", "range", "none", "appendix"))
        )
        caption_period: tuple[int, int] | None = None
        caption: str | None
        if form == "single":
            caption = f"Table {number}: {caption_title} {fy_text(y, st)}{unit_suffix}"
            caption_period = (y, y)
        elif form == "range":
            rtext = fy_range_text(y, y + 2, st, compact=rng.random() < 0.5)
            caption = f"Table {number}: {caption_title} {rtext}{unit_suffix}"
        elif form == "appendix":
            caption = f"{caption_title}{unit_suffix}"
        else:
            caption = f"Table {number}{unit_suffix}" if unit_suffix else None
        if unit_place == "caption" and caption is None:
            caption = f"Table {number} ({unit_text})"

        rag_header = rng.choice(vocab.RAG_HEADERS) if c["rag"] != "none" else None
        ref_header = rng.choice(vocab.REF_HEADERS) if c["extras"] == "ref" else None
        comment_header = rng.choice(vocab.COMMENT_HEADERS) if c["extras"] == "comment" else None
        look = self.look(width, len(columns), small, rag_header)
        rows = self.rows(columns, nstyle, to_pounds, unit, small, look, flat)
        look = _fit_figures(look, rows, columns, width)
        notes: list[str] = []
        markers = sorted(
            {cell.footnote for r in rows for cell in r.cells if cell and cell.footnote}
            | {r.footnote for r in rows if r.footnote}
        )
        for i, marker in enumerate(markers):
            notes.append(
                f"{marker} {vocab.FOOTNOTE_TEXTS[(i + self.index) % len(vocab.FOOTNOTE_TEXTS)]}"
            )
        if rag_header and rng.random() < 0.5:
            notes.append(vocab.RAG_KEY)
        return TableSpec(
            caption=caption,
            caption_period=caption_period,
            unit_place=unit_place,
            unit_text=unit_text,
            columns=tuple(columns),
            rows=tuple(rows),
            look=look,
            label_header=rng.choice(vocab.LABEL_HEADERS),
            rag_header=rag_header,
            ref_header=ref_header,
            comment_header=comment_header,
            numbers=nstyle,
            notes=tuple(notes),
            template=template,
        )

    def look(self, width: float, n_values: int, small: bool, rag_header: str | None) -> Look:
        rng, c = self.rng, self.c
        font, bold = FONTS[c["font"]]
        if c["negative"] == "unicode" and c["font"] != "vera" and self.index % 3:
            # Most papers printing U+2212 need a font that has it; the rest show
            # reportlab's Symbol-font fallback, as some real PDFs do.
            font, bold = FONTS["vera"]
        size = rng.choice((8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0))
        if small:
            size = min(size, 9.5)
        fill_key = c["header_fill"]
        header_fill = rng.choice(HEADER_FILLS[fill_key]) if fill_key != "none" else None
        pad = rng.choice((2.0, 3.0, 4.0, 5.0))
        rag_w = 0.0
        if rag_header:
            longest = max(text_width(w, bold, size) for w in [*rag_header.split(), "Amber"])
            rag_w = max(size * (7.6 if c["rag"] == "compound" else 4.8), longest + 2 * pad + 2)
        ref_w = size * 5.4 if c["extras"] == "ref" else 0.0
        comment_w = min(150.0, width * 0.22) if c["extras"] == "comment" else 0.0
        extras_w = rag_w + ref_w + comment_w
        value_w = rng.uniform(4.8, 7.5) * size
        label_w = rng.uniform(190, 290) if c["wrap"] == "none" else rng.uniform(135, 200)
        room = width - extras_w - n_values * value_w
        if label_w > room:
            label_w = max(110.0, room)
            value_w = min(value_w, (width - extras_w - label_w) / n_values)
        elif rng.random() < 0.4:
            # Stretch the figures to the full width, as Word's "autofit to window" does.
            value_w = min(95.0, (width - extras_w - label_w) / n_values)
        return Look(
            rules=c["rules"],
            header_fill=header_fill,
            header_white_text=fill_key == "dark",
            num_align="CENTER" if c["align"] == "centre" else "RIGHT",
            valign="BOTTOM" if c["wrap"] == "bottom" else "TOP",
            font=font,
            bold_font=bold,
            size=size,
            padding=pad,
            rag_style=None if c["rag"] == "none" else c["rag"],
            rag_palette=rng.choice(("pure", "light")),
            rag_last=rng.random() < 0.3,
            group_fill=rng.choice((None, None, "#DDEBF7", "#F2F2F2", "#E2EFDA")),
            total_fill=rng.choice((None, None, "#F2F2F2", "#D9D9D9")),
            banding=c["extras"] == "banding",
            group_span=rng.random() < 0.5,
            label_width=label_w,
            value_width=value_w,
            rag_width=rag_w,
            ref_width=ref_w,
            comment_width=comment_w,
            header_align=rng.choice(("CENTER", "RIGHT")) if c["align"] == "right" else "CENTER",
            repeat_header=c["pagination"] != "multi_norepeat"
            and not (c["pagination"] == "split_row" and rng.random() < 0.4),
            split_row=c["pagination"] == "split_row",
            continued_caption=rng.random() < 0.5,
        )

    # ------------------------------------------------------------------ rows

    def rows(
        self,
        columns: list[ColumnSpec],
        nstyle: NumberStyle,
        to_pounds: Decimal,
        unit: Decimal,
        small: bool,
        look: Look,
        flat: bool,
    ) -> list[RowSpec]:
        rng, c = self.rng, self.c
        structure = "flat" if flat else c["structure"]
        multipage = c["pagination"] in ("multi_repeat", "multi_norepeat", "split_row")
        if small:
            n_sections, per_section = (2, (2, 3)) if structure != "flat" else (1, (3, 6))
        elif multipage:
            n_sections, per_section = (4, (6, 9)) if structure != "flat" else (1, (30, 40))
        else:
            n_sections, per_section = (
                (rng.choice((2, 3)), (3, 6)) if structure != "flat" else (1, (6, 12))
            )
        if structure == "gross_net":
            n_sections = 2
        section_names = rng.sample(sorted(vocab.SECTIONS), k=min(n_sections, len(vocab.SECTIONS)))
        out: list[RowSpec] = []
        sub_rows: list[int] = []
        all_items: list[int] = []
        for s_i in range(n_sections):
            if structure == "gross_net":
                section = rng.choice(
                    vocab.GROSS_SECTIONS if s_i == 0 else vocab.INVESTMENT_SECTIONS
                )
                gross_from = sorted(vocab.SECTIONS) if multipage else section_names
                names = (
                    vocab.INVESTMENT_ROWS
                    if s_i == 1
                    else tuple(n for s in gross_from for n in vocab.SECTIONS[s])
                )
            elif structure == "flat":
                section = None
                names = tuple(n for s in sorted(vocab.SECTIONS) for n in vocab.SECTIONS[s])
            else:
                section = section_names[s_i]
                names = vocab.SECTIONS[section]
            n_items = rng.randrange(per_section[0], per_section[1] + 1)
            if structure == "gross_net" and s_i == 1:
                n_items = min(n_items, 4)
            elif structure == "gross_net" and multipage:
                n_items = rng.randrange(22, 30)
            if section is not None:
                out.append(RowSpec("group", section, escape(section), section))
            first_item = len(out)
            invest = structure == "gross_net" and s_i == 1
            for label in self._labels(names, n_items):
                out.append(self._item(label, section, columns, nstyle, to_pounds, unit, invest))
            items = list(range(first_item, len(out)))
            all_items.extend(items)
            if structure in ("sections", "gross_net"):
                if structure == "gross_net":
                    sub_label = "Total gross savings" if s_i == 0 else "Total investment"
                else:
                    sub_label = rng.choice(vocab.SUBTOTAL_LABELS).format(section=section)
                out.append(
                    self._total(
                        "subtotal", sub_label, section, items, out, columns, nstyle, to_pounds
                    )
                )
                sub_rows.append(len(out) - 1)
        last_section = out[-1].section if out else None
        if structure == "gross_net":
            label = rng.choice(vocab.NET_LABELS)
            out.append(
                self._total("total", label, last_section, sub_rows, out, columns, nstyle, to_pounds)
            )
        elif structure == "sections":
            label = rng.choice(vocab.TOTAL_LABELS)
            out.append(
                self._total("total", label, last_section, sub_rows, out, columns, nstyle, to_pounds)
            )
        else:
            label = rng.choice(vocab.TOTAL_LABELS)
            out.append(
                self._total(
                    "total", label, last_section, all_items, out, columns, nstyle, to_pounds
                )
            )
        return out

    def _labels(self, names: tuple[str, ...], n: int) -> list[str]:
        rng, c = self.rng, self.c
        pool = [x for x in names if x not in self.used_labels]
        chosen = rng.sample(pool, k=min(n, len(pool)))
        out = []
        for name in chosen:
            self.used_labels.add(name)
            if c["wrap"] != "none" and rng.random() < 0.8:
                sep = rng.choice((" – ", ": ", " - "))
                name = f"{name}{sep}{rng.choice(vocab.LONG_DETAILS)}"
            out.append(name)
        return out

    def _note(self, form: str) -> tuple[str, str]:
        self.note_counter += 1
        k = self.note_counter
        if form == "super":
            return (str(k) if k % 2 else "abcdefg"[k % 7], "super")
        kind = ("star", "spaced", "letter")[k % 3]
        marker = {"star": "*", "spaced": "#", "letter": "abcdefg"[k % 7]}[kind]
        if kind == "star" and k > 3:
            marker = "†" if k % 2 else "*"
        return marker, kind

    def _value(self, base_k: int, nstyle: NumberStyle, unit: Decimal) -> Decimal:
        """A magnitude in printed units from a size in £000."""
        if nstyle.kind in ("pounds", "km"):
            return Decimal(base_k) * THOUSAND
        if unit == MILLION:
            q = Decimal(1).scaleb(-nstyle.decimals)
            v = (Decimal(base_k) / THOUSAND).quantize(q)
            return v if v != 0 else q
        return Decimal(base_k)

    def _item(
        self,
        label: str,
        section: str | None,
        columns: list[ColumnSpec],
        nstyle: NumberStyle,
        to_pounds: Decimal,
        unit: Decimal,
        invest: bool,
    ) -> RowSpec:
        rng, c = self.rng, self.c
        sign = Decimal(-1) if (c["sign"] == "savings_negative") != invest else Decimal(1)
        base_k = int(min(4000, max(12, rng.lognormvariate(5.4, 0.9))))
        if nstyle.kind == "plain" and unit == THOUSAND and rng.random() < 0.5:
            base_k = max(10, round(base_k, -1))
        values: list[Decimal | None] = []
        for col in columns:
            role = col.role
            v: Decimal | None
            if role == "base":
                v = sign * self._value(base_k, nstyle, unit)
            elif role == "part":
                r = rng.random()
                if r < 0.3:
                    v = None
                elif r < 0.45:
                    v = Decimal(0)
                else:
                    frac = rng.choice((1.0, 1.0, 0.5, 0.25, 0.75))
                    v = sign * self._value(max(1, int(base_k * frac)), nstyle, unit)
            elif role == "near":
                frac = rng.choice((1.0, 1.0, 1.0, 0.8, 0.5, 0.0))
                v = sign * self._value(int(base_k * frac), nstyle, unit) if frac else Decimal(0)
            elif role == "indep":
                r = rng.random()
                if r < 0.2:
                    v = None
                elif r < 0.35:
                    v = Decimal(0)
                else:
                    v = sign * self._value(int(base_k * rng.uniform(0.3, 1.5)) + 5, nstyle, unit)
            elif role == "scaled":
                v = None if invest else self._value(base_k * rng.randrange(6, 30), nstyle, unit)
            elif role == "near_scaled":
                prev = values[-1]
                v = (
                    None
                    if prev is None
                    else self._round_like(
                        prev * Decimal(rng.choice(("0.97", "1", "1.04", "1.08"))), nstyle, unit
                    )
                )
            elif role.startswith("diff:"):
                a, b = (int(x) for x in role[5:].split("-"))
                va, vb = values[a], values[b]
                v = None if va is None and vb is None else (va or Decimal(0)) - (vb or Decimal(0))
            elif role.startswith("sum:"):
                idx = [int(x) for x in role[4:].split(",")]
                parts = [values[i] for i in idx]
                v = (
                    None
                    if all(p is None for p in parts)
                    else sum((p or Decimal(0) for p in parts), Decimal(0))
                )
            else:  # pragma: no cover - vocab defines the roles
                raise ValueError(role)
            values.append(v)
        notes_on = c["footnote"]
        cells: list[Cell | None] = []
        for v in values:
            note = None
            if v is not None and notes_on in ("figure", "super") and rng.random() < 0.08:
                note = self._note("super" if notes_on == "super" else "plain")
            cells.append(None if v is None else make_cell(v, nstyle, to_pounds, note))
        markup = escape(label)
        label_note: str | None = None
        if notes_on in ("label", "super") and rng.random() < 0.12:
            marker, form = self._note("super" if notes_on == "super" else "plain")
            label_note = marker
            if form == "super":
                markup = f"{markup}<super>{marker}</super>"
            elif form == "letter":
                markup = f"{markup} ({marker})"
            else:
                markup = f"{markup}{escape(marker)}"
        rag = self._rag() if c["rag"] != "none" and not invest else None
        ref = None
        if c["extras"] == "ref":
            prefix, sep = rng.choice(vocab.REF_PREFIXES), rng.choice(("", " ", "-"))
            ref = f"{prefix}{sep}{rng.randrange(1, 60):02d}"
        comment = None
        if c["extras"] == "comment" and rng.random() < 0.8:
            comment = rng.choice(vocab.COMMENTS).format(
                next=fy_text(self.year + 1, self.fy_style), month=rng.choice(vocab.MONTHS)
            )
        if label_note is not None:
            cells = [
                replace(cell, footnote=cell.footnote or label_note) if cell is not None else None
                for cell in cells
            ]
        return RowSpec(
            "item", label, markup, section, tuple(cells), rag, ref, comment, footnote=label_note
        )

    def _round_like(self, v: Decimal, nstyle: NumberStyle, unit: Decimal) -> Decimal:
        if nstyle.kind in ("pounds", "km"):
            return (v / THOUSAND).quantize(Decimal(1)) * THOUSAND
        if unit == MILLION:
            return v.quantize(Decimal(1).scaleb(-nstyle.decimals))
        return v.quantize(Decimal(1))

    def _rag(self) -> str | None:
        rng, style = self.rng, self.c["rag"]
        if rng.random() < 0.08:
            return None
        rag = rng.choices(RAG_NAMES, weights=(2, 3, 4, 1))[0]
        if style == "compound" and rng.random() < 0.35:
            rag = rng.choice(("Amber/Green", "Red/Amber", "Green/Blue"))
        return rag

    def _total(
        self,
        kind: str,
        label: str,
        section: str | None,
        covers: list[int],
        rows: list[RowSpec],
        columns: list[ColumnSpec],
        nstyle: NumberStyle,
        to_pounds: Decimal,
    ) -> RowSpec:
        cells: list[Cell | None] = []
        for ci in range(len(columns)):
            parts = [rows[i].cells[ci] for i in covers]
            if all(p is None for p in parts):
                cells.append(make_cell(Decimal(0), nstyle, to_pounds, None))
                continue
            total = sum((p.value for p in parts if p is not None), Decimal(0))
            cells.append(make_cell(total, nstyle, to_pounds, None))
        return RowSpec(kind, label, escape(label), section, tuple(cells), covers=tuple(covers))

    def _break_a_total(self, table: TableSpec) -> TableSpec:
        """Print one total that does not add up, as real papers sometimes do."""
        rng = self.rng
        totals = [i for i, r in enumerate(table.rows) if r.is_total]
        named = [i for i in totals if "total" in table.rows[i].label.lower()]
        ri = rng.choice(named or totals)
        row = table.rows[ri]
        ci = rng.choice([i for i, cell in enumerate(row.cells) if cell is not None])
        cell = row.cells[ci]
        assert cell is not None
        style = table.numbers
        step = {"pounds": Decimal(1000), "km": Decimal(1000)}.get(
            style.kind, Decimal(1).scaleb(-style.decimals)
        )
        # Off by more than rounding: a total within one printed unit per row of its rows
        # is, by the reconciliation rule, a rounded total, not a wrong one.
        delta = step * rng.choice((25, 40, -30, 100, -100, 250))
        new = make_cell(cell.value + delta, style, cell.to_pounds, None)
        cells = list(row.cells)
        cells[ci] = new
        rows = list(table.rows)
        rows[ri] = replace(row, cells=tuple(cells))
        return replace(table, rows=tuple(rows))


def _fit_figures(look: Look, rows: list[RowSpec], columns: list[ColumnSpec], width: float) -> Look:
    """Widen figure columns so no printed figure wraps; the label column and, if
    need be, the type size give way so the table still fits the page."""
    texts = [cell.plain for r in rows for cell in r.cells if cell is not None]
    # No header word may break either: "2021/2" over "2" is not a year any reader sees.
    texts += [w for col in columns for w in re.split(r"\s+|<br/>", unescape(col.header)) if w]
    n = max((len(r.cells) for r in rows), default=0)
    fixed = look.ref_width + look.rag_width + look.comment_width
    size = look.size
    while True:
        widest = max((text_width(t, look.bold_font, size) for t in texts), default=0.0)
        value_w = max(look.value_width, widest + 2 * look.padding + 2)
        label_w = min(look.label_width, width - fixed - n * value_w)
        if label_w >= 100 or size <= 8:
            break
        size -= 0.5
    return replace(look, size=size, value_width=value_w, label_width=max(100.0, label_w))


def plan_suite(seed: int = 0, n: int = 54) -> list[PaperSpec]:
    """Every paper of the suite, decided but not drawn."""
    return [_Planner(seed, i, c).paper() for i, c in enumerate(plan_choices(seed, n))]
