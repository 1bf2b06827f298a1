"""The research views: installing them, and knowing when they are stale.

The views are the contract: ``savings_research``, ``savings_by_category``,
``rag_mix``, ``planned_vs_delivered``, ``scheme_history``, ``claims_research``,
``savings_per_head``, ``savings_real``, ``reference_population``,
``reference_deflators``, ``taxonomy``. They sit on the public views of `pipeline.load` and are
re-installed whenever the taxonomy file, the reference data or their SQL changes.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.load import connect, refresh_derived
from pipeline.research import derived, reference
from pipeline.research.backfill import backfill_signs
from pipeline.research.reference import (
    default_base_year,
    deflator_note,
    install_reference,
    population_note,
    reference_installed,
)
from pipeline.research.taxonomy import TaxonomyRule, read_taxonomy, rule_case, sql_literal
from pipeline.schema import main_objects
from pipeline.signs import PLANNED_MEASURES

log = logging.getLogger(__name__)

#: Bump when the research views change shape, so stale warehouses are re-installed.
RESEARCH_VERSION = 3


#: The statements in the order they run: each file in ``sql/`` creates one view (or the
#: ``_fy_label`` macro the views use), and may read those made before it.
SQL_FILES = (
    "_fy_label",
    "_scheme_key",
    "taxonomy",
    "savings_research",
    "savings_by_category",
    "rag_mix",
    "planned_vs_delivered",
    "scheme_history",
    "claims_research",
    "savings_per_head",
    "savings_real",
    "reference_population",
    "reference_deflators",
)

RESEARCH_VIEWS = (
    "savings_research",
    "savings_by_category",
    "rag_mix",
    "planned_vs_delivered",
    "scheme_history",
    "claims_research",
    "savings_per_head",
    "savings_real",
    "reference_population",
    "reference_deflators",
    "taxonomy",
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def sql_text(name: str) -> str:
    """One file of ``sql/`` as shipped, placeholders and all."""
    return resources.files("pipeline.research").joinpath(f"sql/{name}.sql").read_text("utf-8")


def _values(rules: Sequence[TaxonomyRule]) -> dict[str, str]:
    """What the placeholders of ``sql/`` stand for: only what depends on data, the
    taxonomy rules as CASE expressions and the list of planned measures."""
    return {
        "claim_category": rule_case(rules, "c.subject", "c.sentence"),
        "planned_measures": ", ".join(sql_literal(m) for m in PLANNED_MEASURES),
        "population_note": population_note(),
        "deflator_note": deflator_note(),
        "base_fy": str(default_base_year()),
    }


def _filled(name: str, values: dict[str, str]) -> str:
    def fill(m: re.Match[str]) -> str:
        return values[m.group(1)]  # a KeyError here is a typo in a .sql file

    return _PLACEHOLDER.sub(fill, sql_text(name))


def view_sql(rules: Sequence[TaxonomyRule]) -> list[str]:
    """The statements that create the research views for these taxonomy rules.

    The SQL lives in ``sql/*.sql``; only what depends on data is filled in here.
    """
    values = _values(rules)
    return [_filled(name, values) for name in SQL_FILES]


def derived_sql(rules: Sequence[TaxonomyRule]) -> tuple[dict[str, str], list[str]]:
    """The selects of the derived tables (`derived.DERIVED`, from ``sql/``) and the
    statements that refresh them, for these taxonomy rules."""
    values = _values(rules)
    selects = {name: _filled(name, values).strip() for name in derived.DERIVED}
    label_case = rule_case(rules, "n.label_key", "n.section_key")
    return selects, derived.statements(selects, label_case)


def _signature(rules: Sequence[TaxonomyRule]) -> str:
    made = derived_sql(rules)[1]
    text = f"{RESEARCH_VERSION}\n{reference.signature()}\n" + "\n".join(view_sql(rules) + made)
    return hashlib.sha256(text.encode()).hexdigest()


def install(con: Any, taxonomy: Path | None = None) -> None:
    """(Re)create the taxonomy table and the research views; idempotent and cheap.

    Also decides the sign of any table loaded without one (`backfill_signs`), and keeps
    the categories and derived tables the views read (`refresh_categories`,
    `derived.make_tables`): all worked out again from every paper when the taxonomy or
    the views changed, else only those of labels new since and of papers whose sign was
    just decided. The loaders keep the derived tables current for each paper they load.
    Opens no transaction of its own: inside the caller's it is atomic with it.
    """
    rules = read_taxonomy(taxonomy)
    signature = _signature(rules)
    con.execute("create table if not exists _meta (key varchar primary key, value varchar)")
    row = con.execute("select value from _meta where key = 'research_signature'").fetchall()
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
    again = not row or row[0][0] != signature
    if again or not reference_installed(con):
        install_reference(con)
    _create_lookups(con, again=again)
    derived.make_tables(con, *derived_sql(rules), again=again)
    for sql in view_sql(rules):
        con.execute(sql)
    unsigned = con.execute(
        "select distinct document_id from _tables where sign_rule is null"
    ).fetchall()
    backfill_signs(con)
    if unsigned:  # their saving_gbp changes with the sign
        refresh_derived(con, [str(r[0]) for r in unsigned])
    if con.execute("select exists (from _figures) or exists (from _claims)").fetchone()[0]:
        refresh_categories(con, rules)  # (a new warehouse has no label to categorise)
    con.execute("insert or replace into _meta values ('research_signature', ?)", [signature])


class ResearchViews:
    """`install` with the shipped taxonomy, as the loaders hand it to `pipeline.load.connect`,
    able to say when installing again would change nothing (`pipeline.schema.LazyInstaller`):
    re-installing the research views on every connection was most of what an unchanged
    re-ingest cost."""

    def __call__(self, con: Any) -> None:
        install(con)

    def fingerprint(self) -> str:
        """Changes with the taxonomy file (every field of every rule), the reference
        data, the views' SQL and the research layer's code."""
        rules = read_taxonomy(None)
        text = "\n".join([_code_signature(), _signature(rules), repr(rules)])
        return hashlib.sha256(text.encode()).hexdigest()

    def current(self, con: Any) -> bool:
        """What `install` would fix is fixed: the signature it stores is this taxonomy's,
        no table waits for its sign, and every table, view and macro it makes is there."""
        row = con.execute("select value from _meta where key = 'research_signature'").fetchall()
        if not row or row[0][0] != _signature(read_taxonomy(None)):
            return False
        undecided = con.execute("select count(*) from _tables where sign_rule is null").fetchone()
        if undecided[0] or not reference_installed(con):
            return False
        if not main_objects(con) >= _INSTALLED:
            return False
        try:  # the macros the views call (listing duckdb_functions() costs more)
            con.execute("select _fy_label(2018, 2019), _scheme_key('a')").fetchall()
        except duckdb.Error:
            return False
        return True


#: What `install` makes, besides the reference tables (`reference_installed`).
_INSTALLED = frozenset(
    (*RESEARCH_VIEWS, *derived.DERIVED, "_taxonomy", "_fy_labels", "_figure_categories")
).union(("_claim_categories", "_refresh"))


@functools.cache
def _code_signature() -> str:
    """The research layer's code and SQL as shipped, and the sign rules it backfills with:
    an edit to any of them changes what `install` does, even with no version bumped."""
    digest = hashlib.sha256()
    package = resources.files("pipeline.research")
    sources = [package.joinpath(f"{name}.py") for name in _CODE]
    sources += [package.joinpath(f"sql/{name}.sql") for name in (*SQL_FILES, *derived.DERIVED)]
    sources.append(resources.files("pipeline").joinpath("signs.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


#: The modules whose code `install` runs.
_CODE = ("views", "derived", "reference", "taxonomy", "backfill")


#: Fiscal-year labels the views look up rather than format row by row: every year from
#: FY_LABEL_YEARS and spans of up to FY_LABEL_SPAN more years (others are formatted).
FY_LABEL_YEARS = (1900, 2101)
FY_LABEL_SPAN = 10


def _create_lookups(con: Any, *, again: bool) -> None:
    """The tables the research views join: fiscal-year labels, and the categories of
    labels (emptied when `again`, as the taxonomy they were worked out from changed)."""
    first, end = FY_LABEL_YEARS
    con.execute(sql_text("_fy_label"))  # the macros make what is looked up
    con.execute(sql_text("_scheme_key"))
    con.execute(
        "create or replace table _fy_labels as select f as first_fy, f + n as last_fy,"
        " _fy_label(f, f + n) as label"
        f" from range({first}, {end}) a(f), range(0, {FY_LABEL_SPAN + 1}) b(n)"
    )
    make = "create or replace table" if again else "create table if not exists"
    con.execute(
        f"{make} _figure_categories (section_key varchar, label_key varchar, ord integer,"
        " scheme_key varchar, primary key (section_key, label_key))"
    )
    con.execute(
        f"{make} _claim_categories (subject_key varchar, sentence_key varchar, ord integer,"
        " primary key (subject_key, sentence_key))"
    )


def refresh_categories(con: Any, rules: Sequence[TaxonomyRule] | None = None) -> int:
    """Work out the category of every figure label and claim not yet in the lookup tables.

    Each load already adds its figure labels (the refresh statements of `derived`);
    claims_research matches a claim missing from them on the fly, so this changes no
    answer, only how fast it comes: run it after loading papers. `rules` default to those
    installed (the ``_taxonomy`` table), which may come from another file than the
    shipped one. Keys are the texts with null as '' (the rules match them so too), so the
    views join them with plain equality. Returns the labels added.
    """
    if rules is None:
        rows = con.execute(
            "select priority, category, pattern, applies_to, line, note from _taxonomy order by ord"
        ).fetchall()
        rules = [TaxonomyRule(r[0], r[1], r[2], r[3], r[4], r[5] or "") for r in rows]
    figures = con.execute(
        f"""
        insert into _figure_categories
        select n.section_key, n.label_key, {rule_case(rules, "n.label_key", "n.section_key")},
               _scheme_key(n.label_key)
        from (select distinct coalesce(section, '') as section_key,
                              coalesce(row_label, '') as label_key from _figures) n
        anti join _figure_categories k
               on k.section_key = n.section_key and k.label_key = n.label_key
        """
    ).fetchall()
    claims = con.execute(
        f"""
        insert into _claim_categories
        select n.subject_key, n.sentence_key,
               {rule_case(rules, "n.subject_key", "n.sentence_key")}
        from (select distinct coalesce(subject, '') as subject_key,
                              coalesce(sentence, '') as sentence_key from _claims) n
        anti join _claim_categories k
               on k.subject_key = n.subject_key and k.sentence_key = n.sentence_key
        """
    ).fetchall()
    return int(figures[0][0]) + int(claims[0][0])


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
            log.info(
                "re-installing the research views of %s (taxonomy or views changed)", warehouse
            )
            con.execute("begin")
            try:
                install(con, taxonomy)
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")
    return True
