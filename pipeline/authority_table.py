"""The table of councils (``data/authorities.csv``): read, checked line by line, cached.

Kept apart from `pipeline.authorities` (which finds the council that wrote a
paper) so the data and its checks can be read on their own; the overrides a
person gives (`pipeline.overrides`) and the finder both build on it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

COLUMNS = ("gss_code", "name", "kind", "nation", "variants", "valid_to")
KINDS = frozenset(
    {
        "county",
        "metropolitan_district",
        "london_borough",
        "unitary",
        "sui_generis",
        "welsh_principal",
        "scottish_council",
    }
)
NATIONS = frozenset({"England", "Wales", "Scotland"})
CODE_RE = re.compile(r"E0[6789]\d{6}|E10\d{6}|W06\d{6}|S12\d{6}")

# Words that make a council name out of a place ("Hackney Council").
COUNCIL_WORDS = frozenset({"council", "borough", "corporation", "comhairle", "cyngor", "mbc", "lb"})
# Variants made only of these say nothing about which council: "City Council".
GENERIC_WORDS = COUNCIL_WORDS | frozenset(
    {"city", "county", "district", "metropolitan", "the", "of", "and", "royal", "town", "cc"}
)

WORD_RE = re.compile(r"[^\W\d_]+|&")


class AuthorityTableError(ValueError):
    """The authorities CSV is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class Authority:
    """A council with adult social care duties."""

    #: ONS GSS code, e.g. E08000003.
    code: str
    #: The council's own name, e.g. "Manchester City Council".
    name: str
    #: county, metropolitan_district, london_borough, unitary, sui_generis,
    #: welsh_principal or scottish_council.
    kind: str
    #: England, Wales or Scotland.
    nation: str
    #: Other printed forms of the name, acronyms included.
    variants: tuple[str, ...] = ()
    #: Year of the 1 April the council was abolished; None while it exists.
    valid_to: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every variant."""
        return (self.name, *self.variants)


def load_authorities(path: Path | None = None) -> list[Authority]:
    """Every council in the table: the packaged CSV, or a researcher's copy at ``path``."""
    return list(_load(path))


@lru_cache(maxsize=8)
def _load(path: Path | None) -> tuple[Authority, ...]:
    if path is None:
        resource = resources.files("pipeline").joinpath("data/authorities.csv")
        return _parse_table(resource.read_text(encoding="utf-8-sig"), "authorities.csv")
    return _parse_table(Path(path).read_text(encoding="utf-8-sig"), str(path))


@lru_cache(maxsize=1)
def district_councils() -> tuple[Authority, ...]:
    """The councils beside the table's: England's district councils (and Northern
    Ireland's), as the organisation register holds them from GOV.UK's list of every
    council. A paper may come from one (Gloucester City Council's, which would otherwise
    be filed under Gloucestershire, the county it names); they have no social care duties,
    so no population or research rows, and ``load_authorities`` leaves them out."""
    text = resources.files("pipeline").joinpath("data/organisations.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    nations = {"E07": "England", "N09": "Northern Ireland"}
    return tuple(
        Authority(
            code=r["code"],
            name=r["canonical"],
            kind="district",
            nation=nations[r["code"][:3]],
            variants=(
                *(v for v in r["variants"].split("|") if v and v != r["canonical"]),
                # "Gloucester City" (the city council's own short form)
                *(
                    [r["canonical"].removesuffix(" Council")]
                    if r["canonical"].endswith(" City Council")
                    else []
                ),
            ),
        )
        for r in rows
        if r["kind"] == "local_authority" and r["code_system"] == "ons" and r["code"][:3] in nations
    )


def _parse_table(text: str, source: str) -> tuple[Authority, ...]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise AuthorityTableError(f"{source}: missing column(s) {', '.join(missing)}")
    out: list[Authority] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        code = (row["gss_code"] or "").strip()
        if not code or code.startswith("#"):
            continue
        where = f"{source}:{line}"
        if not CODE_RE.fullmatch(code):
            raise AuthorityTableError(f"{where}: {code!r} is not an upper-tier GSS code")
        if code in seen:
            raise AuthorityTableError(f"{where}: {code} already on line {seen[code]}")
        seen[code] = line
        name = (row["name"] or "").strip()
        kind = (row["kind"] or "").strip()
        nation = (row["nation"] or "").strip()
        if not name:
            raise AuthorityTableError(f"{where}: empty name")
        if kind not in KINDS:
            raise AuthorityTableError(f"{where}: kind {kind!r} not one of {sorted(KINDS)}")
        if nation not in NATIONS:
            raise AuthorityTableError(f"{where}: nation {nation!r} not one of {sorted(NATIONS)}")
        variants = tuple(
            dict.fromkeys(v.strip() for v in (row["variants"] or "").split("|") if v.strip())
        )
        for form in (name, *variants):
            if not set(name_key(form)) - GENERIC_WORDS:
                raise AuthorityTableError(f"{where}: {form!r} names no particular council")
        raw_to = (row["valid_to"] or "").strip()
        if raw_to and not re.fullmatch(r"(19|20)\d\d", raw_to):
            raise AuthorityTableError(f"{where}: valid_to {raw_to!r} is not a year")
        valid_to = int(raw_to) if raw_to else None
        out.append(Authority(code, name, kind, nation, variants, valid_to))
    return tuple(out)


def fold(token: str) -> str:
    """One word case- and accent-folded; '&' is 'and'."""
    if token == "&":
        return "and"
    if token.isascii():
        return token.casefold()
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(text: str) -> tuple[str, ...]:
    """A name as folded words: 'Royal Borough of Kingston-upon-Thames' and its variants meet."""
    return tuple(fold(t) for t in WORD_RE.findall(text))
