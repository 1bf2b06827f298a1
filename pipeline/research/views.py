"""The research views: installing them, and knowing when they are stale.

The views are the contract: ``savings_research``, ``savings_by_category``,
``rag_mix``, ``planned_vs_delivered``, ``scheme_history``, ``claims_research``,
``savings_per_head``, ``savings_real``, ``reference_population``,
``reference_deflators``, ``taxonomy``. They sit on the public views of `pipeline.load` and are
re-installed whenever the taxonomy file, the reference data or their SQL changes.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.load import connect
from pipeline.research import reference
from pipeline.research.backfill import backfill_signs
from pipeline.research.reference import (
    default_base_year,
    deflator_note,
    install_reference,
    population_note,
)
from pipeline.research.taxonomy import TaxonomyRule, read_taxonomy, rule_case, sql_literal
from pipeline.signs import PLANNED_MEASURES

log = logging.getLogger(__name__)

#: Bump when the research views change shape, so stale warehouses are re-installed.
RESEARCH_VERSION = 2


#: The statements in the order they run: each file in ``sql/`` creates one view (or the
#: ``_fy_label`` macro the views use), and may read those made before it.
SQL_FILES = (
    "_fy_label",
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


def view_sql(rules: Sequence[TaxonomyRule]) -> list[str]:
    """The statements that create the research views for these taxonomy rules.

    The SQL lives in ``sql/*.sql``; only what depends on data is filled in here:
    the taxonomy rules as CASE expressions, and the list of planned measures.
    """
    values = {
        "figure_category": rule_case(rules, "row_label", "section"),
        "claim_category": rule_case(rules, "subject", "sentence"),
        "planned_measures": ", ".join(sql_literal(m) for m in PLANNED_MEASURES),
        "population_note": population_note(),
        "deflator_note": deflator_note(),
        "base_fy": str(default_base_year()),
    }

    def fill(m: re.Match[str]) -> str:
        return values[m.group(1)]  # a KeyError here is a typo in a .sql file

    return [_PLACEHOLDER.sub(fill, sql_text(name)) for name in SQL_FILES]


def _signature(rules: Sequence[TaxonomyRule]) -> str:
    text = f"{RESEARCH_VERSION}\n{reference.signature()}\n" + "\n".join(view_sql(rules))
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
    install_reference(con)
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
