"""The tables the research views read (`pipeline.research.derived`) agree with the figures
after every way a warehouse changes: a load, a re-load of a changed paper, a rebuild, a
council attributed later, an edited taxonomy; and a load that fails changes neither."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import duckdb
import pytest

import pipeline.load
from pipeline import research
from pipeline.attribution import attribute_by_folder
from pipeline.batch import Outcome
from pipeline.ingest import VIEWS, _load_group
from pipeline.load import Prepared, connect, load_extraction, load_fresh, load_together
from pipeline.models import Extraction
from pipeline.research import derived
from pipeline.research.views import derived_sql, read_taxonomy
from tests.test_research import (
    ACH_21,
    PLAN_21,
    PLAN_22,
    SHIPPED,
    extraction,
    paper_a_2021,
    paper_a_2022,
    paper_b_2021,
    rows_to_figures,
)

VIEWS_READ = (
    "savings_research",
    "savings_by_category",
    "rag_mix",
    "planned_vs_delivered",
    "scheme_history",
    "savings_per_head",
    "savings_real",
)


def bag(con: Any, sql: str) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(r) for r in con.execute(sql).fetchall())


def assert_derived_current(con: Any) -> None:
    """Each derived table holds exactly what its select gives from every paper now."""
    rules = read_taxonomy(None)
    selects, _ = derived_sql(rules)
    for table in derived.DERIVED:
        fresh = Counter(tuple(r) for r in con.execute(selects[table], {"ids": None}).fetchall())
        assert bag(con, f"select * from {table}") == fresh, table


def snapshot(con: Any) -> dict[str, Counter[tuple[Any, ...]]]:
    return {v: bag(con, f"select * from {v}") for v in VIEWS_READ}


def paper_a_2021_changed() -> Extraction:
    """The Kent 2021/22 paper again, same content hash, but read differently: one scheme
    gone, one renamed (another category), amounts changed, a new RAG."""
    figures = rows_to_figures(
        [
            ("Telecare expansion (phase 2)", "Prevention", "Red", ["-500000", "-50000", None]),
            ("Residential care review", None, "Green", ["-300000", "-300000", "-10000"]),
        ],
        [PLAN_21, ACH_21, PLAN_22],
    )
    return extraction("a" * 64, "Kent County Council", "E10000016", 2021, figures)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    wh = tmp_path / "w.duckdb"
    with connect(wh, views=VIEWS) as con:
        for ex in (paper_a_2021(), paper_a_2022(), paper_b_2021()):
            load_extraction(con, ex)
    return wh


def test_derived_tables_follow_each_load(path: Path) -> None:
    with connect(path, read_only=True) as con:
        assert_derived_current(con)
        n = con.execute("select count(*) from _savings_base").fetchone()[0]
        assert n == con.execute("select count(*) from savings").fetchone()[0] > 0


def test_derived_reload_of_a_changed_paper_changes_the_research_views(path: Path) -> None:
    with connect(path, read_only=True) as con:
        before = snapshot(con)
        telecare = con.execute(
            "select sum(saving_gbp) from savings_research where document_id = 'aaaaaaaaaaaaaaaa'"
            " and row_label like 'Telecare%' and measure = 'approved'"
        ).fetchone()[0]
    assert telecare == 400000
    with connect(path, views=VIEWS) as con:
        load_extraction(con, paper_a_2021_changed())  # as `pipeline ingest --force` does
        assert_derived_current(con)
        after = snapshot(con)
        got = con.execute(
            "select row_label, category, saving_gbp from savings_research"
            " where document_id = 'aaaaaaaaaaaaaaaa' and measure = 'approved' order by 1"
        ).fetchall()
        assert [(r[0], float(r[2])) for r in got] == [
            ("Residential care review", 300000.0),
            ("Telecare expansion (phase 2)", 500000.0),
        ]
        assert got[0][1] != got[1][1]  # the new scheme has its own category
        gone = con.execute(
            "select count(*) from scheme_history where row_label = 'Fairer charging review'"
        ).fetchone()[0]
        assert gone == 0
        rag = con.execute(
            "select rag, schemes from rag_mix where document_id = 'aaaaaaaaaaaaaaaa' order by 1"
        ).fetchall()
        assert rag == [("Green", 1), ("Red", 1)]
    for view in VIEWS_READ:
        assert after[view] != before[view], view
    with connect(path, views=VIEWS) as con:
        load_extraction(con, paper_a_2021())  # and back: the views are as they were
        assert snapshot(con) == before


def test_derived_a_failed_load_leaves_views_and_figures_agreeing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load that dies after the derived tables were refreshed rolls them back too."""
    with connect(path, read_only=True) as con:
        before = snapshot(con)
    real = pipeline.load.refresh_derived

    def refresh_then_die(con: Any, ids: Any) -> None:
        real(con, ids)
        raise RuntimeError("killed mid-load")

    monkeypatch.setattr(pipeline.load, "refresh_derived", refresh_then_die)
    with connect(path, views=VIEWS) as con, pytest.raises(RuntimeError):
        load_extraction(con, paper_a_2021_changed())
    monkeypatch.undo()
    with connect(path, read_only=True) as con:
        assert snapshot(con) == before
        assert_derived_current(con)


def test_derived_rebuild_in_bulk_equals_paper_by_paper(path: Path, tmp_path: Path) -> None:
    """The same papers give the same derived rows, in bulk or one by one, in any order
    (scheme numbers included), so two warehouses of them compare equal table by table."""
    bulk = tmp_path / "bulk.duckdb"
    tables = (*derived.DERIVED, "_scheme_ids", "_figure_categories")
    with connect(bulk, views=VIEWS) as con:
        load_fresh(con, [paper_a_2022(), paper_b_2021(), paper_a_2021()])
        assert_derived_current(con)
        fresh = snapshot(con)
        rows = {t: bag(con, f"select * from {t}") for t in tables}
    with connect(path, read_only=True) as con:
        assert snapshot(con) == fresh
        assert {t: bag(con, f"select * from {t}") for t in tables} == rows


def test_derived_council_attributed_later_shows_in_every_view(tmp_path: Path) -> None:
    """What belongs to the paper is joined, not copied: attribution needs no refresh."""
    wh = tmp_path / "w.duckdb"
    named = paper_a_2022()
    unnamed = paper_a_2021()
    unnamed.document.authority = unnamed.document.authority_code = None
    unnamed.document.source_file = named.document.source_file.replace("bbbbbb", "other")
    with connect(wh, views=VIEWS) as con:
        load_extraction(con, named)
        load_extraction(con, unnamed)
        unknown = "select count(*) from {} where authority_code is null"
        assert con.execute(unknown.format("savings_research")).fetchone()[0] > 0
        assert attribute_by_folder(con) == 1
        for view in VIEWS_READ:
            assert con.execute(unknown.format(view)).fetchone()[0] == 0, view
        assert_derived_current(con)


def test_derived_edited_taxonomy_makes_them_again(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tax = tmp_path / "mine.csv"
    tax.write_text("priority,category,pattern,applies_to\n1,telecare,telecare,any\n", "utf-8")
    monkeypatch.setenv(research.TAXONOMY_ENV, str(tax))
    assert research.ensure_current(path) is True
    with connect(path, read_only=True) as con:
        assert_derived_current(con)
        cats = con.execute("select distinct category from savings_by_category order by 1")
        assert cats.fetchall() == [("other",), ("telecare",)]


def test_derived_warehouse_of_an_older_version_is_made_current(path: Path) -> None:
    """A warehouse made before the derived tables (or by another version) gets them whole."""
    with duckdb.connect(str(path)) as con:
        for table in derived.DERIVED:
            con.execute(f"drop table {table}")
        con.execute("delete from _refresh")
        con.execute("update _meta set value = 'older' where key = 'research_signature'")
    assert research.ensure_current(path) is True
    with connect(path, read_only=True) as con:
        assert_derived_current(con)
        assert con.execute("select count(*) from rag_mix").fetchone()[0] > 0


def test_derived_shipped_taxonomy_in_memory_too() -> None:
    """A connection with no file (as the docs generator uses) gets the tables too."""
    con = duckdb.connect()
    pipeline.load.ensure_schema(con)
    load_extraction(con, paper_b_2021())
    research.install(con, SHIPPED)
    assert_derived_current(con)
    assert con.execute("select count(*) from planned_vs_delivered").fetchone()[0] == 2


def test_derived_a_label_without_its_category_stops_the_refresh(path: Path) -> None:
    """The derived rows never guess: a label the category lookup lacks is an error, not
    'other' (only a defect in the refresh statements could cause it)."""
    with connect(path) as con:
        con.execute("begin")
        con.execute("delete from _refresh where sql like '%insert into _figure_categories%'")
        con.execute("delete from _figure_categories where label_key like 'Telecare%'")
        with pytest.raises(duckdb.Error, match="a label with no category"):
            pipeline.load.refresh_derived(con, ["aaaaaaaaaaaaaaaa"])
        con.execute("rollback")


def test_derived_papers_loaded_together_equal_paper_by_paper(path: Path, tmp_path: Path) -> None:
    """Papers whose turn comes together load in one transaction with one refresh of the
    derived tables; every table and view is as after a load a paper (`path`)."""
    together = tmp_path / "together.duckdb"
    tables = (*derived.DERIVED, "_scheme_ids", "_figure_categories", "_checks")
    with connect(together, views=VIEWS) as con:
        with ExitStack() as spools:
            papers = [
                spools.enter_context(Prepared(ex))
                for ex in (paper_a_2021(), paper_a_2022(), paper_b_2021())
            ]
            load_together(con, papers)
        assert_derived_current(con)
        got = snapshot(con), {t: bag(con, f"select * from {t}") for t in tables}
    with connect(path, read_only=True) as con:
        assert got == (snapshot(con), {t: bag(con, f"select * from {t}") for t in tables})


def test_derived_a_group_that_cannot_load_loads_paper_by_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed group transaction leaves nothing of it; the papers are then loaded one by
    one, so those before the paper that cannot load stay loaded, as apart, and its error
    goes on."""
    wh = tmp_path / "w.duckdb"
    exs = [paper_a_2021(), paper_a_2022(), paper_b_2021()]
    real = pipeline.load._replace
    tried: list[int] = []

    def replace_unless_b(con: Any, papers: Sequence[Prepared]) -> None:
        tried.append(len(papers))
        if any(paper.document.sha256 == exs[2].document.sha256 for paper in papers):
            raise RuntimeError("paper b cannot load")
        real(con, papers)

    monkeypatch.setattr(pipeline.load, "_replace", replace_unless_b)
    with connect(wh, views=VIEWS) as con, ExitStack() as spools:
        waiting = []
        for ex in exs:
            ready = spools.enter_context(Prepared(ex))
            done = Outcome(ex.document.source_file, "loaded", ready.doc_id)
            waiting.append((ready, ex.document.sha256, done))
        with pytest.raises(RuntimeError, match="paper b"):
            _load_group(con, waiting)
        loaded = con.execute("select sha256 from _documents order by 1").fetchall()
        assert [r[0] for r in loaded] == sorted(ex.document.sha256 for ex in exs[:2])
        assert_derived_current(con)
    assert tried == [3, 1, 1, 1]  # the group (all three), then one by one


def test_derived_rebuild_in_several_batches_equals_one(path: Path, tmp_path: Path) -> None:
    """A rebuild's first batch goes into a warehouse with no figures (derived for every paper
    at once, no list of them), the next ones beside it (derived for theirs only): the
    same rows either way, and the papers already there keep theirs."""
    tables = (*derived.DERIVED, "_scheme_ids", "_figure_categories")
    papers = [paper_a_2022, paper_b_2021, paper_a_2021]
    got = []
    for batches in ([papers], [papers[:1], papers[1:]], [[p] for p in papers]):
        wh = tmp_path / f"{len(batches)}.duckdb"
        with connect(wh, views=VIEWS) as con:
            for batch in batches:
                load_fresh(con, [make() for make in batch])
                assert_derived_current(con)
            got.append((snapshot(con), {t: bag(con, f"select * from {t}") for t in tables}))
    assert got[0] == got[1] == got[2]
    assert sum(got[0][1]["_savings_base"].values()) > 0


def test_a_group_s_paper_loaded_meanwhile_under_another_name_is_a_duplicate(
    tmp_path: Path,
) -> None:
    """Another command loaded one paper of a group under another name after the ingest
    looked: that paper is recorded as a duplicate, the others load (asked in one query)."""
    wh = tmp_path / "w.duckdb"
    exs = [paper_a_2021(), paper_a_2022(), paper_b_2021()]
    other = paper_a_2022()
    other.document.source_file = "/elsewhere/copy.pdf"
    with connect(wh, views=VIEWS) as con, ExitStack() as spools:
        load_extraction(con, other)
        waiting = []
        for ex in exs:
            ready = spools.enter_context(Prepared(ex))
            done = Outcome(ex.document.source_file, "loaded", ready.doc_id)
            waiting.append((ready, ex.document.sha256, done))
        got = _load_group(con, waiting)
        assert [o.status for o in got] == ["loaded", "duplicate", "loaded"]
        assert got[1].error == "same content as /elsewhere/copy.pdf"
        rows = con.execute(
            "select source_file, duplicate_of is not null from _documents order by 1"
        ).fetchall()
    assert rows == sorted(
        [
            ("/elsewhere/copy.pdf", False),
            (exs[0].document.source_file, False),
            (exs[1].document.source_file, True),
            (exs[2].document.source_file, False),
        ]
    )
