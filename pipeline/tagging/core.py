"""Tag stage: narrative blocks in, Mention and Claim records out.

    result = tag_blocks(blocks, authority_names=["Leeds City Council", "the Council"])
    result.mentions  # MONEY, FISCAL_YEAR, PARTNER, FUND, RAG, PERCENT spans
    result.claims    # one per MONEY mention: kind, fiscal year, subject

Blocks are read in order so an acronym a paper defines ("NHS Leeds CCG (the
CCG)") names the same partner wherever it is used later. A PARTNER mention carries
the body's kind and, from the organisation register, its ODS or GSS code. The
council that wrote the paper, and its own departments, are never partners; with
``author_mentions=True`` its own name is still tagged, as a PARTNER with role
"author", so every organisation a paper names is on record. Funding programmes
(Better Care Fund, Dedicated Schools Grant) are FUND, never organisations.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.models import Block, Claim, Mention
from pipeline.tagging.claims import block_lead, claims_of
from pipeline.tagging.doctext import doc_text
from pipeline.tagging.forms import GENERIC_WORDS
from pipeline.tagging.gazetteer import GENERIC
from pipeline.tagging.nlp import build_nlp, span_offsets, span_text
from pipeline.tagging.register import area_icb, council_places, register

__all__ = ["LABELS", "TagResult", "build_nlp", "tag_blocks"]

#: the labels a Mention can carry
LABELS = ("MONEY", "FISCAL_YEAR", "PARTNER", "FUND", "RAG", "PERCENT")
#: generic names of a type of body, and how the canonical names of that type end
_GENERIC_TYPES = {
    "Integrated Care Board": "Integrated Care Board",
    "Clinical Commissioning Group": "Clinical Commissioning Group",
    "Primary Care Trust": "Primary Care Trust",
}


@dataclass
class TagResult:
    """What the tag stage finds in a paper's narrative."""

    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def _norm(name: str) -> str:
    s = name.replace("’", "'").replace("&", " and ")
    s = re.sub(r"^\s*the\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"'s\b", "", s)
    return re.sub(r"[\s,.]+", " ", s).strip().lower()


class _Authority:
    """The council that wrote the paper, under every name the paper gives it."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = [n.strip() for n in names if n.strip()]
        self.keys = {_norm(n) for n in self.names}

    def learn(self, text: str) -> None:
        """Pick up "Manchester City Council (MCC)"-style short names."""
        for name in list(self.names):
            pat = re.escape(name) + r"\s*\(\s*(?:the\s+)?[\"“]?([A-Z][\w&]{1,15})[\"”]?\s*\)"
            for m in re.finditer(pat, text):
                if _norm(m.group(1)) not in self.keys:
                    self.names.append(m.group(1))
                    self.keys.add(_norm(m.group(1)))

    def is_name(self, name: str) -> bool:
        """The council itself, not one of its departments."""
        return _norm(name) in self.keys

    def covers(self, name: str) -> bool:
        k = _norm(name)
        return bool(k) and (k in self.keys or any(k.startswith(a + " ") for a in self.keys))


@dataclass
class _Found:
    label: str
    start: int
    end: int
    span: Span
    canonical: str | None = None
    kind: str | None = None
    code: str | None = None
    role: str | None = None


@dataclass
class _Author:
    """How the paper's own council is recorded when author_mentions is on."""

    canonical: str
    code: str | None

    def found(self, ent: Span, start: int, end: int) -> _Found:
        return _Found(
            "PARTNER", start, end, ent, self.canonical, "local_authority", self.code, "author"
        )


#: words before a type of body that make it any body of the type, not one body
_QUANTIFIERS = frozenset({"every", "each", "any", "a", "an", "no", "another"})


def _any_one_of_a_type(doc: Doc, ent: Span) -> bool:
    """ "every Primary Care Network", "a Clinical Commissioning Group": a type of body
    named to speak of all or any of them refers to no body; nor does one named for a
    service ("the Children's Integrated Care Board"), which is a board of that service."""
    if ent._.kind != GENERIC or ent.start == 0:
        return False
    before = doc[ent.start - 1]
    if before.lower_ in _QUANTIFIERS:
        return True
    if before.text in {"'s", "’s"} and ent.start > 1:
        before = doc[ent.start - 2]
    return before.text in GENERIC_WORDS and not before.is_stop


def _kind_and_code(canonical: str, kinds: dict[str, str]) -> tuple[str | None, str | None]:
    """A short name the paper defined takes its body's kind and code: the register's, else
    the kind the form of the full name gave ("Kent Association of Local Councils (KALC)")."""
    org = register().lookup(canonical)
    return (org.kind, org.official_code) if org else (kinds.get(canonical), None)


def _partner_mentions(
    doc: Doc,
    defined: dict[str, str],
    authority: _Authority,
    author: _Author | None,
    kinds: dict[str, str],
) -> list[_Found]:
    out: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for ent in doc.ents:
        start, end = span_offsets(ent)
        taken.append((start, end))
        if ent.label_ != "PARTNER" or _any_one_of_a_type(doc, ent):
            continue
        text = span_text(ent)
        canonical = ent._.canonical or text
        kind, code = ent._.kind, ent._.code
        key = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
        if key in defined and (ent._.kind == GENERIC or key.isupper() or key == text):
            canonical = defined[key]
            kind, code = _kind_and_code(canonical, kinds)
        if authority.covers(text) or authority.covers(canonical):
            if author is not None and authority.is_name(text):
                out.append(author.found(ent, start, end))
            continue
        out.append(_Found("PARTNER", start, end, ent, canonical, kind, code, "partner"))
    if author is not None:
        out.extend(_author_mentions(doc, authority, author, taken))
    # Acronyms the paper defined that the gazetteer does not know.
    for alias, canonical in defined.items():
        if authority.covers(canonical):
            continue
        for m in re.finditer(rf"(?<![\w&]){re.escape(alias)}(?![\w&])", doc_text(doc)):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            taken.append((m.start(), m.end()))
            kind, code = _kind_and_code(canonical, kinds)
            out.append(
                _Found("PARTNER", m.start(), m.end(), span, canonical, kind, code, "partner")
            )
    return out


def _defined_mentions(
    doc: Doc, defined: dict[str, str], label: str, taken: list[tuple[int, int]]
) -> list[_Found]:
    """Later uses of a short name the paper defined ("KMBF") where no other span stands."""
    out: list[_Found] = []
    for alias, canonical in defined.items():
        for m in re.finditer(rf"(?<![\w&]){re.escape(alias)}(?![\w&])", doc_text(doc)):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                taken.append((m.start(), m.end()))
                out.append(_Found(label, m.start(), m.end(), span, canonical))
    return out


def _author_mentions(
    doc: Doc, authority: _Authority, author: _Author, taken: list[tuple[int, int]]
) -> list[_Found]:
    """The paper's own council by its full name or acronym ("KCC", "non-KCC"), where
    no other span stands; a bare place ("Kent") names an area, not the council."""
    out: list[_Found] = []
    for name in authority.names:
        if not (name.isupper() or re.search(r"\b(?:Council|Borough)\b", name)):
            continue
        for m in re.finditer(rf"(?<![\w&]){re.escape(name)}(?![\w&])", doc_text(doc)):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                taken.append((m.start(), m.end()))
                out.append(author.found(span, m.start(), m.end()))
    return out


def _mentions_of(
    doc: Doc,
    block: Block,
    defined: dict[str, str],
    defined_funds: dict[str, str],
    authority: _Authority,
    author: _Author | None,
    kinds: dict[str, str],
) -> list[Mention]:
    found = _partner_mentions(doc, defined, authority, author, kinds)
    taken = [(f.start, f.end) for f in found]
    for ent in doc.ents:
        if ent.label_ in LABELS and ent.label_ != "PARTNER":
            start, end = span_offsets(ent)
            taken.append((start, end))
            found.append(_Found(ent.label_, start, end, ent, ent._.canonical))
    found.extend(_defined_mentions(doc, defined_funds, "FUND", taken))
    out: list[Mention] = []
    for f in _without_definitions(doc_text(doc), sorted(found, key=lambda x: (x.start, x.end))):
        if f.label == "PARTNER" and _part_of_a_title(doc_text(doc), f.start, f.end):
            continue
        ent = f.span
        out.append(
            Mention(
                page=block.page,
                label=f.label,
                text=doc_text(doc)[f.start : f.end],
                sentence=ent.sent.text.strip(),
                block_order=block.order,
                start=f.start,
                end=f.end,
                amount_gbp=ent._.amount_gbp if f.label == "MONEY" else None,
                first_fy=ent._.first_fy if f.label == "FISCAL_YEAR" else None,
                last_fy=ent._.last_fy if f.label == "FISCAL_YEAR" else None,
                canonical=f.canonical if f.label in {"PARTNER", "FUND", "RAG"} else None,
                percent=ent._.percent if f.label == "PERCENT" else None,
                bbox=block.bbox,
                kind=f.kind if f.label == "PARTNER" else None,
                code=f.code if f.label == "PARTNER" else None,
                role=f.role if f.label == "PARTNER" else None,
                table_index=block.table_index,
                row_index=block.row_index,
            )
        )
    return out


#: Capitalised words after a body's name that make it the name of something else: a
#: council's committee ("Kent and Medway NHS Joint Overview and Scrutiny Committee"), a
#: document ("Kent County Council Integrated Care Strategy") or a scheme or award the body
#: runs ("MoD Employer Recognition Scheme Gold Award").
_TITLE_AFTER = re.compile(
    r"\s+(?:(?:[A-Z][\w'’-]*|and|of|for|&)\s+){0,6}?"
    r"(?:Committee|Sub-Committee|Strategy|Plan|Policy|Framework|Constitution|Scheme|Award)\b"
)
#: "(KCC ICS)": a council's acronym opening the short name of such a title
_SHORT_TITLE_AFTER = re.compile(r"\s+[A-Z]{2,}\s*\)")
_TITLE_WORD_BEFORE = re.compile(
    r"(?:Committee|Strategy|Plan|Policy|Framework|Constitution)\s*\(\s*$"
)


def _part_of_a_title(text: str, start: int, end: int) -> bool:
    """A body's name or acronym that opens the name of a committee or a document is not a
    mention of the body: "NHS" in "Kent and Medway NHS Joint Overview and Scrutiny
    Committee", "Kent County Council" in "Kent County Council Integrated Care Strategy
    (KCC ICS)", "MoD" in "MoD Employer Recognition Scheme". Words must run on from the
    name ("the Council's Strategy" is a mention)."""
    if _TITLE_AFTER.match(text, end):
        return True
    return bool(_TITLE_WORD_BEFORE.search(text, 0, start) and _SHORT_TITLE_AFTER.match(text, end))


_IN_BRACKETS = re.compile(r"\s*\(\s*[\"“‘']?(?:the\s+)?$", re.IGNORECASE)


def _without_definitions(text: str, found: list[_Found]) -> list[_Found]:
    """ "Kent County Council (KCC)" is one mention of the council: a short name defined in
    brackets right after the name it stands for is not counted again."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and f.label in {"PARTNER", "FUND"}
            and prev.label == f.label
            and prev.canonical == f.canonical
            and _IN_BRACKETS.fullmatch(text[prev.end : f.start])
            and re.match(r"[\"”’']?\s*\)", text[f.end : f.end + 3])
        ):
            continue
        out.append(f)
    return out


def _council_domain(place: str) -> re.Pattern[str]:
    """The council's web and mail domain, "kent.gov.uk", "tunbridgewells.gov.uk"."""
    host = re.sub(r"[^a-z]", "", place.lower())
    return re.compile(rf"(?<![\w-]){host}\.gov\.uk\b", re.IGNORECASE)


def _named_councils_only(mentions: list[Mention], text: str) -> list[Mention]:
    """A council's acronym ("KCC", "NAC") counts only in a paper that names that council in
    full, or the place it is named after ("Kent"), somewhere: three capitals alone are too
    often something else ("net additional cost"), but "KCC" in a paper about Kent is the
    county council even where the paper never prints its full name, nor its place but in
    its officers' addresses ("@kent.gov.uk", a cover report's contact block)."""
    named = {
        m.canonical
        for m in mentions
        if m.label == "PARTNER" and m.kind == "local_authority" and not m.text.isupper()
    }
    places = council_places()
    seen: dict[str, bool] = {}  # GSS code -> its place is named in the paper

    def confirmed(m: Mention) -> bool:
        if m.canonical in named:
            return True
        code = m.code or ""
        if code not in seen:
            seen[code] = any(
                re.search(rf"(?<![\w&]){re.escape(p)}(?![\w&])", text)
                or _council_domain(p).search(text)
                for p in places.get(code, ())
            )
        return seen[code]

    return [
        m
        for m in mentions
        if not (
            m.label == "PARTNER"
            and m.kind == "local_authority"
            and m.role == "partner"
            and m.text.isupper()
            and not confirmed(m)
        )
    ]


def _resolve_generics(mentions: list[Mention], authority_code: str | None = None) -> list[Mention]:
    """ "the Integrated Care Board" in a paper that names exactly one ICB is that ICB; in a
    paper that names none, it is the ICB of the council's area when one is named after it.
    The plural ("NHS integrated care boards") speaks of them all and stays generic."""
    out = []
    for m in mentions:
        ending = _GENERIC_TYPES.get(m.canonical or "") if m.kind == GENERIC else None
        if ending is not None and not re.search(r"(?:s|S)$", m.text):  # not "the ICBs"
            named = {
                (x.canonical, x.kind, x.code)
                for x in mentions
                if x.label == "PARTNER"
                and x.kind != GENERIC
                and (x.canonical or "").endswith(ending)
            }
            if not named and ending == "Integrated Care Board":
                area = area_icb(authority_code)
                named = {area} if area is not None else set()
            if len(named) == 1:
                canonical, kind, code = named.pop()
                m = dataclasses.replace(m, canonical=canonical, kind=kind, code=code)
        out.append(m)
    return out


def tag_blocks(
    blocks: Sequence[Block],
    *,
    authority_names: Sequence[str] = (),
    authority_code: str | None = None,
    author_mentions: bool = False,
) -> TagResult:
    """Tag narrative blocks given in reading order.

    authority_names: the council that wrote the paper and its variants ("Leeds
    City Council", "LCC", "the Council"); it and its departments are not partners.
    author_mentions: also tag the council's own name (full name or acronym) as a
    PARTNER with role "author", kind local_authority and code authority_code.
    """
    nlp = build_nlp()
    authority = _Authority(authority_names)
    author = (
        _Author(authority.names[0], authority_code) if author_mentions and authority.names else None
    )
    defined: dict[str, str] = {}
    defined_funds: dict[str, str] = {}
    kinds: dict[str, str] = {}  # canonical name -> kind, for short names defined later
    result = TagResult()
    heading: str | None = None
    lead: str | None = None
    for block, doc in zip(blocks, nlp.pipe(b.text for b in blocks), strict=True):
        authority.learn(doc_text(doc))
        for alias, canonical, label in doc._.partner_aliases or []:
            if label == "FUND":
                defined_funds[alias] = canonical
            elif not authority.covers(canonical) and not authority.covers(alias):
                defined[alias] = canonical
        for ent in doc.ents:
            if ent.label_ == "PARTNER" and ent._.kind not in {None, GENERIC}:
                kinds.setdefault(str(ent._.canonical), str(ent._.kind))
        found = _mentions_of(doc, block, defined, defined_funds, authority, author, kinds)
        result.mentions.extend(found)
        lead = None if block.kind == "heading" else block_lead(block.text, lead)
        result.claims.extend(claims_of(doc, block, heading, lead))
        if block.kind == "heading":
            heading = block.text
    paper = "\n".join(b.text for b in blocks)
    result.mentions = _resolve_generics(
        _named_councils_only(result.mentions, paper), authority_code
    )
    return result
