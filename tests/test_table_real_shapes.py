"""Table shapes first seen in real Kent papers that no truth file had covered: a
column of costs "per centre" (a place, not "per cent"), and a small ruled table set
inside a cell of a larger grid. Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.platypus import Spacer

from pipeline.extract import extract_file
from tests.conftest import para, table

Maker = Callable[..., Path]


def test_a_cost_per_centre_column_is_money_and_a_percentage_column_is_not(
    make_pdf: Maker,
) -> None:
    """A cost "per centre" (a place) is not "per cent": the call-in of a Kent Family Hubs
    decision printed "Average cost per client per centre" over pounds and pence, and
    every figure was dropped as a percentage."""
    rows = [
        ["Swale", "Average cost per client per centre", "Percentage of clients", "Per cent"],
        ["Surrounding 6 Family Hubs", "£666.98", "75", "60"],
        ["Seashells", "£117.58", "25", "40"],
    ]
    ex = extract_file(make_pdf("centre.pdf", [para("Costs by centre"), table(rows)]))
    got = {(f.row_label, f.column_label): f.amount_gbp for f in ex.figures if f.amount_gbp}
    assert got == {
        ("Surrounding 6 Family Hubs", "Average cost per client per centre"): Decimal("666.98"),
        ("Seashells", "Average cost per client per centre"): Decimal("117.58"),
    }
    assert [t.kind for t in ex.tables] == ["money"]


def test_a_table_nested_in_a_cell_of_a_text_table_keeps_its_rows(make_pdf: Maker) -> None:
    """An executive response (Kent, 13 March 2025) answers in a two-column grid and
    lists vacancies as small ruled tables inside a Response cell; the last one's
    bottom rule sits on the cell's border, joined the outer grid and was lost."""
    inner = table(
        [
            ["Role", "FTE", "Grade", "Total Spend"],
            ["Family Hub Support Worker", "0.1", "KR4", "£3,048"],
            ["Family Hub Practitioner 11-19", "0.62", "KR7", "£22,272"],
            ["Family Hub Practitioner 0-11", "1", "KR7", "£35,922"],
        ],
        widths=[150, 50, 50, 70],
    )
    answer = [para("Current vacancies in Swale are:"), inner]
    outer = table(
        [
            ["Issue raised", "Response"],
            [para("Where would the extra staffing costs come from?"), answer],
            [para("Can the extra grant be used?"), para("The grant letter names no centre.")],
        ],
        widths=[120, 340],
        extra=[("ALIGN", (0, 0), (-1, -1), "LEFT"), ("BOTTOMPADDING", (1, 1), (1, 1), 1)],
    )
    ex = extract_file(make_pdf("nested.pdf", [para("4. Information Requests"), outer]))
    got = {f.row_label: f.amount_gbp for f in ex.figures if f.amount_gbp is not None}
    assert got == {
        "Family Hub Support Worker": Decimal(3048),
        "Family Hub Practitioner 11-19": Decimal(22272),
        "Family Hub Practitioner 0-11": Decimal(35922),
    }


def test_a_pound_cell_that_reads_as_no_number_flags_its_table(make_pdf: Maker) -> None:
    """The call-in printed "£2,2591.15", its thousands comma misplaced: whether £2,591.15
    or £22,591.15 was meant cannot be told, so no figure is made of it, and the table
    says which cell it left out."""
    rows = [
        ["Thanet", "Average cost per attendee", "Average cost per session per centre"],
        ["Surrounding 7 Family Hubs", "£1,016.46", "£2,2591.15"],
        ["Millmead", "£318.88", "£1,099.53"],
    ]
    ex = extract_file(make_pdf("comma.pdf", [para("Costs by centre"), table(rows)]))
    assert {f.printed for f in ex.figures} == {"£1,016.46", "£318.88", "£1,099.53"}
    (tb,) = ex.tables
    assert any("'£2,2591.15'" in r for r in tb.review)


def test_the_last_row_of_a_table_just_above_is_no_caption(make_pdf: Maker) -> None:
    """Two ruled tables one under the other (Swale, then Thanet, in the call-in): the
    second's caption was the first's last row, "Seashells £117.58 £31.75"."""
    swale = [
        ["Swale", "Average cost per client", "Average cost per session"],
        ["Surrounding 6 Family Hubs", "£666.98", "£1,829.52"],
        ["Seashells", "£117.58", "£547.31"],
    ]
    thanet = [
        ["Thanet", "Average cost per attendee", "Average cost per session per centre"],
        ["Surrounding 7 Family Hubs", "£1,016.46", "£2,591.15"],
        ["Millmead", "£318.88", "£1,099.53"],
    ]
    story = [para("Costs by centre"), table(swale), Spacer(1, 12), table(thanet)]
    ex = extract_file(make_pdf("two.pdf", story))
    assert len(ex.tables) == 2
    assert all("£" not in (t.caption or "") for t in ex.tables)
    assert {f.row_label for f in ex.figures if f.table_index == 1} == {
        "Surrounding 7 Family Hubs",
        "Millmead",
    }


def test_dash_bullets_set_apart_from_their_items_make_no_money_table(make_pdf: Maker) -> None:
    """A plan's table of commitments (Kent's ICS priorities deck) sets each measure's
    "-" bullet a tab apart from its text: read as nil figures, they made a table of
    prose a money table of noughts."""
    rows = [
        ["What we have committed to", "Led by", "", "Measure"],
        ["Research function with the ICB", "CPH", "-", "New joint post set up"],
        ["Oversight of research activities", "CPH", "-", "Committee started"],
        ["Evaluation framework for Kent", "CPH", "-", "Framework launched"],
    ]
    story = [para("Proposed Priorities to Improve Health"), table(rows, widths=[180, 60, 25, 160])]
    ex = extract_file(make_pdf("bullets.pdf", story))
    assert all(t.kind != "money" for t in ex.tables)


def test_a_proportion_with_no_unit_is_a_ratio_and_with_one_is_money(make_pdf: Maker) -> None:
    """A prudential indicator (Kent's Capital Strategy, Table 10) prints "Proportion of
    net revenue stream" under years with no "%" anywhere: its figures are ratios, not
    pounds with a unit left unstated. A proportion a table states in £m is money."""
    ratios = [
        ["", "2023-24 actual", "2024-25 forecast", "2025-26 budget"],
        ["Proportion of net revenue stream", "8.17", "7.41", "6.78"],
    ]
    pounds = [
        ["", "2025-26 £m", "2026-27 £m"],
        ["Proportion of the levy paid by the county", "4.2", "4.4"],
    ]
    story = [
        para("Table 10: Prudential Indicator: Proportion of financing costs to net revenue"),
        table(ratios),
        Spacer(1, 24),
        para("Table 11: The levy"),
        table(pounds),
    ]
    ex = extract_file(make_pdf("proportion.pdf", story))
    got = {(f.column_label, f.amount_gbp) for f in ex.figures}
    assert got == {("2025-26", Decimal(4_200_000)), ("2026-27", Decimal(4_400_000))}
