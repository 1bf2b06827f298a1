"""A table opening the next page under columns where the last one's stood is its
continuation only when its header says what that header said (Kent's Investment
Strategy: "Property | Initial Investment | Value" after "Company | Amount Invested |
Value" had been read as one table, its figures under "Amount Invested")."""

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
