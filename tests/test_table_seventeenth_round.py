"""Shapes read wrong in real papers met in the seventeenth round (a charity's receipts and
payments accounts on the Charity Commission's spreadsheet form, whose totals and closing
rows box their figures and print their labels free beside them): each test draws its own
small PDF (reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak

from pipeline.extract import extract_file
from pipeline.normalise import find_fiscal_years, looks_like_total
from tests.conftest import build_pdf, para, table

HEIGHT = A4[1]
#: the left edge of each figure column's boxes, and their width
COLUMNS = (180, 260, 340, 420)
BOX = 72


def _figure_row(
    c: canvas.Canvas, y: float, label: str, figures: list[str], boxed_label: bool
) -> None:
    """A row of the form: its label (in a box of its own, or free and set right against
    the first figure column) and each figure right-aligned in its own box."""
    c.setFont("Helvetica-Bold" if not boxed_label else "Helvetica", 8)
    if boxed_label:
        c.rect(40, y - 3, 135, 12)
        c.drawString(42, y, label)
    else:
        c.drawRightString(176, y, label)
    c.setFont("Helvetica", 8)
    for x, fig in zip(COLUMNS, figures, strict=True):
        c.rect(x, y - 3, BOX, 12)
        c.drawRightString(x + BOX - 3, y, fig)


def _form(path: Path) -> Path:
    """Receipts in a ruled grid (labels boxed), "Total receipts" free under it with its
    figures boxed one by one, then a block of closing rows whose figures are boxed as a
    grid and whose labels stand free to its left."""
    c = canvas.Canvas(str(path), pagesize=A4)
    top = HEIGHT - 60
    c.setFont("Helvetica-Bold", 12)
    c.drawString(40, top, "Receipts and payments accounts")
    c.setFont("Helvetica-Bold", 8)
    heads = ("Unrestricted funds", "Restricted funds", "Endowment funds", "Total funds")
    for x, head in zip(COLUMNS, heads, strict=True):
        c.drawCentredString(x + BOX / 2, top - 24, head)
        c.drawCentredString(x + BOX / 2, top - 34, "to the nearest £")
    c.drawString(40, top - 50, "A1 Receipts")
    y = top - 64
    for label, figs in (
        ("Donations", ["10,000", "-", "-", "10,000"]),
        ("Grants", ["1,500", "2,000", "-", "3,500"]),
        ("Bank interest", ["25", "-", "-", "25"]),
    ):
        _figure_row(c, y, label, figs, boxed_label=True)
        y -= 12
    _figure_row(c, y - 12, "Total receipts", ["11,525", "2,000", "-", "13,525"], False)
    y -= 48
    c.setFont("Helvetica-Bold", 8)
    c.drawString(40, y, "A3 Payments")
    y -= 14
    for label, figs in (
        ("Hosting", ["175", "-", "-", "175"]),
        ("Insurance", ["350", "-", "-", "350"]),
    ):
        _figure_row(c, y, label, figs, boxed_label=True)
        y -= 12
    _figure_row(c, y - 12, "Total payments", ["525", "-", "-", "525"], False)
    y -= 48
    # The closing rows: one grid round their figures, labels free beside it.
    closing = (
        ("Net of receipts/(payments)", ["11,000", "2,000", "-", "13,000"]),
        ("A5 Transfers between funds", ["-", "-", "-", "-"]),
        ("A6 Cash funds last year end", ["2,254", "-", "-", "2,254"]),
        ("Cash funds this year end", ["13,254", "2,000", "-", "15,254"]),
    )
    c.setLineWidth(0.8)
    for k, (label, figs) in enumerate(closing):
        row_y = y - 14 * k
        c.setFont("Helvetica-Bold", 8)
        if label.startswith("A"):
            c.drawString(40, row_y, label)
        else:
            c.drawRightString(176, row_y, label)
        c.setFont("Helvetica", 8)
        for x, fig in zip(COLUMNS, figs, strict=True):
            c.drawRightString(x + BOX - 3, row_y, fig)
    bottom = y - 14 * len(closing) + 10
    for k in range(len(closing) + 1):
        c.line(COLUMNS[0], y + 10 - 14 * k, COLUMNS[-1] + BOX, y + 10 - 14 * k)
    for x in (*COLUMNS, COLUMNS[-1] + BOX):
        c.line(x, y + 10, x, bottom)
    c.save()
    return path


def _by_label(path: Path) -> dict[str, list[str]]:
    """Each row label's figures as printed, nils left out (the form states its unit over
    the first block only, so the amounts below may be empty: only the reading is tested)."""
    out: dict[str, list[str]] = {}
    for f in extract_file(path).figures:
        if f.printed.strip() not in ("-", ""):
            out.setdefault(f.row_label, []).append(f.printed)
    return out


def test_labels_free_beside_a_grid_of_figures_are_its_rows_labels(tmp_path: Path) -> None:
    """Fix: a ruled box of figures only, whose every row goes on to the left outside it
    with words and no figure, is widened to take them (tables.boxes.labels_left_of)."""
    got = _by_label(_form(tmp_path / "form.pdf"))
    assert got.get("Net of receipts/(payments)") == ["11,000", "2,000", "13,000"]
    assert got.get("A6 Cash funds last year end") == ["2,254", "2,254"]
    assert got.get("Cash funds this year end") == ["13,254", "2,000", "15,254"]
    assert "" not in got


def test_a_total_free_under_a_ruled_table_closes_it(tmp_path: Path) -> None:
    """Fix: a total printed alone just under a ruled table, its figures boxed one by one,
    is a lone row joined to that table (tables.regions._closes), not a heading."""
    ex = extract_file(_form(tmp_path / "form.pdf"))
    got = {(f.row_label, f.printed) for f in ex.figures}
    assert {("Total receipts", "13,525"), ("Total payments", "525")} <= got
    total = next(f for f in ex.figures if f.row_label == "Total receipts" and f.printed == "13,525")
    assert total.column_label.startswith("Total funds") and total.amount_gbp == 13525
    receipts = {f.table_index for f in ex.figures if f.row_label in ("Grants", "Total receipts")}
    assert len(receipts) == 1


def _register(path: Path, *, glued: bool) -> Path:
    """A parish's register of assets printed from a spreadsheet without grid lines:
    "Date Acquired | Name of Asset | Location | Value", the date cells left-aligned and
    (with `glued`) set three spaces from the name, so close that a line reads as one
    phrase; some rows are valued, one only has a remark far right ("10 k scrapped
    15/16") and a disposal year under "Disposal"."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 9)
    for x, head in ((40, "Date Acquired"), (130, "Name of Asset"), (260, "Location")):
        c.drawString(x, y, head)
    c.drawString(380, y, "Value")
    c.drawString(450, y, "Disposal")
    c.setFont("Helvetica", 9)
    rows = (
        ("From PTC 1.10.12", "Sheet Village Hall", "Village Street", "£398,983", ""),
        ("From PTC 1.10.12", "The Old Billiard Room", "Farnham Road", "£79,900", ""),
        ("From PTC 1.10.13", "Play Equipment", "Recreation Ground", "", "10 k scrapped 15/16"),
        ("From PTC 1.10.13", "2 x dog waste bin", "Sheet Common", "£200", ""),
        ("Mar-13", "Noticeboard", "Pulens Lane", "£1,050", ""),
        ("2015/16", "Shed", "Sheet Rec", "£3,090", "2019"),
        ("2015/16", "Enhanced lighting system", "Village Hall", "£4,266", ""),
    )
    for date, name, where, value, remark in rows:
        y -= 14
        if glued:  # the date's cell ends a space's width before the name starts
            c.drawString(130 - c.stringWidth(date + "   ", "Helvetica", 9), y, date)
        else:
            c.drawString(40, y, date)
        c.drawString(130, y, name)
        c.drawString(260, y, where)
        c.drawRightString(420, y, value)
        c.drawString(450 if remark[:1].isdigit() and len(remark) == 4 else 470, y, remark)
    c.save()
    return path


def _labelled(path: Path) -> dict[str, str]:
    return {f.row_label: f.printed for f in extract_file(path).figures}


def test_cells_set_close_are_parted_where_a_column_starts(tmp_path: Path) -> None:
    """Fix: a row's segment holding a word that starts where the header cell "Name of
    Asset" and most rows' cells start is cut there (tables.edgesplit), so the date is its
    own column and the name the row's label."""
    got = _labelled(_register(tmp_path / "glued.pdf", glued=True))
    assert got.get("The Old Billiard Room") == "£79,900"
    assert got.get("Sheet Village Hall") == "£398,983"
    assert not any(label.startswith("From PTC") for label in got)


def test_remarks_and_years_beyond_the_figures_are_no_figures(tmp_path: Path) -> None:
    """Fix: a remark or a year standing right of every column of figures, in no column of
    its own, is no cell of the figures' column (structure._figure_alone): "10 k scrapped"
    is not £10,000, nor the disposal year 2019 a value. Years under "Date Acquired" are
    that column's text, not the label's (structure._YEAR)."""
    got = _labelled(_register(tmp_path / "apart.pdf", glued=False))
    assert "Play Equipment" not in got
    assert got.get("Shed") == "£3,090"
    assert "£2,019" not in got.values() and "2019" not in got.values()
    assert all("2015/16" not in label for label in got)


def test_a_day_after_a_year_makes_no_range() -> None:
    """Fix: "1st April 2023 – 31st March 2024" states the year 2023/24 by its dates; its
    "2023 – 31" is no range 2023-31 (normalise._DAY_OF), while "2018-20" still is."""
    assert find_fiscal_years("the reporting year 1st April 2023 – 31st March 2024:") == []
    assert find_fiscal_years("1 April 2023 – 31 March 2024") == []
    assert [(f.first_fy, f.last_fy) for f in find_fiscal_years("2018-20")] == [(2018, 2019)]
    assert [(f.first_fy, f.last_fy) for f in find_fiscal_years("2023 – 31")] == [(2023, 2030)]


def _expenditure_box(path: Path) -> Path:
    """A return's ruled box: a title row, a sentence ending in a colon, a header row, then
    items with their cost and date, the total's label wrapped with a colon at its end."""
    c = canvas.Canvas(str(path), pagesize=A4)
    top, x0, x1 = HEIGHT - 60, 60, 520
    cols = (60, 200, 320, 520)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(64, top - 12, "Expenditure")
    c.setFont("Helvetica", 9)
    c.drawString(64, top - 30, "Please provide a summary of what you have spent from the grant")
    c.drawString(64, top - 41, "during the reporting year:")
    c.setFont("Helvetica-Bold", 9)
    for x, head in zip(
        cols, ("Item", "Total spent on project", "Date of expenditure"), strict=False
    ):
        c.drawString(x + 4, top - 60, head)
    c.setFont("Helvetica", 9)
    rows = (
        ("Speed Indicator Device", "£2239.99", "October 2023"),
        ("Village gates", "£11950.00", "November 2023"),
        ("Notice board", "£456.08", "October 2023"),
        ("Total expenditure", "£14646.08", ""),
    )
    y = top - 80
    for label, cost, when in rows:
        c.drawString(64, y, label)
        c.drawString(204, y, cost)
        c.drawString(324, y, when)
        y -= 16
    c.drawString(64, y + 5, "for reported year:")
    bottom = y - 6
    for yy in (top, top - 48, top - 68, bottom):
        c.line(x0, yy, x1, yy)
    for x in cols:
        c.line(x, top - 48 if x in (200, 320) else top, x, bottom)
    c.save()
    return path


def test_one_label_ending_in_a_colon_makes_no_key_value_box(tmp_path: Path) -> None:
    """Fix: a box is a strip of "field: value" pairs only when its lines of figures carry
    the colons, on half of them at least (tables.boxes.key_value_box); a total's wrapped
    label and a sentence over the table ending in colons left this box unread."""
    got = _labelled(_expenditure_box(tmp_path / "box.pdf"))
    assert got.get("Village gates") == "£11950.00"
    assert got.get("Speed Indicator Device") == "£2239.99"


def test_a_total_after_blank_rows_closes_the_list(tmp_path: Path) -> None:
    """Fix: a total set several blank lines under an unruled list (the rows a form leaves
    to fill), its figure under the list's column, still closes it (regions: a total may
    stand up to eight lines down, other rows five)."""
    c = canvas.Canvas(str(tmp_path / "list.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 9)
    c.drawString(60, y, "Description")
    c.drawString(220, y, "Identification")
    c.drawRightString(420, y, "Value")
    c.setFont("Helvetica", 9)
    for name, where, value in (
        ("Bus Stop", "C18", "9,467.00"),
        ("War Memorial", "Church Road", "5,975.00"),
        ("Bench", "Steep Common", "700"),
        ("Picnic Tables", "Steep Common", "496"),
    ):
        y -= 13
        c.drawString(60, y, name)
        c.drawString(220, y, where)
        c.drawRightString(420, y, value)
    c.drawString(60, y - 6 * 13, "TOTAL:")
    c.drawRightString(420, y - 6 * 13, "16638")
    c.drawString(60, y - 12 * 13, "Values in pounds (£).")
    c.save()
    got = {f.row_label: f.printed for f in extract_file(tmp_path / "list.pdf").figures}
    assert got.get("TOTAL:") == "16638"
    assert got.get("Bench") == "700"


def test_a_column_of_years_is_text_beside_the_label(tmp_path: Path) -> None:
    """Fix: bare years in their own column ("2008" under "Date Acquired") are that column's
    text (structure._YEAR): though each parses as a number, they joined no text column
    and ended the row's label ("Play Equipment 2008")."""
    c = canvas.Canvas(str(tmp_path / "years.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 9)
    for x, head in ((60, "Description"), (180, "Identification"), (300, "Date Acquired")):
        c.drawString(x, y, head)
    c.drawRightString(430, y, "Value")
    c.setFont("Helvetica", 9)
    for name, where, year, value in (
        ("Play Equipment", "Steep Common", "2008", "£9,885.00"),
        ("Memorial Bench", "Steep Marsh", "2008", "1"),
        ("Lap Top", "Clerk's Office", "2010", "£400"),
        ("Dog Waste Bin", "Steep Common", "2012", "£140.00"),
    ):
        y -= 13
        c.drawString(60, y, name)
        c.drawString(180, y, where)
        c.drawRightString(350, y, year)
        c.drawRightString(430, y, value)
    c.save()
    got = {f.row_label: f.printed for f in extract_file(tmp_path / "years.pdf").figures}
    assert got == {
        "Play Equipment": "£9,885.00",
        "Memorial Bench": "1",
        "Lap Top": "£400",
        "Dog Waste Bin": "£140.00",
    }


def test_a_column_empty_on_the_first_page_keeps_the_table_whole(tmp_path: Path) -> None:
    """Fix: a ruled column with no figure on the table's first page, under a header naming
    its year ("2030/31"), is still a column of figures (ruledbands._headed_as_figures): the
    rows carried on to the next page, which fill it, continue the same table with its
    header and unit, instead of a table of their own with neither."""
    years = ["2028/29", "2029/30", "2030/31", "2031/32"]
    rows: list[list[str]] = [["Savings proposal", *(f"{y} £000" for y in years)]]
    for k in range(44):  # the first page's rows leave 2030/31 empty
        a, b, c = (f"{(k * 37 + m * 11) % 900 + 100:,}" for m in (1, 2, 3))
        rows.append([f"Proposal {k + 1}", a, b, "", c])
    rows.append(["Late proposal", "5", "6", "7", "8"])
    path = build_pdf(tmp_path / "long.pdf", [para("Table 1: Savings"), table(rows, repeat=0)])
    figures = extract_file(path).figures
    late = {f.column_label: f for f in figures if f.row_label == "Late proposal"}
    assert late, "the row on the second page was not read"
    assert {f.page for f in late.values()} == {2}
    assert late["2030/31"].amount_gbp == 7000
    assert (late["2030/31"].first_fy, late["2030/31"].last_fy) == (2030, 2030)
    assert len({f.table_index for f in figures}) == 1


def test_n_a_cells_keep_a_column_in_pounds(tmp_path: Path) -> None:
    """Fix: a column printing £ in every figure cell also holds "n/a" and "-" cells; "n/a"
    says there is no figure and no longer makes the column's unit unknown
    (figures._NO_FIGURE), so its nil dashes are read as £0, not dropped."""
    rows = [
        ["Proposal", "2017/18", "2018/19"],
        ["Stop smoking service", "-", "£33,884"],
        ["Weight management", "£1,187,352", "£207,549"],
        ["Legal services", "£28,193", "n/a"],
        ["Procurement", "-", "-"],
        ["Health visiting", "£1,200", "-"],
    ]
    path = build_pdf(tmp_path / "na.pdf", [para("Revenue budget changes"), table(rows)])
    got = {(f.row_label, f.column_label): f.amount_gbp for f in extract_file(path).figures}
    assert got[("Procurement", "2018/19")] == 0
    assert got[("Health visiting", "2018/19")] == 0
    assert got[("Stop smoking service", "2018/19")] == 33884


def test_overlapping_lines_do_not_set_the_leading(tmp_path: Path) -> None:
    """Fix: a row whose figures stand between its label's two lines overlaps them; that
    overlap no longer counts as the table's tightest leading (rows._tight_threshold), which
    had set "same cell" below a wrapped label's own line spacing and read its second line
    ("service and transfer to providers") as a heading of the rows below."""
    c = canvas.Canvas(str(tmp_path / "leading.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Courier-Bold", 7)
    c.drawString(40, y, "Savings proposal")
    for x, head in ((300, "2017/18"), (350, "2018/19"), (400, "Total")):
        c.drawRightString(x, y, head)
    c.line(40, y - 3, 400, y - 3)
    c.setFont("Courier", 7)

    def figures(at: float, values: tuple[str, str, str]) -> None:
        for x, v in zip((300, 350, 400), values, strict=True):
            c.drawRightString(x, at, v)

    y -= 12.4
    c.drawString(40, y, "Stop smoking service - service review")
    figures(y, ("-", "£33,884", "£33,884"))
    y -= 12.4  # a label wrapped, its figures on its first line
    c.drawString(40, y, "Health visiting - remodelling of the in-house")
    figures(y, ("-", "£28,610", "£28,610"))
    c.drawString(40, y - 8.4, "service and transfer to providers")
    y -= 8.4 + 12.4  # a label wrapped, its figures between its lines
    c.drawString(40, y, "Home to school transport - reduced opening")
    figures(y - 4.2, ("£14,648", "-", "£14,648"))
    c.drawString(40, y - 8.4, "hours")
    y -= 8.4 + 12.4
    c.drawString(40, y, "Legal services - management delayering")
    figures(y, ("-", "£28,193", "£28,193"))
    y -= 12.4
    c.drawString(40, y, "Weight management - contract renegotiation")
    figures(y, ("£207,549", "-", "£207,549"))
    c.save()
    got = {(f.row_label, f.column_label): f for f in extract_file(tmp_path / "leading.pdf").figures}
    full = "Health visiting - remodelling of the in-house service and transfer to providers"
    assert got[(full, "2018/19")].amount_gbp == 28610
    assert got[("Legal services - management delayering", "2018/19")].section is None
    assert got[("Home to school transport - reduced opening hours", "2017/18")].amount_gbp == 14648


def test_a_heading_under_a_named_total_heads_the_indented_rows(tmp_path: Path) -> None:
    """Fix: under a total that names itself ("Total Communities"), a bold line set where
    the total's label starts, over rows indented from it, heads those rows
    (rowheads._heads_indented); it is not the end of the total's label. The rows carry a
    description wrapped over a second line, so the single-line rows' spacing reads as
    that of one cell's lines."""
    c = canvas.Canvas(str(tmp_path / "groups.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Courier-Bold", 9)
    c.drawString(60, y, "Savings proposal")
    c.drawString(200, y, "Description")
    for x, head in ((360, "2026-27"), (420, "2027-28")):
        c.drawRightString(x + 40, y, head)
    c.line(60, y - 3, 460, y - 3)
    lines = (
        ("b", 60, "Communities", None, None),
        ("n", 70, "Registrars", ("-", "(0.37)"), ("Reduce agency spend by", "recruiting staff")),
        ("n", 70, "Museums", ("(1.75)", "(3.18)"), ("Renegotiate contracts as", "they fall due")),
        ("b", 60, "Total Communities", ("(1.75)", "(3.55)"), None),
        ("b", 60, "Corporate Services", None, None),
        ("n", 70, "Office accommodation", ("-", "(4.59)"), ("Stop the discretionary", "element")),
        ("n", 70, "Staffing", ("(3.37)", "(0.99)"), ("Reduce agency spend by", "recruiting staff")),
        ("b", 60, "Total Corporate Services", ("(3.37)", "(5.58)"), None),
    )
    for kind, x, label, figs, text in lines:
        y -= 14.8
        if label.startswith("Total"):  # ruled off above, as the sum of the rows
            c.line(60, y + 10, 460, y + 10)
        c.setFont("Courier-Bold" if kind == "b" else "Courier", 9)
        c.drawString(x, y, label)
        for fx, fig in zip((360, 420), figs or (), strict=False):
            c.drawRightString(fx + 40, y, fig)
        if text:
            c.drawString(200, y, text[0])
            y -= 11
            c.drawString(200, y, text[1])
    c.setFont("Courier", 9)
    c.drawString(60, y - 20, "All figures £m.")
    c.save()
    figures = extract_file(tmp_path / "groups.pdf").figures
    labels = {f.row_label for f in figures}
    assert "Total Communities" in labels
    staffing = next(f for f in figures if f.row_label == "Staffing")
    assert staffing.section == "Corporate Services"


def test_a_rating_set_one_space_after_a_figure_is_its_own_cell(tmp_path: Path) -> None:
    """Fix: in a typewriter face a rating printed one space after the total ("£135k Green")
    reads as one phrase; many rows start a word where the rating column starts, so the
    glued cell is parted there (edgesplit._figure_area_edges) and the rating read."""
    c = canvas.Canvas(str(tmp_path / "mono.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Courier-Bold", 10)
    c.drawString(40, y, "Proposal                 2026-27  2027-28    Total RAG status")
    c.setFont("Courier", 10)
    for line in (
        "Home to school transport   £746k    £794k   £1.54m Amber",
        "Youth service                  -        -    £135k Green",
        "Fostering                      -     £24k     £24k Green",
        "Early help                     -     £22k     £22k Amber",
        "Libraries                      -    £262k    £262k Green",
        "Leisure centres                -     £20k     £20k Amber",
    ):
        y -= 14
        c.drawString(40, y, line)
    c.save()
    figures = extract_file(tmp_path / "mono.pdf").figures
    youth = {f.column_label: f for f in figures if f.row_label == "Youth service"}
    assert youth["Total"].amount_gbp == 135000
    assert youth["Total"].rag == "Green"
    assert all(
        f.row_label
        in {
            "Home to school transport",
            "Youth service",
            "Fostering",
            "Early help",
            "Libraries",
            "Leisure centres",
        }
        for f in figures
    )


def test_a_label_closing_its_bracket_below_is_one_row(tmp_path: Path) -> None:
    """Fix: a line closing a bracket the row's label left open ("(Estimates only - this
    should include …," over "Transport, … Costs)") ends that label (rows._closes_bracket),
    though the form sets its rows as close as that line and spacing alone cannot tell."""
    c = canvas.Canvas(str(tmp_path / "bracket.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 6)
    c.drawString(87, y, "Revenue Expenditure")
    c.drawRightString(420, y, "2016-17 Outturn £")
    c.setFont("Helvetica", 6)
    rows = (
        (13.5, "Transport", "25,099"),
        (10.3, "Third Party Payments", "0"),
        (13.5, "Support Services Costs", "543,235"),
        (10.3, "Premises", "61,204"),
        (11.9, "Supplies and Services", "8,310"),
        (
            21.5,
            "Other Expenditure (Estimates only - this should include Computing Costs,",
            "690,070",
        ),
    )
    for step, label, value in rows:
        y -= step
        c.drawString(87, y, label)
        c.drawRightString(420, y, value)
    c.drawString(87, y - 11.5, "Transport, Third Party Payments and Support Services Costs)")
    for step, label, value in (
        (19.6, "Total Revenue Expenditure", "1,319,608"),
        (13.5, "Rent", "4,100"),
    ):
        y -= step + (11.5 if label.startswith("Total") else 0)
        c.drawString(87, y, label)
        c.drawRightString(420, y, value)
    c.save()
    got = {f.row_label: f for f in extract_file(tmp_path / "bracket.pdf").figures}
    full = (
        "Other Expenditure (Estimates only - this should include Computing Costs, "
        "Transport, Third Party Payments and Support Services Costs)"
    )
    assert got[full].printed == "690,070"
    assert got["Total Revenue Expenditure"].section is None


def test_a_unit_noted_under_a_tables_last_page_holds_for_all_of_it(tmp_path: Path) -> None:
    """Fix: a table carried over two pages whose unit is stated only in a note under its
    end ("Note: figures are £ million", on its second page) is read in that unit on both
    pages (tables: the last page's unit statement when its first page has none), while
    the paper states another unit for a table before it."""
    rows: list[list[str]] = [["Proposal", "Budget", "Saving"]]
    for k in range(52):
        rows.append(
            [f"Proposal {k + 1}", f"{(k * 37) % 90 + 10}.{k % 10}5", f"{k % 7 + 1}.2{k % 9}"]
        )
    story = [
        para("Table 1: Fees and charges (£000)"),
        table([["Fee", "2024/25"], ["Parking", "1,250"], ["Licences", "310"]]),
        para("Note: figures are £000"),
        PageBreak(),
        *[para("The proposals below were agreed by Cabinet after consultation. " * 4)] * 6,
        para("Budget reductions by service"),
        table(rows, grid=False),
        para("Note: figures are £ million"),
    ]
    figures = extract_file(build_pdf(tmp_path / "note.pdf", story)).figures
    first = next(f for f in figures if f.row_label == "Proposal 1" and f.column_label == "Budget")
    last = next(f for f in figures if f.row_label == "Proposal 40" and f.column_label == "Saving")
    assert {first.page, last.page} == {2, 3}
    assert first.amount_gbp == Decimal("10050000")
    assert last.amount_gbp == Decimal("5230000")


def test_dot_leaders_after_a_total_leave_it_a_total() -> None:
    """Fix: "Public Health total ........" names a total; the dot leaders running to its
    figures hid it (normalise._LEADERS)."""
    assert looks_like_total("Public Health total ....................")
    assert looks_like_total("Sub-total \u2026\u2026")
    assert not looks_like_total("Totally reworked ....")


def test_a_tbc_cell_is_no_part_of_the_label(tmp_path: Path) -> None:
    """Fix: "TBC" printed in a column of its own between the label and the figures (a
    year not yet costed) says there is no figure; it no longer ends the row's label
    ("Reablement (a) TBC") (structure._body_line, normalise.NO_FIGURE)."""
    c = canvas.Canvas(str(tmp_path / "tbc.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 9)
    c.drawString(45, y, "Table 1: Savings by directorate (£)")
    y -= 16
    for x, head in ((160, "2024-25"), (210, "2025-26"), (258, "2026-27"), (360, "Total")):
        c.drawRightString(x, y, head)
    c.setFont("Helvetica", 9)
    for label, first, a, b in (
        ("Community safety", "", "(441,420)", "-"),
        ("Museums", "", "(20,196)", "(18,191)"),
        ("Reablement", "TBC", "(375,728)", "(280,021)"),
        ("Libraries", "", "(12,000)", "(8,500)"),
    ):
        y -= 16
        c.drawString(45, y, label)
        if first:
            c.drawRightString(160, y, first)
        c.drawRightString(210, y, a)
        c.drawRightString(258, y, b)
    c.save()
    labels = {f.row_label for f in extract_file(tmp_path / "tbc.pdf").figures}
    assert "Reablement" in labels
    assert not any("TBC" in label for label in labels)


def test_a_full_total_fixes_the_columns_of_a_sparse_schedule(tmp_path: Path) -> None:
    """Fix: in a schedule of many years whose rows each fill two or three, the total
    filling every column fixes the columns (columns._covering_row); the two sparse rows
    that agreed with each other had fixed two columns, and every other figure joined the
    nearer of them."""
    years = ["2023/2024", "2024/2025", "2025/2026", "2026/2027", "2027/2028", "Total"]
    xs = [200, 255, 310, 365, 420, 480]
    c = canvas.Canvas(str(tmp_path / "sparse.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 7)
    c.drawString(45, y, "Service")
    for x, head in zip(xs, years, strict=True):
        c.drawRightString(x, y, head)
    c.setFont("Helvetica", 7)
    rows = (
        ("Health visiting", {1: "-£16,961", 5: "-£16,961"}),
        ("Weight management", {2: "-£42,350", 3: "-£89,501", 5: "-£131,851"}),
        ("Staffing", {3: "-£379,207", 4: "-£753,378", 5: "-£1,132,585"}),
        ("Short breaks", {0: "-£138,658", 2: "-£200,246", 5: "-£338,904"}),
        ("Winter maintenance", {1: "-£196,308", 5: "-£196,308"}),
        (
            "Total",
            {
                0: "-£138,658",
                1: "-£213,269",
                2: "-£242,596",
                3: "-£468,708",
                4: "-£753,378",
                5: "-£1,816,609",
            },
        ),
    )
    for label, cells in rows:
        y -= 13
        c.drawString(45, y, label)
        for j, text in cells.items():
            c.drawRightString(xs[j], y, text)
    c.save()
    got = {
        (f.row_label, f.column_label): f.printed
        for f in extract_file(tmp_path / "sparse.pdf").figures
    }
    assert got[("Staffing", "2026/2027")] == "-£379,207"
    assert got[("Staffing", "2027/2028")] == "-£753,378"
    assert got[("Weight management", "2025/2026")] == "-£42,350"
    assert got[("Health visiting", "2024/2025")] == "-£16,961"


def test_rows_set_closer_than_a_wrapped_cell_stay_rows(tmp_path: Path) -> None:
    """Fix: with no label wrapped tighter than the rows of figures are set, the tightest
    gap is a row's, not a cell's leading (rows._tight_threshold): rows filling different
    columns of a sparse schedule, set closer than the rows whose description wraps, were
    joined into one."""
    c = canvas.Canvas(str(tmp_path / "close.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Times-Bold", 9)
    c.drawString(45, y, "Savings proposal")
    c.drawString(230, y, "Description")
    for x, head in ((437, "2021/22"), (474, "2022/23"), (512, "2023/24")):
        c.drawRightString(x, y, head)
    c.setFont("Times-Roman", 9)
    rows = (
        ("Sexual health - reprocurement", ("Close 1 of 3 sites",), {474: "0.6"}),
        ("Weight management - service review", ("Deletion of 2 posts",), {437: "-1.7"}),
        ("Extra care housing - self-service", ("Move customers online",), {512: "-5.4"}),
        ("Shared Lives - demand management", ("Increase fees",), {474: "-0.9"}),
        (
            "Stop smoking - delayering",
            ("Joint commissioning with", "health partners"),
            {512: "-8.4"},
        ),
        (
            "Libraries - self-service",
            ("Reduce agency spend by", "recruiting staff"),
            {512: "-12.6"},
        ),
        ("Car parking - service review", ("Deletion of 2 vacant", "posts"), {437: "-0.8"}),
        ("Street cleansing - demand", ("Reduce agency spend by", "recruiting staff"), {512: "2.1"}),
        ("Office accommodation - demand", ("Joint commissioning", "with partners"), {474: "-1.1"}),
        ("Home to school transport - remodelling of the", ("Close 1 of 3 sites",), {}),
        ("Museums - staffing restructure", ("Reduce management layers",), {474: "-2.7"}),
        ("Parks - fees and charges", ("Increase fees",), {437: "-0.4"}),
    )
    for label, desc, cells in rows:
        y -= 14.8 if len(desc) == 1 else 20.2
        c.drawString(45, y, label)
        c.drawString(230, y, desc[0])
        for x, text in cells.items():
            c.drawRightString(x, y, text)
        for more in desc[1:]:
            y -= 10.6
            c.drawString(230, y, more)
        if not cells:  # a label wrapped over two lines, its figure set between them
            c.drawRightString(512, y - 5.3, "-0.4")
            y -= 10.6
            c.drawString(45, y, "in-house service")
    c.drawString(45, y - 20, "All figures £ million.")
    c.save()
    got = {
        (f.row_label, f.column_label): f.printed
        for f in extract_file(tmp_path / "close.pdf").figures
    }
    assert got.get(("Sexual health - reprocurement", "2022/23")) == "0.6"
    assert got.get(("Weight management - service review", "2021/22")) == "-1.7"
    assert got.get(("Museums - staffing restructure", "2022/23")) == "-2.7"


def _ruled_schedule(
    c: canvas.Canvas,
    y: float,
    years: tuple[str, str],
    rows: Sequence[tuple[str, str, str, str]],
    font: str,
    step: float,
    rule_rows: bool,
) -> float:
    """A header "Service | year | year | Total" ruled under it, then the rows (each ruled
    under too with `rule_rows`), in `font` at 8 pt; returns the last row's baseline."""
    c.setFont(f"{font}-Bold", 8)
    c.drawString(48, y, "Service")
    for x, head in zip((300, 380, 460), (*years, "Total"), strict=True):
        c.drawRightString(x, y, head)
    c.line(45, y - 4, 470, y - 4)
    c.setFont(font, 8)
    for label, *figures in rows:
        y -= step
        c.drawString(48, y, label)
        for x, v in zip((300, 380, 460), figures, strict=True):
            c.drawRightString(x, y, v)
        if rule_rows:
            c.line(45, y - 4, 470, y - 4)
    return y


def test_a_caption_and_header_on_the_next_rule_open_a_new_table(tmp_path: Path) -> None:
    """Fix: two tables of one width share a stack of rules when the first is drawn with no
    rule under it; its rows, a caption set apart by space and the next table's header on
    the rule below part them (rules._captioned_below), so the second is read under its own
    header and caption ("Savings by directorate - £ million"), not as rows of the first."""
    c = canvas.Canvas(str(tmp_path / "stacked.pdf"), pagesize=A4)
    y = HEIGHT - 80
    c.setFont("Helvetica-Bold", 8)
    c.drawString(45, y + 14, "Table 1: Medium term savings plan")
    c.line(45, y + 10, 470, y + 10)
    first = (
        ("Sexual health", "£286.9k", "£247.0k", "£533.9k"),
        ("Highways maintenance", "£393.2k", "£415.2k", "£808.4k"),
        ("Leisure centres", "£40.6k", "£14.2k", "£54.8k"),
    )
    y = _ruled_schedule(c, y, ("2016/2017", "2017/2018"), first, "Helvetica", 12, False)
    c.setFont("Helvetica-Oblique", 7)
    c.drawString(45, y - 12, "(a) Delivery shared with a neighbouring council.")
    y -= 48
    c.setFont("Courier-Bold", 10)
    c.drawString(45, y, "Savings by directorate - £ million")
    second = (
        ("Supported living", "0.8", "0.8", "1.6"),
        ("Residential care", "2.3", "1.7", "4.0"),
        ("Youth service", "-", "5.8", "5.8"),
    )
    _ruled_schedule(c, y - 18, ("2016-17", "2017-18"), second, "Courier", 14, True)
    c.save()
    got = {(f.row_label, f.column_label): f for f in extract_file(tmp_path / "stacked.pdf").figures}
    living = got[("Supported living", "2016-17")]
    assert living.amount_gbp == 800000
    assert (living.first_fy, living.last_fy) == (2016, 2016)
    assert got[("Sexual health", "2016/2017")].amount_gbp == Decimal("286900")
