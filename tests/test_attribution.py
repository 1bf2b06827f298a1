"""A paper that names no council takes the council its folder's other papers name, said
as such; a folder whose papers name two councils attributes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.ingest import ingest, rebuild

TABLE = "Scheme\tSaving 2025-26\n\t£000\nHomecare\t1,000\nReablement\t500\n"


def _paper(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{TABLE}", encoding="utf-8")
    return path


def _documents(warehouse: Path) -> dict[str, tuple[str | None, str | None]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        got = con.execute(
            "select source_file, authority_code, authority_source from documents"
        ).fetchall()
    return {Path(f).name: (code, source) for f, code, source in got}


def test_attribution_by_folder(tmp_path: Path) -> None:
    meeting = tmp_path / "papers" / "cabinet-2025-03-04"
    _paper(meeting / "report.txt", "Kent County Council budget update 2025-26")
    _paper(meeting / "appendix-e.txt", "Appendix E: budget by directorate 2025-26")
    _paper(tmp_path / "papers" / "loose" / "appendix-a.txt", "Appendix A: capital 2025-26")
    wh, ex = tmp_path / "w.duckdb", tmp_path / "ex"
    report = ingest([tmp_path / "papers"], warehouse=wh, extracted=ex, jobs=1)
    assert report.by_folder == 1
    docs = _documents(wh)
    assert docs["report.txt"] == ("E10000016", None)  # named in the paper
    assert docs["appendix-e.txt"] == ("E10000016", "folder")
    assert docs["appendix-a.txt"] == (None, None)  # alone in its folder: no council to take

    # A rebuild from the artefacts attributes the same way.
    rebuild(ex, wh)
    assert _documents(wh)["appendix-e.txt"] == ("E10000016", "folder")

    # A paper naming another council joins the folder: the attribution is withdrawn.
    _paper(meeting / "medway.txt", "Medway Council budget update 2025-26")
    report = ingest([tmp_path / "papers"], warehouse=wh, extracted=ex, jobs=1)
    assert report.by_folder == 0
    assert _documents(wh)["appendix-e.txt"] == (None, None)


def _roles(warehouse: Path, name: str) -> list[tuple[str, str | None]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        got = con.execute(
            "select m.canonical, m.role from mentions m join documents d using (document_id) "
            "where d.source_file like ? and m.label = 'PARTNER'",
            [f"%{name}"],
        ).fetchall()
    return sorted((str(t), r) for t, r in got)


def test_folder_attribution_makes_the_papers_own_council_its_author(tmp_path: Path) -> None:
    meeting = tmp_path / "papers" / "cabinet-2025-03-04"
    _paper(meeting / "report.txt", "Kent County Council budget update 2025-26")
    filler = "The directorate budgets are set out line by line below. " * 60
    appendix = meeting / "appendix-e.txt"
    appendix.write_text(
        f"Appendix E: budget by directorate 2025-26\n\n{filler}\n\n"
        f"KCC will meet the cost of the schools in Kent with Medway Council and the "
        f"Integrated Care Board.\n\n{TABLE}",
        encoding="utf-8",
    )
    wh, ex = tmp_path / "w.duckdb", tmp_path / "ex"
    ingest([tmp_path / "papers"], warehouse=wh, extracted=ex, jobs=1)
    assert _documents(wh)["appendix-e.txt"] == ("E10000016", "folder")
    # tagged before its folder was known, "KCC" is the paper's own council once it is, and
    # "the Integrated Care Board" the ICB of its council's area
    attributed = [
        ("Kent County Council", "author"),
        ("Medway Council", "partner"),
        ("NHS Kent and Medway Integrated Care Board", "partner"),
    ]
    assert _roles(wh, "appendix-e.txt") == attributed

    rebuild(ex, wh)
    assert _roles(wh, "appendix-e.txt") == attributed

    # another council's paper joins the folder: attribution and authorship are withdrawn
    _paper(meeting / "medway.txt", "Medway Council budget update 2025-26")
    ingest([tmp_path / "papers"], warehouse=wh, extracted=ex, jobs=1)
    assert _documents(wh)["appendix-e.txt"] == (None, None)
    assert _roles(wh, "appendix-e.txt") == [
        ("Integrated Care Board", "partner"),
        ("Kent County Council", "partner"),
        ("Medway Council", "partner"),
    ]


def test_an_nhs_body_heading_its_paper_is_its_author_and_lends_its_folder_nothing(
    tmp_path: Path,
) -> None:
    """A CCG's list of payments names no council: the CCG its heading opens with wrote it
    (its ODS code stands as the code); the folder's other papers do not take it, as they
    would take a council the folder's papers name."""
    folder = tmp_path / "papers" / "ccg"
    _paper(folder / "payments.txt", "NHS Brent CCG\nPayments over £25,000 May 2020")
    _paper(folder / "annex.txt", "Annex: payments by expense type 2020-21")
    wh, ex = tmp_path / "w.duckdb", tmp_path / "ex"
    report = ingest([tmp_path / "papers"], warehouse=wh, extracted=ex, jobs=1)
    assert report.by_folder == 0
    docs = _documents(wh)
    assert docs["payments.txt"] == ("07P", None)
    assert docs["annex.txt"] == (None, None)
