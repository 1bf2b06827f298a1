"""Shapes read wrong in real papers during the eleventh round: each test builds its own
small PDF (reportlab) of the shape, and fails without the fix it names.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, Spacer

from pipeline.authorities import authorities_named, find_authority
from pipeline.dateperiods import date_period
from pipeline.errors import PaperError
from pipeline.extract import extract_file, local_council
from pipeline.normalise import exact_pounds, parse_amount
from pipeline.parse import read_pdf_paper
from tests.conftest import one_page_pdf, para, table

Maker = Callable[..., Path]

_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=9)


def _cell(text: str) -> Paragraph:
    return Paragraph(text, _CELL)


def test_the_last_rows_cells_wrapped_under_later_text_columns_finish_it(make_pdf: Maker) -> None:
    """A payments list with text columns before the payee's (Date | Expense type |
    Supplier | Amount, no rules): the last row's expense type and payee wrap onto a line
    below the figures. That line starts under those cells, not under the first column,
    and still finishes the row (first sight: the payee lost "FOUNDATION TRUST")."""
    rows: list[list[object]] = [["Date", "Expense type", "Supplier", "Amount (£)"]]
    for n in range(4):
        rows.append(
            ["31/05/2020", "GMS Global Sum", f"HIGH STREET SURGERY {n + 1}", f"{n + 1}2,345.67"]
        )
    rows.append(
        [
            "31/05/2020",
            _cell("Acute Trust-Contract<br/>Baseline"),
            _cell("UNIVERSITY COLLEGE LONDON HOSPITALS NHS<br/>FOUNDATION TRUST"),
            "387,056.95",
        ]
    )
    widths = [60, 100, 190, 70]
    story = [
        para("Payments over £30,000, May 2020", "Heading2"),
        table(rows, grid=False, widths=widths, extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        Spacer(1, 30),
        para("These payments are published under the transparency code for the year."),
    ]
    figs = extract_file(make_pdf("wrapped_tail.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp) for f in figs}
    label = "UNIVERSITY COLLEGE LONDON HOSPITALS NHS FOUNDATION TRUST"
    assert (label, Decimal("387056.95")) in got, got
    assert ("HIGH STREET SURGERY 1", Decimal("12345.67")) in got, got


# --- pence, fare cards and other fee schedules -------------------------------------------


@given(st.integers(min_value=0, max_value=99_999))
def test_pence_are_hundredths_of_a_pound(pence: int) -> None:
    """ "30p" is £0.30 (it had read as 30 with a footnote "p"); in brackets, negative."""
    amount = parse_amount(f"{pence:,}p")
    assert amount is not None and amount.currency and amount.unit == Decimal("0.01")
    assert exact_pounds(amount, Decimal(1)) == Decimal(pence) / 100
    negative = parse_amount(f"({pence}p)")
    assert negative is not None and negative.value == -pence


def test_a_fraction_of_a_penny_is_left_unread_not_rounded() -> None:
    assert parse_amount("57.95p") is None
    assert parse_amount("£57.95") is not None


def _fare_grid() -> object:
    head: list[object] = [
        "Journey (Miles)",
        "Rate One Between 7.00am and 9.00pm",
        "Rate Two Night-time",
    ]
    rows: list[list[object]] = [head, ["Flag", "£3.60", "£4.00"]]
    rows += [[str(n), f"£{3 + 2.4 * n:.2f}", f"£{4 + 3 * n:.2f}"] for n in range(1, 8)]
    return table(rows, widths=[110, 150, 150], extra=[("ALIGN", (0, 0), (-1, -1), "CENTER")])


def test_bare_numbers_keying_a_grid_of_pounds_name_its_rows(make_pdf: Maker) -> None:
    """A fare card: journey miles 1 to 7 under "Flag" beside columns printing £ in every
    cell. The miles are the rows' labels, not figures (first sight: the grid was read as
    a table of miles, every fare lost), and a £ in the cell is money though its header
    says "Rate" (a measure other than money, in a header alone)."""
    story = [para("HACKNEY CARRIAGE FARES With effect from 1 November 2024", "Heading2")]
    story += [Spacer(1, 12), _fare_grid()]
    figs = extract_file(make_pdf("fares.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp, f.first_fy) for f in figs}
    assert ("Flag", Decimal("3.60"), 2024) in got, got
    assert ("3", Decimal("10.20"), 2024) in got, got
    assert ("7", Decimal("25.00"), 2024) in got, got
    assert len(figs) == 16, [(f.row_label, f.column_label, f.printed) for f in figs]


def test_a_spaced_dash_before_a_figure_leads_to_it_and_dangles_nothing(make_pdf: Maker) -> None:
    """ "For the first 520 yds or part thereof -   £3.60": the dash parts label and value,
    so the line below ("For each subsequent 215 yds") starts the next label, carried
    down to "or part thereof -   30p", instead of joining the row above."""
    rows = [
        ["For the first 520 yds or part thereof -", "£3.60"],
        ["For each subsequent 215 yds", ""],
        ["or part thereof -", "30p"],
        ["For every 39 seconds waiting -", "30p"],
    ]
    story = [para("MILEAGE:", "Heading3"), table(rows, grid=False, widths=[200, 60])]
    story += [Spacer(1, 20), para("Receipts are available on request.")]
    figs = extract_file(make_pdf("leader.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp) for f in figs}
    assert ("For the first 520 yds or part thereof -", Decimal("3.60")) in got, got
    assert ("For each subsequent 215 yds or part thereof -", Decimal("0.30")) in got, got
    assert ("For every 39 seconds waiting -", Decimal("0.30")) in got, got


# --- dates, counts and words among figures ------------------------------------------------


def test_a_date_heading_a_column_states_the_fiscal_year_it_falls_in() -> None:
    assert date_period("March 23") == (2022, 2022)  # March 2023 ends 2022-23
    assert date_period("Sept 25") == (2025, 2025)
    assert date_period("31/3/2016") == (2015, 2015)
    assert date_period("31-Mar-24 Market Value £m") == (2023, 2023)
    assert date_period("As at 30 June 2020") == (2020, 2020)
    # a date that dates a version of the figures (a draft of next year's budget) does not
    assert date_period("Initial Draft (Nov 2024)") is None
    assert date_period("Cabinet Draft Jan 2025") is None
    assert date_period("Approved Feb 2024") is None  # the budget approved for 2024-25
    assert date_period("Revised Nov 24") is None
    assert date_period("Apr 2014 to Mar 2016") is None  # two years: no one period
    assert date_period("March 31, 2024") is None  # a day, not the year 2031
    assert date_period("Budget 2024/25") is None


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_every_day_of_a_month_falls_in_one_fiscal_year(year: int, month: int) -> None:
    expected = year - 1 if month < 4 else year
    assert date_period(f"1/{month}/{year}") == (expected, expected)
    assert date_period(f"28/{month:02d}/{year % 100:02d}") == (expected, expected)


def test_monthly_columns_take_their_months_years_and_a_caseload_is_no_money(
    make_pdf: Maker,
) -> None:
    """Expenditure at "March 23" … "Sept 25" is dated by each month (it had no period);
    in a comparison whose money columns print £ in every cell, a "Caseload" column
    printing none is a count, not money of no stated unit; and "None" among words
    ("Limited to Band E") is a word, not a nil figure."""
    months = [["", "March 23", "March 24", "Sept 25"]]
    months.append(["Total CTS", "£5,964,399", "£6,000,541", "£6,317,351"])
    comparison: list[list[object]] = [
        ["District", "Caseload", "Total Award", "Support Limited by Band", "Capital Limit"]
    ]
    for name, band in [
        ("Cheltenham", "Limited to Band E"),
        ("Stroud", "None"),
        ("Cotswold", "None"),
    ]:
        comparison.append([name, "4,321", "£4,489,000", band, "£16,000"])
    story = [para("Table 2: Council Tax Support Expenditure", "Heading3"), table(months)]
    story += [Spacer(1, 20), para("Table 3: Comparison at May 2025", "Heading3")]
    story.append(table(comparison))
    figs = extract_file(make_pdf("months.pdf", story)).figures
    got = {(f.row_label, f.column_label, f.amount_gbp, f.first_fy) for f in figs}
    assert ("Total CTS", "March 23", Decimal("5964399"), 2022) in got, got
    assert ("Total CTS", "Sept 25", Decimal("6317351"), 2025) in got, got
    assert not [f for f in figs if f.column_label in {"Caseload", "Support Limited by Band"}]
    assert ("Stroud", "Total Award", Decimal("4489000"), 2025) in got, got


def test_a_numbered_paragraph_saying_none_is_no_table(make_pdf: Maker) -> None:
    story = []
    for n, title in [(13, "Community Safety Implications"), (14, "Staffing Implications")]:
        story.append(para(f"<b>{n}.0&nbsp;&nbsp;&nbsp;&nbsp;{title}</b>"))
        story.append(para(f"{n}.1&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;None"))
    ex = extract_file(make_pdf("none.pdf", story))
    assert not ex.figures and not ex.tables, [(f.row_label, f.printed) for f in ex.figures]


# --- who wrote it ----------------------------------------------------------------------


def test_a_district_councils_paper_is_its_own_not_its_countys() -> None:
    """Gloucester City Council's report names the county it collects council tax for:
    the district wrote it (it had been filed under Gloucestershire, districts being no
    candidates), and a bare place name is no evidence for a district."""
    text = (
        "Meeting: Cabinet Date: 10 December 2025\n"
        "Appendices: 1. Council Tax Support Scheme – Gloucester City Council\n"
        "(1) the current scheme, as the approved scheme for Gloucester City in 2025/26\n"
        "(1) the current scheme, as the approved scheme for Gloucester City in 2025/26\n"
        + "The scheme is set by each billing authority. "
        * 20
        + "The full cost is met by this Council, Gloucestershire County Council, and "
        "Gloucestershire Police Authority."
    )
    found = find_authority(text, filename="ctss-2026-27.pdf")
    assert found is not None and (found.code, found.kind) == ("E07000081", "district")
    assert find_authority("Traffic in Maidstone and Ashford rose.", filename="x.pdf") is None
    assert [a.code for a in authorities_named("Maidstone Borough Council")] == ["E07000110"]


def test_a_title_a_table_took_into_its_header_still_dates_the_paper(make_pdf: Maker) -> None:
    """A fare card's title ("… With effect from 1 November 2024") stands over a list of
    fares, read as part of that list's header: the paper's year is still the month its
    first lines name (2024-25), and figures stating no period take it."""
    rows = [
        ["Gloucester City Council HACKNEY CARRIAGE FARES", ""],
        ["With effect from 1 November 2024", ""],
        ["For the first 520 yds -", "£3.60"],
        ["For every 39 seconds waiting -", "30p"],
        ["For each passenger over four -", "60p"],
    ]
    story = [table(rows, grid=False, widths=[260, 60])]
    ex = extract_file(make_pdf("card.pdf", story))
    assert ex.document.first_fy == 2024
    got = {(f.row_label, f.amount_gbp, f.first_fy) for f in ex.figures}
    assert ("For every 39 seconds waiting -", Decimal("0.30"), 2024) in got, got


def test_none_among_words_in_a_ruled_column_is_a_word(make_pdf: Maker) -> None:
    """In a ruled column of words ("Limited to Band E"), "None" is one more word, not a nil
    figure: the column stays text, and no £0 is read from it."""
    rows: list[list[object]] = [["District", "Award £000", "Support limited by band"]]
    for name, band in [
        ("Cheltenham", _cell("Limited to<br/>Band E")),
        ("Cotswold", _cell("Limited to<br/>Band E")),
        ("Stroud", "None"),
        ("Tewkesbury", "None"),
        ("Gloucester", "None"),
    ]:
        rows.append([name, "4,489", band])
    story = [para("Table 1: Comparison of schemes, 2025/26", "Heading3"), table(rows)]
    figs = extract_file(make_pdf("nonewords.pdf", story)).figures
    assert {f.column_label for f in figs} == {"Award"}, [(f.column_label, f.printed) for f in figs]
    assert len(figs) == 5


def test_a_letter_headed_by_a_police_force_is_the_forces() -> None:
    """A freedom-of-information reply headed "HUMBERSIDE POLICE" (its address in Hull
    below) is the force's, not Hull City Council's; a sentence naming a force is not a
    heading."""
    assert (
        local_council(["HUMBERSIDE POLICE\nPolice Headquarters\nPriory Road"])
        == "HUMBERSIDE POLICE"
    )
    assert local_council(["Kent Fire and Rescue Service"]) == "Kent Fire and Rescue Service"
    assert local_council(["We work with Kent Police on this"]) is None
    assert local_council(["Police and Crime Panel report"]) is None
    pcc = "Office of the Police and Crime Commissioner for Kent"
    assert local_council([pcc]) == pcc
    assert local_council(["Greater Manchester Combined Authority"]) is not None
    assert local_council(["Report of the Police and Crime Commissioner for Kent on it"]) is None


# --- a page tree pdfminer cannot follow ------------------------------------------------


def test_a_scan_whose_page_tree_pdfminer_cannot_follow_is_told_to_run_ocr(tmp_path: Path) -> None:
    """A scanned page behind a broken cross-reference table: pdfminer finds no page and the
    error had said "the PDF has no pages"; pdfium reads one page of images, so the error
    says what to do (OCR), and with text on the page, to re-save the file."""
    scan, typed = tmp_path / "scan.pdf", tmp_path / "typed.pdf"
    # a cross-reference table numbered from 1, not 0: every offset one object off
    scan.write_bytes(one_page_pdf(b"", first_number=1))
    typed.write_bytes(one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Budget 2024) Tj ET", first_number=1))
    with pytest.raises(PaperError, match="no text layer"):
        read_pdf_paper(scan)
    with pytest.raises(PaperError, match="pdfium reads 1: re-save it"):
        read_pdf_paper(typed)


def test_a_forms_first_box_set_above_its_figures_is_its_first_row(make_pdf: Maker) -> None:
    """An explanation of variances (an auditor's spreadsheet): each box's label is set at
    the top of a tall cell, its figures lower. "1 Balances Brought Forward" stands just
    under the header, above its figures, beside words set over a column of figures ("not
    required"), and had been read into the header, its figures left with no label; the
    label below it numbered 2 shows it is the first row."""
    rows: list[list[object]] = [["", "2022/23 £", "2023/24 £", "Variance £", "Explanation"]]
    for n, label in enumerate(["Balances Brought Forward", "Precept", "Staff Costs"], 1):
        change = "not required" if n == 1 else f"{n}9"  # words over a column of figures
        # a tall cell: the label on its first line, the figures at its foot
        rows.append([_cell(f"{n} {label}<br/>&nbsp;"), f"{n},631", f"{n},690", change, ""])
    style = [
        ("VALIGN", (0, 1), (0, -1), "TOP"),
        ("VALIGN", (3, 1), (3, 1), "TOP"),
        ("VALIGN", (1, 1), (2, -1), "BOTTOM"),
        ("VALIGN", (3, 2), (3, -1), "BOTTOM"),
        ("ALIGN", (4, 0), (4, -1), "LEFT"),
        ("TOPPADDING", (0, 1), (-1, -1), 9),
    ]
    story = [para("Explanation of variances", "Heading3")]
    story.append(table(rows, grid=False, widths=[160, 60, 60, 60, 170], extra=style))
    figs = extract_file(make_pdf("boxes.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp, f.first_fy) for f in figs}
    assert ("1 Balances Brought Forward", Decimal("1631"), 2022) in got, got
    assert ("3 Staff Costs", Decimal("3690"), 2023) in got, got


def test_unpresented_cheques_in_sequence_name_their_rows(make_pdf: Maker) -> None:
    """A bank reconciliation lists unpresented cheques by number beside their sums: the
    numbers run on one by one (101182 to 101185), so they name the rows, and are no
    amounts of £101,182 (first sight)."""
    rows = [["", "", "£"], ["Cheque number", "101182", "120.00"]]
    rows += [["", str(101183 + k), f"{40 + k}.50"] for k in range(3)]
    story = [para("Less: any unpresented cheques as at 31 March 2022"), table(rows, grid=False)]
    figs = extract_file(make_pdf("cheques.pdf", story)).figures
    assert all(f.amount_gbp is not None and f.amount_gbp < 1000 for f in figs), figs
    got = {(f.row_label, f.amount_gbp) for f in figs}
    assert ("101184", Decimal("41.50")) in got, got


def test_a_table_under_its_own_years_on_the_next_page_is_another_table(make_pdf: Maker) -> None:
    """A spreadsheet's second table starts at the top of a page, its columns where the
    first one's were and sharing its words ("Net Budget 2020-21 | 2021-22 | 2022-23" under
    "… | Total"): a column naming another year is another table's, not the first carried
    on (generator seed 887957: the 2022-23 column was read as the first table's Total)."""
    head = ["Service", "Net Budget 2020-21", "Net Budget 2021-22", "Net Budget Total"]
    first = [head] + [[f"Scheme {n}", "1,000", "2,000", "3,000"] for n in range(30)]
    second = [[*head[:3], "Net Budget 2022-23"], ["Home care", "6,720", "1,103", "8,191"]]
    widths = [150, 100, 100, 100]
    story = [para("Medium term financial plan (£000)"), table(first, widths=widths)]
    story += [PageBreak(), table(second, widths=widths)]
    figs = extract_file(make_pdf("two.pdf", story)).figures
    got = {(f.row_label, f.column_label, f.first_fy) for f in figs if f.row_label == "Home care"}
    assert ("Home care", "Net Budget 2022-23", 2022) in got, got


def test_a_month_in_running_text_on_the_first_lines_dates_no_paper(make_pdf: Maker) -> None:
    """A month in a sentence near the top of page one ("guidance issued by the government
    in January 2018") is not the paper's year: only first lines a table's header took
    are read for one (a 2025-26 investment strategy had been dated 2017-18)."""
    story = [
        para("INVESTMENT STRATEGY", "Heading1"),
        para("1.1 Guidance issued by the government in January 2018 (Statutory Guidance)."),
        para("1.2 The Authority invests its money for three broad purposes: " * 3),
        para("Table 1: Investments held by the Authority"),
        table([["Investment", "Value £m"], ["Property", "12.5"], ["Loans", "3.0"]]),
    ]
    ex = extract_file(make_pdf("strategy.pdf", story))
    assert ex.document.first_fy is None
    assert all(f.first_fy is None for f in ex.figures), [
        (f.row_label, f.first_fy) for f in ex.figures
    ]
