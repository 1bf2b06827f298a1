"""docs/research-example.md runs as written, and prints what it shows (issue 12, done-when).

Each ```python cell runs in one namespace, in a folder holding a warehouse
built from two test papers, as the page says; the ```text block after a cell
must be what it printed. After changing the page or the pipeline, rewrite the
outputs with ``.venv/bin/python tests/test_research_example.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "research-example.md"
CHART = REPO / "docs" / "research-example-chart.png"
PAPERS = (
    REPO / "tests/fixtures/docx/cheshire-east-asc-mtfs-2020-21.pdf",
    REPO / "tests/fixtures/docx/southampton-asc-savings-2019-20.pdf",
)
CELL = re.compile(r"```python\n(.*?)```\n\n```text\n(.*?)```", re.S)


def build(work: Path) -> None:
    """The page's set-up: the two papers in raw/, ingested into warehouse/budget.duckdb."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    (work / "raw").mkdir(parents=True)
    for p in PAPERS:
        shutil.copy(p, work / "raw" / p.name)
    with chdir(work):
        result = CliRunner().invoke(app, ["ingest", "raw/", "-w", "warehouse/budget.duckdb"])
    assert result.exit_code == 0, result.output


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_cells(text: str, work: Path) -> list[tuple[str, str, str]]:
    """(code, printed, shown) for every cell, run in order in one namespace."""
    namespace: dict[str, object] = {"__name__": "__research_example__"}
    out = []
    with chdir(work):
        for m in CELL.finditer(text):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                exec(compile(m.group(1), str(DOC), "exec"), namespace)
            out.append((m.group(1), buf.getvalue(), m.group(2)))
    return out


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str, str]]]:
    work = tmp_path_factory.mktemp("example")
    build(work)
    return work, run_cells(DOC.read_text(encoding="utf-8"), work)


def test_every_cell_prints_what_the_page_shows(
    cells: tuple[Path, list[tuple[str, str, str]]],
) -> None:
    _work, ran = cells
    assert len(ran) >= 6
    for code, printed, shown in ran:
        assert printed == shown, f"cell output differs:\n{code}"


def test_the_example_compares_two_councils_per_head_in_real_terms(
    cells: tuple[Path, list[tuple[str, str, str]]],
) -> None:
    work, ran = cells
    text = "".join(printed for _c, printed, _s in ran)
    assert "Cheshire East Council" in text and "Southampton City Council" in text
    assert "Saving per head (2024/25 prices) by year and authority" in text
    assert "note: how: per head" in text and "note: how: real terms" in text
    assert (work / "per-head-real.png").stat().st_size > 1000


def _update() -> None:
    """Rewrite the page's outputs (and its chart) from a fresh run."""
    import tempfile

    text = DOC.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build(work)
        ran = iter(run_cells(text, work))

        def fill(m: re.Match[str]) -> str:
            _code, printed, _shown = next(ran)
            return f"```python\n{m.group(1)}```\n\n```text\n{printed}```"

        DOC.write_text(CELL.sub(fill, text), encoding="utf-8")
        shutil.copy(work / "per-head-real.png", CHART)
    print(f"rewrote {DOC.relative_to(REPO)} and {CHART.relative_to(REPO)}")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    _update()
