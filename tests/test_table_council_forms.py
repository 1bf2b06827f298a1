"""Shapes first seen in a fifth batch of small councils' papers (tests/real_other batch5:
the external auditor's "Explanation of variances" spreadsheet, a cash sheet analysing each
payment, an end-of-year summary set as two grids side by side), read wrong at first
sight. Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from pipeline.extract import extract_file
from pipeline.models import Figure
from tests.conftest import para, table

Maker = Callable[..., Path]

_BOXES = [
    ["1 Balances Brought Forward", "8,690", "10,407", "", "", ""],
    ["2 Precept or Rates and Levies", "6,600", "6,600", "0", "NO", ""],
    ["3 Total Other Receipts", "5,462", "1,163", "-4,299", "YES", "Donations = £4,378"],
    ["4 Staff Costs", "3,245", "4,891", "1,646", "YES", "Salary increase = £1,646"],
    ["5 Loan Interest/Capital Repayment", "0", "0", "0", "NO", ""],
    ["6 All Other Payments", "7,099", "5,692", "-1,407", "YES", "Archive cupboard = £1,372"],
]


def _variances(make_pdf: Maker, name: str, *, box_comments: bool, fills: bool = False) -> Path:
    """The auditor's form: no grid, each figure and each comment in a box of its own, with
    a narrow empty column between the boxes (columns 1, 3 and 8 are boxed)."""

    def spaced(r: list[str]) -> list[str]:
        return [r[0], r[1], "", r[2], "", r[3], r[4], "", r[5]]

    head = [spaced(["", "2023/24", "2024/25", "Variance", "Explanation", "Responses"])]
    units = [spaced(["", "£", "£", "£", "Required?", ""])]
    style: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), "Helvetica", 8)]
    rows = [list(r) for r in _BOXES]
    if fills:
        rows = [
            [*r[:5], "VARIANCE EXPLANATION NOT REQUIRED" if i == 0 else ""]
            for i, r in enumerate(rows)
        ]
    body: list[list[str]] = []
    for i, r in enumerate(rows):  # each row's boxes apart from the next row's
        at = 2 + 2 * i
        body += [spaced(r), [""] * 9]
        style += [("BOX", (c, at), (c, at), 0.5, colors.black) for c in (1, 3)]
        if box_comments:
            style.append(("BOX", (8, at), (8, at), 0.5, colors.black))
        if fills:
            colour = "#FF0000" if i == 0 else "#92D050"
            style.append(("BACKGROUND", (8, at), (8, at), colors.HexColor(colour)))
    heights = [14, 14] + [14, 5] * len(rows)
    widths = [150, 45, 10, 45, 10, 45, 55, 10, 150]
    t = Table(head + units + body, colWidths=widths, rowHeights=heights)
    t.setStyle(TableStyle(style))
    return make_pdf(name, [para("Explanation of variances", "Heading2"), t], landscape_page=True)


def _got(figs: list[Figure]) -> set[tuple[str, str, Decimal | None]]:
    return {(f.row_label, f.column_label, f.amount_gbp) for f in figs}


def test_boxed_comments_beside_a_row_leave_the_row_in_its_table(make_pdf: Maker) -> None:
    """A comment box holding a sum ("Donations = £4,378") beside a row of figures is a
    cell of the wider table, not a table of its own that takes the row's words (first
    sight: the rows with a comment were missing, their labels lost)."""
    figs = extract_file(_variances(make_pdf, "boxed.pdf", box_comments=True)).figures
    got = _got(figs)
    assert ("3 Total Other Receipts", "2024/25", Decimal("1163")) in got, sorted(got, key=str)
    assert ("4 Staff Costs", "Variance", Decimal("1646")) in got, sorted(got, key=str)
    assert ("6 All Other Payments", "2023/24", Decimal("7099")) in got, sorted(got, key=str)


def test_a_label_led_by_its_box_number_is_the_rows_label(make_pdf: Maker) -> None:
    """ "2 Precept or Rates and Levies" is a label though its first word reads as a figure;
    the YES/NO column after the figures is another column, not the label."""
    figs = extract_file(_variances(make_pdf, "numbered.pdf", box_comments=False)).figures
    labels = {f.row_label for f in figs}
    assert "2 Precept or Rates and Levies" in labels, sorted(labels)
    assert not any(label in {"NO", "YES"} or label.endswith(" NO") for label in labels), labels


def test_coloured_message_boxes_are_no_rating(make_pdf: Maker) -> None:
    """Green and red boxes a spreadsheet fills by formula, one saying "VARIANCE
    EXPLANATION NOT REQUIRED", under a header naming no rating, rate nothing."""
    figs = extract_file(_variances(make_pdf, "fills.pdf", box_comments=False, fills=True)).figures
    assert figs and not any(f.rag for f in figs), {(f.row_label, f.rag) for f in figs}


def test_a_bulleted_rule_above_a_table_dates_nothing(make_pdf: Maker) -> None:
    """ "• New from 2020/21 onwards: …" over an undated column states no period for it."""
    rows = [["", "Variance £"], ["Staff costs", "1,646"], ["Other payments", "-1,407"]]
    story = [
        para("Explanation of variances", "Heading2"),
        para("* New from 2020/21 onwards: variances of £100,000 or more need explaining"),
        table(rows, grid=False, widths=[150, 80]),
    ]
    figs = extract_file(make_pdf("bullet.pdf", story)).figures
    assert len(figs) == 2 and not any(f.first_fy == 2020 for f in figs), [
        (f.row_label, f.first_fy, f.period_source) for f in figs
    ]


def test_analysis_columns_adding_up_to_the_amount_before_them_are_pounds(
    make_pdf: Maker,
) -> None:
    """A cash sheet's "Amount £" is split into VAT and analysis columns after it: they add
    up, row by row, to the amount, so they are in its unit (arithmetic, not a guess)."""
    rows = [
        ["Details", "Amount £", "VAT", "Petrol", "Rental", "Fees"],
        ["J W Alderson", "25.00", "4.17", "20.83", "", ""],
        ["Village Hall", "24.00", "", "", "24.00", ""],
        ["YLCA", "140.00", "", "", "", "140.00"],
        ["Signs", "90.00", "15.00", "", "75.00", ""],
    ]
    story = [para("Cash sheet - payments 2024-5", "Heading2"), table(rows)]
    got = _got(extract_file(make_pdf("cash.pdf", story)).figures)
    assert ("J W Alderson", "VAT", Decimal("4.17")) in got, sorted(got, key=str)
    assert ("Signs", "Rental", Decimal("75.00")) in got, sorted(got, key=str)
    assert ("YLCA", "Fees", Decimal("140.00")) in got, sorted(got, key=str)


def test_two_grids_side_by_side_each_keep_their_rows(make_pdf: Maker) -> None:
    """An income grid and a payments grid drawn side by side, rows on one baseline: each
    grid reads its own rows (first sight: the payments grid took the whole lines and the
    income grid kept only its rows shorter than half the page)."""
    income = [["2022-23", "Income", "2023-24"], ["£", "", "£"]] + [
        [f"{100 + i}.00", f"Receipt {i}", f"{200 + i}.00"] for i in range(8)
    ]
    payments = [["2022-23", "Payments", "2023-24"], ["£", "", "£"]] + [
        [f"{300 + i}.00", f"Payment {i}", f"{400 + i}.00"] for i in range(8)
    ]
    left, right = table(income, widths=[50, 110, 50]), table(payments, widths=[50, 110, 50])
    outer = Table([[left, right]], colWidths=[230, 230])
    figs = extract_file(make_pdf("grids.pdf", [para("Annex A", "Heading2"), outer])).figures
    got = _got(figs)
    assert ("Receipt 3", "2022-23", Decimal("103")) in got, sorted(got, key=str)[:12]
    assert ("Payment 5", "2023-24", Decimal("405")) in got, sorted(got, key=str)[:12]
    assert len(figs) == 32, len(figs)
