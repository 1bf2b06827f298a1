"""Overrides are checked (issue 12, item 7): --authority, --year and a manifest's columns
must name one council and one fiscal year, or nothing is ingested."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import PipelineError
from pipeline.names import did_you_mean
from pipeline.normalise import read_year
from pipeline.overrides import check_authority, check_year

runner = CliRunner()


def ingest(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    res = runner.invoke(
        app,
        [
            "ingest",
            *args,
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--extracted",
            str(tmp_path / "ex"),
        ],
    )
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    p = tmp_path / "in" / "paper.txt"
    p.parent.mkdir()
    p.write_text("Adult social care savings\n\nScheme\tSaving £000\nHomecare\t1,000\n")
    return p


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--authority", "Narnia Council"],
            "Error: authority 'Narnia Council' is not a council we know (give a council's "
            "name or GSS code as in pipeline/data/authorities.csv)\n",
        ),
        (
            ["--authority", "Leedz"],
            "Error: authority 'Leedz' is not a council we know; did you mean 'Leeds City "
            "Council'? (give a council's name or GSS code as in pipeline/data/authorities.csv)\n",
        ),
        (
            ["--authority", "MCC"],
            "Error: authority 'MCC' could be Manchester City Council (E08000003), Monmouthshire "
            "County Council (W06000021): give the full name or the GSS code\n",
        ),
        (["--year", "21"], "Error: --year '21' is not a fiscal year; write 2021 or 2021/22\n"),
        (
            ["--year", "2201"],
            "Error: --year '2201' is not a fiscal year; write 2021 or 2021/22\n",
        ),
    ],
)
def test_issue_12_bad_overrides_stop_before_any_paper(
    tmp_path: Path, paper: Path, args: list[str], error: str
) -> None:
    code, out, err = ingest(tmp_path, str(paper), *args)
    assert (code, out, err) == (1, "", error)
    assert not (tmp_path / "ex").exists()


def test_issue_12_year_as_people_write_it(tmp_path: Path, paper: Path) -> None:
    code, _, err = ingest(tmp_path, str(paper), "--year", "2021/22", "--authority", "leeds")
    assert code == 0, err
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        got = con.execute("select authority, authority_code, first_fy from documents").fetchall()
    finally:
        con.close()
    assert got == [("Leeds City Council", "E08000035", 2021)]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            "paper.txt,Leedz,2021,",
            "Error: {m}:2: authority 'Leedz' is not a council we know; did you mean 'Leeds City "
            "Council'? (give a council's name or GSS code as in pipeline/data/authorities.csv)\n",
        ),
        (
            "paper.txt,Leeds,21,",
            "Error: {m}:2: year '21' is not a fiscal year; write 2021 or 2021/22\n",
        ),
    ],
)
def test_issue_12_bad_manifest_rows_name_the_line(
    tmp_path: Path, paper: Path, row: str, error: str
) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"file,authority,year,source_url\n{row}\n")
    code, out, err = ingest(tmp_path, str(paper), "--manifest", str(manifest))
    assert (code, out, err) == (1, "", error.format(m=manifest))


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2021", 2021),
        ("2021/22", 2021),
        ("2021-22", 2021),
        ("21/22", 2021),
        ("FY2021/22", 2021),
        ("2021-23", 2021),
        (" 2019/20 ", 2019),
        ("21", None),
        ("0021", None),
        ("2021/22 and 2022/23", None),
        ("soon", None),
        ("", None),
    ],
)
def test_normalise_read_year(text: str, year: int | None) -> None:
    assert read_year(text) == year


@given(st.integers(min_value=1990, max_value=2098))
def test_normalise_read_year_round_trips_every_form(y: int) -> None:
    for text in (str(y), f"{y}/{(y + 1) % 100:02d}", f"{y}-{(y + 1) % 100:02d}"):
        assert read_year(text) == y
        assert check_year(text) == y


def test_overrides_accept_codes_names_and_variants() -> None:
    assert check_authority("E08000035") == "Leeds City Council"
    assert check_authority("Leeds City Council") == "Leeds City Council"
    assert check_authority("kent") == "Kent County Council"
    assert check_year(2019) == 2019
    with pytest.raises(PipelineError, match="between 1990 and 2099"):
        check_year(21)


def test_did_you_mean_ignores_shared_words_and_tries_each_word() -> None:
    known = ["Leeds City Council", "Kent County Council", "London Borough of Barnet"]
    common = ["council", "city", "county", "borough", "london", "of"]
    assert did_you_mean("Narnia Council", known) is not None  # misled by "Council"
    assert did_you_mean("Narnia Council", known, ignore=common) is None
    assert did_you_mean("Kent Countyy Council", known, ignore=common) == "Kent County Council"
    assert did_you_mean("leedz", known) == "Leeds City Council"


def test_extract_file_warns_of_an_override_naming_no_council(
    paper: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from pipeline.extract import extract_file

    with caplog.at_level(logging.WARNING, logger="pipeline"):
        ex = extract_file(paper, authority="Narnia Council")
    assert (ex.document.authority, ex.document.authority_code) == ("Narnia Council", None)
    assert caplog.messages == [
        "paper.txt: authority 'Narnia Council' names no one council: stored without a code"
    ]
