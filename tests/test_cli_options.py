"""Options before the command (issue 12, item 9): --version, -v/--verbose, shell completion."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app

runner = CliRunner()


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    p = tmp_path / "leeds-savings-2021-22.txt"
    p.write_text(
        "Leeds City Council adult social care savings 2021/22\n\n"
        "Scheme\tSaving 2021/22\n\t£000\nHomecare\t1,000\nReablement\t500\n"
    )
    return p


def ingest(tmp_path: Path, *before: str, paper: Path) -> tuple[int, str, str]:
    res = runner.invoke(
        app,
        [
            *before,
            "ingest",
            str(paper),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--extracted",
            str(tmp_path / "ex"),
        ],
    )
    return res.exit_code, res.stdout, res.stderr


def test_cli_version() -> None:
    res = runner.invoke(app, ["--version"])
    assert (res.exit_code, res.stdout) == (0, f"pipeline (budget-papers) {__version__}\n")


def test_cli_verbose_says_what_each_stage_did(tmp_path: Path, paper: Path) -> None:
    code, _, err = ingest(tmp_path, "-v", paper=paper)
    assert code == 0, err
    lines = err.splitlines()
    assert any(
        ln.startswith(f"pipeline.extract: extracted {paper}: 1 pages, 1 tables, 2 figures")
        for ln in lines
    ), err
    assert any(ln.startswith(f"pipeline.load: loaded {paper} as ") for ln in lines), err
    # Without -v the same command is quiet on stderr, and -v leaves no handler behind.
    code, _, err = ingest(tmp_path / "again", paper=paper)
    assert (code, err) == (0, "")
    assert logging.getLogger("pipeline").level == logging.WARNING


def test_cli_verbose_twice_is_debug(tmp_path: Path, paper: Path) -> None:
    code, _, _ = ingest(tmp_path, "-vv", paper=paper)
    assert code == 0
    assert logging.getLogger("pipeline").level == logging.DEBUG
    ingest(tmp_path / "quiet", paper=paper)
    assert logging.getLogger("pipeline").level == logging.WARNING


def test_cli_shell_completion_script_and_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    # typer finds the shell from the processes above this one (bash from a terminal, sh
    # under make): say which, so the test does not depend on how it was started.
    import typer.completion

    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    res = runner.invoke(app, ["--show-completion"])
    assert res.exit_code == 0, (res.output, res.exception)
    assert "complete -o default -F _pipeline_completion pipeline" in res.stdout
    # The script asks the command itself; it answers with the commands that fit.
    exe = Path(sys.executable).parent / "pipeline"
    env = {
        **os.environ,
        "_PIPELINE_COMPLETE": "complete_bash",
        "COMP_WORDS": "pipeline tr",
        "COMP_CWORD": "1",
    }
    done = subprocess.run([str(exe)], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["trends"], done.stderr
