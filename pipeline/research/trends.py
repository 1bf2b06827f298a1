"""Trends: savings summed by authority, fiscal year and category, one line per measure.

Measures (an approved plan, an achieved outturn) are never added together, and
only detail rows count, never printed totals. Figures in columns that name no
fiscal year are left out (a trend cannot place them) and the notes say how many;
the filters and their checks are in `filters`.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import QueryError
from pipeline.load import MONEY, connect
from pipeline.normalise import read_year
from pipeline.query import QueryResult
from pipeline.research import fair
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
    by = fair.dims(q, list(dict.fromkeys([*q.by, "measure"])))
    cols = [c for d in by for c in TREND_DIMS[d]]
    group = list(cols)
    order: list[str] = []
    for d in by:
        if d == "year":
            group += ["first_fy", "last_fy"]
            order += ["first_fy nulls last", "last_fy"]
        else:
            order += [f"{c} nulls last" for c in TREND_DIMS[d]]
    cond, params = where([*conditions(q), *fair.conditions(q)])
    derived = "".join(f"{c}, " for c in fair.columns(q))
    sql = (
        f"select {', '.join(cols)}, cast(sum(saving_gbp) as {MONEY}) as saving_gbp, {derived}"
        "cast(sum(schemes) as integer) as schemes, "
        "cast(count(distinct document_id) as integer) as papers "
        f"from {fair.source(q)}{cond}"
        f" group by {', '.join(group)} order by {', '.join(order)}"
    )
    return sql, params


def parse_year(text: str) -> int:
    """A fiscal year as a person types it (2019, 2019/20, 2019-20) → the year it starts."""
    year = read_year(text)
    if year is None:
        raise QueryError(f"cannot read {text!r} as a fiscal year; write 2019 or 2019/20")
    return year


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
        result.notes = exclusions(con, q) + fair_notes(con, q) + overlaps(con, q)
    return result


def fair_notes(con: Any, q: TrendQuery) -> list[str]:
    """What --per-head and --real-terms left out and why, and how they are worked out."""
    return fair.notes(con, q, conditions(q)) if fair.is_fair(q) else []


def overlaps(con: Any, q: TrendQuery) -> list[str]:
    """A note when a row of the trend adds up figures of overlapping periods.

    Without ``--by year`` the years of a group are summed; when they include a
    span and a year inside it (a 'Total 2011-14' column beside the 2011/12 one)
    the same saving may be counted twice, so the reader is told where.
    """
    if "year" in q.by:
        return []
    keys = [c for d in dict.fromkeys([*q.by, "measure"]) for c in TREND_DIMS[d]]
    cond, params = where(conditions(q))
    rows = con.execute(
        f"select distinct {', '.join(keys)}, first_fy, last_fy from savings_by_category{cond}",
        params,
    ).fetchall()
    periods: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for r in rows:
        periods.setdefault(tuple(r[:-2]), []).append((int(r[-2]), int(r[-1])))
    hit = [k for k, ps in periods.items() if _overlapping(ps)]
    if not hit:
        return []
    first = " / ".join(str(v) for v in hit[0] if v is not None)
    return [
        f"{len(hit)} row(s) add up figures of overlapping periods, such as a span and a year "
        f"inside it, which may count a saving twice (first: {first}); add --by year to see "
        "them apart, or --single-year to keep single years only"
    ]


def _overlapping(periods: list[tuple[int, int]]) -> bool:
    ordered = sorted(periods)
    return any(b[0] <= a[1] for a, b in itertools.pairwise(ordered))


def format_gbp(value: Decimal | None) -> str:
    """£1,234,000 (pence shown only when there are some); for tables people read."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    v = abs(value)
    body = f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,.2f}"
    return f"{sign}£{body}"
