"""A second, independent generator of council-style tables, made by the producers councils use.

    .venv/bin/python tools/gen_tables.py --seed N --tables 300 --out DIR [--keep-source]

Every table's layout factors are drawn at random (balanced: each factor's levels are dealt
from a shuffled deck, so a few dozen tables cover every level) and recorded in the truth:

- producer: a spreadsheet (openpyxl .xlsx, cell fills, merged cells, LibreOffice Calc to
  PDF), a Word document (python-docx, LibreOffice Writer to PDF) or an HTML page (headless
  Chromium ``--print-to-pdf``);
- text_cols (1-3) and label_pos (first, after_ref, after_category, between_blocks);
- header_depth (1-4 stacked header rows), spanning_year (a year over several columns);
- unit_where (cell, header, units_row, caption, sentence), years_where (column, spanning,
  caption), rules (grid, horizontal, none), rag (none, word, letter, colour),
  negatives (minus, brackets, unicode_minus), nil (en_dash, hyphen),
  totals (none, total, subtotals), long (a table over pages, header repeated).

Each PDF gets ``<name>.truth.json`` in the format of shared/corpus/*.truth.json (see
tests/real/ANNOTATING.md) plus ``tables``: one entry per table with its factor levels and
the slice of ``savings`` it owns. The plan (and so the truth, apart from pages, which are
read back from the rendered PDF) depends only on the seed.

Dev-only: needs openpyxl, python-docx, LibreOffice (``soffice``) and Chromium.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- factors

FACTORS: dict[str, list[Any]] = {
    "producer": ["xlsx", "docx", "html"],
    "text_cols": [1, 2, 3],
    "label_pos": ["first", "after_ref", "after_category", "between_blocks"],
    "header_depth": [1, 2, 3, 4],
    "spanning_year": [False, True],
    "unit_where": ["cell", "header", "units_row", "caption", "sentence"],
    "years_where": ["column", "spanning", "caption"],
    "rules": ["grid", "horizontal", "none"],
    "rag": ["none", "word", "letter", "colour"],
    "negatives": ["minus", "brackets", "unicode_minus"],
    "nil": ["en_dash", "hyphen"],
    "totals": ["none", "total", "subtotals"],
    "long": [False, True],
}
# Factors dealt from decks (the rest follow from them).
DEALT = [k for k in FACTORS if k not in ("producer", "spanning_year")]
UNIT_WHERE_NAMES = {
    "cell": "cell",
    "header": "header cell",
    "units_row": "units row",
    "caption": "caption",
    "sentence": "page text",
}

# --------------------------------------------------------------------------- vocabulary

DIRECTORATES: dict[str, tuple[str, list[str]]] = {
    "Adult Social Care": (
        "ASC",
        [
            "Older people residential care",
            "Home care",
            "Learning disability services",
            "Mental health services",
            "Physical disability support",
            "Reablement",
            "Day opportunities",
            "Supported living",
            "Direct payments",
            "Carers support",
            "Extra care housing",
            "Safeguarding adults",
            "Community equipment",
            "Assistive technology",
            "Shared Lives scheme",
            "Nursing care placements",
        ],
    ),
    "Children's Services": (
        "CS",
        [
            "Looked after children placements",
            "Fostering service",
            "Adoption service",
            "Children's centres",
            "Youth service",
            "Early help",
            "Care leavers support",
            "Residential children's homes",
            "Educational psychology",
            "School improvement",
            "Home to school transport",
            "Children with disabilities",
            "Special educational needs",
            "Family support workers",
        ],
    ),
    "Place and Environment": (
        "PE",
        [
            "Highways maintenance",
            "Street lighting",
            "Winter gritting",
            "Waste collection",
            "Waste disposal",
            "Household recycling centres",
            "Street cleansing",
            "Parks and open spaces",
            "Grounds maintenance",
            "Car parking",
            "Development control",
            "Building control",
            "Bus service support",
            "Concessionary fares",
            "Flood risk management",
            "Bereavement services",
            "Trading standards",
            "Environmental health",
            "Pest control",
        ],
    ),
    "Communities": (
        "COM",
        [
            "Libraries",
            "Leisure centres",
            "Museums and heritage",
            "Arts development",
            "Community safety",
            "Housing options",
            "Homelessness prevention",
            "Temporary accommodation",
            "Community hubs",
            "Registrars",
            "Sports development",
            "Tourism and events",
            "Voluntary sector grants",
        ],
    ),
    "Resources": (
        "RES",
        [
            "Finance",
            "Human resources",
            "ICT services",
            "Legal services",
            "Democratic services",
            "Procurement",
            "Revenues and benefits",
            "Customer services",
            "Internal audit",
            "Facilities management",
            "Corporate property",
            "Communications",
            "Elections",
            "Insurance",
            "Treasury management",
            "Council tax collection",
        ],
    ),
    "Public Health": (
        "PH",
        [
            "Sexual health services",
            "Substance misuse services",
            "Health visiting",
            "School nursing",
            "Stop smoking service",
            "NHS health checks",
            "Weight management",
            "Public health intelligence",
        ],
    ),
}
SCHEME_TEMPLATES = [
    "{b} - service redesign",
    "{b} efficiency review",
    "{b}: income generation",
    "{b} contract retender",
    "{b} staffing restructure",
    "{b} - demand management",
    "{b} digital transformation",
    "Review of {l}",
    "Reduction in {l} costs",
    "Remodel {l}",
]
LEADS = [
    "Director of Adult Services",
    "Director of Children's Services",
    "Head of Highways",
    "Head of Waste",
    "Head of Finance",
    "Head of Commissioning",
    "Assistant Director Communities",
    "Head of Property",
    "Director of Public Health",
    "Head of ICT",
    "J. Okafor",
    "S. Patel",
    "M. Hughes",
    "R. Williams",
    "K. Nowak",
]
GROUP_LINES = [
    "Medium Term Financial Plan",
    "Revenue Budget",
    "Proposed Savings",
    "Budget Proposals",
    "Net Expenditure",
    "Financial Impact",
    "Cash Limit",
]
# Measure sets: names and how each is made (base, near base, small +/-, difference, sum).
MEASURE_SETS: list[list[tuple[str, str]]] = [
    [("Budget", "base"), ("Forecast Outturn", "near"), ("Variance", "diff")],
    [("Budget", "base"), ("Actual", "near"), ("Variance", "diff")],
    [("Gross Expenditure", "base"), ("Income", "income"), ("Net Expenditure", "sum")],
    [
        ("Original Budget", "base"),
        ("Growth", "plus"),
        ("Savings", "minus"),
        ("Revised Budget", "sum"),
    ],
    [("Base Budget", "base"), ("Pressures", "plus"), ("Proposed Budget", "sum")],
    [("Approved Budget", "base"), ("Proposed Budget", "near")],
]
YEAR_MEASURES = ["Savings", "Budget", "Net Budget", "Saving", "Cash Limit", "Estimate"]
CAPTIONS = [
    "Revenue budget by service",
    "Savings proposals",
    "Budget monitoring by service area",
    "Summary of budget changes",
    "Medium term financial plan",
    "Net revenue budget",
    "Efficiency and savings programme",
    "Directorate budget summary",
]
TITLES = [
    "Revenue Budget and Medium Term Financial Strategy",
    "Budget Monitoring Report",
    "Savings Proposals",
    "Revenue Budget Setting Report",
    "Financial Plan Appendices",
]
UNITS: dict[str, list[str]] = {
    "1000": ["£000", "£000s", "£'000", "£k"],
    "1000000": ["£m", "£ million", "£M"],
    "1": ["£"],
}
SENTENCES = {
    "1000": ["All figures are shown in £000s.", "Figures in the table below are in £'000."],
    "1000000": ["All figures are shown in £ millions.", "Figures below are in £m."],
    "1": ["All figures are shown in pounds (£)."],
}
RAG_WORDS = ["Red", "Amber", "Green"]
RAG_FILL = {"Red": "FF0000", "Amber": "FFC000", "Green": "00B050"}
HEADER_FILLS = [None, "D9D9D9", "1F4E78", "DDEBF7", "44546A"]
DARK = {"1F4E78", "44546A"}

# --------------------------------------------------------------------------- the plan


class Deck:
    """Levels dealt from a shuffled deck, refilled when empty: balanced and random."""

    def __init__(self, rng: random.Random, levels: Sequence[Any]) -> None:
        self.rng, self.levels, self.cards = rng, list(levels), list[Any]()

    def deal(self) -> Any:
        if not self.cards:
            self.cards = list(self.levels)
            self.rng.shuffle(self.cards)
        return self.cards.pop()


@dataclass
class Col:
    kind: str  # ref, label, category, lead, rag, money, pct
    header: str = ""  # text columns: the header text
    lines: list[tuple[str, str]] = field(default_factory=list)  # money: (text, group) top-down
    first_fy: int | None = None
    last_fy: int | None = None
    rule: str = "base"  # money: how the value is made
    width: float = 12.0  # in characters

    def label(self) -> str:
        return " ".join(t for t, _ in self.lines if t) if self.lines else self.header


@dataclass
class Row:
    kind: str  # data, section, subtotal, total
    label: str
    section: str | None = None
    ref: str = ""
    category: str = ""
    lead: str = ""
    rag: str | None = None
    values: dict[int, Decimal | None] = field(default_factory=dict)  # column index -> printed
    page: int = 0


@dataclass
class Table:
    factors: dict[str, Any]
    caption: str | None
    sentence: str | None
    cols: list[Col]
    rows: list[Row]
    depth: int
    unit: Decimal
    unit_text: str
    decimals: int
    cell_suffix: str  # cell unit: "m", "k" or ""
    year_style: str
    header_fill: str | None
    total_fill: str | None
    category_merge: bool
    text_header_merge: bool
    features: list[str] = field(default_factory=list)

    @property
    def money(self) -> list[int]:
        return [i for i, c in enumerate(self.cols) if c.kind == "money"]


@dataclass
class Paper:
    name: str
    producer: str
    authority: str
    code: str
    first_fy: int
    title: str
    intro: str
    landscape: bool
    tables: list[Table]
    font: str


def fy(y: int, style: str) -> str:
    return f"{y}/{(y + 1) % 100:02d}" if style == "slash" else f"{y}-{(y + 1) % 100:02d}"


def authorities() -> list[tuple[str, str]]:
    with open(ROOT / "pipeline" / "data" / "authorities.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["valid_to"]]
    return [(r["name"], r["gss_code"]) for r in rows if r["nation"] in ("England", "Wales")]


def label_pool(rng: random.Random, scheme: bool) -> list[tuple[str, str]]:
    """(directorate, label) pairs, every service at most once, shuffled."""
    out = []
    for d, (_, services) in DIRECTORATES.items():
        for s in services:
            if scheme:
                t = rng.choice(SCHEME_TEMPLATES)
                out.append((d, t.format(b=s, l=s[0].lower() + s[1:])))
            else:
                out.append((d, s))
    rng.shuffle(out)
    return out


def printed(rng: random.Random, unit: Decimal, decimals: int, small: bool) -> Decimal:
    """A positive printed number in the table's unit."""
    if unit == 1000:
        v = Decimal(rng.randint(20, 2500) if small else rng.randint(300, 45000))
    elif unit == 1:
        v = Decimal(rng.randint(5, 900) * 1000 + rng.randint(0, 999) * rng.choice([0, 1]))
        v = v if small else v * rng.randint(3, 40)
    else:
        hi = 8.0 if small else 120.0
        v = Decimal(str(round(rng.uniform(0.1 if decimals else 1, hi), decimals)))
    q = Decimal(1).scaleb(-decimals)
    return v.quantize(q)


def plan_table(
    rng: random.Random, f: dict[str, Any], fy0: int, pool: list[tuple[str, str]], tno: int
) -> Table:
    q = Decimal(1).scaleb(-0)
    # ---- unit
    if f["unit_where"] == "cell":
        unit, suffix, decimals = rng.choice(
            [(Decimal(1_000_000), "m", 1), (Decimal(1000), "k", 0), (Decimal(1), "", 0)]
        )
        unit_text = {"m": "£m", "k": "£k", "": "£"}[suffix]
    else:
        unit = Decimal(rng.choice(["1000", "1000", "1000", "1000000", "1000000", "1"]))
        decimals = rng.choice([1, 1, 2]) if unit == 1_000_000 else 0
        suffix = ""
        unit_text = rng.choice(UNITS[str(unit)])
    q = Decimal(1).scaleb(-decimals)
    ystyle = rng.choice(["dash", "slash"])
    depth = f["header_depth"]
    if f["years_where"] == "spanning":
        depth = max(depth, 2)
        f["header_depth"] = depth
    f["spanning_year"] = f["years_where"] == "spanning"
    scheme = rng.random() < 0.5

    # ---- money columns, in blocks
    between = f["label_pos"] == "between_blocks"
    blocks: list[list[Col]] = []
    yw = f["years_where"]
    caption_year = None
    if yw == "column":
        measure = rng.choice(YEAR_MEASURES)
        n = rng.randint(2, 4)
        start = fy0 - (1 if between else 0)
        cols = []
        for k in range(n):
            y = start + k
            cols.append(
                Col(
                    "money",
                    lines=[(fy(y, ystyle), f"y{k}")],
                    first_fy=y,
                    last_fy=y,
                    rule="base" if measure != "Savings" else "small",
                )
            )
        if rng.random() < 0.3:
            cols.append(Col("money", lines=[("Total", "tot")], rule="total"))
        for c in cols:
            c.lines.insert(0, (measure, "m"))  # a candidate extra line, used if depth allows
        if between:
            cut = rng.randint(1, len(cols) - 1)
            blocks = [cols[:cut], cols[cut:]]
        else:
            blocks = [cols]
    elif yw == "spanning":
        nspan = 2 if between or rng.random() < 0.5 else 1
        mset = (
            rng.choice(MEASURE_SETS[:3] + MEASURE_SETS[5:])
            if nspan == 2
            else rng.choice(MEASURE_SETS)
        )
        spans = []
        for k in range(nspan):
            y = fy0 - nspan + 1 + k
            spans.append(
                [
                    Col(
                        "money",
                        lines=[(fy(y, ystyle), f"s{k}"), (m, f"c{k}{j}")],
                        first_fy=y,
                        last_fy=y,
                        rule=r,
                    )
                    for j, (m, r) in enumerate(mset)
                ]
            )
        blocks = spans if between else [[c for s in spans for c in s]]
    else:
        caption_year = fy0
        mset = rng.choice(MEASURE_SETS)
        cols = [
            Col("money", lines=[(m, f"c{j}")], first_fy=fy0, last_fy=fy0, rule=r)
            for j, (m, r) in enumerate(mset)
        ]
        if between:
            cut = rng.randint(1, len(cols) - 1)
            blocks = [cols[:cut], cols[cut:]]
        else:
            blocks = [cols]

    # ---- header lines to the depth wanted
    for b, block in enumerate(blocks):
        groups = rng.sample(GROUP_LINES, 3)
        for c in block:
            base = c.lines
            if yw == "column":
                measure_line, own = base[0], base[1:]
                lines = own
                extra = [measure_line] + [(g, f"g{b}{i}") for i, g in enumerate(groups)]
            else:
                lines = base
                extra = [(g, f"g{b}{i}") for i, g in enumerate(groups)]
            lines = list(lines)
            while len(lines) < depth and extra:
                lines.insert(0, extra.pop(0))
            c.lines = lines
        # a split own label, or empty cells, for columns still short (Total)
        for c in block:
            while len(c.lines) < depth:
                c.lines.insert(0, ("", f"e{id(c)}{len(c.lines)}"))
    if f["unit_where"] == "header":
        for block in blocks:
            for c in block:
                t, g = c.lines[-1]
                c.lines[-1] = (f"{t} {unit_text}", g)

    # ---- text columns
    tc = f["text_cols"]
    need = {"first": 1, "after_ref": 2, "after_category": 2, "between_blocks": 1}[f["label_pos"]]
    if tc < need:
        tc = need
        f["text_cols"] = tc
    label = Col(
        "label",
        header=rng.choice(
            ["Service", "Description", "Budget Heading", "Proposal", "Service Area", ""]
            if not scheme
            else ["Proposal", "Savings Proposal", "Description", "Scheme"]
        ),
        width=42,
    )
    ref = Col("ref", header=rng.choice(["Ref", "Ref.", "No.", "ID"]), width=8)
    cat = Col("category", header=rng.choice(["Directorate", "Service Area", "Portfolio"]), width=20)
    lead = Col("lead", header=rng.choice(["Lead Officer", "Responsible Officer", "Lead"]), width=20)
    rag = Col("rag", header=rng.choice(["RAG", "RAG Status", "Delivery RAG"]), width=8)
    pos = f["label_pos"]
    money_a = blocks[0]
    money_b = blocks[1] if len(blocks) > 1 else []
    left: list[Col]
    if pos == "first":
        if tc == 1:
            left = [label]
        elif tc == 2:
            left = [label, rng.choice([lead, cat])]
        else:
            left = [label, cat, lead]
        cols_all = left + money_a
    elif pos == "after_ref":
        left = [ref, label] + ([lead] if tc == 3 else [])
        cols_all = left + money_a
    elif pos == "after_category":
        if tc == 3 and rng.random() < 0.5:
            left = [ref, cat, label]
        else:
            left = [cat, label] + ([lead] if tc == 3 else [])
        cols_all = left + money_a
    else:
        pre = [ref] if tc >= 2 else []
        post = [lead] if tc == 3 else []
        cols_all = pre + money_a + [label] + money_b + post
        money_b = []
    if money_b:
        cols_all += money_b
    if f["rag"] != "none":
        i = cols_all.index(label) + 1 if rng.random() < 0.5 else len(cols_all)
        cols_all.insert(i, rag)
    if rng.random() < 0.25 and yw != "column":
        pct = Col("pct", header=rng.choice(["Change %", "% Change", "% of budget"]), width=9)
        cols_all.append(pct)
    width_money = 11 + 2 * (decimals > 0) + (4 if f["unit_where"] == "header" else 0)
    for c in cols_all:
        if c.kind == "money":
            c.width = width_money

    # ---- rows
    long = f["long"]
    n_data = rng.randint(38, 60) if long else rng.randint(4, 12)
    totals = f["totals"]
    use_sections = totals == "subtotals" or (pos != "after_category" and rng.random() < 0.3)
    picked: list[tuple[str, str]] = []
    for _ in range(n_data):
        if not pool:
            break
        picked.append(pool.pop())
    if use_sections or pos == "after_category":
        order = list(DIRECTORATES)
        picked.sort(key=lambda p: order.index(p[0]))
    money_idx = [i for i, c in enumerate(cols_all) if c.kind == "money"]
    pct_idx = [i for i, c in enumerate(cols_all) if c.kind == "pct"]
    rows: list[Row] = []
    p_neg = rng.choice([0.05, 0.15, 0.3])
    p_nil = rng.choice([0.05, 0.12])
    sign_all = -1 if (scheme and rng.random() < 0.3) else 1

    def make_values(r: Row) -> None:
        vals: dict[int, Decimal | None] = {}
        grp: list[Decimal] = []
        for i in money_idx:
            c = cols_all[i]
            if c.rule == "base":
                v = printed(rng, unit, decimals, small=False)
                if rng.random() < p_neg:
                    v = -v
                grp = []
            elif c.rule == "small":
                v = printed(rng, unit, decimals, small=True) * sign_all
                if rng.random() < p_neg:
                    v = -v
            elif c.rule == "near":
                v = (grp[-1] * Decimal(str(round(rng.uniform(0.85, 1.15), 3)))).quantize(q)
                if rng.random() < p_nil:  # on budget: a nil variance
                    v = grp[-1]
            elif c.rule == "diff":
                v = grp[-1] - grp[-2]
            elif c.rule == "income":
                v = -(abs(grp[0]) * Decimal(str(round(rng.uniform(0.05, 0.6), 3)))).quantize(q)
            elif c.rule in ("plus", "minus"):
                v = printed(rng, unit, decimals, small=True) * (1 if c.rule == "plus" else -1)
            elif c.rule == "sum":
                v = sum(grp, Decimal(0))
            else:  # total of the dated columns
                v = sum(
                    (
                        x
                        for j, x in vals.items()
                        if x is not None and cols_all[j].first_fy is not None
                    ),
                    Decimal(0),
                )
            if c.rule in ("small", "plus", "minus") and rng.random() < p_nil:
                v = Decimal(0).quantize(q)
            grp.append(v)
            vals[i] = v
        r.values = vals
        for i in pct_idx:
            r.values[i] = Decimal(str(round(rng.uniform(-12, 25), 1)))

    def total_row(kind: str, text: str, members: list[Row], section: str | None) -> Row:
        t = Row(kind, text, section=section)
        for i in money_idx:
            t.values[i] = sum((m.values[i] or Decimal(0) for m in members), Decimal(0))
        return t

    current: str | None = None
    members: list[Row] = []
    all_data: list[Row] = []
    total_word = rng.choice(["Total", "Net Total", "Total Budget", "Grand Total"])
    for refno, (d, text) in enumerate(picked, 1):
        sectioned = (use_sections and pos != "after_category") or totals == "subtotals"
        if sectioned and d != current:
            if current is not None and totals == "subtotals":
                rows.append(total_row("subtotal", f"Total {current}", members, current))
            members = []
            current = d
            if pos != "after_category":
                rows.append(Row("section", d, section=d))
        code = DIRECTORATES[d][0]
        r = Row(
            "data",
            text,
            section=current if pos != "after_category" else None,
            ref=rng.choice([f"{code}{refno:02d}", f"{code}-{refno}", f"{refno}"])
            if any(c is ref for c in cols_all)
            else "",
            category=d,
            lead=rng.choice(LEADS),
            rag=rng.choice(RAG_WORDS) if f["rag"] != "none" else None,
        )
        make_values(r)
        rows.append(r)
        members.append(r)
        all_data.append(r)
    if totals == "subtotals" and current is not None:
        rows.append(total_row("subtotal", f"Total {current}", members, current))
    if totals != "none":
        rows.append(total_row("total", total_word, all_data, None))
    for r in rows:
        if r.kind in ("subtotal", "total"):
            for i in pct_idx:
                r.values[i] = None
    # ---- caption, sentence
    cap_bits = []
    want_caption = f["unit_where"] == "caption" or yw == "caption" or rng.random() < 0.7
    caption = None
    if want_caption:
        cap = rng.choice(CAPTIONS)
        if yw == "caption" and caption_year is not None:
            cap += " " + fy(caption_year, ystyle)
        if f["unit_where"] == "caption":
            cap += rng.choice([f" ({unit_text})", f" - {unit_text}", f" {unit_text}"])
        caption = rng.choice([f"Table {tno}: ", f"Table {tno} - ", ""]) + cap
        cap_bits.append(cap)
    sentence = None
    if f["unit_where"] == "sentence":
        sentence = rng.choice(SENTENCES[str(unit)])
    elif rng.random() < 0.3:
        sentence = "The table below sets out the position for each service."
    return Table(
        factors=f,
        caption=caption,
        sentence=sentence,
        cols=cols_all,
        rows=rows,
        depth=depth,
        unit=unit,
        unit_text=unit_text,
        decimals=decimals,
        cell_suffix=suffix,
        year_style=ystyle,
        header_fill=rng.choice(HEADER_FILLS),
        total_fill=rng.choice([None, "F2F2F2", "D9D9D9"]),
        category_merge=rng.random() < 0.5,
        text_header_merge=rng.random() < 0.6,
    )


def plan(seed: int, n_tables: int) -> list[Paper]:
    rng = random.Random(seed)
    decks = {k: Deck(rng, FACTORS[k]) for k in DEALT}
    decks["long"] = Deck(rng, [False, False, False, True])  # about one table in four
    producers = Deck(rng, ["xlsx", "xlsx", "docx", "html"])
    auths = authorities()
    papers: list[Paper] = []
    made = 0
    used_names: set[str] = set()
    while made < n_tables:
        producer = producers.deal()
        name, code = rng.choice(auths)
        fy0 = rng.randint(2015, 2026)
        k = min(rng.choice([1, 2, 2, 3, 3, 4]), n_tables - made)
        pool_scheme = label_pool(rng, scheme=True)
        pool_plain = label_pool(rng, scheme=False)
        tables: list[Table] = []
        for t in range(k):
            f = {key: decks[key].deal() for key in DEALT}
            f["producer"] = producer
            if any(x.factors["long"] for x in tables):
                f["long"] = False
            pool = pool_scheme if rng.random() < 0.5 else pool_plain
            if len(pool) < 8:
                break
            tables.append(plan_table(rng, f, fy0, pool, t + 1))
            # a label is used once per paper, whichever pool it came from
            seen = {r.label for x in tables for r in x.rows}
            seen_base = {_base(s) for s in seen}
            pool_scheme[:] = [p for p in pool_scheme if _base(p[1]) not in seen_base]
            pool_plain[:] = [p for p in pool_plain if _base(p[1]) not in seen_base]
        if not tables:
            continue
        made += len(tables)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        slug = re.sub(r"-(city|county|borough|metropolitan|district)?-?council$", "", slug)
        fname = f"{slug}-{producer}-{fy0}-{len(papers) + 1:03d}"
        while fname in used_names:
            fname += "x"
        used_names.add(fname)
        wide = max(len(t.cols) for t in tables) > 6 or any(
            sum(c.width for c in t.cols) > 95 for t in tables
        )
        papers.append(
            Paper(
                name=fname,
                producer=producer,
                authority=name,
                code=code,
                first_fy=fy0,
                title=f"{name}: {rng.choice(TITLES)} {fy(fy0, tables[0].year_style)}",
                intro=rng.choice(
                    [
                        "This appendix sets out the detailed figures referred to in the "
                        "main report.",
                        "The tables below support the recommendations to Cabinet.",
                        "Members are asked to note the position set out below.",
                    ]
                ),
                landscape=wide or rng.random() < 0.2,
                tables=tables,
                font=rng.choice(["Arial", "Calibri", "Times New Roman", "Verdana"]),
            )
        )
    return papers


def _base(label: str) -> str:
    """The service a label is made from."""
    for _, (_, services) in DIRECTORATES.items():
        for s in services:
            if s.lower() in label.lower():
                return s.lower()
    return label.lower()


# --------------------------------------------------------------------------- formatting


def fmt(v: Decimal | None, t: Table, pct: bool = False) -> str:
    if v is None:
        return ""
    neg = t.factors["negatives"]
    if pct:
        s = f"{abs(v):.1f}%"
    elif v == 0:
        return "–" if t.factors["nil"] == "en_dash" else "-"
    else:
        s = f"{abs(v):,.{t.decimals}f}"
        if t.factors["unit_where"] == "cell":
            s = f"£{s}{t.cell_suffix}"
    if v < 0:
        return {"minus": f"-{s}", "brackets": f"({s})", "unicode_minus": f"−{s}"}[neg]
    return s


def xlsx_format(t: Table, pct: bool = False) -> str:
    if pct:
        base = "0.0%"
        zero = base
    else:
        base = "#,##0" + ("." + "0" * t.decimals if t.decimals else "")
        if t.factors["unit_where"] == "cell":
            base = '"£"' + base + (f'"{t.cell_suffix}"' if t.cell_suffix else "")
        zero = '"–"' if t.factors["nil"] == "en_dash" else '"-"'
    neg = {"minus": "-" + base, "brackets": "(" + base + ")", "unicode_minus": '"−"' + base}[
        t.factors["negatives"]
    ]
    return f"{base};{neg};{zero}"


def rag_text(t: Table, r: Row) -> str:
    if r.rag is None or t.factors["rag"] == "colour":
        return ""
    return r.rag if t.factors["rag"] == "word" else r.rag[0]


def docx_widths(t: Table, width_cm: float) -> list[float]:
    """Column widths in cm: figure columns fit their widest figure (Word would break a
    figure over two lines, which no council prints and the truth cannot hold); text
    columns share the rest in proportion."""
    per_char, pad = 0.21, 0.6  # cm: 8.5pt digits with room to spare, and Word's cell margins
    fixed: dict[int, float] = {}
    for j, c in enumerate(t.cols):
        if c.kind in ("money", "pct"):
            printed = [len(fmt(r.values.get(j), t, c.kind == "pct")) for r in t.rows]
            fixed[j] = per_char * max(printed, default=4) + pad
    total_w = sum(c.width for c in t.cols)
    out = []
    for j, c in enumerate(t.cols):
        proportional = width_cm * c.width / total_w
        out.append(max(proportional, fixed[j]) if j in fixed else proportional)
    rest = width_cm - sum(out[j] for j in fixed)
    text_w = sum(c.width for j, c in enumerate(t.cols) if j not in fixed)
    for j, c in enumerate(t.cols):
        if j not in fixed and text_w:
            out[j] = max(1.0, rest * c.width / text_w)
    return out


def text_of(t: Table, c: Col, r: Row) -> str:
    if c.kind == "label":
        return r.label
    if r.kind != "data":
        return ""
    return {"ref": r.ref, "category": r.category, "lead": r.lead, "rag": rag_text(t, r)}.get(
        c.kind, ""
    )


@dataclass
class HCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


def header_cells(t: Table) -> list[HCell]:
    out: list[HCell] = []
    d = t.depth
    cols = t.cols
    for j, c in enumerate(cols):
        if c.kind in ("money",):
            continue
        if t.text_header_merge and d > 1:
            out.append(HCell(0, j, d, 1, c.header))
        else:
            out.extend(HCell(r, j, 1, 1, "") for r in range(d - 1))
            out.append(HCell(d - 1, j, 1, 1, c.header))
    for r in range(d):
        j = 0
        while j < len(cols):
            c = cols[j]
            if c.kind != "money":
                j += 1
                continue
            text, g = c.lines[r]
            k = j + 1
            while k < len(cols) and cols[k].kind == "money" and cols[k].lines[r] == (text, g):
                k += 1
            out.append(HCell(r, j, 1, k - j, text))
            j = k
    return out


def units_row(t: Table) -> list[str] | None:
    if t.factors["unit_where"] != "units_row":
        return None
    return [t.unit_text if c.kind == "money" else "%" if c.kind == "pct" else "" for c in t.cols]


# --------------------------------------------------------------------------- xlsx


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes in a spreadsheet column of this width (in characters)."""
    per = max(4, int(width * 1.25) - 2)
    lines, cur = 1, 0
    for w in text.split():
        if cur and cur + 1 + len(w) > per:
            lines, cur = lines + 1, len(w)
        else:
            cur += len(w) + (1 if cur else 0)
    return lines


def render_xlsx(p: Paper, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    font = "Arial" if p.font in ("Arial", "Verdana") else p.font

    def fill(color: str | None) -> PatternFill:
        return PatternFill("solid", fgColor=color) if color else PatternFill()

    for ti, t in enumerate(p.tables):
        ws = wb.create_sheet(title=f"Table {ti + 1}")
        ws.sheet_view.showGridLines = False
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if p.landscape else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ncol = len(t.cols)
        for j, c in enumerate(t.cols):
            # A figure wider than its column prints as ### in Calc: the truth would hold
            # a value the page does not show, so a figure column fits its widest figure.
            printed = [len(fmt(r.values.get(j), t, c.kind == "pct")) for r in t.rows]
            need = 1.2 * max(printed, default=0) + 2 if c.kind in ("money", "pct") else 0
            ws.column_dimensions[get_column_letter(j + 1)].width = max(c.width, need)
        r = 1
        if ti == 0:
            ws.cell(r, 1, p.title).font = Font(name=font, bold=True, size=13)
            r += 1
            ws.cell(r, 1, p.intro).font = Font(name=font, size=10)
            r += 2
        if t.caption:
            ws.cell(r, 1, t.caption).font = Font(name=font, bold=True, size=11)
            r += 1
        if t.sentence:
            ws.cell(r, 1, t.sentence).font = Font(name=font, size=10)
            r += 1
        r += 1
        h0 = r
        border_all = t.factors["rules"] == "grid"
        horiz = t.factors["rules"] == "horizontal"

        def style(
            cell: Any,
            *,
            bold: bool = False,
            bg: str | None = None,
            align: str = "left",
            wrap: bool = True,
            border_all: bool = border_all,
            horiz: bool = horiz,
        ) -> None:
            white = bg in DARK
            cell.font = Font(name=font, size=10, bold=bold, color="FFFFFF" if white else "000000")
            cell.fill = fill(bg)
            cell.alignment = Alignment(
                horizontal=align,
                vertical="top",
                wrap_text=wrap,
                indent=1 if align != "center" else 0,
            )
            if border_all:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            elif horiz:
                cell.border = Border(top=thin, bottom=thin)

        hlines = [1] * t.depth
        for hc in header_cells(t):
            if hc.rowspan == 1:
                w = sum(c.width for c in t.cols[hc.col : hc.col + hc.colspan])
                hlines[hc.row] = max(hlines[hc.row], wrapped_lines(hc.text, w))
        for k, n in enumerate(hlines):
            ws.row_dimensions[h0 + k].height = 13.0 * n + 1
        for hc in header_cells(t):
            cell = ws.cell(h0 + hc.row, hc.col + 1, hc.text or None)
            style(
                cell,
                bold=True,
                bg=t.header_fill,
                align="center" if t.cols[hc.col].kind == "money" else "left",
            )
            for rr in range(hc.rowspan):
                for cc in range(hc.colspan):
                    style(ws.cell(h0 + hc.row + rr, hc.col + 1 + cc), bold=True, bg=t.header_fill)
            if hc.rowspan > 1 or hc.colspan > 1:
                ws.merge_cells(
                    start_row=h0 + hc.row,
                    start_column=hc.col + 1,
                    end_row=h0 + hc.row + hc.rowspan - 1,
                    end_column=hc.col + hc.colspan,
                )
        r = h0 + t.depth
        ur = units_row(t)
        if ur:
            for j, s in enumerate(ur):
                style(
                    ws.cell(r, j + 1, s or None),
                    bold=True,
                    bg=t.header_fill,
                    align="right" if s else "left",
                )
            r += 1
        if t.factors["long"]:
            ws.print_title_rows = f"{h0}:{r - 1}"
        cat_j = next((j for j, c in enumerate(t.cols) if c.kind == "category"), None)
        body0 = r
        for row in t.rows:
            bold = row.kind != "data"
            bg = (
                t.total_fill
                if row.kind in ("total", "subtotal")
                else ("F2F2F2" if row.kind == "section" and t.total_fill else None)
            )
            n = max(
                wrapped_lines(text_of(t, c, row), c.width)
                for c in t.cols
                if c.kind not in ("money", "pct")
            )
            ws.row_dimensions[r].height = 13.0 * n + 1
            for j, c in enumerate(t.cols):
                cell = ws.cell(r, j + 1)
                if c.kind in ("money", "pct"):
                    v = row.values.get(j)
                    if v is not None:
                        cell.value = float(v / 100) if c.kind == "pct" else float(v)
                        cell.number_format = xlsx_format(t, pct=c.kind == "pct")
                    style(cell, bold=bold, bg=bg, align="right", wrap=False)
                else:
                    s = text_of(t, c, row)
                    cell.value = s or None
                    style(cell, bold=bold, bg=bg, align="center" if c.kind == "rag" else "left")
                    if c.kind == "rag" and row.rag and t.factors["rag"] == "colour":
                        cell.fill = fill(RAG_FILL[row.rag])
            r += 1
        if cat_j is not None and t.category_merge:
            k = 0
            while k < len(t.rows):
                e = k
                while (
                    e + 1 < len(t.rows)
                    and t.rows[k].kind == "data"
                    and t.rows[e + 1].kind == "data"
                    and t.rows[e + 1].category == t.rows[k].category
                ):
                    e += 1
                if e > k:
                    ws.merge_cells(
                        start_row=body0 + k,
                        start_column=cat_j + 1,
                        end_row=body0 + e,
                        end_column=cat_j + 1,
                    )
                k = e + 1
        ws.print_area = f"A1:{get_column_letter(ncol)}{r - 1}"
    wb.save(path)


# --------------------------------------------------------------------------- docx


def render_docx(p: Paper, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    if p.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, m, Cm(2))
    width_cm = (29.7 if p.landscape else 21.0) - 4
    normal = doc.styles["Normal"]
    normal.font.name = p.font
    normal.font.size = Pt(10)

    def para(text: str, *, bold: bool = False, size: float = 10) -> None:
        par = doc.add_paragraph()
        run = par.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)

    def shade(cell: Any, color: str) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        for old in tcpr.findall(qn("w:shd")):
            tcpr.remove(old)
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), color)
        tcpr.append(shd)

    def borders(table: Any, edges: dict[str, str]) -> None:
        tblpr = table._tbl.tblPr
        b = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{edge}")
            val = edges.get(edge, "nil")
            e.set(qn("w:val"), val)
            if val != "nil":
                e.set(qn("w:sz"), "4")
                e.set(qn("w:color"), "000000")
            b.append(e)
        tblpr.append(b)

    def row_props(row: Any, header: bool) -> None:
        trpr = row._tr.get_or_add_trPr()
        cs = OxmlElement("w:cantSplit")
        trpr.append(cs)
        if header:
            th = OxmlElement("w:tblHeader")
            trpr.append(th)

    def put(
        cell: Any, text: str, *, bold: bool = False, align: str = "left", color: str | None = None
    ) -> None:
        cell.text = ""
        par = cell.paragraphs[0]
        par.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
        }[align]
        pf = par.paragraph_format
        pf.space_after = Pt(0)
        pf.space_before = Pt(0)
        run = par.add_run(text)
        run.bold = bold
        run.font.size = Pt(8.5)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)

    para(p.title, bold=True, size=14)
    para(p.intro)
    for t in p.tables:
        if t.factors["long"] and t is not p.tables[0]:
            doc.add_page_break()  # type: ignore[no-untyped-call]
        if t.caption:
            para(t.caption, bold=True, size=11)
        if t.sentence:
            para(t.sentence)
        ur = units_row(t)
        nh = t.depth + (1 if ur else 0)
        table = doc.add_table(rows=nh + len(t.rows), cols=len(t.cols))
        table.autofit = False
        rules = t.factors["rules"]
        if rules == "grid":
            table.style = doc.styles["Table Grid"]
        elif rules == "horizontal":
            borders(table, {"top": "single", "bottom": "single", "insideH": "single"})
        else:
            borders(table, {})
        widths = [Cm(w) for w in docx_widths(t, width_cm)]
        for j, col in enumerate(table.columns):
            col.width = widths[j]
        rows = table.rows
        for i, row in enumerate(rows):
            row_props(row, i < nh and t.factors["long"])
            for j, cell in enumerate(row.cells):
                cell.width = widths[j]
        fg = "FFFFFF" if t.header_fill in DARK else None
        for hc in header_cells(t):
            cell = table.cell(hc.row, hc.col)
            if hc.rowspan > 1 or hc.colspan > 1:
                cell = cell.merge(table.cell(hc.row + hc.rowspan - 1, hc.col + hc.colspan - 1))
            put(
                cell,
                hc.text,
                bold=True,
                color=fg,
                align="center" if t.cols[hc.col].kind == "money" else "left",
            )
        if t.header_fill:
            for i in range(nh):
                for j in range(len(t.cols)):
                    shade(table.cell(i, j), t.header_fill)
        if ur:
            for j, s in enumerate(ur):
                put(table.cell(t.depth, j), s, bold=True, align="right", color=fg)
        cat_j = next((j for j, c in enumerate(t.cols) if c.kind == "category"), None)
        for k, row in enumerate(t.rows):
            i = nh + k
            bold = row.kind != "data"
            bg = t.total_fill if row.kind in ("total", "subtotal") else None
            cells = rows[i].cells
            for j, c in enumerate(t.cols):
                if c.kind in ("money", "pct"):
                    put(
                        cells[j],
                        fmt(row.values.get(j), t, pct=c.kind == "pct"),
                        bold=bold,
                        align="right",
                    )
                else:
                    put(
                        cells[j],
                        text_of(t, c, row),
                        bold=bold,
                        align="center" if c.kind == "rag" else "left",
                    )
                    if c.kind == "rag" and row.rag and t.factors["rag"] == "colour":
                        shade(cells[j], RAG_FILL[row.rag])
                if bg:
                    shade(cells[j], bg)
        if cat_j is not None and t.category_merge:
            k = 0
            while k < len(t.rows):
                r0 = t.rows[k]
                e = k
                while (
                    e + 1 < len(t.rows)
                    and r0.kind == "data"
                    and t.rows[e + 1].kind == "data"
                    and t.rows[e + 1].category == r0.category
                ):
                    e += 1
                if e > k:
                    merged = table.cell(nh + k, cat_j).merge(table.cell(nh + e, cat_j))
                    put(merged, r0.category)
                k = e + 1
        doc.add_paragraph()
    doc.save(str(path))


# --------------------------------------------------------------------------- html


def render_html(p: Paper, path: Path) -> None:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>",
        f"@page {{ size: A4 {'landscape' if p.landscape else 'portrait'}; margin: 15mm; }}",
        f"body {{ font-family: '{p.font}', 'Liberation Sans', sans-serif; font-size: 10pt; }}",
        "table { border-collapse: collapse; margin-bottom: 14pt; width: 100%; }",
        "td, th { padding: 2pt 4pt; vertical-align: top; font-size: 9pt; }",
        "tr { break-inside: avoid; }",
        "td.n, th.n { text-align: right; white-space: nowrap; }",
        "th { text-align: left; } th.m { text-align: center; }",
        ".grid td, .grid th { border: 0.6pt solid #000; }",
        ".horizontal td, .horizontal th { border-top: 0.6pt solid #000;"
        " border-bottom: 0.6pt solid #000; }",
        "caption { caption-side: top; text-align: left; font-weight: bold; padding: 4pt 0; }",
        "</style></head><body>",
        f"<h1 style='font-size:15pt'>{e(p.title)}</h1><p>{e(p.intro)}</p>",
    ]
    for t in p.tables:
        hdr_bg = f"background:#{t.header_fill};" if t.header_fill else ""
        hdr_fg = "color:#fff;" if t.header_fill in DARK else ""
        use_caption = t.caption is not None and len(t.caption) % 2 == 0
        if t.caption and not use_caption:
            parts.append(f"<h3 style='font-size:11pt'>{e(t.caption)}</h3>")
        if t.sentence:
            parts.append(f"<p>{e(t.sentence)}</p>")
        parts.append(f"<table class='{t.factors['rules']}'>")
        if use_caption and t.caption:
            parts.append(f"<caption>{e(t.caption)}</caption>")
        parts.append("<thead>")
        cells = header_cells(t)
        for r in range(t.depth):
            parts.append("<tr>")
            for hc in sorted((h for h in cells if h.row == r), key=lambda h: h.col):
                cls = "m" if t.cols[hc.col].kind == "money" else ""
                parts.append(
                    f"<th class='{cls}' rowspan='{hc.rowspan}' colspan='{hc.colspan}' "
                    f"style='{hdr_bg}{hdr_fg}'>{e(hc.text)}</th>"
                )
            parts.append("</tr>")
        ur = units_row(t)
        if ur:
            parts.append(
                "<tr>"
                + "".join(f"<th class='n' style='{hdr_bg}{hdr_fg}'>{e(s)}</th>" for s in ur)
                + "</tr>"
            )
        parts.append("</thead><tbody>")
        for row in t.rows:
            bold = "font-weight:bold;" if row.kind != "data" else ""
            bg = (
                f"background:#{t.total_fill};"
                if (row.kind in ("total", "subtotal") and t.total_fill)
                else ""
            )
            parts.append(f"<tr style='{bold}{bg}'>")
            for j, c in enumerate(t.cols):
                if c.kind in ("money", "pct"):
                    parts.append(
                        f"<td class='n'>{e(fmt(row.values.get(j), t, c.kind == 'pct'))}</td>"
                    )
                else:
                    st = ""
                    if c.kind == "rag" and row.rag and t.factors["rag"] == "colour":
                        st = f" style='background:#{RAG_FILL[row.rag]}'"
                    parts.append(f"<td{st}>{e(text_of(t, c, row))}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


# --------------------------------------------------------------------------- conversion


def soffice_convert(files: list[Path], outdir: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory(prefix="gen-lo-") as prof:
        for i in range(0, len(files), 40):
            subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation=file://{prof}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *map(str, files[i : i + 40]),
                ],
                check=True,
                capture_output=True,
                timeout=900,
            )


def chromium_convert(src: Path, pdf: Path) -> None:
    exe = next(
        (x for x in ("chromium", "chromium-browser", "google-chrome") if shutil.which(x)), None
    )
    if not exe:
        raise SystemExit("Chromium is needed")
    with tempfile.TemporaryDirectory(prefix="gen-chrome-") as prof:
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={prof}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                src.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


# --------------------------------------------------------------------------- truth


def _tokens(text: str) -> list[str]:
    return [x for x in re.split(r"[^a-z0-9]+", text.lower()) if x]


def locate_rows(pdf: Path, p: Paper) -> int:
    """Each labelled row's page, read back from the PDF: its label's words, in order."""
    import pdfplumber

    stream: list[tuple[int, str]] = []
    with pdfplumber.open(pdf) as doc:
        n = len(doc.pages)
        for page in doc.pages:
            for w in page.extract_words():
                stream.extend((page.page_number, x) for x in _tokens(w["text"]) if not x.isdigit())
    toks = [x for _, x in stream]
    cursor = 0
    for t in p.tables:
        for row in t.rows:
            want = _tokens(row.label)
            # the label's words in order, each near the last (a wrapped label's second line
            # comes after the rest of the row's first line)
            found = next(
                (
                    i
                    for i in range(cursor, len(toks))
                    if toks[i] == want[0] and _subsequence(toks, i, want, 16)
                ),
                None,
            )
            if found is None:
                found = next(
                    (
                        i
                        for i in range(cursor, len(toks))
                        if toks[i] == want[0] and _subsequence(toks, i, want, 80)
                    ),
                    None,
                )
            if found is None:
                raise RuntimeError(f"{pdf.name}: row {row.label!r} not found")
            row.page = stream[found][0]
            cursor = found + 1
    return n


def _subsequence(toks: list[str], start: int, want: list[str], gap: int) -> bool:
    """Whether ``want`` follows from ``start``, each word within ``gap`` tokens of the last."""
    k, last = 0, start - 1
    for i in range(start, len(toks)):
        if i - last > gap:
            return False
        if toks[i] == want[k]:
            k, last = k + 1, i
            if k == len(want):
                return True
    return False


def truth(p: Paper, pages: int) -> dict[str, Any]:
    savings: list[dict[str, Any]] = []
    tables = []
    for ti, t in enumerate(p.tables):
        start = len(savings)
        for row in t.rows:
            if row.kind == "section":
                continue
            for j in t.money:
                v = row.values.get(j)
                if v is None:
                    continue
                c = t.cols[j]
                savings.append(
                    {
                        "page": row.page,
                        "table": ti,
                        "section": row.section,
                        "row_label": row.label,
                        "rag": row.rag if row.kind == "data" else None,
                        "column_label": c.label(),
                        "measure": None,
                        "first_fy": c.first_fy,
                        "last_fy": c.last_fy,
                        "amount_gbp": float(v * t.unit),
                        "is_total": row.kind != "data",
                        "footnote": None,
                    }
                )
        f = t.factors
        features = [f"{k}={f[k]}" for k in FACTORS]
        pages_t = [r.page for r in t.rows if r.page]
        tables.append(
            {
                "page": min(pages_t),
                "last_page": max(pages_t),
                "caption": t.caption,
                "money": True,
                "unit": float(t.unit),
                "unit_where": UNIT_WHERE_NAMES[f["unit_where"]],
                "unit_text": t.unit_text,
                "features": features,
                "factors": dict(f),
                "n_figures": len(savings) - start,
                "savings_slice": [start, len(savings)],
            }
        )
    return {
        "file": f"{p.name}.pdf",
        "authority": p.authority,
        "authority_code": p.code,
        "first_fy": p.first_fy,
        "pages": pages,
        "producer": p.producer,
        "tables": tables,
        "savings": savings,
    }


# --------------------------------------------------------------------------- main


def generate(
    seed: int,
    n_tables: int,
    out: Path,
    keep_source: bool = False,
    producers: Sequence[str] = ("xlsx", "docx", "html"),
) -> list[Path]:
    """Plan, render, convert and write truth; returns the truth files written."""
    out.mkdir(parents=True, exist_ok=True)
    papers = [p for p in plan(seed, n_tables) if p.producer in producers]
    with tempfile.TemporaryDirectory(prefix="gen-src-") as tmp:
        src = out if keep_source else Path(tmp)
        office: list[Path] = []
        for p in papers:
            if p.producer == "xlsx":
                f = src / f"{p.name}.xlsx"
                render_xlsx(p, f)
                office.append(f)
            elif p.producer == "docx":
                f = src / f"{p.name}.docx"
                render_docx(p, f)
                office.append(f)
            else:
                f = src / f"{p.name}.html"
                render_html(p, f)
                chromium_convert(f, out / f"{p.name}.pdf")
        if office:
            soffice_convert(office, out)
    written = []
    for p in papers:
        pdf = out / f"{p.name}.pdf"
        n = locate_rows(pdf, p)
        tf = out / f"{p.name}.truth.json"
        tf.write_text(
            json.dumps(truth(p, n), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(tf)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--keep-source", action="store_true", help="keep .xlsx/.docx/.html")
    ap.add_argument("--producers", default="xlsx,docx,html")
    a = ap.parse_args(argv)
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    files = generate(a.seed, a.tables, a.out, a.keep_source, a.producers.split(","))
    n_tab = sum(len(json.loads(f.read_text())["tables"]) for f in files)
    print(f"seed {a.seed}: {len(files)} papers, {n_tab} tables in {a.out}")


if __name__ == "__main__":
    main()
