"""Trends: savings summed by authority, fiscal year and category, one line per measure.

Measures (an approved plan, an achieved outturn) are never added together, and
only detail rows count, never printed totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import QueryError
from pipeline.load import MONEY
from pipeline.normalise import find_fiscal_years
from pipeline.query import QueryResult, run_sql
from pipeline.research.views import ensure_current

#: The dimensions `trends` can group by, and the columns each brings.
TREND_DIMS: dict[str, tuple[str, ...]] = {
    "authority": ("authority", "authority_code"),
    "year": ("fiscal_year",),
    "category": ("category",),
    "measure": ("measure",),
}


@dataclass(frozen=True)
class TrendQuery:
    """What `trends` groups by and keeps. Measures are never added together."""

    by: tuple[str, ...] = ("authority", "year", "category")
    authorities: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    from_year: int | None = None
    to_year: int | None = None
    single_year: bool = False


def trends_sql(q: TrendQuery) -> tuple[str, list[Any]]:
    """SQL over savings_by_category for this query, and its parameters."""
    bad = [d for d in q.by if d not in TREND_DIMS]
    if bad:
        raise QueryError(f"cannot group by {', '.join(bad)}: use {', '.join(TREND_DIMS)}")
    by = list(dict.fromkeys([*q.by, "measure"]))
    cols = [c for d in by for c in TREND_DIMS[d]]
    group = list(cols)
    order: list[str] = []
    for d in by:
        if d == "year":
            group += ["first_fy", "last_fy"]
            order += ["first_fy nulls last", "last_fy"]
        else:
            order += [f"{c} nulls last" for c in TREND_DIMS[d]]
    where: list[str] = []
    params: list[Any] = []
    if q.authorities:
        where.append(
            "("
            + " or ".join(
                "contains(lower(authority), lower(?)) or authority_code = upper(?)"
                for _ in q.authorities
            )
            + ")"
        )
        for a in q.authorities:
            params += [a, a]
    if q.categories:
        where.append("(" + " or ".join("contains(category, lower(?))" for _ in q.categories) + ")")
        params += list(q.categories)
    if q.measures:
        where.append(f"measure in ({', '.join('?' for _ in q.measures)})")
        params += [m.lower() for m in q.measures]
    if q.from_year is not None:
        where.append("first_fy >= ?")
        params.append(q.from_year)
    if q.to_year is not None:
        where.append("last_fy <= ?")
        params.append(q.to_year)
    if q.single_year:
        where.append("first_fy = last_fy")
    sql = (
        f"select {', '.join(cols)}, cast(sum(saving_gbp) as {MONEY}) as saving_gbp, "
        "cast(sum(schemes) as integer) as schemes, "
        "cast(count(distinct document_id) as integer) as papers "
        "from savings_by_category"
        + (" where " + " and ".join(where) if where else "")
        + f" group by {', '.join(group)} order by {', '.join(order)}"
    )
    return sql, params


def parse_year(text: str) -> int:
    """A fiscal year as a person types it (2019, 2019/20, 2019-20) → the year it starts."""
    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    spans = find_fiscal_years(t)
    if not spans:
        raise QueryError(f"cannot read {text!r} as a fiscal year; write 2019 or 2019/20")
    return spans[0].first_fy


def run_trends(warehouse: Path, q: TrendQuery) -> QueryResult:
    """The trend rows for this query, views refreshed first."""
    ensure_current(warehouse)
    sql, params = trends_sql(q)
    return run_sql(warehouse, sql, params)


def format_gbp(value: Decimal | None) -> str:
    """£1,234,000 (pence shown only when there are some); for tables people read."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    v = abs(value)
    body = f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,.2f}"
    return f"{sign}£{body}"
