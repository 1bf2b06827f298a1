"""Shapes read wrong in the eighteenth round: papers annotated blind (RAC Foundation and
Scottish Government parking accounts, Kent's budget templates and key service statement,
a parish register printed in two type sizes) and a fresh draw of the ReportLab generator.
Each test draws its own small PDF (reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract_file
from pipeline.layout import page_lines
from pipeline.models import Figure
from pipeline.parse import open_paper
from pipeline.tables.columns import Band, type_text_columns
from pipeline.tables.context import unit_statement
from pipeline.tables.regions import find_regions
from tests.conftest import build_pdf, para, table

HEIGHT = A4[1]


def _figures(path: Path) -> list[Figure]:
    return extract_file(path).figures


def _wrapped_table(c: canvas.Canvas) -> None:
    """Proposal | Description | Budget | Saving under its caption at the top of the page:
    each description wraps over two or three lines, the proposal and the figures centred
    between them; only the first has a line level with its figures. "Figures in £" under
    it."""
    c.setFont("Courier-Bold", 11)
    c.drawString(42, HEIGHT - 60, "Table 2: Savings by directorate 2021/22")
    c.setFont("Courier-Bold", 8)
    y = HEIGHT - 84
    c.drawString(45, y, "Savings proposal")
    c.drawString(168, y, "Description")
    c.drawRightString(368, y, "Budget")
    c.drawRightString(419, y, "Saving")
    c.line(42, y - 4, 494, y - 4)
    c.setFont("Courier", 8)
    rows = (
        ("ICT", ["Review eligibility and", "packages of care at annual", "review"], "13,955,518"),
        ("Finance", ["Reduce agency spend by", "recruiting to permanent posts"], "22,943,073"),
        ("Day care", ["Move customers to online", "self-service"], "1,538,060"),
        ("Reablement", ["Joint commissioning with", "health partners"], "5,425,574"),
    )
    y -= 20
    for label, desc, budget in rows:
        centre = y - (len(desc) - 1) * 4.8
        for k, text in enumerate(desc):
            c.drawString(168, y - k * 9.6, text)
        c.drawString(55, centre, label)
        c.drawRightString(368, centre, budget)
        c.drawRightString(419, centre, "-804,335")
        y -= len(desc) * 9.6 + 8
    c.setFont("Courier-Bold", 8)
    for label, total in (("Total savings", "43,862,225"), ("Net total", "43,862,225")):
        c.drawString(45, y, label)
        c.drawRightString(368, y, total)
        c.drawRightString(419, y, "-3,217,340")
        y -= 14
    c.setFont("Courier", 8)
    c.drawString(42, y - 6, "Figures in £")


def test_a_description_wrapped_round_its_row_is_a_column_of_its_own(tmp_path: Path) -> None:
    """Fix: the lines of words set tight above and below a row of figures count for its
    text columns (tables.textrows._wrapped_round): a description wrapped round its row,
    level with the figures on one row in four, was read into the proposal's label."""
    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _wrapped_table(c)
    c.save()
    figs = _figures(path)
    assert {"ICT", "Finance", "Day care", "Reablement"} <= {f.row_label for f in figs}
    assert all(len(f.row_label) < 25 for f in figs)
    ict = next(f for f in figs if f.row_label == "ICT" and f.column_label == "Budget")
    assert "packages of care at annual" in ict.attributes.get("Description", "")


def test_a_captioned_table_opening_a_page_is_not_headed_by_the_page_before(
    tmp_path: Path,
) -> None:
    """Fix: a table with its own caption at the top of a page takes no unit from the last
    lines of the page before (tables._heading): the note "figures are £m" under the
    table there made this one's pounds millions."""
    path = tmp_path / "two.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(42, HEIGHT - 60, "Table 1: Medium term savings plan")
    c.setFont("Helvetica", 9)
    y = HEIGHT - 84
    c.drawString(45, y, "Proposal")
    c.drawRightString(300, y, "2021/22")
    c.drawRightString(360, y, "2022/23")
    for label, a, b in (("Libraries", "0.253", "0.249"), ("Staffing", "1.193", "0.500")):
        y -= 14
        c.drawString(45, y, label)
        c.drawRightString(300, y, a)
        c.drawRightString(360, y, b)
    c.drawString(42, y - 18, "Note: figures are £m")
    c.showPage()
    _wrapped_table(c)
    c.save()
    figs = [f for f in _figures(path) if f.page == 2]
    ict = next(f for f in figs if f.row_label == "ICT" and f.column_label == "Budget")
    assert ict.amount_gbp == Decimal("13955518")


def _sparse_years(path: Path) -> Path:
    """A schedule of savings by year, one or two figures a row and no total row: the
    years' header set as narrow centred cells a few points apart (a run of years the
    line's gaps read as one phrase), figures centred under them."""
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    centres = [317, 361, 405, 449, 494, 538, 582, 626, 668]
    heads = ["2017/18", "2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    heads += ["2024/25", "Total"]
    y = 595 - 60
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, y, "Proposal")
    for x, head in zip(centres, heads, strict=True):
        c.drawCentredString(x, y, head)
    rows = (
        ("Early help - reprocurement of contracts", {2: "1,535", 8: "1,535"}),
        ("Procurement - service review", {2: "842", 3: "437", 4: "1,203", 8: "2,482"}),
        ("Direct payments - service review", {7: "645", 8: "645"}),
        ("Waste collection - contract renegotiation", {0: "(1,508)", 8: "(1,508)"}),
        ("Housing advice - staffing restructure", {2: "968", 8: "968"}),
        ("Leisure centres - contract renegotiation", {1: "87", 8: "87"}),
        ("Procurement - reduced opening hours", {1: "18", 8: "18"}),
        ("Home to school transport - service review", {6: "918", 8: "918"}),
    )
    c.setFont("Helvetica", 8)
    for label, cells in rows:
        y -= 16
        c.drawString(50, y, label)
        for j, text in cells.items():
            c.drawCentredString(centres[j], y, text)
    c.drawString(50, y - 20, "Figures are £000.")
    c.save()
    return path


def test_header_cells_fix_the_columns_of_a_sparse_schedule(tmp_path: Path) -> None:
    """Fix: where each figure stands under one header cell, no two of a row under one,
    the header's cells are the columns (tables.headanchors.header_columns), a run of
    years read as one phrase cut into one cell per year (split_year_runs): two rows of
    two figures each had fixed two columns, and every other figure joined the nearer."""
    got = {
        (f.row_label, f.column_label): f.printed
        for f in _figures(_sparse_years(tmp_path / "sparse.pdf"))
    }
    assert got[("Early help - reprocurement of contracts", "2019/20")] == "1,535"
    assert got[("Waste collection - contract renegotiation", "2017/18")] == "(1,508)"
    assert got[("Leisure centres - contract renegotiation", "2018/19")] == "87"
    assert got[("Procurement - service review", "2021/22")] == "1,203"
    assert got[("Home to school transport - service review", "2023/24")] == "918"


def _status_table(path: Path) -> Path:
    """A typewriter-face schedule ruled under its header: its title set larger right above
    the two header lines, a "Delivery status" column of words ("On track", "Delivered"),
    "Forecast" over "delivery" (as wide as each other), "Shortfall" on the second line."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Courier-Bold", 11)
    c.drawString(42, HEIGHT - 140, "Savings by directorate 2019/20, £m")
    c.setFont("Courier-Bold", 10)
    y = HEIGHT - 158
    c.drawString(215, y, "Delivery")
    c.drawCentredString(320, y, "Approved")
    c.drawCentredString(392, y, "Forecast")
    y -= 12
    c.drawString(45, y, "Savings proposal")
    c.drawString(215, y, "status")
    c.drawCentredString(320, y, "saving")
    c.drawCentredString(392, y, "delivery")
    c.drawCentredString(459, y, "Shortfall")
    c.line(42, y - 4, 490, y - 4)
    rows = (
        ("Public Health", None),
        ("Health visiting", ("On track", "-0.3", "-0.3", "0.0")),
        ("Stop smoking service", ("Delivered", "-3.5", "-2.8", "0.7")),
        ("Home to school transport", ("On track", "-0.6", "-0.3", "0.3")),
        ("Early help", ("Delivered", "-1.1", "-0.8", "0.3")),
        ("Net total", ("", "-5.5", "-4.2", "1.3")),
    )
    for label, cells in rows:
        y -= 16
        c.setFont("Courier-Bold" if cells is None or label == "Net total" else "Courier", 10)
        c.drawString(45 if cells is None or label == "Net total" else 55, y, label)
        if cells is None:
            continue
        status, *figures = cells
        c.drawString(215, y, status)
        for x, text in zip((332, 404, 468), figures, strict=True):
            c.drawRightString(x, y, text)
        c.line(42, y - 5, 490, y - 5)
    c.save()
    return path


def test_a_column_of_statuses_in_words_rates_no_row(tmp_path: Path) -> None:
    """Fix: a column whose cells are words that are no rating ("On track") is text, though
    one of its words reads as one ("Delivered" as Blue) (tables.ratings.worded_status)."""
    figs = _figures(_status_table(tmp_path / "status.pdf"))
    early = [f for f in figs if f.row_label == "Early help"]
    assert early and all(f.rag is None for f in early)
    assert any("Delivered" in v for v in early[0].attributes.values())


def test_a_title_set_larger_over_the_header_is_the_caption(tmp_path: Path) -> None:
    """Fix: walking up from a table's first rule, a line set larger than the header lines
    under it is the table's title (tables.regions._extend_booktabs), not a header line:
    its words ("2019/20, £m") had fallen to a column's header."""
    path = _status_table(tmp_path / "status.pdf")
    page = next(iter(open_paper(path).pages))
    regions, _ = find_regions(page, page_lines(page))
    title = "Savings by directorate 2019/20, £m"
    assert regions[0].caption and regions[0].caption[0].startswith("Savings by directorate")
    assert not any(ln.text.startswith(title[:22]) for ln in regions[0].lines)


def test_a_heading_as_wide_as_the_words_under_it_spans_no_columns(tmp_path: Path) -> None:
    """Fix: a header word with the word under it at both its edges is one cell wrapped
    ("Forecast" over "delivery" in a typewriter face), not a merged cell printed at the
    start of its run (tables.headers._widen): "Forecast" had headed "Shortfall" too."""
    figs = _figures(_status_table(tmp_path / "status.pdf"))
    labels = {f.column_label for f in figs if f.row_label == "Early help"}
    assert "Shortfall" in labels


def test_a_count_between_columns_stating_their_units_is_no_money(tmp_path: Path) -> None:
    """Fix: where the columns state their unit in their own header cells, a column between
    two of them stating none, headed as no money ("PCNs"), takes no unit from them
    (tables.tableunit.counted_apart); a "Change" after them still does."""
    rows = [
        ["2015-16", "Total parking\nincome\n£,000", "PCNs", "Est PCN\nincome\n£,000", "Change"],
        ["Bridgend", "1,220", "10,426", "469", "751"],
        ["Cardiff", "7,257", "58,046", "2,612", "4,645"],
        ["Conwy", "1,886", "14,459", "651", "1,235"],
        ["Swansea", "5,446", "42,347", "1,906", "3,540"],
        ["TOTAL", "15,809", "125,278", "5,638", "10,171"],
    ]
    path = build_pdf(tmp_path / "pcn.pdf", [table(rows, widths=[110, 70, 60, 70, 60])])
    got = {(f.row_label, f.column_label.split()[0]): f for f in _figures(path)}
    assert got[("Cardiff", "Total")].amount_gbp == Decimal("7257000")
    assert got[("Cardiff", "Est")].amount_gbp == Decimal("2612000")
    assert ("Cardiff", "PCNs") not in got or got[("Cardiff", "PCNs")].amount_gbp is None
    assert got[("Cardiff", "Change")].amount_gbp == Decimal("4645000")


def test_a_unit_with_a_qualifier_in_its_brackets_is_stated() -> None:
    """Fix: "(£ millions, latest year available)" closing a caption states millions
    (tables.context.unit_statement); a sum in brackets states nothing."""
    assert unit_statement("nations of Great Britain (£ millions, latest year available)") == (
        Decimal(1_000_000)
    )
    assert unit_statement("Table 3 (£000; cash prices)") == Decimal(1000)
    assert unit_statement("We saved (£5m, a record)") is None


def test_a_row_of_a_percentage_of_something_is_no_money(tmp_path: Path) -> None:
    """Fix: a row labelled "... as percentage of ..." holds percentages, printed with no
    "%" (tables.figures._ROW_NOT_MONEY_RE)."""
    rows = [
        ["£ million", "2016-17", "2017-18"],
        ["Total income", "20.8", "22.7"],
        ["Surplus", "12.1", "13.8"],
        ["Parking surplus as percentage of net transport expenditure", "4.3", "5.1"],
        ["Surplus as a share of income", "0.58", "0.61"],
    ]
    path = build_pdf(tmp_path / "pct.pdf", [table(rows, widths=[260, 60, 60])])
    got = {(f.row_label, f.column_label): f.amount_gbp for f in _figures(path)}
    assert got[("Surplus", "2017-18")] == Decimal("13800000")
    share = [v for (label, _), v in got.items() if label.startswith(("Parking", "Surplus as"))]
    assert all(v is None for v in share)


def _filled_page(c: canvas.Canvas, rows: tuple[tuple[str, ...], ...]) -> None:
    """One page of a spreadsheet's schedule: its header in a dark band at the top of the
    page, the grid's rules drawn round the body only, from the band's foot down."""
    xs = [20, 110, 200, 330, 400, 470]
    top = 595 - 44
    c.setFillColor(Color(0.59, 0.21, 0.2))
    c.rect(xs[0], top - 28, xs[-1] - xs[0], 28, stroke=0, fill=1)
    c.setFillColor(Color(1, 1, 1))
    c.setFont("Helvetica-Bold", 7)
    heads = (("Category", ""), ("Directorate", ""), ("Headline Description", ""))
    heads += (("2025-26", "£000's"), ("2026-27", "£000's"))
    for x, (a, b) in zip(xs, heads, strict=False):
        c.drawString(x + 2, top - 10, a)
        if b:
            c.drawString(x + 2, top - 19, b)
    c.setFillColor(Color(0, 0, 0))
    c.setFont("Helvetica", 7)
    y = top - 28
    for row in rows:
        c.line(xs[0], y, xs[-1], y)
        for x, text in zip(xs[:3], row[:3], strict=True):
            c.drawString(x + 2, y - 10, text)
        for x, text in zip(xs[3:5], row[3:], strict=True):
            c.drawRightString(x + 68, y - 10, text)
        y -= 14
    c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, top - 28, x, y)
    c.showPage()


def test_a_header_filled_over_a_ruled_grid_heads_it(tmp_path: Path) -> None:
    """Fix: a header printed in a band of colour as wide as the ruled grid under it, the
    grid's rules starting at its foot, heads the grid (tables.boxes.filled_header_above):
    on pages that open with it, the header was left out, the columns had no headers and
    the figures no unit."""
    path = tmp_path / "filled.pdf"
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    _filled_page(
        c,
        (
            ("Transformation", "ASCH", "Adult social care redesign", "-14,526.6", "-488.7"),
            ("Transformation", "CYPE", "Home to school transport", "-1,500.0", "-300.0"),
        ),
    )
    _filled_page(
        c,
        (
            ("Efficiency", "GET", "Street lighting energy", "-250.0", "0.0"),
            ("Efficiency", "CED", "Office accommodation", "-600.0", "-150.0"),
        ),
    )
    c.save()
    got = {(f.row_label, f.column_label): f.amount_gbp for f in _figures(path)}
    assert got[("Adult social care redesign", "2025-26")] == Decimal("-14526600")
    assert got[("Office accommodation", "2026-27")] == Decimal("-150000")
    page = list(open_paper(path).pages)[1]
    regions, _ = find_regions(page, page_lines(page))
    assert any(ln.text.startswith("Category") for ln in regions[0].lines)


@pytest.mark.parametrize(
    ("named", "describing"),
    [("Key Service", "Key Service Description"), ("Project", "Description of Project")],
)
def test_the_column_a_description_describes_names_the_rows(
    tmp_path: Path, named: str, describing: str
) -> None:
    """Fix: of two columns naming every row, the one another's header says it describes
    names the rows (tables.labelchoice._described): the "Description" column had won for
    its header's word."""
    rows = [
        ["Ref", named, describing, "Gross £000", "Net £000"],
        [
            "1",
            "Adult In House Carer Services",
            "Residential respite to support carers",
            "5,120",
            "4,980",
        ],
        ["2", "Adaptive Technology", "Equipment that helps people live at home", "2,310", "2,005"],
        ["3", "Community Services", "Day services and supported living", "8,400", "7,950"],
        [
            "4",
            "Enablement Services",
            "Short-term support after a stay in hospital",
            "3,030",
            "2,870",
        ],
    ]
    path = build_pdf(tmp_path / "kss.pdf", [table(rows, widths=[30, 140, 190, 60, 60])])
    labels = {f.row_label for f in _figures(path)}
    assert labels == {
        "Adult In House Carer Services",
        "Adaptive Technology",
        "Community Services",
        "Enablement Services",
    }


def test_labels_on_most_rows_name_them_before_a_column_of_one_cell() -> None:
    """Fix: a column naming seven rows in ten on the lines of figures (the rest wrapped
    above or below them) names the rows, before a column showing one cell there
    (columns.type_text_columns, coverage 0.7); total labels repeating ("Sub-total") do not
    make the names a category."""
    cols = [Band(40, 60, "text"), Band(70, 200, "text"), Band(210, 400, "text")]
    names = ["Older people", "Carers", "Sub-total", "Libraries", "Museums", "Sub-total"]
    names += ["Parks"]
    cells = [[str(i) for i in range(1, 11)], names, ["Residential respite for carers"]]
    assert type_text_columns(cols, cells, ["Ref", "Key Service", "Comments"]) == 1
    assert cols[1].kind == "label"


def _two_level_stub(path: Path) -> Path:
    """Parking accounts by kind: the kind printed once beside the middle of its three
    rows ("On-street" by "Expenditure"), the rows' names repeated under each kind; the
    caption's unit wrapped onto its second line ("(£" then "millions)")."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(150, HEIGHT - 70, "Table 2: Summary of parking accounts for England by region (£")
    c.drawString(150, HEIGHT - 82, "millions)")
    y = HEIGHT - 110
    years = ("2014-15", "2015-16", "2016-17")
    xs = (260, 310, 360)
    for x, head in zip(xs, years, strict=True):
        c.drawRightString(x, y, head)
    groups = (
        ("On-street", (("800", "821", "889"), ("421", "407", "414"), ("379", "414", "475"))),
        ("Off-street", (("641", "671", "686"), ("335", "336", "341"), ("306", "335", "345"))),
        (
            "All parking",
            (("1,441", "1,492", "1,575"), ("756", "743", "755"), ("685", "749", "820")),
        ),
    )
    for group, rows in groups:
        for k, (name, figs) in enumerate(
            zip(("Total Income", "Expenditure", "Surplus"), rows, strict=True)
        ):
            y -= 14
            if k == 1:
                c.drawString(60, y, group)
            c.drawRightString(200, y, name)
            for x, text in zip(xs, figs, strict=True):
                c.drawRightString(x, y, text)
        y -= 6
    c.save()
    return path


def test_names_repeated_under_each_group_label_the_rows(tmp_path: Path) -> None:
    """Fix: a column whose names run in the same order under each group, the group's name
    printed once beside them, holds the rows' labels (tables.labelchoice.within_groups):
    the group's name had labelled one row in three and the names became attributes."""
    figs = _figures(_two_level_stub(tmp_path / "stub.pdf"))
    labels = {f.row_label for f in figs}
    assert labels == {"Total Income", "Expenditure", "Surplus"}
    on_street = [f for f in figs if "On-street" in f.attributes.values()]
    assert {f.row_label for f in on_street} == {"Expenditure"}


def test_a_unit_wrapped_across_a_captions_lines_is_read_whole(tmp_path: Path) -> None:
    """Fix: the caption's lines are read as one for its unit (tables.tableunit.table_unit):
    its first line ending "(£" had said pounds, where "(£ millions)" says millions."""
    figs = _figures(_two_level_stub(tmp_path / "stub.pdf"))
    amounts = {f.amount_gbp for f in figs if f.column_label == "2016-17"}
    assert Decimal("889000000") in amounts
    assert Decimal("889") not in amounts


def test_cells_one_word_space_apart_in_two_sizes_are_parted(tmp_path: Path) -> None:
    """Fix: at a column's edge, a word set in another size than the word before it starts
    a cell, though only a word space parts them (tables.edgesplit._cut_line): the date
    acquired, in 7.8 points, ran on into the asset's name, in 7.1."""
    c = canvas.Canvas(str(tmp_path / "sizes.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 7.8)
    for x, head in ((52, "Date"), (110, "Name of Asset"), (205, "Location")):
        c.drawString(x, y, head)
    c.drawString(312, y, "Value")
    rows = (
        ("From PTC 1.10.12", "Sheet Village Hall", "Village Street", "£398,983"),
        ("From PTC 1.10.12", "The Old Billiard Room", "Farnham Road", "£79,900"),
        ("From PTC 1.10.12", "Sheet Allotments", "Mill Lane", "£1"),
        ("From PTC 1.10.13", "2 x dog waste bin", "Sheet Common", "£200"),
        ("From PTC 1.10.13", "Play Equipment", "Recreation Ground", "£10,000"),
    )
    for date, name, where, value in rows:
        y -= 10
        c.setFont("Helvetica", 7.8)
        c.drawString(110 - 1.9 - c.stringWidth(date, "Helvetica", 7.8), y, date)
        c.setFont("Helvetica", 7.1)
        c.drawString(110, y, name)
        c.drawString(205, y, where)
        c.drawString(312, y, value)
    c.save()
    got = {f.row_label: f.printed for f in _figures(tmp_path / "sizes.pdf")}
    assert got.get("The Old Billiard Room") == "£79,900"
    assert got.get("Sheet Village Hall") == "£398,983"


def test_a_unit_noted_under_each_table_is_that_tables(tmp_path: Path) -> None:
    """Fix: a unit stated right under a table ("All figures are in £000") is that table's
    (tables.context.note_below), no heading of the table after it: the first table had
    no unit (the page states two) and the second took the first's."""
    c = canvas.Canvas(str(tmp_path / "notes.pdf"), pagesize=A4)
    y = HEIGHT - 80
    for caption, rows, note in (
        (
            "Table 1: Efficiency programme",
            (("Waste collection", "798"), ("Libraries", "1,135")),
            "All figures are in £000",
        ),
        (
            "Table 2: Efficiency programme",
            (("Short breaks", "2.65"), ("Youth service", "0.51")),
            "Figures shown in £m",
        ),
    ):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(42, y, caption)
        y -= 18
        c.setFont("Helvetica-Bold", 8)
        c.drawString(45, y, "Proposal")
        c.drawRightString(300, y, "2021-22")
        c.line(42, y - 4, 310, y - 4)
        c.setFont("Helvetica", 8)
        for label, value in rows:
            y -= 14
            c.drawString(45, y, label)
            c.drawRightString(300, y, value)
        c.line(42, y - 4, 310, y - 4)
        c.setFont("Helvetica-Oblique", 7)
        c.drawString(42, y - 16, note)
        y -= 60
    c.save()
    got = {f.row_label: f.amount_gbp for f in _figures(tmp_path / "notes.pdf")}
    assert got["Waste collection"] == Decimal("798000")
    assert got["Short breaks"] == Decimal("2650000")


def test_figures_one_space_apart_under_their_own_years_are_parted(tmp_path: Path) -> None:
    """Fix: a run of figures set one space apart in a typewriter face ("- -241,640"), each
    under a header cell of its own, is cut into one figure per cell
    (tables.headanchors.split_figure_runs)."""
    c = canvas.Canvas(str(tmp_path / "courier.pdf"), pagesize=(842, 595))
    years = ["2018-19", "2019-20", "2020-21", "2021-22", "Total"]
    rights = [390, 435, 480, 525, 570]
    y = 595 - 80
    c.setFont("Courier-Bold", 8)
    c.drawString(45, y, "Service area")
    for x, head in zip(rights, years, strict=True):
        c.drawRightString(x, y, head)
    c.line(42, y - 4, 590, y - 4)
    c.setFont("Courier", 8)
    rows = (
        ("Street cleansing", ["-", "-", "-", "-42,253", "-42,253"]),
        ("Office accommodation", ["-", "-", "-241,640", "-", "-241,640"]),
        ("Total savings", ["-", "-", "-241,640", "-42,253", "-283,893"]),
    )
    for label, cells in rows:
        y -= 14
        c.drawString(45, y, label)
        for x, text in zip(rights, cells, strict=True):
            c.drawRightString(x, y, text)
    c.drawString(45, y - 20, "Figures in £")
    c.save()
    got = {(f.row_label, f.column_label): f.printed for f in _figures(tmp_path / "courier.pdf")}
    assert got[("Office accommodation", "2020-21")] == "-241,640"
    assert got[("Street cleansing", "2021-22")] == "-42,253"
    assert got[("Office accommodation", "2021-22")] == "-"


def test_a_list_of_payments_over_a_sum_in_pounds_is_in_pounds(tmp_path: Path) -> None:
    """Fix: a list titled by the pounds its payments pass ("Cheque Payments over £100") is
    counted in pounds (tables.context._THRESHOLD), and a "To whom" column names who was
    paid (tables.labelchoice.COUNTERPARTY_HEADER_RE): the list had no unit, its rows
    were named by their particulars."""
    rows = [
        ["To whom", "Particulars", "Total"],
        ["Chris Budd", "Old Coach Road", "5022.00"],
        ["Chris Budd", "Footpath 22a", "3612.00"],
        ["HCC", "C.F.I. Phase 1 Traffic", "2791.00"],
        ["N. Rook-Blackstone", "Lengthsman", "1780.00"],
        ["N. Rook-Blackstone", "Lengthsman", "1315.00"],
    ]
    story = [para("Cheque Payments over £100 – Financial Year 2018-19", "Heading2")]
    story.append(table(rows, grid=False, widths=[110, 150, 60]))
    got = [(f.row_label, f.amount_gbp) for f in _figures(build_pdf(tmp_path / "c.pdf", story))]
    assert ("Chris Budd", Decimal("5022")) in got
    assert ("HCC", Decimal("2791")) in got


def test_a_threshold_in_a_sentence_states_no_unit() -> None:
    """A sum in a sentence is no statement of the unit; a title's threshold is."""
    assert unit_statement("We paid over £100 to the contractor.") is None
    assert unit_statement("Expenditure exceeding £500") == Decimal(1)


def test_a_caption_running_on_past_a_narrow_table_keeps_its_unit(tmp_path: Path) -> None:
    """Fix: a caption over a table ruled under its header is kept whole where it runs on
    past the table's right edge (tables.regions._extend_booktabs): cut to the table's
    width, "(£ million)" lost its "million)" and the figures were read as pounds."""
    c = canvas.Canvas(str(tmp_path / "narrow.pdf"), pagesize=A4)
    c.setFont("Courier-Bold", 10)
    c.drawString(42, HEIGHT - 130, "Table 1: Budget reductions by service 2018-19 (£ million)")
    c.setFont("Courier-Bold", 7)
    y = HEIGHT - 146
    c.drawString(45, y, "Service area")
    for x, head in ((226, "Budget"), (263, "Saving"), (335, "Revised")):
        c.drawRightString(x, y, head)
    c.line(42, y - 4, 337, y - 4)
    c.setFont("Courier", 7)
    for label, figs in (
        ("Fostering", ("467.6", "-18.7", "448.9")),
        ("Day care", ("5.4", "0.7", "4.7")),
    ):
        y -= 12
        c.drawString(45, y, label)
        for x, text in zip((226, 263, 335), figs, strict=True):
            c.drawRightString(x, y, text)
    c.line(42, y - 4, 337, y - 4)
    y -= 12
    c.setFont("Courier-Bold", 7)
    c.drawString(45, y, "Total")
    for x, text in zip((226, 263, 335), ("473.0", "-18.0", "453.6"), strict=True):
        c.drawRightString(x, y, text)
    c.line(42, y - 4, 337, y - 4)
    c.save()
    got = {(f.row_label, f.column_label): f.amount_gbp for f in _figures(tmp_path / "narrow.pdf")}
    assert got[("Fostering", "Budget")] == Decimal("467600000")


def test_years_under_as_at_31_march_are_the_years_ending_then(tmp_path: Path) -> None:
    """Fix: a balance sheet's "As at 31 March" over "2023 | 2022" says each year column is
    the fiscal year ending that day (tables.periods._MARCH_YEARS_RE): the bare years had
    been read as calendar years, with no fiscal year."""
    rows = [
        ["As at 31 March", "2023\n£m", "2022\n£m"],
        ["Property, plant and equipment", "28.6", "28.4"],
        ["Inventories", "0.4", "0.4"],
        ["Cash and cash equivalents", "24.0", "45.1"],
    ]
    path = build_pdf(tmp_path / "bs.pdf", [table(rows, grid=False, widths=[200, 60, 60])])
    got = {(f.row_label, f.printed): f.first_fy for f in _figures(path)}
    assert got[("Cash and cash equivalents", "24.0")] == 2022
    assert got[("Cash and cash equivalents", "45.1")] == 2021


def test_a_list_of_journeys_costing_less_than_a_sum_is_in_pounds() -> None:
    """Fix: a title bounding its items from above ("costing less than £15,000 each") says
    pounds as one bounding them from below does (tables.context._THRESHOLD)."""
    text = "Summary of other journeys by air and rail costing less than £15,000 each"
    assert unit_statement(text) == Decimal(1)
    assert unit_statement("Savings of under £5m were made.") is None
