"""The sign of a saving: which multiplier makes one table's savings positive, and why.

Some papers print savings negative (a reduction in spend), most print them
positive. The rule belongs with the figures it reads, so it sits below the
tables stage (which decides each table's sign as it emits figures) and the
research layer (which computes ``saving_gbp = amount_gbp * sign``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import Figure

#: Columns that state what was meant to be saved …
PLANNED_MEASURES = ("approved", "planned", "target", "proposed", "saving")
#: … and columns of savings in the same sense later or in fact.
SAVING_MEASURES = (*PLANNED_MEASURES, "revised", "forecast", "achieved")

_COST_SECTION = re.compile(
    r"^\W*(?:less:?\s*)?(?:re-?)?(?:investments?|costs?|growth|pressures?|reversals?)\b"
    r"|\b(?:re-?)?(?:investments?|growth|pressures)\W*$",
    re.IGNORECASE,
)
_COST_ROW = re.compile(
    r"^\W*(?:less:?\s*)?(?:re-?)?(?:investment|costs?|growth|pressures?|reversal)\b",
    re.IGNORECASE,
)


def is_cost_row(section: str | None, row_label: str) -> bool:
    """A row that adds spend (an investment, a cost, a reversed saving), so signs the other way."""
    return bool(_COST_SECTION.search(section or "")) or bool(_COST_ROW.search(row_label))


def decide_sign(figures: Sequence[Figure]) -> tuple[int, str]:
    """For one table: the multiplier that makes its savings positive, and why, in words.

    Votes are the non-zero figures of detail rows in saving columns (approved,
    proposed, achieved …), leaving out rows that add spend (investment, costs,
    reversals), which a paper prints with the opposite sign. Two to one decides;
    anything closer keeps the printed sign, and says so.
    """
    figures = [f for f in figures if f.amount_gbp is not None]
    detail = [f for f in figures if not f.is_total and f.amount_gbp != 0]
    basis = "saving columns of detail rows"
    votes = [f for f in detail if f.measure in SAVING_MEASURES]
    if not votes:
        votes = [f for f in detail if f.measure is None]
        basis = "unlabelled columns of detail rows"
    if not votes:
        totals = [f for f in figures if f.is_total and f.amount_gbp != 0]
        votes = [f for f in totals if f.measure in SAVING_MEASURES]
        basis = "saving columns of total rows (no detail rows)"
    if not votes:
        return 1, "no saving figures: amounts kept as printed"
    costs = [f for f in votes if is_cost_row(f.section, f.row_label)]
    savings = [f for f in votes if not is_cost_row(f.section, f.row_label)] or votes
    neg = sum(1 for f in savings if (f.amount_gbp or 0) < 0)
    pos = len(savings) - neg
    cost_note = ""
    if costs and savings is not votes:
        cost_pos = sum(1 for f in costs if (f.amount_gbp or 0) > 0)
        cost_note = (
            f"; cost/investment rows ({len(costs)} figures, {cost_pos} positive) not counted"
        )
    if neg > 0 and neg >= 2 * pos:
        return -1, (
            f"savings printed negative: {neg} of {len(savings)} non-zero figures in "
            f"{basis} are negative{cost_note}"
        )
    if pos > 0 and pos >= 2 * neg:
        return 1, (
            f"savings printed positive: {pos} of {len(savings)} non-zero figures in "
            f"{basis} are positive{cost_note}"
        )
    return 1, (
        f"signs mixed ({neg} negative, {pos} positive non-zero figures in {basis}): "
        f"amounts kept as printed{cost_note}"
    )
