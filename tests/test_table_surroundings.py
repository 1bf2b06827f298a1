"""What stands around a table decides how it is read: the lead-in that closed the page
before, a sentence above its header, headers centred or left-aligned in cells wider
than their right-aligned figures, a stacked header over a single row before a page
break, and a rating column shown only by colour.

Each test builds its own small PDF (reportlab) in a shape the generated papers of
tools/gen_tables.py showed failing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer

from pipeline.extract import extract_file
from pipeline.models import Extraction, Figure
from tests.conftest import para, table

Maker = Callable[..., Path]

AMBER, GREEN, RED = (colors.HexColor(c) for c in ("#FFC000", "#00B050", "#FF0000"))


def _cells(ex: Extraction) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in ex.figures}


def test_lead_in_at_the_foot_of_the_page_before(make_pdf: Maker) -> None:
    """ "All figures are shown in £000s." closes page 1; the table opens page 2, and the
    £ millions said over the next table on page 2 is that table's alone."""
    first = [
        ["Service", "Budget", "Forecast"],
        ["Libraries", "1,200", "1,150"],
        ["Highways", "8,400", "8,900"],
    ]
    second = [
        ["Scheme", "Budget", "Forecast"],
        ["Schools", "12.5", "12.9"],
        ["Depots", "3.1", "2.8"],
    ]
    story = [
        para("Summary of budget changes 2017-18", "Heading2"),
        para("All figures are shown in £000s."),
        PageBreak(),
        table(first),
        Spacer(1, 30),
        para("Table 3 - Capital schemes 2017-18"),
        para("All figures are shown in £ millions."),
        table(second),
    ]
    ex = extract_file(make_pdf("lead.pdf", story))
    cells = _cells(ex)
    f = cells[("Highways", "Forecast")]
    assert (f.page, f.amount_gbp, f.unit_source) == (2, Decimal(8_900_000), "heading")
    assert (f.first_fy, f.period_source) == (2017, "heading")
    g = cells[("Schools", "Budget")]
    assert (g.amount_gbp, g.unit_source) == (Decimal(12_500_000), "heading")


def test_a_sentence_above_the_header_is_no_header(make_pdf: Maker) -> None:
    rows = [
        ["Service", "Budget", "Forecast"],
        ["Libraries", "1,200", "1,150"],
        ["Highways", "8,400", "8,900"],
    ]
    story = [para("All figures are shown in £000s."), table(rows, grid=False)]
    ex = extract_file(make_pdf("sentence.pdf", story))
    (t,) = ex.tables
    assert t.columns == ["Budget", "Forecast"]
    assert _cells(ex)[("Libraries", "Budget")].amount_gbp == Decimal(1_200_000)


def test_centred_headers_over_right_aligned_figures(make_pdf: Maker) -> None:
    """An HTML-style table: each header centred in its cell ends before the figures
    under it begin, and the merged cells above are centred over both columns."""
    rows = [
        ["Service", "Proposed Savings", ""],
        ["", "Net Expenditure", ""],
        ["", "Approved Budget", "Proposed Budget"],
        ["Mental health services", "43,227", "38,515"],
        ["Assistive technology", "13,712", "12,368"],
        ["Shared Lives scheme", "17,012", "18,798"],
    ]
    style = [
        ("SPAN", (1, 0), (2, 0)),
        ("SPAN", (1, 1), (2, 1)),
        ("ALIGN", (1, 0), (-1, 2), "CENTER"),
    ]
    story = [para("All figures are shown in £000s."), Spacer(1, 6)]
    story.append(table(rows, grid=False, widths=[140, 170, 170], extra=style))
    ex = extract_file(make_pdf("centred.pdf", story))
    (t,) = ex.tables
    assert t.columns == [
        "Proposed Savings Net Expenditure Approved Budget",
        "Proposed Savings Net Expenditure Proposed Budget",
    ]
    f = _cells(ex)[("Assistive technology", "Proposed Savings Net Expenditure Approved Budget")]
    assert f.amount_gbp == Decimal(13_712_000)


def test_left_aligned_headers_beside_a_colour_rating_column(make_pdf: Maker) -> None:
    """Headers set at the left of wide cells, right-aligned figures, and a RAG column
    shown only by colour: each header belongs to the figures' column it starts."""
    rows = [
        ["Service", "RAG", "Budget £000", "Outturn £000"],
        ["Libraries", "", "1,200", "1,150"],
        ["Highways", "", "8,400", "8,900"],
        ["Waste", "", "2,000", "2,300"],
        ["Parks", "", "700", "650"],
    ]
    style = [
        ("ALIGN", (0, 0), (-1, 0), "LEFT"),
        ("BACKGROUND", (1, 1), (1, 1), GREEN),
        ("BACKGROUND", (1, 2), (1, 2), AMBER),
        ("BACKGROUND", (1, 3), (1, 3), RED),
        ("BACKGROUND", (1, 4), (1, 4), AMBER),
    ]
    t = table(rows, grid=False, widths=[110, 40, 150, 150], extra=style)
    ex = extract_file(make_pdf("leftrag.pdf", [para("Monitoring 2025-26"), t]))
    cells = _cells(ex)
    assert cells[("Highways", "Budget")].amount_gbp == Decimal(8_400_000)
    assert cells[("Highways", "Outturn")].amount_gbp == Decimal(8_900_000)
    assert [cells[(s, "Budget")].rag for s in ("Libraries", "Highways", "Waste")] == [
        "Green",
        "Amber",
        "Red",
    ]


def test_a_column_all_amber_headed_rag_is_a_rating(make_pdf: Maker) -> None:
    """One colour down a column marks a group, unless the column is headed as a rating."""
    rows = [
        ["Scheme", "Saving 2024/25 £000", "Saving 2025/26 £000", "RAG"],
        ["Children's centres", "–", "(3,300)", ""],
        ["Environmental health", "(7,900)", "–", ""],
        ["Concessionary fares", "(2,500)", "(6,400)", ""],
        ["Leisure centres", "(7,400)", "(2,300)", ""],
        ["Procurement", "(6,900)", "(6,500)", ""],
    ]
    style = [("BACKGROUND", (3, 1), (3, -1), AMBER), ("LINEBELOW", (0, 0), (-1, -1), 2, "white")]
    ex = extract_file(make_pdf("amber.pdf", [para("Savings"), table(rows, extra=style)]))
    assert len(ex.figures) == 10
    assert {f.rag for f in ex.figures} == {"Amber"}


def test_stacked_header_over_one_row_before_a_page_break(make_pdf: Maker) -> None:
    """The page break leaves a three-line header and one row on the first page; the
    rows carried to the next page are the same table."""
    rows = [
        ["No.", "Scheme", "Financial Impact", ""],
        ["", "", "Approved", "Proposed"],
        ["", "", "Budget", "Budget"],
        ["PE-1", "Winter gritting", "50.2", "50.2"],
        *[[f"R{i}", f"Scheme number {i}", f"{i}.5", f"{i}.1"] for i in range(2, 9)],
    ]
    style = [("SPAN", (2, 0), (3, 0)), ("ALIGN", (2, 0), (3, 0), "CENTER")]
    story = [
        Spacer(1, 640),
        para("Table 3 - Directorate budget summary 2025-26 (£m)"),
        table(rows, grid=False, extra=style),
    ]
    ex = extract_file(make_pdf("break.pdf", story))
    cells = _cells(ex)
    first = cells[("Winter gritting", "Financial Impact Approved Budget")]
    later = cells[("Scheme number 7", "Financial Impact Proposed Budget")]
    assert (first.page, later.page) == (1, 2)
    assert (first.amount_gbp, later.amount_gbp) == (Decimal(50_200_000), Decimal(7_100_000))
    assert len({f.table_index for f in ex.figures}) == 1


def test_a_column_headed_as_a_grouping_is_the_label_when_it_alone_names_the_rows() -> None:
    """Directorate repeats down the table; "Service Area" names each row: it is the label,
    though its header reads like a grouping."""
    from pipeline.tables.columns import Band, type_text_columns

    cols = [Band(60, 118, "text"), Band(139, 259, "text"), Band(303, 367, "text")]
    cells = [
        ["Adult Social Care"] * 3 + ["Children's Services"] * 2,
        ["Carers support", "Residential care", "Shared Lives", "Adoption", "Early help"],
        ["S. Patel", "S. Patel", "R. Williams", "M. Hughes", "S. Patel"],
    ]
    assert type_text_columns(cols, cells, ["Directorate", "Service Area", "Lead"]) == 1
    assert [c.kind for c in cols] == ["text", "label", "text"]


def test_a_header_orphaned_at_the_foot_of_the_page_is_no_lead_in(make_pdf: Maker) -> None:
    """The caption, then the header repeated over no rows at the foot of page 1; the
    table with its header again on page 2 takes its unit from the caption."""
    header = [
        ["", "Revenue Budget", ""],
        ["", "Net Expenditure", ""],
        ["", "Budget Proposals", ""],
        ["Scheme", "Approved Budget", "Proposed Budget"],
    ]
    rows = [*header, ["Day opportunities", "92.4", "96.2"], ["Fostering", "115.3", "119.8"]]
    story = [
        Spacer(1, 600),
        para("Table 4 - Revenue budget by service 2018-19 £m"),
        table(header, grid=False),
        PageBreak(),
        table(rows, grid=False),
    ]
    ex = extract_file(make_pdf("orphan.pdf", story))
    f = _cells(ex)[("Fostering", "Proposed Budget")]
    assert (f.page, f.amount_gbp, f.unit_source) == (2, Decimal(119_800_000), "heading")


def test_a_sentence_between_two_tables_ends_the_first(make_pdf: Maker) -> None:
    """Two unruled tables whose figures happen to align, a caption and a sentence of
    running text between them: two tables, each with its own unit."""
    first = [
        ["Service", "Budget 2024-25", "Forecast 2024-25"],
        ["Libraries", "12.5", "12.1"],
        ["Highways", "8.4", "8.9"],
    ]
    second = [
        ["Scheme", "Budget 2024-25", "Forecast 2024-25"],
        ["Depots", "1,250", "1,300"],
        ["Schools", "4,100", "3,900"],
    ]
    story = [
        para("Revenue monitoring (£m)"),
        table(first, grid=False),
        para("Capital schemes - £k"),
        para("The table below sets out the position for each scheme."),
        table(second, grid=False),
    ]
    ex = extract_file(make_pdf("two.pdf", story))
    cells = _cells(ex)
    assert len(ex.tables) == 2
    assert cells[("Highways", "Forecast 2024-25")].amount_gbp == Decimal(8_900_000)
    assert cells[("Schools", "Forecast 2024-25")].amount_gbp == Decimal(3_900_000)


def test_row_numbers_beside_codes_are_references_though_totals_leave_them_empty(
    make_pdf: Maker,
) -> None:
    """A reference column holding 3, 4, PE-6 … is no column of figures, however many
    total rows leave it empty."""
    rows = [
        ["Ref", "Savings Proposal", "Gross £000", "Income £000", "Net £000"],
        ["3", "Physical disability support", "12,420", "-1,403", "11,017"],
        ["", "Total Adult Social Care", "12,420", "-1,403", "11,017"],
        ["4", "Care leavers support", "-17,212", "-10,017", "-27,229"],
        ["", "Total Children's Services", "-17,212", "-10,017", "-27,229"],
        ["PE-6", "Waste collection", "5,428", "-1,856", "3,572"],
        ["", "Total Place and Environment", "5,428", "-1,856", "3,572"],
    ]
    t = table(rows, grid=False, widths=[50, 170, 70, 70, 70])
    ex = extract_file(make_pdf("refs.pdf", [para("Savings 2024-25"), t]))
    (info,) = ex.tables
    assert info.columns == ["Gross", "Income", "Net"]
    f = _cells(ex)[("Care leavers support", "Net")]
    assert (f.ref, f.amount_gbp) == ("4", Decimal(-27_229_000))


def test_a_new_header_between_rows_starts_a_new_table(make_pdf: Maker) -> None:
    """A heading and a fresh column header set close under a table: the next table."""
    first = [
        ["Scheme", "2015-16", "2016-17", "Total"],
        ["Leisure centres", "19,030", "28,319", "47,349"],
        ["Housing options", "2,171", "2,929", "5,100"],
    ]
    second = [
        ["ID", "Service", "Original Budget", "Growth", "Revised Budget"],
        ["ASC01", "Mental health services", "13,230", "209", "13,439"],
        ["ASC02", "Nursing care placements", "7,279", "750", "8,029"],
    ]
    story = [
        para("Table 1 - Medium term financial plan £000s"),
        table(first, grid=False, widths=[200, 80, 80, 80]),
        para("Net revenue budget 2015-16 (£m)"),
        table(second, grid=False, widths=[50, 150, 80, 80, 80]),
    ]
    ex = extract_file(make_pdf("stacked.pdf", story))
    cells = _cells(ex)
    assert len(ex.tables) == 2
    assert cells[("Housing options", "2016-17")].amount_gbp == Decimal(2_929_000)
    f = cells[("Nursing care placements", "Growth")]
    assert (f.ref, f.amount_gbp) == ("ASC02", Decimal(750_000_000))


def test_a_captioned_table_opening_a_page_is_no_continuation(make_pdf: Maker) -> None:
    """Columns in the same places on the next page, but a caption and headers of its own."""
    first = [["Directorate", "Base Budget £m", "Pressures £m"]] + [
        [f"Service {i}", f"{i}.5", f"{i}.1"] for i in range(1, 6)
    ]
    second = [["Portfolio", "Gross £", "Income £"]] + [
        [f"Portfolio {i}", f"{i},250", f"-{i},100"] for i in range(1, 4)
    ]
    story = [
        para("Table 2 - Budget monitoring 2018-19"),
        table(first),
        PageBreak(),
        para("Table 3: Summary of budget changes"),
        table(second),
    ]
    ex = extract_file(make_pdf("captioned.pdf", story))
    assert len(ex.tables) == 2
    f = _cells(ex)[("Portfolio 2", "Income")]
    assert (f.page, f.amount_gbp) == (2, Decimal(-2_100))


def test_a_header_left_at_the_foot_of_the_page_heads_the_rows_on_the_next(
    make_pdf: Maker,
) -> None:
    """Caption and header close page 1; the rows open page 2 with no header of their own."""
    widths = [160, 90, 90]
    header = [["Service", "Budget", "Budget"], ["", "2025-26", "2026-27"]]
    rows = [["Home care", "112.21", "6.21"], ["School nursing", "(79.93)", "89.18"]]
    rows += [[f"Service {i}", f"{i}.25", f"{i}.75"] for i in range(1, 6)]
    story = [
        Spacer(1, 640),
        para("Budget monitoring by service area (£m)"),
        table(header, grid=False, widths=widths),
        PageBreak(),
        table(rows, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("carried.pdf", story))
    f = _cells(ex)[("School nursing", "Budget 2025-26")]
    assert (f.page, f.amount_gbp, f.first_fy) == (2, Decimal(-79_930_000), 2025)
    assert f.unit_source == "heading"


def test_a_section_heading_under_a_header_left_at_the_foot_of_the_page(
    make_pdf: Maker,
) -> None:
    """A table of three columns, then the next table's caption, header and first section
    heading close page 1; its rows open page 2 with no header. The rows are the second
    table's (in £m, under its header), not more of the first, and the section heading
    is a section, not a label."""
    widths = [160, 90, 90]
    first = [["Proposal", "2025-26", "2026-27"], ["Direct payments review", "3.3", "4.7"]]
    header = [["Service", "Budget", "Forecast"], ["", "£m", "£m"], ["Adult Social Care", "", ""]]
    rows = [["Home care", "112.21", "106.21"], ["School nursing", "(79.93)", "(75.18)"]]
    rows += [[f"Service {i}", f"{i}.25", f"{i}.75"] for i in range(1, 6)]
    story = [
        Spacer(1, 560),
        para("Table 3 - Savings proposals (£m)"),
        table(first, grid=False, widths=widths),
        Spacer(1, 20),
        para("Budget monitoring by service area"),
        table(header, grid=False, widths=widths),
        PageBreak(),
        table(rows, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("section.pdf", story))
    f = _cells(ex)[("School nursing", "Forecast")]
    assert (f.page, f.amount_gbp) == (2, Decimal(-75_180_000))
    assert _cells(ex)[("Home care", "Budget")].section == "Adult Social Care"


def test_nil_dash_against_the_label_and_bracketed_notes(make_pdf: Maker) -> None:
    """Budget Update: a nil dash set close against the label after it is the figure; a
    bracketed note wrapped under a label belongs to it."""
    rows = [
        ["2024-25", "Grant", "2025-26"],
        ["1,311.9", "Services Grant", "0.0"],
        ["-", "Children's Social Care Prevention Grant", "6,759.8"],
        ["50,014.7", "Local Authority Better Care Grant", "61,701.3"],
        ["", "(previously Improved Better Care Fund and Hospital", ""],
        ["", "Discharge grant)", ""],
        ["51,080.2", "Business Rates Compensation Grant", "50,978.6"],
    ]
    style = [("ALIGN", (1, 0), (1, -1), "LEFT"), ("LEFTPADDING", (1, 0), (1, -1), 1)]
    style += [("ALIGN", (0, 0), (0, -1), "RIGHT")]
    style += [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    t = table(rows, grid=False, widths=[70, 230, 70], extra=style)
    ex = extract_file(make_pdf("grants.pdf", [para("Financing (£000s)"), Spacer(1, 12), t]))
    by_row = {(f.row_label, f.first_fy): f for f in ex.figures}
    f = by_row[("Children's Social Care Prevention Grant", 2024)]
    assert (f.amount_gbp, f.printed) == (Decimal(0), "-")
    label = "Local Authority Better Care Grant (previously Improved Better Care Fund and Hospital"
    g = by_row[(f"{label} Discharge grant)", 2025)]
    assert g.amount_gbp == Decimal(61_701_300)


def test_labels_wrapped_around_their_figures_in_a_grid_and_percent_rows(
    make_pdf: Maker,
) -> None:
    """Capital Strategy table 9: a ruled grid whose label wraps over four lines, the
    figures centred in the cell; the row of percentages is not money."""
    rows = [
        ["", "2023/24\nactual", "2024/25\nforecast"],
        ["Total net income\nfrom service and\ncommercial\ninvestments £m", "8.6", "4.9"],
        ["Proportion of net\nrevenue stream (%)", "0.65", "0.34"],
    ]
    style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (-1, -1), "CENTER")]
    t = table(rows, widths=[120, 66, 66], extra=style)
    ex = extract_file(make_pdf("grid.pdf", [para("Table 9: Prudential indicator"), t]))
    (f,) = [f for f in ex.figures if f.column_label == "2024/25 forecast"]
    label = "Total net income from service and commercial investments £m"
    assert (f.row_label, f.amount_gbp, f.first_fy) == (label, Decimal(4_900_000), 2024)


def test_years_at_the_start_of_groups_when_the_centred_reading_is_also_regular() -> None:
    """Sunderland (generated): '2016/17' and '2017/18' stand at the left of two groups of
    three columns. Read as centred they also cut regular groups, of two, leaving columns
    under no year; the reading that puts every column under a year is the one printed."""
    from pipeline.models import BBox, Segment, Word
    from pipeline.tables.columns import Band
    from pipeline.tables.yearspans import year_spans

    def seg(text: str, x0: float, x1: float) -> Segment:
        box = BBox(x0, 139, x1, 148)
        return Segment([Word(text, box, 8.0, False)], box)

    edges = [(447, 471), (505, 528), (566, 586), (630, 653), (697, 720), (759, 778)]
    bands = [Band(a, b, "num") for a, b in edges]
    placed = [(seg("2016/17", 430, 455), [0]), (seg("2017/18", 603, 628), [3])]
    year_spans(placed, bands)
    assert [cov for _, cov in placed] == [[0, 1, 2], [3, 4, 5]]


def test_a_sentence_running_on_to_table_n_is_no_caption(make_pdf: Maker) -> None:
    """A paragraph whose last line wraps at "table 1 below)." names the table in passing:
    the caption is the title in the table's own corner cell, not that fragment, and the
    fragment starts no table of its own."""
    lead = (
        "The spending and taxation decisions are set out in the report and summarised in"
        "<br/>table 1 below)."
    )
    rows = [
        ["Table 1\nPolicy Decisions", "2024-25\nPlans", "2025-26\nPlans"],
        ["", "£m", "£m"],
        ["Spending", "25,865", "63,550"],
        ["Tax Raising", "1,160", "24,005"],
    ]
    ex = extract_file(make_pdf("runon.pdf", [para(lead), table(rows)]))
    assert len(ex.tables) == 1
    caption = ex.tables[0].caption or ""
    assert not caption.lower().startswith("table 1 below")
    assert caption.startswith("Table 1")
    got = {(f.row_label, f.first_fy): f.amount_gbp for f in ex.figures}
    assert got[("Spending", 2025)] == Decimal(63_550_000_000)


def test_a_table_nested_at_the_foot_of_a_cell_is_its_own_table(make_pdf: Maker) -> None:
    """An answer cell of a ruled question-and-answer table ends with a small table of
    its own, drawn down to the outer table's rule: its columns end on its own bottom rule,
    not on the outer one a fraction of a point below, so it stays a table apart and
    keeps its rows (not one 'Total Spend' field of a form)."""
    inner = table(
        [
            ["Role", "FTE", "Grade", "Total Spend"],
            ["Family Hub Support Worker", "0.1", "KR4", "£3,048"],
            ["Family Hub Practitioner", "0.62", "KR7", "£22,272"],
            ["Family Hub Manager", "1", "KR9", "£35,922"],
        ],
        widths=[110.0, 45.0, 45.0, 70.0],
    )
    answer = [para("Current vacancies in Swale are:"), Spacer(1, 6), inner]
    outer = table(
        [
            ["Issue raised", "Response"],
            [para("Where would the extra staffing costs come from?"), answer],
            [para("Can the grant be used?"), para("The grant is for family hubs only.")],
        ],
        widths=[130.0, 300.0],
        extra=[("ALIGN", (0, 0), (-1, -1), "LEFT"), ("BOTTOMPADDING", (1, 1), (1, 1), 0.4)],
    )
    ex = extract_file(make_pdf("nested.pdf", [para("Executive response"), outer]))
    got = {(f.row_label, f.column_label): f.amount_gbp for f in ex.figures}
    assert got == {
        ("Family Hub Support Worker", "Total Spend"): Decimal(3_048),
        ("Family Hub Practitioner", "Total Spend"): Decimal(22_272),
        ("Family Hub Manager", "Total Spend"): Decimal(35_922),
    }


_TITLED = [
    ["Appendix 3 Care Savings 2018-20", "RAG Rating", "Achieved 2018-19", "Proposed 2019-20"],
    ["", "", "£'000", "£'000"],
    ["Extra Care", "Green", "-1,523", "-400"],
    ["Reablement", "Red", "-500", "-3,218"],
    ["Total", "", "-2,023", "-3,618"],
]


def _titled_header_read(ex: Extraction) -> None:
    cells = _cells(ex)
    f = cells[("Reablement", "Proposed 2019-20")]
    assert (f.amount_gbp, f.first_fy, f.rag) == (Decimal(-3_218_000), 2019, "Red")
    assert cells[("Extra Care", "Achieved 2018-19")].first_fy == 2018
    assert "Appendix 3 Care Savings 2018-20" in (ex.tables[0].caption or "")


def test_a_title_in_the_header_rows_stub_cell_is_no_caption_above_it(
    make_pdf: Maker, tmp_path: Path
) -> None:
    """A spreadsheet prints its title in the header row's top-left cell (Manchester's
    savings appendix, as a text export and as a PDF): the cells beside it still head
    the figure columns, so the line is the header and the title is the caption."""
    text = tmp_path / "titled.txt"
    text.write_text("Savings\n\n" + "\n".join("\t".join(r) for r in _TITLED) + "\n")
    _titled_header_read(extract_file(text))
    t = table(_TITLED, grid=False, widths=[170, 70, 110, 110], bold_rows=[0, 4])
    _titled_header_read(extract_file(make_pdf("titled.pdf", [para("Savings"), t])))


def test_a_header_over_no_rows_repeated_on_the_next_page_is_read_once(
    make_pdf: Maker,
) -> None:
    """A web page prints a caption and the header over no rows at the foot of page 1,
    then the header again over the rows on page 2 (text columns too): one header, so
    the columns keep their own names and the caption's unit."""
    widths = [150, 50, 90, 90, 70, 70]
    head = ["Proposal", "RAG", "Directorate", "Lead Officer", "Budget", "Outturn"]
    rows = [head, ["Home care redesign", "Amber", "Adult Care", "Head of Care", "2,928", "2,901"]]
    rows += [
        [f"Scheme {i}", "Red", "Resources", "Head of ICT", f"{i},100", f"{i},050"]
        for i in range(1, 6)
    ]
    story = [
        Spacer(1, 650),
        para("Net revenue budget 2017-18 £000"),
        table([head], grid=False, widths=widths),
        PageBreak(),
        table(rows, grid=False, widths=widths),
    ]
    ex = extract_file(make_pdf("repeated.pdf", story))
    f = _cells(ex)[("Home care redesign", "Outturn")]
    assert (f.page, f.amount_gbp, f.rag) == (2, Decimal(2_901_000), "Amber")


def test_a_year_wrapped_in_a_narrow_header_cell_is_one_header(make_pdf: Maker) -> None:
    """ "2020-" over "21" in a narrow header cell: the "21" is no figure, its line no row of
    figures, and the header stays on its table (it had become a table of its own)."""
    rows = [
        ["Scheme", "Prior\nYears", "2020-\n21", "2021-\n22", "Beyond"],
        ["Learning disability retender", "2.82", "86.63", "112.27", "1.13"],
        ["Physical disability redesign", "-3.33", "70.80", "90.26", "-1.93"],
        ["Total", "-0.51", "157.43", "202.53", "-0.80"],
    ]
    t = table(rows, grid=False, widths=[180, 40, 40, 40, 45])
    ex = extract_file(make_pdf("wrapped.pdf", [para("All figures are shown in £ millions."), t]))
    assert len(ex.tables) == 1
    cells = _cells(ex)
    f = cells[("Physical disability redesign", "2021-22")]
    assert (f.amount_gbp, f.first_fy) == (Decimal("90260000.00"), 2021)
    assert cells[("Total", "Prior Years")].first_fy is None
    assert cells[("Total", "Beyond")].first_fy is None
