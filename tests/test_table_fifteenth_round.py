"""Shapes read wrong in real papers met in the fifteenth round (a charity's statements of
account, whose text layer came from a scan: no bold to tell a heading by): each test
draws its own small PDF (reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract_file
from pipeline.models import Figure
from tests.conftest import para, table

Maker = Callable[..., Path]

#: (label, this year, last year, gap before the line in points); None is no figure
Line = tuple[str, str | None, str | None, float]


def _statement(path: Path, lines: list[Line]) -> Path:
    """An unruled statement in one plain type, two columns of figures headed "2018 £" and
    "2017 £", each line set `gap` below the one before (a scan's text layer: no bold)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    c.setFont("Helvetica", 10)
    c.drawString(60, height - 60, "THE EXAMPLE TRUST")
    c.drawString(60, height - 80, "BALANCE SHEET AT 31 MARCH 2018")
    c.drawRightString(400, height - 110, "2018")
    c.drawRightString(500, height - 110, "2017")
    c.drawRightString(400, height - 124, "£")
    c.drawRightString(500, height - 124, "£")
    y = height - 124
    for label, now, before, gap in lines:
        y -= gap
        c.drawString(60, y, label)
        if now is not None:
            c.drawRightString(400, y, now)
        if before is not None:
            c.drawRightString(500, y, before)
    c.save()
    return path


def _rows(path: Path) -> dict[str, Figure]:
    return {f.row_label: f for f in extract_file(path).figures if f.column_label.startswith("2018")}


def test_a_heading_in_capitals_ending_as_a_phrase_heads_the_rows_below(tmp_path: Path) -> None:
    """Oxford House's statement of financial activities: "EXPENDITURE ON" (capitals, no
    bold in the scan's text layer) set close over "Costs associated with rental income":
    its last word read as a label carried down, so the heading began the row's label."""
    lines: list[Line] = [
        ("INCOME FROM:", None, None, 26),
        ("Grants", "461,010", "77,732", 22),
        ("Rental income", "369,392", "372,051", 14),
        ("Total", "830,402", "449,783", 22),
        ("EXPENDITURE ON", None, None, 22),
        ("Costs associated with rental income", "133,059", "129,969", 14),
        ("Provision of community services", "255,590", "372,599", 14),
        ("Total", "388,649", "502,568", 22),
    ]
    got = _rows(_statement(tmp_path / "sofa.pdf", lines))
    row = got["Costs associated with rental income"]
    assert row.amount_gbp == 133059
    assert row.section == "EXPENDITURE ON"


def test_label_lines_under_an_unnamed_subtotal_begin_the_row_below(tmp_path: Path) -> None:
    """Oxford House's balance sheet: a subtotal printed with no label ("329,405"), then
    "CREDITORS: amounts falling due" / "within one year" with its figure on the second
    line, all set close: the first line of the label was read as the subtotal's."""
    lines: list[Line] = [
        ("CURRENT ASSETS", None, None, 30),
        ("Debtors & other assets", "39,662", "26,300", 22),
        ("Cash at bank and in hand", "289,743", "58,342", 12),
        ("", "329,405", "84,642", 24),
        ("CREDITORS: amounts falling due", None, None, 16),
        ("within one year", "(125,342)", "(155,938)", 11),
        ("NET CURRENT ASSETS", "204,063", "(71,296)", 26),
    ]
    got = _rows(_statement(tmp_path / "sheet.pdf", lines))
    assert got["CREDITORS: amounts falling due within one year"].amount_gbp == -125342
    assert got[""].amount_gbp == 329405


# --- grant applications: a ward's sum over its total, in a ruled grid -----------------------

_SUMMARY = (
    "The group asks for funding to buy a locking noticeboard, litter pickers, gloves and "
    "high visibility jackets, and paint that resists graffiti. The open space has been "
    "neglected for years and the group wants to make it safer and more inviting to use."
)


def _grants(make_pdf: Maker) -> list[Figure]:
    """Grant applications in a grid ruling every row: organisation, status, a summary
    wrapped over many lines, and the ward's sum over "Total =" and the sum again."""
    rows: list[list[Any]] = [
        [
            para("Friends of Mossy Bank"),
            "Voluntary",
            para(_SUMMARY),
            "Vesey Ward\n£3,098.50\n\nTotal = £3,098.50",
        ],
        [
            para("St Peter's Church"),
            "Faith Based",
            para(_SUMMARY),
            "Vesey Ward\n£600\n\nTotal = £600",
        ],
        [
            para("Boldmere Football Club"),
            "Limited",
            para(_SUMMARY),
            "Vesey Ward\n£2,720\n\nTotal = 2,720",
        ],
    ]
    rows.insert(0, ["Organisation", "Status", "Project Summary", "Amount Requested"])
    grid = table(rows, widths=[110, 70, 220, 95], extra=[("ALIGN", (3, 0), (3, -1), "LEFT")])
    return extract_file(make_pdf("grants.pdf", [para("Vesey Ward"), grid])).figures


def test_a_wards_sum_stacked_over_its_total_is_one_row(make_pdf: Maker) -> None:
    """Sutton Coldfield's grant notes: "Vesey Ward" over "£600", then "Total = £600" in
    one ruled cell: one row with the ward's sum and the total, not a second row with no
    name (the total filled the column a second time, so the rules were not taken to part
    the rows, and the ward's name stood apart from its sum)."""
    got = {(f.row_label, f.column_label): f.amount_gbp for f in _grants(make_pdf)}
    assert got[("St Peter's Church", "Amount Requested (Vesey Ward)")] == 600
    assert got[("St Peter's Church", "Amount Requested (Total)")] == 600
    assert got[("Boldmere Football Club", "Amount Requested (Total)")] == 2720
    assert all(label for label, _ in got)
