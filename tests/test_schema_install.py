"""The schema and research views are installed again only when that would change something
(`pipeline.load.installed_current`): a connection to a warehouse this version installed, with
nothing changed since, skips it; anything installing would fix is installed again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import pipeline.research.views as research_views
from pipeline.ingest import VIEWS
from pipeline.load import connect, installed_current
from pipeline.research.taxonomy import TAXONOMY_ENV, taxonomy_path


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the research layer's installs (`ResearchViews` calls `views.install`)."""
    calls: list[int] = []
    real = research_views.install

    def counted(con: Any, taxonomy: Path | None = None) -> None:
        calls.append(1)
        real(con, taxonomy)

    monkeypatch.setattr(research_views, "install", counted)
    return calls


def _connect_twice(path: Path, installs: list[int]) -> int:
    """Installs made by a connection after a first one installed everything."""
    with connect(path, views=VIEWS):
        pass
    before = len(installs)
    with connect(path, views=VIEWS):
        pass
    return len(installs) - before


def test_a_second_connection_installs_nothing(tmp_path: Path, installs: list[int]) -> None:
    path = tmp_path / "w.duckdb"
    assert _connect_twice(path, installs) == 0
    assert len(installs) == 1
    with connect(path, views=VIEWS) as con:
        assert installed_current(con, VIEWS)
        con.execute("select * from savings_research limit 0").fetchall()


def test_a_dropped_view_table_or_macro_is_installed_again(
    tmp_path: Path, installs: list[int]
) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path, views=VIEWS):
        pass
    for drop in (
        "drop view rag_mix",
        "drop view tables",  # a public view of the base schema
        "drop table _fy_labels",
        "drop macro _scheme_key",
        "drop table _population",  # a reference table
    ):
        with connect(path, views=(), schema=False) as con:
            con.execute(drop)
        before = len(installs)
        with connect(path, views=VIEWS) as con:
            assert len(installs) == before + 1, drop
            assert installed_current(con, VIEWS)


def test_an_edited_taxonomy_is_installed_even_if_only_a_note_changed(
    tmp_path: Path, installs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path, views=VIEWS):
        pass
    text = taxonomy_path().read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1].endswith(",")  # the first rule has no note
    edited = tmp_path / "taxonomy.csv"
    edited.write_text("\n".join([lines[0], lines[1] + "a note", *lines[2:]]) + "\n")
    monkeypatch.setenv(TAXONOMY_ENV, str(edited))
    before = len(installs)
    with connect(path, views=VIEWS) as con:
        assert len(installs) == before + 1
        assert con.execute("select note from _taxonomy order by ord limit 1").fetchone() == (
            "a note",
        )
    assert _connect_twice(path, installs) == 0
    monkeypatch.delenv(TAXONOMY_ENV)
    before = len(installs)
    with connect(path, views=VIEWS) as con:  # back to the shipped file
        assert len(installs) == before + 1
        assert con.execute("select note from _taxonomy order by ord limit 1").fetchone() == ("",)


def test_a_table_without_its_sign_has_it_decided_on_the_next_connection(
    tmp_path: Path, installs: list[int]
) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path, views=VIEWS) as con:
        con.execute("insert into _tables (document_id, table_index, columns) values ('d', 0, [])")
    with connect(path, views=(), schema=False) as con:
        con.execute("update _tables set sign_rule = null")
        assert not installed_current(con, VIEWS)
    before = len(installs)
    with connect(path, views=VIEWS) as con:
        assert len(installs) == before + 1
        assert con.execute("select count(*) from _tables where sign_rule is null").fetchone() == (
            0,
        )


def test_a_warehouse_with_no_record_or_another_record_is_installed(
    tmp_path: Path, installs: list[int]
) -> None:
    """Made by an older version (no comment), or by another version (another mark)."""
    path = tmp_path / "w.duckdb"
    for comment in ("null", "'not json'", '\'{"": "another schema"}\'', "'[]'"):
        with connect(path, views=VIEWS) as con:
            con.execute(f"comment on view documents is {comment}")
        before = len(installs)
        with connect(path, views=VIEWS) as con:
            assert len(installs) == before + 1, comment
            assert installed_current(con, VIEWS)


def test_the_base_schema_alone_leaves_the_research_views_to_be_installed(
    tmp_path: Path, installs: list[int]
) -> None:
    """A connection installing only the base schema records only that: the next one with the
    research views installs them (the base schema's public views were made again)."""
    path = tmp_path / "w.duckdb"
    with connect(path, views=VIEWS):
        pass
    with connect(path, views=()) as con:
        assert installed_current(con, ())
        con.execute("comment on view documents is null")  # force the base schema again
    with connect(path, views=()) as con:
        assert installed_current(con, ()) and not installed_current(con, VIEWS)
    before = len(installs)
    with connect(path, views=VIEWS):
        assert len(installs) == before + 1


def test_a_plain_installer_runs_every_time(tmp_path: Path) -> None:
    calls: list[int] = []
    path = tmp_path / "w.duckdb"
    for _ in range(3):
        with connect(path, views=(lambda con: calls.append(1),)):
            pass
    assert calls == [1, 1, 1]


def test_a_failed_install_records_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record is written in the install's transaction: rolled back with it."""
    path = tmp_path / "w.duckdb"
    with connect(path, views=VIEWS) as con:
        con.execute("drop view rag_mix")

    def broken(con: Any, taxonomy: Path | None = None) -> None:
        raise RuntimeError("install failed")

    monkeypatch.setattr(research_views, "install", broken)
    with pytest.raises(RuntimeError), connect(path, views=VIEWS):
        pass
    monkeypatch.undo()
    with connect(path, views=(), schema=False) as con:
        assert not installed_current(con, VIEWS)
    with connect(path, views=VIEWS) as con:
        con.execute("select * from rag_mix limit 0").fetchall()
