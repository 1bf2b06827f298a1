"""The research views: installing them, and knowing when they are stale.

The views are the contract: ``savings_research``, ``savings_by_category``,
``rag_mix``, ``planned_vs_delivered``, ``scheme_history``, ``claims_research``,
``taxonomy``. They sit on the public views of `pipeline.load` and are
re-installed whenever the taxonomy file or their SQL changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from pipeline.load import MONEY, connect
from pipeline.research.backfill import backfill_signs
from pipeline.research.taxonomy import TaxonomyRule, read_taxonomy, rule_case, sql_literal
from pipeline.signs import PLANNED_MEASURES

#: Bump when the research views change shape, so stale warehouses are re-installed.
RESEARCH_VERSION = 1


def _fy_label(first: str, last: str) -> str:
    """SQL for '2019/20', or '2018/19-2019/20' for a span of years."""
    one = "printf('%d/%02d', {y}, ({y} + 1) % 100)"
    return (
        f"case when {first} is null then null "
        f"when {last} is null or {last} = {first} then {one.format(y=first)} "
        f"else {one.format(y=first)} || '-' || {one.format(y=last)} end"
    )


_PLANNED = ", ".join(sql_literal(m) for m in PLANNED_MEASURES)


def view_sql(rules: Sequence[TaxonomyRule]) -> list[str]:
    """The statements that create the research views for these taxonomy rules."""
    fig_case = rule_case(rules, "row_label", "section")
    claim_case = rule_case(rules, "subject", "sentence")
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
       cast(s.amount_gbp * coalesce(t.sign, 1) as {MONEY}) as saving_gbp
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
       d.measure, cast(sum(d.saving_gbp) as {MONEY}) as saving_gbp,
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
           cast(sum(planned_gbp) as {MONEY}) as planned_gbp
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
       cast(planned_gbp - coalesce(achieved_gbp, forecast_gbp, revised_gbp) as {MONEY})
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
