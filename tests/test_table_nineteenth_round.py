"""Shapes read wrong in the nineteenth round: papers annotated blind (Nottingham City
Council's statements of accounts for 2014/15, 2016/17 and 2017/18, the RAC Foundation's
Word reports on councils' parking accounts in England, Scotland and Wales). Each test
draws its own small PDF (reportlab) and fails without the fix it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract_file
from pipeline.models import BBox, Figure, Line, Segment, Word
from pipeline.normalise import single_period
from pipeline.tables.edgesplit import _cut_line
from pipeline.tables.structure import BodyLine
from pipeline.tables.wrapping import label_right

HEIGHT = A4[1]
GREEN = Color(0.2, 0.6, 0.4)

#: a statement of accounts' rows: (label lines, bold, figures) -- the figures stand on
#: the label's last line, as a spreadsheet cell aligned to its foot prints them
Rows = Sequence[tuple[Sequence[str], bool, Sequence[str]]]


def _figures(path: Path) -> list[Figure]:
    return extract_file(path).figures


def _by_label(figs: Sequence[Figure], label: str) -> list[Figure]:
    return [f for f in figs if f.row_label == label]


def _grid(c: canvas.Canvas, rows: Sequence[Sequence[str]], x: Sequence[float], top: float) -> float:
    """A ruled grid: the first cell of each row left-aligned at x[0], the others
    right-aligned at x[1:], every cell boxed; returns the y under the last row."""
    edges = [x[0] - 4, *(v - 40 for v in x[1:]), x[-1] + 4]
    y = top
    c.setFont("Helvetica", 9)
    for row in rows:
        c.line(edges[0], y + 11, edges[-1], y + 11)
        for k, text in enumerate(row):
            if k == 0:
                c.drawString(x[0], y, text)
            else:
                c.drawRightString(x[k], y, text)
        y -= 16
    c.line(edges[0], y + 11, edges[-1], y + 11)
    for e in edges:
        c.line(e, top + 11, e, y + 11)
    return y


def test_a_ranking_column_is_no_money(tmp_path: Path) -> None:
    """Fix: a column headed "Ranking by 2017-18 surplus" holds ranks, not pounds
    (figures._NOT_MONEY_RE): each council's rank was read as thousands of pounds."""
    path = tmp_path / "rank.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Local Authority Parking Operations Revenue Outturn 2017-18")
    x = [64, 300, 360, 420, 500]
    c.setFont("Helvetica-Bold", 9)
    y = HEIGHT - 90
    c.drawString(64, y, "£000")
    for k, head in ((1, "2015-16"), (2, "2016-17"), (3, "2017-18"), (4, "Ranking by")):
        c.drawRightString(x[k], y, head)
    c.drawRightString(x[4], y - 11, "2017-18 surplus")
    rows = [
        ("Adur", "80", "138", "176", "279"),
        ("Allerdale", "1,105", "1,186", "996", "164"),
        ("Amber Valley", "306", "305", "307", "256"),
        ("Arun", "206", "319", "627", "207"),
    ]
    _grid(c, rows, x, y - 30)
    c.save()
    figs = _figures(path)
    assert {f.column_label for f in figs if f.amount_gbp is not None} == {
        "2015-16",
        "2016-17",
        "2017-18",
    }
    adur = next(f for f in figs if f.row_label == "Adur" and f.column_label == "2017-18")
    assert adur.amount_gbp == Decimal("176000")


def _two_level(c: canvas.Canvas, groups: Sequence[tuple[str, Sequence[str]]], top: float) -> None:
    """A summary whose first column names each group once, on its first row, and whose
    second names the rows (the unit "£ million" over it), years across."""
    c.setFont("Helvetica", 9)
    c.drawString(130, top, "£ million")
    for k, year in enumerate(("2013-14", "2014-15", "2015-16")):
        c.drawRightString(330 + 60 * k, top, year)
    y = top - 18
    value = 100
    for group, items in groups:
        c.drawString(60, y, group)
        for item in items:
            c.drawString(130, y, item)
            for k in range(3):
                c.drawRightString(330 + 60 * k, y, str(value + k))
            value += 7
            y -= 14
        y -= 8


def test_names_repeated_under_groups_named_once_label_the_rows(tmp_path: Path) -> None:
    """Fix: names that repeat block after block in the second column ("Total income",
    "Expenditure", "Surplus" under On-street, Off-street and All parking, On-street
    printing two more names first) label the rows, the first column only groups them
    (labelchoice._repeats_in_blocks finds the blocks anywhere, words compared): the group
    was taken for the label, every row but a group's first left unnamed."""
    path = tmp_path / "groups.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Table 1 Parking income and expenditure in England")
    block = ("Total income", "Expenditure", "Surplus")
    groups = [
        ("On-street", ("Fees and permits", "Penalties", *block)),
        ("Off-street", block),
        ("All parking", ("Total income", "Expenditure", "Surplus")),
    ]
    _two_level(c, groups, HEIGHT - 90)
    c.save()
    figs = _figures(path)
    labels = {f.row_label for f in figs}
    assert {"Fees and permits", "Penalties", "Total income", "Expenditure", "Surplus"} <= labels
    assert "" not in labels and "On-street" not in labels


def test_a_cell_across_the_group_and_label_columns_types_neither(tmp_path: Path) -> None:
    """Fix: a row whose label runs across the group column and the label column
    ("Parking surplus as % of total transport expenditure") is left out when the text
    columns are typed (headerbounds.column_texts ``whole``): its second line, counted in
    the group column, made that column the label and the items went unnamed."""
    path = tmp_path / "span.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Table 2: Summary of parking accounts for Scotland")
    _two_level(c, [("Parking", ("Income", "Expenditure", "Surplus"))], HEIGHT - 90)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 90 - 18 - 3 * 14 - 8
    c.drawString(60, y, "All transport")
    for k, v in enumerate(("506", "522", "494")):
        c.drawRightString(330 + 60 * k, y, v)
    y -= 22
    c.drawString(60, y, "Parking surplus as % of total")
    c.drawString(60, y - 11, "transport expenditure")
    for k, v in enumerate(("5.9%", "6.6%", "6.9%")):
        c.drawRightString(330 + 60 * k, y - 11, v)
    # ruled as the paper is: every column boxed, a rule round each group of rows; the
    # spanning row's cell is merged over the first two columns
    top, foot = HEIGHT - 78, y - 16
    for x in (55, 125, 285, 345, 405, 455):
        c.line(x, top, x, foot if x != 125 else y + 10)
    for rule in (top, HEIGHT - 96, HEIGHT - 90 - 18 - 3 * 14 + 6, y + 10, foot):
        c.line(55, rule, 455, rule)
    c.save()
    figs = _figures(path)
    assert {"Income", "Expenditure", "Surplus"} <= {f.row_label for f in figs}
    income = next(f for f in figs if f.row_label == "Income" and f.column_label == "2013-14")
    assert income.amount_gbp == Decimal("100000000")


def _statement(
    c: canvas.Canvas, title: str, rows: Rows, top: float, *, band: bool = True, ruled: bool = False
) -> float:
    """A movement-in-reserves style table: a green band holding the year and the
    columns' names, "£m" under them, rows in 8-point type 11 points apart (labels wrapped
    upwards to their figures), a rule under the last row; returns the y under it."""
    cols = (300, 360, 420)
    if band:
        c.setFillColor(GREEN)
        c.rect(56, top - 34, 400, 44, stroke=0, fill=1)
        c.setFillColor(Color(1, 1, 1))
    c.setFont("Helvetica-Bold", 9)
    c.drawString(60, top - 10, title)
    for x, head in zip(cols, ("General Fund", "HRA", "Total"), strict=True):
        c.drawRightString(x, top, head)
        c.drawRightString(x, top - 26, "£m")
    c.setFillColor(Color(0, 0, 0))
    y = top - 48
    for n, (lines, heavy, values) in enumerate(rows):
        c.setFont("Helvetica-Bold" if heavy else "Helvetica", 8)
        for k, text in enumerate(lines):
            c.drawString(60, y - 11 * k, text)
        y -= 11 * (len(lines) - 1)
        for x, v in zip(cols, values, strict=False):  # a heading has none
            c.drawRightString(x, y, v)
        if ruled and n >= 2:
            c.line(200, y - 3, 456, y - 3)  # under later rows' figures, as the paper rules
        y -= 11
    c.line(56, y + 7, 456, y + 7)
    return y


def test_stacked_statements_each_with_a_filled_header_are_two_tables(tmp_path: Path) -> None:
    """Fix: a band of colour across a rule stack, holding words and no figures, under
    rows of figures, opens the next table (rules._header_bands): the year before's table
    was read as rows of this year's, under one header."""
    path = tmp_path / "stacked.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    rows: Rows = [
        (["Balance at 1 April"], True, ("8.463", "4.359", "12.822")),
        (["Total CIE"], False, ("(86.824)", "55.583", "(31.241)")),
        (["Adjustments"], False, ("80.927", "(55.540)", "25.387")),
        (["Transfers"], False, ("2.899", "(2.899)", "-")),
        (["Movement in year"], False, ("(2.998)", "(2.899)", "(5.897)")),
        (["Balance at 31 March"], True, ("5.465", "1.460", "6.925")),
    ]
    y = _statement(c, "2017/18", rows, HEIGHT - 80, ruled=True)
    _statement(c, "2016/17", rows, y - 30, ruled=True)
    c.save()
    figs = _figures(path)
    assert len({f.table_index for f in figs}) == 2
    assert {f.first_fy for f in figs if f.table_index == max(g.table_index for g in figs)} == {2016}


def test_labels_wrapped_up_to_their_figures_join_them(tmp_path: Path) -> None:
    """Fixes: a bracket left open ("Funding basis adjustments (Note") leads the row that
    closes it (rows._leads); "Movement in 2017/18:" over a named row and a label wrapped
    down to its figures heads them both (rows._heads_list); bold lines over a bold row of
    figures they begin are its label (rows._attach): each first line was a heading and
    the rows were named "6.4.1)", "Movement in 2017/18: Total CIE" and "reserves"."""
    path = tmp_path / "upwards.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    rows: Rows = [
        (["Balance at 1 April 2017"], True, ("8.463", "4.359", "12.822")),
        (["Movement in 2017/18:"], False, ()),
        (["Total CIE (Table 3.2)"], False, ("(86.824)", "55.583", "(31.241)")),
        (["Funding basis adjustments (Note", "6.4.1)"], False, ("80.927", "(55.540)", "25.387")),
        (
            ["Net increase/decrease before", "transfers to earmarked", "reserves"],
            True,
            ("(5.897)", "0.043", "(5.854)"),
        ),
        (["Transfers to/from earmarked", "reserves"], False, ("2.899", "-", "2.899")),
        # a long label: the column is wide, so no line above broke for want of room
        (["Other comprehensive income recognised in the year"], False, ("1.0", "2.0", "3.0")),
        (["BALANCE AT 31 MARCH 2018"], True, ("5.465", "4.402", "9.867")),
    ]
    _statement(c, "2017/18", rows, HEIGHT - 80, band=False)
    c.save()
    labels = {f.row_label for f in _figures(path)}
    assert {
        "Total CIE (Table 3.2)",
        "Funding basis adjustments (Note 6.4.1)",
        "Net increase/decrease before transfers to earmarked reserves",
        "Transfers to/from earmarked reserves",
    } <= labels


def test_a_note_number_before_the_label_column_is_no_part_of_the_label(
    tmp_path: Path,
) -> None:
    """Fix: "6.2.1" printed a tab before "Cost of Services", where the rows with no note
    start their names, is cut off the label (edgesplit._note_apart): the row was named
    "6.2.1 Cost of Services"."""
    path = tmp_path / "notes.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(60, HEIGHT - 70, "Notes")
    c.drawRightString(360, HEIGHT - 70, "Net £m")
    c.setFont("Helvetica", 7)
    names = ("Adults and Health", "Community Services", "Leisure and Culture", "Corporate Items")
    y = HEIGHT - 90
    for k, name in enumerate(names):
        c.drawString(90, y, name)
        c.drawRightString(360, y, f"{10 + k}.500")
        y -= 12
    # the note a little more than a word space before the name: one phrase by its gaps
    for note, name, value in (("6.2.1", "Cost of Services", "52.000"), ("6.2.2", "Other", "1.2")):
        c.drawString(90 - 3.6 - c.stringWidth(note, "Helvetica", 7), y, note)
        c.drawString(90, y, name)
        c.drawRightString(360, y, value)
        y -= 12
    c.save()
    labels = {f.row_label for f in _figures(path)}
    assert {"Cost of Services", "Other"} <= labels
    assert not any(label.startswith("6.2") for label in labels)


def _wrapped_up(
    c: canvas.Canvas,
    rows: Sequence[tuple[Sequence[str], tuple[str, str]]],
    top: float,
    leading: float,
) -> float:
    """Rows of two figures, each label wrapped upwards to the line of its figures (a cell
    aligned to its foot), lines ``leading`` apart within a row; returns the y below."""
    y = top
    for lines, values in rows:
        for k, text in enumerate(lines):
            c.drawString(60, y - leading * k, text)
        y -= leading * (len(lines) - 1)
        c.drawRightString(330, y, values[0])
        c.drawRightString(400, y, values[1])
        y -= 11
    return y


def test_a_lone_long_label_wrapped_up_to_its_figures_joins_them(tmp_path: Path) -> None:
    """Fix: the one label of a table that broke for room, running most of the column's
    width, leads the row of figures under it (wrapping.lone_long_line): the line was a
    heading over a row named "Dwellings"."""
    path = tmp_path / "lone.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 9)
    c.drawRightString(330, HEIGHT - 70, "2016/17")
    c.drawRightString(400, HEIGHT - 70, "2017/18")
    c.drawRightString(330, HEIGHT - 81, "£m")
    c.drawRightString(400, HEIGHT - 81, "£m")
    c.setFont("Helvetica", 8)
    rows = [
        (["Adults and Health"], ("173.392", "174.947")),
        (["Financing and investment income and expenditure"], ("65.926", "51.986")),
        (["Corporate Items"], ("187.501", "180.243")),
        (["Exceptional revaluation gain on HRA Council", "Dwellings"], ("(178.476)", "(51.181)")),
        (["Other income"], ("28.783", "47.590")),
    ]
    y = _wrapped_up(c, rows, HEIGHT - 96, leading=11)
    c.setFont("Helvetica", 7)
    c.drawString(
        60,
        y - 2,
        "*For a split of this balance between General Fund and HRA - see the Movement"
        " in Reserves Statement.",
    )
    c.line(56, y - 8, 410, y - 8)  # the table's foot, under its footnote
    c.save()
    figs = _figures(path)
    labels = {f.row_label for f in figs}
    assert "Exceptional revaluation gain on HRA Council Dwellings" in labels
    assert "Dwellings" not in labels
    assert not any(f.row_label.startswith("*For") for f in figs)


def test_a_row_above_the_first_rule_of_headless_rows_is_theirs(tmp_path: Path) -> None:
    """Fix: rules drawn under each row but over none leave the first row above the rule
    stack; with no header of their own below the first rule, the rows take it
    (regions._extend_booktabs): the second row was a table of its own, with no header."""
    path = tmp_path / "schemes.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillColor(GREEN)
    c.rect(56, HEIGHT - 106, 420, 36, stroke=0, fill=1)
    c.setFillColor(Color(1, 1, 1))
    c.setFont("Helvetica-Bold", 8)
    c.drawString(60, HEIGHT - 90, "CAPITAL SCHEME")
    for x, head in ((260, "Spend to"), (320, "2017/18 to"), (370, "TOTAL")):
        c.drawRightString(x, HEIGHT - 82, head)
    for x, head in ((260, "2016/17"), (320, "2021/22")):
        c.drawRightString(x, HEIGHT - 92, head)
    for x in (260, 320, 370):
        c.drawRightString(x, HEIGHT - 102, "£m")
    c.drawString(380, HEIGHT - 90, "DETAIL")
    c.setFillColor(Color(0, 0, 0))
    c.setFont("Helvetica", 8)
    y = HEIGHT - 118
    c.drawString(60, y, "Expansion of Bio-City")
    for x, v in ((260, "29.620"), (320, "2.330"), (370, "31.950")):
        c.drawRightString(x, y, v)
    c.drawString(380, y, "Expansion of the area.")
    c.line(56, y - 4, 476, y - 4)
    y -= 18
    c.drawString(60, y, "Nottingham Castle")
    for x, v in ((260, "1.517"), (320, "28.466"), (370, "29.983")):
        c.drawRightString(x, y, v)
    c.drawString(380, y + 4, "Improvements to the Castle")
    c.drawString(380, y - 5, "to help make it an attraction.")
    c.line(56, y - 10, 476, y - 10)
    c.save()
    figs = _figures(path)
    assert len({f.table_index for f in figs}) == 1
    castle = next(
        f for f in figs if f.row_label == "Nottingham Castle" and "2021/22" in f.column_label
    )
    assert (castle.first_fy, castle.last_fy) == (2017, 2021)


def test_labels_broken_for_room_run_on_and_a_paired_name_opens_a_row(tmp_path: Path) -> None:
    """Fixes: label lines in one type, each broken for want of room before the next,
    are one text (rows._join_wrapped_text with wrapping.broke_before), which leads the row of
    figures below; "(Surplus)/Deficit on …" after a short row names a row of its own and
    carries no label on (rows._PAIRED_NAME): the first line was a heading and the second
    ended the row above."""
    path = tmp_path / "broken.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 9)
    c.drawRightString(330, HEIGHT - 70, "2015/16 £m")
    c.drawRightString(400, HEIGHT - 70, "2016/17 £m")
    c.setFont("Helvetica", 8)
    rows = [
        (["(Surplus)/Deficit on Provision of Services"], ("(6.197)", "19.857")),
        (["Net Cost of Services"], ("137.804", "143.468")),
        (
            [
                "Opening General Fund, Earmarked",
                "General Fund Reserves and HRA",
                "Balance at 1 April",
            ],
            ("(183.965)", "(190.162)"),
        ),
        (["(Surplus)/Deficit on General Fund", "and HRA Balance in Year"], ("(6.197)", "19.857")),
        (["Closing balance"], ("(190.162)", "(170.305)")),
    ]
    _wrapped_up(c, rows, HEIGHT - 90, leading=10)
    c.save()
    labels = {f.row_label for f in _figures(path)}
    assert (
        "Opening General Fund, Earmarked General Fund Reserves and HRA Balance at 1 April" in labels
    )
    assert "(Surplus)/Deficit on General Fund and HRA Balance in Year" in labels


def _seg(text: str, x0: float, top: float, size: float = 8.0, space: float = 0.3) -> Segment:
    """A segment of words set ``space`` ems apart from x0."""
    words, x = [], x0
    for w in text.split():
        width = 0.5 * size * len(w)
        words.append(Word(w, BBox(x, top, x + width, top + size), size, False))
        x += width + space * size
    return Segment(words, BBox.enclosing([w.bbox for w in words]))


def test_a_footnote_across_the_foot_sets_no_label_edge() -> None:
    """Fix: the label column's right edge is taken from the labels ending before the
    first figure (wrapping.label_right): a footnote run across the table's foot, read as a
    row, set the edge past the figures, so no label broke for room and each label
    wrapped up to its figures lost its first lines to a heading."""
    label = _seg("Resources and Neighbourhood", 60, 100)
    figure = _seg("23.735", 300, 110)
    note = _seg("*For a split of this balance see the Movement in Reserves Statement.", 60, 130)

    def body(seg: Segment, cells: dict[int, list[Segment]]) -> BodyLine:
        line = Line(1, list(seg.words), [seg], seg.bbox)
        return BodyLine(line, [seg], cells, {})

    lines = [body(label, {0: [figure]}), body(note, {0: [_seg("-", 420, 130)]})]
    assert label_right(lines) == label.bbox.x1


def test_a_sentence_across_the_columns_is_not_cut_at_their_edges() -> None:
    """Fix: a sentence of ten words or more, ending in a full stop, run across a table's
    columns (a footnote under its rows) is not cut where a column starts
    (edgesplit._cut_line): its "-" between two words, cut apart, was read as a nil."""
    words = "*For a split of this balance between General Fund and HRA - see the Statement."
    seg = _seg(words, 60, 200, space=0.45)  # justified: spaces wider than a column's gap
    dash = next(w for w in seg.words if w.text == "-")
    line = Line(1, list(seg.words), [seg], seg.bbox)
    assert _cut_line(line, [dash.bbox.x0], []) is None


def test_a_change_between_two_years_is_over_both() -> None:
    """Fix: a caption or header stating a change "between 2014-15 and 2015-16" states the
    period 2014-2015 (normalise.single_period): two years, it stated none, and the
    table's figures took the paper's year."""
    caption = "Table 5 Reason for major increases in surpluses between 2014-15 and 2015-16"
    assert single_period(caption) == (2014, 2015)
    assert single_period("2014-15 and 2015-16") is None
    assert single_period("between 2015-16 and 2014-15") is None


def test_ranks_with_ties_carry_a_table_over_its_pages(tmp_path: Path) -> None:
    """Fix: a column of ranks counting up but for ties ("295, 295, 295, 298") numbers the
    rows as line numbers do (refcolumns._runs_on): read as a column of figures on the
    pages with ties and as references on the others, the pages' columns differed, so the
    table broke in two at each and the later pages, with no header, lost their unit."""
    path = tmp_path / "ranks.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    x = [64, 220, 290, 360, 430]
    rank = 1
    for page in range(3):
        y = HEIGHT - 60
        if page == 0:
            c.setFont("Helvetica-Bold", 10)
            c.drawString(60, y, "Table 1: Parking surplus by authority (£ thousands)")
            c.setFont("Helvetica-Bold", 9)
            for k, head in ((1, "2010-11"), (2, "2011-12"), (3, "2012-13"), (4, "Rank")):
                c.drawRightString(x[k], y - 24, head)
            y -= 44
        rows = []
        for k in range(12):
            tie = page == 1 and k in (3, 4, 5)  # three councils ranked alike
            shown = rank - (k - 3) if tie and k > 3 else rank
            rows.append(
                (f"Council {page}{k:02d}", f"{100 - rank}", f"{90 + k}", f"{80 + k}", f"{shown}")
            )
            rank += 1
        _grid(c, rows, x, y)
        c.showPage()
    c.save()
    figs = _figures(path)
    assert len({f.table_index for f in figs}) == 1
    assert all(f.amount_gbp is not None for f in figs)
    assert not any(f.column_label == "Rank" for f in figs)


def test_a_row_of_shares_of_a_total_is_no_money(tmp_path: Path) -> None:
    """Fix: a row named "Parking surplus as % of all transport costs", its shares printed
    with no % sign, is not money (figures._ROW_NOT_MONEY_RE): its 5.4 was read as £5.4m."""
    path = tmp_path / "share.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Table 1: Summary of parking accounts (£ million)")
    c.setFont("Helvetica", 9)
    for k, year in enumerate(("2012/13", "2013/14")):
        c.drawRightString(330 + 60 * k, HEIGHT - 84, year)
    rows = (
        ("Income", ("69.7", "73.3")),
        ("Expenditure", ("35.4", "39.4")),
        ("Parking surplus as % of all transport costs", ("6.6", "6.8")),
    )
    y = HEIGHT - 100
    for label, values in rows:
        c.drawString(60, y, label)
        for k, v in enumerate(values):
            c.drawRightString(330 + 60 * k, y, v)
        y -= 14
    c.save()
    figs = [f for f in _figures(path) if f.amount_gbp is not None]
    assert {f.row_label for f in figs} == {"Income", "Expenditure"}


def test_a_space_the_clip_hides_still_parts_two_cells(tmp_path: Path) -> None:
    """Fix: a space hidden by a cell's clip, drawn as a string of its own after the
    cell's text, still parts the words either side (pdflean/pdfclip, Cut): a rank "10"
    right-aligned in its cell, the next cell's "Powys" 1.4 points after it, read
    "10Powys" and named the row so."""
    path = tmp_path / "clip.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Table 2: Parking income (£000)")
    c.setFont("Helvetica", 10)
    space = c.stringWidth(" ", "Helvetica", 10)
    y = HEIGHT - 100
    for k, name in enumerate(("Cardiff", "Swansea", "Powys", "Bridgend")):
        rank = str(k + 8)
        end = 107.2  # where each rank ends; its cell is clipped 0.6 points further on
        c.saveState()
        clip = c.beginPath()
        clip.rect(80, y - 3, end + 0.6 - 80, 14)
        c.clipPath(clip, stroke=0, fill=0)
        c.drawRightString(end, y, rank)
        c.drawString(end + 0.1, y, " ")  # the cell's trailing space, a string of its own
        c.restoreState()
        c.drawString(end + 1.4, y, name)
        c.drawRightString(300, y, f"{1000 + 37 * k:,}")
        c.drawRightString(360, y, f"{900 + 41 * k:,}")
        y -= 16
    assert space > 2  # the hidden space runs past the clip's edge
    c.save()
    labels = {f.row_label for f in _figures(path)}
    assert {"Cardiff", "Swansea", "Powys", "Bridgend"} <= labels


def test_a_column_per_head_is_no_money(tmp_path: Path) -> None:
    """Fix: a column headed "Income per head", its cells printing no £, holds ratios,
    not pounds (figures._NOT_MONEY_RE): 18 was read as £18,000 beside the £000 columns."""
    path = tmp_path / "perhead.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Table 2: Parking income by council (£000)")
    c.setFont("Helvetica-Bold", 9)
    for x, head in ((260, "2011-12"), (320, "2012-13"), (400, "Income per head")):
        c.drawRightString(x, HEIGHT - 84, head)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 100
    for k, name in enumerate(("Cardiff", "Swansea", "Gwynedd")):
        c.drawString(60, y, name)
        c.drawRightString(260, y, f"{5000 + 130 * k:,}")
        c.drawRightString(320, y, f"{5200 + 120 * k:,}")
        c.drawRightString(400, y, ("18", "30", "12")[k])
        y -= 14
    c.save()
    figs = [f for f in _figures(path) if f.amount_gbp is not None]
    assert {f.column_label for f in figs} == {"2011-12", "2012-13"}


def test_a_bracket_drawn_against_the_clip_edge_stays_with_its_figure(tmp_path: Path) -> None:
    """Fix: the space a clip leaves on its edge is dropped where shown glyphs meet there
    (pdfobjects._inner_cuts_dropped): an accounting cell's "(16.9" clipped at its edge,
    its ")" drawn from the edge outside the clip and its padding space hidden, read as
    "(16.9" and ")" apart, and the figure was lost."""
    path = tmp_path / "bracket.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, HEIGHT - 60, "Statement of financial position (£m)")
    c.setFont("Helvetica", 10)
    y = HEIGHT - 100
    for name, value in (
        ("Trade payables", "(16.9"),
        ("Lease liabilities", "(0.8"),
        ("Total", "(17.7"),
    ):
        c.drawString(60, y, name)
        edge = 300.0
        c.saveState()
        clip = c.beginPath()
        clip.rect(250, y - 3, edge - 250, 14)
        c.clipPath(clip, stroke=0, fill=0)
        c.drawRightString(edge, y, value)
        c.drawString(edge, y, " ")  # the cell's padding, hidden past its edge
        c.restoreState()
        c.drawString(edge, y, ")")
        y -= 16
    c.save()
    figs = {f.row_label: f.amount_gbp for f in _figures(path)}
    assert figs.get("Trade payables") == Decimal("-16900000")
    assert figs.get("Total") == Decimal("-17700000")
