"""Where one table ends and the next begins, and which lines are one row.

Shapes the second generator (tools/gen_tables.py, fresh seeds) and real Kent papers
showed failing: two tables under rules of one width with only blank space between
them; a total row pushed alone onto the next page; a continuation page whose few
rows would choose another label column; a label the line-breaker wrapped before a
capital; a side panel's label wrapped onto a line of its own; reference codes a
narrow column wrapped; a unit in one table's caption that says nothing of the others.

Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from pipeline.extract import extract_file
from pipeline.layout import make_line
from pipeline.models import BBox, Extraction, Figure, Line, Word
from pipeline.tables.linekinds import lead_in, units_header
from tests.conftest import para, table

Maker = Callable[..., Path]


def _cells(ex: Extraction) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in ex.figures}


def _ruled(rows: list[list[str]], widths: list[float]) -> object:
    """Rules under every row and none down the columns, as a Word table with
    horizontal borders prints."""
    return table(
        rows,
        grid=False,
        widths=widths,
        extra=[
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
        ],
    )


def test_blank_space_between_ruled_tables_parts_them(make_pdf: Maker) -> None:
    """Rules of one width run down both tables; the empty space between them ends the
    first, so the second is read under its own header (in £000)."""
    widths = [200.0, 90.0, 90.0]
    first = [
        ["Service", "Budget £", "Forecast £"],
        ["Libraries", "1,200,000", "1,150,000"],
        ["Highways", "8,400,000", "8,900,000"],
        ["Parks", "700,000", "650,000"],
    ]
    second = [
        ["Proposal", "Base £k", "Pressures £k"],
        ["Sexual health services", "17,231", "250"],
    ]
    story = [
        para("Table 1 - Summary of budget changes"),
        _ruled(first, widths),
        Spacer(1, 24),
        _ruled(second, widths),
    ]
    ex = extract_file(make_pdf("two.pdf", story))
    assert len(ex.tables) == 2
    f = _cells(ex)[("Sexual health services", "Base")]
    assert f.amount_gbp == Decimal(17_231_000)


def test_a_total_row_alone_on_the_next_page_joins_its_table(make_pdf: Maker) -> None:
    widths = [200.0, 90.0, 90.0]
    rows = [
        ["Service", "Budget £", "Forecast £"],
        ["Libraries", "1,200,000", "1,150,000"],
        ["Highways", "8,400,000", "8,900,000"],
    ]
    story = [
        para("Table 2: Budget monitoring 2017-18"),
        table(rows, grid=False, widths=widths),
        PageBreak(),
        table([["Total Budget", "9,600,000", "10,050,000"]], grid=False, widths=widths),
        Spacer(1, 20),
        para("The forecast overspend is being addressed by the directorate."),
    ]
    ex = extract_file(make_pdf("total.pdf", story))
    assert len(ex.tables) == 1
    f = _cells(ex)[("Total Budget", "Forecast")]
    assert (f.page, f.amount_gbp, f.is_total, f.first_fy) == (2, Decimal(10_050_000), True, 2017)


def test_a_stray_line_of_figures_opening_a_page_is_no_table(make_pdf: Maker) -> None:
    """A line of figures that lines up with no table before it is left alone."""
    widths = [200.0, 90.0, 90.0]
    rows = [
        ["Service", "Budget £", "Forecast £"],
        ["Libraries", "1,200,000", "1,150,000"],
        ["Highways", "8,400,000", "8,900,000"],
    ]
    story = [
        table(rows, grid=False, widths=widths),
        PageBreak(),
        table([["Reference", "12", "2019"]], grid=False, widths=[60.0, 40.0, 40.0]),
    ]
    ex = extract_file(make_pdf("stray.pdf", story))
    assert {f.page for f in ex.figures} == {1}


def test_a_continuation_keeps_the_label_column_of_the_part_above(make_pdf: Maker) -> None:
    """On page 1 the Portfolio column repeats, so Description is the label; the three
    rows on page 2 name three portfolios, but they are rows of the same table."""
    widths = [40.0, 110.0, 190.0, 70.0]
    head = ["ID", "Portfolio", "Description", "Net £"]
    page1 = [
        head,
        ["1", "Communities", "Remodel voluntary sector grants", "29,239"],
        ["2", "Communities", "Library opening hours review", "4,100"],
        ["3", "Resources", "Corporate property review", "3,394"],
        ["4", "Resources", "Building control income", "1,500"],
    ]
    page2 = [
        ["6", "Public Health", "Stop smoking service redesign", "17,147"],
        ["7", "Children's Services", "Fostering recruitment", "9,664"],
        ["8", "Place", "Grounds maintenance efficiency", "26,572"],
    ]
    story = [
        para("Table 2: Savings proposals 2026-27"),
        table(page1, grid=False, widths=widths),
        PageBreak(),
        table(page2, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("cont.pdf", story))
    labels = {f.row_label for f in ex.figures if f.page == 2}
    assert labels == {
        "Stop smoking service redesign",
        "Fostering recruitment",
        "Grounds maintenance efficiency",
    }


def test_a_label_wrapped_before_a_capital_is_one_label(make_pdf: Maker) -> None:
    """Evenly spaced rows, no rules: the first line of the label fills its column, the
    next starts with a capital but ends with a comma, the last with a digit."""
    rows = [
        ["Property", "Cost £m", "Value £m"],
        ["Creative Enterprise Quarter Industrial", "2.474", "2.605"],
        ["Units, Ashford units 1, 2, 3, 14, 18,", "", ""],
        ["19, 20, 21, 22, 23, 24", "", ""],
        ["Jasmin Vardimon Dance Laboratory", "6.401", "4.542"],
        ["Kings Hill Solar Park", "4.230", "5.146"],
    ]
    pad = [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    story = [table(rows, grid=False, widths=[190.0, 70.0, 70.0], extra=pad)]
    ex = extract_file(make_pdf("wrap.pdf", story))
    f = _cells(ex)[
        (
            "Creative Enterprise Quarter Industrial Units, Ashford units 1, 2, 3, 14, 18, "
            "19, 20, 21, 22, 23, 24",
            "Value",
        )
    ]
    assert f.amount_gbp == Decimal(2_605_000)
    assert _cells(ex)[("Jasmin Vardimon Dance Laboratory", "Cost")].amount_gbp == Decimal(6_401_000)


def test_a_heading_after_a_full_label_stays_a_heading(make_pdf: Maker) -> None:
    """The same widths with a heading that neither ends in a comma nor runs on."""
    rows = [
        ["Property", "Cost £m", "Value £m"],
        ["Creative Enterprise Quarter Industrial", "2.474", "2.605"],
        ["Leisure", "", ""],
        ["Jasmin Vardimon Dance Laboratory", "6.401", "4.542"],
    ]
    pad = [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    story = [table(rows, grid=False, widths=[190.0, 70.0, 70.0], extra=pad)]
    ex = extract_file(make_pdf("heading.pdf", story))
    labels = {f.row_label for f in ex.figures}
    assert labels == {"Creative Enterprise Quarter Industrial", "Jasmin Vardimon Dance Laboratory"}


def test_a_side_panel_label_wrapped_onto_its_own_line(make_pdf: Maker) -> None:
    """Spending | funding side by side: the funding label "Council Tax (incl. collection
    fund)" wraps onto a line where the spending side prints nothing."""
    rows = [
        ["Change in spending", "Core", "External", "Change in funding", "Core"],
        ["Base adjustment", "-£0.8m", "+£0.8m", "Council Tax (incl.", "+£59.3m"],
        ["", "", "", "collection fund)", ""],
        ["Estimated additional", "+£151.2m", "+£49.0m", "Increase in social care", "+£26.9m"],
        ["spending", "", "", "grants", ""],
        ["Savings", "-£72.6m", "-", "Domestic Abuse grant", "+£3.2m"],
    ]
    story = [
        para("Table 7.3 - Net change in spending and funding"),
        table(rows, widths=[120.0, 60.0, 60.0, 130.0, 60.0]),
    ]
    ex = extract_file(make_pdf("panel.pdf", story))
    labels = {f.row_label for f in ex.figures if f.printed == "+£59.3m"}
    assert labels == {"Council Tax (incl. collection fund)"}


def test_reference_codes_wrapped_in_a_narrow_column(make_pdf: Maker) -> None:
    """ "RES-4" wrapped as "RES" over "-4" beside plain row numbers: a reference column,
    not a column of figures."""
    rows = [
        ["No.", "Proposal", "Budget £", "Forecast £"],
        ["1", "Fostering service", "3,954,000", "3,985,632"],
        ["RES\n-4", "Legal services review", "17,540,000", "19,381,700"],
        ["PH-\n8", "School nursing", "1,418,780", "1,486,881"],
        ["CO\nM-3", "Sports development", "9,724,000", "10,463,024"],
    ]
    story = [table(rows, grid=False, widths=[22.0, 180.0, 80.0, 80.0])]
    ex = extract_file(make_pdf("refs.pdf", story))
    (t,) = ex.tables
    assert t.columns == ["Budget", "Forecast"]
    f = _cells(ex)[("Legal services review", "Forecast")]
    assert f.amount_gbp == Decimal(19_381_700)


def test_a_unit_in_one_caption_is_not_the_papers(make_pdf: Maker) -> None:
    """ "Table 1 - Summary £" heads Table 1 only: a table on the next page that states
    no unit anywhere has no amounts and is flagged, not read in pounds."""
    first = [["Service", "Budget", "Forecast"], ["Libraries", "1,200", "1,150"]]
    second = [["Scheme", "Budget", "Forecast"], ["Schools", "12.5", "12.9"]]
    story = [
        para("Table 1 - Summary of budget changes £"),
        table(first),
        PageBreak(),
        para("Table 2 - Capital schemes"),
        table(second),
    ]
    ex = extract_file(make_pdf("caption.pdf", story))
    cells = _cells(ex)
    assert cells[("Libraries", "Budget")].amount_gbp == Decimal(1200)
    assert cells[("Schools", "Budget")].amount_gbp is None
    second_table = next(t for t in ex.tables if t.page == 2)
    assert second_table.review


def test_a_rating_cell_running_below_the_last_line(make_pdf: Maker) -> None:
    """The last row's officer wraps onto a second line, so its red cell runs below the
    last line of figures: the row is still rated Red."""
    red, green = colors.HexColor("#FF0000"), colors.HexColor("#00B050")
    rows = [
        ["Description", "RAG", "Officer", "Budget £000"],
        ["Building control income", "", "K. Nowak", "34,186"],
        ["Facilities management review", "", "Director of\nAdult Services", "5,556"],
    ]
    extra = [
        ("BACKGROUND", (1, 1), (1, 1), green),
        ("BACKGROUND", (1, 2), (1, 2), red),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    story = [table(rows, grid=False, widths=[160.0, 40.0, 100.0, 70.0], extra=extra)]
    ex = extract_file(make_pdf("rag.pdf", story))
    rags = {f.row_label: f.rag for f in ex.figures}
    assert rags == {"Building control income": "Green", "Facilities management review": "Red"}


def test_a_caption_closing_the_page_before_a_lead_in(make_pdf: Maker) -> None:
    """ "Table 3: … - £000" closes page 1; page 2 opens with "The table below sets out
    …" and then the table: the caption's unit and year are the table's."""
    rows = [
        ["Description", "Original Budget", "Savings"],
        ["Bereavement services", "20,508", "-2,214"],
        ["Flood risk management", "25,871", "-1,442"],
    ]
    story = [
        para("Table 3: Summary of budget changes 2023/24 - £000"),
        PageBreak(),
        para("The table below sets out the position for each service."),
        table(rows, grid=False),
    ]
    ex = extract_file(make_pdf("lead2.pdf", story))
    f = _cells(ex)[("Bereavement services", "Savings")]
    assert (f.amount_gbp, f.unit_source, f.first_fy) == (Decimal(-2_214_000), "heading", 2023)


def test_figures_below_are_in_speaks_for_one_table(make_pdf: Maker) -> None:
    """ "Figures below are in £m." heads the table under it, not a table on another page
    that states no unit."""
    first = [["Service", "Budget", "Forecast"], ["Libraries", "1,200", "1,150"]]
    second = [["Scheme", "Budget", "Forecast"], ["Schools", "12.5", "12.9"]]
    story = [
        para("Table 1 - Summary of budget changes"),
        table(first),
        PageBreak(),
        para("Table 2 - Capital schemes"),
        para("Figures below are in £m."),
        table(second),
    ]
    ex = extract_file(make_pdf("below.pdf", story))
    cells = _cells(ex)
    assert cells[("Schools", "Budget")].amount_gbp == Decimal(12_500_000)
    assert cells[("Libraries", "Budget")].amount_gbp is None


def test_a_ruled_reference_column_of_wrapped_codes(make_pdf: Maker) -> None:
    """A gridded table whose Ref. column wraps "COM-31" as "COM-" over "31" and prints
    plain numbers elsewhere: a reference column, so its continuation on the next page,
    under a repeated header, is the same table."""
    head = ["Ref.", "Budget heading", "Gross £m", "Net £m"]
    page1 = [head, ["1", "Registrars", "71.1", "48.9"], ["2", "Community safety", "-10.8", "-15.5"]]
    page2 = [
        head,
        ["COM-\n31", "Voluntary sector grants", "107.2", "89.9"],
        ["36", "Facilities management", "28.5", "14.6"],
        ["RES-\n39", "Democratic services", "93.1", "37.9"],
    ]
    widths = [30.0, 160.0, 70.0, 70.0]
    story = [
        para("Table 2: Efficiency and savings programme 2025/26"),
        table(page1, widths=widths),
        PageBreak(),
        table(page2, widths=widths),
    ]
    ex = extract_file(make_pdf("ruledref.pdf", story))
    assert len(ex.tables) == 1
    assert ex.tables[0].columns == ["Gross", "Net"]
    f = _cells(ex)[("Democratic services", "Net")]
    assert (f.amount_gbp, f.first_fy) == (Decimal(37_900_000), 2025)


def test_an_accounting_format_states_its_columns_unit_once(make_pdf: Maker) -> None:
    """Spreadsheet accounting format: "£m" at the left of the first figure's cell only,
    and no unit in the header; every figure of the column is in £ millions."""
    rows = [
        ["Ref", "Scheme", "Approved Budget", "Proposed Budget"],
        ["1", "Community equipment", "£m        105.86", "£m        (23.61)"],
        ["2", "Care leavers support", "1.10", "0.97"],
        ["3", "Leisure centres", "65.33", "(15.39)"],
    ]
    story = [table(rows, grid=False, widths=[30.0, 150.0, 110.0, 110.0])]
    ex = extract_file(make_pdf("accounting.pdf", story))
    cells = _cells(ex)
    first = cells[("Community equipment", "Proposed Budget")]
    assert (first.amount_gbp, first.unit_source) == (Decimal(-23_610_000), "cell")
    f = cells[("Care leavers support", "Approved Budget")]
    assert (f.amount_gbp, f.unit_source) == (Decimal(1_100_000), "column cell")


def test_a_grand_total_boxed_apart_under_its_table(make_pdf: Maker) -> None:
    """A ruled table, then a grand total in a box of its own a little below it: the
    total is the table's last row, in the table's unit."""
    rows = [
        ["Issuer", "Principal £", "Coupon", "Maturity"],
        ["Bank of Scotland - Bonds", "6,265,814", "0.4259%", "20/12/24"],
        ["Lloyds - Bonds", "7,022,483", "4.8423%", "07/03/25"],
        ["Total Bonds", "13,288,297", "", ""],
    ]
    grid = table(rows, widths=[200.0, 90.0, 70.0, 70.0])
    total = table([["Total Internally managed investments", "325,608,188"]], widths=[200.0, 90.0])
    grid.hAlign = total.hAlign = "LEFT"
    story = [para("Bond portfolio"), grid, Spacer(1, 10), total]
    ex = extract_file(make_pdf("grand.pdf", story))
    assert len(ex.tables) == 1
    f = _cells(ex)[("Total Internally managed investments", "Principal")]
    assert (f.amount_gbp, f.is_total) == (Decimal(325_608_188), True)


def test_a_rating_word_a_narrow_column_broke(make_pdf: Maker) -> None:
    """ "Ambe" over "r" is Amber, not Amber and Red."""
    rows = [
        ["Proposal", "RAG", "Budget £m"],
        ["Reablement efficiency review", "Ambe\nr", "19.3"],
        ["Review of home care", "Gree\nn", "20.6"],
        ["Day services", "Red", "4.1"],
    ]
    story = [table(rows, grid=False, widths=[180.0, 26.0, 70.0])]
    ex = extract_file(make_pdf("broken.pdf", story))
    rags = {f.row_label: f.rag for f in ex.figures}
    assert rags == {
        "Reablement efficiency review": "Amber",
        "Review of home care": "Green",
        "Day services": "Red",
    }


def test_years_over_two_blocks_parted_by_the_label(make_pdf: Maker) -> None:
    """Each year is centred over its own block of three columns, the label column
    stands between the blocks and a rating and a percentage follow the second: no
    year reaches across the label."""
    rows = [
        ["", "2020/21", "", "", "", "2021/22", "", "", ""],
        ["Budget", "Actual", "Variance", "Description", "Budget", "Actual", "Variance", "RAG", "%"],
        ["47.0", "40.9", "-6.1", "Nursing care placements", "65.5", "56.3", "-9.2", "A", "17.0%"],
        ["55.4", "60.1", "4.7", "Home care income", "48.3", "50.6", "2.3", "G", "12.6%"],
        ["10.9", "12.4", "1.5", "Assistive technology", "50.3", "57.4", "7.1", "G", "19.3%"],
    ]
    extra = [("ALIGN", (0, 0), (-1, 0), "CENTER")]
    widths = [45.0] * 3 + [130.0] + [45.0] * 3 + [40.0, 60.0]
    story = [
        para("Table 1: Revenue budget (£m)"),
        table(rows, grid=False, widths=widths, extra=extra),
    ]
    ex = extract_file(make_pdf("blocks.pdf", story, landscape_page=True))
    years = {(f.row_label, f.printed): f.first_fy for f in ex.figures}
    assert years[("Nursing care placements", "47.0")] == 2020
    assert years[("Nursing care placements", "-6.1")] == 2020
    assert years[("Nursing care placements", "65.5")] == 2021


def test_a_rating_letter_closing_a_stacked_header(make_pdf: Maker) -> None:
    """The header "Delivery RAG" wraps as "RA" over "G" just above the first row, whose
    own rating is R: the G is header text, the row is Red."""
    rows = [
        ["Proposal", "Budget £000", "Deli-\nvery\nRA\nG"],
        ["Community hubs contract retender", "7,384", "R"],
        ["Youth service contract retender", "34,252", "A"],
    ]
    extra = [
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 0),
    ]
    story = [table(rows, grid=False, widths=[190.0, 80.0, 22.0], extra=extra)]
    ex = extract_file(make_pdf("ragletter.pdf", story))
    rags = {f.row_label: f.rag for f in ex.figures}
    assert rags == {
        "Community hubs contract retender": "Red",
        "Youth service contract retender": "Amber",
    }


def _line(text: str, x: float = 50.0) -> Line:
    words = []
    for token in text.split():
        width = 5.0 * len(token)
        words.append(Word(token, BBox(x, 100.0, x + width, 109.0), 9.0, False))
        x += width + 2.5  # one tight gap: a single segment
    return make_line(1, words, [])


def test_headers_set_too_close_to_part_are_no_sentence() -> None:
    """An HTML header row whose cells print as one run of words names its unit under
    every column: it heads columns. A sentence states its unit once."""
    header = _line("Budget £m Forecast Outturn £m Variance £m Budget £m Forecast Outturn £m")
    assert len(header.segments) == 1
    assert units_header(header) and not lead_in(header)
    sentence = _line("All figures in the table below are shown in £m.")
    assert lead_in(sentence) and not units_header(sentence)


def test_a_table_opening_the_next_page_in_another_unit_is_a_new_table(make_pdf: Maker) -> None:
    """Columns of one name at one place on two pages, the first in £000s and the second
    in £ million: a table carried over repeats its units, so the second is a table of
    its own and its figures are millions."""
    widths = [200.0, 90.0, 90.0]
    first = [
        ["Proposal", "Gross Expenditure", "Income"],
        ["", "£000s", "£000s"],
        ["Day opportunities", "41,727", "(11,225)"],
        ["Carers support", "8,486", "(1,655)"],
    ]
    second = [
        ["Service Area", "Gross Expenditure", "Income"],
        ["", "£ million", "£ million"],
        ["Remodel development control", "79.4", "(19.4)"],
        ["Winter gritting", "2.6", "(1.3)"],
    ]
    story = [
        para("Savings proposals"),
        table(first, grid=False, widths=widths),
        PageBreak(),
        para("Revenue budget by service"),
        table(second, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("units.pdf", story))
    f = _cells(ex)
    assert f[("Carers support", "Income")].amount_gbp == Decimal(-1_655_000)
    assert f[("Remodel development control", "Income")].amount_gbp == Decimal(-19_400_000)
    assert len(ex.tables) == 2


def test_a_rating_on_a_continuation_of_one_row_keeps_its_column(make_pdf: Maker) -> None:
    """One rated row among three totals carried onto page 2 with no header: one rating
    among four rows makes no rating column, but its "G" stands in the rating column
    above, so it rates the row rather than joining its label."""
    widths = [170.0, 30.0, 80.0, 110.0, 55.0, 55.0]
    head = ["Scheme", "RAG", "Directorate", "Lead Officer", "2017-18", "2018-19"]
    page1 = [head] + [
        [f"Scheme review {i}", "RAG"[i % 3], "Resources", "Head of Finance", f"{i}.1", f"{i}.4"]
        for i in range(1, 8)
    ]
    page2 = [
        ["Total Resources", "", "", "", "28.0", "29.4"],
        ["Public Health", "", "", "", "", ""],
        ["School nursing redesign", "G", "Public Health", "Head of Nursing", "86.1", "61.1"],
        ["Total Public Health", "", "", "", "86.1", "61.1"],
        ["Grand Total", "", "", "", "114.1", "90.5"],
    ]
    story = [
        para("Table 2: Savings proposals (£m)"),
        table(page1, grid=False, widths=widths),
        PageBreak(),
        table(page2, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("rated.pdf", story))
    f = _cells(ex)[("School nursing redesign", "2018-19")]
    assert (f.page, f.amount_gbp, f.rag) == (2, Decimal(61_100_000), "Green")


def test_the_part_with_more_rows_decides_the_label_column(make_pdf: Maker) -> None:
    """One row closes page 1 under two text columns headed alike; one row cannot tell
    the directorate from the scheme. The rows on page 2 can: the directorate repeats,
    the schemes do not, so the scheme is every row's label, the first row's too."""
    widths = [30.0, 110.0, 190.0, 60.0, 60.0]
    head = ["Ref", "Service Area", "Service Area", "2020/21 £k", "2021/22 £k"]
    page1 = [head, ["1", "Adult Social Care", "Community equipment review", "706", "25,860"]]
    page2 = [
        ["2", "Children's Services", "Fostering service redesign", "(65)", "41,813"],
        ["3", "Children's Services", "Youth service restructure", "1,200", "3,100"],
        ["4", "Children's Services", "Early help review", "950", "1,020"],
        ["5", "Communities", "Library opening hours", "400", "380"],
    ]
    story = [
        Spacer(1, 640),
        para("Table 2 - Savings proposals"),
        table(page1, grid=False, widths=widths),
        PageBreak(),
        table(page2, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("labels.pdf", story))
    labels = {f.row_label for f in ex.figures}
    assert {"Community equipment review", "Fostering service redesign"} <= labels


def test_a_caption_in_a_tall_gap_parts_two_tables_under_one_stack_of_rules(
    make_pdf: Maker,
) -> None:
    """Two tables ruled row by row at one width, the first closing on no total: the
    caption set in a gap taller than any row between them ends the first table."""
    lines = [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]
    first = [
        ["Scheme", "Lead Officer", "Approved £000", "Proposed £000"],
        ["Building control", "Director of Public Health", "24,105", "22,490"],
        ["Health visiting", "K. Nowak", "2,050", "2,146"],
        ["ICT services", "R. Williams", "15,408", "16,887"],
    ]
    second = [
        ["Ref", "Service", "Savings 2018/19 £", "Savings 2019/20 £"],
        ["ASC01", "Remodel shared lives scheme", "821,951", "179,255"],
        ["CS02", "Residential homes redesign", "160,000", "183,815"],
        ["PE03", "Concessionary fares", "437,226", "319,000"],
    ]
    widths = [60, 200, 100, 100]
    story = [
        para("Table 1: Budgets"),
        table(first, grid=False, widths=widths, extra=lines),
        Spacer(1, 14),
        para("Net revenue budget"),
        table(second, grid=False, widths=widths, extra=lines),
    ]
    ex = extract_file(make_pdf("two_stacked.pdf", story))
    assert len(ex.tables) == 2
    cells = _cells(ex)
    f = cells[("Remodel shared lives scheme", "Savings 2019/20")]
    assert (f.amount_gbp, f.first_fy, f.ref) == (Decimal(179_255), 2019, "ASC01")
    assert cells[("ICT services", "Proposed")].amount_gbp == Decimal(16_887_000)


def test_rules_a_merged_cell_breaks_below_the_last_whole_rule(make_pdf: Maker) -> None:
    """A portfolio cell merged down the last rows of a table stops every rule below the
    last whole one at its edges; the pieces either side stack by themselves. The last
    row, set further down under a tall row, is still the table's: its label is read,
    not cut off by the pieces right of the merged cell."""
    rows = [
        ["Proposal", "Portfolio", "2026-27 £", "2027-28 £"],
        ["Adult Social Care", "", "", ""],
        ["Home care retender", "Adult Social Care", "13,821,000", "22,459,000"],
        ["Community equipment review", "", "-3,636,000", "4,220,000"],
        ["Resources", "", "", ""],
        ["ICT services restructure", "Resources", "17,332,087", "12,207,000"],
        ["Review of insurance", "", "6,250,400", "10,848,000"],
    ]
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, colors.black),
        # the merged cell runs on over the page: no rule under it on this one
        ("LINEBELOW", (0, -1), (0, -1), 0.5, colors.black),
        ("LINEBELOW", (2, -1), (-1, -1), 0.5, colors.black),
        ("SPAN", (1, 2), (1, 3)),
        ("SPAN", (1, 5), (1, 6)),
    ]
    t = Table(rows, colWidths=[170, 120, 80, 80], rowHeights=[17] * 5 + [30, 17])
    t.setStyle(TableStyle(style))
    ex = extract_file(make_pdf("merged.pdf", [para("Table 2: Summary of budget changes"), t]))
    assert len(ex.tables) == 1
    cells = _cells(ex)
    assert cells[("Review of insurance", "2027-28")].amount_gbp == Decimal(10_848_000)
    f = cells[("ICT services restructure", "2026-27")]
    assert (f.amount_gbp, f.attributes) == (Decimal(17_332_087), {"Portfolio": "Resources"})


def test_a_rating_after_the_figures_on_a_continuation_of_one_row(make_pdf: Maker) -> None:
    """The same with the rating column after the figures: the one "Green" on page 2
    makes no column and joins the last figures' cell; it stands in the rating column
    above, so it rates its row."""
    widths = [170.0, 80.0, 110.0, 55.0, 55.0, 45.0]
    head = ["Scheme", "Directorate", "Lead Officer", "2017-18", "2018-19", "RAG"]
    words = ["Red", "Amber", "Green"]
    page1 = [head] + [
        [f"Scheme review {i}", "Resources", "Head of Finance", f"{i}.1", f"{i}.4", words[i % 3]]
        for i in range(1, 8)
    ]
    page2 = [
        ["Total Resources", "", "", "28.0", "29.4", ""],
        ["Public Health", "", "", "", "", ""],
        ["School nursing redesign", "Public Health", "Head of Nursing", "86.1", "61.1", "Green"],
        ["Total Public Health", "", "", "86.1", "61.1", ""],
        ["Grand Total", "", "", "114.1", "90.5", ""],
    ]
    story = [
        para("Table 2: Savings proposals (£m)"),
        table(page1, grid=False, widths=widths),
        PageBreak(),
        table(page2, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("rated_after.pdf", story))
    f = _cells(ex)[("School nursing redesign", "2018-19")]
    assert (f.page, f.amount_gbp, f.rag) == (2, Decimal(61_100_000), "Green")
    assert f.attributes == {"Directorate": "Public Health", "Lead Officer": "Head of Nursing"}
