"""Organisations and funding programmes found by the form of their name.

The gazetteer and the register name the bodies they know; papers also name bodies they
do not ("Swale Borough Council" in a register that lacks it, "Department for Levelling
Up, Housing and Communities", "Hodson Developments Ltd") and local funds ("Kent and Medway
Business Fund"). Two spaCy components read the forms in patterns/org_forms.jsonl and
patterns/fund_forms.jsonl: a run of capitalised words ending in a head ("Council",
"Agency", "Ltd", "Grant", "Fund"), or a head followed by its name ("Department for ...").

A name found this way is resolved through the register (so a variant still gets its
body's canonical name and code); a name the register does not know keeps its printed
form as canonical, the kind the form implies, and no code. A run of generic words ("Full
Council", "Capital Grant", "the Fund") names no body and is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

import pipeline.tagging.phrases  # noqa: F401  (registers bp_gazetteer)
from pipeline.tagging.doctext import doc_text
from pipeline.tagging.gazetteer import FUND, GENERIC, PATTERNS_DIR, gazetteer
from pipeline.tagging.needs import Needs
from pipeline.tagging.register import register


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that never make a name on their own: types of body, roles, sentence
# openers and modifiers. "Full Council", "Cabinet Member", "Capital Grant".
GENERIC_WORDS = _words(
    "The A An This That These Those Its Their Our Each Every Any All Both Such Other Another "
    "Full County Borough District City Town Parish Metropolitan Council Councils Local "
    "Unitary Cabinet Member Members Leader Leaders Chief Executive Scrutiny Committee Youth "
    "Advisory Governing Schools School Health Care Social Adult Adults Children Children's "
    "Services Capital Revenue Specific Government General Section Additional One-off New "
    "Total Core Main Central Annual Contingency Hardship Grant Grants Fund Funds Funding "
    "Bonus Transformation Reserve Reserves Risk Budget Budgets Investment Improvement "
    "Development Support Recovery National Regional Community Communities Partnership "
    "Partnerships Public Private Key Lead Working Following Including Under Through From With "
    "Within Without Appendix Table Annex Department Ministry Office Agency Ltd Limited LLP "
    "PLC Plc Surgery Network Primary Pension Strategic Strategy Plan Programme Project "
    "Projects Scheme Schemes Team Service Service's Business Economic Enterprise Police "
    "Regeneration Infrastructure Transport Highways Housing Education Skills Employment "
    "Growth Levelling Up Shared Prosperity UK English England Insurance Collection Residents "
    "Tenants Parents Provider Providers Association Associations "
)
# Words before a name that are a month or a role, never part of it: "13 March County
# Council", "Chair Kent Housing Group".
_NOT_A_NAME_START = _words(
    "January February March April May June July August September October November December "
    "Chair Chairman Vice Leader Member Director Officer Minister Secretary Head Manager "
    "Support Prevention Shortfall"
)
# Capitalised words that open a clause, never a name: "Where Council tax ...".
_OPENING = _words(
    "Where When If While Whilst As But So Also Although Unless Until Since Once After Before "
    "With Without Within From For By At In On To Of Whether Because"
)
_COMPANY = _words("Ltd LLP plc PLC CIC")
_COUNCIL_STYLE = _words("County Borough District City Town Parish Metropolitan Unitary")
_CONNECTORS = frozenset({"and", "&", "of", "for", "the", "upon", "on", "-", ",", "'s", "’s"})


def _read(name: str) -> list[dict[str, Any]]:
    lines = (PATTERNS_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def _set_ents(doc: Doc, spans: Iterable[Span], drop: Callable[[Span], bool]) -> None:
    keep = [e for e in doc.ents if not drop(e)]
    doc.ents = filter_spans([*keep, *spans])


_HEADS = _words(
    "Corporation Council Councils Agency Ltd Limited LLP PLC plc Network Surgery Partnership Group "
    "Fund Grant Bonus Board Trust Authority Service Services Department Ministry Office "
)


def _trim(doc: Doc, start: int, end: int, head_at_start: bool) -> tuple[int, int] | None:
    """The name inside a form match: a list cut at its last name ("X Council and Y
    Council"), leading openers and trailing connectors cut; None when only generic words
    are left."""
    if not head_at_start:
        for t in doc[start + 1 : end - 1]:
            if t.lower_ in {"and", "&", ","} and doc[t.i - 1].text in _HEADS:
                start = t.i + 1
            elif t.text in {"-", "–"} and (t.whitespace_ or doc[t.i - 1].whitespace_):
                start = t.i + 1  # "Framing Kent's Future - Our Council Strategy": a dash
        for t in doc[start : end - 1]:
            if t.text in _NOT_A_NAME_START or (t.text in _COMPANY and t.i < end - 1):
                start = t.i + 1  # "Ltd EDSECO Ltd": a list of companies without "and"
        while start < end and (
            doc[start].lower_ in _CONNECTORS
            or doc[start].is_punct
            or doc[start].is_space
            or (doc[start].is_stop and (doc[start].is_lower or doc[start].text in _OPENING))
            or (doc[start].is_sent_start and doc[start].text in GENERIC_WORDS)
        ):
            start += 1
    while end > start and (
        doc[end - 1].lower_ in _CONNECTORS or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    words = [
        t
        for t in doc[start:end]
        if t.lower_ not in _CONNECTORS and not t.is_punct and not t.is_space
    ]
    if head_at_start:
        return (start, end) if len(words) >= 2 else None
    if not words or all(t.text in GENERIC_WORDS for t in words):
        return None
    if end - start >= 2 and doc[end - 2].lower_ in _CONNECTORS:
        return None  # "Shortfall on Council": a connector right before the head
    return start, end


class _FormFinder:
    """Matcher over one patterns file; keys carry the kind and where the head stands."""

    def __init__(self, nlp: Language, file: str) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.needs = Needs()
        for i, row in enumerate(_read(file)):
            key = f"{row['kind']}|{row.get('head', 'end')}|{i}"
            self.matcher.add(key, [row["pattern"]], greedy="LONGEST")
            self.needs.add(row["pattern"])

    def found(self, doc: Doc) -> list[tuple[Span, str]]:
        out: list[tuple[Span, str]] = []
        if not self.needs.met_by_tokens(doc):  # no head word in it: the matcher finds nothing
            return out
        for key, start, end in self.matcher(doc):
            kind, head, _ = doc.vocab.strings[key].split("|")
            cut = _trim(doc, start, end, head == "start")
            if cut is not None:
                out.append((doc[cut[0] : cut[1]], kind))
        best = {(s.start, s.end): k for s, k in out}
        return [(s, best[(s.start, s.end)]) for s in filter_spans([s for s, _ in out])]


def _free(doc: Doc, span: Span) -> list[Span] | None:
    """The entities a new span would replace, or None when a known name already covers it."""
    clash = [e for e in doc.ents if e.start < span.end and span.start < e.end]
    if any(e.start <= span.start and e.end >= span.end for e in clash):
        return None  # the gazetteer found this name, or a longer one
    if any(e._.code is not None or (e.ent_id_ and e._.kind != GENERIC) for e in clash):
        return None  # a known body or fund inside: a list, or a department of it
    if any(e.label_ not in {"PARTNER", "FUND"} for e in clash):
        return None
    return clash


def _clean(text: str) -> str:
    """A printed name as a canonical one: spaces folded, '&' as 'and'."""
    return re.sub(r"\s+", " ", text.replace(" & ", " and ")).strip()


def _is_place_police(span: Span) -> bool:
    """ "Kent Police": the words before "Police" name a council's area."""
    if span[-1].text != "Police":
        return True
    place = " ".join(t.text for t in span[:-1] if not t.is_space)
    return any(name.startswith(place + " ") for name in register().orgs if place)


@Language.factory("bp_org_forms", default_config={})
def make_org_forms(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    finder = _FormFinder(nlp, "org_forms.jsonl")

    def org_forms(doc: Doc) -> Doc:
        """PARTNER spans for bodies named by form, resolved through the register."""
        new: list[Span] = []
        drop: set[tuple[int, int]] = set()
        for span, kind in finder.found(doc):
            clash = _free(doc, span)
            if clash is None or (kind == "local_authority" and _name_goes_on(doc, span.end)):
                continue
            if not _is_place_police(span):
                continue  # "Kent Council Leaders": a group of people, not the council
            if kind == "local_authority" and _misprinted_style(span):
                continue  # "the Couty Council": the paper's own council, misprinted
            org = register().resolve(span.text)
            ent = Span(doc, span.start, span.end, label="PARTNER")
            ent._.canonical = org.canonical if org else _clean(span.text)
            if (
                org is None
                and kind == "local_authority"
                and not _COUNCIL_STYLE & {t.text for t in span}
            ):
                kind = "other"  # "Independent Schools Council", "The Tree Council"
            ent._.kind = org.kind if org else kind
            ent._.code = org.official_code if org else None
            drop.update((e.start, e.end) for e in clash)
            new.append(ent)
        _set_ents(doc, new, drop=lambda e: (e.start, e.end) in drop)
        return doc

    return org_forms


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one letter changed, dropped or added, or two letters swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    diff = [k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    if len(a) == len(b) and len(diff) == 2 and diff[1] == diff[0] + 1:
        return a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _misprinted_style(span: Span) -> bool:
    """ "Couty Council", "Countyy Council": one word a letter away from a council's style
    ("County") names no place; a real place ("Bury Council") is in the register."""
    words = [t.text for t in span if not t.is_space]
    return (
        len(words) == 2
        and register().resolve(span.text) is None
        and any(_one_edit(words[0], style) for style in _COUNCIL_STYLE)
    )


def _name_goes_on(doc: Doc, i: int) -> bool:
    """A capitalised word follows: "Kent Council Leaders" names people, not a council."""
    return (
        i < len(doc)
        and doc[i].is_title
        and doc[i].text not in {"The"}
        and not (doc[i - 1].whitespace_ == "" and doc[i].text[:1] in "'’")
    )


@Language.factory("bp_fund_forms", default_config={})
def make_fund_forms(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    finder = _FormFinder(nlp, "fund_forms.jsonl")

    def fund_forms(doc: Doc) -> Doc:
        """FUND spans for programmes named "... Grant" / "... Fund" the gazetteer lacks."""
        new: list[Span] = []
        drop: set[tuple[int, int]] = set()
        for span, _ in finder.found(doc):
            clash = _free(doc, span)
            if clash is None:
                continue
            body = gazetteer().lookup(span.text)
            ent = Span(doc, span.start, span.end, label="FUND")
            ent._.canonical = body.canonical if body and body.kind == FUND else _clean(span.text)
            ent._.kind = FUND
            drop.update((e.start, e.end) for e in clash)
            new.append(ent)
        _set_ents(doc, new, drop=lambda e: (e.start, e.end) in drop)
        return doc

    return fund_forms


_DEFINITION = re.compile(
    r"""^\s*\(\s*(?:(?P<the>the)\s+)?["“‘']?
    (?P<alias>[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,3})
    ["”’']?\s*\)""",
    re.VERBOSE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*$")


@Language.component("bp_definitions")
def definitions(doc: Doc) -> Doc:
    """The short names a text defines for a body or a fund: "Kent and Medway Business
    Fund (KMBF)", "NHS Leeds CCG (the CCG)"; read after every name is found."""
    out: list[tuple[str, str, str]] = []
    for ent in doc.ents:
        if ent.label_ not in {"PARTNER", "FUND"} or ent._.kind == GENERIC:
            continue
        m = _DEFINITION.match(doc_text(doc)[ent.end_char : ent.end_char + 60])
        if not m:
            continue
        alias = m.group("alias")
        parts = alias.split()
        acronym = all(_ACRONYM.match(w) for w in parts)
        if (acronym or (m.group("the") and len(parts) <= 3)) and alias != ent.text:
            out.append((alias, str(ent._.canonical), ent.label_))
    doc._.partner_aliases = out
    return doc
