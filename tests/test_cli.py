"""The command line, end to end, in-process with typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    return {"wh": tmp_path / "wh" / "b.duckdb", "ex": tmp_path / "ex", "in": tmp_path / "in"}


def run(dirs: dict[str, Path], *args: str) -> tuple[int, str]:
    res = runner.invoke(
        app,
        [
            *args,
            "--warehouse",
            str(dirs["wh"]),
            *(["--extracted", str(dirs["ex"])] if args[0] in {"ingest", "rebuild"} else []),
        ],
    )
    return res.exit_code, res.output


def rows(dirs: dict[str, Path], sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(dirs["wh"]), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_cli_ingest_loads_figures_mentions_and_authority(
    savings_pdf: Path, dirs: dict[str, Path]
) -> None:
    code, out = run(dirs, "ingest", str(savings_pdf))
    assert code == 0, out
    assert "1 loaded" in out
    (doc,) = rows(dirs, "select authority, authority_code, first_fy, status from documents")
    assert doc == ("Kent County Council", "E10000016", 2019, "ok")
    total = rows(dirs, "select sum(amount_gbp) from savings where not is_total")[0][0]
    assert str(total) == "2600000.00"
    labels = {r[0] for r in rows(dirs, "select label from mentions")}
    assert {"MONEY", "FISCAL_YEAR", "PARTNER"} <= labels
    assert rows(dirs, "select count(*) from checks where not ok") == [(0,)]
    assert list(dirs["ex"].glob("*.json"))


def test_cli_ingest_is_idempotent_and_records_duplicates(
    savings_pdf: Path, dirs: dict[str, Path], tmp_path: Path
) -> None:
    assert run(dirs, "ingest", str(savings_pdf))[0] == 0
    code, out = run(dirs, "ingest", str(savings_pdf))
    assert code == 0 and "1 unchanged" in out
    copy = tmp_path / "copy-of-paper.pdf"
    copy.write_bytes(savings_pdf.read_bytes())
    code, out = run(dirs, "ingest", str(copy))
    assert code == 0 and "1 duplicate" in out
    assert rows(dirs, "select count(*) from savings") == [(8,)]
    assert rows(dirs, "select status from documents order by status") == [("duplicate",), ("ok",)]
    code, out = run(dirs, "ingest", str(savings_pdf), "--force")
    assert code == 0 and "1 loaded" in out
    assert rows(dirs, "select count(*) from savings") == [(8,)]


def test_cli_bad_papers_fail_alone(savings_pdf: Path, dirs: dict[str, Path]) -> None:
    folder = dirs["in"]
    folder.mkdir()
    (folder / "good.pdf").write_bytes(savings_pdf.read_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "page.pdf").write_text("<html><body>404</body></html>")
    (folder / "cut.pdf").write_bytes(savings_pdf.read_bytes()[:900])
    code, out = run(dirs, "ingest", str(folder))
    assert code == 1
    assert "1 loaded" in out and "3 failed" in out
    assert f"FAILED {folder / 'empty.pdf'}: the file is empty" in out
    assert "HTML page" in out
    failed = rows(dirs, "select source_file, error from documents where status = 'failed'")
    assert len(failed) == 3 and all(err for _, err in failed)
    assert rows(dirs, "select count(*) from savings") == [(8,)]


def test_cli_ingest_json_and_overrides(savings_pdf: Path, dirs: dict[str, Path]) -> None:
    code, out = run(
        dirs, "ingest", str(savings_pdf), "--json", "--authority", "E09000012", "--year", "2021"
    )
    assert code == 0, out
    report = json.loads(out)
    assert report["loaded"] == 1 and report["papers"][0]["authority"] == "London Borough of Hackney"
    assert rows(dirs, "select authority_code, first_fy from documents") == [("E09000012", 2021)]


def test_cli_manifest(savings_pdf: Path, dirs: dict[str, Path], tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        f"file,authority,year,source_url\n{savings_pdf.name},Manchester,2018/19,https://x/y.pdf\n"
    )
    code, out = run(dirs, "ingest", str(savings_pdf), "--manifest", str(manifest))
    assert code == 0, out
    assert rows(dirs, "select authority_code, first_fy, source_url from documents") == [
        ("E08000003", 2018, "https://x/y.pdf")
    ]


def test_cli_query_formats_and_errors(savings_pdf: Path, dirs: dict[str, Path]) -> None:
    run(dirs, "ingest", str(savings_pdf))
    sql = "select row_label, amount_gbp from savings where not is_total order by row_index, x0"
    code, out = run(dirs, "query", sql, "--format", "csv")
    assert code == 0
    assert out.splitlines()[:2] == ["row_label,amount_gbp", "Reablement expansion,1200000.00"]
    code, out = run(dirs, "query", sql, "--format", "json")
    # Amounts are JSON numbers, written exactly: read them back as decimals, not floats.
    first = {"row_label": "Reablement expansion", "amount_gbp": Decimal("1200000.00")}
    assert json.loads(out, parse_float=Decimal)[0] == first
    assert '"amount_gbp": 1200000.00' in out
    code, out = run(dirs, "query", sql, "--format", "ndjson")
    assert json.loads(out.splitlines()[0], parse_float=Decimal) == first
    assert len(out.splitlines()) == 6
    code, out = run(dirs, "query", sql, "--format", "tsv")
    assert out.splitlines()[:2] == ["row_label\tamount_gbp", "Reablement expansion\t1200000.00"]
    code, out = run(dirs, "query", sql, "--format", "markdown")
    assert out.splitlines()[:3] == [
        "| row_label | amount_gbp |",
        "|---|---|",
        "| Reablement expansion | 1200000.00 |",
    ]
    code, out = run(dirs, "query", sql, "--format", "records")
    assert out.splitlines()[:3] == [
        "-- row 1",
        "row_label   Reablement expansion",
        "amount_gbp  1200000.00",
    ]
    code, out = run(dirs, "query", sql)
    assert code == 0 and "Reablement expansion" in out and "6 rows" in out
    code, out = run(dirs, "query", "select nope from savings")
    assert code == 1
    assert out.startswith("Error: query failed:") and "Traceback" not in out
    # DuckDB's hint stays on the one line: the view meant is named.
    code, out = run(dirs, "query", "select * from saving")
    assert code == 1 and "Did you mean" in out and "savings" in out


def test_cli_query_without_warehouse(dirs: dict[str, Path]) -> None:
    code, out = run(dirs, "query", "select 1")
    assert code == 1 and "run `pipeline ingest` first" in out


def test_cli_rebuild_from_artefacts(savings_pdf: Path, dirs: dict[str, Path]) -> None:
    run(dirs, "ingest", str(savings_pdf))
    before = rows(dirs, "select * exclude (ingested_at) from documents")
    figures = rows(dirs, "select * from savings order by all")
    dirs["wh"].unlink()
    code, out = run(dirs, "rebuild")
    assert code == 0 and "from 1 artefacts" in out
    assert rows(dirs, "select * exclude (ingested_at) from documents") == before
    assert rows(dirs, "select * from savings order by all") == figures


def test_cli_second_writer_waits_then_fails_clearly(
    savings_pdf: Path, dirs: dict[str, Path]
) -> None:
    dirs["wh"].parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " time.sleep(20)",
            str(dirs["wh"]),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        code, out = run(dirs, "ingest", str(savings_pdf), "--wait", "0.5")
        assert code == 1
        assert "is in use by another process" in out and "Traceback" not in out
        assert time.monotonic() - started < 15
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert run(dirs, "ingest", str(savings_pdf))[0] == 0


def test_cli_missing_path(dirs: dict[str, Path], tmp_path: Path) -> None:
    code, out = run(dirs, "ingest", str(tmp_path / "nowhere"))
    assert code == 1 and "no such file or folder" in out


def test_cli_text_paper(dirs: dict[str, Path], tmp_path: Path) -> None:
    paper = tmp_path / "leeds-asc-2017-18.txt"
    paper.write_text(
        "Leeds City Council adult social care savings 2017/18\n\n"
        "The council will save £1.5m with NHS Leeds Clinical Commissioning Group.\n\n"
        "Scheme\tSaving 2017/18\tRAG\n\t£000\t\nHomecare\t1,000\tGreen\nReablement\t500\tRed\n"
        "Total\t1,500\t\n"
    )
    code, out = run(dirs, "ingest", str(paper))
    assert code == 0, out
    assert rows(dirs, "select authority_code, first_fy from documents") == [("E08000035", 2017)]
    got = rows(dirs, "select row_label, amount_gbp, rag from savings order by row_index")
    assert [(r[0], str(r[1]), r[2]) for r in got] == [
        ("Homecare", "1000000.00", "Green"),
        ("Reablement", "500000.00", "Red"),
        ("Total", "1500000.00", None),
    ]


def test_cli_every_command_has_help() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for name in ("ingest", "query", "rebuild"):
        assert name in res.output
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0 and len(sub.output) > 100


def test_cli_summary_tells_papers_of_one_name_apart(
    dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an 80-column terminal two papers called 'Appendix 1 - Budget Update.txt' in two
    meeting folders are shown with their folders, and a copy names the paper it copies."""
    monkeypatch.setenv("COLUMNS", "80")
    text = "Leeds City Council savings 2017/18\n\nScheme\tSaving 2017/18\n\t£000\nHomecare\t1,000\n"
    for meeting, extra in (("2025-01-30", ""), ("2025-03-04", "Reablement\t500\n")):
        paper = tmp_path / "papers" / meeting / "Appendix 1 - Budget Update.txt"
        paper.parent.mkdir(parents=True)
        paper.write_text(text + extra, encoding="utf-8")
    copy = tmp_path / "papers" / "copy.txt"
    copy.write_text(text, encoding="utf-8")
    code, out = run(dirs, "ingest", str(tmp_path / "papers"))
    assert code == 0, out
    flat = "".join(out.split())
    assert "2025-01-30/Appendix1-BudgetUpdate.txt" in flat
    assert "2025-03-04/Appendix1-BudgetUpdate.txt" in flat
    assert "…" not in out
    assert "copy.txt: same content as" in out


def test_cli_query_says_it_is_waiting_for_a_writer(
    savings_pdf: Path, dirs: dict[str, Path]
) -> None:
    """While another process holds the warehouse, `pipeline query` says it waits, then answers."""
    import subprocess
    import sys

    run(dirs, "ingest", str(savings_pdf))
    # The holder keeps the warehouse until told to let go, once the query has said it
    # waits: no sleep to race against a slow start on a loaded machine.
    hold = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
        "print('held', flush=True); sys.stdin.readline(); con.close()"
    )
    pipeline_cmd = Path(sys.executable).with_name("pipeline")
    with subprocess.Popen(
        [sys.executable, "-c", hold, str(dirs["wh"])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with subprocess.Popen(
            [str(pipeline_cmd), "query", "select count(*) from savings", "-w", str(dirs["wh"])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as query:
            assert query.stderr is not None
            said = query.stderr.readline()
            holder.stdin.write("go\n")
            holder.stdin.flush()
            out, err = query.communicate(timeout=60)
    assert query.returncode == 0, said + err
    assert "waiting up to" in said and "rows" in out
