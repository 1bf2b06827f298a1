"""The research commands on the two sample papers: trends, export, chart, show, docs."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import ingest
from pipeline.load import connect
from pipeline.research import data_dictionary, find_document, page_rows
from pipeline.research.images import panel_font, panel_lines

REPO = Path(__file__).resolve().parents[1]
MANCHESTER = "b52f4af5be0c1d96"

runner = CliRunner()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ ingested once for the whole session."""
    root = tmp_path_factory.mktemp("sample")
    path = root / "w.duckdb"
    report = ingest([REPO / "raw"], warehouse=path, extracted=root / "extracted", jobs=1)
    assert report.count("loaded") == 2
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


# --------------------------------------------------------------------------- trends


def test_cli_research_trends_table(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--measure", "approved")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert cells(lines[0]) == [
        "authority",
        "fiscal_year",
        "category",
        "measure",
        "saving_gbp",
        "schemes",
        "papers",
    ]
    table = [cells(ln) for ln in lines[1:-1]]
    assert [
        "Manchester City Council",
        "2018/19-2019/20",
        "learning disability",
        "approved",
        "£1,450,000",
        "1",
        "1",
    ] in table
    assert {r[2] for r in table} >= {"assistive technology", "reablement and intermediate care"}
    assert lines[-1] == (
        f"{len(table)} rows; saving_gbp is positive for a saving, negative for a cost"
    )


@pytest.mark.parametrize(
    ("measure", "net"),
    # The paper's printed Total Net Savings (£000, printed negative): -8,537, -2,673, and
    # -6,064 and -8,737 where its own rows add up to £1k less.
    [
        ("approved", "8537000.00"),
        ("achieved", "2673000.00"),
        ("proposed", "6063000.00"),
        ("revised", "8736000.00"),
    ],
)
def test_cli_research_trends_add_up_to_the_printed_net_total(
    warehouse: Path, measure: str, net: str
) -> None:
    code, out, _ = run(
        "trends", "-w", str(warehouse), "--by", "authority", "-m", measure, "-f", "csv"
    )
    assert code == 0
    header, row = out.splitlines()
    assert header == "authority,authority_code,measure,saving_gbp,schemes,papers"
    assert row.split(",")[:4] == ["Manchester City Council", "E08000003", measure, net]


def test_cli_research_trends_by_category_csv(warehouse: Path) -> None:
    code, out, _ = run(
        "trends",
        "-w",
        str(warehouse),
        "-b",
        "category",
        "-m",
        "achieved",
        "-c",
        "learning",
        "-c",
        "extra",
        "-f",
        "csv",
    )
    assert code == 0
    assert out == (
        "category,measure,saving_gbp,schemes,papers\n"
        "extra care and housing,achieved,1523000.00,1,1\n"
        "learning disability,achieved,950000.00,1,1\n"
    )


def test_cli_research_trends_year_filters(warehouse: Path) -> None:
    code, out, _ = run(
        "trends",
        "-w",
        str(warehouse),
        "-b",
        "year",
        "--from",
        "2019/20",
        "--to",
        "2019",
        "-f",
        "json",
    )
    assert code == 0
    assert '"fiscal_year": "2019/20"' in out and "2018/19" not in out


def test_cli_research_trends_no_match_says_so(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--category", "learning", "--from", "2030")
    assert (code, out, err) == (0, "", "no savings match these filters\n")


def test_cli_research_trends_unknown_category_is_rejected(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--category", "nothing like this")
    assert (code, out) == (1, "")
    assert err.startswith("Error: no category matches 'nothing like this'; known: ")


def test_cli_research_trends_bad_year_is_one_line(warehouse: Path) -> None:
    code, _, err = run("trends", "-w", str(warehouse), "--from", "soon")
    assert (code, err) == (1, "Error: cannot read 'soon' as a fiscal year; write 2019 or 2019/20\n")


def test_cli_research_no_warehouse(tmp_path: Path) -> None:
    code, _, err = run("trends", "-w", str(tmp_path / "none.duckdb"))
    assert code == 1
    assert err.startswith("Error: no warehouse at ")


# --------------------------------------------------------------------------- export


def test_cli_research_export_parquet_and_csv(warehouse: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "export", "savings_research", str(tmp_path / "s.parquet"), "-w", str(warehouse)
    )
    assert code == 0
    assert out == f"wrote 126 rows of savings_research to {tmp_path / 's.parquet'} (parquet)\n"
    got = (
        duckdb.connect()
        .execute(
            f"select count(*), sum(saving_gbp) filter (where not is_total and measure = 'approved')"
            f" from '{tmp_path / 's.parquet'}'"
        )
        .fetchone()
    )
    assert got is not None and (got[0], str(got[1])) == (126, "8537000.00")
    code, out, _ = run(
        "export",
        "rag_mix",
        str(tmp_path / "rag.csv"),
        "-w",
        str(warehouse),
        "--where",
        "rag <> 'unrated'",
    )
    assert code == 0
    text = (tmp_path / "rag.csv").read_text(encoding="utf-8").splitlines()
    assert text[0] == (
        "authority,authority_code,paper_year,paper_first_fy,document_id,rag,schemes,"
        "share_of_rated,planned_gbp,share_of_planned"
    )
    assert [ln.split(",")[5] for ln in text[1:]] == ["Red", "Amber", "Green"]


def test_cli_research_export_unknown_view(warehouse: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "nope", str(tmp_path / "x.csv"), "-w", str(warehouse))
    assert code == 1
    assert err.startswith("Error: no view named 'nope'; views: checks, claims, claims_research,")


def test_cli_research_export_unknown_suffix(warehouse: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "rag_mix", str(tmp_path / "x.xlsx"), "-w", str(warehouse))
    assert code == 1 and "use .csv or .parquet, or --format" in err


# --------------------------------------------------------------------------- chart


def test_cli_research_chart_png(warehouse: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "c.png"
    code, out, _ = run(
        "chart",
        str(out_path),
        "-w",
        str(warehouse),
        "--x",
        "category",
        "--series",
        "measure",
        "-m",
        "approved",
        "-m",
        "revised",
        "--kind",
        "bar",
    )
    assert code == 0
    assert out == (
        f"wrote {out_path}: 2 series over 11 category value(s) — Savings by category and "
        "measure — Manchester City Council, 2018/19-2019/20\n"
    )
    with Image.open(out_path) as im:
        assert im.format == "PNG" and im.size == (1100, 616)


def test_cli_research_chart_svg_line(warehouse: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "c.svg"
    code, _, _ = run("chart", str(out_path), "-w", str(warehouse), "--title", "Net savings")
    assert code == 0
    svg = out_path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Net savings" in svg and "Fiscal year" in svg


def test_cli_research_chart_refuses_unreadable_charts(warehouse: Path, tmp_path: Path) -> None:
    code, _, err = run("chart", str(tmp_path / "c.png"), "-w", str(warehouse), "-s", "category")
    assert code == 1
    assert re.match(r"Error: \d+ series \(category × measure\) are too many to tell apart", err)
    code, _, err = run("chart", str(tmp_path / "c.pdf"), "-w", str(warehouse))
    assert (code, err) == (1, f"Error: {tmp_path / 'c.pdf'}: charts are written as .png or .svg\n")


# --------------------------------------------------------------------------- show


def test_cli_research_show_page_by_page(warehouse: Path) -> None:
    code, out, _ = run("show", "manchester", "-w", str(warehouse))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{MANCHESTER}  Manchester City Council (E08000003)  paper for 2019/20"
    assert [ln for ln in lines if ln.startswith("page ")] == [f"page {n}" for n in range(1, 6)]
    assert any(ln.startswith("  table 0 (ruled, pages 4-5, ") for ln in lines)
    assert any(ln.startswith("    sign -1: savings printed negative: ") for ln in lines)
    assert "    High Cost Placements (Learning Disability) Amber → learning disability" in lines
    assert "  table 0 (continued)" in lines


def test_cli_research_show_image(warehouse: Path, tmp_path: Path) -> None:
    img = tmp_path / "p4.png"
    code, out, _ = run(
        "show",
        MANCHESTER[:6],
        "-w",
        str(warehouse),
        "--page",
        "4",
        "--no-rows",
        "--image",
        str(img),
        "--resolution",
        "72",
    )
    assert code == 0
    assert out.splitlines()[-1].startswith(f"wrote {img}: page 4 with 1 table (red) and ")
    assert out.splitlines()[-1].endswith("rows numbered and listed beside it")
    with Image.open(img) as im:
        # A4 landscape at 72 dpi, and the panel listing what was read to its right
        assert im.size[0] > 842 + 400 and im.size[1] >= 595
        page = im.convert("RGB").crop((0, 0, 842, 595))
        # the table outline is drawn in red, on the page
        colours = page.getcolors(maxcolors=1 << 20) or []
        assert (220, 30, 30) in {c for _n, c in colours}
    code, out, _ = run(
        "show",
        MANCHESTER[:6],
        "-w",
        str(warehouse),
        "--page",
        "4",
        "--no-rows",
        "--image",
        str(img),
        "--resolution",
        "72",
        "--no-legend",
    )
    assert code == 0 and "numbered" not in out
    with Image.open(img) as im:
        assert im.size[0] == 842 and im.size[1] in (595, 596)


def test_cli_research_show_image_lists_what_was_read(warehouse: Path) -> None:
    """The panel: each row's number, label, RAG and values; £ only in a font that has it."""
    with connect(warehouse, read_only=True) as con:
        doc = find_document(con, "manchester")
        rows = page_rows(con, doc, 4)
    assert [r.tag for r in rows] == list(range(1, len(rows) + 1))
    assert rows == sorted(rows, key=lambda r: r.box[1])  # numbered top to bottom
    lines = panel_lines(4, rows, 70)
    text = "\n".join(lines)
    assert max(len(ln) for ln in lines) <= 70
    assert "1. Extra Care  [Green]" in text
    assert "Approved Budget 2018-20 Cumulative Savings: -£2,254,000" in " ".join(lines)
    assert "£" in text and "GBP" not in text
    plain = "\n".join(panel_lines(4, rows, 70, pound=False))
    assert "£" not in plain and "GBP " in plain


def test_panel_font_falls_back_without_truetype(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFont

    _font, pound = panel_font(12)
    assert pound  # DejaVu Sans: the system's or matplotlib's copy

    def no_truetype(*_a: object, **_k: object) -> None:
        raise OSError("no font")

    monkeypatch.setattr(ImageFont, "truetype", no_truetype)
    _font, pound = panel_font(12)
    assert not pound


def test_cli_research_show_unknown_paper(warehouse: Path) -> None:
    code, _, err = run("show", "no-such-paper", "-w", str(warehouse))
    assert code == 1 and err.startswith("Error: no paper matches 'no-such-paper'")


def test_cli_research_show_moved_pdf(warehouse: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "show",
        "hackney",
        "-w",
        str(warehouse),
        "--image",
        str(tmp_path / "x.png"),
        "--pdf",
        str(tmp_path / "gone.pdf"),
    )
    assert code == 1 and "the paper is not there any more; give its path with --pdf" in err


# --------------------------------------------------------------------------- docs


def test_cli_research_docs_check_and_write(tmp_path: Path) -> None:
    code, out, _ = run("docs", "--check", "-o", str(REPO / "docs" / "data-dictionary.md"))
    assert (code, out) == (0, f"{REPO / 'docs' / 'data-dictionary.md'} is current\n")
    stale = tmp_path / "dd.md"
    stale.write_text("old\n", encoding="utf-8")
    code, _, err = run("docs", "--check", "-o", str(stale))
    assert (code, err) == (1, f"{stale} is out of date: run `pipeline docs`\n")
    code, _, _ = run("docs", "-o", str(stale))
    assert code == 0 and stale.read_text(encoding="utf-8") == data_dictionary()


@pytest.mark.parametrize(
    ("command", "summary"),
    [
        ("trends", "Savings (positive = saving) by authority, fiscal year and category"),
        ("export", "Write one view of the warehouse to a CSV or Parquet file."),
        ("chart", "Chart savings (positive = saving) by year, category or authority."),
        ("show", "Show what was extracted from one paper, page by page."),
        ("docs", "Write docs/data-dictionary.md"),
    ],
)
def test_cli_research_every_command_has_help(command: str, summary: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and summary in " ".join(out.split())


def test_chart_colours_never_repeat_and_headings_are_cut_at_a_word() -> None:
    """Twelve series get twelve colours (tab10 repeated after ten); a long heading shown by
    `pipeline show` ends at a word with an ellipsis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pipeline.cli.show_cmd import _clip
    from pipeline.research.charts import _palette

    for n in (3, 12, 25):
        assert len(set(_palette(plt, n))) == n
    heading = "Adult Social Care savings programme 2019/20: delivery against the approved plan"
    clipped = _clip(heading, 40)
    assert clipped.endswith("…") and len(clipped) <= 40
    assert heading.startswith(clipped[:-1]) and heading[len(clipped) - 1] == " "
    assert _clip("Short heading", 40) == "Short heading"
