"""Reference data for fair comparisons: population (per head) and GDP deflators (real terms).

Two councils' savings compare fairly only per resident and at one year's prices.
The packaged files say where they come from in their header lines:
``data/population.csv`` (ONS mid-year estimates by GSS code) and
``data/deflators.csv`` (HM Treasury GDP deflators by financial year); they are
rebuilt by ``tools/build_reference_data.py``. Nothing here touches the network.

Both are installed as tables the research views join on, with every quotient
worked out here with `Decimal` (DuckDB would turn DECIMAL ÷ DECIMAL into a
float): ``_population.per_person`` is 1 ÷ population and
``_price_factor.factor`` is deflator(base) ÷ deflator(year), each to 18 decimal
places, so ``saving × factor`` stays DECIMAL. Where a figure has no population
or deflator, the views and trends give NULL and one of the reasons below.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline.authority_table import load_authorities
from pipeline.errors import QueryError

#: Quotients are kept to this many decimal places (DECIMAL(38,18)).
QUANTUM = Decimal(1).scaleb(-18)
#: Derived money (per head, real terms) is kept to a millionth of a pound; round on display.
DERIVED = "DECIMAL(38,6)"


@dataclass(frozen=True)
class Population:
    code: str
    name: str
    mid_year: int
    population: int
    release: str


@dataclass(frozen=True)
class Deflator:
    first_fy: int
    label: str
    index: Decimal
    is_forecast: bool


def _text(name: str) -> str:
    return resources.files("pipeline").joinpath(f"data/{name}").read_text("utf-8")


def header(name: str) -> list[str]:
    """The ``# …`` lines at the top of a reference file: source, publisher, release, years."""
    return [ln[1:].strip() for ln in _text(name).splitlines() if ln.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _text(name).splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def populations() -> tuple[Population, ...]:
    return tuple(
        Population(r["gss_code"], r["name"], int(r["mid_year"]), int(r["population"]), r["release"])
        for r in _rows("population.csv")
    )


@lru_cache(maxsize=1)
def deflators() -> tuple[Deflator, ...]:
    return tuple(
        Deflator(
            int(r["first_fy"]),
            r["fiscal_year"],
            Decimal(r["gdp_deflator"]),
            r["is_forecast"] == "true",
        )
        for r in _rows("deflators.csv")
    )


def default_base_year() -> int:
    """The latest outturn year (not a forecast): real terms are at its prices unless asked."""
    return max(d.first_fy for d in deflators() if not d.is_forecast)


def check_base_year(year: int) -> int:
    """A base year the deflator series covers, else a QueryError naming the years it does."""
    years = [d.first_fy for d in deflators()]
    if year not in years:
        raise QueryError(
            f"no GDP deflator for {fy_label(year)}: the shipped series covers "
            f"{fy_label(min(years))} to {fy_label(max(years))}"
        )
    return year


def fy_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _quotient(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        return (a / b).quantize(QUANTUM)


def _reciprocal(n: int) -> Decimal:
    return _quotient(Decimal(1), Decimal(n))


def signature() -> str:
    """Changes when either reference file does, so the views are re-installed."""
    return hashlib.sha256((_text("population.csv") + _text("deflators.csv")).encode()).hexdigest()


#: The reference tables, each with its columns' types (a quotient's text cast to DECIMAL
#: is exact; a Python Decimal handed to DuckDB row by row is exact too, but thousands of
#: rows through ``executemany`` took seconds on every connect).
_TABLES: dict[str, dict[str, str]] = {
    "_population": {
        "gss_code": "varchar",
        "name": "varchar",
        "mid_year": "integer",
        "population": "bigint",
        "per_person": "DECIMAL(38,18)",
        "release": "varchar",
    },
    "_council": {"gss_code": "varchar", "valid_to": "integer"},
    "_deflator": {
        "first_fy": "integer",
        "fiscal_year": "varchar",
        "gdp_deflator": "DECIMAL(12,4)",
        "is_forecast": "boolean",
    },
    "_price_factor": {"first_fy": "integer", "base_fy": "integer", "factor": "DECIMAL(38,18)"},
}


def _reference_rows() -> dict[str, list[tuple[object, ...]]]:
    return {
        "_population": [
            (p.code, p.name, p.mid_year, p.population, _reciprocal(p.population), p.release)
            for p in populations()
        ],
        # The councils population.csv is kept for; one abolished in a reorganisation
        # (valid_to) has no population from then on.
        "_council": [(a.code, a.valid_to) for a in load_authorities()],
        "_deflator": [(d.first_fy, d.label, d.index, d.is_forecast) for d in deflators()],
        "_price_factor": [
            (d.first_fy, b.first_fy, _quotient(b.index, d.index))
            for d in deflators()
            for b in deflators()
        ],
    }


def reference_installed(con: Any) -> bool:
    """True when every reference table exists (their contents follow `signature`)."""
    names = {
        str(r[0])
        for r in con.execute(
            "select table_name from information_schema.tables where table_name in "
            "('_population', '_council', '_deflator', '_price_factor')"
        ).fetchall()
    }
    return names == set(_TABLES)


def _text_of(v: object) -> str | None:
    """A value as the text DuckDB casts back exactly (a Decimal in plain notation)."""
    if v is None:
        return None
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def install_reference(con: Any) -> None:
    """(Re)create ``_population``, ``_council``, ``_deflator`` and ``_price_factor`` from
    the packaged files, each in one statement: every value travels as text (None as
    NULL) and is cast to its column's type by DuckDB, which is exact for DECIMAL.

    Each column goes in as one list parameter, unnested beside the others (unnest in one
    select keeps the lists' order and zips them). Not a DataFrame: importing pandas for
    it cost a fresh warehouse's ingest about 70 MB of resident memory, more than anything
    else it held (`benchmarks/reliability.py memory`)."""
    for sql, columns in _reference_statements().values():
        con.execute(sql, columns)


@lru_cache(maxsize=1)
def _reference_statements() -> dict[str, tuple[str, list[list[str | None]]]]:
    """Each reference table's statement and its columns as text, worked out once a process
    from the packaged files (read once a process too): some 20,000 values formatted again
    at each install were a fifth of a fresh warehouse's schema."""
    out = {}
    for table, rows in _reference_rows().items():
        cols = _TABLES[table]
        texts = [[_text_of(v) for v in row] for row in rows]
        columns = [[row[i] for row in texts] for i in range(len(cols))]
        lists = ", ".join(f'unnest(?::varchar[]) as "{c}"' for c in cols)
        casts = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in cols.items())
        sql = f"create or replace table {table} as select {casts} from (select {lists})"
        out[table] = (sql, columns)
    return out


def _span(years: list[int]) -> str:
    return f"{min(years)} to mid-{max(years)}" if years else "no year"


def population_note(s: str = "s", p: str = "p") -> str:
    """SQL: why row `s` (authority_code, first_fy, last_fy) has no population in join `p`."""
    years = sorted({x.mid_year for x in populations()})
    covers = f"the shipped ONS estimates cover mid-{_span(years)}"
    return f"""case
  when {p}.population is not null then null
  when {s}.authority_code is null then 'no GSS code for this authority, so no population'
  when {s}.first_fy is null then 'no fiscal year, so no population'
  when {s}.first_fy <> {s}.last_fy then 'spans several fiscal years: no one population'
  when {s}.first_fy < {min(years)} or {s}.first_fy > {max(years)}
    then 'no ONS estimate for mid-' || {s}.first_fy || ': {covers}'
  when exists (select 1 from _council e where e.gss_code = {s}.authority_code
               and {s}.first_fy >= e.valid_to)
    then 'no ONS estimate for ' || {s}.authority_code || ' in mid-' || {s}.first_fy
         || ': the council was abolished on 1 April ' || (select max(valid_to) from _council e
         where e.gss_code = {s}.authority_code) || ' (reorganisation; see authorities.csv)'
  when not exists (select 1 from _council e where e.gss_code = {s}.authority_code)
    then 'no ONS estimate for ' || {s}.authority_code || ': not a council in authorities.csv,'
         || ' the only codes the population is shipped for'
  when not exists (select 1 from _population q where q.gss_code = {s}.authority_code)
    then 'no ONS estimate for ' || {s}.authority_code || ' in any year shipped'
         || ' (mid-{years[0]} to mid-{years[-1]}): no shipped release gives this code'
         || ' (a council created after mid-{years[-1]}, or one no later area matches;'
         || ' population.csv''s header lists them)'
  when {s}.first_fy < (select min(mid_year) from _population q
                       where q.gss_code = {s}.authority_code)
    then 'no ONS estimate for ' || {s}.authority_code || ' in mid-' || {s}.first_fy
         || ': the code first appears in mid-' || (select min(mid_year) from _population q
         where q.gss_code = {s}.authority_code) || ' (a council created or recoded since, or'
         || ' a nation the earlier release shipped does not cover)'
  when {s}.first_fy > (select max(mid_year) from _population q
                       where q.gss_code = {s}.authority_code)
    then 'no ONS estimate for ' || {s}.authority_code || ' in mid-' || {s}.first_fy
         || ': the latest shipped for this code is mid-' || (select max(mid_year) from _population q
         where q.gss_code = {s}.authority_code) || ' (no later release shipped covers it;'
         || ' population.csv''s header lists the gaps)'
  else 'no ONS estimate for ' || {s}.authority_code || ' in mid-' || {s}.first_fy
       || ' in the shipped release'
end"""


def deflator_note(s: str = "s", f: str = "f") -> str:
    """SQL: why row `s` (first_fy, last_fy) has no price factor in join `f`."""
    years = [d.first_fy for d in deflators()]
    first, last = fy_label(min(years)), fy_label(max(years))
    covers = f"the shipped HM Treasury series covers {first} to {last}"
    return f"""case
  when {f}.factor is not null then null
  when {s}.first_fy is null then 'no fiscal year, so no deflator'
  when {s}.first_fy <> {s}.last_fy then 'spans several fiscal years: no one deflator'
  else 'no GDP deflator for ' || _fy_label({s}.first_fy, {s}.first_fy) || ': {covers}'
end"""


def how_per_head() -> str:
    """One line saying how per-head figures are made, for notes and the data dictionary."""
    years = sorted({x.mid_year for x in populations()})
    return (
        "per head = saving ÷ the ONS mid-year population estimate of the council (GSS code) for "
        f"the mid-year inside the fiscal year (mid-2019 for 2019/20; mid-{_span(years)} shipped), "
        "exact to a millionth of a pound, rounded to pence only on display"
    )


def how_real(base: int) -> str:
    """One line saying how real-terms figures are made."""
    forecast = [d.label for d in deflators() if d.is_forecast]
    return (
        f"real terms = saving × deflator({fy_label(base)}) ÷ deflator(year), HM Treasury GDP "
        f"deflator at market prices (March 2026), in {fy_label(base)} prices; "
        f"{forecast[0]} on are OBR forecasts"
    )
