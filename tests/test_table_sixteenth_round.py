"""Shapes read wrong in real papers met in the sixteenth round (a library authority's
statistical return to CIPFA printed from its Excel workbook, a parish budget printed from
a spreadsheet, the auditor's explanation of variances that parish councils fill in): each
test draws its own small PDF (reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas
from reportlab.platypus import Spacer

from pipeline.extract import extract_file
from pipeline.models import Figure
from tests.conftest import build_pdf, para, table

HEIGHT = A4[1]

#: (line number, label, this year's figure or None, its box number, next year's or None)
ReturnLine = tuple[int, str, str | None, str | None]


def _figures(path: Path) -> list[Figure]:
    return extract_file(path).figures


def _grid_figures(
    path: Path, caption: str, rows: list[list[str]], widths: list[float]
) -> list[Figure]:
    """The figures read from a one-page PDF of a caption over a ruled grid."""
    story = [para(caption), Spacer(1, 12), table(rows, widths=widths)]
    return extract_file(build_pdf(path, story)).figures


def _statistics_return(path: Path, rows: list[tuple[str, str, str | None]]) -> Path:
    """A page of a statistical return: a title bar ruled above and below, with "Go to
    Guidance -->" at its right over the second column; under the rule an instruction, a
    stray cell value, a note and
    the column heads "2016-17 Outturn" / "2017-18 Estimates", then "£" over each; each
    row numbered at the left (100, 101, ...), each figure in a box of its own with the
    form's box number set small beside it (131, 132, ... and 169, 170, ...)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.8)
    top = HEIGHT - 40
    c.line(60, top, 530, top)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(64, top - 11, "Section 11 - Financial Information")
    c.drawString(450, top - 11, "Go to Guidance -->")
    c.line(60, top - 15, 530, top - 15)
    c.line(60, top, 60, HEIGHT - 420)
    c.line(530, top, 530, HEIGHT - 420)
    c.drawString(96, top - 26, "PLEASE COMPLETE ON A NON IAS 19 ACCOUNTING BASIS")
    c.setFont("Helvetica", 7)
    c.drawString(292, top - 30, "0")  # a spreadsheet cell's value printed in the margin
    c.setFont("Helvetica-Oblique", 7)
    c.drawString(84, top - 40, "NOTE: To include New Opportunities Fund")
    c.setFont("Helvetica-Bold", 7)
    c.drawString(362, top - 40, "2016-17 Outturn")
    c.drawString(440, top - 40, "2017-18 Estimates")
    c.drawString(87, top - 54, "Revenue Expenditure")
    c.drawString(388, top - 54, "£")
    c.drawString(469, top - 54, "£")
    y = top - 72
    box_a, box_b = 131, 169
    for k, (label, now, nxt) in enumerate(rows):
        c.setFont("Helvetica-Bold", 7)
        c.drawString(68, y, str(100 + k))
        c.setFont("Helvetica", 7)
        c.drawString(87, y, label)
        if now is not None:
            c.rect(362, y - 3, 60, 11)
            c.drawRightString(420, y, now)
            c.setFont("Helvetica", 6)
            c.drawString(425, y, str(box_a))
            box_a += 1
            c.setFont("Helvetica", 7)
        if nxt is not None:
            c.rect(442, y - 3, 60, 11)
            c.drawRightString(500, y, nxt)
            c.setFont("Helvetica", 6)
            c.drawString(506, y, str(box_b))
            box_b += 1
        y -= 14
    c.line(60, HEIGHT - 420, 530, HEIGHT - 420)
    c.save()
    return path


RETURN_ROWS: list[tuple[str, str, str | None]] = [
    ("Employees", "1,187,727", "885,430"),
    ("Premises", "202,859", "211,260"),
    ("Newspapers, Periodicals and Magazines", "14,401", None),
    ("Sound Recordings - Music", "643", None),
    ("DVDs", "4,659", None),
    ("Transport", "25,099", None),
    ("Overdue Charges", "43,081", "41,000"),
]


def test_box_numbers_running_on_beside_the_figures_are_no_money(tmp_path: Path) -> None:
    """Bedford's library return: each figure's box is numbered beside it (131, 132, ...):
    read as a column of figures, every row gained an amount of £131 and the like."""
    figures = _figures(_statistics_return(tmp_path / "return.pdf", RETURN_ROWS))
    amounts = sorted(f.printed for f in figures)
    assert not any(a in {"131", "132", "169", "170"} for a in amounts), amounts
    assert len(figures) == 10


def test_years_and_units_under_a_title_bar_head_the_columns(tmp_path: Path) -> None:
    """The same return: a title bar ruled off above the columns' heads, "Go to Guidance
    -->" standing over the second column. The header ended at the title bar's rule, so
    "2016-17 Outturn" and "£" under it were read as no header: no year, no unit."""
    figures = _figures(_statistics_return(tmp_path / "return.pdf", RETURN_ROWS))
    got = {(f.row_label, f.first_fy): f.amount_gbp for f in figures}
    assert got[("Employees", 2016)] == 1187727
    assert got[("Employees", 2017)] == 885430
    assert got[("DVDs", 2016)] == 4659


def _capital_page(path: Path) -> Path:
    """One column of noughts and a small sum, each in its box, under "2016-17 Outturn"
    over a heading line, over "£" centred over the box: the figures are at most three
    digits wide."""
    c = canvas.Canvas(str(path), pagesize=A4)
    top = HEIGHT - 40
    c.line(60, top, 530, top)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(140, top - 11, "Section 12 - Supplementary Financial Information")
    c.drawString(450, top - 11, "Go to Guidance -->")
    c.line(60, top - 15, 530, top - 15)
    c.setFont("Helvetica-Bold", 7)
    c.drawString(442, top - 36, "2016-17 Outturn")
    c.drawString(87, top - 40, "Capital Expenditure (excluding Agency Services)")
    c.drawString(469, top - 44, "£")
    y = top - 60
    for k, (label, value) in enumerate(
        [
            ("New Buildings", "0"),
            ("Refurbishment of Premises", "0"),
            ("IT Investment", "750"),
            ("Books and Pamphlets", "0"),
        ]
    ):
        c.setFont("Helvetica-Bold", 7)
        c.drawString(68, y, str(139 + k))
        c.setFont("Helvetica", 7)
        c.drawString(87, y, label)
        c.rect(440, y - 3, 64, 11)
        c.drawRightString(502, y, value)
        y -= 14
    c.line(60, y, 530, y)
    c.line(60, top, 60, y)
    c.line(530, top, 530, y)
    c.save()
    return path


def test_a_unit_over_a_column_of_noughts_is_its_unit(tmp_path: Path) -> None:
    """Bedford's capital return: "£" centred over boxes of right-set noughts stood clear
    of the narrow figures, so the column had no unit (and the table was taken for one of
    no money)."""
    figures = {f.row_label: f for f in _figures(_capital_page(tmp_path / "capital.pdf"))}
    assert len(figures) == 4
    assert figures["IT Investment"].amount_gbp == 750
    assert figures["IT Investment"].first_fy == 2016
    assert figures["New Buildings"].amount_gbp == 0


def _worked_totals(path: Path) -> Path:
    """Rows whose totals say how they are worked out, a column's width after the label:
    "Total Income" ... "(Sum of Lines 1 to 3)"."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(60, HEIGHT - 60, "Income")
    c.drawRightString(480, HEIGHT - 80, "2024-25 £")
    rows = [
        ("Fees", None, "1,200"),
        ("Lettings", None, "3,400"),
        ("Grants from other councils for the library services they buy", None, "5,000"),
        ("Total Income", "(Sum of Lines 1 to 3)", "9,600"),
        ("Net Expenditure", "(Line 4 minus 2)", "6,200"),
    ]
    y = HEIGHT - 100
    for label, note, value in rows:
        c.setFont("Helvetica", 9)
        c.drawString(60, y, label)
        if note:
            c.setFont("Helvetica-Oblique", 8)
            c.drawString(260, y, note)
            c.setFont("Helvetica", 9)
        c.drawRightString(480, y, value)
        y -= 16
    c.save()
    return path


def test_a_bracketed_note_set_apart_after_a_label_is_no_part_of_it(tmp_path: Path) -> None:
    """Bedford's return: "Total Revenue Income" ... "(Sum of Lines 127 to 135)" was read
    as one label; the note says how the row is worked out, and is kept as its note."""
    figures = {f.row_label: f for f in _figures(_worked_totals(tmp_path / "totals.pdf"))}
    assert figures["Total Income"].amount_gbp == 9600
    assert figures["Total Income"].footnote == "Sum of Lines 1 to 3"
    assert figures["Net Expenditure"].amount_gbp == 6200


def _boxed_apart(path: Path) -> Path:
    """A spreadsheet's budget printed with its columns in three grids a few points apart,
    rows ruled at the same heights: last year's figures (no labels), the labels, and
    next year's budget (headed, no labels)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    rows = [("Precept", "6000.00", "6000.00"), ("Allotments", "240.00", "180.00"),
            ("Insurance", "450.00", "565.00"), ("Audit", "200.00", "200.00"),
            ("Election", "350.00", "500.00")]  # fmt: skip
    top, step = HEIGHT - 80, 16.0
    head = 3 * 12.0
    bottom = top - head - step * len(rows)
    grids = [(54, 140), (146, 330), (336, 420)]
    for x0, x1 in grids:
        c.line(x0, top, x1, top)
        c.line(x0, top - head, x1, top - head)
        for k in range(len(rows)):
            c.line(x0, top - head - step * (k + 1), x1, top - head - step * (k + 1))
        c.line(x0, top, x0, bottom)
        c.line(x1, top, x1, bottom)
    c.setFont("Helvetica", 8)
    for x, lines in ((58, ["£", "2024/25", "Budget"]), (340, ["£", "2025/26", "Budget"])):
        for k, text in enumerate(lines):
            c.drawString(x, top - 10 - 11 * k, text)
    c.drawString(150, top - 32, "Receipts and payments")
    for k, (label, last, this) in enumerate(rows):
        y = top - head - step * (k + 1) + 4
        c.drawRightString(136, y, last)
        c.drawString(150, y, label)
        c.drawRightString(416, y, this)
    c.save()
    return path


def test_figures_boxed_apart_left_of_their_labels_join_them(tmp_path: Path) -> None:
    """Steep's budget: last year's three columns of figures in a grid of their own left
    of the labels' grid, rows ruled at the same heights. Read apart, the figures had no
    labels; a grid of figures alone beside another is one table with it, on either side."""
    figures = _figures(_boxed_apart(tmp_path / "budget.pdf"))
    got = {(f.row_label, f.first_fy): f.amount_gbp for f in figures}
    assert got[("Precept", 2024)] == 6000
    assert got[("Allotments", 2024)] == 240
    assert got[("Allotments", 2025)] == 180
    assert got[("Election", 2025)] == 500


def _variances(path: Path) -> Path:
    """The auditor's explanation of variances: each box's cell ruled off, "Box 2" in
    bold over its name in italics, the figures beside the name's first line."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    x = [66, 136, 192, 248, 304, 360]
    top = HEIGHT - 80
    c.setFont("Helvetica-Bold", 9)
    for text, at in (("Section 2", 72), ("2017/18", 145), ("2018/19", 201), ("Variance", 256)):
        c.drawString(at, top - 12, text)
    for at in (161, 218, 275):
        c.drawString(at, top - 24, "£")
    c.drawString(312, top - 12, "Variance")
    c.drawString(330, top - 24, "%")
    boxes = [
        ("Box 2", ["Precept or", "Rates and", "Levies"], ["39713", "39631", "-82", "-0.21"]),
        ("Box 3", ["Total other", "receipts"], ["28190", "102238", "74048", "262.67"]),
        ("Box 4", ["Staff costs"], ["8450", "8450", "0", "0"]),
        ("Box 5", ["Loan", "interest/", "capital"], ["0", "0", "0", "0"]),
    ]
    ys = [top, top - 28]
    y = top - 28
    for box, name, values in boxes:
        c.setFont("Helvetica-Bold", 9)
        c.drawString(72, y - 11, box)
        c.setFont("Helvetica-Oblique", 9)
        for k, line in enumerate(name):
            c.drawString(72, y - 23 - 11.5 * k, line)
        c.setFont("Helvetica", 9)
        for at, v in zip((142, 198, 255, 311), values, strict=True):
            c.drawString(at, y - 23, v)
        y -= 20 + 11.5 * len(name) + 12
        ys.append(y)
    for yy in ys:
        c.line(x[0], yy, x[-1], yy)
    for xx in x:
        c.line(xx, ys[0], xx, ys[-1])
    c.save()
    return path


def test_a_bold_box_number_opening_a_ruled_cell_is_its_labels_first_line(tmp_path: Path) -> None:
    """Sheet and Steep parish councils' explanations of variances: "Box 2" (bold) opens
    the cell whose italic lines name the row; read as a heading over the rows below, it
    was dropped from every label, which the form prints as "Box 2 Precept or Rates and
    Levies"."""
    figures = _figures(_variances(tmp_path / "variances.pdf"))
    labels = {f.row_label for f in figures}
    assert "Box 2 Precept or Rates and Levies" in labels, labels
    assert "Box 4 Staff costs" in labels, labels
    assert all(f.section is None for f in figures), {f.section for f in figures}


def test_a_total_set_in_the_margin_leaves_the_rows_named_in_the_last_column(
    tmp_path: Path,
) -> None:
    """Sheet's significant variances workbook: a grid of years, the difference and then
    the explanation naming each row, with "Total" alone in a cell left of the grid. The
    column holding the total's label was taken for the labels, so no other row had one."""
    rows = [
        ["", "2021/22 £", "2022/23 £", "Difference", "Explanation (each quantified)"],
        ["", "36,844.00", "44,138.00", "7294", "Difference"],
        ["", "", "", "1800", "Purchase of new noticeboard for Love Lane"],
        ["", "", "", "2183", "Memorial Bench - Village Green"],
        ["", "", "", "3101", "Exterior Decoration of Village Hall"],
        ["Total", "36844", "44138", "7084", ""],
    ]
    figures = _grid_figures(
        tmp_path / "variances.pdf", "All other payments", rows, widths=[40, 60, 60, 60, 200]
    )
    got = {f.row_label: f.amount_gbp for f in figures if f.column_label.startswith("Difference")}
    assert got.get("Memorial Bench - Village Green") == 2183, got
    assert got.get("Purchase of new noticeboard for Love Lane") == 1800, got


def _form_with_a_message(path: Path) -> Path:
    """A spreadsheet form printed plain: boxes 1 to 7 under "2019/20 £", "2020/21 £" and
    "Variance £", then a message in a box of its own beside the rows, then boxes 8 to 10
    set well below, their figures right-set at the very points of those above."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 7)
    for x, text, unit in ((233, "2019/20", "£"), (270, "2020/21", "£"), (305, "Variance", "£"),
                          (334, "Variance", "%")):  # fmt: skip
        c.drawRightString(x, HEIGHT - 160, text)
        c.drawRightString(x - 6, HEIGHT - 168, unit)
    rows = [
        ("1 Balances Brought Forward", "141,203", "167,562", None, None),
        ("2 Precept or Rates and Levies", "41,112", "40,475", "-637", "1.55%"),
        ("3 Total Other Receipts", "27,844", "19,010", "-8,834", "31.73%"),
        ("4 Staff Costs", "9,943", "9,811", "-132", "1.33%"),
        ("5 Loan Interest/Capital Repayment", "0", "0", "0", "0.00%"),
        ("6 All Other Payments", "32,654", "36,844", "4,190", "12.83%"),
        ("7 Balances Carried Forward", "167,562", "180,392", None, None),
        ("8 Total Cash and Short Term Investments", "167,562", "180,392", None, None),
        ("9 Total Fixed Assets", "578,907", "579,907", "1,000", "0.17%"),
        ("10 Total Borrowings", "0", "0", "0", "0.00%"),
    ]
    y = HEIGHT - 190
    for k, (label, a, b, v, pct) in enumerate(rows):
        if k == 7:
            c.rect(376, y + 4, 120, 36)
            c.drawString(380, y + 28, "EXPLANATION REQUIRED ON")
            c.drawString(380, y + 18, "RESERVES TAB")
            y -= 48
        c.drawString(52, y, label)
        for x, text in ((233, a), (270, b), (305, v), (334, pct)):
            if text is not None:
                c.drawRightString(x, y, text)
        y -= 18
    c.save()
    return path


def test_rows_set_well_below_with_figures_right_set_at_the_same_points_carry_on(
    tmp_path: Path,
) -> None:
    """Sheet's 2021/22 variances form: a message box between box 7 and box 8 set the last
    three rows 48 points lower; read as a table of their own, they had no header, so no
    year and no unit."""
    figures = _figures(_form_with_a_message(tmp_path / "form.pdf"))
    got = {(f.row_label, f.first_fy): f.amount_gbp for f in figures}
    assert got.get(("9 Total Fixed Assets", 2020)) == 579907, got
    assert got.get(("10 Total Borrowings", 2019)) == 0, got


def _framed_pages(path: Path, pages: int = 4) -> Path:
    """A landscape monitoring statement over several pages, each page's table framed
    from the top margin down: "£m" over the middle column and "Working" over "Budget"
    stand inside the frame, in the top tenth of the page, on every page."""
    size = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=size)
    h = size[1]
    for n in range(pages):
        c.setLineWidth(0.5)
        c.line(17, h - 16, 770, h - 16)
        c.line(17, h - 16, 17, h - 480)
        c.line(770, h - 16, 770, h - 480)
        c.line(17, h - 480, 770, h - 480)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(645, h - 28, "£m")
        c.drawString(567, h - 42, "Working")
        c.drawString(341, h - 56, "Directorate, Division & Key Service")
        c.drawString(574, h - 56, "Budget")
        c.drawString(644, h - 56, "Forecast")
        c.drawString(722, h - 56, "Variance")
        c.setFont("Helvetica", 9)
        for k in range(6):
            y = h - 90 - 16 * k
            c.drawRightString(524, y, f"Service {n * 6 + k + 1}")
            c.drawRightString(608, y, f"{10 + k}.{n}")
            c.drawRightString(686, y, f"{11 + k}.{n}")
            c.drawRightString(765, y, "1.0")
        c.showPage()
    c.save()
    return path


def test_a_header_inside_a_tables_frame_at_the_top_of_each_page_is_no_running_head(
    tmp_path: Path,
) -> None:
    """Kent's quarter 3 monitoring appendix: "£m" and "Working" stood at the same height
    at the top of every page, and were set aside as running heads, though the table's
    frame holds them: the pages lost their unit, and every figure its amount."""
    figures = _figures(_framed_pages(tmp_path / "statement.pdf"))
    got = {(f.row_label, f.column_label): f.amount_gbp for f in figures}
    assert got[("Service 20", "Working Budget")] == 11_300_000, got
    assert all(f.amount_gbp is not None for f in figures)


def _larger_heading(path: Path) -> Path:
    """Ruled bands, each a heading in 14 point over its one row in 9 point."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(300, HEIGHT - 70, "Budget £m")
    c.drawString(380, HEIGHT - 70, "Forecast £m")
    y = HEIGHT - 80
    c.line(60, y, 460, y)
    for head, label, a, b in (
        ("Non Attributable Costs", "Non Attributable Costs", "102.4", "95.4"),
        ("Corporately Held Budgets", "Corporately Held Budgets (to be allocated)", "-2.4", "0.2"),
        ("Schools", "Schools' Delegated Budgets", "0.0", "30.4"),
    ):
        c.setFont("Helvetica-Bold", 14)
        c.drawRightString(290, y - 16, head)
        c.setFont("Helvetica", 9)
        c.drawRightString(290, y - 30, label)
        c.drawRightString(340, y - 30, a)
        c.drawRightString(420, y - 30, b)
        y -= 40
        c.line(60, y, 460, y)
    c.save()
    return path


def test_a_heading_in_larger_type_over_its_one_row_stays_a_heading(tmp_path: Path) -> None:
    """The same appendix: "Corporately Held Budgets" in 14 point over its one row in 11,
    ruled round together, was joined to the row's label as its first line."""
    figures = _figures(_larger_heading(tmp_path / "headings.pdf"))
    rows = {f.row_label: f.section for f in figures}
    assert rows.get("Corporately Held Budgets (to be allocated)") == "Corporately Held Budgets"


def test_a_sum_with_a_comment_set_off_by_a_dash_is_the_cells_figure(tmp_path: Path) -> None:
    """A school's PE and sport premium allocation: "Total | £24,600 – additional funds
    from school budget" wrapped in its cell; a comment opening with a dash was no comment,
    so the total was read as words and lost."""
    rows = [
        ["Project", "Cost", "Intended impact"],
        ["Specialist PE Teacher", "£14,400", "2, 3, 4, 5"],
        ["Tennis Coaching", "£3960", "1, 2, 3"],
        ["Total", "£24,600 – additional\nfunds from school budget", ""],
    ]
    figures = _grid_figures(
        tmp_path / "premium.pdf", "Allocation for 2024/25", rows, widths=[150, 150, 150]
    )
    got = {f.row_label: f.amount_gbp for f in figures if f.column_label == "Cost"}
    assert got.get("Total") == 24600, got
    assert got.get("Tennis Coaching") == 3960, got


def test_a_nil_in_a_column_stating_no_unit_has_no_more_amount_than_its_figures(
    tmp_path: Path,
) -> None:
    """Tintern's budget and Souldern's accounts state no unit anywhere: their figures keep
    no amount, yet each nil beside them was read as £0 and stood alone in `savings`, as if
    the council's budget lines were all nil."""
    rows = [
        ["Budget", "2017-18", "Spent"],
        ["Clerk's salary", "2400", "2350"],
        ["Training", "0", "0"],
        ["Audit", "300", "0"],
    ]
    figures = _grid_figures(tmp_path / "budget.pdf", "Budget", rows, widths=[150, 80, 80])
    assert len(figures) == 6
    assert all(f.amount_gbp is None for f in figures), [(f.printed, f.amount_gbp) for f in figures]
