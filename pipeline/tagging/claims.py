"""Read each sum of money in narrative as a claim: what kind of money, for when, about what.

Rules over the tokens of one sentence, nearest cue first. The cue words are a
data file (patterns/claim_cues.jsonl) so they can be tuned without code.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.models import Block, Claim
from pipeline.tagging.gazetteer import PATTERNS_DIR
from pipeline.tagging.nlp import span_text

#: when two cues are equally near, the more specific kind wins
KINDS = ("gap", "pressure", "saving", "cost", "funding", "income", "budget", "spend")

# Words that tie a year to a sum: "£3m for 2019/20", "in 2018/19 ... £2m".
_FY_LINK = {"for", "in", "during", "by", "from", "over", "to", "until", "within", "across"}
# Modifiers that are not a subject on their own: "Gross savings of £14m".
_NOT_SUBJECT = set(
    "gross net total totals further additional overall revised planned proposed approved "
    "estimated projected forecast recurrent non-recurrent one-off annual ongoing full year "
    "cumulative new existing current original target targets required requirement "
    "expected anticipated achieved remaining".split()
)
_LEADING_PREPOSITIONS = set(
    "for in during by from with following of to at on as after before since within over "
    "across between under through".split()
)
_SUBJECT_JOINERS = {"and", "&", "of", "/", "-", "–", "'s", "’s", "(", ")"}
_VERBISH = set(
    "is are was were has have had will would be been being this that these those there it "
    "we our they which who".split()
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


def claim_kind(ent: Span, moneys: list[Span], funds: list[Span] = ()) -> str:  # type: ignore[assignment]
    """The kind of a MONEY span from the nearest cue word in its sentence.

    A cue after the sum counts when close ("£4.7m savings") or reached through
    "from" ("£1.5m from the Better Care Fund"); named funds are funding cues.
    """
    doc = ent.doc
    best: tuple[float, int, int, str] | None = None
    for i, kind, weak in _cue_tokens(ent, list(funds)):
        if i < ent.start:
            dist = _gap(doc, i, ent.start)
            side = 0
        else:
            dist = _gap(doc, ent.end - 1, i)
            side = 1 if dist > 0 else 0
            via = [t.i for t in doc[ent.end : i] if t.lower_ == "from"]
            if via:
                dist = _gap(doc, ent.end - 1, via[0])
                side = 0
        score = dist + (3 if weak else 0) + side + 4 * _between(moneys, min(i, ent.start), max(i, ent.end))
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
        score = dist + (0 if linked else 3) + before + 4 * crossing
        key = (score, before, fy.start)
        if best is None or key < best:
            best = key
            period = (int(fy._.first_fy), int(fy._.last_fy))
    return period


def _clean_phrase(tokens: list[str]) -> str | None:
    words = list(tokens)
    while words and (
        words[-1].lower() in _SUBJECT_JOINERS
        or words[-1].lower() in _NOT_SUBJECT
        or _cue_of(words[-1].lower()) is not None
        or words[-1].lower() in {"the", "a", "an", "for", "from", "to", "at", "by", "in"}
    ):
        words.pop()
    while words and (
        words[0].lower() in _SUBJECT_JOINERS
        or words[0].lower() in _NOT_SUBJECT
        or words[0].lower() in _LEADING_PREPOSITIONS
        or any(c.isdigit() for c in words[0])
    ):
        words.pop(0)
    if not words or len(words) > 8:
        return None
    if not words[0][:1].isupper() or words[0].lower() in _VERBISH | {"the", "a", "an"}:
        return None
    for w in words:
        if w.lower() in _SUBJECT_JOINERS:
            continue
        if not (w[:1].isupper() or w[:1].isdigit()):
            return None
    return _join(words)


def _join(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r"\s+('s|’s)", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    return re.sub(r"\s+\)", ")", text).strip()


def sentence_subject(ent: Span) -> str | None:
    """"Homecare £4.7m savings" → "Homecare": the title-cased words that open the sentence."""
    sent = ent.sent
    toks = [t for t in ent.doc[sent.start : ent.start] if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].text in {"•", "▪", "o"}):
        toks.pop(0)
    if not toks:
        return None
    return _clean_phrase([t.text for t in toks])


def lead_subject(text: str) -> str | None:
    """"Assistive Technology Scheme – To provide ..." → "Assistive Technology Scheme"."""
    m = _LEAD.match(text)
    if not m:
        return None
    lead = (m.group("lead") or m.group("colon") or "").strip()
    words = lead.split()
    if not words or len(words) > 8 or any(w.lower() in _VERBISH for w in words):
        return None
    if re.search(r"[£%\d]", lead):
        return None
    return lead


def heading_subject(heading: str | None) -> str | None:
    if not heading:
        return None
    text = re.sub(r"\s+", " ", heading).strip(" :-–—")
    return text[:120] or None


def claims_of(doc: Doc, block: Block, heading: str | None) -> list[Claim]:
    """One Claim per MONEY span of a block's doc."""
    moneys = [e for e in doc.ents if e.label_ == "MONEY"]
    funds = [e for e in doc.ents if e.label_ == "PARTNER" and e._.kind == "fund"]
    years = [e for e in doc.ents if e.label_ == "FISCAL_YEAR"]
    lead = lead_subject(doc.text)
    out: list[Claim] = []
    for ent in moneys:
        period = claim_period(ent, years, moneys)
        subject = sentence_subject(ent) or lead or heading_subject(heading)
        out.append(
            Claim(
                page=block.page,
                kind=claim_kind(ent, moneys, funds),
                text=span_text(ent),
                amount_gbp=ent._.amount_gbp,
                first_fy=period[0] if period else None,
                last_fy=period[1] if period else None,
                subject=subject,
                sentence=ent.sent.text.strip(),
                block_order=block.order,
            )
        )
    return out
