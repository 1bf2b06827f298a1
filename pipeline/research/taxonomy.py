"""The taxonomy: which category a savings row or a claim belongs to, by rules in a CSV.

Each council names its schemes its own way. ``data/taxonomy.csv`` (priority,
category, pattern, applies_to, note) puts every row in one category: the first
rule by priority whose case-insensitive regex matches wins, and the rule is
kept beside the category so any classification can be questioned. A
researcher edits the file, or points ``BUDGET_PAPERS_TAXONOMY`` at their own.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.errors import PipelineError

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
    """The rules of this text; each research command reads the file again (an edit applies
    at once), but the same text is checked only once a process: checking every pattern
    with DuckDB took a quarter of a `pipeline trends` run."""
    return list(_parse_taxonomy(text, name))


@lru_cache(maxsize=8)
def _parse_taxonomy(text: str, name: str) -> tuple[TaxonomyRule, ...]:
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
    return tuple(sorted(rules, key=lambda r: (r.priority, r.line)))


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rule_case(rules: Sequence[TaxonomyRule], row_label: str, section: str) -> str:
    """A CASE giving the position of the first matching rule; patterns inlined as constants."""
    if not rules:
        return "cast(null as integer)"
    tests = {
        "row_label": f"coalesce({row_label}, '')",
        "section": f"coalesce({section}, '')",
    }
    whens = []
    for ord_, r in enumerate(rules):
        pat = sql_literal(r.pattern)
        fields = ["row_label", "section"] if r.applies_to == "any" else [r.applies_to]
        cond = " or ".join(f"regexp_matches({tests[f]}, {pat}, 'i')" for f in fields)
        whens.append(f"when {cond} then {ord_}")
    return "case " + " ".join(whens) + " end"
