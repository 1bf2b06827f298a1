"""Reconciliation: totals checked against the rows they cover."""

from __future__ import annotations

from dataclasses import replace
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


def _on(page: int, table: int, figures: list[Figure]) -> list[Figure]:
    return [replace(f, page=page, table_index=table) for f in figures]


def _two_columns(row: int, label: str, a: int, b: int, *, total: bool = False) -> list[Figure]:
    return [fig(row, label, "x", a, total=total), fig(row, label, "y", b, total=total)]


def test_a_total_on_the_last_page_covers_rows_of_the_pages_before() -> None:
    """A capital programme repeats its header on every page and totals on the last."""
    first = _on(1, 0, _two_columns(0, "A", 10, 1) + _two_columns(1, "B", 20, 2))
    last = _on(2, 1, _two_columns(0, "C", 30, 3) + _two_columns(1, "Total", 60, 6, total=True))
    checks = reconcile(first + last)
    assert [c.ok for c in checks] == [True, True]
    assert all(c.covers == "rows since the previous total, from page 1" for c in checks)
    assert {c.table_index for c in checks} == {1}


def test_a_table_adding_up_on_its_own_page_keeps_its_own_rows() -> None:
    first = _on(1, 0, _two_columns(0, "A", 10, 1))
    last = _on(2, 1, _two_columns(0, "C", 30, 3) + _two_columns(1, "Total", 30, 3, total=True))
    checks = reconcile(first + last)
    assert [(c.ok, c.covers) for c in checks] == [(True, "rows since the previous total")] * 2


def test_a_table_under_other_columns_does_not_carry_on() -> None:
    first = _on(1, 0, [*_two_columns(0, "A", 10, 6), fig(0, "A", "z", 5)])
    last = _on(2, 1, _two_columns(0, "C", 30, 3) + _two_columns(1, "Total", 40, 9, total=True))
    checks = reconcile(first + last)
    assert [c.ok for c in checks] == [None, None]


def test_a_table_two_pages_on_does_not_carry_on() -> None:
    first = _on(1, 0, _two_columns(0, "A", 10, 6))
    last = _on(3, 1, _two_columns(0, "C", 30, 3) + _two_columns(1, "Total", 40, 9, total=True))
    assert [c.ok for c in reconcile(first + last)] == [None, None]
