"""Issue 9: no silent loss, no hang, no injection under hostile input, kills and concurrency."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()

HOSTILE = "Homecare [see note 3] [/x] [bold]loud :bomb:"


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    return {"wh": tmp_path / "wh" / "b.duckdb", "ex": tmp_path / "ex", "in": tmp_path / "in"}


def run(dirs: dict[str, Path], *args: str) -> tuple[int, str]:
    writes = args[0] in {"ingest", "rebuild"}
    extra = ["--extracted", str(dirs["ex"])] if writes else []
    res = runner.invoke(app, [*args, "--warehouse", str(dirs["wh"]), *extra])
    return res.exit_code, res.output


def rows(dirs: dict[str, Path], sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(dirs["wh"]), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def text_paper(path: Path, label: str = "Homecare", body: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "Leeds City Council adult social care savings 2017/18\n\n"
        f"The council will save £1.5m in 2017/18.{body}\n\n"
        f"Scheme\tSaving 2017/18\tRAG\n\t£000\t\n{label}\t1,000\tGreen\nReablement\t500\tRed\n"
        "Total\t1,500\t\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------- 2: markup


def test_issue_9_data_is_printed_as_written_not_as_markup(
    dirs: dict[str, Path], tmp_path: Path
) -> None:
    paper = text_paper(tmp_path / "odd [bold] [see note 3] 2017-18.txt", label=HOSTILE)
    code, out = run(dirs, "ingest", str(paper), "--authority", "[/x] Council")
    assert code == 0, out
    assert "odd [bold] [see note 3] 2017-18.txt" in out and "[/x] Council" in out
    code, out = run(dirs, "query", 'select row_label, 1 as "[/y]" from savings')
    assert code == 0, out
    assert HOSTILE in out and "[/y]" in out
    code, out = run(dirs, "query", "select authority from documents")
    assert code == 0 and "[/x] Council" in out
    code, out = run(dirs, "trends", "--by", "authority")
    assert code == 0, out
    assert "[/x] Council" in out


def test_issue_9_progress_bar_shows_hostile_file_names(
    dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from pipeline.cli import ingest_cmd

    buf = io.StringIO()
    tty = Console(file=buf, force_terminal=True, width=120, markup=False, emoji=False)
    monkeypatch.setattr(ingest_cmd, "err_console", tty)
    text_paper(dirs["in"] / "a [red] [see 1].txt")
    text_paper(dirs["in"] / "b [bold].txt", label="Day care")
    code, out = run(dirs, "ingest", str(dirs["in"]), "--jobs", "1")
    assert code == 0, out
    assert "2 loaded" in out
    assert "b [bold].txt" in buf.getvalue()  # the bar's last description, as written


# --------------------------------------------------------------------------- 3: --where


@pytest.fixture
def loaded(dirs: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    code, out = run(dirs, "ingest", str(text_paper(tmp_path / "leeds-2017-18.txt")))
    assert code == 0, out
    return dirs


@pytest.mark.parametrize(
    "where",
    [
        "1=1) ; copy (select 42) to '{evil}' ; select * from (select 1",
        "1=1; copy (select 42) to '{evil}'",
        "1=1 union all select * from savings",
        "row_label in (select '{evil}' from read_text('/etc/hostname'))",
        "true group by all",
        "1=1 order by 1",
    ],
)
def test_issue_9_export_where_is_one_expression(
    loaded: dict[str, Path], tmp_path: Path, where: str
) -> None:
    evil = tmp_path / "evil.csv"
    out = tmp_path / "out.csv"
    code, text = run(loaded, "export", "savings", str(out), "--where", where.format(evil=evil))
    assert code == 1, text
    assert text.startswith("Error: --where") and "Traceback" not in text
    assert not evil.exists() and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ex", "leeds-2017-18.txt", "wh"]


def test_issue_9_export_where_still_filters(loaded: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    where = "rag = 'Red' and row_label <> 'a;b' -- a comment"
    code, text = run(loaded, "export", "savings", str(out), "--where", where)
    assert code == 0, text
    assert "wrote 1 rows" in text
    assert "Reablement" in out.read_text()
