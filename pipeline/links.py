"""Narrative money linked to the table figure it restates.

"Savings of £1.5m in 2025-26" in a paper's text and the 1,500 (£000) of its savings table
for 2025-26 are one number said twice. A MONEY mention is linked to a figure of the same
paper when the amounts are equal to the penny (sign aside: prose prints a saving as
positive, a table may print it negative) and the period agrees: the fiscal year the
mention's claim is for, when it has one. A mention with no year is linked only when one
figure of the paper has that amount, so nothing is guessed between two figures. Among
several figures for the same amount and year, the one on the nearest page wins, then the
first in the table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pipeline.models import Claim, Figure, Mention


def _period(claims: dict[tuple[int, str], Claim], m: Mention) -> tuple[int, int] | None:
    claim = claims.get((m.block_order, m.text))
    if claim is None or claim.first_fy is None or claim.last_fy is None:
        return None
    return (claim.first_fy, claim.last_fy)


def link_mentions(
    mentions: Sequence[Mention], claims: Sequence[Claim], figures: Sequence[Figure]
) -> list[Mention]:
    """The mentions, each MONEY mention carrying the figure it equals, if any."""
    by_amount: dict[object, list[Figure]] = {}
    for f in figures:
        if f.amount_gbp is not None and f.amount_gbp != 0:
            by_amount.setdefault(abs(f.amount_gbp), []).append(f)
    by_claim = {(c.block_order, c.text): c for c in claims}
    out: list[Mention] = []
    for m in mentions:
        if m.label != "MONEY" or m.amount_gbp is None:
            out.append(m)
            continue
        candidates = by_amount.get(abs(m.amount_gbp), [])
        period = _period(by_claim, m)
        if period is not None:
            candidates = [f for f in candidates if (f.first_fy, f.last_fy) == period]
        elif len({(f.table_index, f.row_index, f.column_label) for f in candidates}) != 1:
            candidates = []
        if m.table_index is not None:  # a cell's own row restating its figure is no link
            candidates = [
                f
                for f in candidates
                if (f.table_index, f.row_index) != (m.table_index, m.row_index)
            ]
        if not candidates:
            out.append(m)
            continue
        best = min(candidates, key=lambda f: (abs(f.page - m.page), f.table_index, f.row_index))
        out.append(
            dataclasses.replace(
                m,
                figure_table_index=best.table_index,
                figure_row_index=best.row_index,
                figure_column=best.column_label,
            )
        )
    return out
