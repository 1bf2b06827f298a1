"""Reconciliation: totals checked against the rows they cover."""

from __future__ import annotations

from decimal import Decimal

from pipeline.models import BBox, Figure
from pipeline.reconcile import reconcile


def fig(
    row: int,
    label: str,
    col: str,
    amount: int,
    *,
    total: bool = False,
    section: str | None = None,
    unit: int = 1000,
) -> Figure:
    return Figure(
        page=1,
        table_index=0,
        row_index=row,
        section=section,
        row_label=label,
        rag=None,
        column_label=col,
        measure=None,
        first_fy=None,
        last_fy=None,
        amount_gbp=Decimal(amount * unit),
        printed=str(amount),
        unit=Decimal(unit),
        is_total=total,
        footnote=None,
        bbox=BBox(0, 0, 1, 1),
    )


def test_reconcile_rows_since_previous_total_with_rounding() -> None:
    figs = [fig(0, "A", "c", 101), fig(1, "B", "c", 200), fig(2, "Total", "c", 302, total=True)]
    (check,) = reconcile(figs)
    assert check.ok and check.expected == Decimal(301_000) and check.difference == 1000


def test_reconcile_reports_a_misread_total() -> None:
    figs = [fig(0, "A", "c", 100), fig(1, "B", "c", 200), fig(2, "Total", "c", 350, total=True)]
    (check,) = reconcile(figs)
    assert not check.ok
    assert (check.expected, check.printed, check.difference) == (
        Decimal(300_000),
        Decimal(350_000),
        Decimal(50_000),
    )


def test_reconcile_grand_total_of_subtotals_in_every_column() -> None:
    figs = []
    for col, (a, b, c, d) in {"x": (1, 2, 3, 4), "y": (5, 6, 7, 8)}.items():
        figs += [
            fig(0, "A", col, a, section="S1"),
            fig(1, "B", col, b, section="S1"),
            fig(2, "Subtotal S1", col, a + b, total=True, section="S1"),
            fig(3, "C", col, c, section="S2"),
            fig(4, "D", col, d, section="S2"),
            fig(5, "Subtotal S2", col, c + d, total=True, section="S2"),
            fig(6, "Net total", col, a + b - (c + d), total=True, section="S2"),
        ]
    checks = reconcile(figs)
    grand = [c for c in checks if c.row_label == "Net total"]
    assert len(grand) == 2
    # a - b is no sum of the rows: the check must fail rather than invent a covering
    assert not any(c.ok for c in grand)
    assert all(c.ok for c in checks if c.row_label.startswith("Subtotal"))


def test_reconcile_sum_of_subtotals() -> None:
    figs = [
        fig(0, "A", "c", 10),
        fig(1, "Sub 1", "c", 10, total=True),
        fig(2, "B", "c", 5),
        fig(3, "C", "c", 7),
        fig(4, "Sub 2", "c", 12, total=True),
        fig(5, "Total", "c", 22, total=True),
    ]
    total = next(c for c in reconcile(figs) if c.row_label == "Total")
    assert total.ok
