"""The organisation register: every body the tagger can name, with its kind and code.

One row per body in ``pipeline/data/organisations.csv`` (NHS trusts, ICBs, CCGs and PCTs with
their ODS codes and successors, district councils with GSS codes, government departments,
agencies, regulators and national bodies), plus the councils of
``pipeline/data/authorities.csv`` so there is one table of councils. The file says in its
header where each part came from; ``tools/build_register.py`` rebuilds it from the public files
in ``tools/register_sources/``.

``resolve`` turns a printed name into its register entry: exactly by any variant first, then
by the words that carry the name (so "East Kent Hospital Trust" and "East Kent Hospitals
University NHS Foundation Trust" meet), but only when exactly one body fits, since a guess
between two bodies would merge them.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.authorities import is_acronym, load_authorities

#: what kind of body an organisation is
KINDS = (
    "nhs_trust",
    "icb_ccg_pct",
    "nhs_england",
    "local_authority",
    "government",
    "regulator",
    "voluntary",
    "provider",
    "other",
)
COLUMNS = (
    "canonical",
    "kind",
    "code",
    "code_system",
    "variants",
    "successors",
    "valid_from",
    "valid_to",
    "source",
)


@dataclass(frozen=True, slots=True)
class Organisation:
    """One body of the register."""

    canonical: str
    #: one of KINDS
    kind: str
    #: ODS code (NHS), ONS GSS code (councils) or a slug of the name
    code: str
    #: "ods", "ons" or "slug"
    code_system: str
    #: printed forms and acronyms, the canonical name first
    variants: tuple[str, ...]
    #: codes of the bodies that took over (a PCT's CCGs, a CCG's ICB)
    successors: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None
    source: str = ""

    @property
    def official_code(self) -> str | None:
        """The ODS or GSS code; None for bodies known only by a slug."""
        return None if self.code_system == "slug" else self.code


def slug(name: str) -> str:
    """A stable id for a name: lower case, words joined by hyphens."""
    s = name.lower().replace("&", " and ").replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def read_register(path: Path | None = None) -> list[Organisation]:
    """Every row of the register file ('#' lines are its header notes)."""
    if path is None:
        text = resources.files("pipeline").joinpath("data/organisations.csv").read_text("utf-8")
        source = "organisations.csv"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    body = "\n".join(x for x in text.splitlines() if not x.startswith("#"))
    out: list[Organisation] = []
    for n, row in enumerate(csv.DictReader(io.StringIO(body)), 2):
        missing = [c for c in ("canonical", "kind", "code") if not (row.get(c) or "").strip()]
        if missing or row["kind"] not in KINDS:
            raise ValueError(f"{source}: row {n}: bad or missing {missing or ['kind']}")
        variants = [v for v in (row.get("variants") or "").split("|") if v.strip()]
        out.append(
            Organisation(
                canonical=row["canonical"].strip(),
                kind=row["kind"],
                code=row["code"].strip(),
                code_system=(row.get("code_system") or "slug").strip(),
                variants=tuple(dict.fromkeys([row["canonical"].strip(), *variants])),
                successors=tuple(s for s in (row.get("successors") or "").split("|") if s),
                valid_from=row.get("valid_from") or None,
                valid_to=row.get("valid_to") or None,
                source=row.get("source") or "",
            )
        )
    return out


def council_organisations() -> list[Organisation]:
    """The councils of authorities.csv as register entries.

    Their full names count as printed forms here ("Medway Council"), and acronyms that
    stand for one council only ("KCC"); a bare place ("Medway") names an area, and an
    acronym of several councils ("MCC": Manchester, Monmouthshire) says nothing. The
    paper's own council is matched by every form it prints (see pipeline.tagging).
    """
    councils = load_authorities()
    acronyms = Counter(v for a in councils for v in a.variants if is_acronym(v))
    out = []
    for a in councils:
        forms = [a.name, *(v for v in a.variants if re.search(r"\b(?:Council|Borough)\b", v))]
        forms += [v for v in a.variants if is_acronym(v) and acronyms[v] == 1]
        if " and " in a.name:
            forms.append(a.name.replace(" and ", " & "))
        out.append(
            Organisation(
                canonical=a.name,
                kind="local_authority",
                code=a.code,
                code_system="ons",
                variants=tuple(dict.fromkeys(forms)),
                valid_to=f"{a.valid_to}-03-31" if a.valid_to else None,
                source="authorities.csv",
            )
        )
    return out


# --------------------------------------------------------------------------- resolving

_SOFT = {
    "the",
    "and",
    "of",
    "for",
    "nhs",
    "foundation",
    "university",
    "teaching",
    "hospitals",
    "hospital",
    "services",
    "service",
    # a council's style: "Dartford District Council" printed for Dartford Borough Council
    "borough",
    "district",
    "city",
    "county",
    "metropolitan",
}


def name_key(name: str) -> str:
    """A printed name folded for exact lookup: case, '&', 'the', apostrophes, spacing."""
    s = name.replace("’", "'").replace("&", " and ")
    s = re.sub(r"^\s*the\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"'s\b", "s", s).replace("'", "")
    return re.sub(r"[\s,.]+", " ", s).strip().lower()


def core_words(name: str) -> tuple[str, ...]:
    """The words that carry a name: 'East Kent Hospital Trust' -> (east, kent, trust)."""
    return tuple(w for w in name_key(name).split() if w not in _SOFT)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


class Register:
    """Organisations by canonical name, by every variant, and by their core words."""

    def __init__(self, orgs: Iterable[Organisation]) -> None:
        self.orgs: dict[str, Organisation] = {}
        self._by_key: dict[str, Organisation] = {}
        self._by_core: dict[tuple[str, ...], list[Organisation]] = {}
        for org in orgs:
            if org.canonical in self.orgs:
                continue  # authorities.csv and the register agree on a council: first wins
            self.orgs[org.canonical] = org
            for v in org.variants:
                self._by_key.setdefault(name_key(v), org)
                if len(v.split()) > 1:
                    self._by_core.setdefault(core_words(v), []).append(org)
        self._heads: dict[str, list[tuple[tuple[str, ...], Organisation]]] = {}
        for core, found in self._by_core.items():
            for org in dict.fromkeys(found):
                if core:
                    self._heads.setdefault(core[-1], []).append((core, org))

    def lookup(self, name: str) -> Organisation | None:
        """The body a printed form names exactly (case, '&' and 'the' aside)."""
        return self._by_key.get(name_key(name))

    def resolve(self, name: str) -> Organisation | None:
        """The one body a printed name stands for, or None when none or several fit.

        Exact variants first; then the same core words; then core words that are an
        ordered part of exactly one body's ("Kent and Medway Partnership Trust" of "Kent
        and Medway NHS and Social Care Partnership Trust"), with the same last word.
        """
        exact = self.lookup(name)
        if exact is not None:
            return exact
        core = core_words(name)
        if len(core) < 2:
            return None
        same = list(dict.fromkeys(self._by_core.get(core, [])))
        if len(same) == 1:
            return same[0]
        if same or len(core) < 3:
            return None  # "Kent Council" is too little to say which body
        fits = {
            org.canonical: org
            for other, org in self._heads.get(core[-1], [])
            if len(other) > len(core) and _subsequence(core, other)
        }
        return next(iter(fits.values())) if len(fits) == 1 else None


@functools.cache
def register() -> Register:
    """The shipped register and the councils of authorities.csv, read once."""
    return Register([*council_organisations(), *read_register()])


@functools.cache
def council_places() -> dict[str, tuple[str, ...]]:
    """GSS code -> the places a council is named after ("Kent" for Kent County Council)."""
    return {
        a.code: tuple(
            v
            for v in (a.name, *a.variants)
            if not is_acronym(v) and not re.search(r"\b(?:Council|Borough)\b", v)
        )
        for a in load_authorities()
    }


#: the printed forms of "the ICB" that name no ICB (lower case, as SQL compares them);
#: the plural speaks of them all and is never one ICB
GENERIC_ICB_FORMS = r"^(the )?(integrated care board|icb)$"


@functools.cache
def area_icb(authority_code: str | None) -> tuple[str, str, str | None] | None:
    """The one ICB named after the council's place ("NHS Kent and Medway Integrated Care
    Board" for Kent County Council): (canonical, kind, code), or None. The place must be a
    whole part of the ICB's area name, so Essex, split between three ICBs none named "Essex"
    alone, gets none. A name, not a boundary lookup: a council whose area an ICB of another
    name also covers (Frimley's share of Hampshire) still gets the one named after it."""
    places = set(council_places().get(authority_code or "", ()))
    if not places:
        return None
    found = set()
    for org in register().orgs.values():
        name = org.canonical
        if org.kind != "icb_ccg_pct" or not name.endswith(" Integrated Care Board"):
            continue
        area = re.sub(r"^NHS\s+|\s+Integrated Care Board$", "", name)
        if places & {p.strip() for p in re.split(r",|\band\b", area)}:
            found.add((org.canonical, org.kind, org.official_code))
    return found.pop() if len(found) == 1 else None
