"""Shapes first seen in small councils' accounts (tests/real_other batch4: a village
hall's two-year accounts in one spreadsheet, a parish's explanation of variances, minutes
under numbered headings), read wrong at first sight: side-by-side panels whose right
half runs longer, fund columns whose unit only their total column prints, a row set a
few blank lines under the rest with its label hanging in, a sum starting a line of text,
and a year in a numbered heading. Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph

from pipeline.extract import extract_file
from pipeline.models import BBox, Figure, Segment, Word
from pipeline.normalise import find_fiscal_years
from pipeline.tables.linekinds import seg_kind
from tests.conftest import para, table

Maker = Callable[..., Path]

_FUNDS = ["hall", "pavilion", "other", "£"]


def _accounts_rows() -> list[list[str]]:
    """Payments on the left, receipts on the right with a code column before their
    labels; the right half runs longer, as receipts and funds do."""
    head = ["", *_FUNDS, "", "", *_FUNDS]
    rows = [
        ["Cleaners' wages", "1,290.00", "544.25", "0.00", "1,834.25"],
        ["Electricity and water", "2,079.19", "2,042.98", "0.00", "4,122.17"],
        ["Insurance", "819.69", "0.00", "0.00", "819.69"],
        ["Maintenance", "2,450.00", "15.71", "0.00", "2,465.71"],
    ]
    right = [
        ["2011", "Hall hire", "4,668.80", "3,900.00", "8,462.00", "17,030.80"],
        ["", "Wayleave", "19.82", "0.00", "0.00", "19.82"],
        ["", "Interest", "10.54", "0.00", "0.00", "10.54"],
        ["b/fwd", "Funds at 1 January", "4,662.40", "759.88", "0.00", "5,422.28"],
        ["c/fwd", "Funds at 31 December", "1,791.63", "1,806.94", "8,462.00", "12,060.57"],
        ["", "Adjusted fund", "250.00", "0.00", "0.00", "250.00"],
    ]
    body = [(rows[i] if i < len(rows) else ["", "", "", "", ""]) + right[i] for i in range(6)]
    return [head, *body]


def test_side_by_side_panels_each_label_their_figures(make_pdf: Maker) -> None:
    """The left half's labels name its figures though the right half names more rows;
    the right half is named by its labels, not by the code column before them; and the
    fund columns are in pounds, as the "£" column they add up to (first sight: every
    figure took the right half's label and only the "£" columns were read)."""
    widths = [95.0, 42.0, 42.0, 32.0, 46.0, 28.0, 90.0, 42.0, 42.0, 38.0, 46.0]
    grid = table(_accounts_rows(), widths=widths)
    story = [para("Village hall accounts - 2012", "Heading2"), grid]
    figs = extract_file(make_pdf("halves.pdf", story, landscape_page=True)).figures
    got = {(f.row_label, f.column_label, f.amount_gbp) for f in figs}
    assert ("Insurance", "hall", Decimal("819.69")) in got, sorted(got, key=str)[:20]
    # The "£" column's header is its unit: it heads the column with no other name.
    assert ("Maintenance", "", Decimal("2465.71")) in got, sorted(got, key=str)[:20]
    assert ("Funds at 1 January", "pavilion", Decimal("759.88")) in got, sorted(got, key=str)
    assert ("Hall hire", "", Decimal("17030.80")) in got, sorted(got, key=str)
    assert not any(f.row_label in {"2011", "b/fwd", "c/fwd"} for f in figs)
    assert len(figs) == 4 * 4 + 6 * 4, [(f.row_label, f.column_label, f.printed) for f in figs]


def test_columns_that_add_up_to_a_pound_column_are_pounds(make_pdf: Maker) -> None:
    """Arithmetic, not a guess: parts that do not add up to the "£" column beside them
    state no unit, and stay out of money."""
    rows = [
        ["", "Places", "Staff", "Rooms", "£"],
        ["North hall", "120", "4", "3", "1,834.25"],
        ["South hall", "80", "2", "2", "4,122.17"],
        ["East hall", "60", "2", "1", "819.69"],
    ]
    figs = extract_file(make_pdf("counts.pdf", [table(rows)])).figures
    assert {f.column_label for f in figs if f.amount_gbp is not None} == {""}, [
        (f.row_label, f.column_label, f.amount_gbp) for f in figs
    ]


def test_a_row_a_few_blank_lines_lower_with_a_hanging_label(make_pdf: Maker) -> None:
    """The last row stands two blank lines under the others, its label's second line
    hanging in under the first: it is the table's row, its label whole (first sight:
    the row was left out)."""
    gap = [""] * 4
    rows = [
        ["", "31/3/2016", "31/3/2017", "Variance"],
        ["", "£", "£", ""],
        ["Section 3 Total other receipts", "6,703", "16,995", "10,292"],
        ["Section 6 All other payments", "11,603", "17,616", "6,013"],
        gap,
        gap,
        ["Section 9 Total fixed assets plus long term", "42,310", "43,190", "880"],
        ["Investments and assets", "", "", ""],
    ]
    extra: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 7), (0, 7), 36),
        ("TOPPADDING", (0, 7), (0, 7), 0),
        ("BOTTOMPADDING", (0, 6), (0, 6), 0),
        ("ALIGN", (0, 0), (0, -1), "LEFT"),
    ]
    story = [
        para("Explanation of variances", "Heading2"),
        table(rows, grid=False, widths=[230.0, 70.0, 70.0, 70.0], extra=extra),
    ]
    figs = extract_file(make_pdf("hanging.pdf", story)).figures
    labels = {f.row_label for f in figs if f.amount_gbp == Decimal("42310")}
    assert labels == {"Section 9 Total fixed assets plus long term Investments and assets"}, [
        (f.row_label, f.printed) for f in figs
    ]


def _segment(text: str) -> Segment:
    words, x = [], 72.0
    for t in text.split():
        words.append(Word(t, BBox(x, 100, x + 6 * len(t), 110), 10.0, False))
        x += 6 * len(t) + 3
    return Segment(words, BBox.enclosing([w.bbox for w in words]))


def test_a_sum_starting_a_line_is_text_a_qualified_sum_in_a_cell_a_figure() -> None:
    """ "£1158 received from BT Openreach" begins a line of explanation; "£25m per fund"
    after a label is a limit in its cell."""
    assert seg_kind(_segment("£1158 received from BT Openreach"), leftmost=True) == "text"
    assert seg_kind(_segment("£25m per fund"), leftmost=False) == "num"


def test_a_numbered_headings_year_is_a_fiscal_year() -> None:
    """ "109. 2012/13 BUDGET" states 2012/13; a date's "12/2018" and "31. 12/13" do not."""
    assert [(s.first_fy, s.last_fy) for s in find_fiscal_years("109. 2012/13 BUDGET")] == [
        (2012, 2012)
    ]
    assert find_fiscal_years("paid 12/2018") == []
    assert find_fiscal_years("31. 12/13") == []


def test_an_unruled_table_between_two_ruled_ones_is_a_table_of_its_own(make_pdf: Maker) -> None:
    """Rules of one width run down a ruled table above and another below; the unruled
    table between them, under its own heading, is neither's: its columns state £000,
    which the paper's "£ million" does not override (a fresh generator seed: one table
    read as all three, its figures a thousand times too large)."""
    widths = [200.0, 90.0, 90.0]
    ruled: list[tuple[Any, ...]] = [
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
    ]
    above = [["Scheme", "2016/17", "2017/18"], ["Museums review", "1.2", "(65.1)"]]
    above += [["Grants restructure", "105.7", "64.3"], ["Weight management", "103.9", "(39.0)"]]
    between = [
        ["Savings Proposal", "2016-17 £000", "2017-18 £000"],
        ["Educational psychology", "34,355", "37,790"],
        ["Trading standards review", "6,030", "33,423"],
        ["Bus service support", "-5,679", "23,655"],
    ]
    below = [["Scheme", "Gross Expenditure", "Income"], ["Parks transformation", "24.2", "-8.6"]]
    below += [["Older people care", "7.5", "-0.7"], ["School improvement", "9.8", "-4.7"]]
    story = [
        para("All values in this report are expressed in £ million."),
        table(above, grid=False, widths=widths, extra=ruled),
        para("Savings proposals", "Heading3"),
        table(between, grid=False, widths=widths),
        para("Net revenue budget", "Heading3"),
        table(below, grid=False, widths=widths, extra=ruled),
    ]
    figs = extract_file(make_pdf("three.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp) for f in figs}
    assert ("Educational psychology", Decimal("34355000")) in got, sorted(got, key=str)
    assert ("Museums review", Decimal("1200000")) in got, sorted(got, key=str)
    assert ("Parks transformation", Decimal("24200000")) in got, sorted(got, key=str)


def _carried(
    make_pdf: Maker, name: str, title: str, first: list[list[str]], carried: list[list[str]]
) -> list[Figure]:
    """A table whose labels stand between two blocks of figures, its rows `first` on page
    one under a header and `carried` on page two under none."""
    widths = [50.0, 60.0, 60.0, 190.0, 60.0, 60.0]
    story = [
        para(title, "Heading3"),
        table(first, grid=False, widths=widths),
        PageBreak(),
        table(carried, grid=False, widths=widths),
    ]
    return extract_file(make_pdf(name, story)).figures


def test_a_numbered_row_over_totals_carries_on_a_table_labelled_between_blocks(
    make_pdf: Maker,
) -> None:
    """A page carrying on a table whose labels stand between two blocks of figures shows
    one numbered row and the totals under it: the number is the row's reference, as on
    the page before, and the rows keep the columns' years (first sight: "4" read as a
    figure, the rows a table of their own with the paper's year)."""
    head = ["ID", "2021/22", "2022/23", "Service area", "2023/24", "2024/25"]
    first = [
        head,
        ["ASC01", "204", "1,672", "Shared lives restructure", "574", "1,105"],
        ["2", "1,813", "1,660", "Review of day opportunities", "-", "2,131"],
        ["3", "-", "210", "Reduction in pest control costs", "872", "1,069"],
    ]
    carried = [
        ["4", "185", "2,294", "Public health intelligence restructure", "1,185", "729"],
        ["", "185", "2,294", "Total Public Health", "1,185", "729"],
        ["", "2,202", "5,836", "Grand Total", "2,631", "5,034"],
    ]
    figs = _carried(make_pdf, "carried.pdf", "Directorate budget summary (£000)", first, carried)
    row = [f for f in figs if f.row_label == "Public health intelligence restructure"]
    assert [(f.column_label, f.first_fy, f.ref) for f in row] == [
        ("2021/22", 2021, "4"),
        ("2022/23", 2022, "4"),
        ("2023/24", 2023, "4"),
        ("2024/25", 2024, "4"),
    ], [(f.column_label, f.printed, f.first_fy, f.ref) for f in row]


def test_a_wrapped_line_at_a_cells_foot_takes_its_own_cells_colour(make_pdf: Maker) -> None:
    """Coloured rating cells touch one under the other; a category wrapped down its merged
    cell prints a line at the foot of one row, within a point of the next row's colour.
    The row keeps the colour it stands in the middle of (first sight: the Green row read
    Red, the colour of the row below)."""
    green, red, amber = colors.Color(0, 0.69, 0.31), colors.Color(1, 0, 0), colors.Color(1, 0.75, 0)
    rows = [
        ["Service area", "Proposal", "RAG", "Gross", "Income"],
        ["Children", "Family support workers", "", "£11,486,660", "−£1,309,479"],
        ["Place and Environment", "Waste collection", "", "£19,512,060", "−£5,326,792"],
        ["", "Bus service support", "", "£3,861,000", "−£648,648"],
        ["", "Environmental health", "", "£31,320,000", "−£8,644,320"],
        ["", "Pest control", "", "£5,808,000", "−£302,016"],
    ]
    extra: list[tuple[Any, ...]] = [
        ("SPAN", (0, 2), (0, 5)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (2, 1), (2, 1), amber),
        ("BACKGROUND", (2, 2), (2, 3), green),
        ("BACKGROUND", (2, 4), (2, 5), red),
    ]
    cat = ParagraphStyle("cat", fontName="Helvetica", fontSize=8, leading=12)
    rows[2][0] = Paragraph("Place and Environmen t", cat)  # type: ignore[call-overload]
    widths = [48.0, 120.0, 30.0, 80.0, 80.0]
    grid = table(rows, widths=widths, extra=extra)
    figs = extract_file(make_pdf("colours.pdf", [para("Savings", "Heading3"), grid])).figures
    rag = {f.row_label: f.rag for f in figs}
    assert rag == {
        "Family support workers": "Amber",
        "Waste collection": "Green",
        "Bus service support": "Green",
        "Environmental health": "Red",
        "Pest control": "Red",
    }, rag


def test_a_sub_items_table_takes_the_year_its_items_heading_states(make_pdf: Maker) -> None:
    """Minutes number their items and the items' parts: a table under "109.2" is for the
    year "109. 2012/13 BUDGET" states, though 109.1's table stands between them; each list,
    introduced by a sentence of its own, is a table of its own; a table under another item
    whose heading states no year takes none from 109 (first sight: the second list had no
    period)."""
    lists: dict[str, Any] = {"grid": False, "widths": [150.0, 70.0, 150.0]}
    story = [
        para("109. 2012/13 BUDGET", "Heading3"),
        para("109.1 The RFO presented his budget report. It was RESOLVED to adopt:"),
        table([["Income", "£16,127", ""], ["Expenditure", "£18,688", ""]], **lists),
        para("109.2 Reserves. It was RESOLVED to adjust reserves as follows:"),
        table([["War Memorial", "£8,122", "unchanged"], ["Legal", "£2,500", "new"]], **lists),
        para("110. PLAYGROUND", "Heading3"),
        para("110.1 Quotes were received for the new equipment as follows:"),
        table([["Swings", "£4,100", "ordered"], ["Slide", "£2,900", "deferred"]], **lists),
    ]
    ex = extract_file(make_pdf("items.pdf", story))
    assert len(ex.tables) == 3, [t.caption for t in ex.tables]
    got = {f.row_label: (f.first_fy, f.period_source) for f in ex.figures}
    assert got["War Memorial"] == (2012, "item heading"), got
    assert got["Legal"] == (2012, "item heading"), got
    # The paper's own year, as for any table stating none: not item 109's heading.
    assert got["Swings"] == (2012, "paper"), got


def test_lines_each_opening_with_a_sum_are_items_not_one_label(make_pdf: Maker) -> None:
    """An explanation lists its items one a line, each opening with its sum, the subtotal
    beside the last: that line labels the subtotal, not all the items wrapped together
    (first sight: one label of five lines)."""
    rows = [
        ["", "2016 £", "2017 £", "Variance"],
        ["Section 3 Total other receipts", "6,703", "16,995", "10,292"],
        ["The variance is explained by:", "", "", ""],
        ["£1158 received from BT Openreach", "", "", ""],
        ["£1950 received from Groundwork", "", "", ""],
        ["£1695 increase in NHB", "", "", "10,403"],
        ["Section 6 All other payments", "11,603", "17,616", "6,013"],
    ]
    extra: list[tuple[Any, ...]] = [
        ("TOPPADDING", (0, 3), (-1, 5), 0),
        ("BOTTOMPADDING", (0, 2), (-1, 4), 0),
    ]
    grid = table(rows, grid=False, widths=[220.0, 70.0, 70.0, 70.0], extra=extra)
    figs = extract_file(make_pdf("items-sums.pdf", [para("Variances", "Heading3"), grid])).figures
    labels = {f.row_label for f in figs if f.amount_gbp == Decimal("10403")}
    assert labels == {"£1695 increase in NHB"}, [(f.row_label, f.printed) for f in figs]


def test_a_caption_over_the_header_is_no_columns_header(make_pdf: Maker) -> None:
    """ "Net revenue budget 2025-26" over "Portfolio | Service Area | …": the caption's
    words make "Portfolio" no other column's header, so the column holding the total's
    label names the rows (fresh generator seed 125837: the portfolios were taken as the
    labels)."""
    rows = [
        ["Portfolio", "Service Area", "RAG", "Budget £m", "Outturn £m"],
        ["Adult Social Care", "Extra care housing", "A", "22.1", "24.6"],
        ["Children's Services", "Children with disabilities", "G", "16.5", "14.1"],
        ["Communities", "Voluntary sector grants", "A", "(63.3)", "(69.1)"],
        ["Resources", "Elections", "R", "35.8", "32.6"],
        ["", "Net Total", "", "11.1", "2.2"],
    ]
    extra: list[tuple[Any, ...]] = [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]
    grid = table(rows, grid=False, widths=[110.0, 130.0, 50.0, 70.0, 70.0], extra=extra)
    story = [para("Net revenue budget 2025-26", "Heading4"), grid]
    figs = extract_file(make_pdf("caption-head.pdf", story)).figures
    assert {f.row_label for f in figs} == {
        "Extra care housing",
        "Children with disabilities",
        "Voluntary sector grants",
        "Elections",
        "Net Total",
    }, [(f.row_label, f.attributes) for f in figs]


def test_a_header_repeated_over_the_next_page_with_a_percent_column(make_pdf: Maker) -> None:
    """A table runs over the page under its repeated header, one column headed "%": the
    same header on both pages carries the table on, in the unit its lead-in stated
    (fresh generator seed 601707: "%" shared no word with "%", the second page became a
    table of its own, with no unit)."""
    rows = [["Proposal", "Budget", "Actual", "%"]]
    rows += [[f"Scheme {i}", f"{100 + i}.50", f"{90 + i}.25", f"{i % 9}.5%"] for i in range(70)]
    story = [
        para("Figures below are in £m."),
        table(rows, grid=False, widths=[200.0, 80.0, 80.0, 60.0], repeat=1),
    ]
    ex = extract_file(make_pdf("percent.pdf", story))
    last = [f for f in ex.figures if f.row_label == "Scheme 69" and f.column_label == "Budget"]
    assert last and last[0].page > 1, [(f.page, f.row_label) for f in ex.figures][-3:]
    assert last[0].amount_gbp == Decimal("169500000"), (last[0].printed, last[0].unit_source)
    assert len(ex.tables) == 1, [(t.page, t.last_page) for t in ex.tables]


def test_a_total_row_and_a_numbered_row_carried_over_the_page(make_pdf: Maker) -> None:
    """The page carried on opens with the last section's total, then a section of one
    numbered row and its totals: three of four rows leave the number column empty, as
    totals do, and the number is still the row's reference (fresh generator seed 601707:
    the page was read as a table of its own, in the paper's year)."""
    head = ["Ref", "2015-16", "2015-16 out", "Service area", "2016-17", "2016-17 out"]
    first = [head]
    first += [
        [f"R{i}", f"{i},163", f"{i},951", f"Scheme {i}", f"{i},297", "425"] for i in range(1, 9)
    ]
    carried = [
        ["", "-34,026", "-30,011", "Total Resources", "44,631", "41,462"],
        ["", "", "", "Public Health", "", ""],
        ["5", "29,230", "29,230", "Substance misuse services", "22,000", "24,860"],
        ["", "29,230", "29,230", "Total Public Health", "22,000", "24,860"],
        ["", "8,240", "13,509", "Net Total", "111,569", "112,427"],
    ]
    title = "Budget monitoring by service area (£000)"
    figs = _carried(make_pdf, "carried-totals.pdf", title, first, carried)
    got = [(f.column_label, f.first_fy, f.ref) for f in figs if f.row_label.startswith("Subst")]
    assert got[:2] == [("2015-16", 2015, "5"), ("2015-16 out", 2015, "5")], got
    total = [(f.column_label, f.first_fy) for f in figs if f.row_label == "Total Resources"]
    assert total[0] == ("2015-16", 2015), total
