"""The research layer: scheme categories, savings made positive, views for common questions.

Papers differ in two ways that make figures hard to compare: each council names
its schemes its own way, and some print savings negative (a reduction in spend)
while most print them positive. This module answers both with data a researcher
can inspect and change:

* a taxonomy (``data/taxonomy.csv``: priority, category, pattern, applies_to)
  puts every savings row and claim in one category; the first rule by priority
  whose case-insensitive regex matches wins, and the rule is kept beside the
  category so any classification can be questioned;
* `decide_sign` reads one table's figures and says which multiplier makes its
  savings positive, with the evidence in words; the loader stores both per table
  and the views compute ``saving_gbp = amount_gbp * sign``.

`install` (re)creates the taxonomy table and the research views. The views are
the contract: ``savings_research``, ``savings_by_category``, ``rag_mix``,
``planned_vs_delivered``, ``scheme_history``, ``claims_research``, ``taxonomy``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import PipelineError, QueryError
from pipeline.models import BBox, Figure
from pipeline.signs import (  # noqa: F401  (re-exported: the public names stay here)
    PLANNED_MEASURES,
    SAVING_MEASURES,
    decide_sign,
    is_cost_row,
)

#: Bump when the research views change shape, so stale warehouses are re-installed.
RESEARCH_VERSION = 1

TAXONOMY_ENV = "BUDGET_PAPERS_TAXONOMY"

#: The categories the shipped taxonomy uses; a researcher's own file may add more.
CATEGORIES = (
    "reablement and intermediate care",
    "homecare",
    "residential and nursing",
    "learning disability",
    "mental health",
    "assistive technology",
    "extra care and housing",
    "prevention",
    "commissioning and contracts",
    "workforce and back office",
    "income and charging",
    "integration with health",
    "other",
)
APPLIES_TO = ("row_label", "section", "any")


class TaxonomyError(PipelineError):
    """A taxonomy file a researcher edited that cannot be used as it is."""


# --------------------------------------------------------------------------- taxonomy


@dataclass(frozen=True, slots=True)
class TaxonomyRule:
    """One line of the taxonomy: rows whose text matches `pattern` belong to `category`."""

    priority: int
    category: str
    pattern: str
    applies_to: str  # row_label, section or any
    line: int
    note: str = ""

    @property
    def text(self) -> str:
        """How the rule is shown in ``category_rule``: enough to find it in the file."""
        return f"{self.priority}: {self.applies_to} ~ /{self.pattern}/"


def taxonomy_path() -> Path:
    """The taxonomy in force: $BUDGET_PAPERS_TAXONOMY, else the one shipped with the package."""
    env = os.environ.get(TAXONOMY_ENV, "").strip()
    if env:
        return Path(env)
    return Path(str(resources.files("pipeline").joinpath("data/taxonomy.csv")))


def read_taxonomy(path: Path | None = None) -> list[TaxonomyRule]:
    """The rules in the order they are tried; a bad line is a TaxonomyError naming it."""
    src = path or taxonomy_path()
    try:
        text = src.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TaxonomyError(f"{src}: cannot read the taxonomy ({exc.strerror or exc})") from exc
    return parse_taxonomy(text, str(src))


def parse_taxonomy(text: str, name: str = "taxonomy.csv") -> list[TaxonomyRule]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"priority", "category", "pattern", "applies_to"} - set(reader.fieldnames or [])
    if missing:
        raise TaxonomyError(f"{name}: missing column(s) {', '.join(sorted(missing))}")
    check = duckdb.connect()
    rules: list[TaxonomyRule] = []
    try:
        for row in reader:
            line = reader.line_num
            where = f"{name}:{line}"
            prio_text = (row.get("priority") or "").strip()
            category = (row.get("category") or "").strip().lower()
            pattern = (row.get("pattern") or "").strip()
            applies = (row.get("applies_to") or "").strip().lower() or "any"
            if not (prio_text or category or pattern):
                continue  # a blank line
            try:
                priority = int(prio_text)
            except ValueError:
                raise TaxonomyError(
                    f"{where}: priority {prio_text!r} is not a whole number"
                ) from None
            if not category:
                raise TaxonomyError(f"{where}: the category is empty")
            if not pattern:
                raise TaxonomyError(f"{where}: the pattern is empty")
            if applies not in APPLIES_TO:
                raise TaxonomyError(
                    f"{where}: applies_to {applies!r} is not one of {', '.join(APPLIES_TO)}"
                )
            try:
                check.execute("select regexp_matches('', ?, 'i')", [pattern]).fetchall()
            except duckdb.Error as exc:
                first = str(exc).strip().splitlines()[0]
                raise TaxonomyError(f"{where}: bad pattern {pattern!r} ({first})") from None
            note = (row.get("note") or "").strip()
            rules.append(TaxonomyRule(priority, category, pattern, applies, line, note))
    finally:
        check.close()
    return sorted(rules, key=lambda r: (r.priority, r.line))


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rule_case(rules: Sequence[TaxonomyRule], row_label: str, section: str) -> str:
    """A CASE giving the position of the first matching rule; patterns inlined as constants."""
    if not rules:
        return "cast(null as integer)"
    tests = {
        "row_label": f"coalesce({row_label}, '')",
        "section": f"coalesce({section}, '')",
    }
    whens = []
    for ord_, r in enumerate(rules):
        pat = _sql_str(r.pattern)
        fields = ["row_label", "section"] if r.applies_to == "any" else [r.applies_to]
        cond = " or ".join(f"regexp_matches({tests[f]}, {pat}, 'i')" for f in fields)
        whens.append(f"when {cond} then {ord_}")
    return "case " + " ".join(whens) + " end"


# --------------------------------------------------------------------------- sign

_FIGURE_COLUMNS = (
    "page, table_index, row_index, section, row_label, rag, column_label, measure, first_fy,"
    " last_fy, amount_gbp, printed, unit, is_total, footnote, x0, top, x1, bottom"
)


def backfill_signs(con: Any) -> int:
    """Decide the sign of tables loaded without one (older artefacts); returns how many.

    The loader decides signs at extraction; this covers warehouses rebuilt from
    artefacts made before that, so `saving_gbp` never silently keeps a paper's
    negative convention. Runs inside the caller's transaction.
    """
    todo = con.execute(
        "select document_id, table_index from _tables where sign_rule is null"
    ).fetchall()
    for doc_id, t_index in todo:
        rows = con.execute(
            f"select {_FIGURE_COLUMNS} from _figures where document_id = ? and table_index = ?",
            [doc_id, t_index],
        ).fetchall()
        figures = [
            Figure(
                page=r[0],
                table_index=r[1],
                row_index=r[2],
                section=r[3],
                row_label=r[4] or "",
                rag=r[5],
                column_label=r[6] or "",
                measure=r[7],
                first_fy=r[8],
                last_fy=r[9],
                amount_gbp=Decimal(r[10]),
                printed=r[11] or "",
                unit=Decimal(r[12] or 1),
                is_total=bool(r[13]),
                footnote=r[14],
                bbox=BBox(r[15], r[16], r[17], r[18]),
            )
            for r in rows
            if r[10] is not None
        ]
        sign, rule = decide_sign(figures)
        con.execute(
            "update _tables set sign = ?, sign_rule = ? where document_id = ? and table_index = ?",
            [sign, rule, doc_id, t_index],
        )
    return len(todo)


# --------------------------------------------------------------------------- views


def _fy_label(first: str, last: str) -> str:
    """SQL for '2019/20', or '2018/19-2019/20' for a span of years."""
    one = "printf('%d/%02d', {y}, ({y} + 1) % 100)"
    return (
        f"case when {first} is null then null "
        f"when {last} is null or {last} = {first} then {one.format(y=first)} "
        f"else {one.format(y=first)} || '-' || {one.format(y=last)} end"
    )


_PLANNED = ", ".join(_sql_str(m) for m in PLANNED_MEASURES)
_MONEY = "DECIMAL(18,2)"


def view_sql(rules: Sequence[TaxonomyRule]) -> list[str]:
    """The statements that create the research views for these taxonomy rules."""
    fig_case = _rule_case(rules, "row_label", "section")
    claim_case = _rule_case(rules, "subject", "sentence")
    return [
        """
create or replace view taxonomy as
select ord, priority, category, pattern, applies_to, rule, note from _taxonomy order by ord""",
        f"""
create or replace view savings_research as
with labels as (select distinct section, row_label from _figures),
cats as (select section, row_label, {fig_case} as ord from labels)
select s.*, {_fy_label("s.first_fy", "s.last_fy")} as fiscal_year,
       d.first_fy as paper_first_fy, {_fy_label("d.first_fy", "d.first_fy")} as paper_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule,
       coalesce(t.sign, 1) as sign, t.sign_rule,
       cast(s.amount_gbp * coalesce(t.sign, 1) as {_MONEY}) as saving_gbp
from savings s
join _documents d on d.document_id = s.document_id
left join _tables t on t.document_id = s.document_id and t.table_index = s.table_index
left join cats c on c.section is not distinct from s.section
                and c.row_label is not distinct from s.row_label
left join _taxonomy x on x.ord = c.ord
order by s.document_id, s.table_index, s.row_index, s.x0""",
        f"""
create or replace view savings_by_category as
with detail as (
    select r.*, coalesce(r.authority_code, r.authority, r.document_id) as akey,
           d.ingested_at
    from savings_research r join _documents d using (document_id)
    where not r.is_total),
papers as (
    select distinct akey, first_fy, last_fy, measure, document_id, paper_first_fy, ingested_at
    from detail),
latest as (
    select akey, first_fy, last_fy, measure, document_id,
           row_number() over (partition by akey, first_fy, last_fy, measure
                              order by paper_first_fy desc nulls last, ingested_at desc,
                                       document_id) as n
    from papers)
select d.authority, d.authority_code, d.fiscal_year, d.first_fy, d.last_fy, d.category,
       d.measure, cast(sum(d.saving_gbp) as {_MONEY}) as saving_gbp,
       count(distinct d.table_index || ':' || d.row_index) as schemes,
       count(*) as figures, d.document_id, d.paper_year
from detail d
join latest l on l.n = 1 and l.akey = d.akey and l.document_id = d.document_id
             and l.first_fy is not distinct from d.first_fy
             and l.last_fy is not distinct from d.last_fy
             and l.measure is not distinct from d.measure
group by all
order by d.authority, d.first_fy nulls last, d.last_fy, d.category, d.measure""",
        f"""
create or replace view rag_mix as
with rated_tables as (
    select document_id, table_index from _figures
    group by all having count(rag) > 0),
schemes as (
    select r.document_id, r.authority, r.authority_code, r.paper_year, r.paper_first_fy,
           r.table_index, r.row_index, any_value(r.rag) as rag,
           arg_min(r.saving_gbp, r.x0) filter (where r.measure in ({_PLANNED})) as planned_gbp
    from savings_research r join rated_tables using (document_id, table_index)
    where not r.is_total
    group by all),
mix as (
    select authority, authority_code, paper_year, paper_first_fy, document_id,
           coalesce(rag, 'unrated') as rag, count(*) as schemes,
           cast(sum(planned_gbp) as {_MONEY}) as planned_gbp
    from schemes group by all)
select authority, authority_code, paper_year, paper_first_fy, document_id, rag, schemes,
       case when rag <> 'unrated' then round(schemes / sum(schemes) filter (
           where rag <> 'unrated') over (partition by document_id), 4) end as share_of_rated,
       planned_gbp,
       case when rag <> 'unrated' then round(cast(planned_gbp as double) / nullif(cast(sum(
           planned_gbp) filter (where rag <> 'unrated') over (partition by document_id)
           as double), 0), 4) end as share_of_planned
from mix
order by authority, paper_first_fy nulls last, document_id,
         case rag when 'Red' then 0 when 'Amber' then 1 when 'Green' then 2 when 'Blue' then 3
                  when 'unrated' then 9 else 5 end, rag""",
        f"""
create or replace view planned_vs_delivered as
with roles as (
    select *, case when measure in ({_PLANNED}) then 'planned'
                   when measure in ('revised', 'forecast', 'achieved') then measure end as role
    from savings_research where first_fy is not null),
per as (
    select document_id, authority, authority_code, paper_year, table_index, row_index,
           min(page) as page, section, row_label, category, rag, is_total, fiscal_year,
           first_fy, last_fy,
           arg_min(saving_gbp, x0) filter (where role = 'planned') as planned_gbp,
           arg_min(column_label, x0) filter (where role = 'planned') as planned_column,
           arg_min(saving_gbp, x0) filter (where role = 'revised') as revised_gbp,
           arg_min(column_label, x0) filter (where role = 'revised') as revised_column,
           arg_min(saving_gbp, x0) filter (where role = 'forecast') as forecast_gbp,
           arg_min(column_label, x0) filter (where role = 'forecast') as forecast_column,
           arg_min(saving_gbp, x0) filter (where role = 'achieved') as achieved_gbp,
           arg_min(column_label, x0) filter (where role = 'achieved') as achieved_column
    from roles where role is not null
    group by all)
select *,
       coalesce(achieved_gbp, forecast_gbp, revised_gbp) as delivered_gbp,
       case when achieved_gbp is not null then 'achieved'
            when forecast_gbp is not null then 'forecast' else 'revised' end as delivered_basis,
       cast(planned_gbp - coalesce(achieved_gbp, forecast_gbp, revised_gbp) as {_MONEY})
           as gap_gbp,
       case when planned_gbp <> 0 then round(cast(coalesce(achieved_gbp, forecast_gbp,
           revised_gbp) as double) / cast(planned_gbp as double), 4) end as delivered_share
from per
where planned_gbp is not null
  and coalesce(achieved_gbp, forecast_gbp, revised_gbp) is not null
order by authority, document_id, table_index, row_index, first_fy, last_fy""",
        """
create or replace view scheme_history as
with keyed as (
    select *, coalesce(nullif(regexp_replace(regexp_replace(lower(row_label),
               '\\([^)]*\\)', '', 'g'), '[^a-z0-9]+', '', 'g'), ''),
               lower(row_label)) as scheme_key,
           coalesce(authority_code, authority, document_id) as akey
    from savings_research where not is_total)
select authority, authority_code, scheme_key, paper_year, paper_first_fy, document_id, page,
       section, row_label, category, rag, column_label, measure, fiscal_year, first_fy,
       last_fy, saving_gbp,
       count(distinct document_id) over (partition by akey, scheme_key) as papers
from keyed
order by authority, scheme_key, paper_first_fy nulls last, document_id, first_fy, last_fy,
         x0""",
        f"""
create or replace view claims_research as
with labels as (select distinct subject, sentence from _claims),
cats as (select subject, sentence, {claim_case} as ord from labels)
select c.*, {_fy_label("c.first_fy", "c.last_fy")} as fiscal_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule
from claims c
left join cats k on k.subject is not distinct from c.subject
                and k.sentence is not distinct from c.sentence
left join _taxonomy x on x.ord = k.ord""",
    ]


RESEARCH_VIEWS = (
    "savings_research",
    "savings_by_category",
    "rag_mix",
    "planned_vs_delivered",
    "scheme_history",
    "claims_research",
    "taxonomy",
)


def _signature(rules: Sequence[TaxonomyRule]) -> str:
    text = f"{RESEARCH_VERSION}\n" + "\n".join(view_sql(rules))
    return hashlib.sha256(text.encode()).hexdigest()


def install(con: Any, taxonomy: Path | None = None) -> None:
    """(Re)create the taxonomy table and the research views; idempotent and cheap.

    Also decides the sign of any table loaded without one (`backfill_signs`).
    Opens no transaction of its own: inside the caller's it is atomic with it.
    """
    rules = read_taxonomy(taxonomy)
    con.execute(
        "create or replace table _taxonomy (ord integer, priority integer, category varchar,"
        " pattern varchar, applies_to varchar, rule varchar, note varchar, line integer)"
    )
    if rules:
        con.executemany(
            "insert into _taxonomy values (?,?,?,?,?,?,?,?)",
            [
                (i, r.priority, r.category, r.pattern, r.applies_to, r.text, r.note, r.line)
                for i, r in enumerate(rules)
            ],
        )
    for sql in view_sql(rules):
        con.execute(sql)
    backfill_signs(con)
    con.execute("create table if not exists _meta (key varchar primary key, value varchar)")
    con.execute(
        "insert or replace into _meta values ('research_signature', ?)", [_signature(rules)]
    )


def is_current(con: Any, taxonomy: Path | None = None) -> bool:
    """Whether the installed views match this version and the taxonomy file as it is now."""
    try:
        row = con.execute("select value from _meta where key = 'research_signature'").fetchone()
        if row is None or row[0] != _signature(read_taxonomy(taxonomy)):
            return False
        for view in RESEARCH_VIEWS:
            con.execute(f"select * from {view} limit 0").fetchall()
        undecided = con.execute("select count(*) from _tables where sign_rule is null").fetchone()
        if undecided[0]:
            return False
    except duckdb.Error:
        return False
    return True


def ensure_current(warehouse: Path, taxonomy: Path | None = None) -> bool:
    """Re-install the views when the taxonomy was edited, the views are stale or a sign is missing.

    Research commands call this before reading, so an edited taxonomy applies at
    once; returns True when it had to re-install.
    """
    from pipeline.load import connect

    with connect(warehouse, read_only=True) as con:
        if is_current(con, taxonomy):
            return False
    with connect(warehouse) as con:
        if not is_current(con, taxonomy):
            con.execute("begin")
            try:
                install(con, taxonomy)
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")
    return True


# --------------------------------------------------------------------------- trends

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
        f"select {', '.join(cols)}, cast(sum(saving_gbp) as {_MONEY}) as saving_gbp, "
        "cast(sum(schemes) as integer) as schemes, "
        "cast(count(distinct document_id) as integer) as papers "
        "from savings_by_category"
        + (" where " + " and ".join(where) if where else "")
        + f" group by {', '.join(group)} order by {', '.join(order)}"
    )
    return sql, params


def parse_year(text: str) -> int:
    """A fiscal year as a person types it (2019, 2019/20, 2019-20) → the year it starts."""
    from pipeline.normalise import find_fiscal_years

    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    spans = find_fiscal_years(t)
    if not spans:
        raise QueryError(f"cannot read {text!r} as a fiscal year; write 2019 or 2019/20")
    return spans[0].first_fy


def run_trends(warehouse: Path, q: TrendQuery) -> Any:
    """The trend rows for this query (a query.QueryResult), views refreshed first."""
    from pipeline.query import run_sql

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


# --------------------------------------------------------------------------- export

_EXPORT_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def public_views(con: Any) -> list[str]:
    """Views a researcher may export: every view not prefixed with '_'."""
    rows = con.execute(
        "select view_name from duckdb_views() where not internal and schema_name = 'main' "
        "and not starts_with(view_name, '_') order by view_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def export_format(out: Path, fmt: str | None) -> str:
    if fmt:
        return fmt.lower()
    found = _EXPORT_FORMATS.get(out.suffix.lower())
    if found is None:
        raise PipelineError(
            f"{out}: cannot tell the format from the suffix; use .csv or .parquet, or --format"
        )
    return found


def export_view(con: Any, view: str, out: Path, fmt: str, where: str | None = None) -> int:
    """Write one view (optionally filtered) with DuckDB's COPY; returns the rows written."""
    views = public_views(con)
    if view not in views:
        raise QueryError(f"no view named {view!r}; views: {', '.join(views)}")
    if fmt not in {"csv", "parquet"}:
        raise QueryError(f"format {fmt!r}: use csv or parquet")
    body = f'select * from "{view}"' + (f" where {where}" if where else "")
    opts = "format parquet" if fmt == "parquet" else "format csv, header true"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        n = con.execute(f"select count(*) from ({body})").fetchone()[0]
        con.execute(f"copy ({body}) to {_sql_str(str(out))} ({opts})")
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise QueryError(f"export failed: {first}") from exc
    return int(n)


# --------------------------------------------------------------------------- charts

AXES = ("year", "category", "authority", "measure")


@dataclass
class ChartData:
    """Series of points, ready to draw: x labels in order, one value (or None) per label."""

    x: str
    labels: list[str]
    series: dict[str, list[Decimal | None]]
    title: str


#: More lines or bar colours than this cannot be told apart.
MAX_SERIES = 12


def chart_data(con: Any, x: str, series: str | None, q: TrendQuery, title: str | None) -> ChartData:
    """Trend rows pivoted for a chart; years and measures are never summed over silently."""
    if x not in AXES or (series is not None and series not in AXES):
        raise QueryError(f"axes are {', '.join(AXES)}")
    if series == x:
        raise QueryError("the series cannot be the x axis")
    by = tuple(dict.fromkeys(["year", "measure", "authority", x] + ([series] if series else [])))
    sql, params = trends_sql(
        TrendQuery(
            by=by,
            authorities=q.authorities,
            categories=q.categories,
            measures=q.measures,
            from_year=q.from_year,
            to_year=q.to_year,
            single_year=q.single_year,
        )
    )
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    if not rows:
        raise QueryError("nothing to chart: no savings match these filters")
    col = {"year": "fiscal_year", "category": "category", "authority": "authority"}

    def val(r: dict[str, Any], d: str) -> str:
        v = r[col.get(d, d)]
        return "unknown" if v is None else str(v)

    def rank(d: str, v: str) -> tuple[int, str]:
        order = {"category": CATEGORIES, "measure": SAVING_MEASURES}.get(d, ())
        return (order.index(v) if v in order else len(order), v)

    labels = list(dict.fromkeys(val(r, x) for r in rows))  # years come in order already
    if x != "year":
        labels.sort(key=lambda v: rank(x, v))
    extra = [
        d
        for d in ("measure", "year")
        if d not in (x, series) and len({val(r, d) for r in rows}) > 1
    ]
    keys = ([series] if series else []) + extra
    year_pos: dict[str, int] = {}
    for r in rows:  # the query gives years in order
        year_pos.setdefault(val(r, "year"), len(year_pos))

    def sort_key(d: str, v: str) -> tuple[int, str]:
        return (year_pos[v], v) if d == "year" else rank(d, v)

    points: dict[tuple[tuple[int, str], ...], dict[str, Decimal]] = {}
    names: dict[tuple[tuple[int, str], ...], str] = {}
    for r in rows:
        key = tuple(sort_key(d, val(r, d)) for d in keys)
        names[key] = " · ".join(val(r, d) for d in keys) or "savings"
        slot = points.setdefault(key, {})
        slot[val(r, x)] = slot.get(val(r, x), Decimal(0)) + Decimal(r["saving_gbp"] or 0)
    if len(points) > MAX_SERIES:
        raise QueryError(
            f"{len(points)} series ({' × '.join(keys)}) are too many to tell apart; "
            f"narrow with --measure, --category or --authority, or choose another --series"
        )
    out = {names[k]: [points[k].get(lab) for lab in labels] for k in sorted(points)}
    if title is None:
        title = f"Savings by {x}" + (f" and {series}" if series else "")
        fixed = [val(rows[0], d) for d in ("measure", "year") if d not in [*keys, x]]
        if "authority" not in (x, series):
            councils = sorted({val(r, "authority") for r in rows})
            fixed.insert(0, councils[0] if len(councils) == 1 else f"{len(councils)} councils")
        if fixed:
            title += " — " + ", ".join(fixed)
    return ChartData(x=x, labels=labels, series=out, title=title)


def render_chart(data: ChartData, out: Path, kind: str = "bar") -> Path:
    """Draw a line or bar chart to PNG or SVG. Floats only here, for plotting positions."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    suffix = out.suffix.lower()
    if suffix not in {".png", ".svg"}:
        raise PipelineError(f"{out}: charts are written as .png or .svg")
    if kind not in {"bar", "line"}:
        raise PipelineError(f"chart kind {kind!r}: use bar or line")
    values = [abs(v) for s in data.series.values() for v in s if v is not None]
    top = max(values, default=Decimal(0))
    scale, unit = (Decimal(1_000_000), "£m") if top >= 1_000_000 else (Decimal(1000), "£k")
    plt.rcParams["svg.hashsalt"] = "budget-papers"
    fig, ax = plt.subplots(figsize=(10, 5.6), dpi=110)
    try:
        xs = list(range(len(data.labels)))
        n = max(len(data.series), 1)
        width = 0.8 / n
        for i, (name, pts) in enumerate(data.series.items()):
            ys = [float(v / scale) if v is not None else float("nan") for v in pts]
            if kind == "bar":
                ax.bar([x - 0.4 + width * (i + 0.5) for x in xs], ys, width, label=name)
            else:
                ax.plot(xs, ys, marker="o", label=name)
        ax.set_xticks(xs)
        wrapped = ["\n".join(textwrap.wrap(lab, 13)) or lab for lab in data.labels]
        ax.set_xticklabels(wrapped, fontsize=8 if len(xs) > 6 else 9)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.1f}"))
        ax.set_ylabel(f"Saving ({unit}; positive = saving)")
        ax.set_xlabel({"year": "Fiscal year"}.get(data.x, data.x.capitalize()))
        ax.set_title(data.title)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.grid(axis="y", alpha=0.3)
        if len(data.series) > 1 or next(iter(data.series), "") != "savings":
            ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        out.parent.mkdir(parents=True, exist_ok=True)
        meta: dict[str, Any] = {"Date": None} if suffix == ".svg" else {"Software": None}
        fig.savefig(out, metadata=meta)
    finally:
        plt.close(fig)
    return out


def make_chart(
    warehouse: Path,
    out: Path,
    *,
    x: str = "year",
    series: str | None = "measure",
    q: TrendQuery | None = None,
    kind: str = "line",
    title: str | None = None,
) -> ChartData:
    """A chart of a trend written to `out` (.png or .svg); returns what was drawn."""
    from pipeline.load import connect

    ensure_current(warehouse)
    with connect(warehouse, read_only=True) as con:
        data = chart_data(con, x, series, q or TrendQuery(), title)
    render_chart(data, out, kind)
    return data


# --------------------------------------------------------------------------- one paper


@dataclass
class TableOnPage:
    table_index: int
    page: int
    last_page: int
    strategy: str
    caption: str | None
    columns: list[str]
    n_rows: int
    n_figures: int
    sign: int
    sign_rule: str | None


@dataclass
class RowOnPage:
    table_index: int
    row_index: int
    section: str | None
    row_label: str
    rag: str | None
    category: str
    is_total: bool
    cells: list[tuple[str, Decimal]]  # (column label, saving_gbp) in reading order


@dataclass
class PageReport:
    number: int
    headings: list[str] = field(default_factory=list)
    blocks: int = 0
    tables: list[TableOnPage] = field(default_factory=list)
    rows: list[RowOnPage] = field(default_factory=list)
    claims: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    checks_failed: list[str] = field(default_factory=list)


@dataclass
class DocumentReport:
    document_id: str
    source_file: str
    authority: str | None
    authority_code: str | None
    title: str | None
    first_fy: int | None
    pages: int
    status: str
    error: str | None
    counts: dict[str, int]
    page_reports: list[PageReport]


def find_document(con: Any, ref: str) -> str:
    """The document_id a person means: an id (or its start), a file name, or part of one."""
    rows = con.execute(
        "select document_id, source_file from _documents where duplicate_of is null"
    ).fetchall()
    ref_l = ref.strip().lower()
    for test in (
        lambda d, f: d == ref_l,
        lambda d, f: len(ref_l) >= 4 and d.startswith(ref_l),
        lambda d, f: Path(f).name.lower() == Path(ref_l).name,
        lambda d, f: ref_l in f.lower(),
    ):
        hits = [(d, f) for d, f in rows if test(str(d), str(f or ""))]
        if len(hits) == 1:
            return str(hits[0][0])
        if len(hits) > 1:
            names = "; ".join(f"{d} {f}" for d, f in hits[:6])
            raise QueryError(f"{ref!r} matches {len(hits)} papers: {names}")
    raise QueryError(f'no paper matches {ref!r}; see `pipeline query "select * from documents"`')


def document_report(con: Any, document_id: str, page: int | None = None) -> DocumentReport:
    """What came out of one paper, page by page."""
    d = con.execute(
        "select document_id, source_file, authority, authority_code, title, first_fy, pages,"
        " status, error from _documents where document_id = ?",
        [document_id],
    ).fetchone()
    if d is None:
        raise QueryError(f"no paper {document_id}")
    counts = {}
    for name, table in (
        ("tables", "_tables"),
        ("figures", "_figures"),
        ("mentions", "_mentions"),
        ("claims", "_claims"),
        ("blocks", "_blocks"),
        ("checks", "_checks"),
    ):
        counts[name] = int(
            con.execute(
                f"select count(*) from {table} where document_id = ?", [document_id]
            ).fetchone()[0]
        )
    counts["checks_failed"] = int(
        con.execute(
            "select count(*) from _checks where document_id = ? and not ok", [document_id]
        ).fetchone()[0]
    )
    pages: dict[int, PageReport] = {}

    def at(n: int) -> PageReport:
        return pages.setdefault(int(n), PageReport(int(n)))

    for n, kind, text in con.execute(
        "select page, kind, text from _blocks where document_id = ? order by block_order",
        [document_id],
    ).fetchall():
        p = at(n)
        p.blocks += 1
        if kind == "heading":
            p.headings.append(str(text))
    for row in con.execute(
        "select table_index, page, last_page, strategy, caption, columns, n_rows, n_figures,"
        " coalesce(sign, 1), sign_rule from _tables where document_id = ? order by table_index",
        [document_id],
    ).fetchall():
        at(row[1]).tables.append(
            TableOnPage(
                int(row[0]),
                int(row[1]),
                int(row[2] or row[1]),
                str(row[3]),
                row[4],
                list(row[5] or []),
                int(row[6] or 0),
                int(row[7] or 0),
                int(row[8]),
                row[9],
            )
        )
    cur: tuple[int, int, int] | None = None
    for r in con.execute(
        "select page, table_index, row_index, section, row_label, rag, category, is_total,"
        " column_label, saving_gbp from savings_research where document_id = ?"
        " order by table_index, row_index, x0",
        [document_id],
    ).fetchall():
        key = (int(r[0]), int(r[1]), int(r[2]))
        if key != cur:
            at(r[0]).rows.append(
                RowOnPage(int(r[1]), int(r[2]), r[3], str(r[4]), r[5], str(r[6]), bool(r[7]), [])
            )
            cur = key
        at(r[0]).rows[-1].cells.append((str(r[8]), Decimal(r[9])))
    for n, kind, c in con.execute(
        "select page, kind, count(*) from _claims where document_id = ? group by all",
        [document_id],
    ).fetchall():
        at(n).claims[str(kind)] = int(c)
    for n, label, c in con.execute(
        "select page, label, count(*) from _mentions where document_id = ? group by all",
        [document_id],
    ).fetchall():
        at(n).mentions[str(label)] = int(c)
    for n, row_label, col, diff in con.execute(
        "select page, row_label, column_label, difference from _checks"
        " where document_id = ? and not ok order by page",
        [document_id],
    ).fetchall():
        at(n).checks_failed.append(f"{row_label} / {col}: off by {diff}")
    wanted = sorted(pages) if page is None else [page]
    return DocumentReport(
        document_id=str(d[0]),
        source_file=str(d[1]),
        authority=d[2],
        authority_code=d[3],
        title=d[4],
        first_fy=d[5],
        pages=int(d[6] or 0),
        status=str(d[7]),
        error=d[8],
        counts=counts,
        page_reports=[pages.get(n, PageReport(n)) for n in wanted],
    )


@dataclass(frozen=True)
class Outline:
    """A box to draw on a page image: what it is, and where (PDF points, origin top-left)."""

    kind: str  # table, table-continued, figure, total
    label: str
    box: tuple[float, float, float, float]


def page_outlines(con: Any, document_id: str, page: int) -> list[Outline]:
    """Tables (and the part of a long table on a later page) and figures on one page."""
    out: list[Outline] = []
    for t, x0, top, x1, bottom in con.execute(
        "select table_index, x0, top, x1, bottom from _tables where document_id = ? and page = ?",
        [document_id, page],
    ).fetchall():
        out.append(Outline("table", f"table {t}", (x0, top, x1, bottom)))
    for t, x0, top, x1, bottom in con.execute(
        "select f.table_index, least(min(f.x0), any_value(t.x0)), min(f.top),"
        " greatest(max(f.x1), any_value(t.x1)), max(f.bottom)"
        " from _figures f join _tables t using (document_id, table_index)"
        " where f.document_id = ? and f.page = ? and t.page <> f.page"
        " group by f.table_index",
        [document_id, page],
    ).fetchall():
        out.append(Outline("table-continued", f"table {t} (cont.)", (x0, top, x1, bottom)))
    for is_total, x0, top, x1, bottom in con.execute(
        "select is_total, x0, top, x1, bottom from _figures where document_id = ? and page = ?",
        [document_id, page],
    ).fetchall():
        out.append(Outline("total" if is_total else "figure", "", (x0, top, x1, bottom)))
    return out


_COLOURS = {
    "table": (220, 30, 30),
    "table-continued": (230, 120, 0),
    "figure": (30, 90, 220),
    "total": (20, 150, 60),
}


def render_page(
    pdf: Path, page: int, outlines: Iterable[Outline], out: Path, resolution: int = 110
) -> Path:
    """A PNG of one page with the boxes drawn on it, for checking extraction by eye."""
    import pdfplumber
    from PIL import ImageDraw

    if out.suffix.lower() != ".png":
        raise PipelineError(f"{out}: page images are written as .png")
    if pdf.suffix.lower() != ".pdf":
        raise PipelineError(f"{pdf}: only PDF papers have page images")
    try:
        doc = pdfplumber.open(pdf)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise PipelineError(f"{pdf}: cannot open the PDF ({exc})") from exc
    with doc:
        if not 1 <= page <= len(doc.pages):
            raise PipelineError(f"{pdf}: page {page} is not in 1..{len(doc.pages)}")
        im = doc.pages[page - 1].to_image(resolution=resolution)
        items = list(outlines)
        for o in sorted(items, key=lambda o: o.kind.startswith("table")):
            rgb = _COLOURS.get(o.kind, (120, 120, 120))
            thick = 3 if o.kind.startswith("table") else 1
            im.draw_rect(
                o.box, stroke=rgb, fill=(*rgb, 25 if thick == 1 else 0), stroke_width=thick
            )
        draw = ImageDraw.Draw(im.annotated)
        k = resolution / 72
        for o in items:
            if o.label:
                rgb = _COLOURS.get(o.kind, (120, 120, 120))
                draw.text((o.box[0] * k + 4, max(o.box[1] * k - 12, 0)), o.label, fill=rgb)
        out.parent.mkdir(parents=True, exist_ok=True)
        im.save(out, format="PNG")
    return out


# --------------------------------------------------------------------------- dictionary

#: The order views appear in the data dictionary; any other view follows by name.
VIEW_ORDER = (
    "documents",
    "savings",
    "tables",
    "checks",
    "mentions",
    "claims",
    "paragraphs",
    "savings_research",
    "savings_by_category",
    "rag_mix",
    "planned_vs_delivered",
    "scheme_history",
    "claims_research",
    "taxonomy",
)

VIEW_DOCS: dict[str, str] = {
    "documents": "One row per paper given to `pipeline ingest`, including failed and duplicate "
    "ones.",
    "savings": "Every figure of every money table (savings, budget, monitoring, capital, "
    "funding), with its row, column, fiscal years, unit and RAG rating, as printed (sign "
    "included), and where its unit and period were stated.",
    "tables": "One row per table found, with a short parsing report, its kind (money or "
    "other), where its unit was stated, and why it needs review.",
    "table_figures": "Every figure of every table, money or not (`table_kind`): counts, "
    "percentages and indicators stay here and never reach `savings`.",
    "checks": "Reconciliations: the rows a printed total covers, added up and compared with it.",
    "mentions": "Tagged spans of the narrative: money, fiscal years, partners, RAG words, "
    "percentages.",
    "claims": "Money mentions read as statements: what kind of money, for when, about what.",
    "paragraphs": "The narrative text, block by block, in reading order.",
    "savings_research": "`savings` plus the fiscal-year label, the scheme category and the rule "
    "that set it, and `saving_gbp`: the amount with savings positive whatever the paper's "
    "convention.",
    "savings_by_category": "Detail rows summed by authority × fiscal year × category × measure. "
    "When several papers of one authority report the same fiscal year and measure, only the "
    "latest paper counts, so nothing is added twice.",
    "rag_mix": "Schemes by RAG rating in each paper (tables with a RAG column only): counts, "
    "shares, and the planned savings they carry.",
    "planned_vs_delivered": "Per scheme row and period: the planned figure against the revised, "
    "forecast or achieved figure for the same fiscal years, where a paper prints both.",
    "scheme_history": "Each scheme (row label, normalised) followed across the successive papers "
    "of one authority.",
    "claims_research": "`claims` plus the fiscal-year label and the scheme category: the heading "
    "a claim sits under (often the scheme's name) counts as its row label, its sentence as "
    "the section.",
    "taxonomy": "The taxonomy rules in the order they are tried (from the taxonomy CSV).",
}

_COLUMN_DOCS: dict[str, str] = {
    "document_id": "First 16 hex digits of the paper's SHA-256; joins every view.",
    "source_file": "The paper's path as given to `pipeline ingest`.",
    "sha256": "SHA-256 of the paper's bytes.",
    "authority": "Council that wrote the paper (found in its text or file name, or given).",
    "authority_code": "ONS GSS code of the authority (E09000012 …).",
    "title": "The paper's title: the first headings of page 1.",
    "first_fy": "Fiscal year, as the calendar year it starts in (2019 means 2019/20).",
    "last_fy": "Last fiscal year covered (same as first_fy for one year).",
    "pages": "Number of pages.",
    "status": "ok, failed or duplicate.",
    "error": "Why the paper failed, or which paper it duplicates.",
    "ingested_at": "When the paper was loaded (UTC).",
    "source_url": "Where the paper was downloaded from (manifest).",
    "duplicate_of": "For a second copy of a paper: the document_id of the copy loaded.",
    "page": "Page number, from 1.",
    "table_index": "The table's position among the paper's tables, from 0.",
    "section": "The section heading row above this row inside the table.",
    "row_label": "The row's label as printed: the scheme or line.",
    "rag": "RAG rating: Red, Amber, Green, Blue (delivered) or a compound like Amber/Green.",
    "column_label": "The column header as printed, with any spanning header above it.",
    "measure": "What the column measures: approved, proposed, planned, target, saving, revised, "
    "forecast, achieved, change, variance, shortfall, cost, budget, income, spend (null: not "
    "said).",
    "amount_gbp": "Exact amount in pounds, sign as printed.",
    "is_total": "True for a total or subtotal row.",
    "ref": "Reference printed in its own column before the row label (ASC01, 12).",
    "attributes": "JSON object: the row's other text columns under their headers (service "
    "area, directorate, lead, description).",
    "unit_source": "Where the unit was printed: cell, header, units row, spanning header, "
    "caption, heading, page or report; null when nowhere (amount_gbp is then null).",
    "period_source": "Where the period came from: column, caption, heading or paper; or "
    "'none: …' with the reason there is none.",
    "table_kind": "money (feeds savings) or other (counts, percentages, indicators).",
    "kind": "money (feeds savings) or other (counts, percentages, indicators).",
    "unit_stated": "True when the table's unit is printed somewhere (see unit_source).",
    "needs_review": "True when a person should check the table (see review).",
    "review": "Why: no unit stated, totals that do not add up.",
    "text_columns": "Headers of the table's text columns other than the label.",
    "footnote": "Footnote marker printed with the figure.",
    "x0": "Left edge of the box, in PDF points.",
    "top": "Top edge of the box, in PDF points from the top of the page.",
    "x1": "Right edge of the box, in PDF points.",
    "bottom": "Bottom edge of the box, in PDF points from the top of the page.",
    "row_index": "The row's position in its table, from 0.",
    "printed": "The figure's text as printed.",
    "printed_unit": "Multiplier the figure was printed in (1000 for £000s).",
    "last_page": "Last page the table runs onto.",
    "caption": "Text printed above the table as its title.",
    "strategy": "How the table was found: ruled, rows-ruled, whitespace or text.",
    "columns": "Column headers in order.",
    "unit": "Multiplier the table's figures are printed in (1000 for £000s).",
    "n_rows": "Rows in the table.",
    "n_figures": "Figures read from the table.",
    "sign_rule": "Why the table's sign is what it is, in words (see `decide_sign`).",
    "sign": "+1, or -1 where the paper prints savings negative; saving_gbp = amount_gbp × sign.",
    "expected": "Sum of the rows the total covers.",
    "difference": "Printed total minus the sum.",
    "ok": "True when the total adds up (within rounding of the printed unit), false when it "
    "does not, null when no rows above add up to it in any column (a derived row).",
    "covers": "Which rows the total covers.",
    "label": "MONEY, FISCAL_YEAR, PARTNER, RAG or PERCENT.",
    "text": "The span as printed.",
    "canonical": "Normal form: the partner's standard name, the RAG rating …",
    "sentence": "The sentence the span is in.",
    "percent": "The percentage, for PERCENT spans.",
    "block_order": "Position of the paragraph in the paper; joins `paragraphs`.",
    "subject": "The heading the sentence sits under.",
    "fiscal_year": "Fiscal years as a label: 2019/20, or 2018/19-2019/20 for a span.",
    "paper_first_fy": "Fiscal year the paper is for (documents.first_fy).",
    "paper_year": "Fiscal year the paper is for, as a label (2019/20).",
    "category": "Scheme category from the taxonomy; 'other' when no rule matched.",
    "category_rule": "The taxonomy rule that set the category (priority: field ~ /pattern/); "
    "null when none matched.",
    "saving_gbp": "Amount in pounds with savings positive (amount_gbp × sign); costs and "
    "investment come out negative.",
    "schemes": "Number of scheme rows.",
    "figures": "Number of figures added up.",
    "papers": "Number of papers the rows come from.",
    "scheme_key": "The row label's letters and digits, lower-cased, without anything in "
    "parentheses ('Home-care re-tender (phase 2)' → 'homecareretender'): the key that follows "
    "a scheme across papers.",
    "planned_gbp": "The planned saving (first approved, planned, target, proposed or saving "
    "column), savings positive.",
    "planned_column": "Column the planned figure comes from.",
    "revised_gbp": "Revised saving for the same years, savings positive.",
    "revised_column": "Column the revised figure comes from.",
    "forecast_gbp": "Forecast saving for the same years, savings positive.",
    "forecast_column": "Column the forecast figure comes from.",
    "achieved_gbp": "Achieved (delivered) saving for the same years, savings positive.",
    "achieved_column": "Column the achieved figure comes from.",
    "delivered_gbp": "Achieved, else forecast, else revised saving.",
    "delivered_basis": "Which of achieved, forecast or revised delivered_gbp is.",
    "gap_gbp": "planned_gbp − delivered_gbp: the saving not (or not yet) delivered.",
    "delivered_share": "delivered_gbp ÷ planned_gbp.",
    "share_of_rated": "This rating's share of the paper's rated schemes.",
    "share_of_planned": "This rating's share of the planned savings of the paper's rated schemes.",
    "ord": "Position in which the rule is tried (by priority, then line).",
    "priority": "Lower numbers are tried first.",
    "pattern": "Regular expression (RE2 syntax), matched case-insensitively.",
    "applies_to": "What the pattern is matched against: row_label, section or any.",
    "rule": "The rule as shown in category_rule.",
    "note": "Free text from the taxonomy file.",
}

_VIEW_COLUMN_DOCS: dict[tuple[str, str], str] = {
    ("documents", "first_fy"): "Fiscal year the paper is for, as the calendar year it starts "
    "in (2019 means 2019/20).",
    ("checks", "printed"): "The printed total.",
    ("checks", "row_label"): "Label of the total row.",
    ("checks", "column_label"): "Column of the total.",
    ("claims", "kind"): "saving, cost, budget, spend, pressure, gap, funding, income or other.",
    ("claims", "text"): "The money as printed.",
    ("claims", "amount_gbp"): "Exact amount in pounds (prose amounts are always positive).",
    ("claims_research", "kind"): "saving, cost, budget, spend, pressure, gap, funding, income "
    "or other.",
    ("claims_research", "text"): "The money as printed.",
    ("claims_research", "amount_gbp"): "Exact amount in pounds (prose amounts are always "
    "positive).",
    ("mentions", "amount_gbp"): "Exact amount in pounds, for MONEY spans.",
    ("mentions", "first_fy"): "First fiscal year, for FISCAL_YEAR spans.",
    ("mentions", "last_fy"): "Last fiscal year, for FISCAL_YEAR spans.",
    ("paragraphs", "kind"): "heading, paragraph, list_item or caption.",
    ("paragraphs", "text"): "The block's text.",
    ("taxonomy", "category"): "The category the rule gives.",
    ("rag_mix", "rag"): "RAG rating, or 'unrated' for rows without one.",
    ("rag_mix", "planned_gbp"): "Sum of the schemes' planned savings (first approved, planned, "
    "target, proposed or saving column), savings positive.",
    ("savings_by_category", "saving_gbp"): "Sum of saving_gbp over the detail rows (costs and "
    "investment count negative).",
    ("savings_by_category", "document_id"): "The paper the figures come from (the latest for "
    "this authority, fiscal year and measure).",
    ("savings_by_category", "paper_year"): "Fiscal year that paper is for.",
    ("scheme_history", "papers"): "Number of this authority's papers in which the scheme appears.",
}


def column_doc(view: str, column: str) -> str | None:
    return _VIEW_COLUMN_DOCS.get((view, column)) or _COLUMN_DOCS.get(column)


def schema_columns(con: Any) -> dict[str, list[tuple[str, str]]]:
    """Every public view's (column, type), in dictionary order."""
    views = public_views(con)
    rank = {v: i for i, v in enumerate(VIEW_ORDER)}
    views.sort(key=lambda v: (rank.get(v, len(rank)), v))
    out: dict[str, list[tuple[str, str]]] = {}
    for v in views:
        cur = con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'main' and table_name = ? order by ordinal_position",
            [v],
        )
        out[v] = [(str(c), str(t)) for c, t in cur.fetchall()]
    return out


def fresh_schema() -> Any:
    """An in-memory warehouse with the full schema and the shipped taxonomy, for docs."""
    from pipeline.load import ensure_schema

    con = duckdb.connect()
    ensure_schema(con)
    shipped = Path(str(resources.files("pipeline").joinpath("data/taxonomy.csv")))
    install(con, shipped)
    return con


def undocumented(con: Any | None = None) -> list[str]:
    """view.column pairs the dictionary has no words for."""
    own = con is None
    con = con or fresh_schema()
    try:
        return [
            f"{v}.{c}"
            for v, cols in schema_columns(con).items()
            for c, _t in cols
            if column_doc(v, c) is None
        ] + [f"{v} (view)" for v in schema_columns(con) if v not in VIEW_DOCS]
    finally:
        if own:
            con.close()


def data_dictionary() -> str:
    """docs/data-dictionary.md, generated from the schema so it cannot drift."""
    con = fresh_schema()
    try:
        schema = schema_columns(con)
    finally:
        con.close()
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from the warehouse schema by `pipeline docs`; do not edit by hand. -->",
        "",
        "Every public view of the warehouse and every column, with its DuckDB type. "
        "Money is `DECIMAL(18,2)` pounds, exact. Fiscal years are given by the calendar "
        "year they start in (2019 means 2019/20). Boxes are PDF points, origin top-left.",
        "",
        "| view | what it holds |",
        "| --- | --- |",
    ]
    lines += [f"| [`{v}`](#{v}) | {VIEW_DOCS.get(v, '(undocumented)')} |" for v in schema]
    for v, cols in schema.items():
        lines += [
            "",
            f"## {v}",
            "",
            VIEW_DOCS.get(v, "(undocumented)"),
            "",
            "| column | type | meaning |",
            "| --- | --- | --- |",
        ]
        lines += [f"| `{c}` | {t} | {column_doc(v, c) or '(undocumented)'} |" for c, t in cols]
    lines += [
        "",
        "## Categories",
        "",
        "The shipped taxonomy (`pipeline/data/taxonomy.csv`) puts schemes in these "
        "categories; set `BUDGET_PAPERS_TAXONOMY` to use your own file.",
        "",
    ]
    lines += [f"- {c}" for c in CATEGORIES]
    return "\n".join(lines) + "\n"
