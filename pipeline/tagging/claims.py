"""Read each sum of money in narrative as a claim: what kind of money, for when, about what.

Rules over the tokens of one sentence, nearest cue first. The cue words are a
data file (patterns/claim_cues.jsonl) so they can be tuned without code.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.models import Block, Claim
from pipeline.tagging.gazetteer import PATTERNS_DIR
from pipeline.tagging.nlp import span_text
from pipeline.tagging.years import words

#: when two cues are equally near, the more specific kind wins
KINDS = ("gap", "pressure", "saving", "cost", "funding", "income", "budget", "spend")

# Words that tie a year to a sum: "£3m for 2019/20", "in 2018/19 ... £2m".
_FY_LINK = {"for", "in", "during", "by", "from", "over", "to", "until", "within", "across"}
# Modifiers that are not a subject on their own: "Gross savings of £14m".
_NOT_SUBJECT = words(
    "gross net total totals further additional overall revised planned proposed approved "
    "estimated projected forecast recurrent non-recurrent one-off annual ongoing full year "
    "cumulative new existing current original target targets required requirement expected "
    "anticipated achieved remaining"
)
_LEADING_PREPOSITIONS = words(
    "for in during by from with following of to at on as after before since within over "
    "across between under through"
)
_SUBJECT_JOINERS = {"and", "&", "of", "/", "-", "–", "'s", "’s", "(", ")"}
_VERBISH = words(
    "is are was were has have had will would be been being this that these those there it "
    "we our they which who"
)
_LEAD = re.compile(
    r"^\s*(?:[-•*▪]\s*)?(?P<lead>[A-Z][^\n.:;–—]{1,80}?)\s+[–—-]\s+\S"
    r"|^\s*(?:[-•*▪]\s*)?(?P<colon>[A-Z][^\n.:;–—]{1,60}?)\s*:\s+\S"
)


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that say a sum is of one kind; weak ones count for less."""

    kind: str
    strong: frozenset[str]
    weak: frozenset[str]


@functools.cache
def cues() -> tuple[Cue, ...]:
    """The cue words, read once from patterns/claim_cues.jsonl."""
    rows = [
        json.loads(x)
        for x in (PATTERNS_DIR / "claim_cues.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    return tuple(Cue(r["kind"], frozenset(r["strong"]), frozenset(r.get("weak", []))) for r in rows)


def _cue_of(word: str) -> tuple[str, bool] | None:
    for cue in cues():
        if word in cue.strong:
            return cue.kind, False
        if word in cue.weak:
            return cue.kind, True
    return None


def _between(spans: list[Span], a: int, b: int) -> int:
    """How many of the spans lie wholly between token a and token b."""
    lo, hi = min(a, b), max(a, b)
    return sum(1 for s in spans if s.start >= lo and s.end <= hi)


def _gap(doc: Doc, a: int, b: int) -> int:
    """Words between token a (exclusive) and token b (exclusive), not counting spaces."""
    lo, hi = min(a, b), max(a, b)
    return sum(1 for t in doc[lo + 1 : hi] if not t.is_space)


def _cue_tokens(ent: Span, funds: list[Span]) -> list[tuple[int, str, bool]]:
    """(token index, kind, weak) of each cue in the sentence of a MONEY span."""
    sent = ent.sent
    out: list[tuple[int, str, bool]] = []
    in_fund = {i for f in funds for i in range(f.start, f.end)}
    for f in funds:
        if sent.start <= f.start < sent.end:
            out.append((f.start if f.start >= ent.end else f.end - 1, "funding", False))
    for tok in sent:
        if ent.start <= tok.i < ent.end or tok.i in in_fund:
            continue
        hit = _cue_of(tok.lower_)
        if hit is not None:
            out.append((tok.i, hit[0], hit[1]))
    return out


_REDUCE = {"reduce", "reduced", "reduces", "reducing", "cut", "cutting", "lower", "lowered"}
_FALL = _REDUCE | {"fell", "fall", "falls", "decreased", "decrease", "dropped", "drop"}
_MODIFIER_LINK = {"in", "on", "of", "against", "to"}
_MAX_DISTANCE = 14


def _clause_breaks(doc: Doc, a: int, b: int) -> int:
    lo, hi = min(a, b), max(a, b)
    return sum(
        3 if t.text in {":", ";"} else 1 for t in doc[lo + 1 : hi] if t.text in {",", ":", ";"}
    )


def _head_kind(doc: Doc, i: int, kind: str, floor: int) -> str:
    """The kind the noun phrase around cue i states.

    "reduced costs by £0.9m" is a saving; "the shortfall in gross savings
    (£3m)" is a gap: a cue governed by a reducing verb or by an earlier cue
    through "in/of/on" gives way to it.
    """
    if kind in {"cost", "spend", "budget"} and any(
        t.lower_ in _FALL for t in doc[i + 1 : min(i + 3, len(doc))]
    ):
        return "saving"  # "staffing costs fell by £430k", "the budget reduced by £22m"
    if i - 1 >= floor:
        prev = _cue_of(doc[i - 1].lower_)
        if prev is not None and prev[0] == "gap":
            return "gap"  # "unachieved savings of £1.4m"
    j = i - 1
    while j >= floor and j >= i - 3 and not doc[j].is_punct:
        word = doc[j].lower_
        if word in _REDUCE and kind in {"cost", "spend", "budget"}:
            return "saving"
        if word in _MODIFIER_LINK and j - 1 >= floor:
            hit = _cue_of(doc[j - 1].lower_)
            if hit is not None and not hit[1] and hit[0] != kind:
                return hit[0]
        j -= 1
    return kind


def claim_kind(ent: Span, moneys: list[Span], funds: Sequence[Span] = ()) -> str:
    """The kind of a MONEY span from the nearest cue word in its sentence.

    A cue after the sum counts when close ("£4.7m savings") or reached through
    "from" ("£1.5m from the Better Care Fund"); named funds are funding cues.
    Cues across a colon or semicolon, or far away, count for little or nothing.
    """
    doc = ent.doc
    best: tuple[float, int, int, str] | None = None
    fund_tokens = {i for f in funds for i in range(f.start, f.end)}
    for i, kind, weak in _cue_tokens(ent, list(funds)):
        if i < ent.start:
            nxt = _cue_of(doc[i + 1].lower_) if i + 1 < ent.start else None
            if nxt is not None and kind != "gap" and i not in fund_tokens:
                continue  # "budget reductions": the last noun of a compound is its head
            dist = _gap(doc, i, ent.start)
            side = 0
            kind = _head_kind(doc, i, kind, ent.sent.start)
        else:
            dist = _gap(doc, ent.end - 1, i)
            side = 1 if dist > 0 else 0
            via = [t.i for t in doc[ent.end : i] if t.lower_ == "from"]
            if via:
                dist = _gap(doc, ent.end - 1, via[0])
                side = 0
        lo, hi = (i, ent.start) if i < ent.start else (ent.end - 1, i)
        if dist + _clause_breaks(doc, lo, hi) > _MAX_DISTANCE:
            continue
        score = (
            dist
            + (3 if weak else 0)
            + side
            + 4 * _between(moneys, min(i, ent.start), max(i, ent.end))
            + _clause_breaks(doc, lo, hi)
        )
        key = (score, side, KINDS.index(kind) if kind in KINDS else 99, kind)
        if best is None or key < best:
            best = key
    return best[3] if best is not None else "other"


def claim_period(ent: Span, years: list[Span], moneys: list[Span]) -> tuple[int, int] | None:
    """The fiscal year of a MONEY span: the nearest in its sentence, preferring one
    tied to it by "for", "in" or "during"."""
    best: tuple[float, int, int] | None = None
    period: tuple[int, int] | None = None
    doc = ent.doc
    sent = ent.sent
    for fy in years:
        if not (sent.start <= fy.start < sent.end):
            continue
        linked = fy.start > 0 and ent.doc[fy.start - 1].lower_ in _FY_LINK
        if fy.start >= ent.end:
            dist = _gap(doc, ent.end - 1, fy.start)
            before = 0
            crossing = _between(moneys, ent.end, fy.start)
        else:
            dist = _gap(doc, fy.end - 1, ent.start)
            before = 2
            crossing = _between(moneys, fy.end, ent.start)
            # A year just after another sum belongs to that sum.
            prior = [m for m in moneys if m.end <= fy.start and fy.start - m.end <= 3]
            if prior and prior[-1] is not ent:
                before += 2
        lo, hi = (ent.end - 1, fy.start) if fy.start >= ent.end else (fy.end - 1, ent.start)
        score = dist + (0 if linked else 3) + before + 4 * crossing + _clause_breaks(doc, lo, hi)
        key = (score, before, fy.start)
        if best is None or key < best:
            best = key
            period = (int(fy._.first_fy), int(fy._.last_fy))
    return period


def _clean_phrase(tokens: list[str]) -> str | None:
    ws = list(tokens)
    while ws and (
        ws[-1].lower() in _SUBJECT_JOINERS
        or ws[-1].lower() in _NOT_SUBJECT
        or _cue_of(ws[-1].lower()) is not None
        or ws[-1].lower() in {"the", "a", "an", "for", "from", "to", "at", "by", "in"}
    ):
        ws.pop()
    while ws and (
        ws[0].lower() in _SUBJECT_JOINERS
        or ws[0].lower() in _NOT_SUBJECT
        or ws[0].lower() in _LEADING_PREPOSITIONS
        or any(c.isdigit() for c in ws[0])
    ):
        ws.pop(0)
    if not ws or len(ws) > 8:
        return None
    if not ws[0][:1].isupper() or ws[0].lower() in _VERBISH | {"the", "a", "an"}:
        return None
    if _cue_of(ws[0].lower()) is not None:
        return None
    # "Residential care £2.65m saving": a short opening noun phrase may have
    # lower-case ws; a longer one must be title-cased ("Residential and Nursing").
    short = len(ws) <= 3 and all(
        w.isalpha()
        and w.lower() not in _VERBISH
        and (w is ws[0] or not (_cue_of(w.lower()) or w.lower().endswith(("ing", "ed"))))
        for w in ws
    )
    for w in ws:
        if w.lower() in _SUBJECT_JOINERS or short:
            continue
        if not (w[:1].isupper() or w[:1].isdigit()):
            return None
    return _join(ws)


def _join(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r"\s+('s|’s)", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    return re.sub(r"\s+\)", ")", text).strip()


def sentence_subject(ent: Span) -> str | None:
    """The title-cased words that open the sentence: "Homecare £4.7m savings" → Homecare."""
    sent = ent.sent
    toks = [t for t in ent.doc[sent.start : ent.start] if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].text in {"•", "▪", "o"}):
        toks.pop(0)
    if not toks:
        return None
    return _clean_phrase([t.text for t in toks])


def lead_subject(text: str) -> str | None:
    """The lead phrase of a block: "Telecare Scheme – To provide ..." → Telecare Scheme."""
    m = _LEAD.match(text)
    if not m:
        return None
    lead = (m.group("lead") or m.group("colon") or "").strip()
    parts = lead.split()
    if not parts or len(parts) > 8 or any(w.lower() in _VERBISH for w in parts):
        return None
    if re.search(r"[£%\d]", lead):
        return None
    return lead


def heading_subject(heading: str | None) -> str | None:
    if not heading:
        return None
    text = re.sub(r"\s+", " ", heading).strip(" :-–—")
    return text[:120] or None


def block_lead(text: str, previous: str | None) -> str | None:
    """The lead phrase a block's sums are about; a block that opens in lower case
    continues the paragraph before it (split by a page or column break)."""
    stripped = text.lstrip()
    if stripped[:1].islower():
        return previous
    return lead_subject(text)


def claims_of(doc: Doc, block: Block, heading: str | None, lead: str | None) -> list[Claim]:
    """One Claim per MONEY span of a block's doc."""
    moneys = [e for e in doc.ents if e.label_ == "MONEY"]
    funds = [e for e in doc.ents if e.label_ == "FUND"]
    years = [e for e in doc.ents if e.label_ == "FISCAL_YEAR"]
    out: list[Claim] = []
    for ent in moneys:
        period = claim_period(ent, years, moneys)
        subject = sentence_subject(ent) or lead or heading_subject(heading)
        out.append(
            Claim(
                page=block.page,
                kind=claim_kind(ent, moneys, funds),
                text=span_text(ent),
                amount_gbp=abs(ent._.amount_gbp),  # a claim's kind says which way it goes
                first_fy=period[0] if period else None,
                last_fy=period[1] if period else None,
                subject=subject,
                sentence=ent.sent.text.strip(),
                block_order=block.order,
            )
        )
    return out
