"""What a cell or a column says about itself: rows and columns that are not money,
flags that are not ratings, and headers that state a year under a plan's span.

Shapes real Kent papers showed (the cabinet draft budget report, the risk register):
a row labelled "Increase in price uplift to 4%" whose cell prints "+£8.0m"; a
"Linked to Funding" column of Y; a contents list whose page numbers sit under a
caption naming the budget; a "Lifetime" exposure column under a yearly title.
Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.extract import extract_file
from tests.conftest import para, table

Maker = Callable[..., Path]


def test_a_label_ending_in_a_percentage_keeps_its_pounds(make_pdf: Maker) -> None:
    rows = [
        ["Change", "Amount"],
        ["Increase in price uplift to 4%", "+£8.0m"],
        ["Reduction in contingency", "-£2.5m"],
        ["Inflation (%)", "3.5"],
    ]
    ex = extract_file(make_pdf("pct.pdf", [para("Table 7.3 Spending changes"), table(rows)]))
    got = {f.row_label: f.amount_gbp for f in ex.figures}
    assert got["Increase in price uplift to 4%"] == Decimal(8_000_000)
    assert "Inflation (%)" not in got


def test_a_yes_flag_column_is_no_rating(make_pdf: Maker) -> None:
    rows = [
        ["Change", "Linked to Funding", "Amount £m"],
        ["Social care grant", "Y", "12.0"],
        ["Pay award", "", "4.5"],
        ["Recovery grant", "Y", "3.1"],
        ["Energy", "", "1.2"],
    ]
    ex = extract_file(make_pdf("flag.pdf", [para("Funding changes 2025-26"), table(rows)]))
    assert ex.figures
    assert all(f.rag is None for f in ex.figures)
    assert {f.row_label for f in ex.figures} >= {"Social care grant", "Pay award"}


def test_a_contents_list_is_not_money(make_pdf: Maker) -> None:
    rows = [
        ["", "Section"],
        ["Executive Summary", "1"],
        ["Background and Context", "2"],
        ["Council Tax", "3"],
        ["Reserves", "4"],
    ]
    story = [para("Draft Revenue Budget 2025-26 and Capital Programme", "Title"), table(rows)]
    ex = extract_file(make_pdf("toc.pdf", story))
    assert all(t.kind != "money" for t in ex.tables)


def test_a_lifetime_column_states_no_year(make_pdf: Maker) -> None:
    rows = [
        ["Risk", "Annual Exposure £m", "Lifetime Exposure £m"],
        ["High needs spending", "", "165.0"],
        ["Savings delivery", "119.2", ""],
        ["Market sustainability", "20.0", "10.0"],
    ]
    story = [para("Budget Risks Register 2025-26", "Title"), table(rows)]
    ex = extract_file(make_pdf("risk.pdf", story))
    cells = {(f.row_label, f.column_label): f for f in ex.figures}
    life = cells[("High needs spending", "Lifetime Exposure")]
    assert life.first_fy is None and life.amount_gbp == Decimal(165_000_000)
    assert cells[("Savings delivery", "Annual Exposure")].first_fy == 2025


def test_a_forms_fields_state_their_money(make_pdf: Maker) -> None:
    """A budget amendment form: shaded field names over their entries; each sum of money
    an entry states is a figure named by its field; the long purpose is narrative."""

    purpose = (
        "This amendment seeks to reduce the capital allocated to the estate programme "
        "and allocate £3m to the vehicle charging project, because residents without "
        "driveways need public charging points and the estate plans may change under "
        "local government reorganisation over the next two years, as the report explains."
    )
    rows = [
        ["Amendment Name:", "Charging points", "Amendment Number:", "3"],
        ["Proposed Purpose:", "", "", ""],
        [para(purpose), "", "", ""],
        ["Proposed Amount", "", "Proposed Funding Source:", ""],
        [para("£2.149m to top-up the project."), "", para("Reduce the £12m reserve to £11m."), ""],
    ]
    form = _amendment_form(rows)
    ex = extract_file(make_pdf("form.pdf", [para("Budget Amendment Form", "Title"), form]))
    got = sorted((f.row_label, f.amount_gbp) for f in ex.figures)
    assert got == [
        ("Proposed Amount", Decimal(2_149_000)),
        ("Proposed Funding Source:", Decimal(11_000_000)),
        ("Proposed Funding Source:", Decimal(12_000_000)),
    ]
    assert all(f.first_fy is None and f.period_source for f in ex.figures)


def test_a_units_row_of_years_is_no_money(make_pdf: Maker) -> None:
    """A borrowing table whose units row prints £m, % and yrs: the rate and the
    average life are not pounds."""
    rows = [
        ["", "31/03/2024", "2024-25", "30/09/2024", "30/09/2024"],
        ["", "Balance", "Movement", "Average Rate", "Weighted Average Life"],
        ["", "£m", "£m", "%", "yrs"],
        ["PWLB Loan", "456.3", "-23.9", "4.33", "15.11"],
        ["Banks (LOBO)", "90.0", "0.0", "4.15", "39.38"],
        ["Total borrowing", "546.3", "-23.9", "4.30", "19.59"],
    ]
    ex = extract_file(make_pdf("yrs.pdf", [para("Borrowing in the half year"), table(rows)]))
    got = {(f.row_label, f.amount_gbp) for f in ex.figures}
    assert ("PWLB Loan", Decimal("456300000")) in got
    assert not any(f.amount_gbp == Decimal("15110000") for f in ex.figures)
    assert all("Life" not in f.column_label for f in ex.figures)


def test_a_label_set_across_the_label_column_names_its_row() -> None:
    """A risk register's last row, "Other risks", is one merged cell from the first
    column over the (unheaded) risk-title column; the cell lands in the wider column
    after the label's. It is the row's label, not that column's attribute."""
    from pipeline.models import BBox, Segment, Word
    from pipeline.tables.columns import Band
    from pipeline.tables.figures import _stand_in_label
    from pipeline.tables.rows import Row
    from pipeline.tables.structure import Draft

    text = "Other Risks (under £10m - individual amounts not included)"
    seg = Segment([Word(text, BBox(26, 630, 422, 641), 11.0, True)], BBox(26, 630, 422, 641))
    cols = [
        Band(23, 93, "text", ["Directorate"]),
        Band(93, 181, "label", []),
        Band(181, 418, "text", ["Source/Cause of Risk"]),
    ]
    draft = Draft(1, BBox(23, 90, 1160, 800), [], cols, 1, "", [], [], "ruled", {}, True)
    attributes = {"Source/Cause of Risk": text}
    assert _stand_in_label(Row(lines=[], attrs={2: [seg]}), draft, attributes) == text
    assert attributes == {}
    # A cell inside its own column after the label stays an attribute.
    inside = Segment(
        [Word("Prices rise", BBox(183, 650, 240, 661), 11.0, False)], BBox(183, 650, 240, 661)
    )
    attributes = {"Source/Cause of Risk": "Prices rise"}
    assert _stand_in_label(Row(lines=[], attrs={2: [inside]}), draft, attributes) == ""
    assert attributes == {"Source/Cause of Risk": "Prices rise"}


def test_a_forms_short_purpose_is_still_narrative(make_pdf: Maker) -> None:
    """A purpose of one sentence is as much narrative as a long one: the sum it mentions
    in passing ("c.£550k") is the tagger's, not a field's figure; the amount field keeps
    its own."""

    purpose = "Use the prevention grant money (c.£550k) to expand the wardens scheme."
    rows = [
        ["Amendment Name:", "Community wardens", "Amendment Number:", "6"],
        ["Proposed Purpose:", "", "", ""],
        [para(purpose), "", "", ""],
        ["Proposed Amount", "", "Proposed Funding Source:", ""],
        [para("£550k"), "", para("Prevention Grant"), ""],
    ]
    form = _amendment_form(rows)
    ex = extract_file(make_pdf("form6.pdf", [para("Budget Amendment Form", "Title"), form]))
    assert [(f.row_label, f.amount_gbp) for f in ex.figures] == [
        ("Proposed Amount", Decimal(550_000))
    ]


def test_a_zero_in_a_table_of_counts_makes_it_no_money(make_pdf: Maker) -> None:
    """A nought needs no unit to be read, so it says nothing of whether a table is money:
    families reached and interventions, one district with none, no unit anywhere, are
    counts, not four pounds' worth of figures and a £0."""
    rows = [
        ["District", "Total Families Reached", "Total Focus Support Interventions"],
        ["Swale", "115", "1159"],
        ["Seashells", "0", "0"],
        ["Thanet", "97", "774"],
        ["Millmead", "11", "77"],
    ]
    story = [para("The analysis of referrals for the period indicates:"), table(rows)]
    ex = extract_file(make_pdf("counts.pdf", story))
    assert ex.tables and all(t.kind != "money" for t in ex.tables)


def _amendment_form(rows: list[list[Any]]) -> Any:
    """A budget amendment form as councils print them: shaded field names over merged
    entry cells (name and number, purpose, amount and funding source)."""
    from reportlab.lib import colors

    shade = colors.Color(0.85, 0.9, 0.97)
    return table(
        rows,
        widths=[120.0, 120.0, 120.0, 120.0],
        extra=[
            ("ALIGN", (0, 0), (-1, -1), "LEFT"),
            ("SPAN", (0, 1), (-1, 1)),
            ("SPAN", (0, 2), (-1, 2)),
            ("SPAN", (0, 3), (1, 3)),
            ("SPAN", (2, 3), (3, 3)),
            ("SPAN", (0, 4), (1, 4)),
            ("SPAN", (2, 4), (3, 4)),
            ("BACKGROUND", (0, 0), (0, 0), shade),
            ("BACKGROUND", (2, 0), (2, 0), shade),
            ("BACKGROUND", (0, 1), (-1, 1), shade),
            ("BACKGROUND", (0, 3), (-1, 3), shade),
        ],
    )


def test_justified_text_cells_keep_every_word(make_pdf: Maker) -> None:
    """A narrow justified cell breaks its lines into words spaced wide apart (the JHOSC
    options table): every word stays in the cell's text, none is left as a cell of one."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("j", fontName="Helvetica", fontSize=10, leading=13, alignment=TA_JUSTIFY)
    texts = [
        "The home authorities may not have been involved in scrutiny of the proposal, and "
        "rely primarily on the recommendation of the joint committee.",
        "This would mirror the previous system whereby the power to make a referral to the "
        "Secretary of State was not delegated to the committee.",
        "Member involvement from the home authorities is potentially diminished, unless the "
        "request first goes through the local committee.",
    ]
    rows: list[list[Any]] = [
        ["Option", "Advantages", "Disadvantages", "Notes", "Cost £000"],
        ["A", *(Paragraph(t, style) for t in texts), "1,200"],
        ["B", "None", "None", "None", "800"],
    ]
    t = table(rows, widths=[40, 120, 120, 120, 60])
    ex = extract_file(make_pdf("justified.pdf", [para("Table 1: Options"), t]))
    assert sorted(b.text for b in ex.blocks if b.kind == "table_cell") == sorted(texts)


def test_a_no_fixed_date_column_takes_no_year(make_pdf: Maker) -> None:
    """A prudential indicator's "No fixed date" column states that its limit has no
    year: it does not take the paper's own year as the dated columns beside it do."""
    rows = [
        ["Price risk indicator", "2025-26", "2026-27", "No fixed date"],
        ["Limit on principal invested", "£150m", "£100m", "£200m"],
    ]
    story = [para("Treasury Management Strategy 2025-26", "Title"), table(rows)]
    ex = extract_file(make_pdf("nofixed.pdf", story))
    got = {f.column_label: (f.first_fy, f.period_source) for f in ex.figures}
    assert got["2025-26"] == (2025, "column")
    assert got["No fixed date"][0] is None
    assert str(got["No fixed date"][1]).startswith("none:")
