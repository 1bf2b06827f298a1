"""Nils in columns whose unit is stated nowhere.

A nil ("0", "–") is nothing in any unit, so the figures stage gives it an amount of £0
even where its column states no unit. Beside figures of the same column left without an
amount (no unit to read them by), that £0 would be the column's only money: a
researcher summing the council's budget lines would find it all nil. So a column that
leaves any figure without an amount leaves its nils without one too; a column of nils
alone keeps them (nothing is hidden).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pipeline.models import Figure


def nils_as_their_column(figures: Sequence[Figure]) -> list[Figure]:
    """The figures, with the nils of each column that states no unit read as it is."""
    unread = {
        (f.table_index, f.column_label)
        for f in figures
        if f.amount_gbp is None and f.unit_source is None
    }
    return [
        dataclasses.replace(f, amount_gbp=None, unit_source=None)
        if f.unit_source == "nil" and (f.table_index, f.column_label) in unread
        else f
        for f in figures
    ]
