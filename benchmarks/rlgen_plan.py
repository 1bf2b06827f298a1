"""The plan of benchmarks/rlgen.py: its factors, words and records, and each paper's
layout drawn from the seed alone (what is printed where; `rlgen_draw` prints it)."""

from __future__ import annotations

import csv
import math
import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape

ROOT = Path(__file__).resolve().parents[1]


def _l(s: str) -> list[str]:
    return s.split("|")


FACTORS: dict[str, list[Any]] = {
    "style": _l("zebra|dark_header|plain|leaders"),
    "font": _l("Helvetica|Times-Roman|Courier"),
    "size": [7, 8, 9, 10],
    "years": _l("many|few|caption|none"),
    "rows": _l("flat|grouped"),
    "unit": _l("header|caption|note_below|cell_pounds|cell_suffix"),
    "extra": _l("none|description|status|rag"),
    "markers": _l("none|text"),
    "footnotes": _l("none|markers"),
    "align": _l("right|centre"),
    "valign": _l("top|middle|bottom"),
    "negatives": _l("brackets|minus"),
    "fy_style": _l("slash|dash|long"),
}
# A paper's pages: groups of tables sharing a page; True when the group's last table runs on.
SHAPES: list[list[tuple[list[int], bool]]] = [
    [([0], False)], [([0, 1], False)], [([0], True)], [([0], True)],
    [([0], False), ([1], False)], [([0, 1], False), ([2], False)],
    [([0], False), ([1], True)], [([0, 1], False), ([2], True)], [([0], False), ([1, 2], False)],
]  # fmt: skip
GROUPS: dict[str, list[str]] = {
    "Adult Social Care": _l(
        "Home care|Day care|Residential care|Supported living|Reablement|Direct payments|"
        "Extra care housing|Shared Lives"
    ),
    "Children and Families": _l(
        "Fostering|Residential placements|Early help|Youth service|Children's centres|"
        "Care leavers|Home to school transport|Short breaks"
    ),
    "Environment and Highways": _l(
        "Waste collection|Street cleansing|Highways maintenance|Parks and open spaces|"
        "Car parking|Street lighting|Grounds maintenance|Winter maintenance"
    ),
    "Communities": _l(
        "Libraries|Leisure centres|Museums|Community safety|Housing advice|Arts grants|Registrars"
    ),
    "Corporate Services": _l(
        "Staffing|ICT|Office accommodation|Procurement|Legal services|Finance|Human resources|"
        "Printing and postage"
    ),
    "Public Health": _l(
        "Sexual health|Substance misuse|Health visiting|Stop smoking service|Weight management"
    ),
}
ACTIONS = _l(
    "service review|contract renegotiation|staffing restructure|income from fees and charges|"
    "digital self-service|reduced opening hours|demand management|management delayering|"
    "reprocurement of contracts|"
    "remodelling of the in-house service and transfer to external providers"
)
DESCRIPTIONS = _l(
    "Reduce agency spend by recruiting to permanent posts|"
    "Renegotiate contracts as they fall due for renewal|Increase fees in line with inflation|"
    "Deletion of 2 vacant posts|Move customers to online self-service|"
    "Close 1 of 3 sites and co-locate staff|"
    "Review eligibility and packages of care at annual review|"
    "Joint commissioning with health partners|Reduce management layers|"
    "Stop the discretionary element of the service"
)
NARRATIVE = _l(
    "The Council continues to face significant pressure from demand-led services.|"
    "The proposals in this appendix were developed by directorates and reviewed by the "
    "Corporate Leadership Team.|Each proposal has been assessed for its impact on residents "
    "and staff, and equality impact assessments are published alongside this report.|"
    "Where consultation is required, the saving is shown subject to its outcome.|"
    "Delivery is monitored monthly and reported to Cabinet each quarter.|"
    "Contract inflation remains above the level assumed when the budget was set.|"
    "The remaining gap over the period is estimated at £12.4m.|"
    "Proposals that could not be delivered in full have been re-profiled into later years.|"
    "Fees and charges have been reviewed against those of neighbouring authorities.|"
    "The Section 151 Officer has reviewed the robustness of the estimates.|"
    "Reserves are held at the minimum level recommended in the reserves policy.|"
    "Staffing proposals will be subject to formal consultation with the trade unions.|"
    "Capital financing costs reflect the borrowing set out in the capital strategy.|"
    "Grant allocations for later years are indicative and may change.|"
    "Income from council tax assumes a collection rate in line with recent years."
)
STATUSES = _l("On track|At risk|Delivered|Not started|Delayed")
RAG_FILL = {"Red": "#FF0000", "Amber": "#FFC000", "Green": "#00B050", "Blue": "#0070C0"}
ZEBRA, DARK = _l("#DCE6F1|#F2F2F2|#E4DFEC"), _l("#1F3864|#404040|#203764")
CAPTIONS = _l(
    "Savings by directorate|Proposed savings|Savings proposals|Revenue budget changes|"
    "Medium term savings plan|Budget reductions by service|Efficiency programme"
)
TITLES = _l("Revenue Budget|Medium Term Financial Strategy|Budget Proposals|Savings Update")
MEASURES = [
    [("Budget", "base"), ("Saving", "sav"), ("Revised budget", "rev")],
    [("Gross saving", "sav"), ("One-off costs", "cost"), ("Net saving", "net")],
    [("Current budget", "base"), ("Proposed saving", "sav")],
    [("Approved saving", "sav"), ("Forecast delivery", "fc"), ("Shortfall", "short")],
]
UNIT_TEXTS = {1000: _l("£000|£'000|£000s|£k"), 10**6: _l("£m|£ million"), 1: ["£"]}
NOTES = _l("Figures in {u}|All figures are in {u}|Figures shown in {u}|Note: figures are {u}")
LABEL_NOTES = _l(
    "Includes the mobile service.|Subject to the outcome of public consultation.|"
    "Joint arrangement with the NHS.|Delivery shared with a neighbouring council."
)
STAR_NOTES = _l("* Indicative figure, subject to confirmation.|* Provisional; to be confirmed.")
BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
ITALIC = dict(zip(BOLD, _l("Helvetica-Oblique|Times-Italic|Courier-Oblique"), strict=True))
PAGE = {"P": (A4, 511.0, 736.0), "L": (landscape(A4), 758.0, 495.0)}  # size, frame w, h


class Deck:
    """Levels dealt from a shuffled deck, refilled when empty: balanced and random."""

    def __init__(self, rng: random.Random, levels: list[Any]) -> None:
        self.rng, self.levels, self.cards = rng, levels, list[Any]()

    def deal(self) -> Any:
        if not self.cards:
            self.cards = list(self.levels)
            self.rng.shuffle(self.cards)
        return self.cards.pop()


class Refit(Exception):
    """The paper does not fit its pages: "less" (rows), "less_split" or "more_split"."""


@dataclass
class Col:
    kind: str  # label, desc, status, rag, money
    lines: list[str]
    rule: str = ""  # money: year, total, or a measure's rule
    first_fy: int | None = None
    last_fy: int | None = None


@dataclass
class Row:
    kind: str  # data, heading, subtotal, total
    label: str
    section: str | None = None
    indent: bool = False
    text: dict[int, str] = field(default_factory=dict)
    vals: dict[int, Decimal | str | None] = field(default_factory=dict)  # figure or marker
    stars: set[int] = field(default_factory=set)
    rag: str | None = None
    page: int = 0


@dataclass
class Tab:
    f: dict[str, Any]
    rng: random.Random
    scale: int = 1
    dec: int = 0
    unit_text: str = "£"
    sign: int = 1
    cols: list[Col] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    caption: str = ""
    notes: list[str] = field(default_factory=list)  # below the table: unit note, footnotes
    size: int = 0
    frac: float = 0.0  # split tables: the share of page 1 they take

    def form(self, gbp: Decimal) -> tuple[int, int, str, str]:
        """Scale, decimals, prefix and suffix of a figure of this many pounds."""
        u = self.f["unit"]
        if u == "cell_suffix":
            big = abs(gbp) >= 10**6
            return (10**6, 2 - self.dec, "£", "m") if big else (1000, self.dec, "£", "k")
        return (1, 0, "£", "") if u == "cell_pounds" else (self.scale, self.dec, "", "")

    def q(self, gbp: Decimal | float) -> Decimal:
        """The amount as printed, in pounds."""
        gbp = Decimal(str(gbp))
        scale, d, _, _ = self.form(gbp)
        return (gbp / scale).quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP) * scale

    def show(self, j: int, r: Row) -> str:
        v = r.vals.get(j)
        if v is None or isinstance(v, str):
            return v or ""
        if v == 0:
            return "-"
        scale, d, pre, suf = self.form(v)
        s = f"{pre}{abs(v / scale):,.{d}f}{suf}"
        if v < 0:
            s = f"({s})" if self.f["negatives"] == "brackets" else f"-{s}"
        return s + ("*" if j in r.stars else "")

    def amount(self, j: int, r: Row) -> Decimal | None:
        v = r.vals.get(j)
        return Decimal(0) if v in ("nil", "-") else v if isinstance(v, Decimal) else None


@dataclass
class Paper:
    name: str
    auth: tuple[str, str]
    fy0: int
    title: str
    intro: str
    shape: list[tuple[list[int], bool]]
    tables: list[Tab]


def fy(y: int, style: str) -> str:
    short = f"{(y + 1) % 100:02d}"
    return {"slash": f"{y}/{short}", "dash": f"{y}-{short}"}.get(style, f"{y}/{y + 1}")


def authorities() -> list[tuple[str, str]]:
    with open(ROOT / "pipeline" / "data" / "authorities.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["valid_to"]]
    return [(r["name"], r["gss_code"]) for r in rows if r["nation"] in ("England", "Wales")]


# --------------------------------------------------------------------------- plan


def money_cols(rng: random.Random, t: Tab, fy0: int) -> list[Col]:
    f, out = t.f, list[Col]()
    if f["years"] in ("many", "few"):
        n = rng.randint(5, 8) if f["years"] == "many" else rng.randint(2, 4)
        pre = ["Saving"] if rng.random() < 0.25 else []
        for y in range(fy0, fy0 + n):
            out.append(Col("money", [*pre, fy(y, f["fy_style"])], "year", y, y))
        if f["years"] == "many" or rng.random() < 0.5:
            out.append(Col("money", ["Total"], "total"))
    else:
        cy = fy0 if f["years"] == "caption" else None
        out = [Col("money", [m], rule, cy, cy) for m, rule in rng.choice(MEASURES)]
    for c in out if f["unit"] == "header" else []:
        c.lines.append(t.unit_text)
    return out


def plan_rows(rng: random.Random, t: Tab, n: int, used: set[str]) -> list[Row]:
    scheme = rng.random() < 0.5 or n > 30

    def label(group: str) -> str:
        for k in range(300):
            s = rng.choice(GROUPS[group])
            lab = f"{s} - {rng.choice(ACTIONS)}" if scheme or k > 40 else s
            if lab not in used and not (t.f["style"] == "leaders" and len(lab) > 42):
                used.add(lab)
                return lab
        raise Refit("less")

    names = list(GROUPS)
    rng.shuffle(names)
    if t.f["rows"] == "flat":
        rows = [Row("data", label(rng.choice(names))) for _ in range(max(n, 2))]
        total = rng.choice(["Total", "Total savings"])
        return rows + ([Row("total", total)] if rng.random() < 0.8 else [])
    rows, k = [], max(2, min(len(names), round(n / 4)))
    sub = rng.choice(["Total {g}", "{g} total", "Sub-total"])
    for g in names[:k]:
        rows.append(Row("heading", g))
        m = max(1, min(9 if scheme else len(GROUPS[g]), round(n / k)))
        rows += [Row("data", label(g), g, True) for _ in range(m)]
        rows.append(Row("subtotal", sub.format(g=g), g))
    return [*rows, Row("total", rng.choice(["Total", "Grand total", "Net total"]))]


def fill(rng: random.Random, t: Tab) -> None:
    """Figures for every row: drawn for data rows, summed for totals."""
    big = t.scale == 10**6 and t.f["unit"] != "cell_suffix"
    lo, hi = (3e5, 2e7) if big else (1.5e4, 2.5e6)
    money = [j for j, c in enumerate(t.cols) if c.kind == "money"]
    years = [j for j in money if t.cols[j].rule == "year"]
    gap: Decimal | None = Decimal(0) if rng.random() < 0.5 else None

    def marker() -> str | None:
        if t.f["markers"] == "text" and rng.random() < 0.15:
            return rng.choice(["n/a", "TBC", "nil", "-"])
        return None

    data = [r for r in t.rows if r.kind == "data"]
    for r in data:
        s = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        sign = t.sign * (-1 if rng.random() < 0.1 else 1)
        if years:
            a = rng.randrange(len(years))
            b = min(len(years) - 1, a + rng.randint(0, 3))
            w = [rng.uniform(0.2, 1.0) for _ in range(a, b + 1)]
            for k, j in enumerate(years):
                r.vals[j] = (marker() or t.q(sign * s * w[k - a] / sum(w))) if a <= k <= b else gap
            for j in (j for j in money if t.cols[j].rule == "total"):
                r.vals[j] = t.q(sum((t.amount(i, r) or Decimal(0)) for i in years))
        else:  # a marked row has its marker in every column that the saving makes
            sav, cost = t.q(s), t.q(s * rng.uniform(0.1, 0.4))
            fc, base = t.q(s * rng.uniform(0.5, 1.0)), t.q(s * rng.uniform(4, 30))
            if mark := marker():
                sav = cost = fc = Decimal(0)
            got: dict[str, Decimal | str] = {
                "base": base, "rev": t.q(base - sav), "sav": t.q(sign * sav), "cost": cost,
                "fc": t.q(sign * fc), "net": t.q(sign * (sav - cost)), "short": t.q(sav - fc),
            }  # fmt: skip
            for j in money:
                rule = t.cols[j].rule
                r.vals[j] = mark if mark and rule not in ("base", "rev") else got[rule]
        if t.f["footnotes"] == "markers":
            r.stars = {j for j in money if isinstance(v := r.vals[j], Decimal) and v}
            r.stars = {j for j in r.stars if rng.random() < 0.08}
    for r in t.rows:
        if r.kind in ("subtotal", "total"):
            span = [x for x in data if r.kind == "total" or x.section == r.section]
            for j in money:
                some = [v for x in span if (v := t.amount(j, x)) is not None]
                r.vals[j] = t.q(sum(some, Decimal(0))) if some else None


def plan_table(rng: random.Random, f: dict[str, Any], fy0: int, tno: int, n: int,
               used: set[str], avoid: int | None) -> Tab:  # fmt: skip
    t = Tab(f, rng, sign=rng.choice([1, -1]), dec=rng.choice([0, 1]))
    if f["unit"] in ("header", "caption", "note_below"):
        t.scale = rng.choice([s for s in (1000, 1000, 1000, 10**6, 10**6, 1) if s != avoid])
        t.dec = rng.choice([1, 2, 3]) if t.scale == 10**6 else 0
        t.unit_text = rng.choice(UNIT_TEXTS[t.scale])
    lab = Col(
        "label", [rng.choice(["Service", "Proposal", "Service area", "Savings proposal", ""])]
    )
    extra = {
        "description": Col("desc", ["Description"]),
        "status": Col("status", [rng.choice(["Status", "Delivery status"])]),
        "rag": Col("rag", [rng.choice(["RAG", "RAG status", "Rating"])]),
    }.get(f["extra"])
    money = money_cols(rng, t, fy0)
    if extra is None:
        t.cols = [lab, *money]
    elif f["style"] == "leaders" or (extra.kind != "desc" and rng.random() < 0.5):
        t.cols = [lab, *money, extra]
    else:
        t.cols = [lab, extra, *money]
    t.rows = plan_rows(rng, t, n, used)
    fill(rng, t)
    rag_words = list(RAG_FILL) if rng.random() < 0.5 else list(RAG_FILL)[:3]
    words = {"desc": DESCRIPTIONS, "status": STATUSES, "rag": rag_words}
    for r in t.rows:
        if r.kind == "data" and extra is not None:
            r.text[t.cols.index(extra)] = word = rng.choice(words[extra.kind])
            r.rag = word if extra.kind == "rag" else None
    cap = rng.choice(CAPTIONS) + (f" {fy(fy0, f['fy_style'])}" if f["years"] == "caption" else "")
    if f["unit"] == "caption":
        cap += rng.choice([" ({u})", " - {u}", ", {u}"]).format(u=t.unit_text)
    t.caption = (f"Table {tno}: " if rng.random() < 0.6 else "") + cap
    if f["unit"] == "note_below":
        t.notes.append(rng.choice(NOTES).format(u=t.unit_text))
    if f["footnotes"] == "markers":
        data = [r for r in t.rows if r.kind == "data"]
        for k, r in enumerate(rng.sample(data, min(len(data), rng.randint(1, 2)))):
            r.label += f" ({'ab'[k]})"
            t.notes.append(f"({'ab'[k]}) {rng.choice(LABEL_NOTES)}")
        if any(r.stars for r in t.rows):
            t.notes.append(rng.choice(STAR_NOTES))
    return t


def plan_paper(rng: random.Random, i: int, shape: list[tuple[list[int], bool]],
               facs: list[dict[str, Any]], auth: tuple[str, str], fy0: int,
               fit: tuple[float, float]) -> Paper:  # fmt: skip
    used: set[str] = set()
    tables: list[Tab] = []
    for idxs, split in shape:
        for k, ti in enumerate(idxs):
            f, frac = facs[ti], rng.uniform(0.3, 0.55)
            if split and k == len(idxs) - 1:  # rows for frac of page 1, and some for page 2
                h = PAGE["L" if f["years"] == "many" else "P"][2]
                n = int((frac * h / (f["size"] * 1.25 + 4.5) + rng.randint(4, 10)) * fit[1])
            else:
                n = max(2, int(rng.randint(4, 10) * fit[0] / len(idxs) ** 0.5))
            avoid = tables[-1].scale if k == 1 else None
            tables.append(plan_table(rng, f, fy0, ti + 1, n, used, avoid))
            tables[-1].frac = frac if split and k == len(idxs) - 1 else 0.0
    slug = re.sub(r"[^a-z0-9]+", "-", auth[0].lower()).strip("-")
    title = f"{rng.choice(TITLES)} {fy(fy0, facs[0]['fy_style'])} - Appendix {rng.choice('ABCDEF')}"
    intro = rng.choice(["This appendix sets out the detailed savings proposals.",
                        "The tables below support the recommendations to Cabinet.",
                        "Members are asked to note the position set out below."])  # fmt: skip
    return Paper(f"rl-{slug}-{fy0}-{i:03d}", auth, fy0, title, intro, shape, tables)
