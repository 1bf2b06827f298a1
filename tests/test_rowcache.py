"""Rows kept beside the artefacts (`pipeline.rowcache`): a rebuild loads them instead of
making them again, only when they are the artefact's as it is now and this version's, and
gives the warehouse a rebuild from the artefacts alone gives."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

import pipeline.ingest
from pipeline import rowcache
from pipeline.ingest import ingest, rebuild
from pipeline.store import list_artefacts
from tests.test_cluster import _compare_module


def _paper(path: Path, label: str, amount: str, council: str = "Leeds City Council") -> Path:
    """A short paper; papers of one council and year tie in the research views, which then
    take the one loaded later (a rebuild loads in the artefacts' order), so tests give two
    councils."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"{council} adult social care savings 2017/18\n\n"
        "The council will save £1.5m with NHS Leeds Clinical Commissioning Group.\n\n"
        "Scheme\tLead\tArea\tSaving 2017/18\tRAG\n\t\t\t£000\t\n"
        f"{label}\tJo Smith\tNorth\t{amount}\tGreen\nReablement\tAl Jones\tSouth\t500\tRed\n"
        "Total\t\t\t1,500\t\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def made(tmp_path: Path) -> dict[str, Path]:
    """Two papers ingested by the worker pool: artefacts, kept rows, a warehouse."""
    papers = [
        _paper(tmp_path / "in" / "a-2017-18.txt", "Homecare", "1,000"),
        _paper(
            tmp_path / "in" / "b-2017-18.txt", "Day care – “new”", "(1,000)", "Kent County Council"
        ),
    ]
    ingest(papers, warehouse=tmp_path / "w.duckdb", extracted=tmp_path / "ex", jobs=1)
    return {"in": tmp_path / "in", "ex": tmp_path / "ex", "w": tmp_path / "w.duckdb"}


def _differences(a: Path, b: Path) -> int:
    return int(_compare_module().compare(a, b, out=io.StringIO()))


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Artefacts a rebuild reads (those it has no kept rows for)."""
    read: list[str] = []
    real = pipeline.ingest.read_extraction

    def counted(path: Any) -> Any:
        read.append(str(path))
        return real(path)

    monkeypatch.setattr(pipeline.ingest, "read_extraction", counted)
    return read


def test_a_rebuild_loads_the_kept_rows_and_gets_what_the_artefacts_give(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = sorted(p.name for p in (made["ex"] / ".rows").iterdir())
    assert len(kept) == 2 and len(list_artefacts(made["ex"])) == 2  # the store lists artefacts
    read = _reads(monkeypatch)
    rebuild(made["ex"], tmp_path / "kept.duckdb")
    assert read == []
    shutil.rmtree(made["ex"] / ".rows")
    rebuild(made["ex"], tmp_path / "made.duckdb")
    assert len(read) == 2
    assert _differences(tmp_path / "made.duckdb", tmp_path / "kept.duckdb") == 0
    assert _differences(made["w"], tmp_path / "kept.duckdb") == 0


def test_an_artefact_written_since_is_read_not_its_old_rows(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    art = sorted(made["ex"].glob("*.json"))[0]
    data = json.loads(art.read_text(encoding="utf-8"))
    data["document"]["title"] = "Written since"
    art.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    read = _reads(monkeypatch)
    rebuild(made["ex"], tmp_path / "r.duckdb")
    assert read == [str(art)]
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    titles = [r[0] for r in con.execute("select title from documents").fetchall()]
    con.close()
    assert "Written since" in titles


def test_rows_kept_by_other_code_or_unreadable_are_not_used(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = sorted((made["ex"] / ".rows").iterdir())
    (folders[0] / rowcache.NOTE).write_text("{not json", encoding="utf-8")
    read = _reads(monkeypatch)
    rebuild(made["ex"], tmp_path / "one.duckdb")
    assert len(read) == 1
    assert _differences(made["w"], tmp_path / "one.duckdb") == 0
    monkeypatch.setattr(rowcache, "rows_mark", lambda: "another version")
    rebuild(made["ex"], tmp_path / "none.duckdb")
    assert len(read) == 3


def test_a_fresh_extraction_keeps_new_rows_and_drops_the_old(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p.name for p in (made["ex"] / ".rows").iterdir()}
    monkeypatch.setattr("pipeline.extract.GENERATOR", "another generator")  # workers fork
    ingest([made["in"]], warehouse=made["w"], extracted=made["ex"], jobs=1, force=True)
    after = {p.name for p in (made["ex"] / ".rows").iterdir()}
    assert len(after) == 2 and not after & before  # new artefacts, their rows only
    read = _reads(monkeypatch)
    rebuild(made["ex"], tmp_path / "r.duckdb")
    assert read == []
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    assert con.execute("select distinct generator from _documents").fetchall() == [
        ("another generator",)
    ]
    con.close()
    ingest([made["in"]], warehouse=made["w"], extracted=made["ex"], jobs=1, force=True)
    assert {p.name for p in (made["ex"] / ".rows").iterdir()} == after  # same artefacts


def test_a_store_that_cannot_keep_rows_still_ingests_and_rebuilds(tmp_path: Path) -> None:
    ex = tmp_path / "ex"
    ex.mkdir()
    (ex / rowcache.ROWS).write_text("a file where the folder would go", encoding="utf-8")
    paper = _paper(tmp_path / "in" / "a-2017-18.txt", "Homecare", "1,000")
    report = ingest([paper], warehouse=tmp_path / "w.duckdb", extracted=ex, jobs=1)
    assert [o.status for o in report.outcomes] == ["loaded"]
    assert rebuild(ex, tmp_path / "r.duckdb") == 1
    assert _differences(tmp_path / "w.duckdb", tmp_path / "r.duckdb") == 0


def test_broken_kept_rows_fail_the_rebuild_and_leave_the_warehouse_as_it_was(
    made: dict[str, Path],
) -> None:
    """Damaged in place (the same size, so not found out before DuckDB reads them): like an
    artefact that cannot be read, the rebuild stops, nothing is half-loaded."""
    folder = sorted((made["ex"] / ".rows").iterdir())[0]
    figures = sorted(folder.glob("_figures.*.ndjson"))[0]
    text = figures.read_text(encoding="utf-8")
    figures.write_text("[" + text[1:], encoding="utf-8")
    con = duckdb.connect(str(made["w"]), read_only=True)
    before = con.execute("select count(*) from _figures").fetchone()
    con.close()
    with pytest.raises(duckdb.Error):
        rebuild(made["ex"], made["w"])
    con = duckdb.connect(str(made["w"]), read_only=True)
    assert con.execute("select count(*) from _figures").fetchone() == before
    con.close()


@pytest.mark.parametrize("damage", ["gone", "cut", "added"])
def test_kept_rows_missing_a_file_cut_short_or_with_another_are_not_used(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A kept folder that is not as it was written would load other rows than the artefact's
    without a word: the artefact is read instead."""
    folder = sorted((made["ex"] / ".rows").iterdir())[0]
    figures = sorted(folder.glob("_figures.*.ndjson"))[0]
    if damage == "gone":
        figures.unlink()
    elif damage == "cut":
        lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
        figures.write_text("".join(lines[:-1]), encoding="utf-8")
    else:
        (folder / "_figures.00001.ndjson").write_text(lines_of(figures)[0], encoding="utf-8")
    read = _reads(monkeypatch)
    rebuild(made["ex"], tmp_path / "r.duckdb")
    assert len(read) == 1
    assert _differences(made["w"], tmp_path / "r.duckdb") == 0


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)
