"""Organisations across a warehouse: each canonical name with the printed variants it
gathered, and the canonical names that look like one body named twice.

    from pipeline.orgs_report import organisations, duplicates
    with connect(Path("warehouse/budget.duckdb"), read_only=True) as con:
        rows = organisations(con)
        print(duplicates(rows))   # [] when every body has exactly one canonical name

``tools/organisations_report.py`` prints both for a warehouse. Two canonical names are
reported as one body when they share an ODS or GSS code, when their core words are the
same ("East Kent Hospital Trust" / "East Kent Hospitals University NHS Foundation Trust"),
or when the register resolves one to the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.tagging.register import core_words, register


@dataclass(frozen=True, slots=True)
class OrgRow:
    """One canonical name as a warehouse records it."""

    canonical: str
    kind: str | None
    code: str | None
    #: printed forms, most frequent first
    variants: tuple[str, ...]
    mentions: int
    papers: int


def organisations(con: Any) -> list[OrgRow]:
    """Every PARTNER canonical name of the warehouse with its variants and counts."""
    rows = con.execute(
        """
        select canonical, any_value(kind) as kind, any_value(code) as code,
               list(text order by text) as texts, count(*) as n,
               count(distinct document_id) as papers
        from mentions where label = 'PARTNER' and canonical is not null
        group by canonical order by canonical
        """
    ).fetchall()
    out = []
    for canonical, kind, code, texts, n, papers in rows:
        counts: dict[str, int] = defaultdict(int)
        for t in texts:
            counts[" ".join(str(t).split())] += 1
        variants = tuple(sorted(counts, key=lambda v: (-counts[v], v)))
        out.append(OrgRow(canonical, kind, code, variants, int(n), int(papers)))
    return out


def duplicates(rows: list[OrgRow]) -> list[tuple[str, str, str]]:
    """(canonical, canonical, why) for each pair of names that look like one body."""
    reg = register()
    out: list[tuple[str, str, str]] = []
    by_code: dict[str, list[str]] = defaultdict(list)
    by_core: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for r in rows:
        if r.code:
            by_code[r.code].append(r.canonical)
        core = core_words(r.canonical)
        if len(core) >= 2:
            by_core[core].append(r.canonical)
    for code, names in sorted(by_code.items()):
        out += [(names[0], other, f"same code {code}") for other in names[1:]]
    for _core, same in sorted(by_core.items()):
        out += [(same[0], other, "same core words") for other in same[1:]]
    known = {r.canonical for r in rows}
    for r in rows:
        org = reg.resolve(r.canonical)
        if org is not None and org.canonical != r.canonical and org.canonical in known:
            out.append((org.canonical, r.canonical, "the register resolves one to the other"))
    pairs: set[frozenset[str]] = set()
    unique = []
    for a, b, why in out:
        if frozenset((a, b)) not in pairs:
            pairs.add(frozenset((a, b)))
            unique.append((a, b, why))
    return unique


def render(rows: list[OrgRow], width: int = 100) -> str:
    """A plain-text table: canonical, kind, code, mentions, papers, variants."""
    lines = [f"{'canonical':50s} {'kind':16s} {'code':10s} {'n':>5s} {'papers':>6s}  variants"]
    for r in rows:
        variants = " | ".join(v for v in r.variants if v != r.canonical) or "-"
        head = f"{r.canonical[:50]:50s} {r.kind or '-':16s} {r.code or '-':10s} "
        lines.append(f"{head}{r.mentions:5d} {r.papers:6d}  {variants}"[: width * 3])
    return "\n".join(lines)
