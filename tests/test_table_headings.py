"""What heads a table and what heads its columns.

A table opening the next page under columns where the last one's stood is its
continuation only when its header says what that header said (Kent's Investment
Strategy: "Property | Initial Investment | Value" after "Company | Amount Invested |
Value" had been read as one table, its figures under "Amount Invested"). Underlined
titles over a table are its titles, not its header lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.platypus import PageBreak, Spacer

from pipeline.extract import extract_file
from tests.conftest import para, table

Maker = Callable[..., Path]

WIDTHS = [220, 90, 110]


def test_another_header_over_the_same_columns_is_another_table(make_pdf: Maker) -> None:
    first = table(
        [
            ["Company", "Amount Invested £m", "Value £m"],
            ["Kent Holdco Ltd", "12.500", "11.200"],
            ["Invicta Law Ltd", "1.000", "0.900"],
        ],
        widths=WIDTHS,
        bold_rows=[0],
    )
    second = table(
        [
            ["Property", "Initial Investment £m", "Value £m"],
            ["Kings Hill Solar Park", "4.230", "5.146"],
            ["Dance Laboratory", "6.401", "4.542"],
        ],
        widths=WIDTHS,
        bold_rows=[0],
    )
    story = [para("Service investments in companies:"), Spacer(1, 560), first, PageBreak(), second]
    ex = extract_file(make_pdf("two.pdf", story))
    by_label = {f.row_label: f for f in ex.figures}
    solar = by_label["Kings Hill Solar Park"]
    assert solar.page == 2
    assert {f.column_label for f in ex.figures if f.page == 2} == {"Initial Investment", "Value"}
    assert solar.table_index != by_label["Kent Holdco Ltd"].table_index


def test_the_same_header_repeated_over_the_rows_carried_on_is_one_table(make_pdf: Maker) -> None:
    head = ["Company", "Amount Invested £m", "Value £m"]
    first = table([head, ["Kent Holdco Ltd", "12.500", "11.200"]], widths=WIDTHS, bold_rows=[0])
    second = table([head, ["Invicta Law Ltd", "1.000", "0.900"]], widths=WIDTHS, bold_rows=[0])
    story = [para("Service investments in companies:"), Spacer(1, 600), first, PageBreak(), second]
    ex = extract_file(make_pdf("one.pdf", story))
    assert len({f.table_index for f in ex.figures}) == 1


def test_underlined_titles_over_a_table_head_the_table_not_its_columns(make_pdf: Maker) -> None:
    """Accounts print their titles centred and underlined over the table, close enough to
    its header to be read as header lines (Royal Sutton Coldfield's Income and Expenditure
    Account: the titles had joined the first column's label)."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    centred = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=9, alignment=TA_CENTER)
    titles = [
        Paragraph(f"<u>{t}</u>", centred)
        for t in ("Royal Sutton Coldfield Town Council", "Income and Expenditure Account")
    ]
    rows = [
        ["2017", "", "2018"],
        ["£", "", "£"],
        ["Net Expenditure", "", "Net Expenditure"],
        ["(3,000)", "Economic Development", "(4,022)"],
        ["(67)", "Environmental Services", "(10,598)"],
        ["(2,500)", "Play and Recreation", "(109,981)"],
    ]
    grid = table(rows, grid=False, widths=[80, 200, 80], bold_rows=[0, 1, 2])
    ex = extract_file(make_pdf("accounts.pdf", [*titles, Spacer(1, 8), grid]))
    assert {f.column_label for f in ex.figures} == {"2017 Net Expenditure", "2018 Net Expenditure"}
