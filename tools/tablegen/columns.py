"""Layout choice for one table: its unit, its figure columns in blocks, their header lines, and
the text columns placed around them.

Every choice is drawn from the one random stream of the plan, in a fixed order (unit, year
style, scheme, figure columns, header lines, text columns): a seed gives the same tables as
long as that order holds, so a change here changes every paper generated after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .model import Col, fy
from .vocabulary import (
    GROUP_LINES,
    MEASURE_SETS,
    UNDATED_AFTER,
    UNDATED_BEFORE,
    UNDATED_TOTAL,
    UNITS,
    YEAR_MEASURES,
)


@dataclass
class Layout:
    """The choices a table's rows, caption and rendering depend on."""

    unit: Decimal
    unit_text: str
    decimals: int
    suffix: str  # cell unit: "m", "k" or ""
    ystyle: str
    depth: int
    scheme: bool

    @property
    def q(self) -> Decimal:
        """The quantum figures are printed to."""
        return Decimal(1).scaleb(-self.decimals)


def choose_layout(
    rng: random.Random, f: dict[str, Any], report: tuple[Decimal, str] | None = None
) -> Layout:
    """Unit, year style, header depth and whether rows are savings schemes; a table whose
    unit the paper states once (unit_where=report) takes the paper's unit when one is set."""
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
        if f["unit_where"] == "report" and report is not None:
            unit, unit_text = report
            decimals = rng.choice([1, 1, 2]) if unit == 1_000_000 else 0
    ystyle = rng.choice(["dash", "slash"])
    depth = f["header_depth"]
    if f["years_where"] == "spanning":
        depth = max(depth, 2)
        f["header_depth"] = depth
    f["spanning_year"] = f["years_where"] == "spanning"
    scheme = rng.random() < 0.5
    return Layout(unit, unit_text, decimals, suffix, ystyle, depth, scheme)


def _split(rng: random.Random, cols: list[Col], between: bool) -> list[list[Col]]:
    """One block, or two with the label column between them."""
    if between:
        cut = rng.randint(1, len(cols) - 1)
        return [cols[:cut], cols[cut:]]
    return [cols]


def _undated(name: str, rule: str) -> Col:
    return Col("money", lines=[(name, f"u{name}")], rule=rule)


def _year_columns(
    rng: random.Random, fy0: int, ystyle: str, between: bool, undated: bool = False
) -> list[list[Col]]:
    """years_where=column: one column per year under a measure, perhaps a Total; with
    undated (years_where=undated), columns that state no year beside them: a capital
    programme's "Prior Years" before, "Later Years" and a "Total Cost" of all after."""
    measure = rng.choice(YEAR_MEASURES)
    n = rng.randint(2, 4)
    start = fy0 - (1 if between else 0)
    cols = []
    if undated and rng.random() < 0.7:
        cols.append(_undated(rng.choice(UNDATED_BEFORE), "small"))
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
    if undated:
        if rng.random() < 0.7 or len(cols) == n:
            cols.append(_undated(rng.choice(UNDATED_AFTER), "small"))
        if rng.random() < 0.6:
            cols.append(_undated(rng.choice(UNDATED_TOTAL), "all"))
    elif rng.random() < 0.3:
        cols.append(Col("money", lines=[("Total", "tot")], rule="total"))
    for c in cols:
        c.lines.insert(0, (measure, "m"))  # a candidate extra line, used if depth allows
    return _split(rng, cols, between)


def _spanning_columns(rng: random.Random, fy0: int, ystyle: str, between: bool) -> list[list[Col]]:
    """years_where=spanning: a year over a set of measures, once or twice."""
    nspan = 2 if between or rng.random() < 0.5 else 1
    mset = (
        rng.choice(MEASURE_SETS[:3] + MEASURE_SETS[5:]) if nspan == 2 else rng.choice(MEASURE_SETS)
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
    return spans if between else [[c for s in spans for c in s]]


def money_blocks(
    rng: random.Random, f: dict[str, Any], fy0: int, lay: Layout
) -> tuple[list[list[Col]], int | None]:
    """The figure columns in blocks, and the year the caption must name (years_where=caption)."""
    between = f["label_pos"] == "between_blocks"
    yw = f["years_where"]
    if yw in ("column", "undated"):
        return _year_columns(rng, fy0, lay.ystyle, between, undated=yw == "undated"), None
    if yw == "spanning":
        return _spanning_columns(rng, fy0, lay.ystyle, between), None
    mset = rng.choice(MEASURE_SETS)
    cols = [
        Col("money", lines=[(m, f"c{j}")], first_fy=fy0, last_fy=fy0, rule=r)
        for j, (m, r) in enumerate(mset)
    ]
    return _split(rng, cols, between), fy0


def header_lines(
    rng: random.Random, f: dict[str, Any], blocks: list[list[Col]], lay: Layout
) -> None:
    """Stack each figure column's header lines to the depth wanted (group lines on top)."""
    depth, yw = lay.depth, f["years_where"]
    for b, block in enumerate(blocks):
        groups = rng.sample(GROUP_LINES, 3)
        for c in block:
            base = c.lines
            if yw in ("column", "undated"):
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
                c.lines[-1] = (f"{t} {lay.unit_text}", g)


@dataclass
class TextCols:
    """The text columns a table may have; which it has depends on text_cols and label_pos."""

    label: Col
    ref: Col
    cat: Col
    lead: Col
    rag: Col


def _text_cols(rng: random.Random, scheme: bool) -> TextCols:
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
    return TextCols(label, ref, cat, lead, rag)


def _arrange(
    rng: random.Random, pos: str, tc: int, t: TextCols, blocks: list[list[Col]]
) -> list[Col]:
    """Text columns and figure blocks in the order label_pos asks for."""
    money_a = blocks[0]
    money_b = blocks[1] if len(blocks) > 1 else []
    left: list[Col]
    if pos == "first":
        if tc == 1:
            left = [t.label]
        elif tc == 2:
            left = [t.label, rng.choice([t.lead, t.cat])]
        else:
            left = [t.label, t.cat, t.lead]
        cols_all = left + money_a
    elif pos == "after_ref":
        left = [t.ref, t.label] + ([t.lead] if tc == 3 else [])
        cols_all = left + money_a
    elif pos == "after_category":
        if tc == 3 and rng.random() < 0.5:
            left = [t.ref, t.cat, t.label]
        else:
            left = [t.cat, t.label] + ([t.lead] if tc == 3 else [])
        cols_all = left + money_a
    else:
        pre = [t.ref] if tc >= 2 else []
        post = [t.lead] if tc == 3 else []
        cols_all = pre + money_a + [t.label] + money_b + post
        money_b = []
    if money_b:
        cols_all += money_b
    return cols_all


def all_columns(
    rng: random.Random, f: dict[str, Any], blocks: list[list[Col]], lay: Layout
) -> tuple[list[Col], Col]:
    """Every column left to right, and the reference column (present or not)."""
    need = {"first": 1, "after_ref": 2, "after_category": 2, "between_blocks": 1}[f["label_pos"]]
    if f["text_cols"] < need:
        f["text_cols"] = need
    text = _text_cols(rng, lay.scheme)
    cols_all = _arrange(rng, f["label_pos"], f["text_cols"], text, blocks)
    if f["rag"] != "none":
        i = cols_all.index(text.label) + 1 if rng.random() < 0.5 else len(cols_all)
        cols_all.insert(i, text.rag)
    if rng.random() < 0.25 and f["years_where"] not in ("column", "undated"):
        pct = Col("pct", header=rng.choice(["Change %", "% Change", "% of budget"]), width=9)
        cols_all.append(pct)
    width_money = 11 + 2 * (lay.decimals > 0) + (4 if f["unit_where"] == "header" else 0)
    for c in cols_all:
        if c.kind == "money":
            c.width = width_money
    return cols_all, text.ref
