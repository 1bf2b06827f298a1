"""The rows of one table: which labels, in which sections, and the figures each prints.

A figure column's rule says how its value is made from the row's earlier ones (a base, a
figure near it, their difference, a sum), so variances and totals add up as a council's do.
Draws come from the plan's one random stream in a fixed order (see `columns`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .columns import Layout
from .model import Col, Row
from .vocabulary import DIRECTORATES, LEADS, RAG_WORDS


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


@dataclass
class Values:
    """What a row's figures are drawn with: the columns, the layout and the table's odds."""

    rng: random.Random
    cols: list[Col]
    lay: Layout
    p_neg: float
    p_nil: float
    sign_all: int

    @property
    def money_idx(self) -> list[int]:
        return [i for i, c in enumerate(self.cols) if c.kind == "money"]

    @property
    def pct_idx(self) -> list[int]:
        return [i for i, c in enumerate(self.cols) if c.kind == "pct"]


def _value(
    v: Values, c: Col, grp: list[Decimal], vals: dict[int, Decimal | None]
) -> tuple[Decimal, list[Decimal]]:
    """One figure by its column's rule; a base column starts a new group."""
    rng, lay = v.rng, v.lay
    if c.rule == "base":
        x = printed(rng, lay.unit, lay.decimals, small=False)
        if rng.random() < v.p_neg:
            x = -x
        grp = []
    elif c.rule == "small":
        x = printed(rng, lay.unit, lay.decimals, small=True) * v.sign_all
        if rng.random() < v.p_neg:
            x = -x
    elif c.rule == "near":
        x = (grp[-1] * Decimal(str(round(rng.uniform(0.85, 1.15), 3)))).quantize(lay.q)
        if rng.random() < v.p_nil:  # on budget: a nil variance
            x = grp[-1]
    elif c.rule == "diff":
        x = grp[-1] - grp[-2]
    elif c.rule == "income":
        x = -(abs(grp[0]) * Decimal(str(round(rng.uniform(0.05, 0.6), 3)))).quantize(lay.q)
    elif c.rule in ("plus", "minus"):
        x = printed(rng, lay.unit, lay.decimals, small=True) * (1 if c.rule == "plus" else -1)
    elif c.rule == "sum":
        x = sum(grp, Decimal(0))
    elif c.rule == "all":  # a total of every figure before it, dated or not
        x = sum((y for y in vals.values() if y is not None), Decimal(0))
    else:  # total of the dated columns
        x = sum(
            (y for j, y in vals.items() if y is not None and v.cols[j].first_fy is not None),
            Decimal(0),
        )
    if c.rule in ("small", "plus", "minus") and rng.random() < v.p_nil:
        x = Decimal(0).quantize(lay.q)
    return x, grp


def make_values(v: Values, r: Row) -> None:
    """The row's figures, left to right, then its percentages."""
    vals: dict[int, Decimal | None] = {}
    grp: list[Decimal] = []
    for i in v.money_idx:
        x, grp = _value(v, v.cols[i], grp, vals)
        grp.append(x)
        vals[i] = x
    r.values = vals
    for i in v.pct_idx:
        r.values[i] = Decimal(str(round(v.rng.uniform(-12, 25), 1)))


def total_row(v: Values, kind: str, text: str, members: list[Row], section: str | None) -> Row:
    t = Row(kind, text, section=section)
    for i in v.money_idx:
        t.values[i] = sum((m.values[i] or Decimal(0) for m in members), Decimal(0))
    return t


def pick_labels(
    rng: random.Random, f: dict[str, Any], pool: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], bool]:
    """(directorate, label) for each data row, and whether the rows come in sections."""
    pos, totals = f["label_pos"], f["totals"]
    n_data = rng.randint(38, 60) if f["long"] else rng.randint(4, 12)
    use_sections = totals == "subtotals" or (pos != "after_category" and rng.random() < 0.3)
    picked: list[tuple[str, str]] = []
    for _ in range(n_data):
        if not pool:
            break
        picked.append(pool.pop())
    if use_sections or pos == "after_category":
        order = list(DIRECTORATES)
        picked.sort(key=lambda p: order.index(p[0]))
    return picked, use_sections


def _data_row(v: Values, f: dict[str, Any], d: str, text: str, refno: int, ref: Col) -> Row:
    rng = v.rng
    code = DIRECTORATES[d][0]
    return Row(
        "data",
        text,
        ref=rng.choice([f"{code}{refno:02d}", f"{code}-{refno}", f"{refno}"])
        if any(c is ref for c in v.cols)
        else "",
        category=d,
        lead=rng.choice(LEADS),
        rag=rng.choice(RAG_WORDS) if f["rag"] != "none" else None,
    )


def plan_rows(
    rng: random.Random,
    f: dict[str, Any],
    cols: list[Col],
    ref: Col,
    lay: Layout,
    pool: list[tuple[str, str]],
) -> list[Row]:
    """Sections, data rows, subtotals and the total, each with its printed figures."""
    pos, totals = f["label_pos"], f["totals"]
    picked, use_sections = pick_labels(rng, f, pool)
    p_neg = rng.choice([0.05, 0.15, 0.3])
    p_nil = rng.choice([0.05, 0.12])
    sign_all = -1 if (lay.scheme and rng.random() < 0.3) else 1
    v = Values(rng, cols, lay, p_neg, p_nil, sign_all)
    rows: list[Row] = []
    current: str | None = None
    members: list[Row] = []
    all_data: list[Row] = []
    total_word = rng.choice(["Total", "Net Total", "Total Budget", "Grand Total"])
    for refno, (d, text) in enumerate(picked, 1):
        sectioned = (use_sections and pos != "after_category") or totals == "subtotals"
        if sectioned and d != current:
            if current is not None and totals == "subtotals":
                rows.append(total_row(v, "subtotal", f"Total {current}", members, current))
            members = []
            current = d
            if pos != "after_category":
                rows.append(Row("section", d, section=d))
        r = _data_row(v, f, d, text, refno, ref)
        r.section = current if pos != "after_category" else None
        make_values(v, r)
        rows.append(r)
        members.append(r)
        all_data.append(r)
    if totals == "subtotals" and current is not None:
        rows.append(total_row(v, "subtotal", f"Total {current}", members, current))
    if totals != "none":
        rows.append(total_row(v, "total", total_word, all_data, None))
    for r in rows:
        if r.kind in ("subtotal", "total"):
            for i in v.pct_idx:
                r.values[i] = None
    return rows
