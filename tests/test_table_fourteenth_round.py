"""Shapes read wrong in real papers met in the fourteenth round (schools' grant reports
made in Word, a charity's receipts and payments form): each test builds its own small PDF
(reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract_file
from pipeline.models import Figure
from tests.conftest import para, table

Maker = Callable[..., Path]


def _by_label(figs: list[Figure]) -> dict[str, Figure]:
    return {f.row_label: f for f in figs}


# --- periods -------------------------------------------------------------------------------


def test_a_section_heading_naming_a_year_dates_the_rows_under_it(make_pdf: Maker) -> None:
    """Pound Hill's report for 2013/14 titles one block of its grid "received 2013/2014"
    and the next "planned spending (2014/2015)": the second block's sums are 2014's, not
    the paper's year."""
    rows = [
        ["Pupil premium received 2013/2014", ""],
        ["Amount received per pupil", "£900"],
        ["Total amount received", "£20,700"],
        ["Summary of planned spending (2014/2015)", ""],
        ["Pastoral support", "£5,000"],
        ["Staffing of interventions", "£24,400"],
    ]
    spans = [("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 3), (1, 3))]
    story = [para("Pupil premium report: 2013/14"), table(rows, widths=[300, 120], extra=spans)]
    got = _by_label(extract_file(make_pdf("section.pdf", story)).figures)
    assert got["Total amount received"].first_fy == 2013
    assert got["Pastoral support"].first_fy == 2014
    assert got["Staffing of interventions"].period_source == "section"


# --- grids ---------------------------------------------------------------------------------


def test_a_frame_holding_two_grids_is_read_as_two_tables(make_pdf: Maker) -> None:
    """A Word page drew key facts ("Total funding | £5,438", ruled at one place) and the
    schedule under them ("Item | Cost | Objectives | Outcomes") in one frame: read as one
    grid, the key facts' figure fell in no column and the schedule lost its header."""
    facts = [["Total number of pupils on roll", "270"], ["Total funding to August 2014", "£5,438"]]
    schedule = [
        ["Item", "Cost", "Objectives", "Outcomes"],
        ["Coaching staff at lunchtime", "£694.42", "Children active", "151 children"],
        ["Outdoor scheme of work", "£90", "Outdoor activities", "From September"],
        ["Sports equipment", "£3,278.58", "A range of kit", "Summer term"],
    ]
    story = [
        table(facts, widths=[330, 165]),
        table(schedule, widths=[140, 80, 140, 135]),
    ]
    got = _by_label(extract_file(make_pdf("frame.pdf", story)).figures)
    assert got["Total funding to August 2014"].amount_gbp == 5438
    assert got["Coaching staff at lunchtime"].amount_gbp == Decimal("694.42")
    assert got["Coaching staff at lunchtime"].column_label == "Cost"
    assert got["Sports equipment"].column_label == "Cost"


def test_items_under_a_heading_ending_in_a_colon_are_rows_of_their_own(make_pdf: Maker) -> None:
    """ "Anticipated Projects:" over bulleted items, each with its sum: the heading heads
    them, it is not the first item's label."""
    rows = [
        ["Carry forward", "£4,468"],
        ["Grant allocation", "£8,646"],
        [
            "Anticipated projects:\n· Specialist coaching\n· Training for staff\n· Grounds works",
            "\n£2,000\n£1,000\n£5,646",
        ],
    ]
    story = [para("Sport grant 2014-2015"), table(rows, widths=[330, 120])]
    got = _by_label(extract_file(make_pdf("colon.pdf", story)).figures)
    assert "· Specialist coaching" in got
    assert got["· Specialist coaching"].amount_gbp == 2000
    assert got["· Grounds works"].section == "Anticipated projects:"


def test_two_items_in_one_cell_split_at_their_blank_line(make_pdf: Maker) -> None:
    """A ruled row's cell holding two items a blank line apart, the second's sum set level
    with its third line: the lines above that sum are the second item's, not the first's
    (they were the end of the first item's label)."""
    rows = [
        ["Item", "Cost", "Outcomes"],
        [
            "Employing specialist\ncoaching staff at\nlunchtime.\n\nProviding a\nskipping day\n"
            "for midday\nsupervisors",
            "£694.42\ncommitted\n\n\n\n\n£75",
            "151 (56%) children\nhave taken part.\n145 (54%) tried a\nnew activity.\n"
            "Regular is weekly.\n151 (56%) enjoy\nthe activities.",
        ],
        ["Outdoor scheme of work", "£90", "Outdoor activities"],
        # more rows, each ruled apart, as a schedule runs on: the rules part its rows
        *([f"Activity {k}", f"£{100 + k}", "Done"] for k in range(1, 10)),
    ]
    story = [para("Sport grant spending 2013-2014"), table(rows, widths=[150, 80, 150])]
    got = _by_label(extract_file(make_pdf("paras.pdf", story)).figures)
    assert got["Employing specialist coaching staff at lunchtime."].amount_gbp == Decimal("694.42")
    assert got["Providing a skipping day for midday supervisors"].amount_gbp == 75


# --- forms ---------------------------------------------------------------------------------


def _strip_shaded_form(path: Path) -> Path:
    """A form of field names and entries as Word draws one: each name's cell shaded in
    strips (above, beside and under its text, then the text's own box), its title above."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    c.setFont("Helvetica-Bold", 10)
    c.drawString(40, height - 80, "Financial Year 2014 - 2015")
    fields = [
        ("Total number of pupils on roll", "270"),
        ("Total received to date 2014-2015:", "£36,4000"),
        ("Total expenditure to date or committed:", "£36,400"),
    ]
    top, row, split, right = 100.0, 30.0, 300.0, 560.0
    c.setFillColorRGB(0.776, 0.851, 0.945)
    for k in range(len(fields)):
        y = height - top - (k + 1) * row
        for x0, y0, w, h in (
            (40, y + row - 8, split - 40, 8),  # above the text
            (40, y, split - 40, 8),  # under it
            (40, y + 8, 5, row - 16),  # left of it
            (split - 5, y + 8, 5, row - 16),  # right of it
            (45, y + 8, split - 50, row - 16),  # the text's own box
        ):
            c.rect(x0, y0, w, h, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setLineWidth(0.5)
    for k in range(len(fields) + 1):
        y = height - top - k * row
        c.line(40, y, right, y)
    bottom = height - top - len(fields) * row
    for x in (40, split, right):
        c.line(x, height - top, x, bottom)
    c.setFont("Helvetica", 9)
    for k, (name, entry) in enumerate(fields):
        y = height - top - k * row - 18
        c.drawString(46, y, name)
        c.drawString(split + 6, y, entry)
    c.showPage()
    c.save()
    return path


def test_a_form_shaded_in_strips_gives_its_fields_sums(tmp_path: Path) -> None:
    """No one fill covered half of a field name's cell, so the form had no field names
    and none of its sums was read; the title above it dates them, and the misprinted
    "£36,4000" is said to be unread."""
    ex = extract_file(_strip_shaded_form(tmp_path / "form.pdf"))
    got = _by_label(ex.figures)
    spent = got["Total expenditure to date or committed:"]
    assert (spent.amount_gbp, spent.first_fy, spent.period_source) == (36400, 2014, "caption")
    table_of = next(t for t in ex.tables if t.table_index == spent.table_index)
    assert any("£36,4000" in r for r in table_of.review)


# --- columns boxed apart ---------------------------------------------------------------------


def _boxed_apart(path: Path, *, labels_right: bool = False) -> Path:
    """A charity's receipts and payments form (CC16a): the labels in one box and each
    fund's column in a box of its own, the rows ruled at the same heights; the payments'
    boxes further down, under their own heading. With `labels_right`, the right box holds
    labels of its own: two tables side by side."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    c.setLineWidth(0.5)
    cols = (
        [(40, 180), (186, 240), (246, 330), (336, 392)]
        if labels_right
        else [
            (40, 240),
            (246, 316),
            (322, 392),
        ]
    )
    c.setFont("Helvetica-Bold", 8)
    c.drawCentredString(281, height - 92, "Unrestricted funds")
    c.drawCentredString(357, height - 92, "Total funds")
    c.drawCentredString(281, height - 102, "to the nearest £")
    c.drawCentredString(357, height - 102, "to the nearest £")

    def block(top: float, rows: list[tuple[str, str, str]]) -> None:
        n = len(rows)
        for x0, x1 in cols:
            for k in range(n + 1):
                y = height - top - k * 14
                c.line(x0, y, x1, y)
            c.line(x0, height - top, x0, height - top - n * 14)
            c.line(x1, height - top, x1, height - top - n * 14)
        c.setFont("Helvetica", 8)
        for k, (label, a, b) in enumerate(rows):
            y = height - top - k * 14 - 10
            c.drawString(43, y, label)
            if labels_right:
                c.drawRightString(236, y, f"{30 + 7 * k}.00")
                c.drawString(250, y, a)
                c.drawRightString(388, y, b)
            else:
                c.drawRightString(312, y, a)
                c.drawRightString(388, y, b)

    c.setFont("Helvetica-Bold", 8)
    c.drawString(40, height - 118, "A1 Receipts")
    if labels_right:
        block(
            122,
            [
                ("Precept", "Insurance", "547.51"),
                ("Wayleave", "Audit fees", "50.00"),
                ("Rent", "Clerk's salary", "4,891.46"),
                ("VAT repayment", "Website fees", "98.97"),
            ],
        )
    else:
        block(122, [("Donation", "10,000", "10,000"), ("Gift Aid", "2,500", "2,500")])
        block(122 + 28, [("", "-", "-"), ("Sub total", "12,500", "12,500")])
        c.setFont("Helvetica-Bold", 8)
        c.drawString(40, height - 236, "A3 Payments")
        block(
            240,
            [
                ("ICO fees", "35", "35"),
                ("Server hosting", "175", "175"),
                ("Financial assistance", "2,950", "2,950"),
                ("Sub total", "3,160", "3,160"),
            ],
        )
    c.showPage()
    c.save()
    return path


def test_columns_boxed_apart_are_one_table(tmp_path: Path) -> None:
    """Each fund's column boxed apart from the labels' box was a table of its own, with
    no labels: every figure came out unlabelled."""
    figs = extract_file(_boxed_apart(tmp_path / "cc16a.pdf")).figures
    got = {(f.row_label, f.printed): f for f in figs}
    assert got[("Donation", "10,000")].column_label.split()[0] in ("Unrestricted", "Total")
    assert got[("Sub total", "12,500")].amount_gbp == 12500


def test_a_spare_line_of_nils_with_no_label_is_no_figure(tmp_path: Path) -> None:
    """A form's spare line ("-" in every column, no name) states nothing."""
    figs = extract_file(_boxed_apart(tmp_path / "cc16a.pdf")).figures
    assert not [f for f in figs if not f.row_label and f.printed == "-"]


def test_sections_boxed_at_the_same_columns_carry_the_table_on(tmp_path: Path) -> None:
    """The payments' boxes stand further below the receipts' than rows of a table do, but
    at the very same columns: they carry the table on, under its column headers."""
    figs = extract_file(_boxed_apart(tmp_path / "cc16a.pdf")).figures
    ico = sorted(f.column_label for f in figs if f.row_label == "ICO fees" and f.amount_gbp == 35)
    assert [c.split()[0] for c in ico] == ["Total", "Unrestricted"]
    assert len({f.table_index for f in figs}) == 1


def test_grids_side_by_side_with_labels_of_their_own_stay_apart(tmp_path: Path) -> None:
    """A right-hand grid holding words (payments beside receipts) is not the left one's
    columns boxed apart: its labels stay its own."""
    figs = extract_file(_boxed_apart(tmp_path / "two.pdf", labels_right=True)).figures
    labels = {f.printed: f.row_label for f in figs}
    assert (labels["547.51"], labels["37.00"]) == ("Insurance", "Wayleave")
    assert len({f.table_index for f in figs}) == 2


# --- tall ruled rows ---------------------------------------------------------------------


def test_a_tall_row_is_named_by_its_organisation_over_its_sum(make_pdf: Maker) -> None:
    """A grants list whose rows are tall ruled cells: the organisation named on the row's
    first line, a long summary beside it, and the ward over its sum set lower ("Trinity
    Ward" over "£8,000"). The first row's top line was read as more header, and the
    summary, the only text on the sums' lines, as the rows' labels."""
    summary = "\n".join(
        [
            "The project works with young people",
            "aged 9 to 18 living on the estate.",
            "It runs two evening sessions a week",
            "and one-to-one support for families.",
        ]
    )
    rows = [
        ["Organisation", "Status", "Project Summary", "Amount\nRequested"],
        ["YMCA", "Registered\nCharity", summary, "Trinity Ward\n£8,000"],
        ["Moor Hall School", "Maintained\nSchool", summary, "Trinity Ward\n£868.23"],
        ["Friends of the Park", "Volunteer\nGroup", summary, "Vesey Ward\n£1,385.00"],
    ]
    story = [para("Community Grant Applications"), table(rows, widths=[110, 70, 200, 90])]
    got = {f.printed: f for f in extract_file(make_pdf("grants.pdf", story)).figures}
    assert got["£8,000"].row_label == "YMCA"
    assert got["£868.23"].row_label == "Moor Hall School"
    assert got["£8,000"].column_label.startswith("Amount Requested")
