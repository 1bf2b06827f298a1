"""Precision and recall of the tagger on a suite of hand-written cases.

tests/data/tagging_cases.jsonl holds realistic sentences from council papers
(written for this suite, not copied from the sample papers) with every span a
reader would tag. A predicted span counts when label, offsets and value agree.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pipeline.models import BBox, Block, Claim, Mention
from pipeline.tagging.core import TagResult, tag_blocks
from pipeline.tagging.register import register

CASES_FILE = Path(__file__).parent / "data" / "tagging_cases.jsonl"
BOX = BBox(0, 0, 500, 20)


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(x) for x in CASES_FILE.read_text(encoding="utf-8").splitlines() if x]


def run_case(case: dict[str, Any]) -> TagResult:
    blocks = [
        Block(page=1, order=i, kind=b["kind"], text=b["text"], bbox=BOX)
        for i, b in enumerate(case["blocks"])
    ]
    return tag_blocks(blocks, authority_names=case.get("authority", []))


def span_key(label: str, block: int, start: int, end: int, value: object) -> tuple[object, ...]:
    return (label, block, start, end, value)


def expected_keys(case: dict[str, Any]) -> Counter[tuple[object, ...]]:
    out: Counter[tuple[object, ...]] = Counter()
    for s in case["spans"]:
        out[span_key(s["label"], s["block"], s["start"], s["end"], _expected_value(s))] += 1
    return out


def same_body(name: str | None) -> str | None:
    """A partner's canonical name as the register names its body, so a name printed in
    the case ("Salford Royal NHS Foundation Trust") and the register's name of the same
    body (ODS code RM3) compare equal; names the register lacks compare as written."""
    org = register().resolve(name) if name else None
    return org.canonical if org is not None else name


def _expected_value(s: dict[str, Any]) -> object:
    label = s["label"]
    if label == "MONEY":
        return Decimal(s["amount_gbp"])
    if label == "FISCAL_YEAR":
        return (s["first_fy"], s["last_fy"])
    if label == "PARTNER":
        return same_body(s["canonical"])
    if label in ("FUND", "RAG"):
        return s["canonical"]
    return Decimal(s["percent"])


def mention_value(m: Mention) -> object:
    if m.label == "MONEY":
        return m.amount_gbp
    if m.label == "FISCAL_YEAR":
        return (m.first_fy, m.last_fy)
    if m.label == "PARTNER":
        return same_body(m.canonical)
    if m.label in ("FUND", "RAG"):
        return m.canonical
    return m.percent


def predicted_keys(result: TagResult) -> Counter[tuple[object, ...]]:
    return Counter(
        span_key(m.label, m.block_order, m.start, m.end, mention_value(m)) for m in result.mentions
    )


@dataclass
class Rates:
    """Counts per label over the whole suite."""

    tp: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, object]] = field(default_factory=list)
    false: list[tuple[str, object]] = field(default_factory=list)

    def recall(self, label: str) -> float:
        return self.tp[label] / self.expected[label] if self.expected[label] else 1.0

    def precision(self, label: str) -> float:
        return self.tp[label] / self.predicted[label] if self.predicted[label] else 1.0


def score(cases: list[dict[str, Any]]) -> tuple[Rates, list[tuple[Claim, dict[str, Any]]]]:
    rates = Rates()
    claim_pairs: list[tuple[Claim, dict[str, Any]]] = []
    for case in cases:
        result = run_case(case)
        exp, pred = expected_keys(case), predicted_keys(result)
        for key, n in exp.items():
            rates.expected[str(key[0])] += n
            hit = min(n, pred.get(key, 0))
            rates.tp[str(key[0])] += hit
            if hit < n:
                rates.misses.append((case["id"], key))
        for key, n in pred.items():
            rates.predicted[str(key[0])] += n
            if n > exp.get(key, 0):
                rates.false.append((case["id"], key))
        by_pos = {(c.block_order, c.text, c.amount_gbp): c for c in result.claims}
        for want in case.get("claims", []):
            got = by_pos.get((want["block"], want["text"], Decimal(want["amount_gbp"])))
            if got is not None:
                claim_pairs.append((got, want))
    return rates, claim_pairs


@pytest.fixture(scope="module")
def suite() -> tuple[Rates, list[tuple[Claim, dict[str, Any]]]]:
    return score(load_cases())


def test_tagging_suite_is_large_enough() -> None:
    counts = Counter(s["label"] for c in load_cases() for s in c["spans"])
    assert counts["PARTNER"] >= 150
    assert counts["MONEY"] >= 150
    assert counts["FISCAL_YEAR"] >= 100


def test_tagging_suite_spans_point_at_their_text() -> None:
    for case in load_cases():
        for s in case["spans"]:
            assert case["blocks"][s["block"]]["text"][s["start"] : s["end"]] == s["text"]


def test_tagging_partners_recall_and_precision(suite: tuple[Rates, Any]) -> None:
    rates, _ = suite
    misses = [m for m in rates.misses if m[1][0] == "PARTNER"]
    false = [f for f in rates.false if f[1][0] == "PARTNER"]
    assert rates.recall("PARTNER") >= 0.95, misses
    assert rates.precision("PARTNER") >= 0.95, false


@pytest.mark.parametrize("label", ["MONEY", "FISCAL_YEAR"])
def test_tagging_money_and_years_recall_and_precision(suite: tuple[Rates, Any], label: str) -> None:
    rates, _ = suite
    misses = [m for m in rates.misses if m[1][0] == label]
    false = [f for f in rates.false if f[1][0] == label]
    assert rates.recall(label) >= 0.99, misses
    assert rates.precision(label) >= 0.98, false


@pytest.mark.parametrize("label", ["RAG", "PERCENT", "FUND"])
def test_tagging_rag_and_percent_recall_and_precision(suite: tuple[Rates, Any], label: str) -> None:
    rates, _ = suite
    assert rates.recall(label) >= 0.9, [m for m in rates.misses if m[1][0] == label]
    assert rates.precision(label) >= 0.9, [f for f in rates.false if f[1][0] == label]


def test_tagging_claims_kind_period_and_subject(suite: tuple[Rates, Any]) -> None:
    _, pairs = suite
    wanted = sum(len(c.get("claims", [])) for c in load_cases())
    assert len(pairs) == wanted  # every expected claim was made
    kinds = [(g.kind == w["kind"], g.text, g.kind, w["kind"]) for g, w in pairs]
    assert sum(k[0] for k in kinds) / len(kinds) >= 0.85, [k for k in kinds if not k[0]]
    with_fy = [(g, w) for g, w in pairs if "first_fy" in w]
    fy_ok = [(g.first_fy, g.last_fy) == (w["first_fy"], w["last_fy"]) for g, w in with_fy]
    assert sum(fy_ok) / len(fy_ok) >= 0.9
    with_subject = [(g.subject, w["subject"]) for g, w in pairs if "subject" in w]
    assert with_subject
    assert all(got == want for got, want in with_subject), with_subject
