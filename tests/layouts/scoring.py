"""Score extracted figures against a truth file.

``score`` computes for one paper exactly what the shared scorer
(shared/tools/score.py) computes for savings, without a warehouse: a truth
figure counts when one of our rows has a matching label (fuzzy), the amount
within half a pound, the period (where the truth has one) and the RAG (where
the truth has one); precision is the share of our rows that matched.

``score_loose`` is the yardstick for other extractors, which know neither
units, periods nor RAG: a truth figure counts when a row whose label matches
holds its printed number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz

from pipeline.models import Figure
from pipeline.normalise import parse_amount

# Multipliers a printed number may stand for: pounds, £000 and £m.
PRINTED_UNITS: tuple[Decimal, ...] = (Decimal(1), Decimal(1000), Decimal(1_000_000))


def norm(s: object) -> str:
    """The shared scorer's normal form of a label."""
    return re.sub(r"[^a-z0-9]+", " ", str(s or "").lower()).strip()


def label_match(a: object, b: object) -> bool:
    """The shared scorer's fuzzy label match."""
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    return (
        x == y
        or fuzz.token_set_ratio(x, y) >= 92
        or (len(y) > 25 and fuzz.partial_ratio(x, y) >= 95)
    )


@dataclass(frozen=True, slots=True)
class Score:
    """Counts for one paper or many; add them up with ``+``."""

    figures: int = 0  # truth figures matched strictly
    loose: int = 0  # truth figures matched on label and amount only
    truth: int = 0  # truth figures
    used: int = 0  # our rows that matched a truth figure
    rows: int = 0  # our rows (counted only where the truth has figures)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.figures + other.figures,
            self.loose + other.loose,
            self.truth + other.truth,
            self.used + other.used,
            self.rows + other.rows,
        )

    @property
    def figure_rate(self) -> float:
        return self.figures / self.truth if self.truth else 1.0

    @property
    def loose_rate(self) -> float:
        return self.loose / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.used / self.rows if self.rows else 1.0


def score(figures: Sequence[Mapping[str, Any]], truth: Mapping[str, Any]) -> Score:
    """The shared scorer's savings numbers for one document (same loop, same ties)."""
    sv = list(figures)
    used: set[int] = set()
    fig = loose = 0
    for f in truth.get("savings", []):
        cands = [
            i
            for i, r in enumerate(sv)
            if r["amount_gbp"] is not None
            and abs(float(r["amount_gbp"]) - f["amount_gbp"]) < 0.5
            and label_match(r["row_label"], f["row_label"])
        ]
        if cands:
            loose += 1
        strict = [
            i
            for i in cands
            if (
                f.get("first_fy") is None
                or (sv[i]["first_fy"] == f["first_fy"] and sv[i]["last_fy"] == f["last_fy"])
            )
            and (f.get("rag") is None or norm(sv[i]["rag"]) == norm(f["rag"]))
        ]
        if strict:
            fig += 1
            used.add(next((i for i in strict if i not in used), strict[0]))
        used.update(cands[:1])
    n = len(truth.get("savings", []))
    return Score(fig, loose, n, len(used), len(sv) if n else 0)


def column_norm(s: object) -> str:
    """A column label's normal form with its unit left out ("2025-26 £000s" is "2025-26"):
    the unit is scored as the amount, and truth files print it in the label or not."""
    from pipeline.normalise import strip_unit

    text = strip_unit(str(s or "")) or ""
    text = re.sub(r"£\s*'?0{3}'?s?|£\s*m(illion)?\b|£k\b|\(£[^)]*\)", " ", text, flags=re.I)
    return norm(text)


def column_agreement(
    figures: Sequence[Mapping[str, Any]], truth: Mapping[str, Any]
) -> tuple[int, int]:
    """(truth figures found on label and amount, of which one stands under the column label
    the truth gives). The shared scorer does not compare columns; a researcher groups by
    them, so a header read wrongly is counted here."""
    found = agree = 0
    for f in truth.get("savings", []):
        mine = [
            r["column_label"]
            for r in figures
            if r["amount_gbp"] is not None
            and abs(float(r["amount_gbp"]) - f["amount_gbp"]) < 0.5
            and label_match(r["row_label"], f["row_label"])
        ]
        if mine:
            found += 1
            want = column_norm(f.get("column_label"))
            agree += any(column_norm(c) == want for c in mine)
    return found, agree


def figure_rows(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    """Our Figures as rows of the ``savings`` view, the shape ``score`` reads."""
    return [
        {
            "row_label": f.row_label,
            "amount_gbp": f.amount_gbp,
            "first_fy": f.first_fy,
            "last_fy": f.last_fy,
            "rag": f.rag,
            "is_total": f.is_total,
            "column_label": f.column_label,
            "section": f.section,
        }
        for f in figures
    ]


def score_loose(found: Sequence[tuple[str, Decimal]], truth: Mapping[str, Any]) -> Score:
    """Share of truth figures whose printed number sits in a row with a matching label.

    ``found`` holds (row text, number) pairs: the number as printed (any of
    pounds, £000 or £m) or already in pounds. Each truth figure is counted
    once; ``used``/``rows`` tell how many pairs matched something.
    """
    pairs = list(found)
    used: set[int] = set()
    hit = 0
    by_label: dict[str, list[int]] = {}
    for f in truth.get("savings", []):
        target = Decimal(str(f["amount_gbp"]))
        key = f["row_label"]
        if key not in by_label:
            by_label[key] = [i for i, (label, _) in enumerate(pairs) if label_match(label, key)]
        match = next(
            (
                i
                for i in by_label[key]
                if any(abs(pairs[i][1] * u - target) < Decimal("0.5") for u in PRINTED_UNITS)
            ),
            None,
        )
        if match is not None:
            hit += 1
            used.add(match)
    n = len(truth.get("savings", []))
    return Score(hit, hit, n, len(used), len(pairs) if n else 0)


def table_pairs(rows: Iterable[Sequence[str | None]]) -> list[tuple[str, Decimal]]:
    """(row text, printed number) pairs from a table given as rows of cell strings.

    A cell whose every line reads as a figure gives numbers; any other cell is
    text and joins the row's label. This is how we read other extractors' tables.
    """
    out: list[tuple[str, Decimal]] = []
    for row in rows:
        texts: list[str] = []
        numbers: list[Decimal] = []
        for cell in row:
            lines = [x.strip() for x in str(cell or "").splitlines() if x.strip()]
            if not lines:
                continue
            amounts = [parse_amount(x) for x in lines]
            if all(a is not None for a in amounts):
                numbers.extend(a.value for a in amounts if a is not None)
            else:
                texts.append(" ".join(lines))
        label = " ".join(texts)
        out.extend((label, v) for v in numbers)
    return out
