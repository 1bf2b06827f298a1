"""The README's walkthrough runs as written on the sample papers, from ingest to chart."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]


def walkthrough() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- walkthrough:start -->(.*?)<!-- walkthrough:end -->", text, re.S)
    assert match, "README.md has no walkthrough section"
    return match.group(1)


def blocks(section: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", section, re.S)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The walkthrough's shell block, run in a fresh folder holding a copy of raw/."""
    script = blocks(walkthrough(), "bash")[0]
    assert script.startswith("source .venv/bin/activate")
    work = tmp_path_factory.mktemp("walkthrough")
    shutil.copytree(REPO / "raw", work / "raw")
    # The checkout as `make setup` leaves it: the venv this test runs in, at .venv/.
    (work / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_PAPERS_")}
    env |= {
        "BUDGET_PAPERS_WAREHOUSE": str(work / "warehouse" / "budget.duckdb"),
        "BUDGET_PAPERS_EXTRACTED": str(work / "extracted"),
        # `pipeline` only from the venv the walkthrough activates, as on a fresh machine.
        "PATH": os.pathsep.join(
            d for d in env.get("PATH", "").split(os.pathsep) if not Path(d, "pipeline").exists()
        ),
    }
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return work, done


def test_walkthrough_runs_as_written(ran: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, done = ran
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "2 papers: 2 loaded, 0 unchanged, 0 duplicate, 0 failed" in out
    assert re.search(
        r"Manchester City Council +2018/19-2019/20 +learning disability +approved"
        r" +£1,450,000",
        out,
    )
    assert "wrote 126 rows of savings_research to savings.parquet (parquet)" in out
    assert "sign -1: savings printed negative" in out
    assert "wrote chart.png: 3 series over 11 category value(s)" in out
    for name in ("savings.parquet", "rag_mix.csv", "page4.png", "chart.png"):
        assert (work / name).stat().st_size > 0, name


def test_walkthrough_chart_is_the_one_shown(
    ran: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    work, _ = ran
    section = walkthrough()
    shown = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", section)
    assert "docs/walkthrough-chart.png" in shown and "docs/walkthrough-page4.png" in shown
    for made, committed in (
        ("chart.png", "walkthrough-chart.png"),
        ("page4.png", "walkthrough-page4.png"),
    ):
        with Image.open(work / made) as a, Image.open(REPO / "docs" / committed) as b:
            assert (a.format, a.size) == (b.format, b.size)


def test_walkthrough_sql_examples_return_rows(
    ran: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    work, done = ran
    assert done.returncode == 0, done.stderr
    sql = "\n".join(blocks(walkthrough(), "sql"))
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", sql).split(";") if s.strip()]
    assert len(statements) >= 7
    con = duckdb.connect(str(work / "warehouse" / "budget.duckdb"), read_only=True)
    try:
        for statement in statements:
            assert con.execute(statement).fetchall(), statement
    finally:
        con.close()
    views = {v for s in statements for v in re.findall(r"\bfrom (\w+)", s)}
    assert views >= {
        "savings_by_category",
        "rag_mix",
        "planned_vs_delivered",
        "scheme_history",
        "savings_research",
        "claims_research",
        "taxonomy",
    }


def test_walkthrough_python_example_runs_with_exact_decimals(
    ran: tuple[Path, subprocess.CompletedProcess[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    work, done = ran
    assert done.returncode == 0, done.stderr
    code = blocks(walkthrough(), "python")[0]
    assert "pipeline.open(" in code
    monkeypatch.chdir(work)
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)
    df = scope["df"]
    assert str(df["saving_gbp"].dtype) == "decimal128(18, 2)[pyarrow]"  # type: ignore[index]
    assert (work / "savings.parquet").stat().st_size > 0
