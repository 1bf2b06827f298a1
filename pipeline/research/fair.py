"""Fair comparisons in trends and charts: per head (population) and real terms (deflators).

A trend with ``per_head`` or ``real_terms`` reads savings_by_category joined to
the reference tables (`reference`): each row gains its population and price
factor, or NULL and the reason. Rows with NULL are left out of the sums, and
`notes` says how many and why, reason by reason, so nothing is dropped
without a word. Per-head figures are worked out per authority and fiscal year
(one population each), so those two dimensions are always grouped by.
"""

from __future__ import annotations

from typing import Any

from pipeline.research.filters import Condition, TrendQuery, where
from pipeline.research.reference import (
    DERIVED,
    check_base_year,
    default_base_year,
    deflator_note,
    deflators,
    fy_label,
    how_per_head,
    how_real,
    population_note,
)


def is_fair(q: TrendQuery) -> bool:
    return q.per_head or q.real_terms


def base_year(q: TrendQuery) -> int:
    """The fiscal year whose prices real terms are in (checked against the series)."""
    return default_base_year() if q.base_year is None else check_base_year(q.base_year)


def dims(q: TrendQuery, by: list[str]) -> list[str]:
    """Per-head figures need one population per row: authority and year are always kept."""
    if not q.per_head:
        return by
    return list(dict.fromkeys([*by[:-1], "authority", "year", by[-1]]))


def source(q: TrendQuery) -> str:
    """savings_by_category with each row's population and price factor (or NULL and why)."""
    if not is_fair(q):
        return "savings_by_category"
    base = base_year(q)
    return (
        "(select s.*, p.population, p.per_person, f.factor,"
        f" {population_note()} as per_head_note, {deflator_note()} as real_note"
        " from savings_by_category s"
        " left join _population p on p.gss_code = s.authority_code"
        " and p.mid_year = s.first_fy and s.first_fy = s.last_fy"
        f" left join _price_factor f on f.first_fy = s.first_fy and f.base_fy = {int(base)}"
        " and s.first_fy = s.last_fy) as fair"
    )


def conditions(q: TrendQuery) -> list[Condition]:
    """Rows a fair trend cannot use: no population (per head), no deflator (real terms)."""
    out = []
    if q.per_head:
        out.append(Condition("per_head", "per_person is not null"))
    if q.real_terms:
        out.append(Condition("real_terms", "factor is not null"))
    return out


def columns(q: TrendQuery) -> list[str]:
    """The derived columns a fair trend adds after saving_gbp (DECIMAL, never float)."""
    cols: list[str] = []
    if q.per_head:
        cols += [
            "max(population) as population",
            f"cast(sum(saving_gbp) * max(per_person) as {DERIVED}) as saving_per_head_gbp",
        ]
    if q.real_terms:
        cols += [
            f"cast(sum(saving_gbp * factor) as {DERIVED}) as real_gbp",
            f"'{fy_label(base_year(q))} prices' as prices",
        ]
    if q.per_head and q.real_terms:
        cols.append(
            # the real sum is cut to 8 places first: 20 + 18 places would overflow DECIMAL(38)
            f"cast(cast(sum(saving_gbp * factor) as DECIMAL(38,8)) * max(per_person)"
            f" as {DERIVED}) as real_per_head_gbp"
        )
    return cols


def value_column(q: TrendQuery) -> str:
    """The column a chart of this trend plots."""
    if q.per_head and q.real_terms:
        return "real_per_head_gbp"
    if q.per_head:
        return "saving_per_head_gbp"
    if q.real_terms:
        return "real_gbp"
    return "saving_gbp"


def value_label(q: TrendQuery) -> str:
    """What the plotted value is, for a chart's axis and title."""
    what = "Saving per head" if q.per_head else "Saving"
    return what + (f" ({fy_label(base_year(q))} prices)" if q.real_terms else "")


def notes(con: Any, q: TrendQuery, rest: list[Condition]) -> list[str]:
    """How the derived figures are made, and what each option left out, reason by reason.

    `rest` are the query's other conditions, so the counts are about what was asked.
    """
    out: list[str] = []
    for flag, option, note_col, need in (
        (q.per_head, "--per-head", "per_head_note", "per_person"),
        (q.real_terms, "--real-terms", "real_note", "factor"),
    ):
        if not flag:
            continue
        cond, params = where([*rest, Condition("missing", f"{need} is null")])
        rows = con.execute(
            f"select {note_col}, count(*) as n from {source(q)}{cond}"
            " group by all order by n desc, 1",
            params,
        ).fetchall()
        if rows:
            n = sum(int(r[1]) for r in rows)
            why = "; ".join(f"{int(r[1])} × {r[0]}" for r in rows[:6])
            more = f"; … ({len(rows)} reasons in all)" if len(rows) > 6 else ""
            out.append(
                f"left out by {option}: {n} row(s) (authority × year × category × measure) "
                f"with no {'population' if need == 'per_person' else 'deflator'}: {why}{more}"
            )
    if q.real_terms:
        out += _forecast_note(con, q, rest)
    if q.per_head:
        out.append(f"how: {how_per_head()}")
    if q.real_terms:
        out.append(f"how: {how_real(base_year(q))}")
    return out


def _forecast_note(con: Any, q: TrendQuery, rest: list[Condition]) -> list[str]:
    """Real terms for years whose deflator is a forecast are kept, and counted aloud."""
    forecast = [d.first_fy for d in deflators() if d.is_forecast]
    if not forecast:
        return []
    cond, params = where(
        [*rest, Condition("forecast", "factor is not null and first_fy >= ?", (min(forecast),))]
    )
    n = int(con.execute(f"select count(*) from {source(q)}{cond}", params).fetchone()[0])
    if not n:
        return []
    return [
        f"{n} row(s) from {fy_label(min(forecast))} on use OBR forecast deflators, "
        "not outturn: their real terms will change as outturn comes in"
    ]
