"""Shapes read wrong in the ninth batch of real papers (twelfth round: a county's library
review, a library society's accounts, a government programme's annual reports, a
Commons briefing): each test builds its own small PDF (reportlab) or text of the shape,
and fails without the fix it names.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.platypus import Spacer

from pipeline.extract import extract_file
from pipeline.models import Figure
from pipeline.normalise import parse_amount, parse_unit
from pipeline.pdftokens import _fast_objects
from pipeline.tables.periods import row_period, says_years_end_march
from tests.conftest import one_page_pdf, para, table

Maker = Callable[..., Path]


def _by_cell(figs: list[Figure]) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in figs}


# --- units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["£1000's", "£1000s", "£1,000s", "(£1000)", "Total 2014/15 £1000's"]
)
def test_pounds_in_thousands_printed_with_the_one(text: str) -> None:
    """ "£1000's" over a column is thousands, as "£000s" is (it stated no unit at all)."""
    assert parse_unit(text) == Decimal(1000)


@pytest.mark.parametrize("text", ["Payments over £1,000", "£1000", "Grants up to £1,000 each"])
def test_a_sum_of_a_thousand_pounds_is_no_unit(text: str) -> None:
    assert parse_unit(text) in (None, Decimal(1))


@pytest.mark.parametrize("text", ["000s", "000s*", "'000", "000", "(000)"])
def test_a_thousands_word_without_a_pound_sign_is_not_nought(text: str) -> None:
    """ "000s" under "Total book stock" states a count's unit; it read as the figure 0
    with a footnote "s", so the header line it closes became a row of figures."""
    assert parse_amount(text) is None


def test_a_bare_scale_in_the_header_multiplies_cells_that_print_pounds(make_pdf: Maker) -> None:
    """ "£1,274" under "Funding provision (k)" is £1,274,000: the cell's £ says pounds, the
    header's "(k)" how many; "£810" under "£000" likewise. Before, the cell's £ won and
    the figure was £1,274."""
    rows = [
        ["Organisation", "Funding provision (k)", "Spend £000"],
        ["Department for Environment", "£1,274", "£810"],
        ["Department for Communities", "£250", "£190"],
        ["Total budget", "£1,524", "£1,000"],
    ]
    story = [para("Table 1: Breakdown of funding in FY2009/10"), table(rows, widths=[200, 120, 90])]
    got = _by_cell(extract_file(make_pdf("scale.pdf", story)).figures)
    assert got[("Department for Environment", "Funding provision (k)")].amount_gbp == 1_274_000
    assert got[("Department for Environment", "Spend")].amount_gbp == 810_000


def test_a_figure_with_a_bracketed_word_after_it_is_read(make_pdf: Maker) -> None:
    """ "£929 (provisional)" is the figure £929 with a comment; it was left unread."""
    rows = [
        ["Area of expenditure", "Cost £"],
        ["Staff costs", "£592"],
        ["IT development", "£337"],
        ["Total expenditure", "£929 (provisional)"],
    ]
    story = [para("Expenditure 2012-13"), table(rows, widths=[200, 120])]
    got = _by_cell(extract_file(make_pdf("provisional.pdf", story)).figures)
    assert got[("Total expenditure", "Cost")].amount_gbp == 929


# --- periods -------------------------------------------------------------------------


@given(st.integers(min_value=1990, max_value=2060))
def test_a_row_labelled_by_a_fiscal_year_alone_is_that_year(year: int) -> None:
    short = f"{year}/{(year + 1) % 100:02d}"
    assert row_period(short) == (year, year)
    assert row_period(f"FY {year}-{(year + 1) % 100:02d}") == (year, year)
    assert row_period(f"{short} overspend impact on reserves") is None
    assert row_period(f"Total {short}") is None


def test_a_time_series_by_year_rows_takes_each_rows_year(make_pdf: Maker) -> None:
    """Year | Issues | Income: the income of 2001/02 is 2001-02's; it took a heading's
    year for every row (or none)."""
    rows = [["Year", "Issues", "Income"]]
    rows += [
        [f"20{y:02d}/{y + 1:02d}", f"{300 - y:,}", f"£{381_168 - 1000 * y:,}"] for y in range(1, 6)
    ]
    story = [para("Income and issues of sound and vision items"), table(rows, widths=[80, 80, 100])]
    figs = [f for f in extract_file(make_pdf("series.pdf", story)).figures if f.amount_gbp]
    assert {(f.row_label, f.first_fy, f.last_fy) for f in figs} >= {
        ("2001/02", 2001, 2001),
        ("2005/06", 2005, 2005),
    }
    assert all(f.period_source == "row label" for f in figs)


def test_bare_year_rows_under_a_note_of_years_to_march(make_pdf: Maker) -> None:
    """Rows "2005" … under "* indicates year to 31 March": 2005 is the year to March 2005,
    fiscal 2004-05. Without such a note a bare year states no fiscal year."""
    rows = [["Year", "Net expenditure £000s*"]]
    rows += [[str(y), f"£{900_000 + y:,}"] for y in range(2005, 2009)]
    note = para("* indicates year to 31 March")
    story = [para("Library statistics"), table(rows, widths=[80, 140]), Spacer(1, 10), note]
    got = _by_cell(extract_file(make_pdf("march.pdf", story)).figures)
    f = got[("2005", "Net expenditure *")]
    assert (f.amount_gbp, f.first_fy, f.last_fy) == (Decimal(902_005_000), 2004, 2004)
    plain = _by_cell(extract_file(make_pdf("plain.pdf", story[:2])).figures)
    assert plain[("2005", "Net expenditure *")].first_fy is None
    assert says_years_end_march("year to 31 March") and not says_years_end_march(
        "year ended 31 March 2018"
    )


def test_a_heading_that_is_only_another_year_starts_another_table(make_pdf: Maker) -> None:
    """Boxed tables each under a year heading ("2010-2011", "2011-2012"), the second
    opening on a row of figures with no header: it was read as more rows of the first,
    in the first's year."""
    first = [["Area of expenditure", "Cost £"], ["Staff costs", "£180"], ["Consultancy", "£444"]]
    second = [["Budget", "£1,683"], ["Staff costs", "£680"], ["Consultancy", "£775"]]
    boxes = [table(rows, widths=[200, 120]) for rows in (first, second)]
    for box in boxes:
        box.hAlign = "LEFT"
    story = [para("2010-2011"), boxes[0], para("2011-2012"), boxes[1]]
    ex = extract_file(make_pdf("years.pdf", story))
    years = {(f.row_label, f.amount_gbp): f.first_fy for f in ex.figures}
    assert years[("Staff costs", 180)] == 2010
    assert years[("Staff costs", 680)] == 2011
    assert len(ex.tables) == 2


# --- regions -------------------------------------------------------------------------


def test_rules_under_the_figures_only_leave_the_labels_in_the_table(make_pdf: Maker) -> None:
    """A statement of accounts rules off its subtotals under the figure columns alone;
    those rules were read as a table of their own, cutting every row below the first
    rule from its label."""
    head = ["Incoming resources", "Unrestricted £1000's", "Restricted £1000's", "Total £1000's"]
    body = [
        ["Friends groups", "0", "37", "37"],
        ["Donations", "0", "28", "28"],
        ["", "0", "65", "65"],
        ["Interest income", "5", "0", "5"],
        ["Council funding", "5,351", "0", "5,351"],
        ["Stock funding", "0", "1,123", "1,123"],
        ["", "5,351", "1,123", "6,474"],
        ["Total income", "5,356", "1,188", "6,544"],
    ]
    under = [("LINEBELOW", (1, r), (-1, r), 0.5, colors.black) for r in (2, 6, 7, 8)]
    t = table([head, *body], grid=False, widths=[170, 90, 90, 90], extra=under)
    story = [para("Statement of Financial Activities for the year ending 31 March 2015"), t]
    got = _by_cell(extract_file(make_pdf("soa.pdf", story)).figures)
    assert got[("Council funding", "Unrestricted")].amount_gbp == 5_351_000
    assert got[("Total income", "Total")].amount_gbp == 6_544_000


def test_a_grid_round_the_label_column_only_keeps_the_figures(make_pdf: Maker) -> None:
    """The labels boxed in a grid, the figures' column beside it drawn with no rules of
    its own: the grid was read as a form of words and the figures were lost."""
    rows = [
        ["Area of expenditure", "Cost (K)"],
        ["Defra funded staff costs", "£680"],
        ["Other costs", "£127"],
        ["IT development", "£775"],
        ["Total expenditure", "£1,582"],
    ]
    grid = [("GRID", (0, 0), (0, -1), 0.5, colors.black)]
    t = table(rows, grid=False, widths=[200, 100], extra=grid)
    story = [para("Table 1: Funding and expenditure in Financial Year 2011-12"), t]
    got = _by_cell(extract_file(make_pdf("labelgrid.pdf", story)).figures)
    assert got[("IT development", "Cost (K)")].amount_gbp == 775_000


def test_two_booktabs_tables_stacked_close_stay_two(make_pdf: Maker) -> None:
    """Two tables ruled top, under the header and at the foot, the second narrower and
    set just under the first, sharing its left edge: their rules were stacked as one
    table's, and the second's columns were read under the first's headers."""
    booktabs = [
        ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
    ]
    first = [["Year", "Service points", "Terminals", "Posts", "Volunteers"]]
    first += [[str(y), "4,230", "36,094", "5,811", "1,279"] for y in range(2005, 2010)]
    second = [["Year", "Book stock 000s", "Net expenditure £000s"]]
    second += [[str(y), "102,887", f"£{914_743 + y:,}"] for y in range(2005, 2010)]
    story = [
        para("Library statistics"),
        table(first, grid=False, widths=[60, 100, 100, 100, 100], extra=booktabs),
        Spacer(1, 12),
        table(second, grid=False, widths=[60, 100, 120], extra=booktabs),
    ]
    ex = extract_file(make_pdf("stacked.pdf", story))
    money = [f for f in ex.figures if f.amount_gbp is not None and f.amount_gbp > 100_000_000]
    assert {f.column_label for f in money} == {"Net expenditure"}, {f.column_label for f in money}
    assert money[0].amount_gbp == Decimal(914_743 + 2005) * 1000


# --- parsing -------------------------------------------------------------------------


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def fail(*_: Any) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_string_of_octal_escapes_that_does_not_close_fails_at_once() -> None:
    """The fast content reader tried every split of a string's octal escapes before
    giving up on one holding a nested bracket (exponential: a government report's page
    hung the ingest). Sixty escapes would take longer than the universe has left."""
    stream = b"BT (" + b"\\101" * 60 + b" (nested)) Tj ET"
    with _deadline(20):
        assert _fast_objects([stream]) is None
    assert _fast_objects([b"BT (\\101\\102C) Tj ET"]) is not None


def test_level_text_set_with_a_hair_of_skew_is_read_as_lines(tmp_path: Path) -> None:
    """A spreadsheet pasted into Word sets each glyph with skew terms of about -1e-7:
    pdfminer calls such characters not upright, and pdfplumber's grouping read the
    table's cells a character or two per line, so the table of pay was lost."""
    cells = [
        (100, 700, "Group"),
        (220, 700, "Mean hourly pay"),
        (100, 680, "Male"),
        (220, 680, "\\24327.96"),  # £ in WinAnsi
        (100, 660, "Female"),
        (220, 660, "\\24324.23"),
    ]
    skew = "0.84814 -0.0000000928 -0.0000000251 0.84549"
    content = "".join(
        f"BT /F1 11 Tf {skew} {x} {y} Tm ({text}) Tj ET\n" for x, y, text in cells
    ).encode("latin-1")
    path = tmp_path / "skewed.pdf"
    path.write_bytes(one_page_pdf(content))
    got = {(f.row_label, f.amount_gbp) for f in extract_file(path).figures}
    assert ("Male", Decimal("27.96")) in got, got
    assert ("Female", Decimal("24.23")) in got, got


def test_a_sum_centred_between_the_lines_of_its_wrapped_label_is_a_row(make_pdf: Maker) -> None:
    """A boxed summary whose labels wrap over two lines, each sum centred between them on
    a line of its own: the first sums were read as the table's header."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("c", fontName="Helvetica-Bold", fontSize=9, leading=11)
    rows = [
        [Paragraph("Projected total grant to be received", style), "£50,280"],
        [Paragraph("Projected total grant expenditure", style), "£49,796"],
        ["Projected grant remaining", "£484"],
    ]
    middle = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, -1), "LEFT")]
    t = table(rows, widths=[110, 90], extra=middle)
    t.hAlign = "LEFT"
    story = [para("Pupil premium 2017/18"), t]
    got = {
        (f.row_label, f.amount_gbp) for f in extract_file(make_pdf("centred.pdf", story)).figures
    }
    assert ("Projected total grant to be received", Decimal(50_280)) in got, got
    assert ("Projected grant remaining", Decimal(484)) in got, got


def test_a_share_in_words_under_a_sum_does_not_split_its_row(make_pdf: Maker) -> None:
    """A cost cell holding "£1596" over "10% of 6 MTA hours", its label wrapped over four
    lines: the share was read as a second figure, ending the row at the label's first
    line ("Lunchtime Projects –")."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("c", fontName="Helvetica", fontSize=9, leading=11)
    rows: list[list[object]] = [["Action", "Cost", "Intended outcome"]]
    rows.append(
        [
            Paragraph("Lunchtime Projects – Dining Hall, Playtime Leaders and Lunch Clubs", style),
            Paragraph("£1596<br/>10% of 6<br/>MTA hours", style),
            Paragraph("To make lunchtimes successful for all children.", style),
        ]
    )
    rows.append(
        [
            Paragraph("Counsellor working with children according to need.", style),
            Paragraph("£300<br/>10% of 3<br/>hours", style),
            Paragraph("To support children with social needs.", style),
        ]
    )
    t = table(rows, widths=[110, 60, 150])
    t.hAlign = "LEFT"
    story = [para("Planned expenditure 2017/18"), t]
    got = {(f.row_label, f.amount_gbp) for f in extract_file(make_pdf("share.pdf", story)).figures}
    label = "Lunchtime Projects – Dining Hall, Playtime Leaders and Lunch Clubs"
    assert (label, Decimal(1596)) in got, got


def test_another_tables_units_row_does_not_scale_cells_printing_pounds(make_pdf: Maker) -> None:
    """A table in £ million, then a second whose cells print whole pounds ("(£11,506,264)")
    under headers naming no unit: the first table's units row is no scale of the second's
    (the generator's fresh seed caught the header-scale rule multiplying them by a million)."""
    first = [
        ["Service", "2019-20 Budget", "2019-20 Proposed"],
        ["", "£ million", "£ million"],
        ["Assistive technology", "104.30", "91.99"],
        ["Children with disabilities", "6.04", "5.50"],
    ]
    second = [
        ["Ref", "Scheme", "Budget", "Forecast Outturn", "Variance"],
        ["AS01", "Review of extra care housing", "(£11,506,264)", "(£10,079,487)", "£1,426,777"],
        ["AS02", "Learning disability retender", "£10,101,808", "£9,950,281", "(£151,527)"],
    ]
    story = [
        para("Directorate budget summary"),
        table(first, grid=False, widths=[160, 90, 90]),
        para("Table 2 - Directorate budget summary 2019/20"),
        table(second, widths=[40, 150, 80, 90, 70]),
    ]
    got = _by_cell(extract_file(make_pdf("two_units.pdf", story)).figures)
    assert got[("Review of extra care housing", "Budget")].amount_gbp == -11_506_264
    assert got[("Assistive technology", "2019-20 Budget")].amount_gbp == 104_300_000
