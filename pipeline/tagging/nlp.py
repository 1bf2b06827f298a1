"""The spaCy pipeline that tags narrative, built once from rules and data files.

spacy.blank("en") plus: a tokenizer that splits money ("£1.2m-£1.5m."), a
sentencizer that also breaks at bullets, an EntityRuler whose patterns are the
data files in patterns/, and registered components that read values with
pipeline.normalise and write them on Span extensions (._.amount_gbp,
._.first_fy, ._.last_fy, ._.canonical, ._.percent). No statistical model.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.normalise import exact_pounds, find_fiscal_years, parse_amount, parse_rag
from pipeline.tagging.doctext import KEY as TEXT_KEY
from pipeline.tagging.doctext import doc_text
from pipeline.tagging.forms import GENERIC_WORDS  # also registers bp_*_forms, bp_gazetteer
from pipeline.tagging.gazetteer import GENERIC, KIND_OF, PATTERNS_DIR, Gazetteer, gazetteer
from pipeline.tagging.needs import Needs
from pipeline.tagging.register import register
from pipeline.tagging.ruler import GatedRuler  # also registers bp_entity_ruler
from pipeline.tagging.years import is_fiscal_context, words

# --------------------------------------------------------------------------- extensions

SPAN_EXTENSIONS = (
    "amount_gbp",  # Decimal pounds; negative only after a minus sign set against the £
    "first_fy",
    "last_fy",
    "canonical",  # full name of a partner, or the RAG word
    "percent",  # Decimal
    "kind",  # kind of a partner ("nhs_trust", "generic", ...; register.KINDS)
    "code",  # ODS or GSS code of a partner from the register, when it has one
    "char_range",  # (start, end) when the span's tokens are wider than the text found
)


def _set_extensions() -> None:
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("partner_aliases"):
        # (alias, canonical, label) the text defines: "Leeds CCG (the CCG)"
        Doc.set_extension("partner_aliases", default=None)


# --------------------------------------------------------------------------- tokenizer

# A whitespace-free chunk that holds money: "£1.2m-£1.5m.", "(£3.343m),", "5-6m".
_MONEY_CHUNK = re.compile(r"£|\d(?:bn|mn|m|k)(?![a-z])", re.IGNORECASE)
_MONEY_PIECE = re.compile(r"£|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+|\S")


class MoneyAwareTokenizer:
    """spaCy's English tokenizer, with chunks holding money re-split into £ / number / unit.

    The stock rules keep "£1.5m" odd pieces ("1.2m-£1.5", "m."), which no token
    pattern can match; re-splitting only those chunks leaves all other text as
    spaCy splits it. doc.text is always the input text.
    """

    def __init__(self, base: Callable[[str], Doc]) -> None:
        self.base = base

    def __call__(self, text: str) -> Doc:
        doc = self._split(text)
        doc.user_data[TEXT_KEY] = text  # the Doc's text, kept for `doc_text`
        return doc

    def _split(self, text: str) -> Doc:
        doc = self.base(text)
        if not _MONEY_CHUNK.search(text):
            return doc
        pieces_out: list[str] = []
        spaces: list[bool] = []
        group: list[Token] = []

        def flush() -> None:
            if not group:
                return
            chunk = "".join(t.text for t in group)
            pieces = _MONEY_PIECE.findall(chunk)
            if not group[0].is_space and _MONEY_CHUNK.search(chunk) and "".join(pieces) == chunk:
                pieces_out.extend(pieces)
                spaces.extend([False] * (len(pieces) - 1) + [bool(group[-1].whitespace_)])
            else:
                pieces_out.extend(t.text for t in group)
                spaces.extend(bool(t.whitespace_) for t in group)
            group.clear()

        for tok in doc:
            if tok.is_space:
                flush()
                group.append(tok)
                flush()
                continue
            group.append(tok)
            if tok.whitespace_:
                flush()
        flush()
        return Doc(doc.vocab, words=pieces_out, spaces=spaces)


# --------------------------------------------------------------------------- helpers


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    path = PATTERNS_DIR / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _set_ents(doc: Doc, spans: Iterable[Span], drop: Callable[[Span], bool] | None = None) -> None:
    """Put new spans among doc.ents; the longer of two overlapping spans wins."""
    keep = [e for e in doc.ents if drop is None or not drop(e)]
    doc.ents = filter_spans([*keep, *spans])


def _char_range(span: Span) -> tuple[int, int]:
    r = span._.char_range
    if r is not None:
        return (int(r[0]), int(r[1]))
    return (span.start_char, span.end_char)


def span_text(span: Span) -> str:
    """The text a span stands for, as printed (its exact characters when known)."""
    a, b = _char_range(span)
    return doc_text(span.doc)[a:b]


def span_offsets(span: Span) -> tuple[int, int]:
    """Character offsets in the doc text of what the span stands for."""
    return _char_range(span)


# --------------------------------------------------------------------------- sentences

_BULLET = {"-", "•", "·", "*", "–", "—", "o", "▪", "◦", "‣", "●"}


@Language.component("bp_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence at a bullet after a line break (or tab), or at a new line
    after a colon or full stop.

    Text from a PDF keeps list items on their own lines with no full stop
    between them; each is its own statement.
    """
    for i, tok in enumerate(doc[:-1]):
        if not tok.is_space or ("\n" not in tok.text and "\t" not in tok.text):
            continue
        nxt = doc[i + 1]
        prev = doc[i - 1] if i > 0 else None
        bullet = nxt.text in _BULLET or bool(re.fullmatch(r"\(?\d{1,2}[.)]|\(?[a-z][.)]", nxt.text))
        ends = prev is not None and prev.text in {".", ":", ";", "!", "?"}
        if bullet or (ends and "\n" in tok.text):
            nxt.is_sent_start = True
            if i + 2 < len(doc) and nxt.text in _BULLET:
                doc[i + 2].is_sent_start = False
    return doc


# --------------------------------------------------------------------------- fiscal years


@Language.component("bp_fiscal_years")
def fiscal_years(doc: Doc) -> Doc:
    """FISCAL_YEAR spans from normalise.find_fiscal_years, with first_fy/last_fy."""
    spans: list[Span] = []
    text = doc_text(doc)
    for fy in find_fiscal_years(text):
        if not is_fiscal_context(text, fy.start, fy.end, fy.text):
            continue
        span = doc.char_span(fy.start, fy.end, label="FISCAL_YEAR", alignment_mode="expand")
        if span is None:
            continue
        span._.first_fy = fy.first_fy
        span._.last_fy = fy.last_fy
        if (span.start_char, span.end_char) != (fy.start, fy.end):
            span._.char_range = (fy.start, fy.end)
        spans.append(span)
    _set_ents(doc, spans, drop=lambda e: e.label_ == "FISCAL_YEAR")
    return doc


# --------------------------------------------------------------------------- money, percent

_NUM_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_UNIT_WORDS = {"k", "m", "mn", "bn", "million", "millions", "thousand", "billion", "billions"}
_RANGE_WORDS = {"-", "–", "—", "to"}


def money_value(printed: str) -> Decimal | None:
    """Pounds a printed sum stands for, positive; None when it is not a sum of money."""
    text = re.sub(r"\s*pounds$", "", printed.strip(), flags=re.IGNORECASE)
    if not text.startswith("£"):
        text = "£" + text
    amount = parse_amount(text.lower())
    if amount is None or amount.is_nil or amount.percent or not amount.currency:
        return None
    return abs(exact_pounds(amount, Decimal(1)))


def _unit_after(doc: Doc, span: Span) -> tuple[str, Span | None] | None:
    """For "£5-6m" or "£1.2 to £1.5m": the unit of the second figure and, when it
    is not tagged yet (no £), a span for it."""
    i = span.end
    if i >= len(doc) or doc[i].lower_ not in _RANGE_WORDS:
        return None
    j = i + 1
    if j < len(doc) and doc[j].text == "£":
        j += 1
    if j + 1 >= len(doc) or not _NUM_RE.match(doc[j].text):
        return None
    unit = doc[j + 1].lower_
    if unit not in _UNIT_WORDS:
        return None
    second = None if doc[j - 1].text == "£" else doc[j : j + 2]
    return unit, second


def _minus_before(doc: Doc, i: int) -> bool:
    """A minus sign set against the £ ("-£0.8m", "(−£2m)"), not a range dash ("£1m-£2m")."""
    if i < 1 or doc[i - 1].text not in {"-", "−"} or doc[i - 1].whitespace_:
        return False
    return i < 2 or bool(doc[i - 2].whitespace_) or doc[i - 2].text in {"(", "[", ":"}


@Language.component("bp_money")
def money(doc: Doc) -> Doc:
    """Give MONEY spans their exact value in pounds; drop what is not money."""
    keep: list[Span] = []
    extra: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "MONEY":
            continue
        printed = ent.text
        if ent[-1].lower_ not in _UNIT_WORDS and ent[-1].lower_ != "pounds":
            follow = _unit_after(doc, ent)
            if follow is not None:
                unit, second = follow
                printed = f"{printed}{unit}"
                if second is not None:
                    value2 = money_value(second.text)
                    if value2 is not None:
                        s2 = Span(doc, second.start, second.end, label="MONEY")
                        s2._.amount_gbp = value2
                        extra.append(s2)
        value = money_value(printed)
        if value is None:
            continue
        if _minus_before(doc, ent.start):
            ent = Span(doc, ent.start - 1, ent.end, label="MONEY")
            value = -value
        ent._.amount_gbp = value
        keep.append(ent)
    _set_ents(doc, [*keep, *extra], drop=lambda e: e.label_ == "MONEY")
    return doc


@Language.component("bp_percent")
def percent(doc: Doc) -> Doc:
    """Give PERCENT spans their value (22% → 22)."""
    bad: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ != "PERCENT":
            continue
        amount = parse_amount(ent[0].text)
        if amount is None:
            bad.add((ent.start, ent.end))
        else:
            ent._.percent = amount.value
    _set_ents(doc, [], drop=lambda e: (e.start, e.end) in bad)
    return doc


# --------------------------------------------------------------------------- RAG

_RAG_CUE_BEFORE = words(
    "rated rating ratings rag rag-rated status assessed graded flagged scored classed "
    "classified categorised marked"
)
_RAG_CUE_AFTER = {"rated", "rating", "rag", "status", "-rated", "rag-rated"}


def _rag_cued(ent: Span) -> bool:
    sent = ent.sent
    before = doc_slice(ent.doc, max(sent.start, ent.start - 5), ent.start)
    after = doc_slice(ent.doc, ent.end, min(sent.end, ent.end + 2))
    if any(t.lower_ in _RAG_CUE_BEFORE for t in before):
        return True
    if any(t.lower_ in _RAG_CUE_AFTER for t in after):
        return True
    capitalised = ent[0].text[:1].isupper()
    return capitalised and any(t.text in {"RAG", "R/A/G", "RAG-rated"} for t in sent)


def doc_slice(doc: Doc, start: int, end: int) -> Span:
    return doc[max(0, start) : max(start, end)]


@Language.component("bp_rag")
def rag(doc: Doc) -> Doc:
    """Keep colour words that are ratings ("rated Amber"); not "Green Belt", "Red Cross"."""
    drop: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ == "NOT_RAG":
            drop.add((ent.start, ent.end))
        elif ent.label_ == "RAG":
            word = parse_rag(ent.text, allow_letters=False)
            if word is None or not _rag_cued(ent):
                drop.add((ent.start, ent.end))
            else:
                ent._.canonical = word
    _set_ents(doc, [], drop=lambda e: (e.start, e.end) in drop)
    return doc


# --------------------------------------------------------------------------- partners

# Words that end the name of a body: a list "X Council and Y NHS Trust" is two names.
_HEADS = words(
    "Council Councils Trust Trusts Group Board Organisation Commissioning Partnership CCG "
    "ICB PCT LCO Fund Service Services Authority Agency Commission Department Directorate "
    "Team Teams"
)
# Last words of a council department or service: "Adult Social Care and Leeds NHS Trust".
_SERVICE_WORDS = words(
    "Care Services Service Housing Procurement Commissioning Finance Team Directorate "
    "Department Council Support Wellbeing Provision"
)
# Capitalised words that open a sentence or qualify a type of body, never the
# first word of a body's own name: "Working with ...", "Local Mental Health Trust".
_OPENERS = words(
    "Working Supporting Following Including Additionally Recently Currently Furthermore "
    "Meanwhile Alongside Partner Partners Commissioners Colleagues Discussions Negotiations "
    "Funding Contracts Contract Local Relevant Key Lead Host Neighbouring Main Various "
    "Existing Current Former Previous New Individual Respective Named Statutory"
)
_CONNECTORS = {"and", "&", "of", "upon", "on", "'s", "’s", "'", "’", "-", ","}
_HEALTH_WORDS = words(
    "NHS Health Healthcare Hospital Hospitals Care Mental Partnership Community Ambulance "
    "Teaching Acute Primary Medical Clinical"
)
_ABBREVIATIONS = {
    "CCG": "Clinical Commissioning Group",
    "ICB": "Integrated Care Board",
    "PCT": "Primary Care Trust",
    "LCO": "Local Care Organisation",
}


def _trim_form(doc: Doc, start: int, end: int, head_len: int, keep_the: bool) -> int | None:
    """Start of the name in a form match "... NHS Trust", or None when no name is left."""
    name_end = end - head_len
    while start < name_end and (doc[start].lower_ in _CONNECTORS or doc[start].is_punct):
        start += 1
    toks = doc[start:end]
    # Commas: keep "Tees, Esk and Wear Valleys"-style lists of places only.
    commas = [t.i for t in toks if t.text == "," and t.i < name_end]
    if commas:
        last = commas[-1]
        tail_has_and = any(t.lower_ in {"and", "&"} for t in doc[last + 1 : name_end])
        segs_ok = all(
            1 <= len(seg) <= 2 and all(t.is_title or t.is_upper for t in seg)
            for seg in _segments(doc, start, last + 1)
        )
        if not (tail_has_and and segs_ok):
            start = last + 1
    # "Adult Social Care and Leeds NHS Trust", "Leeds City Council and ...": two names.
    for t in doc[start:name_end]:
        if t.lower_ not in {"and", "&"}:
            continue
        joints = [x.i + 1 for x in doc[start : t.i] if x.text == "," or x.lower_ in {"and", "&"}]
        left = doc[max([start, *joints]) : t.i]
        if not left:
            continue
        two_names = (
            left[-1].text in _HEADS
            or (len(left) >= 3 and left[-1].text in _SERVICE_WORDS and "of" not in left.text)
            or (len(left) == 1 and left[0].is_upper and len(left[0]) > 1)
        )
        if two_names:
            start = t.i + 1
    # Leading sentence words and connectors ("Both", "and", "of"); a capital
    # "The" stays in a trust's name, as in "The Rotherham NHS Foundation Trust".
    while start < name_end and (
        doc[start].lower_ in _CONNECTORS
        or doc[start].is_punct
        or (doc[start].is_stop and not (keep_the and doc[start].text == "The"))
        or doc[start].text in _OPENERS
    ):
        start += 1
    if start >= name_end:
        return None
    if all(t.text in {"NHS", "The"} or t.lower_ in _CONNECTORS for t in doc[start:name_end]):
        return None
    return start


def _more_name(doc: Doc, start: int, end: int) -> bool:
    """Words of a name before a known one: "Herefordshire and" + "Worcestershire ... Trust"."""
    return any(t.is_title and t.text not in _OPENERS | {"The", "NHS"} for t in doc[start:end])


def _segments(doc: Doc, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    s = start
    for t in doc[start:end]:
        if t.text == ",":
            out.append(doc[s : t.i])
            s = t.i + 1
    return out


def _form_canonical(text: str, gaz: Gazetteer) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    body = gaz.lookup(text)
    if body is not None:
        return body.canonical
    words = text.split(" ")
    if words and words[-1] in _ABBREVIATIONS:
        full = " ".join([*words[:-1], _ABBREVIATIONS[words[-1]]])
        body = gaz.lookup(full)
        if body is not None:
            return body.canonical
        text = full
    org = register().resolve(text)  # "East Kent Hospital Trust": one body fits
    return org.canonical if org is not None else text


@Language.factory("bp_partners", default_config={})
def make_partners(nlp: Language, name: str) -> PartnerForms:
    return PartnerForms(nlp, gazetteer())


class PartnerForms:
    """Canonical names for gazetteer hits, bodies found by the form of their name,
    and the acronyms a text defines for them."""

    def __init__(self, nlp: Language, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.matcher = Matcher(nlp.vocab)
        self.needs = Needs()
        self.head_len: dict[str, int] = {}
        for i, row in enumerate(_read_jsonl("partner_forms.jsonl")):
            key = f"{row['label']}|{row['id']}|{i}"
            self.matcher.add(key, [row["pattern"]], greedy="LONGEST")
            self.needs.add(row["pattern"])
            fixed = [p for p in row["pattern"] if "OP" not in p]
            self.head_len[key] = len(fixed)

    def __call__(self, doc: Doc) -> Doc:
        self._canonicals(doc)
        found = self._forms(doc)
        ents = list(doc.ents)
        new: list[Span] = []
        drop: set[tuple[int, int]] = set()
        for span, stem_first in found:
            clash = [e for e in ents if e.start < span.end and span.start < e.end]
            if any(e.label_ != "PARTNER" for e in clash):
                continue
            named = [e for e in clash if e._.kind != GENERIC]
            if any(e.end >= span.end and not _more_name(doc, span.start, e.start) for e in named):
                continue  # the gazetteer knows this body by its full name
            inner = [e for e in named if e.start <= span.start and len(e) > 1]
            if inner and not stem_first and span._.code is None:
                # "Leeds Teaching Hospitals Trust": a known name with a head added.
                span._.canonical = inner[0]._.canonical
                span._.kind = inner[0]._.kind
                span._.code = inner[0]._.code
            drop.update((e.start, e.end) for e in clash)
            new.append(span)
        _set_ents(doc, new, drop=lambda e: (e.start, e.end) in drop)
        return doc

    def _canonicals(self, doc: Doc) -> None:
        drop: set[tuple[int, int]] = set()
        for ent in doc.ents:
            if ent.label_ not in {"PARTNER", "FUND"}:
                continue
            body = self.gaz.bodies.get(ent.ent_id_)
            if body is None:
                continue
            if body.misplaced(ent.text, ent.sent.text, sentence_start=bool(ent[0].is_sent_start)):
                drop.add((ent.start, ent.end))
                continue
            ent._.canonical = body.canonical
            ent._.kind = body.kind
            ent._.code = body.code
        if drop:
            _set_ents(doc, [], drop=lambda e: (e.start, e.end) in drop)

    def _forms(self, doc: Doc) -> list[tuple[Span, bool]]:
        out: list[Span] = []
        after: set[tuple[int, int]] = set()
        matches = self.matcher(doc) if self.needs.met_by_tokens(doc) else []  # else none to find
        for key, start, end in matches:
            label, kind, _ = doc.vocab.strings[key].split("|")
            if label == "PARTNER_FORM_AFTER":
                while end > start and doc[end - 1].lower_ in _CONNECTORS:
                    end -= 1
                if end - start <= self.head_len[doc.vocab.strings[key]]:
                    continue
                after.add((start, end))
            else:
                head = self.head_len[doc.vocab.strings[key]]
                keep_the = kind in {"nhs_trust", "nhs_foundation_trust"}
                trimmed = _trim_form(doc, start, end, head, keep_the)
                if trimmed is None:
                    continue
                start = trimmed
                name = doc[start : end - head]
                if (
                    kind == "nhs_foundation_trust"
                    and doc[end - 3].text != "NHS"
                    and not any(t.text in _HEALTH_WORDS for t in name)
                ):
                    continue  # "X Foundation Trust" without NHS must sound like health
                if kind in {"icb", "ccg", "pct", "lco"} and all(
                    t.text in GENERIC_WORDS or t.lower_ in _CONNECTORS for t in name
                ):
                    continue  # "Children's Integrated Care Board": a board of a service
            span = Span(doc, start, end, label="PARTNER")
            span._.canonical = _form_canonical(span.text, self.gaz)
            body = self.gaz.bodies.get(span._.canonical)
            span._.kind = body.kind if body else KIND_OF.get(kind, kind)
            span._.code = body.code if body else None
            out.append(span)
        return [(s, (s.start, s.end) in after) for s in filter_spans(out)]


# --------------------------------------------------------------------------- build


@functools.cache
def build_nlp() -> Language:
    """The tagging pipeline; built once per process (patterns are read from patterns/)."""
    _set_extensions()
    nlp = spacy.blank("en")
    # "m." and "k." are abbreviation exceptions that would glue the unit of
    # "£2.1 m." to the full stop.
    base = nlp.tokenizer
    assert isinstance(base, Tokenizer)
    base.rules = {k: v for k, v in (base.rules or {}).items() if k not in {"m.", "k."}}
    # A full stop after a mixed-case acronym ends the sentence: "at the MoD." and "by the
    # DfE." keep "MoD" and "DfE" whole (the stock rules split it only after a lower-case
    # letter or two capitals).
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[a-z][A-Z])\."]
    base.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.tokenizer = MoneyAwareTokenizer(base)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("bp_line_breaks")
    ruler = nlp.add_pipe(
        "bp_entity_ruler", name="entity_ruler", config={"overwrite_ents": True, "validate": True}
    )
    assert isinstance(ruler, GatedRuler)
    patterns: list[dict[str, Any]] = []
    for name in ("money.jsonl", "percent.jsonl", "rag.jsonl"):
        patterns.extend(_read_jsonl(name))
    ruler.add_patterns(patterns)
    nlp.add_pipe("bp_gazetteer")  # the register's thousands of names: a PhraseMatcher
    nlp.add_pipe("bp_fiscal_years")
    nlp.add_pipe("bp_money")
    nlp.add_pipe("bp_percent")
    nlp.add_pipe("bp_rag")
    nlp.add_pipe("bp_partners")
    nlp.add_pipe("bp_org_forms")
    nlp.add_pipe("bp_fund_forms")
    nlp.add_pipe("bp_definitions")
    return nlp
