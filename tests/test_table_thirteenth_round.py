"""Shapes read wrong in real papers met in the thirteenth round: each test builds its own
small PDF (reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import Spacer

from pipeline.extract import extract_file
from pipeline.models import Figure
from tests.conftest import para, table

Maker = Callable[..., Path]


def _by_label(figs: list[Figure]) -> dict[str, Figure]:
    return {f.row_label: f for f in figs}


# --- units -----------------------------------------------------------------------------


def test_a_header_restated_partway_down_states_the_columns_unit(make_pdf: Maker) -> None:
    """Defra's INSPIRE report prints each year as "Budget £1,683", then the header row
    "Area of expenditure | Cost (k)" over the costs: every figure is in thousands. The
    restated header was read as a row of words, and the figures as pounds."""
    rows = [
        ["Budget", "£1,683"],
        ["Area of expenditure", "Cost (k)"],
        ["Staff costs", "£680"],
        ["IT development", "£775"],
        ["Total expenditure", "£1,455"],
    ]
    story = [para("2011-2012"), table(rows, widths=[220, 120])]
    got = _by_label(extract_file(make_pdf("restated.pdf", story)).figures)
    assert got["Budget"].amount_gbp == 1_683_000
    assert got["Staff costs"].amount_gbp == 680_000
    assert got["Total expenditure"].amount_gbp == 1_455_000
    assert got["Staff costs"].unit_source == "restated header"


def test_a_restated_header_holds_for_the_rows_under_it_only(make_pdf: Maker) -> None:
    """A header stating £000 over the first block and "£m" restated over the second: each
    block takes its own; a lone "£" restated says nothing more than a cell's £."""
    rows = [
        ["Service", "Budget £000"],
        ["Libraries", "1,200"],
        ["Archives", "300"],
        ["Capital schemes", "£m"],
        ["New library", "4.5"],
        ["Depot", "2.0"],
    ]
    story = [para("Budget 2019/20"), table(rows, widths=[220, 120])]
    got = _by_label(extract_file(make_pdf("restated2.pdf", story)).figures)
    assert got["Libraries"].amount_gbp == 1_200_000
    assert got["New library"].amount_gbp == 4_500_000
    assert got["Depot"].amount_gbp == 2_000_000


# --- two columns of a page ---------------------------------------------------------------


def _two_column_page(path: Path) -> Path:
    """A report page in two columns, as a gender pay gap report sets it: prose on the
    left beside a small ruled table on the right, on the same baselines; below, a table
    on the left over the same years as the first, titled otherwise in its stub."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("Helvetica", 9)
    prose = [
        "1) Mean gender pay gap in hourly pay - adding together the",
        "hourly basic pay rates of all male or female full pay and",
        "dividing this by the number of male or female employees. The",
        "gap is calculated by subtracting the results for females from",
        "results for males and dividing by the mean hourly rate.",
    ]
    top = 120.0
    for k, text in enumerate(prose):
        c.drawString(40, height - top - 9 - k * 14.2, text)
    for x, y, rows in (
        (
            330,
            top - 2,
            [
                ["Median Bonus", "2021", "2022"],
                ["Male:", "£150.00", "£50"],
                ["Female:", "£140.00", "£60"],
            ],
        ),
        (
            40,
            top + 110,
            [
                ["Median Hourly rate", "2021", "2022"],
                ["Male:", "£15.44", "£15.90"],
                ["Female:", "£13.80", "£14.17"],
            ],
        ),
    ):
        t = table(rows, widths=[100, 60, 60])
        _, h = t.wrapOn(c, width, height)
        t.drawOn(c, x, height - y - h)
    c.showPage()
    c.save()
    return path


def test_a_table_beside_prose_is_read_once_under_its_own_labels(tmp_path: Path) -> None:
    """The page's lines ran across the prose and the table's rows: the box read the
    rows, and the whole lines were read again as another table, the prose as labels of
    the same figures (each figure twice)."""
    figs = extract_file(_two_column_page(tmp_path / "two.pdf")).figures
    printed = sorted(f.printed for f in figs)
    assert printed == sorted(
        ["£150.00", "£50", "£140.00", "£60", "£15.44", "£15.90", "£13.80", "£14.17"]
    )
    assert {f.row_label for f in figs} == {"Male:", "Female:"}


def test_tables_titled_otherwise_over_the_same_years_stay_apart(tmp_path: Path) -> None:
    """ "Median Hourly rate" over 2021 | 2022 is not the "Median Bonus" table carried on
    because its year headers repeat: the two were one table."""
    figs = extract_file(_two_column_page(tmp_path / "two.pdf")).figures
    tables = {f.printed: f.table_index for f in figs}
    assert tables["£150.00"] != tables["£15.44"]


# --- statements of accounts --------------------------------------------------------------


def _balance_sheet(path: Path, title_right: str = "") -> Path:
    """A company's balance sheet as accounts print one: a Notes column, each year's
    items in an inner column and their sums in the outer one under the year and "£",
    bold headings over plain rows, blank lines between the blocks."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4

    def put(x: float, top: float, text: str, *, right: bool = False, bold: bool = False) -> None:
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 9)
        (c.drawRightString if right else c.drawString)(x, height - top - 9, text)

    put(70, 60, "Example Trust Ltd", bold=True)
    if title_right:
        put(520, 60, title_right, right=True, bold=True)
    put(70, 74, "Balance Sheet", bold=True)
    put(70, 88, "as at 31 March 2015", bold=True)
    put(246, 118, "Notes", right=True, bold=True)
    for x, year in ((374, "2015"), (511, "2014")):
        put(x, 118, year, right=True, bold=True)
        put(x, 130, "£", right=True, bold=True)
    rows = [
        (146, "Fixed assets", True, None, []),
        (158, "Tangible assets", False, "4", [(374, "14,012"), (511, "7,349")]),
        (184, "Current assets", True, None, []),
        (196, "Stocks", False, None, [(311, "606"), (448, "652")]),
        (208, "Debtors", False, "5", [(311, "20,215"), (448, "20,459")]),
        (220, "Cash at bank and in hand", False, None, [(311, "25,518"), (448, "9,024")]),
        (232, "", False, None, [(311, "46,339"), (448, "30,135")]),
        (258, "Net current assets", True, None, [(374, "46,339"), (511, "30,135")]),
        (284, "Net assets", True, None, [(374, "60,351"), (511, "37,484")]),
    ]
    for top, label, bold, note, figures in rows:
        if label:
            put(73, top, label, bold=bold)
        if note:
            put(246, top, note, right=True)
        for x, text in figures:
            put(x, top, text, right=True)
    c.showPage()
    c.save()
    return path


def test_a_balance_sheets_inner_columns_are_its_years(tmp_path: Path) -> None:
    """The items in the inner columns ("Stocks 606") broke the statement into three
    tables at the blank lines, because their figures stood in no column seen so far:
    the parts below the header had no year and no unit (their amounts were empty)."""
    figs = extract_file(_balance_sheet(tmp_path / "bs.pdf")).figures
    got = {(f.row_label, f.printed): f for f in figs}
    stocks = got[("Stocks", "606")]
    assert (stocks.amount_gbp, stocks.column_label) == (606, "2015")
    assert got[("Stocks", "652")].column_label == "2014"
    assert got[("Net current assets", "30,135")].column_label == "2014"
    assert len({f.table_index for f in figs}) == 1


def test_a_notes_column_holds_no_money_and_bold_headings_no_labels(tmp_path: Path) -> None:
    """Note numbers ("4", "5") are references, not pounds; "Fixed assets" in bold over
    "Tangible assets" heads the rows below, it does not begin their label."""
    figs = extract_file(_balance_sheet(tmp_path / "bs.pdf")).figures
    assert not [f for f in figs if f.printed in ("4", "5")]
    tangible = next(f for f in figs if f.printed == "14,012")
    assert tangible.row_label == "Tangible assets"
    assert tangible.section == "Fixed assets"


def test_a_title_word_over_a_column_heads_nothing(tmp_path: Path) -> None:
    """ "Company Number: 59858" on the title's first line stands over the 2014 column:
    read as its header, "number" made the year's figures counts, and they were lost."""
    figs = extract_file(_balance_sheet(tmp_path / "bs.pdf", "Company Number: 59858")).figures
    got = {f.printed: f for f in figs}
    assert got["7,349"].amount_gbp == 7349
    assert got["7,349"].column_label == "2014"


# --- labels between the years' figures ------------------------------------------------------


def test_text_run_on_over_empty_grid_cells_is_one_label(make_pdf: Maker) -> None:
    """A parish budget exported from Excel: the items stand between last year's figures
    and this year's, their text running on over two empty cells of the grid, and a
    column left of the figures says "Income" or "Expenditure" once per block. Read by
    the grid, the empty cells cut the labels in pieces, and the block's word labelled
    last year's figures as a panel of its own (its other rows unlabelled)."""
    rows = [
        ["", "2024/25", "", "", "", "2025/26"],
        ["Income", "10,000", "Precept", "", "", "10,000"],
        ["", "1,200", "Grant income", "", "", "1,200"],
        ["", "120", "Interest received on deposits", "", "", "180"],
        ["Expenditure", "5,250", "Staff costs", "", "", "5,200"],
        ["", "2,500", "Tree and verge maintenance", "", "", "1,900"],
        ["", "950", "Sportsfield rent", "", "", "950"],
    ]
    # Excel draws the cells' borders, but not where a cell's text runs on over them.
    black = colors.black
    style: list[tuple[Any, ...]] = [
        ("ALIGN", (2, 0), (4, -1), "LEFT"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, black),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, black),
        ("LINEAFTER", (-1, 0), (-1, -1), 0.5, black),
    ]
    for r, row in enumerate(rows):
        long = len(row[2]) > 12
        for c in range(len(row)):
            if not (long and c in (3, 4)):
                style.append(("LINEBEFORE", (c, r), (c, r), 0.5, black))
    story = [
        para("Budget 2025/26 (all figures £)"),
        table(rows, grid=False, widths=[70, 50, 50, 50, 50, 50], extra=style),
    ]
    figs = extract_file(make_pdf("spill.pdf", story)).figures
    got = {(f.row_label, f.column_label): f.printed for f in figs}
    assert got[("Tree and verge maintenance", "2024/25")] == "2,500"
    assert got[("Tree and verge maintenance", "2025/26")] == "1,900"
    assert got[("Interest received on deposits", "2024/25")] == "120"
    assert got[("Precept", "2024/25")] == "10,000"
    assert len(figs) == 12


def test_a_line_ending_in_a_colon_heads_the_rows_under_it(tmp_path: Path) -> None:
    """A community council's payments schedule: "Annual Donations:" over the donations,
    each named in full. The colon was read as the start of the first donation's label
    ("Annual Donations: Caerwent Community Centre")."""
    rows = [
        ["Merlin Waste", "£187.50"],
        ["Annual Donations:", ""],
        ["Caerwent Community Centre", "£2000.00"],
        ["Community Newsletter", "£500.00"],
        ["Churchyard maintenance:", ""],
        ["Caerwent Parish Church", "£280.00"],
        ["Caerwent Baptist Chapel", "£240.00"],
    ]
    path = tmp_path / "colon.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    c.setFont("Helvetica", 10)
    c.drawString(73, height - 100, "Payments September 2019")
    for k, (label, amount) in enumerate(rows):  # evenly spaced lines of a Word document
        y = height - 126 - 13 * k
        c.drawString(73, y, label)
        if amount:
            c.drawRightString(420, y, amount)
    c.showPage()
    c.save()
    figs = extract_file(path).figures
    got = {f.printed: f for f in figs}
    assert got["£2000.00"].row_label == "Caerwent Community Centre"
    assert got["£2000.00"].section == "Annual Donations:"
    assert got["£280.00"].row_label == "Caerwent Parish Church"


# --- headers outside the grid ---------------------------------------------------------------


def test_a_grid_under_a_header_printed_above_it_takes_that_header(make_pdf: Maker) -> None:
    """A grants list exported from Excel: the column heads printed once, unruled, above a
    block title and a bordered block of rows whose reference codes and applicants share
    one bordered column. Headless, the grid named its rows by their longest text (the
    project description) and read the codes and the applicants as one column; under
    its header, "Applicant" names them."""
    head = [["Project Reference", "Applicant", "Location", "Project Description", "Cost", "Grant"]]
    rows = [
        [
            "MI-C-0043",
            "Sea Fish Industry Authority",
            "Edinburgh",
            "Fishermen safety refresher training",
            "£236,500.00",
            "£175,175.00",
        ],
        [
            "MI-C-0044",
            "Sea Fish Industry Authority",
            "Edinburgh",
            "New entrant training for crews",
            "£64,640.00",
            "£48,480.00",
        ],
        [
            "PH-C-0031",
            "Mallaig Harbour Authority",
            "Mallaig",
            "Fish feed storage building",
            "£489,314.00",
            "£380,564.00",
        ],
        [
            "PH-C-0032",
            "Sea Fish Industry Authority",
            "Peterhead",
            "Market hall roof and gutters",
            "£12,000.00",
            "£6,000.00",
        ],
    ]
    widths = [60, 130, 60, 170, 65, 65]
    black = colors.black
    ruled: list[tuple[Any, ...]] = [("BOX", (0, 0), (-1, -1), 0.5, black)]
    ruled += [("LINEBEFORE", (c, 0), (c, -1), 0.5, black) for c in (2, 3, 4, 5)]
    ruled += [("LINEBELOW", (0, 0), (-1, -1), 0.5, black)]
    story = [
        para("List of Beneficiaries, October 2011"),
        table(head, grid=False, widths=widths),
        Spacer(1, 8),  # the block title set apart under the header
        para("Axis 3 - Convergence"),
        table(rows, grid=False, widths=widths, extra=ruled),
    ]
    figs = extract_file(make_pdf("grants.pdf", story)).figures
    got = {f.printed: f for f in figs}
    assert got["£236,500.00"].row_label == "Sea Fish Industry Authority"
    assert got["£380,564.00"].row_label == "Mallaig Harbour Authority"
    assert got["£380,564.00"].column_label == "Grant"
    assert "PH-C-0031" in (
        got["£380,564.00"].ref,
        got["£380,564.00"].attributes.get("Project Reference"),
    )


def test_a_group_printed_once_under_its_header_is_no_part_of_the_label(make_pdf: Maker) -> None:
    """ "Service area | Sub-service" over three rows, the service area printed on the
    first only: one row is too few to make a column of it, and it was read into the
    first row's label ("Cultural services Arts development and support"); the header
    starting over it says it is a column."""
    rows = [
        ["Service area", "Sub-service/activity", "Change (£m)"],
        ["Cultural services", "Arts development and support", "-67"],
        ["", "Community centres and public halls", "-36"],
        ["", "Tourism", "-83"],
    ]
    story = [
        para("Figure 1: Changes in spending 2010-11 to 2016-17"),
        table(rows, grid=False, widths=[100, 170, 70]),
    ]
    figs = extract_file(make_pdf("group.pdf", story)).figures
    got = {f.printed: f for f in figs}
    assert got["-67"].row_label == "Arts development and support"


def test_a_heading_in_capitals_heads_the_rows_below(tmp_path: Path) -> None:
    """A scanned charity's statement of financial activities, its text rebuilt by OCR in
    one plain type, its rows set apart: "RECONCILIATION OF FUNDS" set close over "Balance
    brought forward" was read as the first line of that row's label."""
    path = tmp_path / "caps.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    c.setFont("Helvetica", 9)
    lines = [
        (100, "Year to 31 March 2018", None, None),
        (124, "", "Unrestricted £", "Total £"),
        (142, "Rental income", "369,392", "369,392"),
        (166, "Lettings", "12,500", "12,500"),
        (190, "RECONCILIATION OF FUNDS", None, None),
        (202, "Balance brought forward at 1 April", "1,332,918", "1,343,173"),
        (226, "Balance carried forward", "1,454,456", "1,767,934"),
    ]
    for top, label, a, b in lines:
        c.drawString(73, height - top, label)
        if a:
            c.drawRightString(380, height - top, a)
            c.drawRightString(460, height - top, b or "")
    c.showPage()
    c.save()
    figs = extract_file(path).figures
    got = {f.printed: f for f in figs}
    assert got["1,332,918"].row_label == "Balance brought forward at 1 April"
    assert got["1,332,918"].section == "RECONCILIATION OF FUNDS"
