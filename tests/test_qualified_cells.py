"""Cells that print a pound figure followed by words qualifying it ("£25m per fund",
"£2m per issuer", "£30m country limit"), as a treasury strategy's table of approved
counterparties does.

The figures stage read the leading figure of such a cell, but the row grouping did
not see it as a value: a row whose only value cell read that way became a section
heading (its figure lost), and a ruled box of such rows alone was taken for a form of
prose. Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract import extract_file
from pipeline.tables.cellvalue import qualified_money
from tests.conftest import para, table

Maker = Callable[..., Path]

WIDTHS = [200, 80, 110, 90]


def test_a_row_whose_only_figure_has_a_qualifier_keeps_it(make_pdf: Maker) -> None:
    rows = [
        ["", "Time limit", "Counterparty limit", "Sector limit"],
        ["Local authorities", "3 years", "£10m", ""],
        ["Secured investments", "25 years", "£20m", "£150m"],
        ["Money market funds", "n/a", "£25m per fund", ""],
        ["Corporates", "5 years", "£2m per issuer", "£20m"],
        ["Short term bond funds", "", "£20m per fund", ""],
        ["Registered providers", "5 years", "£10m", "£50m"],
    ]
    story = [para("Approved counterparties"), table(rows, widths=WIDTHS)]
    ex = extract_file(make_pdf("limits.pdf", story))
    got = {(f.row_label, f.column_label): f.amount_gbp for f in ex.figures}
    assert got[("Money market funds", "Counterparty limit")] == Decimal(25_000_000)
    assert got[("Short term bond funds", "Counterparty limit")] == Decimal(20_000_000)
    assert got[("Corporates", "Counterparty limit")] == Decimal(2_000_000)
    assert got[("Secured investments", "Sector limit")] == Decimal(150_000_000)
    # no row was taken for a heading over the rows below it
    assert all(f.section is None for f in ex.figures)


def test_a_grid_of_qualified_figures_only_is_a_table(make_pdf: Maker) -> None:
    rows = [
        ["Pooled funds", "", "£25m per fund", ""],
        ["Property funds", "", "£75m or 5% of fund value", ""],
        ["Bond funds", "", "£25m per fund", ""],
        ["Equity income funds", "", "£30m per fund", ""],
    ]
    story = [para("The limits below apply to each fund held."), table(rows, widths=WIDTHS)]
    ex = extract_file(make_pdf("funds.pdf", story))
    got = {f.row_label: f.amount_gbp for f in ex.figures}
    assert got == {
        "Pooled funds": Decimal(25_000_000),
        "Property funds": Decimal(75_000_000),
        "Bond funds": Decimal(25_000_000),
        "Equity income funds": Decimal(30_000_000),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£25m per fund", True),
        ("£30m country limit", True),
        ("£75m or 5% of", True),
        ("£2m per issuer", True),
        ("£600m of the £1.3bn", False),  # a justified sentence cut at a wide space
        ("£5m in total.", False),
        ("£25m", False),  # a plain figure: parse_amount's job
        ("25 per fund", False),  # no pound sign: a count
        ("£25m is set aside for each fund", False),  # a clause, not a qualifier
        ("12% per year", False),
    ],
)
def test_which_texts_are_qualified_money(text: str, expected: bool) -> None:
    assert qualified_money(text) is expected


def test_a_first_row_of_words_under_a_bold_header_is_a_row(make_pdf: Maker) -> None:
    """The counterparty table opens with a row of words ("The UK Government | 50 years |
    unlimited"): it is neither a second header line (its words joined to the column
    names) nor a section heading over the rows below."""
    rows = [
        ["", "Time limit", "Counterparty limit", "Sector limit"],
        ["The UK Government", "50 years", "unlimited", ""],
        ["Local authorities", "3 years", "£10m", ""],
        ["Other government entities", "25 years", "£20m", "£30m"],
        ["Secured investments", "25 years", "£20m", "£150m"],
        ["Registered providers", "5 years", "£10m", "£50m"],
    ]
    story = [para("Approved counterparties"), table(rows, widths=WIDTHS, bold_rows=[0])]
    ex = extract_file(make_pdf("first_row.pdf", story))
    assert {f.column_label for f in ex.figures} == {"Counterparty limit", "Sector limit"}
    assert all(f.section is None for f in ex.figures)
    got = {(f.row_label, f.column_label): f.amount_gbp for f in ex.figures}
    assert got[("Other government entities", "Sector limit")] == Decimal(30_000_000)
    assert len(got) == 7


def test_a_plain_header_line_under_a_bold_one_stays_header(make_pdf: Maker) -> None:
    """A units line or a line of years set plain under a bold header is header."""
    rows = [
        ["", "Budget", "Forecast"],
        ["Service", "2025-26", "2025-26"],
        ["Adults", "1,200", "1,250"],
        ["Children", "800", "790"],
    ]
    story = [para("Figures in £000"), table(rows, widths=[200, 90, 90], bold_rows=[0])]
    ex = extract_file(make_pdf("plain_years.pdf", story))
    assert {f.column_label for f in ex.figures} == {"Budget 2025-26", "Forecast 2025-26"}
    assert {f.first_fy for f in ex.figures} == {2025}


def test_rows_carried_over_with_an_empty_column_join_the_table(make_pdf: Maker) -> None:
    """Under no header on the next page, the rows left of a limits table fill only one
    of its two figure columns: they continue the table (its column names), not a table
    of their own with none."""
    from reportlab.platypus import PageBreak

    rows = [
        ["", "Time limit", "Counterparty limit", "Sector limit"],
        ["Local authorities", "3 years", "£10m", ""],
        ["Other government entities", "25 years", "£20m", "£30m"],
        ["Secured investments", "25 years", "£20m", "£150m"],
        ["Registered providers", "5 years", "£10m", "£50m"],
    ]
    carried = [
        ["Property funds", "", "£75m", ""],
        ["Bond funds", "", "£25m", ""],
        ["Equity income funds", "", "£25m", ""],
        ["Real estate trusts", "", "£25m", ""],
    ]
    story = [
        para("Approved counterparties"),
        table(rows, widths=WIDTHS, bold_rows=[0]),
        PageBreak(),
        table(carried, widths=WIDTHS),
        para("This table should be read with the notes below."),
    ]
    ex = extract_file(make_pdf("carried.pdf", story))
    page2 = [f for f in ex.figures if f.page == 2]
    assert len(page2) == 4
    assert {f.column_label for f in page2} == {"Counterparty limit"}
    assert {f.table_index for f in ex.figures} == {0}
