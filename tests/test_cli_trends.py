"""Trends and charts never mislead: undated figures and unknown filter values are said aloud.

Issue 12, items 1 and 2: a multi-year Total column (no single year) must not be a
blank-year row of `pipeline trends` nor an "unknown" year on a chart; a filter value
that names nothing is an error with a did-you-mean; a filter that drops figures for
want of a value (no measure) says how many.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import VIEWS
from pipeline.load import connect, load_extraction
from pipeline.research import TrendQuery, chart_data, did_you_mean
from tests.test_research import PLAN_21, PLAN_22, extraction, rows_to_figures

TOTAL = ("Total £", "approved", None)  # a column over several years, naming none
YEARS_ONLY = ("2023/24", None, (2023, 2023))  # a column that is only a year: no measure

runner = CliRunner()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    figures = rows_to_figures(
        [
            ("Telecare", None, "Green", ["100", "200", "300", "50"]),
            ("Day services", None, "Red", ["10", "20", "30", "5"]),
        ],
        [PLAN_21, PLAN_22, TOTAL, YEARS_ONLY],  # type: ignore[list-item]
    )
    path = tmp_path_factory.mktemp("trends") / "w.duckdb"
    with connect(path, views=VIEWS) as con:
        load_extraction(con, extraction("f" * 64, "Leeds City Council", "E08000035", 2021, figures))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_issue_12_trends_leave_out_undated_figures_and_say_so(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--by", "year", "-f", "json")
    assert code == 0
    rows = json.loads(out, parse_float=Decimal)  # amounts are exact JSON numbers
    assert [(r["fiscal_year"], r["measure"], r["saving_gbp"]) for r in rows] == [
        ("2021/22", "approved", Decimal("110.00")),
        ("2022/23", "proposed", Decimal("220.00")),
        ("2023/24", None, Decimal("55.00")),
    ]
    assert err == (
        "note: left out: 2 figures in columns that name no fiscal year, so no trend can place "
        "them (columns such as 'Total £'); see them with pipeline query \"select * from "
        'savings_research where first_fy is null"\n'
    )


def test_issue_12_table_has_no_blank_year_row(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--by", "year")
    assert code == 0
    years = [line.split()[0] for line in out.splitlines()[1:-1]]
    assert years == ["2021/22", "2022/23", "2023/24"]
    assert "2 figures in columns that name no fiscal year" in err


def test_issue_12_chart_has_no_unknown_year(warehouse: Path, tmp_path: Path) -> None:
    out_png = tmp_path / "c.png"
    code, out, err = run("chart", str(out_png), "-w", str(warehouse), "--x", "year")
    assert code == 0, err
    assert out.startswith(f"wrote {out_png}: 3 series over 3 year value(s)")
    assert "note: left out: 2 figures in columns that name no fiscal year" in err
    with connect(warehouse, read_only=True) as con:
        data = chart_data(con, "year", "measure", TrendQuery(), None)
    assert data.labels == ["2021/22", "2022/23", "2023/24"]
    assert "no measure stated" in data.series  # not "unknown"
    assert data.notes and "'Total £'" in data.notes[0]


def test_issue_12_measure_filter_says_what_it_left_out(warehouse: Path) -> None:
    code, out, err = run(
        "trends", "-w", str(warehouse), "-b", "year", "-m", "approved", "-f", "csv"
    )
    assert code == 0
    assert out.splitlines()[1:] == ["2021/22,approved,110.00,2,1"]
    assert (
        "note: left out by --measure: 2 figures in columns that name no measure, only a period "
        "(columns such as '2023/24'); run without --measure to see them"
    ) in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--measure", "aproved"],
            "Error: no measure matches 'aproved'; did you mean 'approved'? known: achieved, ",
        ),
        (
            ["--authority", "narnia"],
            "Error: no authority matches 'narnia'; known: Leeds City Council\n",
        ),
        (  # the word every council shares suggests none of them
            ["--authority", "Narnia Council"],
            "Error: no authority matches 'Narnia Council'; known: Leeds City Council\n",
        ),
        (
            ["--authority", "Leds"],
            "Error: no authority matches 'Leds'; did you mean 'Leeds City Council'? known: ",
        ),
        (
            ["--category", "homecre"],
            "Error: no category matches 'homecre'; did you mean 'homecare'?",
        ),
    ],
)
def test_issue_12_unknown_filter_values_are_rejected(
    warehouse: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    for command in (["trends"], ["chart", str(tmp_path / "c.png")]):
        code, out, err = run(*command, "-w", str(warehouse), *args)
        assert (code, out) == (1, ""), command
        assert err.startswith(message), (command, err)
    assert not (tmp_path / "c.png").exists()


def test_issue_12_known_values_pass(warehouse: Path) -> None:
    for args in (["--authority", "E08000035"], ["--authority", "leeds"], ["-m", "Approved"]):
        code, _, err = run("trends", "-w", str(warehouse), *args)
        assert code == 0, (args, err)


def test_did_you_mean_matches_whole_names_or_their_words() -> None:
    known = ["Leeds City Council", "Kent County Council", "approved", "achieved"]
    assert did_you_mean("aproved", known) == "approved"
    assert did_you_mean("kentt", known) == "Kent County Council"
    assert did_you_mean("narnia", known) is None


def test_issue_12_summing_a_span_with_a_year_inside_it_is_said(with_span: Path) -> None:
    path = with_span
    code, out, err = run("trends", "-w", str(path), "--by", "authority", "-f", "csv")
    assert code == 0
    assert out.splitlines()[1] == "Kent County Council,E10000016,approved,350.00,2,1"
    assert err == (
        "note: 1 row(s) add up figures of overlapping periods, such as a span and a year inside "
        "it, which may count a saving twice (first: Kent County Council / E10000016 / approved);"
        " add --by year to see them apart, or --single-year to keep single years only\n"
    )
    code, _, err = run("trends", "-w", str(path), "--by", "authority", "--by", "year")
    assert (code, err) == (0, "")


@pytest.fixture
def with_span(tmp_path: Path) -> Path:
    span = ("Approved 2021-23 £", "approved", (2021, 2022))
    figures = rows_to_figures([("Telecare", None, None, ["100", "250"])], [PLAN_21, span])
    path = tmp_path / "w.duckdb"
    with connect(path, views=VIEWS) as con:
        load_extraction(
            con, extraction("e" * 64, "Kent County Council", "E10000016", 2021, figures)
        )
    return path


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (
            ["--from", "2022"],
            "note: left out by --from: 1 figure in spans that begin before 2022/23 and run into "
            "it (columns such as 'Approved 2021-23 £'); a span is kept only when it lies wholly "
            "within --from and --to\n",
        ),
        (
            ["--to", "2021/22"],
            "note: left out by --to: 1 figure in spans that run past 2021/22 (columns such as "
            "'Approved 2021-23 £'); a span is kept only when it lies wholly within --from and "
            "--to\n",
        ),
        (
            ["--single-year"],
            "note: left out by --single-year: 1 figure in columns over several years (columns "
            "such as 'Approved 2021-23 £')\n",
        ),
    ],
)
def test_issue_12_year_filters_say_what_they_left_out(
    with_span: Path, args: list[str], note: str
) -> None:
    code, _, err = run("trends", "-w", str(with_span), "--by", "year", *args)
    # --from 2022 leaves nothing: the table gives way to the one line saying so.
    empty = "no savings match these filters\n" if args[0] == "--from" else ""
    assert (code, err) == (0, empty + note)
