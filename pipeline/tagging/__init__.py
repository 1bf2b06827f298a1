"""Tag stage: narrative blocks in, Mention and Claim records out.

    result = tag_blocks(blocks, authority_names=["Leeds City Council", "the Council"])
    result.mentions  # MONEY, FISCAL_YEAR, PARTNER, RAG, PERCENT spans
    result.claims    # one per MONEY mention: kind, fiscal year, subject

Blocks are read in order so an acronym a paper defines ("NHS Leeds CCG (the
CCG)") names the same partner wherever it is used later. The council that
wrote the paper, and its own departments, are never partners.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.models import Block, Claim, Mention
from pipeline.tagging.claims import block_lead, claims_of
from pipeline.tagging.gazetteer import GENERIC
from pipeline.tagging.nlp import build_nlp, span_offsets, span_text

__all__ = ["LABELS", "TagResult", "build_nlp", "tag_blocks"]

#: the labels a Mention can carry
LABELS = ("MONEY", "FISCAL_YEAR", "PARTNER", "RAG", "PERCENT")


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


def _partner_mentions(doc: Doc, defined: dict[str, str], authority: _Authority) -> list[_Found]:
    out: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for ent in doc.ents:
        start, end = span_offsets(ent)
        taken.append((start, end))
        if ent.label_ != "PARTNER":
            continue
        text = span_text(ent)
        canonical = ent._.canonical or text
        key = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
        if key in defined and (ent._.kind == GENERIC or key.isupper() or key == text):
            canonical = defined[key]
        if authority.covers(text) or authority.covers(canonical):
            continue
        out.append(_Found("PARTNER", start, end, ent, canonical))
    # Acronyms the paper defined that the gazetteer does not know.
    for alias, canonical in defined.items():
        if authority.covers(canonical):
            continue
        for m in re.finditer(rf"(?<![\w&]){re.escape(alias)}(?![\w&])", doc.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(_Found("PARTNER", m.start(), m.end(), span, canonical))
    return out


def _mentions_of(
    doc: Doc, block: Block, defined: dict[str, str], authority: _Authority
) -> list[Mention]:
    found = _partner_mentions(doc, defined, authority)
    for ent in doc.ents:
        if ent.label_ in LABELS and ent.label_ != "PARTNER":
            start, end = span_offsets(ent)
            found.append(_Found(ent.label_, start, end, ent, ent._.canonical))
    out: list[Mention] = []
    for f in sorted(found, key=lambda x: (x.start, x.end)):
        ent = f.span
        out.append(
            Mention(
                page=block.page,
                label=f.label,
                text=doc.text[f.start : f.end],
                sentence=ent.sent.text.strip(),
                block_order=block.order,
                start=f.start,
                end=f.end,
                amount_gbp=ent._.amount_gbp if f.label == "MONEY" else None,
                first_fy=ent._.first_fy if f.label == "FISCAL_YEAR" else None,
                last_fy=ent._.last_fy if f.label == "FISCAL_YEAR" else None,
                canonical=f.canonical if f.label in {"PARTNER", "RAG"} else None,
                percent=ent._.percent if f.label == "PERCENT" else None,
                bbox=block.bbox,
            )
        )
    return out


def tag_blocks(blocks: Sequence[Block], *, authority_names: Sequence[str] = ()) -> TagResult:
    """Tag narrative blocks given in reading order.

    authority_names: the council that wrote the paper and its variants ("Leeds
    City Council", "LCC", "the Council"); it and its departments are not partners.
    """
    nlp = build_nlp()
    authority = _Authority(authority_names)
    defined: dict[str, str] = {}
    result = TagResult()
    heading: str | None = None
    lead: str | None = None
    for block, doc in zip(blocks, nlp.pipe(b.text for b in blocks), strict=True):
        authority.learn(doc.text)
        for alias, canonical in doc._.partner_aliases or []:
            if not authority.covers(canonical) and not authority.covers(alias):
                defined[alias] = canonical
        result.mentions.extend(_mentions_of(doc, block, defined, authority))
        lead = None if block.kind == "heading" else block_lead(block.text, lead)
        result.claims.extend(claims_of(doc, block, heading, lead))
        if block.kind == "heading":
            heading = block.text
    return result
