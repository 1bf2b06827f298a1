"""The tables stage on small papers built for each layout councils use."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Spacer

from pipeline.layout import page_lines
from pipeline.models import Figure
from pipeline.parse import read_paper
from pipeline.reconcile import reconcile
from pipeline.tables import extract_tables
from tests.conftest import SAVINGS_ROWS, para, table

Maker = Callable[..., Path]


def figures(path: Path) -> list[Figure]:
    pages = read_paper(path)
    return extract_tables(pages, [page_lines(p) for p in pages]).figures


def by_cell(figs: list[Figure]) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in figs}


def _assert_savings(figs: list[Figure]) -> None:
    cells = by_cell(figs)
    assert len(figs) == 8
    f = cells[("Reablement expansion", "Saving 2019/20")]
    assert (f.amount_gbp, f.rag, f.first_fy, f.last_fy, f.measure) == (
        Decimal(1_200_000),
        "Green",
        2019,
        2019,
        "saving",
    )
    assert cells[("Homecare recommissioning", "Saving 2019/20")].amount_gbp == Decimal(-350_000)
    assert cells[("Homecare recommissioning", "Saving 2020/21")].amount_gbp == 0
    assert cells[("Day services review", "Saving 2020/21")].rag == "Red"
    assert cells[("Total savings", "Saving 2020/21")].is_total
    assert not cells[("Day services review", "Saving 2020/21")].is_total
    assert all(c.ok for c in reconcile(figs))


def test_tables_ruled_grid(savings_pdf: Path) -> None:
    _assert_savings(figures(savings_pdf))


def test_tables_whitespace_columns(make_pdf: Maker) -> None:
    story = [para("Savings programme"), table(SAVINGS_ROWS, grid=False, bold_rows=[5])]
    _assert_savings(figures(make_pdf("plain.pdf", story)))


def test_tables_horizontal_rules_only(make_pdf: Maker) -> None:
    rules = [
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
        ("LINEBELOW", (0, 1), (-1, 1), 0.5, colors.black),
        ("LINEABOVE", (0, 5), (-1, 5), 0.5, colors.black),
        ("LINEBELOW", (0, 5), (-1, 5), 1.0, colors.black),
    ]
    story = [table(SAVINGS_ROWS, grid=False, bold_rows=[5], extra=rules)]
    _assert_savings(figures(make_pdf("booktabs.pdf", story)))


def test_tables_unit_from_caption_and_prose_is_not_a_figure(make_pdf: Maker) -> None:
    rows = [
        ["Scheme", "2019/20", "2020/21"],
        ["Extra care housing", "1.2", "0.8"],
        ["Assistive technology", "0.45", "–"],
    ]
    story = [
        para("Last year the council saved £4.2m against a plan of £5m in 2018/19."),
        para("Table 2: Savings proposals (£m)"),
        table(rows),
    ]
    figs = figures(make_pdf("caption.pdf", story))
    cells = by_cell(figs)
    assert len(figs) == 4
    assert cells[("Extra care housing", "2019/20")].amount_gbp == Decimal(1_200_000)
    assert cells[("Assistive technology", "2019/20")].amount_gbp == Decimal(450_000)
    assert cells[("Assistive technology", "2020/21")].amount_gbp == 0


def test_tables_in_cell_units(make_pdf: Maker) -> None:
    rows = [
        ["Scheme", "Saving 2021/22"],
        ["Homecare", "£1,250"],
        ["Reablement", "£1.2m"],
        ["Day care", "£18k"],
    ]
    cells = by_cell(figures(make_pdf("cells.pdf", [table(rows)])))
    assert cells[("Homecare", "Saving 2021/22")].amount_gbp == Decimal(1250)
    assert cells[("Reablement", "Saving 2021/22")].amount_gbp == Decimal(1_200_000)
    assert cells[("Day care", "Saving 2021/22")].amount_gbp == Decimal(18_000)


def test_tables_wrapped_labels_top_and_bottom(make_pdf: Maker) -> None:
    label = "Learning disability day services review and recommissioning of transport"
    for valign in ("TOP", "BOTTOM"):
        rows = [
            ["Scheme", "Saving £000"],
            [para(label), "300"],
            ["Homecare", "200"],
            [para("Mental health supported accommodation pathway redesign"), "150"],
        ]
        t = table(
            rows, widths=[1.6 * inch, 1.2 * inch], extra=[("VALIGN", (0, 0), (-1, -1), valign)]
        )
        for grid in (True, False):
            t = table(
                rows,
                grid=grid,
                widths=[1.6 * inch, 1.2 * inch],
                extra=[("VALIGN", (0, 0), (-1, -1), valign)],
            )
            figs = figures(make_pdf(f"wrap-{valign}-{grid}.pdf", [t]))
            got = {f.row_label: f.amount_gbp for f in figs}
            assert got == {
                label: Decimal(300_000),
                "Homecare": Decimal(200_000),
                "Mental health supported accommodation pathway redesign": Decimal(150_000),
            }, (valign, grid)


def test_tables_group_rows_set_sections(make_pdf: Maker) -> None:
    rows = [
        ["Scheme", "2019/20 £000"],
        ["Older people", ""],
        ["Homecare", "100"],
        ["Reablement", "50"],
        ["Learning disability", ""],
        ["Day services", "70"],
        ["Total", "220"],
    ]
    t = table(rows, bold_rows=[1, 4, 6])
    figs = figures(make_pdf("groups.pdf", [t]))
    sections = {f.row_label: f.section for f in figs}
    assert sections == {
        "Homecare": "Older people",
        "Reablement": "Older people",
        "Day services": "Learning disability",
        "Total": "Learning disability",
    }
    assert [c.ok for c in reconcile(figs)] == [True]


def test_tables_rag_from_cell_colour(make_pdf: Maker) -> None:
    rows = [
        ["Scheme", "RAG", "Saving"],
        ["Homecare", "", "100"],
        ["Reablement", "", "50"],
        ["Day services", "", "70"],
    ]
    fills = [
        ("BACKGROUND", (1, 1), (1, 1), colors.HexColor("#FFC7CE")),
        ("BACKGROUND", (1, 2), (1, 2), colors.HexColor("#C6EFCE")),
        ("BACKGROUND", (1, 3), (1, 3), colors.HexColor("#FFC000")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E79")),
    ]
    figs = figures(make_pdf("colour.pdf", [table(rows, extra=fills)]))
    assert {f.row_label: f.rag for f in figs} == {
        "Homecare": "Red",
        "Reablement": "Green",
        "Day services": "Amber",
    }


def test_tables_run_over_pages_with_repeated_header(make_pdf: Maker) -> None:
    rows = [["Scheme", "Saving 2022/23 £000"]]
    rows += [[f"Scheme number {i}", f"{i * 10:,}"] for i in range(1, 71)]
    rows.append(["Total", f"{sum(i * 10 for i in range(1, 71)):,}"])
    figs = figures(make_pdf("long.pdf", [table(rows, repeat=1, bold_rows=[71])]))
    assert len(figs) == 71
    assert len({f.table_index for f in figs}) == 1
    assert max(f.page for f in figs) == 2
    assert all(f.column_label == "Saving 2022/23" for f in figs)
    assert [c.ok for c in reconcile(figs)] == [True]


def test_tables_two_tables_on_one_page(make_pdf: Maker) -> None:
    a = [["Scheme", "2019/20 £000"], ["Homecare", "100"], ["Reablement", "50"]]
    b = [["Investment", "2019/20 £000"], ["Technology", "30"], ["Staffing", "20"]]
    story = [
        para("Table 1: Savings"),
        table(a),
        Spacer(1, 20),
        para("Table 2: Investment"),
        table(b),
    ]
    figs = figures(make_pdf("two.pdf", story))
    assert {f.row_label: f.table_index for f in figs} == {
        "Homecare": 0,
        "Reablement": 0,
        "Technology": 1,
        "Staffing": 1,
    }


def test_a_value_beside_its_rows_column_value_is_another_column(make_pdf: Maker) -> None:
    """Most rows fill two columns; one row adds a "Change %" a little further right. It
    is a column of its own, not part of the one beside it, which that row has already
    filled (a generated html paper's second page lost its Proposed Budget column)."""
    rows = [
        ["", "Approved", "Proposed", "Chg %"],
        ["", "£ million", "£ million", "%"],
        ["Total Resources", "84.3", "96.4", ""],
        ["Substance misuse services", "8.2", "7.0", "22.6%"],
        ["Public health intelligence", "98.0", "109.8", ""],
        ["Total Public Health", "106.2", "116.8", ""],
        ["Net Total", "211.6", "235.7", ""],
    ]
    pdf = make_pdf("pct.pdf", [table(rows, grid=False, widths=[170.0, 60.0, 100.0, 45.0])])
    got = {(f.row_label, f.column_label): f.amount_gbp for f in figures(pdf)}
    assert got[("Substance misuse services", "Proposed")] == Decimal("7000000"), got
    assert got[("Total Resources", "Proposed")] == Decimal("96400000"), got
    assert not any(col.startswith("Chg") and a is not None for (_, col), a in got.items())


def test_a_title_over_a_shaded_header_row_is_the_caption(make_pdf: Maker) -> None:
    """A table whose figures stand left of its labels, titled flush left right over its
    shaded header row: the shading starts the header, so the title is the caption and
    no heading over the first columns (generated html: "Efficiency and savings
    programme Previous Years")."""
    rows = [
        ["Efficiency and savings programme", "", "", ""],
        ["Previous Years", "2018/19", "Proposal", "Total Scheme Cost"],
        ["1,449", "35,653", "Weight management", "65,528"],
        ["-", "31,626", "Facilities management staffing", "53,397"],
        ["(1,119)", "23,183", "Development control staffing", "55,132"],
    ]
    style = [
        ("SPAN", (0, 0), (-1, 0)),
        ("ALIGN", (0, 0), (-1, 0), "LEFT"),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#1F3864")),
        ("TEXTCOLOR", (0, 1), (-1, 1), colors.white),
        ("ALIGN", (2, 1), (2, -1), "LEFT"),
    ]
    grid = table(rows, grid=False, widths=[80.0, 70.0, 170.0, 90.0], extra=style)
    pdf = make_pdf("shaded.pdf", [grid])
    cols = {f.column_label for f in figures(pdf)}
    assert cols == {"Previous Years", "2018/19", "Total Scheme Cost"}, cols
