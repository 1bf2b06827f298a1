"""Shapes first seen in a sixth batch of papers annotated blind (tests/real_other batch6: a
council's trade union facility time return, clinical commissioning groups' lists of
payments set bottom-aligned, Excel's habit), read wrong at first sight. Each test builds
its own small PDF (reportlab), except the NHS author's, which reads heading text.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, Spacer

from pipeline.extract import extract_file
from pipeline.nhsauthor import nhs_author
from tests.conftest import para, table

Maker = Callable[..., Path]

_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)


def _facility_rows() -> list[list[object]]:
    wrapped = Paragraph(
        "Provide the percentage of the total pay<br/>bill spent on facility time, calculated"
        " as:<br/>(total cost of facility time / total pay bill) x 100",
        _CELL,
    )
    return [
        ["Provide the total cost of facility time", "£39,961.03"],
        ["Provide the total pay bill", "£52,115,000.00"],
        [wrapped, "0.08%"],
    ]


def _facility_table(rows: list[list[object]]) -> object:
    return table(rows, widths=[220, 220], extra=[("ALIGN", (1, 0), (-1, -1), "LEFT")])


def test_a_wrapped_label_ending_in_a_colon_leaves_a_ruled_table_a_table(make_pdf: Maker) -> None:
    """A colon ending a line of a wrapped label ("… calculated as:") is no field name of a
    key-value box: the grid of two sums and a percentage is a table (first sight: read as
    a form, its two sums lost)."""
    head: list[list[object]] = [["First column", "Figures"]]
    story = [para("Table 3 - Percentage of pay bill spent on facility time", "Heading2")]
    story.append(_facility_table(head + _facility_rows()))
    figs = extract_file(make_pdf("colon.pdf", story)).figures
    got = {(f.row_label, f.amount_gbp) for f in figs}
    assert ("Provide the total cost of facility time", Decimal("39961.03")) in got, got
    assert ("Provide the total pay bill", Decimal("52115000.00")) in got, got


def test_a_two_column_header_closing_the_page_before_heads_its_rows(make_pdf: Maker) -> None:
    """The header of a table with one column of figures ("First column | Figures"),
    left alone at the foot of a page, heads the rows opening the next: the label's head
    and one column's count as two columns, as two columns of figures do."""
    story = [
        para("Table 3 - Percentage of pay bill spent on facility time", "Heading2"),
        Spacer(1, 560),
        _facility_table([["First column", "Figures"]]),
        PageBreak(),
        _facility_table(_facility_rows()),
    ]
    figs = [f for f in extract_file(make_pdf("orphan.pdf", story)).figures if f.page == 2]
    got = {(f.row_label, f.column_label, f.amount_gbp) for f in figs}
    assert ("Provide the total pay bill", "Figures", Decimal("52115000.00")) in got, got


def test_an_nhs_body_heading_a_paper_is_its_author() -> None:
    """A CCG's list of payments names no council: the NHS body its heading opens with
    (after its ODS code, if printed) wrote it; a council's sentence naming an NHS
    partner does not make that partner the author."""
    org = nhs_author(["NHS Waltham Forest CCG\nPayments over £30,000"])
    assert org is not None and org.code == "08W"
    org = nhs_author(["07L NHS Barking and Dagenham CCG Invoices over £25k April 2014"])
    assert org is not None and org.code == "07L"
    assert nhs_author(["The council works with NHS Waltham Forest CCG on discharge"]) is None
    assert nhs_author(["Payments over £30,000", "As at 30 June 2020"]) is None


def _statement(make_pdf: Maker) -> Path:
    """A bank reconciliation set out in two columns of figures under one row of "£", its
    parts parted by captions and blank space, so read as three tables."""
    widths = [250, 90, 110]
    story = [
        para("Bank reconciliation ending 31 March 2025", "Heading2"),
        table(
            [["", "£", "£"], ["Balance per bank statement", "", "8,858.30"]],
            grid=False,
            widths=widths,
        ),
        para("Less: any unpresented payments"),
        table(
            [
                ["Cheque number", "", ""],
                ["Online", "180.20", ""],
                ["Online", "370.43", ""],
                ["101317", "720.15", ""],
                ["Total", "1,270.78", ""],
            ],
            grid=False,
            widths=widths,
        ),
        Spacer(1, 30),
        table(
            [
                ["Opening balance", "", "10,407.45"],
                ["Add: receipts in the year", "", "7,763.13"],
                ["Total", "", "18,170.58"],
            ],
            grid=False,
            widths=widths,
        ),
    ]
    return make_pdf("statement.pdf", story)


def test_columns_under_a_units_row_above_take_its_unit(make_pdf: Maker) -> None:
    """The parts of a statement below its units row ("£ £") print their figures under the
    same symbols and state no unit of their own: each column takes the unit printed over
    it (first sight: the parts below were flagged with no unit and no amounts)."""
    figs = extract_file(_statement(make_pdf)).figures
    got = {(f.row_label, f.amount_gbp, f.unit_source) for f in figs}
    assert ("Opening balance", Decimal("10407.45"), "units row above") in got, got
    assert ("Total", Decimal("18170.58"), "units row above") in got, got
    assert ("Total", Decimal("1270.78"), "units row above") in got, got


def test_a_cheque_number_column_with_words_among_its_numbers_is_no_money(
    make_pdf: Maker,
) -> None:
    """A column headed "Cheque number" holding "Online" and "101317" holds identifiers
    (a payment made online has none): its number is no amount, and it names the row."""
    figs = extract_file(_statement(make_pdf)).figures
    got = {(f.row_label, f.amount_gbp) for f in figs}
    assert ("101317", Decimal("720.15")) in got, got
    assert ("Online", Decimal("180.20")) in got, got
    assert not any(f.printed == "101317" for f in figs)


def test_a_note_wrapped_under_a_figure_heads_no_table(make_pdf: Maker) -> None:
    """Notes set in a column of figures under the figure they qualify ("(pro rata to
    Number of" / "meetings chaired)") on a page that carries a table on with no header
    are not a header starting a new table there: the rows below stay the table's, under
    its column and unit (first sight: each note headed a table with no unit)."""
    first = [["", "Annual Allowance £"]] + [
        [f"Committee {i} Chair", f"{1000 + i:,}"] for i in range(30)
    ]
    note = ParagraphStyle("note", fontName="Helvetica", fontSize=7, leading=8, alignment=1)
    second = [
        ["Licensing Sub-Committee Chairs", "3,377"],
        ["", Paragraph("(pro rata to Number of meetings chaired)", note)],
        ["Other co-optees", "1,193"],
        ["Standards Committee", "798"],
    ]
    story = [
        para("Schedule 1: members' allowances 2019/20", "Heading2"),
        table(first, grid=False, widths=[300, 100]),
        PageBreak(),
        table(second, grid=False, widths=[300, 100], extra=[("ALIGN", (1, 0), (-1, -1), "CENTER")]),
    ]
    figs = [f for f in extract_file(make_pdf("notes.pdf", story)).figures if f.page == 2]
    got = {(f.row_label, f.column_label, f.amount_gbp) for f in figs}
    for label, amount in (("Other co-optees", "1193"), ("Standards Committee", "798")):
        assert (label, "Annual Allowance", Decimal(amount)) in got, got
