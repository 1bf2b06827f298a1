"""What came out of one paper, page by page: headings, tables, rows, claims, failed checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import QueryError


@dataclass
class TableOnPage:
    table_index: int
    page: int
    last_page: int
    strategy: str
    caption: str | None
    columns: list[str]
    n_rows: int
    n_figures: int
    sign: int
    sign_rule: str | None


@dataclass
class RowOnPage:
    table_index: int
    row_index: int
    section: str | None
    row_label: str
    rag: str | None
    category: str
    is_total: bool
    #: (column label, saving_gbp) in reading order; no amount where no unit is stated
    cells: list[tuple[str, Decimal | None]]


@dataclass
class PageReport:
    number: int
    headings: list[str] = field(default_factory=list)
    blocks: int = 0
    tables: list[TableOnPage] = field(default_factory=list)
    rows: list[RowOnPage] = field(default_factory=list)
    claims: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    checks_failed: list[str] = field(default_factory=list)


@dataclass
class DocumentReport:
    document_id: str
    source_file: str
    authority: str | None
    authority_code: str | None
    title: str | None
    first_fy: int | None
    pages: int
    status: str
    error: str | None
    counts: dict[str, int]
    page_reports: list[PageReport]


def find_document(con: Any, ref: str) -> str:
    """The document_id a person means: an id (or its start), a file name, or part of one."""
    rows = con.execute(
        "select document_id, source_file from _documents where duplicate_of is null"
    ).fetchall()
    ref_l = ref.strip().lower()
    for test in (
        lambda d, f: d == ref_l,
        lambda d, f: len(ref_l) >= 4 and d.startswith(ref_l),
        lambda d, f: Path(f).name.lower() == Path(ref_l).name,
        lambda d, f: ref_l in f.lower(),
    ):
        hits = [(d, f) for d, f in rows if test(str(d), str(f or ""))]
        if len(hits) == 1:
            return str(hits[0][0])
        if len(hits) > 1:
            names = "; ".join(f"{d} {f}" for d, f in hits[:6])
            raise QueryError(f"{ref!r} matches {len(hits)} papers: {names}")
    raise QueryError(f'no paper matches {ref!r}; see `pipeline query "select * from documents"`')


def document_report(con: Any, document_id: str, page: int | None = None) -> DocumentReport:
    """What came out of one paper, page by page (every page with something, or just `page`)."""
    d = con.execute(
        "select document_id, source_file, authority, authority_code, title, first_fy, pages,"
        " status, error from _documents where document_id = ?",
        [document_id],
    ).fetchone()
    if d is None:
        raise QueryError(f"no paper {document_id}")
    pages: dict[int, PageReport] = {}

    def at(n: int) -> PageReport:
        return pages.setdefault(int(n), PageReport(int(n)))

    for step in (_add_blocks, _add_tables, _add_rows, _add_narrative):
        step(con, document_id, at)
    wanted = sorted(pages) if page is None else [page]
    return DocumentReport(
        document_id=str(d[0]),
        source_file=str(d[1]),
        authority=d[2],
        authority_code=d[3],
        title=d[4],
        first_fy=d[5],
        pages=int(d[6] or 0),
        status=str(d[7]),
        error=d[8],
        counts=_counts(con, document_id),
        page_reports=[pages.get(n, PageReport(n)) for n in wanted],
    )


PageAt = Callable[[int], PageReport]


def _counts(con: Any, document_id: str) -> dict[str, int]:
    """How many of each thing the paper gave, and how many checks failed."""
    counts = {}
    for name, table in (
        ("tables", "_tables"),
        ("figures", "_figures"),
        ("mentions", "_mentions"),
        ("claims", "_claims"),
        ("blocks", "_blocks"),
        ("checks", "_checks"),
    ):
        sql = f"select count(*) from {table} where document_id = ?"
        counts[name] = int(con.execute(sql, [document_id]).fetchone()[0])
    counts["checks_failed"] = int(
        con.execute(
            "select count(*) from _checks where document_id = ? and not ok", [document_id]
        ).fetchone()[0]
    )
    return counts


def _add_blocks(con: Any, document_id: str, at: PageAt) -> None:
    for n, kind, text in con.execute(
        "select page, kind, text from _blocks where document_id = ? order by block_order",
        [document_id],
    ).fetchall():
        p = at(n)
        p.blocks += 1
        if kind == "heading":
            p.headings.append(str(text))


def _add_tables(con: Any, document_id: str, at: PageAt) -> None:
    for row in con.execute(
        "select table_index, page, last_page, strategy, caption, columns, n_rows, n_figures,"
        " coalesce(sign, 1), sign_rule from _tables where document_id = ? order by table_index",
        [document_id],
    ).fetchall():
        at(row[1]).tables.append(
            TableOnPage(
                int(row[0]),
                int(row[1]),
                int(row[2] or row[1]),
                str(row[3]),
                row[4],
                list(row[5] or []),
                int(row[6] or 0),
                int(row[7] or 0),
                int(row[8]),
                row[9],
            )
        )


def _add_rows(con: Any, document_id: str, at: PageAt) -> None:
    """Each table row on the page it is printed on, its figures (savings positive) in order."""
    cur: tuple[int, int, int] | None = None
    for r in con.execute(
        "select page, table_index, row_index, section, row_label, rag, category, is_total,"
        " column_label, saving_gbp from savings_research where document_id = ?"
        " order by table_index, row_index, x0",
        [document_id],
    ).fetchall():
        key = (int(r[0]), int(r[1]), int(r[2]))
        if key != cur:
            at(r[0]).rows.append(
                RowOnPage(int(r[1]), int(r[2]), r[3], str(r[4]), r[5], str(r[6]), bool(r[7]), [])
            )
            cur = key
        at(r[0]).rows[-1].cells.append((str(r[8]), None if r[9] is None else Decimal(r[9])))


def _add_narrative(con: Any, document_id: str, at: PageAt) -> None:
    """Claims and mentions counted by kind, and the checks that failed, page by page."""
    for n, kind, c in con.execute(
        "select page, kind, count(*) from _claims where document_id = ? group by all",
        [document_id],
    ).fetchall():
        at(n).claims[str(kind)] = int(c)
    for n, label, c in con.execute(
        "select page, label, count(*) from _mentions where document_id = ? group by all",
        [document_id],
    ).fetchall():
        at(n).mentions[str(label)] = int(c)
    for n, row_label, col, diff in con.execute(
        "select page, row_label, column_label, difference from _checks"
        " where document_id = ? and not ok order by page",
        [document_id],
    ).fetchall():
        at(n).checks_failed.append(f"{row_label} / {col}: off by {diff}")
