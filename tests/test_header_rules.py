"""Rules drawn inside a table's header: what they show of the header's cells.

A header cell merged over several columns is often underlined by a rule as wide as
the merge (a spreadsheet's cell border, booktabs' cmidrule); a tall header of such
rows, under the table's top rule, is the table's own and no break between tables.
Shapes fresh seed 63860 of the second generator showed failing. Each test builds its
own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import PageBreak

from pipeline.extract import extract_file
from pipeline.models import Extraction, Figure
from tests.conftest import para, table

Maker = Callable[..., Path]

_HEADER = [
    ["Service Area", "Scheme", "RAG", "Medium Term Financial Plan", "", "", "Change %"],
    ["", "", "", "Revenue Budget", "", "", ""],
    ["", "", "", "2026-27", "", "", ""],
    ["", "", "", "Gross Expenditure", "Income", "Net Expenditure", ""],
]
_ROWS = [
    ["Adult Social Care", "Home care", "Green", "£1,323,000", "-£161,406", "£1,161,594", "18.0%"],
    ["", "Safeguarding adults", "Red", "£24,174,000", "-£12,207,870", "£11,966,130", "20.5%"],
    ["", "Total Adult Social Care", "", "£25,497,000", "-£12,369,276", "£13,127,724", ""],
    ["Resources", "Council tax collection", "Green", "£2,320,000", "-£1,146,080", "£1,173,920", ""],
    ["", "Total", "", "£27,817,000", "-£13,515,356", "£14,301,644", ""],
]


def _cells(ex: Extraction) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in ex.figures}


def _underlined_header_table() -> object:
    """Rules across the top, under the header and under each row; the three spanning
    header cells, set at their left, each underlined as wide as the merge."""
    extra = [
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (3, 0), (5, 2), 0.5, colors.black),
        ("LINEBELOW", (0, 3), (-1, -1), 0.5, colors.black),
        ("SPAN", (3, 0), (5, 0)),
        ("SPAN", (3, 1), (5, 1)),
        ("SPAN", (3, 2), (5, 2)),
        ("ALIGN", (3, 0), (5, 2), "LEFT"),
        ("TOPPADDING", (0, 4), (-1, 4), 8),
    ]
    widths = [100, 150, 45, 95, 85, 95, 50]
    return table([*_HEADER, *_ROWS], grid=False, widths=widths, extra=extra)


def test_a_rule_under_a_header_cell_shows_how_far_it_spans(make_pdf: Maker) -> None:
    """ "Medium Term Financial Plan" / "Revenue Budget" / "2026-27" set at the left of
    Gross Expenditure | Income | Net Expenditure, each underlined over all three: the
    year heads Income and Net Expenditure too."""
    story = [para("Savings proposals"), _underlined_header_table()]
    cells = _cells(extract_file(make_pdf("underlined.pdf", story, landscape_page=True)))
    top = "Medium Term Financial Plan Revenue Budget 2026-27"
    f = cells[("Safeguarding adults", f"{top} Income")]
    assert (f.amount_gbp, f.first_fy, f.rag) == (Decimal(-12_207_870), 2026, "Red")
    g = cells[("Home care", f"{top} Net Expenditure")]
    assert (g.first_fy, g.attributes) == (2026, {"Service Area": "Adult Social Care"})


def test_a_tall_header_under_the_first_rule_is_no_break_between_tables(
    make_pdf: Maker,
) -> None:
    """The same table opening a page under a caption and a lead-in, after a table on
    the page before that closed on its total: the year alone on its header line, in a
    gap taller than any row, is the header's own, not a caption opening another table,
    so the header stays with its rows."""
    first = [
        ["Ref", "Savings Proposal", "Lead", "2026-27", "2027-28", "Total"],
        ["ASC01", "Learning disability services restructure", "Head of Waste", "1,404", "39", "9"],
        ["RES-2", "Democratic services: income generation", "R. Williams", "435", "16", "7"],
        ["", "Total Budget", "", "1,839", "55", "16"],
    ]
    story = [
        para("Figures throughout this report are £'000."),
        para("Net revenue budget"),
        table(first, grid=False, widths=[45, 200, 100, 60, 60, 60]),
        PageBreak(),
        para("Savings proposals"),
        para("The table below sets out the position for each service."),
        _underlined_header_table(),
    ]
    ex = extract_file(make_pdf("tall_header.pdf", story, landscape_page=True))
    assert len(ex.tables) == 2
    assert "Gross Expenditure" not in (ex.tables[1].caption or "")
    assert ex.tables[1].columns[1].endswith("2026-27 Gross Expenditure")
