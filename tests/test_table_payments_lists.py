"""Shapes first seen in real lists of payments and expenditure, read wrong at first sight
(tests/real_other: NHS bodies' payments over £25,000, a parish council's spreadsheet of
expenditure): identifier columns beside the amounts, a month in the title, one month's
table per page, a shaded header under a boxed title, names wrapped upwards in cells
aligned to their foot, and borders drawn on used cells only. Each test builds its own
small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph

from pipeline.extract import extract_file
from pipeline.models import BBox, Word
from pipeline.normalise import is_unit_only, month_period, parse_unit, without_periods
from pipeline.wordfix import split_glued
from tests.conftest import para, table

Maker = Callable[..., Path]

_HEADER = ["Date", "Expense Type", "Supplier", "Transaction no.", "AP Amount (£)", "VAT number"]
_ROWS = [
    ["31/01/2021", "Global Sum", "ABBEY MEDICAL CENTRE", "35437313", "95,087.01", ""],
    ["31/01/2021", "Winter Resilience", "ADLER & ROSENBERG", "35437359", "38,461.49", "773865873"],
    ["31/01/2021", "Contract Value", "ANGEL SURGERY", "35257334", "87,040.92", "232 3164 03"],
    ["31/01/2021", "Global Sum", "BARNARDOS", "35186057", "62,000.00", "GB 654408435"],
]
_WIDTHS = [50.0, 75.0, 115.0, 75.0, 70.0, 75.0]


def test_identifier_columns_beside_the_amounts_are_not_money(make_pdf: Maker) -> None:
    """Transaction and VAT registration numbers are keys to look a payment up by: the
    amount is the only figure of each row, the numbers are kept under their headers
    (first sight: three "figures" a row)."""
    pdf = make_pdf(
        "payments.pdf",
        [para("Payments over £30,000", "Heading2"), table([_HEADER, *_ROWS], widths=_WIDTHS)],
    )
    figs = extract_file(pdf).figures
    assert [(f.row_label, f.amount_gbp) for f in figs] == [
        ("ABBEY MEDICAL CENTRE", Decimal("95087.01")),
        ("ADLER & ROSENBERG", Decimal("38461.49")),
        ("ANGEL SURGERY", Decimal("87040.92")),
        ("BARNARDOS", Decimal("62000.00")),
    ], [(f.row_label, f.column_label, f.printed) for f in figs]
    assert figs[1].attributes.get("Transaction no.") == "35437359", figs[1].attributes
    assert figs[1].attributes.get("VAT number") == "773865873", figs[1].attributes
    assert figs[3].attributes.get("VAT number") == "GB 654408435", figs[3].attributes


def test_amounts_printed_without_separators_stay_money(make_pdf: Maker) -> None:
    """Only a header naming an identifier makes a column of bare numbers references: an
    "Amount £" column printed with no thousands separators keeps its figures."""
    rows = [
        ["Supplier", "Amount £", "Invoice number"],
        ["ANGEL SURGERY", "12345", "INV3419"],
        ["BARNARDOS", "23456", "INV3420"],
        ["CERNER LTD", "34567", "INV3421"],
    ]
    figs = extract_file(make_pdf("bare.pdf", [table(rows)])).figures
    assert [(f.row_label, f.column_label, f.amount_gbp) for f in figs] == [
        ("ANGEL SURGERY", "Amount", Decimal("12345")),
        ("BARNARDOS", "Amount", Decimal("23456")),
        ("CERNER LTD", "Amount", Decimal("34567")),
    ], [(f.row_label, f.column_label, f.printed) for f in figs]


def test_a_month_in_the_title_states_the_fiscal_year() -> None:
    """A list for a month is for the fiscal year the month falls in: January to March end
    the year that began the April before."""
    assert month_period("Payments over £30,000 JAN 2021") == (2020, 2020)
    assert month_period("Invoices over £25k April 2014") == (2014, 2014)
    assert month_period("Spend 30 March 2015") == (2014, 2014)
    assert month_period("April 2014 to March 2016") == (2014, 2015)
    assert month_period("Report of 3 March 2020 on May 2018") is None  # not one period
    assert month_period("Minutes, item 2014") is None
    assert without_periods("Invoices April 2014") == without_periods("Invoices May 2014")
    assert without_periods("Budget 2024-25") == without_periods("Budget 2025-26")


def test_a_payments_list_for_a_month_takes_its_fiscal_year(make_pdf: Maker) -> None:
    pdf = make_pdf(
        "month.pdf",
        [
            para("NHS North Central London CCG Payments over £30,000 JAN 2021", "Heading2"),
            table([_HEADER, *_ROWS], widths=_WIDTHS),
        ],
    )
    figs = extract_file(pdf).figures
    assert {(f.first_fy, f.last_fy) for f in figs} == {(2020, 2020)}
    assert {f.period_source for f in figs} == {"caption"}


def test_one_months_table_a_page_is_a_table_each(make_pdf: Maker) -> None:
    """Monthly lists printed a page each under one title but their month are the series'
    tables, each with its own period; joined as one table the second took the first's."""
    story = [
        para("Invoices over £25k March 2015", "Heading2"),
        table([_HEADER, *_ROWS[:2]], widths=_WIDTHS),
        PageBreak(),
        para("Invoices over £25k April 2015", "Heading2"),
        table([_HEADER, *_ROWS[2:]], widths=_WIDTHS),
    ]
    ex = extract_file(make_pdf("series.pdf", story))
    assert len(ex.tables) == 2, [(t.page, t.last_page, t.caption) for t in ex.tables]
    by_label = {f.row_label: f.first_fy for f in ex.figures}
    assert by_label == {
        "ABBEY MEDICAL CENTRE": 2014,
        "ADLER & ROSENBERG": 2014,
        "ANGEL SURGERY": 2015,
        "BARNARDOS": 2015,
    }, by_label


def test_a_shaded_header_under_a_boxed_title_heads_the_columns(make_pdf: Maker) -> None:
    """A title boxed in the grid's first row, then a shaded header row with no rule of its
    own under it: the rule under the title does not end the header (first sight: no
    column had a header, so the amounts had no unit)."""
    title = ["Invoices over £25k April 2014", "", "", "", "", ""]
    rows = [title, _HEADER, *_ROWS]
    extra = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BOX", (0, 0), (-1, 0), 0.8, colors.black),
        ("BOX", (0, 1), (-1, -1), 0.8, colors.black),
        ("LINEBEFORE", (1, 1), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 1), (-1, 1), colors.Color(0.3, 0.5, 0.8)),
        ("TEXTCOLOR", (0, 1), (-1, 1), colors.white),
    ]
    pdf = make_pdf("shaded.pdf", [table(rows, grid=False, widths=_WIDTHS, extra=extra)])
    figs = extract_file(pdf).figures
    assert [(f.row_label, f.column_label, f.amount_gbp) for f in figs][:2] == [
        ("ABBEY MEDICAL CENTRE", "AP Amount", Decimal("95087.01")),
        ("ADLER & ROSENBERG", "AP Amount", Decimal("38461.49")),
    ], [(f.row_label, f.column_label, f.printed) for f in figs]


def test_a_name_wrapped_upwards_in_a_cell_set_at_its_foot_is_one_label(make_pdf: Maker) -> None:
    """Cells aligned to their foot print a long name's first line above the row's own
    line: it starts that row's label, not a heading over it."""
    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=8)
    rows = [
        ["Date", "Supplier", "Amount £"],
        [
            "30/04/2014",
            Paragraph("BARKING HAVERING AND REDBRIDGE HOSPITALS NHS TRUST", style),
            "33,021.00",
        ],
        ["30/04/2014", Paragraph("BARTS HEALTH NHS TRUST", style), "1,455,972.85"],
        [
            "30/04/2014",
            Paragraph("HOMERTON UNIVERSITY HOSPITAL NHS FOUNDATION TRUST", style),
            "90,660.94",
        ],
        ["30/04/2014", Paragraph("LONDON AMBULANCE SERVICE", style), "550,209.00"],
        [
            "30/04/2014",
            Paragraph("GUYS & ST THOMAS HOSPITAL NHS FOUNDATION TRUST", style),
            "82,256.00",
        ],
    ]
    # Evenly spaced lines, within rows and between them: spacing cannot part the rows.
    extra = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("LEADING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    pdf = make_pdf(
        "upwards.pdf", [table(rows, grid=False, widths=[60.0, 150.0, 80.0], extra=extra)]
    )
    labels = [f.row_label for f in extract_file(pdf).figures]
    assert labels == [
        "BARKING HAVERING AND REDBRIDGE HOSPITALS NHS TRUST",
        "BARTS HEALTH NHS TRUST",
        "HOMERTON UNIVERSITY HOSPITAL NHS FOUNDATION TRUST",
        "LONDON AMBULANCE SERVICE",
        "GUYS & ST THOMAS HOSPITAL NHS FOUNDATION TRUST",
    ], labels


def test_a_larger_number_in_a_row_makes_no_superscripts_of_the_rest(make_pdf: Maker) -> None:
    """A VAT number set in a bigger font than its row (spilling from its cell) is the odd
    one out: the small words around it are the row's text, not footnote markers (first
    sight: each name lost its last word as a "note")."""
    big = [("FONTSIZE", (5, r), (5, r), 11) for r in range(1, 5)]
    pdf = make_pdf(
        "bigvat.pdf",
        [
            para("Payments over £30,000", "Heading2"),
            table([_HEADER, *_ROWS], widths=_WIDTHS, extra=big),
        ],
    )
    labels = [f.row_label for f in extract_file(pdf).figures]
    assert labels == ["ABBEY MEDICAL CENTRE", "ADLER & ROSENBERG", "ANGEL SURGERY", "BARNARDOS"]


def test_borders_on_used_cells_only_make_one_table(make_pdf: Maker) -> None:
    """A spreadsheet bordering its date and payee cells and, a column apart, its amounts:
    two boxes whose rows line up are one table (first sight: two "forms", no table).
    No unit is printed anywhere, so the amounts to the penny are flagged, not guessed."""
    rows = [
        ["04/04/2023", "OALC", "", "156.00"],
        ["04/04/2023", "CDC - Dog Bins", "", "190.48"],
        ["28/04/2023", "Clerk Salary", "", "126.29"],
        ["02/05/2023", "NP (April grass cut)", "", "414.00"],
    ]
    extra = [
        ("GRID", (0, 0), (1, -1), 0.5, colors.black),
        ("GRID", (3, 0), (3, -1), 0.5, colors.black),
    ]
    pdf = make_pdf(
        "spend.pdf", [table(rows, grid=False, widths=[60.0, 160.0, 80.0, 60.0], extra=extra)]
    )
    ex = extract_file(pdf)
    assert [f.row_label for f in ex.figures] == [
        "OALC",
        "CDC - Dog Bins",
        "Clerk Salary",
        "NP (April grass cut)",
    ], [(f.row_label, f.printed) for f in ex.figures]
    assert all(f.amount_gbp is None and f.unit_source is None for f in ex.figures)
    (t,) = ex.tables
    assert t.kind == "money" and t.needs_review, (t.kind, t.review)
    assert any("to the penny" in r for r in t.review), t.review


def test_rates_to_two_decimals_stay_other(make_pdf: Maker) -> None:
    """Two decimals alone do not make money: a column headed as a rate is not flagged."""
    rows = [
        ["Fund", "Interest rate"],
        ["Fund A", "4.25"],
        ["Fund B", "3.10"],
        ["Fund C", "104.50"],
    ]
    ex = extract_file(make_pdf("rates.pdf", [table(rows)]))
    assert [t.kind for t in ex.tables] == ["other"]


def test_a_code_printed_hard_against_an_amount_is_a_word_of_its_own() -> None:
    """ "43,979.71618184140": an amount to the penny and a VAT number set against it with
    no space are two words, each with its share of the box; a plain amount is one."""
    glued = Word("43,979.71618184140", BBox(100.0, 10.0, 190.0, 18.0), 8.0, False, False)
    plain = Word("1,455,972.85", BBox(200.0, 10.0, 250.0, 18.0), 8.0, False, False)
    rate = Word("4.25%", BBox(300.0, 10.0, 320.0, 18.0), 8.0, False, False)
    a, b, c, d = split_glued([glued, plain, rate])
    assert (a.text, b.text, c.text, d.text) == ("43,979.71", "618184140", "1,455,972.85", "4.25%")
    assert a.bbox.x0 == 100.0 and b.bbox.x1 == 190.0
    assert a.bbox.x1 == b.bbox.x0 == 100.0 + 90.0 * 9 / 18


def test_text_spilling_into_the_next_column_parts_no_columns(make_pdf: Maker) -> None:
    """A spreadsheet shows a long expense type over the empty area cell beside it: both
    columns' cells still start at their own edges on the same lines, so they stay two
    columns, each under its header (first sight: one column of both, and in the paper
    that showed it the supplier's too)."""
    header = ["Expense Type", "Expense area", "Supplier", "AP Amount (£)"]
    long_type = "Hcare Srv Rec Trust-Baseline"
    rows = [
        [long_type, "", "ABERFELDY PRACTICE", "66,142.95"],
        ["QOF Aspiration", "ACUTE", "ALBION HEALTH CENTRE", "3,380.59"],
        [long_type, "", "AT MEDICS LTD", "97,119.00"],
        ["Contract Value", "COMMUNITY", "BARTS HEALTH NHS TRUST", "42,227.76"],
        ["Global Sum", "PRC", "BLITHEHALE MEDICAL", "48,702.00"],
    ]
    left = [("ALIGN", (0, 0), (2, -1), "LEFT")]
    pdf = make_pdf(
        "spill.pdf",
        [table([header, *rows], grid=False, widths=[90.0, 80.0, 130.0, 80.0], extra=left)],
    )
    figs = extract_file(pdf).figures
    assert [f.row_label for f in figs] == [r[2] for r in rows], [f.row_label for f in figs]
    assert figs[1].attributes == {"Expense Type": "QOF Aspiration", "Expense area": "ACUTE"}, figs[
        1
    ].attributes


def test_a_month_in_the_papers_title_is_its_year(make_pdf: Maker) -> None:
    """A monthly list titled "NHS Brent CCG - May 2020", with notes between the title and
    the table: its figures take the paper's year, 2020-21, and say so."""
    story = [
        para("NHS Brent CCG - May 2020", "Title"),
        para("Note: the AP Amount column represents the invoice distribution amount."),
        para("Time run: 17/06/2020 11:28:50"),
        table([_HEADER, *_ROWS], widths=_WIDTHS),
    ]
    figs = extract_file(make_pdf("brent.pdf", story)).figures
    assert {(f.first_fy, f.period_source) for f in figs} == {(2020, "paper")}


def test_a_column_the_first_page_lacks_is_kept_on_the_next(make_pdf: Maker) -> None:
    """A table printed without its VAT number column on page 1 and with it on page 2 (the
    pages set apart, as a spreadsheet centres each): the rows of page 2 keep each text
    under its header, not in the supplier's name or under another column."""
    left = [("ALIGN", (0, 0), (2, -1), "LEFT")]
    story = [
        para("Payments over £30,000 JAN 2021", "Heading2"),
        table([_HEADER[:5], *(r[:5] for r in _ROWS)], widths=_WIDTHS[:5], extra=left),
        PageBreak(),
        table([_HEADER, *([*r[:5], "654926800"] for r in _ROWS)], widths=_WIDTHS, extra=left),
    ]
    figs = [f for f in extract_file(make_pdf("vat.pdf", story)).figures if f.page == 2]
    assert [f.row_label for f in figs] == [r[2] for r in _ROWS], [f.row_label for f in figs]
    assert [f.attributes for f in figs] == [
        {"Date": r[0], "Expense Type": r[1], "Transaction no.": r[3], "VAT number": "654926800"}
        for r in _ROWS
    ], [f.attributes for f in figs]


def test_pounds_written_as_a_plural_state_pounds() -> None:
    """ "Total £s" over a parish council's payments states pounds (first sight: no unit, so
    two minutes' payments were left without amounts); "£sterling" is no unit statement."""
    assert parse_unit("Total £s") == Decimal(1)
    assert parse_unit("£'s") == Decimal(1)
    assert is_unit_only("£s")
    assert parse_unit("£sterling") is None
    assert parse_unit("£000s") == Decimal(1000)


def test_a_header_row_in_a_tall_cell_still_heads_the_rows(make_pdf: Maker) -> None:
    """A header row in a tall shaded cell, set further above the first row than a line
    apart, with no rules: it is still the header, so the amounts take its "(£)" (first
    sight: no header, no unit, no figures)."""
    extra = [
        ("BOTTOMPADDING", (0, 0), (-1, 0), 22),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.3, 0.5, 0.8)),
        ("ALIGN", (0, 0), (2, -1), "LEFT"),
    ]
    pdf = make_pdf("tall.pdf", [table([_HEADER, *_ROWS], grid=False, widths=_WIDTHS, extra=extra)])
    figs = extract_file(pdf).figures
    assert [(f.column_label, f.amount_gbp) for f in figs][:1] == [
        ("AP Amount", Decimal("95087.01"))
    ], [(f.row_label, f.column_label, f.printed) for f in figs]
