"""Issue 10 item 6: the pool sized from usable CPUs, `--executor` on a Dask cluster started on
this machine, artefacts in a folder or any fsspec URL, the load done once by the client."""

from __future__ import annotations

import importlib.util
import io
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline import cluster, workers
from pipeline.cli import app
from pipeline.cluster import Executor, parse_executor, run_on_dask
from pipeline.errors import PipelineError
from pipeline.ingest import ingest, rebuild
from pipeline.models import DocumentInfo, Extraction
from pipeline.store import (
    artefact_exists,
    list_artefacts,
    read_extraction,
    write_extraction,
)
from pipeline.workers import Limits
from tests.test_reliability import text_paper

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def _compare_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "compare_warehouses", ROOT / "benchmarks" / "compare_warehouses.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --------------------------------------------------------------------------- the local pool


def test_pool_is_sized_from_the_cpus_the_process_may_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 64)
    monkeypatch.setattr(workers, "_cgroup_quota", lambda: None)
    assert workers.available_cpus() == 1
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(workers, "_cgroup_quota", lambda: 2)
    assert workers.available_cpus() == 2  # a container's --cpus=1.5 quota, rounded up
    monkeypatch.delattr(workers.os, "sched_getaffinity")  # macOS, Windows
    monkeypatch.setattr(workers, "_cgroup_quota", lambda: None)
    assert workers.available_cpus() == 64


def _touch(path: str) -> str:
    Path(path).touch()
    return path


def test_a_freed_slot_starts_its_next_job_before_the_result_is_handed_over(
    tmp_path: Path,
) -> None:
    """An ingest loads each result in the parent: the pool must stay full meanwhile, so the
    next job runs while the caller still holds the result, not only once it asks again."""
    jobs = [(str(tmp_path / "a"),), (str(tmp_path / "b"),)]
    results = workers.run_jobs(jobs, _touch, lambda job, why: why, workers=1, limits=Limits())
    assert next(results) == jobs[0][0]
    deadline = time.monotonic() + 20
    while not (tmp_path / "b").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the caller "working" on the first result, not asking for more
    assert (tmp_path / "b").exists()
    assert list(results) == [jobs[1][0]]


def test_cgroup_quota_is_read_in_whole_cpus(tmp_path: Path) -> None:
    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text("150000 100000\n")
    assert workers._cgroup_quota(str(cpu_max)) == 2
    cpu_max.write_text("max 100000\n")
    assert workers._cgroup_quota(str(cpu_max)) is None
    assert workers._cgroup_quota(str(tmp_path / "missing")) is None


# --------------------------------------------------------------------------- --executor forms


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        (None, Executor("local")),
        ("local", Executor("local")),
        ("dask-local", Executor("dask-local")),
        ("dask://sched.example:8786", Executor("dask", "tcp://sched.example:8786")),
        ("dask://10.0.0.5", Executor("dask", "tcp://10.0.0.5:8786")),
        ("tls://sched:9000", Executor("dask", "tls://sched:9000")),
    ],
)
def test_executor_forms(spec: str | None, want: Executor) -> None:
    assert parse_executor(spec) == want


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("ray", "Ray is not supported"),
        ("ray://head:10001", "Ray is not supported"),
        ("dask://:8786", "expected a scheduler"),
        ("dask://host:port", "expected a scheduler"),
        ("spark", "expected local, dask-local, or dask://HOST:PORT"),
    ],
)
def test_executor_forms_refused_say_what_is_accepted(spec: str, says: str) -> None:
    with pytest.raises(PipelineError, match=says):
        parse_executor(spec)


# --------------------------------------------------------------------------- the store


def _extraction(sha: str) -> Extraction:
    doc = DocumentInfo(sha256=sha, source_file="a.pdf", pages=1, status="ok")
    return Extraction(document=doc, generator="test")


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_store_round_trips_through_a_url(kind: str, tmp_path: Path) -> None:
    store = f"memory://store-{time.monotonic_ns()}" if kind == "memory" else f"file://{tmp_path}/s"
    assert list_artefacts(store) == []
    assert not artefact_exists(store, "ab" * 32)
    write_extraction(store, _extraction("ab" * 32))
    write_extraction(store, _extraction("01" * 32))
    arts = list_artefacts(store)
    assert [str(a).rsplit("/", 1)[-1] for a in arts] == [f"{'01' * 32}.json", f"{'ab' * 32}.json"]
    assert artefact_exists(store, "ab" * 32)
    assert read_extraction(arts[1]).document.sha256 == "ab" * 32
    if kind == "file":  # a file:// URL is the folder it names
        assert (tmp_path / "s" / f"{'ab' * 32}.json").exists()


def test_store_with_an_unknown_protocol_is_one_clear_error() -> None:
    with pytest.raises(PipelineError, match="nosuch://x: cannot open the artefact store"):
        list_artefacts("nosuch://x")


def test_local_pool_ingest_and_rebuild_through_memory_url(tmp_path: Path) -> None:
    papers = [
        text_paper(tmp_path / "in" / f"p{n}-2017-18.txt", label=f"Scheme {n}") for n in (1, 2)
    ]
    store = f"memory://ingest-{time.monotonic_ns()}"
    report = ingest(papers, warehouse=tmp_path / "a.duckdb", extracted=store, jobs=1)
    assert report.count("loaded") == 2
    assert len(list_artefacts(store)) == 2
    assert rebuild(store, tmp_path / "b.duckdb") == 2
    again = ingest(papers, warehouse=tmp_path / "a.duckdb", extracted=store, jobs=1)
    assert again.count("unchanged") == 2


def test_memory_store_is_refused_for_a_cluster(tmp_path: Path) -> None:
    paper = text_paper(tmp_path / "p-2017-18.txt")
    with pytest.raises(PipelineError, match="memory:// lives in one process"):
        ingest(
            [paper], warehouse=tmp_path / "w.duckdb", extracted="memory://x", executor="dask-local"
        )


# --------------------------------------------------------------------------- a Dask cluster


def _papers(folder: Path, savings_pdf: Path) -> list[Path]:
    texts = [text_paper(folder / f"p{n}-2017-18.txt", label=f"Scheme {n}") for n in range(3)]
    too_long = text_paper(folder / "long-2017-18.txt", body="\n" * 300)  # 4 pages of text
    return [*texts, too_long, savings_pdf]


def test_dask_local_ingest_gives_the_local_pool_warehouse(
    tmp_path: Path, savings_pdf: Path
) -> None:
    """The CLI on a Dask cluster on this machine, artefacts through a file:// URL: the same
    rows in every view and table as the local pool, failures included."""
    papers = _papers(tmp_path / "in", savings_pdf)
    local = ingest(
        papers, warehouse=tmp_path / "a.duckdb", extracted=tmp_path / "ex-a", jobs=1,
        limits=Limits(max_pages=3),
    )  # fmt: skip
    assert (local.count("loaded"), local.count("failed")) == (4, 1)
    store = f"file://{tmp_path}/ex-b"
    res = runner.invoke(
        app,
        [
            "ingest", *map(str, papers), "--warehouse", str(tmp_path / "b.duckdb"),
            "--extracted", store, "--executor", "dask-local", "--jobs", "1", "--max-pages", "3",
        ],
    )  # fmt: skip
    assert res.exit_code == 1, res.output  # the paper over --max-pages
    assert "5 papers: 4 loaded, 0 unchanged, 0 duplicate, 1 failed" in res.output
    assert "over the budget of 3 pages" in res.output
    assert len(list_artefacts(store)) == 5  # written by the workers, failure included
    compare = _compare_module().compare
    assert compare(tmp_path / "a.duckdb", tmp_path / "b.duckdb", out=io.StringIO()) == 0
    # the comparison sees a difference when there is one
    con = duckdb.connect(str(tmp_path / "b.duckdb"))
    con.execute("delete from _figures where row_index = (select min(row_index) from _figures)")
    con.close()
    assert compare(tmp_path / "a.duckdb", tmp_path / "b.duckdb", out=io.StringIO()) > 0


def test_dask_workers_keep_the_time_budget_and_name_unseen_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One paper never ends, one is not where the worker looks, one is quick; paths are
    relative, as typed, and read from the client's working folder."""
    from tests.cluster_work import failed, no_warm_up, slow_or_quick

    monkeypatch.chdir(tmp_path)
    for name in ("slow.txt", "quick.txt"):
        (tmp_path / name).write_text("x")
    names = ("slow.txt", "quick.txt", "gone.txt")
    jobs = [(n, n[0] * 64, None, None, None, 10) for n in names]
    started = time.monotonic()
    got = {
        ex.document.source_file: ex
        for ex in run_on_dask(
            Executor("dask-local"),
            jobs,
            slow_or_quick,
            failed,
            store=Path("ex"),
            limits=Limits(timeout=2),
            warm_up=no_warm_up,
            workers=1,
        )
    }
    assert time.monotonic() - started < 30
    assert got["quick.txt"].document.status == "ok"
    assert artefact_exists(tmp_path / "ex", "q" * 64)
    assert got["slow.txt"].document.status == "failed"
    assert "took longer than 2 s (--timeout)" in (got["slow.txt"].document.error or "")
    assert got["gone.txt"].document.status == "failed"
    assert "every worker mounts at the same path" in (got["gone.txt"].document.error or "")


def test_an_unreachable_scheduler_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cluster_work import failed, no_warm_up, slow_or_quick

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(PipelineError, match="cannot reach the Dask scheduler"):
        list(
            run_on_dask(
                Executor("dask", "tcp://127.0.0.1:9"),
                [],
                slow_or_quick,
                failed,
                store=tmp_path,
                limits=Limits(),
                warm_up=no_warm_up,
            )
        )


# --------------------------------------------------------------------------- same warehouse


def attribute_paper(path: Path) -> Path:
    """A table whose text columns (Lead, Area) are not in alphabetical order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "Leeds City Council adult social care savings 2017/18\n\n"
        "Scheme\tLead\tArea\tSaving 2017/18\tRAG\n\t\t\t£000\t\n"
        "Homecare\tJo Smith\tNorth\t1,000\tGreen\nReablement\tAl Jones\tSouth\t500\tRed\n"
        "Total\t\t\t1,500\t\n",
        encoding="utf-8",
    )
    return path


def test_a_rebuild_gives_the_warehouse_the_ingest_gave(tmp_path: Path) -> None:
    """Artefacts keep a row's attributes in column order, so a paper loaded from its artefact
    (a rebuild, or a cluster's worker) loads what one handed over in memory does."""
    paper = attribute_paper(tmp_path / "in" / "attrs-2017-18.txt")
    ingest([paper], warehouse=tmp_path / "a.duckdb", extracted=tmp_path / "ex", jobs=1)
    rebuild(tmp_path / "ex", tmp_path / "b.duckdb")
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    got = con.execute("select attributes from _figures where row_label = 'Homecare'").fetchall()
    con.close()
    assert got == [('{"Lead": "Jo Smith", "Area": "North"}',)]
    compare = _compare_module().compare
    assert compare(tmp_path / "a.duckdb", tmp_path / "b.duckdb", out=io.StringIO()) == 0


def test_papers_load_in_the_order_given_whichever_finishes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The research views take the later-loaded of two papers that tie, so the load order must
    not depend on which worker is faster (workers are forked: the patch reaches them)."""
    import pipeline.ingest

    real = pipeline.ingest.extract_file

    def patched(path: Path, **kw: Any) -> Extraction:
        if "first" in path.name:
            time.sleep(1.5)
        return real(path, **kw)

    monkeypatch.setattr("pipeline.ingest.extract_file", patched)
    first = text_paper(tmp_path / "in" / "first-2017-18.txt", label="First")
    second = text_paper(tmp_path / "in" / "second-2017-18.txt", label="Second")
    report = ingest([first, second], warehouse=tmp_path / "w.duckdb", extracted=tmp_path / "ex")
    assert [o.path for o in report.outcomes] == [str(first), str(second)]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    got = con.execute("select source_file from _documents order by ingested_at").fetchall()
    con.close()
    assert got == [(str(first),), (str(second),)]


def test_papers_whose_turn_comes_together_load_in_one_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second paper finishes first and waits for the first: both then load in one
    warehouse session (opening and closing it cost about a paper's load) and one
    transaction (`load.load_together`: one refresh of the derived tables), still in order."""
    import pipeline.ingest

    real_extract, real_connect = pipeline.ingest.extract_file, pipeline.ingest.connect
    real_load = pipeline.ingest._load_group
    sessions: list[int] = []
    loads: list[tuple[int, list[str]]] = []

    def slow_first(path: Path, **kw: Any) -> Extraction:
        if "first" in path.name:
            time.sleep(1.5)
        return real_extract(path, **kw)

    def counted(*a: Any, **kw: Any) -> Any:
        sessions.append(len(sessions))
        return real_connect(*a, **kw)

    def load(con: Any, waiting: Any) -> Any:
        loads.append((sessions[-1], [done.path for _, _, done in waiting]))
        return real_load(con, waiting)

    monkeypatch.setattr("pipeline.ingest.extract_file", slow_first)
    monkeypatch.setattr("pipeline.ingest.connect", counted)
    monkeypatch.setattr("pipeline.ingest._load_group", load)
    first = text_paper(tmp_path / "in" / "first-2017-18.txt", label="First")
    second = text_paper(tmp_path / "in" / "second-2017-18.txt", label="Second")
    report = ingest(
        [first, second], warehouse=tmp_path / "w.duckdb", extracted=tmp_path / "ex", jobs=2
    )
    assert [o.status for o in report.outcomes] == ["loaded", "loaded"]
    assert [paths for _, paths in loads] == [[str(first), str(second)]]  # one group, in order


@pytest.mark.parametrize(
    ("every", "papers", "groups"),
    [(3600.0, 32, [3]), (3600.0, 2, [2, 1]), (0.0, 32, [1, 1, 1])],
)
def test_papers_extracted_one_after_another_load_in_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: float, papers: int, groups: list[int]
) -> None:
    """With one worker no paper is ever waiting when another's turn comes, yet they still
    share a load (one session, one refresh of the derived tables) until the first of them
    has waited `LOAD_EVERY` seconds or they are `LOAD_PAPERS`; every paper loads, in order."""
    import pipeline.ingest

    real_load = pipeline.ingest._load_group
    loads: list[list[str]] = []

    def load(con: Any, waiting: Any) -> Any:
        loads.append([done.path for _, _, done in waiting])
        return real_load(con, waiting)

    monkeypatch.setattr("pipeline.ingest._load_group", load)
    monkeypatch.setattr("pipeline.loading.LOAD_EVERY", every)
    monkeypatch.setattr("pipeline.loading.LOAD_PAPERS", papers)
    given = [text_paper(tmp_path / "in" / f"p{i}-2017-18.txt", label=f"P{i}") for i in range(3)]
    report = ingest(given, warehouse=tmp_path / "w.duckdb", extracted=tmp_path / "ex", jobs=1)
    assert [o.status for o in report.outcomes] == ["loaded"] * 3
    assert [len(group) for group in loads] == groups
    assert [p for group in loads for p in group] == [str(p) for p in given]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    got = con.execute("select source_file from _documents order by ingested_at").fetchall()
    con.close()
    assert got == [(str(p),) for p in given]
