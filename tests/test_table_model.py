"""The table model on layouts real papers use: the label column wherever it stands,
several text columns, stacked headers, units and periods printed outside the grid,
tables that are not money, colour that is not a rating.

Each test builds its own small PDF (reportlab) in the shape of a real paper
(tests/real names the Kent papers that showed each layout).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer

from pipeline.extract import extract_file
from pipeline.models import BBox, Extraction, Figure
from pipeline.tables.columns import (
    Band,
    anchored_clusters,
    text_columns,
    type_text_columns,
)
from pipeline.tables.context import unit_statement
from tests.conftest import para, table

Maker = Callable[..., Path]


def _cells(ex: Extraction) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in ex.figures}


# --------------------------------------------------------------------------- columns


def test_table_model_label_column_between_blocks_of_figures(make_pdf: Maker) -> None:
    """Budget update: figures of last year | label | figures of this year."""
    rows = [
        ["2024-25", "", "", "", "2025-26", ""],
        ["Core", "Total", "", "", "Core", "Total"],
        ["£000s", "£000s", "", "", "£000s", "£000s"],
        ["1,200.5", "1,300.5", "Base Budget Changes", "", "2,100.0", "2,400.0"],
        ["-300.0", "-300.0", "Efficiency savings", "", "-450.0", "-450.0"],
        ["900.5", "1,000.5", "TOTAL", "", "1,650.0", "1,950.0"],
    ]
    spans = [
        ("SPAN", (0, 0), (1, 0)),
        ("SPAN", (4, 0), (5, 0)),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ]
    t = table(rows, grid=False, widths=[60, 60, 150, 10, 60, 60], bold_rows=[5], extra=spans)
    ex = extract_file(make_pdf("update.pdf", [para("Budget update"), t]))
    cells = _cells(ex)
    f = cells[("Efficiency savings", "2025-26 Core")]
    assert (f.amount_gbp, f.first_fy, f.unit_source) == (Decimal(-450_000), 2025, "units row")
    assert cells[("Base Budget Changes", "2024-25 Total")].amount_gbp == Decimal(1_300_500)
    assert all(f.row_label for f in ex.figures)


def test_table_model_reference_and_code_columns_are_not_the_label(make_pdf: Maker) -> None:
    """Capital summary: ROW REF | Directorate | Dir code | figures."""
    rows = [
        ["ROW REF", "Directorate", "Dir", "Total Cost", "2025-26"],
        ["", "", "", "£000s", "£000s"],
        ["1", "Adult Social Care & Health", "ASCH", "7,003", "549"],
        ["2", "Children, Young People & Education", "CYPE", "565,619", "97,113"],
        ["3", "Growth, Environment & Transport", "GET", "1,283,493", "159,098"],
        ["4", "Total Cash Limit", "", "1,856,115", "256,760"],
    ]
    t = table(rows, widths=[45, 190, 45, 70, 60], bold_rows=[5])
    ex = extract_file(make_pdf("capital.pdf", [para("Capital programme"), t]))
    f = _cells(ex)[("Children, Young People & Education", "2025-26")]
    assert (f.ref, f.attributes, f.amount_gbp) == ("2", {"Dir": "CYPE"}, Decimal(97_113_000))
    assert {f.row_label for f in ex.figures} == {
        "Adult Social Care & Health",
        "Children, Young People & Education",
        "Growth, Environment & Transport",
        "Total Cash Limit",
    }
    assert ex.checks and all(c.ok for c in ex.checks)


def test_table_model_side_by_side_panels(make_pdf: Maker) -> None:
    """Spending | £ | Funding | £: each label column names the figures to its right."""
    rows = [
        ["Change in Net Spending", "Core £m", "Change in Net Funding", "Core £m"],
        ["Base adjustment", "-0.8", "Council Tax (incl. collection fund)", "59.3"],
        ["Estimated additional spending", "151.2", "Increase in social care grants", "26.9"],
        ["Savings (new plans)", "-72.6", "Increase in SFA", "2.7"],
    ]
    t = table(rows, widths=[150, 60, 170, 60])
    ex = extract_file(make_pdf("panels.pdf", [para("Net change"), t]))
    cells = {(f.row_label, f.amount_gbp) for f in ex.figures}
    assert ("Council Tax (incl. collection fund)", Decimal(59_300_000)) in cells
    assert ("Base adjustment", Decimal(-800_000)) in cells
    assert len(ex.figures) == 6


def test_table_model_anchored_columns_resist_a_wide_figure() -> None:
    """Rows that show every column fix them; a wide figure joins the one it overlaps most."""

    def row(*spans: tuple[float, float]) -> list[tuple[BBox, str]]:
        return [(BBox(a, 0, b, 1), "num") for a, b in spans]

    rows = [
        row((100, 120), (140, 160), (180, 200)),
        row((100, 120), (140, 160), (180, 200)),
        row((118, 158), (180, 200)),  # "1,429,506.8" bridging columns 1 and 2
    ]
    cols = anchored_clusters(rows)
    assert cols is not None and len(cols) == 3
    assert len(cols[1]) == 3 and len(cols[0]) == 2


def test_table_model_anchor_rows_must_agree() -> None:
    """A row with one column empty and a rating beside it has the same count but other
    columns: it is no anchor, so columns are not shifted."""
    a = [
        (BBox(244, 0, 251, 1), "rag"),
        (BBox(389, 0, 403, 1), "num"),
        (BBox(471, 0, 485, 1), "num"),
    ]
    b = [
        (BBox(297, 0, 332, 1), "num"),
        (BBox(379, 0, 414, 1), "num"),
        (BBox(461, 0, 495, 1), "num"),
    ]
    c = [
        (BBox(300, 0, 332, 1), "num"),
        (BBox(380, 0, 414, 1), "num"),
        (BBox(470, 0, 495, 1), "num"),
    ]
    cols = anchored_clusters([a, b, c])
    assert cols is not None
    kinds = [{k for _, k in col} for col in cols]
    assert {"rag"} in kinds and all(len(k) == 1 for k in kinds)


def test_table_model_label_chosen_by_content() -> None:
    cols = [Band(0, 30, "text"), Band(40, 100, "text"), Band(110, 140, "text")]
    cells = [
        ["ASC01", "ASC02", "ASC03"],
        ["Homecare retender", "Day services review", "Reablement expansion"],
        ["Older People", "Older People", "Learning Disability"],
    ]
    assert type_text_columns(cols, cells) == 1
    assert [c.kind for c in cols] == ["ref", "label", "text"]
    # Grades and bands are labels too when nothing else reads as words.
    grades = [Band(0, 30, "text")]
    assert type_text_columns(grades, [["KS R", "KS Q", "KS P"]]) == 0


def test_table_model_text_columns_need_support() -> None:
    from pipeline.models import Segment, Word

    def seg(x0: float, x1: float, text: str) -> Segment:
        w = Word(text, BBox(x0, 0, x1, 1), 9.0, False)
        return Segment([w], w.bbox)

    rows = [[seg(10, 90, "Label one"), seg(100, 130, "ASCH")] for _ in range(4)]
    rows.append([seg(10, 60, "Label"), seg(200, 210, "*")])
    cols = text_columns(rows, len(rows))
    assert [(round(c.x0), round(c.x1)) for c in cols] == [(10, 90), (100, 130)]


# --------------------------------------------------------------------------- units, periods


def test_table_model_unit_statement() -> None:
    assert unit_statement("All figures are shown in £000s") == Decimal(1000)
    assert unit_statement("Capital financing (£m)") == Decimal(1_000_000)
    assert unit_statement("£'000") == Decimal(1000)
    assert unit_statement("The council will save £5m in 2025-26.") is None
    assert unit_statement("Savings of £2.6m were delivered") is None
    # A bare £ closing the sentence is pounds; a pound sign before a decimal is not.
    assert unit_statement("Unless otherwise stated, figures are shown in £.") == Decimal(1)
    assert unit_statement("All values in this report are expressed in £.") == Decimal(1)
    assert unit_statement("Prices rose by £.5 a unit.") is None


def test_table_model_the_reports_own_unit_outranks_a_tables_lead_in(make_pdf: Maker) -> None:
    """The paper states its unit once ("in this report … unless otherwise stated");
    a sentence before one table says "All figures are shown in £m." The table on the
    next page states nothing: it is in the report's unit, not left without one."""
    rows = [
        ["Service", "Budget 2025-26", "Forecast 2025-26"],
        ["Libraries", "1,200", "1,150"],
        ["Highways", "8,400", "8,900"],
    ]
    other = [
        ["Scheme", "Saving 2025-26", "Saving 2026-27"],
        ["Home care review", "1.2", "0.8"],
        ["Fleet review", "0.4", "0.3"],
    ]
    story = [
        para("Revenue budget report"),
        para("All figures in this report are in £000s unless otherwise stated."),
        para("All figures are shown in £m."),
        table(other),
        PageBreak(),
        para("Revenue monitoring by service"),
        table(rows),
    ]
    ex = extract_file(make_pdf("report.pdf", story))
    f = _cells(ex)[("Highways", "Forecast 2025-26")]
    assert (f.amount_gbp, f.unit_source) == (Decimal(8_900_000), "report")
    assert _cells(ex)[("Fleet review", "Saving 2026-27")].amount_gbp == Decimal(300_000)


def test_table_model_unit_in_the_sentence_before(make_pdf: Maker) -> None:
    rows = [
        ["Service", "Budget 2025-26", "Forecast 2025-26"],
        ["Libraries", "1,200", "1,150"],
        ["Highways", "8,400", "8,900"],
    ]
    story = [
        para("The forecast is set out below. All figures in this section are shown in £000s."),
        para("Table 2: Revenue monitoring"),
        table(rows),
    ]
    ex = extract_file(make_pdf("sentence.pdf", story))
    f = _cells(ex)[("Highways", "Forecast 2025-26")]
    assert (f.amount_gbp, f.unit_source) == (Decimal(8_900_000), "heading")


def test_table_model_no_unit_stated_is_flagged_not_guessed(make_pdf: Maker) -> None:
    rows = [
        ["Service", "Budget 2025-26", "Forecast 2025-26"],
        ["Libraries", "1,200", "1,150"],
        ["Highways", "8,400", "8,900"],
    ]
    ex = extract_file(make_pdf("nounit.pdf", [para("Monitoring"), table(rows)]))
    assert ex.figures and all(f.amount_gbp is None and f.unit_source is None for f in ex.figures)
    (t,) = ex.tables
    assert t.kind == "money" and t.needs_review and "no unit" in t.review[0]


def test_table_model_counts_are_not_money(make_pdf: Maker) -> None:
    rows = [
        ["District", "Pupils 2024-25", "Places 2025-26"],
        ["Ashford", "1,200", "1,150"],
        ["Dover", "8,400", "8,900"],
    ]
    ex = extract_file(make_pdf("pupils.pdf", [para("Commissioning"), table(rows)]))
    assert ex.tables and all(t.kind == "other" for t in ex.tables)


def test_table_model_period_of_undated_columns_and_prior_years(make_pdf: Maker) -> None:
    rows = [
        ["Project", "Prior Years Spend", "Budget", "Forecast"],
        ["", "£000s", "£000s", "£000s"],
        ["Schools modernisation", "3,903", "273", "239"],
        ["Highways maintenance", "1,000", "500", "450"],
    ]
    story = [para("Capital monitoring 2025-26", "Heading2"), para("Table 4: Schemes"), table(rows)]
    ex = extract_file(make_pdf("periods.pdf", story))
    cells = _cells(ex)
    f = cells[("Schools modernisation", "Budget")]
    assert (f.first_fy, f.last_fy, f.period_source) == (2025, 2025, "heading")
    prior = cells[("Schools modernisation", "Prior Years Spend")]
    assert prior.first_fy is None and str(prior.period_source).startswith("none:")


def test_table_model_year_n_columns_are_the_years_of_the_captions_span(make_pdf: Maker) -> None:
    """ "Year 2" under "Savings proposals 2024/25 to 2026/27" is 2025-26, not the span."""
    rows = [
        ["Proposal", "Year 1", "Year 2", "Year 3", "Total"],
        ["", "£000", "£000", "£000", "£000"],
        ["Reablement", "1,200", "800", "400", "2,400"],
        ["Homecare", "350", "400", "0", "750"],
    ]
    story = [para("Savings proposals 2024/25 to 2026/27"), table(rows, grid=False)]
    cells = _cells(extract_file(make_pdf("year_n.pdf", story)))
    got = [(cells[("Homecare", c)].first_fy, cells[("Homecare", c)].last_fy) for c in rows[0][1:]]
    assert got == [(2024, 2024), (2025, 2025), (2026, 2026), (2024, 2026)]


def test_table_model_dates_and_whole_scheme_costs_are_no_fiscal_year(make_pdf: Maker) -> None:
    """A column headed by a bare month ("Jun") or by a scheme's whole cost states no fiscal
    year: no year is taken from the heading or the paper for it, and the figure says why.
    A column headed by a date ("Mar-24", "Quarter to Dec 24") takes the fiscal year the
    date falls in (March 2024 ends 2023-24), not the heading's; the undated "Budget"
    column still takes the heading's."""
    rows = [
        ["Scheme", "Total Cost", "Mar-24", "Quarter to Dec 24", "Jun", "Budget"],
        ["", "£000s", "£000s", "£000s", "£000s", "£000s"],
        ["Schools modernisation", "9,903", "273", "239", "120", "400"],
        ["Highways maintenance", "5,000", "500", "450", "130", "600"],
    ]
    story = [para("Capital monitoring 2025-26", "Heading2"), para("Table 4: Schemes"), table(rows)]
    cells = _cells(extract_file(make_pdf("dates.pdf", story)))
    for col in ("Total Cost", "Jun"):
        f = cells[("Highways maintenance", col)]
        assert f.first_fy is None and str(f.period_source).startswith("none:"), col
    for col, year in (("Mar-24", 2023), ("Quarter to Dec 24", 2024)):
        f = cells[("Highways maintenance", col)]
        assert (f.first_fy, f.last_fy, f.period_source) == (year, year, "column (date)"), col
    assert cells[("Highways maintenance", "Budget")].first_fy == 2025


def test_table_model_colour_blocks_are_not_ratings(make_pdf: Maker) -> None:
    """Directorate blocks shaded down whole columns carry no RAG rating."""
    rows = [
        ["", "ASCH", "ASCH", "CYPE", "CYPE"],
        ["", "Core £000s", "Total £000s", "Core £000s", "Total £000s"],
        ["Pay", "1,200", "1,300", "800", "900"],
        ["Prices", "2,100", "2,200", "700", "750"],
        ["Income", "-300", "-310", "-40", "-45"],
    ]
    shade = [
        ("BACKGROUND", (1, 0), (2, -1), colors.HexColor("#9bd3ae")),
        ("BACKGROUND", (3, 0), (4, -1), colors.HexColor("#f4b183")),
    ]
    ex = extract_file(make_pdf("blocks.pdf", [para("Budget"), table(rows, extra=shade)]))
    assert len(ex.figures) == 12
    assert all(f.rag is None for f in ex.figures)


def test_table_model_ingest_summary_names_tables_needing_review(
    make_pdf: Maker, tmp_path: Path
) -> None:
    """A table whose unit is stated nowhere is loaded without amounts and said so: its
    figures stay in `table_figures` with their printed values and no amount, and `savings`,
    the money in pounds, holds none of them."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    rows = [
        ["Service", "Budget 2025-26", "Forecast 2025-26"],
        ["Libraries", "1,200", "1,150"],
        ["Highways", "8,400", "8,900"],
    ]
    pdf = make_pdf("nounit.pdf", [para("Monitoring"), table(rows)])
    wh, ex = tmp_path / "w.duckdb", tmp_path / "ex"
    res = CliRunner().invoke(
        app, ["ingest", str(pdf), "--warehouse", str(wh), "--extracted", str(ex)]
    )
    assert res.exit_code == 0, res.output
    assert "1 tables need review (4 figures with no unit stated" in res.output.replace("\n", " ")
    import duckdb

    con = duckdb.connect(str(wh), read_only=True)
    sql = "select count(*), count(amount_gbp), count(printed) from {}"
    assert con.execute(sql.format("table_figures")).fetchone() == (4, 0, 4)
    assert con.execute(sql.format("savings")).fetchone() == (0, 0, 0)
    flagged = con.execute("select needs_review, review from tables").fetchone()
    assert flagged is not None and flagged[0] and "no unit" in flagged[1][0]


def test_table_model_total_column_covers_the_years_it_adds_up(make_pdf: Maker) -> None:
    rows = [
        ["Scheme", "2024-25", "2025-26", "Total"],
        ["", "£000", "£000", "£000"],
        ["Homecare retender", "100", "250", "350"],
        ["Day services review", "40", "60", "100"],
        ["Reablement", "10", "15", "25"],
    ]
    ex = extract_file(make_pdf("total.pdf", [para("Savings plan"), table(rows)]))
    total = _cells(ex)[("Homecare retender", "Total")]
    assert (total.first_fy, total.last_fy, total.period_source) == (2024, 2025, "years it adds up")
    rows[3][3] = "999"  # no longer their sum on most rows: no range is claimed
    rows[4][3] = "777"
    ex = extract_file(make_pdf("total2.pdf", [para("Savings plan"), table(rows)]))
    assert _cells(ex)[("Homecare retender", "Total")].period_source != "years it adds up"


def test_table_model_the_page_before_heads_only_the_table_opening_the_page(
    make_pdf: Maker,
) -> None:
    """Table 2's caption and "All figures are shown in pounds (£)." close page 1, its
    rows open page 2; Table 3 stands under it on page 2 with a caption naming no unit.
    The lines closing page 1 head Table 2 only: Table 3 is in the report's £m."""
    rows2 = [["Service", "Budget", "Forecast"], ["Libraries", "1,200,000", "1,150,000"]]
    rows3 = [["Scheme", "Original Budget", "Revised Budget"], ["Reablement", "113.85", "116.13"]]
    story = [
        para("Figures throughout this report are £m."),
        Spacer(1, 600),
        para("Table 2: Net revenue budget"),
        para("All figures are shown in pounds (£)."),
        PageBreak(),
        table(rows2),
        Spacer(1, 20),
        para("Table 3: Medium term financial plan"),
        para("The table below sets out the position for each service."),
        table(rows3),
    ]
    ex = extract_file(make_pdf("heads.pdf", story))
    f = _cells(ex)
    assert f[("Libraries", "Forecast")].amount_gbp == Decimal(1_150_000)
    assert f[("Reablement", "Revised Budget")].amount_gbp == Decimal(116_130_000)


def test_table_model_a_total_cost_over_more_than_the_years_keeps_no_period(
    make_pdf: Maker,
) -> None:
    """A capital programme: "Prior Years", two years, "Later Years" and a "Total Cost"
    of them all. The total adds up no range of the year columns, so it takes no year
    (not the paper's own 2025-26) and says why; the years keep theirs."""
    rows = [
        ["Scheme", "Prior Years", "2025-26", "2026-27", "Later Years", "Total Cost"],
        ["Bridge repairs", "1,200", "3,400", "2,100", "500", "7,200"],
        ["School expansion", "800", "4,000", "3,000", "–", "7,800"],
        ["Depot renewal", "–", "1,500", "900", "300", "2,700"],
    ]
    story = [para("Capital programme 2025-26 (£000)"), table(rows)]
    ex = extract_file(make_pdf("capital_total.pdf", story))
    f = _cells(ex)
    total = f[("School expansion", "Total Cost")]
    assert (total.amount_gbp, total.first_fy) == (Decimal(7_800_000), None)
    assert total.period_source is not None and total.period_source.startswith("none:")
    assert f[("School expansion", "2026-27")].first_fy == 2026


def test_table_model_another_tables_lead_in_is_no_unit_for_its_page(make_pdf: Maker) -> None:
    """The paper says "All figures in this report are in £m unless otherwise stated";
    on page 2 one table is introduced by "Figures in the table below are in £'000."
    and the next states nothing. The lead-in is its own table's exception; the next
    table is in £m."""
    first = [["Service", "Budget", "Forecast"], ["Libraries", "1,200", "1,150"]]
    second = [["Scheme", "Saving 2025-26", "Saving 2026-27"], ["Fleet review", "0.4", "0.3"]]
    story = [
        para("All figures in this report are in £m unless otherwise stated."),
        PageBreak(),
        para("Figures in the table below are in £'000."),
        table(first),
        Spacer(1, 20),
        para("Directorate budget summary"),
        table(second),
    ]
    ex = extract_file(make_pdf("lead_in.pdf", story))
    f = _cells(ex)
    assert f[("Libraries", "Forecast")].amount_gbp == Decimal(1_150_000)
    assert f[("Fleet review", "Saving 2026-27")].amount_gbp == Decimal(300_000)


def test_table_model_a_unit_wrapped_out_of_its_header_cell(make_pdf: Maker) -> None:
    """ "Spend to Date £" breaks before "million" in a wide, left-aligned header cell over
    narrow figures set right: the word under it ends the unit (£ million), it is no
    row's label."""
    rows = [
        ["Scheme", "Spend to Date £", "2025-26 £ million"],
        ["", "million", ""],
        ["Bridge repairs", "7.0", "27.1"],
        ["School expansion", "5.3", "40.9"],
        ["Depot renewal", "0.3", "18.7"],
    ]
    style = [("ALIGN", (1, 0), (-1, 1), "LEFT"), ("TOPPADDING", (0, 1), (-1, 1), 0)]
    t = table(rows, grid=False, widths=[160, 110, 110], extra=style)
    ex = extract_file(make_pdf("wrapped_unit.pdf", [para("Capital programme"), t]))
    f = _cells(ex)[("School expansion", "Spend to Date")]
    assert f.amount_gbp == Decimal(5_300_000)
    assert "million" not in {g.row_label for g in ex.figures}


def test_table_model_the_total_rows_label_shows_the_label_column(make_pdf: Maker) -> None:
    """Two columns (a directorate, then the saving) both name each of a few rows
    differently, neither headed as a grouping: the label column is the one the
    total's label stands in."""
    rows = [
        ["Area", "Saving", "2025/26 £'000", "2026/27 £'000"],
        ["Adult Social Care", "Reablement staffing restructure", "(368)", "(1,111)"],
        ["Children's Services", "Residential homes: income generation", "(251)", "-"],
        ["Resources", "Procurement: income generation", "(1,923)", "2,348"],
        ["Public Health", "Health checks: fewer costs", "(1,928)", "2,457"],
        ["", "Grand Total", "(4,470)", "3,694"],
    ]
    story = [para("Table 4: Savings programme"), table(rows, widths=[110, 180, 70, 70])]
    cells = _cells(extract_file(make_pdf("two_names.pdf", story)))
    f = cells[("Procurement: income generation", "2026/27")]
    assert (f.amount_gbp, f.attributes) == (Decimal(2_348_000), {"Area": "Resources"})
    assert cells[("Grand Total", "2025/26")].amount_gbp == Decimal(-4_470_000)


def test_table_model_label_column_with_no_total_to_decide() -> None:
    """Two text columns each name every one of a few rows differently, with no total
    row to show which names them: a reader takes the column whose header describes
    rows over one whose header assigns them (Portfolio, Directorate, Lead), and the
    column of phrases ("Nursing care placements") over one of names of units, every
    word capitalised ("Adult Social Care"); only then the leftmost."""
    units = ["Adult Social Care", "Children's Services", "Place and Environment"]
    phrases = ["Nursing care placements", "Home to school transport", "Environmental health"]

    def label(heads: list[str], first: list[str], second: list[str]) -> int | None:
        cols = [Band(0, 100, "text"), Band(110, 250, "text")]
        return type_text_columns(cols, [first, second], heads)

    assert label(["Portfolio", "Service Area"], units, phrases) == 1
    assert label(["Savings Proposal", "Directorate"], phrases, units) == 0
    assert label(["Service Area", "Lead Officer"], phrases, ["Head of Finance"] * 3) == 0
    # Headers that say neither: the phrases name the rows, wherever they stand.
    assert label(["", ""], units, phrases) == 1
    assert label(["Area", "Item"], units, phrases) == 1
    # Nothing to tell them apart: the leftmost, as before.
    assert label(["", ""], ["Libraries", "Registrars", "Museums"], units) == 0
    # A describing word in a heading run into a grouping header ("Savings proposals" over
    # "Portfolio") does not make the repeated portfolios the label.
    groups = ["Place", "Place", "Place", "Communities", "Resources"]
    services = ["Car parking", "Waste", "Parks", "Community hubs", "Total Resources"]
    assert label(["Savings proposals Portfolio", "Service Area"], groups, services) == 1


def test_table_model_label_column_over_two_pages_with_no_total(make_pdf: Maker) -> None:
    """A savings programme under "No. | Portfolio | Service Area": three rows close
    page 1 with no total; the label is the service, not the portfolio, there and on
    the continuation page, which closes on the total."""
    head = ["No.", "Portfolio", "Service Area", "2020/21", "2021/22"]
    first = [
        head,
        ["ASC-1", "Adult Social Care", "Nursing care placements", "108.44", "42.59"],
        ["CS02", "Children's Services", "Home to school transport", "96.77", "58.51"],
        ["PE03", "Place and Environment", "Environmental health", "48.00", "82.14"],
    ]
    second = [
        head,
        ["PE-4", "Place and Environment", "Waste disposal", "-30.17", "-35.32"],
        ["COM05", "Communities", "Arts development", "32.91", "100.76"],
        ["", "", "Net Total", "255.95", "248.68"],
    ]
    widths = [50, 130, 150, 70, 70]
    story = [
        para("All figures in this report are in £m."),
        para("Table 3: Efficiency and savings programme"),
        table(first, grid=False, widths=widths),
        PageBreak(),
        table(second, grid=False, widths=widths, bold_rows=[3]),
    ]
    ex = extract_file(make_pdf("portfolio.pdf", story))
    cells = _cells(ex)
    f = cells[("Nursing care placements", "2020/21")]
    assert f.amount_gbp == Decimal(108_440_000)
    assert f.attributes.get("Portfolio") == "Adult Social Care"
    assert cells[("Waste disposal", "2021/22")].amount_gbp == Decimal(-35_320_000)
    assert cells[("Net Total", "2020/21")].amount_gbp == Decimal(255_950_000)
    assert "Adult Social Care" not in {g.row_label for g in ex.figures}
