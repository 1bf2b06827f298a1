"""Shapes first seen in a real spreadsheet of payments printed tight (tests/real_other:
an NHS commissioning group's payments over £30,000, read wrong at first sight): an
amount printed hard against the VAT number beside it, a date column where a few cells
lost their format and print the spreadsheet's serial number, and rows whose extra
numbers stand in different columns. Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.extract import extract_file
from pipeline.models import BBox, Figure, Segment, Word
from pipeline.tables.cellpieces import cell_pieces
from pipeline.tables.columns import Band
from tests.conftest import para, table

Maker = Callable[..., Path]

_HEADER = [
    "Date",
    "Supplier",
    "Transaction number",
    "AP Amount (£)",
    "VAT number",
    "Invoice number",
]
_WIDTHS = [52.0, 150.0, 85.0, 58.0, 66.0, 60.0]
# Cells with next to no padding, amounts right and codes left: the amount ends a hair
# before the VAT number starts, as a spreadsheet printed to fit the page sets them.
_TIGHT: list[tuple[Any, ...]] = [
    ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
    ("ALIGN", (0, 0), (-1, -1), "LEFT"),
    ("ALIGN", (3, 0), (3, -1), "RIGHT"),
    ("FONTSIZE", (0, 0), (-1, -1), 7),
    ("LEFTPADDING", (0, 0), (-1, 0), 9),  # the header's cells apart, as on the real page
]


def _payments(make_pdf: Maker, name: str, rows: list[list[str]]) -> list[Figure]:
    story = [
        para("Payments over £30,000 June 2020", "Heading2"),
        table([_HEADER, *rows], grid=False, widths=_WIDTHS, extra=_TIGHT),
    ]
    return extract_file(make_pdf(name, story, landscape_page=True)).figures


def test_an_amount_hard_against_the_vat_number_is_its_own_cell(make_pdf: Maker) -> None:
    """ "62122.5 GB 307 5497 88" is read as one phrase on the page: the amount stands in
    the column of amounts, the rest clear of it is the VAT number (first sight: the
    row had no figure)."""
    rows = [
        ["30/06/2020", "AGE UK WALTHAM FOREST", "32700031", "45601", "", "3943"],
        ["30/06/2020", "AJ MOBILITY LTD", "32647880", "62122.5", "GB 307 5497 88", "521787"],
        ["30/06/2020", "ALZHEIMERS SOCIETY", "32593269", "49062.5", "GB974843571", "PSI178959"],
        ["30/06/2020", "ASPRAY HOUSE LTD", "32919051", "30,934.28", "", "379"],
        ["30/06/2020", "BARNARDOS", "32655097", "215886.3", "GB 654924414", "08WBP072"],
    ]
    figs = _payments(make_pdf, "tight.pdf", rows)
    assert [(f.row_label, f.amount_gbp) for f in figs] == [
        ("AGE UK WALTHAM FOREST", Decimal("45601")),
        ("AJ MOBILITY LTD", Decimal("62122.5")),
        ("ALZHEIMERS SOCIETY", Decimal("49062.5")),
        ("ASPRAY HOUSE LTD", Decimal("30934.28")),
        ("BARNARDOS", Decimal("215886.3")),
    ], [(f.row_label, f.column_label, f.printed) for f in figs]


def test_a_spreadsheet_serial_in_a_column_of_dates_is_no_amount(make_pdf: Maker) -> None:
    """ "44012" printed where the other rows print 30/06/2020 is that date as a number:
    a column of dates holds no money (first sight: two "figures" headed Date)."""
    rows = [
        ["30/06/2020", "VIBRANCE", "32742117", "36881.52", "233301654", "MD01"],
        ["30/06/2020", "VIBRANCE", "32742124", "36881.52", "233301654", "MD02"],
        ["30/06/2020", "VIBRANCE", "32742097", "40336.31", "233301654", "MD03"],
        ["44012", "VIBRANCE", "32912973", "39,515.91", "233301654", "MD10"],
        ["30/06/2020", "WF FEDERATED GP LTD", "32608359", "116949", "", "781"],
        ["44012", "WF FEDERATED GP LTD", "32850690", "116,949.00", "", "811"],
    ]
    figs = _payments(make_pdf, "serial.pdf", rows)
    assert [(f.row_label, f.column_label, f.amount_gbp) for f in figs] == [
        ("VIBRANCE", "AP Amount", Decimal("36881.52")),
        ("VIBRANCE", "AP Amount", Decimal("36881.52")),
        ("VIBRANCE", "AP Amount", Decimal("40336.31")),
        ("VIBRANCE", "AP Amount", Decimal("39515.91")),
        ("WF FEDERATED GP LTD", "AP Amount", Decimal("116949")),
        ("WF FEDERATED GP LTD", "AP Amount", Decimal("116949.00")),
    ], [(f.row_label, f.column_label, f.printed) for f in figs]


def _words(*spec: tuple[str, float, float]) -> Segment:
    words = [Word(t, BBox(x0, 100, x1, 107), 7.0, False) for t, x0, x1 in spec]
    return Segment(words, BBox.enclosing([w.bbox for w in words]))


def test_an_amount_set_tight_against_text_is_a_cell_of_its_own() -> None:
    """The amount that fits its column of figures is that column's cell; the rest, wholly
    clear of the column, is the next column's text (either side). On the real page the
    glued phrase made its row a line of text, spliced into the next row's label."""
    amounts = Band(638.0, 673.0, "num")
    glued = _words(("62122.5", 651, 673), ("GB", 676, 684), ("307", 686, 697))
    assert [p.text for p in cell_pieces(glued, [amounts])] == ["62122.5", "GB 307"]
    before = _words(("Repairs", 600, 630), ("1,250", 655, 673))
    assert [p.text for p in cell_pieces(before, [amounts])] == ["Repairs", "1,250"]
    # Text reaching into the column, or a phrase with no amount in it, stays whole.
    inside = _words(("2,000", 640, 660), ("homes", 662, 690))
    assert [p.text for p in cell_pieces(inside, [amounts])] == ["2,000 homes"]
    words = _words(("Carried", 600, 630), ("forward", 640, 670))
    assert [p.text for p in cell_pieces(words, [amounts])] == ["Carried forward"]
