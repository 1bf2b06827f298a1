"""Trends: savings summed by authority, fiscal year and category, one line per measure.

Measures (an approved plan, an achieved outturn) are never added together, and
only detail rows count, never printed totals. Figures in columns that name no
fiscal year are left out (a trend cannot place them) and the notes say how many;
the filters and their checks are in `filters`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import QueryError
from pipeline.load import MONEY, connect
from pipeline.normalise import find_fiscal_years
from pipeline.query import QueryResult
from pipeline.research.filters import TrendQuery, conditions, exclusions, validate, where
from pipeline.research.views import ensure_current

#: The dimensions `trends` can group by, and the columns each brings.
TREND_DIMS: dict[str, tuple[str, ...]] = {
    "authority": ("authority", "authority_code"),
    "year": ("fiscal_year",),
    "category": ("category",),
    "measure": ("measure",),
}


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
    cond, params = where(conditions(q))
    sql = (
        f"select {', '.join(cols)}, cast(sum(saving_gbp) as {MONEY}) as saving_gbp, "
        "cast(sum(schemes) as integer) as schemes, "
        "cast(count(distinct document_id) as integer) as papers "
        f"from savings_by_category{cond}"
        f" group by {', '.join(group)} order by {', '.join(order)}"
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
    """The trend rows for this query, with notes on what was left out; views refreshed first.

    A filter value that names nothing in the warehouse is a QueryError (with a
    did-you-mean), not an empty result.
    """
    ensure_current(warehouse)
    sql, params = trends_sql(q)
    with connect(warehouse, read_only=True) as con:
        validate(con, q)
        cur = con.execute(sql, params)
        result = QueryResult([d[0] for d in cur.description], cur.fetchall())
        result.notes = exclusions(con, q)
    return result


def format_gbp(value: Decimal | None) -> str:
    """£1,234,000 (pence shown only when there are some); for tables people read."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    v = abs(value)
    body = f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,.2f}"
    return f"{sign}£{body}"
