"""The partner gazetteer: an editable data file of bodies, turned into ruler patterns.

Researchers add a body by adding one line to patterns/partners.jsonl; nothing
here names a body, so the code never has to change for a new council.
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

#: the kind of the entries that name a type of body rather than one body
GENERIC = "generic"


@dataclass(frozen=True, slots=True)
class Body:
    """One line of the gazetteer."""

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    #: a one-word name that is an ordinary word at the start of a sentence ("Mind")
    not_sentence_initial: bool = False


def read_bodies(path: Path = GAZETTEER_FILE) -> list[Body]:
    """Every body in a gazetteer file (JSON lines: canonical, kind, aliases)."""
    out: list[Body] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        try:
            aliases = tuple(dict.fromkeys([row["canonical"], *row.get("aliases", [])]))
            out.append(
                Body(
                    canonical=row["canonical"],
                    kind=row["kind"],
                    aliases=aliases,
                    not_sentence_initial=bool(row.get("not_sentence_initial", False)),
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


class Gazetteer:
    """Bodies by canonical name and by alias, and the ruler patterns that find them."""

    def __init__(self, bodies: list[Body]) -> None:
        self.bodies = {b.canonical: b for b in bodies}
        self._by_alias: dict[str, Body] = {}
        for b in bodies:
            for a in b.aliases:
                self._by_alias.setdefault(_key(a), b)

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
                        "label": "PARTNER",
                        "id": body.canonical,
                        "pattern": [_token_spec(t) for t in toks],
                    }

    def lookup(self, name: str) -> Body | None:
        """The body a printed name or alias stands for, ignoring case and "the"."""
        return self._by_alias.get(_key(name))

    def kind(self, canonical: str) -> str | None:
        body = self.bodies.get(canonical)
        return body.kind if body else None


def _key(name: str) -> str:
    s = name.replace("’", "'").replace("&", " and ")
    s = re.sub(r"^\s*the\s+", "", s, flags=re.IGNORECASE)
    return re.sub(r"[\s,]+", " ", s).strip().lower()


@functools.cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once."""
    return Gazetteer(read_bodies())
