"""Which columns a header cell spans, where rules or shading bound it.

A spreadsheet colours a group's heading and its columns (a directorate over one
column, another over three), and the shading shows the span better than where the
heading's text is centred (Kent's Appendix E: "ASCH" over one column had been spread
over three, "CYPE" over five). Rules boxing a year's three columns, with none between
them, bound the group, not each of its headers (Kent's Budget Update: every column
had read "2025-26 Core External Total").

Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors

from pipeline.extract import extract_file
from pipeline.models import BBox, Line, Segment, Word
from pipeline.tables.columns import Band
from pipeline.tables.headers import _widen, place_header
from tests.conftest import table

Maker = Callable[..., Path]

HEAD = [
    ["", "TOTAL", "", "ASCH", "CYPE", "", ""],
    ["", "Core", "Total", "Core", "Core", "External", "Total"],
    ["", *(["£000s"] * 6)],
]
BODY = [
    ["Pay", "10.0", "12.0", "4.0", "6.0", "2.0", "8.0"],
    ["Prices", "20.0", "23.0", "5.0", "15.0", "3.0", "18.0"],
    ["Total spending", "30.0", "35.0", "9.0", "21.0", "5.0", "26.0"],
]
SPANS = [("SPAN", (1, 0), (2, 0)), ("SPAN", (4, 0), (6, 0)), ("ALIGN", (0, 0), (-1, 1), "CENTRE")]
WIDTHS = [110, 62, 62, 62, 62, 62, 62]


def _columns(make_pdf: Maker, name: str, extra: list[tuple[Any, ...]]) -> list[str]:
    grid = table(HEAD + BODY, grid=False, widths=WIDTHS, bold_rows=[0, 5], extra=SPANS + extra)
    ex = extract_file(make_pdf(name, [grid], landscape_page=True))
    seen: dict[str, None] = {}
    for f in sorted(ex.figures, key=lambda f: f.bbox.x0):
        seen.setdefault(f.column_label, None)
    return list(seen)


def test_a_shaded_heading_spans_the_columns_its_shading_covers(make_pdf: Maker) -> None:
    shading = [
        ("BACKGROUND", (3, 0), (3, -1), colors.HexColor("#9DD7EA")),
        ("BACKGROUND", (4, 0), (6, -1), colors.HexColor("#F3CDB0")),
    ]
    assert _columns(make_pdf, "shaded.pdf", shading) == [
        "TOTAL Core",
        "TOTAL Total",
        "ASCH Core",
        "CYPE Core",
        "CYPE External",
        "CYPE Total",
    ]


def test_shading_behind_the_whole_header_row_says_nothing(make_pdf: Maker) -> None:
    plain = _columns(make_pdf, "plain.pdf", [])
    banded = _columns(
        make_pdf, "banded.pdf", [("BACKGROUND", (0, 0), (-1, 2), colors.HexColor("#DDDDDD"))]
    )
    assert banded == plain


def test_merged_cells_of_one_line_do_not_share_a_column(make_pdf: Maker) -> None:
    """Unshaded, "ASCH" centred over its one column could also be a cell centred over
    three; the column "TOTAL" already spans is not free for it."""
    assert _columns(make_pdf, "plain.pdf", [])[:3] == ["TOTAL Core", "TOTAL Total", "ASCH Core"]


def test_rules_boxing_a_group_bound_the_group_not_each_header(make_pdf: Maker) -> None:
    rows = [
        ["", "2024-25", "", "", "2025-26", "", ""],
        ["", "Core", "External", "Total", "Core", "External", "Total"],
        ["", *(["£000s"] * 6)],
        ["Pay", "10.0", "2.0", "12.0", "11.0", "2.0", "13.0"],
        ["Prices", "20.0", "3.0", "23.0", "21.0", "3.0", "24.0"],
    ]
    style = [
        ("SPAN", (1, 0), (3, 0)),
        ("SPAN", (4, 0), (6, 0)),
        ("ALIGN", (0, 0), (-1, 0), "CENTRE"),
        *(("BOX", (a, 0), (b, -1), 0.5, colors.black) for a, b in ((0, 0), (1, 3), (4, 6))),
        ("LINEBELOW", (0, 2), (-1, 2), 0.5, colors.black),
    ]
    grid = table(rows, grid=False, widths=WIDTHS, bold_rows=[0], extra=style)
    ex = extract_file(make_pdf("boxed.pdf", [grid], landscape_page=True))
    labels = {f.column_label for f in ex.figures}
    assert labels == {
        f"{y} {c}" for y in ("2024-25", "2025-26") for c in ("Core", "External", "Total")
    }


def test_a_heading_boxed_on_its_own_spans_the_columns_inside_its_box(make_pdf: Maker) -> None:
    """A box round "ACTUALS" alone over an unruled table of years is its header cell, not
    a form; the rules beside it bound its span, whatever its text's centre lines up with."""
    years = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
    rows = [
        ["", "ACTUALS", "", "", "", ""],
        ["", *years],
        ["", *(["£000s"] * 5)],
        ["General", "-36,404", "-36,671", "-36,903", "-37,054", "-37,183"],
        ["Earmarked", "-163,914", "-159,357", "-155,319", "-180,424", "-190,656"],
        ["Totals", "-200,318", "-196,028", "-192,222", "-217,478", "-227,839"],
    ]
    style = [
        ("SPAN", (1, 0), (5, 0)),
        ("ALIGN", (1, 0), (5, 0), "CENTRE"),
        ("BOX", (1, 0), (5, 0), 0.5, colors.black),
    ]
    grid = table(rows, grid=False, widths=[90, 52, 52, 52, 52, 52], bold_rows=[5], extra=style)
    ex = extract_file(make_pdf("boxed-heading.pdf", [grid]))
    assert {f.column_label for f in ex.figures} == {f"ACTUALS {y}" for y in years}
    assert len(ex.figures) == 15


def test_words_of_one_ruled_cell_over_other_headers_stay_one_cell(make_pdf: Maker) -> None:
    """ "2025-26" and "Provisional" set far apart in one ruled cell over Kent | England are
    that cell's text over both columns, though a column's edge falls between them."""
    gap = " " * 14
    rows = [
        ["Table 3.1", f"2025-26{gap}Provisional", "", f"2024-25{gap}Final", ""],
        ["", "Kent", "England", "Kent", "England"],
        ["", "£m", "£m", "£m", "£m"],
        ["Council Tax", "993.9", "38,311.8", "935.7", "36,153.5"],
        ["Social Care Grant", "137.1", "5,924.0", "117.0", "5,044.0"],
        ["Total", "1,131.0", "44,235.8", "1,052.7", "41,197.5"],
    ]
    style = [("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0)), ("ALIGN", (0, 0), (-1, 0), "LEFT")]
    grid = table(rows, widths=[150, 60, 60, 60, 60], bold_rows=[5], extra=style)
    ex = extract_file(make_pdf("provisional.pdf", [grid]))
    assert {f.column_label for f in ex.figures} == {
        f"{a} {b}" for a in ("2025-26 Provisional", "2024-25 Final") for b in ("Kent", "England")
    }


def test_a_shaded_header_row_is_no_merged_cell(make_pdf: Maker) -> None:
    """A dark header row holding the labels' header too ("Proposal") is the row's
    background: the first line of a three-line "Total" cell does not span it."""
    rows = [
        ["Proposal", "Saving\n16/17", "Saving\n17/18", "Total\n16/17\nto 17/18"],
        ["", "£000", "£000", "£000"],
        ["Supported living", "300", "252", "552"],
        ["Day services", "240", "145", "385"],
    ]
    style = [
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#1F4E79")),
        ("TEXTCOLOR", (0, 0), (-1, 1), colors.white),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
    ]
    grid = table(rows, grid=False, widths=[150, 60, 60, 60], bold_rows=[0, 1], extra=style)
    ex = extract_file(make_pdf("dark-header.pdf", [grid]))
    assert {f.column_label for f in ex.figures} == {
        "Saving 16/17",
        "Saving 17/18",
        "Total 16/17 to 17/18",
    }


def test_the_last_header_line_in_a_shaded_row_heads_its_own_column(make_pdf: Maker) -> None:
    """ "Status", the second line of "RAG Status", alone on its line in a shaded header row
    with no labels' header, heads its own column, not every column of the row."""
    rows = [
        ["", "2021-22", "RAG\nStatus", "2022-23"],
        ["Remodel street lighting", "37,063", "Green", "29,338"],
        ["Building control costs", "16,946", "Amber", "20,488"],
    ]
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        ("ALIGN", (2, 0), (2, -1), "CENTRE"),
    ]
    grid = table(rows, grid=False, widths=[180, 70, 60, 70], bold_rows=[0], extra=style)
    ex = extract_file(make_pdf("status.pdf", [grid]))
    assert {f.column_label for f in ex.figures} == {"2021-22", "2022-23"}


def _left_set(
    rows: list[list[str]], spans: list[tuple[Any, ...]], name: str, make_pdf: Maker
) -> list[str]:
    style = [*spans, ("ALIGN", (0, 0), (-1, len(rows) - 4), "LEFT")]
    grid = table(rows, grid=False, widths=[120, 70, 70, 70, 70], bold_rows=[0, 1], extra=style)
    ex = extract_file(make_pdf(name, [grid]))
    seen: dict[str, None] = {}
    for f in sorted(ex.figures, key=lambda f: f.bbox.x0):
        seen.setdefault(f.column_label, None)
    return list(seen)


def test_a_merged_heading_set_at_the_left_of_its_cell_spans_the_columns_beside(
    make_pdf: Maker,
) -> None:
    """A spreadsheet prints a merged cell's text at the left of its first column:
    "Net Expenditure" starts where "Budget" starts, with nothing over Actual | Variance,
    whose headers begin on the same line as Budget's. It heads all three, not one."""
    rows = [
        ["Service", "Net Expenditure", "", "", "2024-25"],
        ["", "Budget", "Actual", "Variance", "Outturn"],
        ["Pay", "10.0", "12.0", "2.0", "9.0"],
        ["Prices", "20.0", "23.0", "3.0", "19.0"],
        ["Total spending", "30.0", "35.0", "5.0", "28.0"],
    ]
    spans = [("SPAN", (1, 0), (3, 0))]
    assert _left_set(rows, spans, "left-merged.pdf", make_pdf) == [
        "Net Expenditure Budget",
        "Net Expenditure Actual",
        "Net Expenditure Variance",
        "2024-25 Outturn",
    ]


def test_a_wrapped_header_on_a_shaded_header_band_heads_its_own_column(make_pdf: Maker) -> None:
    """Shading behind the whole header band holds "Previous / Years", wrapped in its one
    cell, and the years beside its first line: the band is a background, not a merged
    cell, and "Years" heads Previous Years alone."""
    rows = [
        ["Service Area", "Previous\nYears", "2018/19", "2019/20", "Beyond"],
        ["", "£000s", "£000s", "£000s", "£000s"],
        ["Pay", "10", "12", "2", "1"],
        ["Prices", "20", "23", "3", "4"],
        ["Total spending", "30", "35", "5", "5"],
    ]
    shade = [("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#1F4E79"))]
    grid = table(rows, grid=False, widths=[120, 60, 60, 60, 60], bold_rows=[0], extra=shade)
    ex = extract_file(make_pdf("banded-wrap.pdf", [grid]))
    seen: dict[str, None] = {}
    for f in sorted(ex.figures, key=lambda f: f.bbox.x0):
        seen.setdefault(f.column_label, None)
    assert list(seen) == ["Previous Years", "2018/19", "2019/20", "Beyond"]


def test_a_heading_centred_on_a_merged_cell_spans_what_that_cell_spans(make_pdf: Maker) -> None:
    """ "Net Expenditure" centred over "Saving", itself merged over four columns whose
    right-aligned headers differ in width: the outer headers' centre is off the span's,
    but a heading over a merged heading spans at least its columns."""
    rows = [
        ["Description", "Net Expenditure", "", "", ""],
        ["", "Saving", "", "", ""],
        ["", "Previous Years", "2023-24", "2024-25", "Beyond"],
        ["Pay", "10", "12", "2", "1"],
        ["Prices", "20", "23", "3", "4"],
        ["Total spending", "30", "35", "5", "5"],
    ]
    style = [
        ("SPAN", (1, 0), (4, 0)),
        ("SPAN", (1, 1), (4, 1)),
        ("ALIGN", (1, 0), (4, 1), "CENTRE"),
    ]
    grid = table(rows, grid=False, widths=[120, 80, 45, 45, 45], bold_rows=[0, 1, 2], extra=style)
    ex = extract_file(make_pdf("stacked-spans.pdf", [grid]))
    labels = {f.column_label for f in ex.figures}
    heads = ("Previous Years", "2023-24", "2024-25", "Beyond")
    assert labels == {f"Net Expenditure Saving {h}" for h in heads}


def test_a_left_set_heading_stops_at_a_column_of_text(make_pdf: Maker) -> None:
    """Labels set between two blocks of figures part them: "Proposed / Savings", wrapped
    in the first block's one column, does not reach over the labels to the second block,
    whose own merged heading starts at its first column."""
    rows = [
        ["", "Proposed\nSavings", "", "Proposed Savings", ""],
        ["Ref", "2019-20", "Description", "2020-21", "2021-22"],
        ["A1", "10.0", "Pay", "12.0", "2.0"],
        ["B2", "20.0", "Prices", "23.0", "3.0"],
        ["C3", "30.0", "Rents", "35.0", "5.0"],
    ]
    style = [
        ("SPAN", (3, 0), (4, 0)),
        ("ALIGN", (0, 0), (-1, 1), "LEFT"),
        ("ALIGN", (2, 0), (2, -1), "LEFT"),
    ]
    grid = table(rows, grid=False, widths=[50, 70, 140, 70, 70], bold_rows=[0, 1], extra=style)
    ex = extract_file(make_pdf("parted.pdf", [grid]))
    seen: dict[str, None] = {}
    for f in sorted(ex.figures, key=lambda f: f.bbox.x0):
        seen.setdefault(f.column_label, None)
    assert list(seen) == [
        "Proposed Savings 2019-20",
        "Proposed Savings 2020-21",
        "Proposed Savings 2021-22",
    ]


def _piece(text: str, x0: float, x1: float, top: float) -> Segment:
    box = BBox(x0, top, x1, top + 8)
    return Segment([Word(text, box, 9.0, True)], box)


def test_a_left_set_heading_after_a_rating_column_keeps_to_its_own_run() -> None:
    """ "2021-22" set at the left of Budget, after a RAG column whose header begins on the
    same line below: it spans Budget | Forecast Outturn | Variance. Loosely centred it
    could also pass for a cell over RAG | Budget | Forecast Outturn; beside the reading
    at its left, a centred reading must be near exact. (Header geometry as a spreadsheet
    printed it through LibreOffice: a colour-only RAG column, headers indented left.)"""
    bands = [
        Band(96, 123, "num"),
        Band(173, 201, "num"),
        Band(255, 279, "num"),
        Band(522, 528, "rag"),
        Band(588, 615, "num"),
        Band(665, 693, "num"),
        Band(747, 771, "num"),
    ]
    rows = [
        [(_piece("2021-22", 554, 582, 137), [4])],
        [
            (_piece("Delivery", 513, 542, 147), [3]),
            (_piece("Budget £000s", 554, 603, 147), [4]),
            (_piece("Forecast Outturn", 632, 692, 147), [5]),
            (_piece("Variance £000s", 710, 763, 147), [6]),
        ],
    ]
    _widen(rows, 0, bands, walls=[380.0])
    assert rows[0][0][1] == [4, 5, 6]


def test_a_left_set_heading_after_a_rating_column_is_not_read_loosely_centred() -> None:
    """ "Saving" set at the left of 2022-23, after a RAG column: centred within 5% it could
    pass for a cell over RAG | 2022-23 | 2023-24; beside the reading at its left only an
    exact centring (within 3 points) is believed, and it spans the three years."""
    bands = [
        Band(428.1, 435.8, "rag"),
        Band(486.6, 529.6, "num"),
        Band(571.4, 606.6, "num"),
        Band(644.8, 687.8, "num"),
    ]
    rows = [
        [(_piece("Saving", 471.4, 509.5, 129), [1])],
        [
            (_piece("RAG", 415.4, 439.0, 143), [0]),
            (_piece("2022-23", 471.4, 517.5, 143), [1]),
            (_piece("2023-24", 552.6, 598.7, 143), [2]),
            (_piece("2024-25", 629.6, 675.7, 143), [3]),
        ],
    ]
    _widen(rows, 0, bands, walls=[236.8])
    assert rows[0][0][1] == [1, 2, 3]


def test_words_far_left_of_a_column_flush_with_a_stray_header_span_nothing() -> None:
    """ "Portfolio" heads a column left empty on the page and fell to the nearest figures;
    "Resources" above it, flush with it but parted from those figures by a column of text
    (Lead), is no merged cell set at the left of a run of figure columns."""
    bands = [Band(240.0, 270.0, "rag"), Band(470.0, 500.0, "num"), Band(540.0, 570.0, "num")]
    rows = [
        [(_piece("Resources", 289.0, 330.0, 72), [1])],
        [
            (_piece("Portfolio", 289.0, 322.0, 81), [1]),
            (_piece("2026-27", 529.0, 560.0, 81), [2]),
        ],
    ]
    _widen(rows, 0, bands, walls=[404.0])
    assert rows[0][0][1] == [1]


def test_a_left_set_heading_over_the_first_column_spans_its_run() -> None:
    """ "Saving" set at the left of the first figure column, whose narrow figures stand
    well right of where its cell starts: no column of text parts it from them, so it
    spans the years beside (header geometry from LibreOffice, seed 968101)."""
    edges = [(397.6, 413.4), (459.0, 477.1), (525.0, 540.8), (588.6, 604.5)]
    bands = [Band(a, b, "num") for a, b in edges]
    rows = [
        [(_piece("Saving", 365.8, 386.0, 102), [0])],
        [
            (_piece("2017/18", 365.8, 388.7, 112), [0]),
            (_piece("2018/19", 429.5, 452.4, 112), [1]),
            (_piece("2019/20", 493.1, 516.0, 112), [2]),
            (_piece("2020/21", 556.8, 579.7, 112), [3]),
        ],
    ]
    _widen(rows, 0, bands, walls=[94.6, 222.7])
    assert rows[0][0][1] == [0, 1, 2, 3]


def _line(top: float, *cells: tuple[str, float, float]) -> Line:
    segs = [_piece(t, x0, x1, top) for t, x0, x1 in cells]
    return Line(
        1, [w for sg in segs for w in sg.words], segs, BBox(cells[0][1], top, cells[-1][2], top + 8)
    )


def test_a_heading_over_two_years_spans_both_years_groups() -> None:
    """Years centred over groups of columns are read before the lines above them: "Net
    Expenditure", centred over 2017/18's and 2018/19's groups, spans all six columns,
    though each year, seen alone, stands over one column (its right-aligned headers
    below are of different widths, so no centring on them is exact). Header geometry as
    Chromium printed a council's HTML table."""
    lines = [
        _line(68, ("Medium Term Financial Plan", 437.4, 558.2)),
        _line(83, ("Net Expenditure", 463.3, 532.3)),
        _line(99, ("2017/18", 390.5, 423.0), ("2018/19", 572.6, 605.1)),
        _line(
            114,
            ("Budget", 331.7, 362.7),
            ("Actual", 396.5, 424.0),
            ("Variance", 451.3, 488.3),
            ("Budget", 513.8, 544.8),
            ("Actual", 578.6, 606.1),
            ("Variance", 633.4, 670.4),
        ),
    ]
    edges = [(321.7, 374.7), (384.7, 437.8), (445.8, 493.8), (503.8, 556.9), (566.9, 619.9)]
    bands = [Band(a, b, "num") for a, b in [*edges, (627.9, 675.9)]]
    placed = place_header(lines, bands, [Band(94.0, 193.1, "label")], 321.7, 306.4)
    cols = {p.text: c for p, c in placed}
    assert cols["Net Expenditure"] == cols["Medium Term Financial Plan"] == [0, 1, 2, 3, 4, 5]
    assert cols["2017/18"] == [0, 1, 2]
