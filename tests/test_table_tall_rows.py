"""Shapes first seen in a town council's grant summary (tests/real_other, Sutton
Coldfield's community grant notes of March 2018): a ruled grid whose tall rows set a
figure over a note in one cell while the row's label and other figures sit on the cell's
last line, and a budget column with no unit beside cells that print "£". Each test
builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from pipeline.extract import extract_file
from tests.conftest import para, table

Maker = Callable[..., Path]


def _summary(budget_head: str, remaining: list[str]) -> list[list[str]]:
    wards = ["Four Oaks", "New Hall", "Trinity", "Vesey"]
    return [["Ward", budget_head, "Budget remaining"]] + [
        [w, "25,000", r] for w, r in zip(wards, remaining, strict=True)
    ]


_REMAINING = [
    "£9,506\n\n(incl £100 deferred grant)",
    "£6,013",
    "£1,965",
    "£2,500\n\n(incl £2,500 deferred grant)",
]


def _figures(make_pdf: Maker, rows: list[list[str]], name: str) -> set[tuple[str, str, object]]:
    bottom = [("VALIGN", (0, 1), (1, -1), "BOTTOM")]
    story = [para("Summary Table", "Heading2"), table(rows, widths=[120, 110, 150], extra=bottom)]
    figs = extract_file(make_pdf(name, story)).figures
    return {(f.row_label, f.column_label, f.amount_gbp) for f in figs}


def test_a_figure_over_a_note_in_a_tall_ruled_row_is_that_rows(make_pdf: Maker) -> None:
    """ "£9,506" stands on a line of its own under the header's rule, over its note, and
    the row's label on the cell's last line: between two rules is one row, and a figure
    is no header word (first sight: the header read "Budget remaining £9,506" and the
    figure had no label)."""
    got = _figures(make_pdf, _summary("2017-18 Budget £", _REMAINING), "tall.pdf")
    assert ("Four Oaks", "Budget remaining", Decimal("9506")) in got, sorted(got, key=str)
    assert ("Vesey", "Budget remaining", Decimal("2500")) in got, sorted(got, key=str)
    assert ("Trinity", "Budget remaining", Decimal("1965")) in got, sorted(got, key=str)
    assert not any(not label for label, _, _ in got), sorted(got, key=str)
    assert sum(1 for _, col, _ in got if col == "Budget remaining") == 4


def test_rules_round_groups_do_not_make_one_row(make_pdf: Maker) -> None:
    """Rules drawn round groups of rows, not between them, leave each line its own row:
    two figures in one column between two rules are two rows."""
    wards = ["Four Oaks", "New Hall", "Trinity", "Vesey", "Mere Green", "Walmley"]
    rows = [["Ward", "2017-18 Budget £", "Budget remaining £"]] + [
        [w, "25,000", f"{1000 + 7 * i:,}"] for i, w in enumerate(wards)
    ]
    rules = [("LINEBELOW", (0, r), (-1, r), 0.5, "black") for r in (0, 2, 4, 6)]
    story = [para("Summary Table", "Heading2"), table(rows, grid=False, extra=rules)]
    figs = extract_file(make_pdf("groups.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp) for f in figs}
    assert {("New Hall", Decimal("1007")), ("Trinity", Decimal("1014"))} <= got, sorted(
        got, key=str
    )
    assert len(figs) == 12


def test_a_money_column_with_no_unit_takes_the_unit_its_tables_cells_print(
    make_pdf: Maker,
) -> None:
    """Nothing states the budget column's unit, but the table's other cells print "£":
    the last link of the unit chain, recorded as such ("table cells")."""
    got = _figures(make_pdf, _summary("2017-18 Budget", _REMAINING), "cells.pdf")
    assert ("Trinity", "2017-18 Budget", Decimal("25000")) in got, sorted(got, key=str)


def test_a_count_beside_pounds_is_no_money(make_pdf: Maker) -> None:
    """A column whose header names no money keeps no unit from its neighbours' cells."""
    rows = _summary("Applications", ["£9,506", "£6,013", "£1,965", "£2,500"])
    got = _figures(make_pdf, rows, "count.pdf")
    assert not any(col == "Applications" and amount is not None for _, col, amount in got)


def test_the_tables_own_cells_come_after_a_stated_unit(make_pdf: Maker) -> None:
    """A caption's unit is stated: it wins over what the other cells print."""
    rows = _summary("2017-18 Budget", ["£9,506", "£6,013", "£1,965", "£2,500"])
    story = [para("Summary Table (£000)", "Heading2"), table(rows, widths=[120, 110, 150])]
    figs = extract_file(make_pdf("caption.pdf", story)).figures
    got = {(f.row_label, f.column_label, f.amount_gbp) for f in figs}
    assert ("Trinity", "2017-18 Budget", Decimal("25000000")) in got, sorted(got, key=str)
