"""The gazetteer: bodies and funding programmes, turned into ruler patterns.

Three data files feed it, and nothing here names a body, so the code never has to change
for a new council: patterns/partners.jsonl (hand-kept bodies: charities, local care
organisations, the generic names of types of body), patterns/funds.jsonl (funding
programmes, tagged FUND, never as organisations) and the organisation register
(pipeline/data/organisations.csv with authorities.csv: ODS and GSS codes). A body in both
partners.jsonl and the register takes the register's name, kind and code, and keeps
the aliases of both (one canonical name per body, whichever file found it).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PATTERNS_DIR = Path(__file__).parent / "patterns"
GAZETTEER_FILE = PATTERNS_DIR / "partners.jsonl"
FUNDS_FILE = PATTERNS_DIR / "funds.jsonl"

#: the kind of the entries that name a type of body rather than one body
GENERIC = "generic"
#: the kind of funding programmes (label FUND)
FUND = "fund"

#: partners.jsonl kinds as register kinds (pipeline.tagging.register.KINDS)
KIND_OF = {
    "nhs_foundation_trust": "nhs_trust",
    "nhs_trust": "nhs_trust",
    "ccg": "icb_ccg_pct",
    "icb": "icb_ccg_pct",
    "pct": "icb_ccg_pct",
    "pct_cluster": "icb_ccg_pct",
    "national_nhs": "nhs_england",
    "lco": "provider",
    "partnership": "other",
    "joint_commissioner": "other",
}


@dataclass(frozen=True, slots=True)
class Body:
    """One line of the gazetteer."""

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    #: a one-word name that is an ordinary word at the start of a sentence ("Mind")
    not_sentence_initial: bool = False
    #: ODS or GSS code from the register; None when the body has none
    code: str | None = None
    #: (alias, pattern): an alias that names this body only in a sentence the pattern
    #: finds in ("compensation grant" is the business rates one beside "business rate")
    context: tuple[tuple[str, str], ...] = ()

    def misplaced(self, printed: str, sentence: str, *, sentence_start: bool) -> bool:
        """Not this body where it stands: a one-word name opening a sentence ("Mind"), or
        an alias that needs words around it that the sentence lacks."""
        if self.not_sentence_initial and sentence_start:
            return True
        key = _key(printed)
        return any(
            _key(a) == key and not re.search(p, sentence, re.IGNORECASE) for a, p in self.context
        )


def read_bodies(path: Path = GAZETTEER_FILE) -> list[Body]:
    """Every body in a gazetteer file (JSON lines: canonical, kind, aliases)."""
    out: list[Body] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        try:
            context = tuple((a, p) for a, p in row.get("context", {}).items())
            aliases = tuple(
                dict.fromkeys([row["canonical"], *row.get("aliases", []), *(a for a, _ in context)])
            )
            out.append(
                Body(
                    canonical=row["canonical"],
                    kind=KIND_OF.get(row["kind"], row["kind"]),
                    aliases=aliases,
                    not_sentence_initial=bool(row.get("not_sentence_initial", False)),
                    context=context,
                )
            )
        except KeyError as exc:  # a broken edit should say where it is
            raise ValueError(f"{path.name}:{n}: missing field {exc}") from exc
    return out


def _token_spec(tok: str) -> dict[str, Any]:
    # Acronyms and odd casing (GMMH, iBCF, SLaM) must match exactly; capitalised
    # words match any casing but all-lower ("Red Cross" yes, "red cross" no);
    # words written in lower case in the file match in any case.
    if not tok[:1].isalpha():
        return {"ORTH": tok}
    if tok.isupper() or any(c.isupper() for c in tok[1:]):
        return {"ORTH": tok}
    if tok[0].isupper():
        return {"LOWER": tok.lower(), "IS_LOWER": False}
    return {"LOWER": tok}


def _spaced(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A name wrapped over a line break ("Ashford Borough\nCouncil") still matches."""
    out: list[dict[str, Any]] = []
    for i, spec in enumerate(specs):
        if i:
            out.append({"IS_SPACE": True, "OP": "?"})
        out.append(spec)
    return out


def _any_case(tok: str) -> dict[str, Any]:
    return {"LOWER": tok.lower()} if tok[:1].isalpha() and not tok.isupper() else {"ORTH": tok}


class Gazetteer:
    """Bodies by canonical name and by alias, and the ruler patterns that find them."""

    def __init__(self, bodies: list[Body]) -> None:
        self.bodies = {b.canonical: b for b in bodies}
        self._by_alias: dict[str, Body] = {}
        self._funds_loose: dict[str, Body] = {}
        for b in bodies:
            for a in b.aliases:
                self._by_alias.setdefault(_key(a), b)
                if b.kind == FUND:
                    self._funds_loose.setdefault(_loose_key(a), b)

    def patterns(self, tokenize: Callable[[str], list[str]]) -> Iterator[dict[str, Any]]:
        """EntityRuler token patterns, one per alias, with the canonical name as id.

        `tokenize` is the tagger's own tokenizer, so each pattern lines up with
        the tokens running text is split into.
        """
        for body in self.bodies.values():
            for alias in body.aliases:
                toks = [t for t in tokenize(alias) if t.strip()]
                if toks:
                    yield {
                        "label": "FUND" if body.kind == FUND else "PARTNER",
                        "id": body.canonical,
                        "pattern": _spaced(
                            [_any_case(t) for t in toks]
                            if body.kind == FUND and len(toks) > 1
                            else [_token_spec(t) for t in toks]
                        ),
                    }

    def lookup(self, name: str) -> Body | None:
        """The body a printed name or alias stands for, ignoring case and "the"; a
        programme also by its words singular or plural ("Employer National Insurance
        Contribution Grant" is the Contributions Grant): no two grants differ by an "s"."""
        return self._by_alias.get(_key(name)) or self._funds_loose.get(_loose_key(name))

    def kind(self, canonical: str) -> str | None:
        body = self.bodies.get(canonical)
        return body.kind if body else None


def _loose_key(name: str) -> str:
    """_key with each word's plural "s" dropped ("contributions" -> "contribution")."""
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in _key(name).split()
    )


def _key(name: str) -> str:
    s = name.replace("’", "'").replace("&", " and ")
    s = re.sub(r"^\s*the\s+", "", s, flags=re.IGNORECASE)
    return re.sub(r"[\s,]+", " ", s).strip().lower()


def with_register(bodies: list[Body]) -> list[Body]:
    """The hand-kept bodies merged with the organisation register (see the module docstring)."""
    from pipeline.tagging.register import register

    reg = register()
    out: list[Body] = []
    taken: set[str] = set()
    for b in bodies:
        org = next((o for a in b.aliases if (o := reg.lookup(a)) is not None), None)
        if org is None or b.kind in {GENERIC, FUND} or org.canonical in taken:
            out.append(b)
            continue
        taken.add(org.canonical)
        aliases = tuple(dict.fromkeys([*org.variants, *b.aliases]))
        code = org.official_code
        out.append(Body(org.canonical, org.kind, aliases, b.not_sentence_initial, code))
    for org in reg.orgs.values():
        if org.canonical not in taken:
            out.append(Body(org.canonical, org.kind, org.variants, False, org.official_code))
    return out


@functools.cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (partners, funds and the register), read once."""
    return Gazetteer(with_register([*read_bodies(), *read_bodies(FUNDS_FILE)]))
