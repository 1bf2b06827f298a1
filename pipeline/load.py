"""The DuckDB warehouse: base tables, the public views, one transaction per paper.

Base tables (prefixed ``_``) may change between versions; the views
``documents``, ``savings``, ``mentions``, ``claims``, ``checks`` and ``tables``
are the contract researchers and other tools rely on.

Views built on these (the research layer's) are handed in by the caller as
installers (`connect(..., views=...)`): this module never imports what sits
above it, so dependencies point one way (load ← research ← cli). Tables they derive
from the base tables are kept current by statements they store in ``_refresh``, which
every load runs for its papers in its own transaction (`refresh_derived`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from pipeline.bulk import COLUMNS, Spool, insert_spools, one_thread
from pipeline.errors import WarehouseBusy
from pipeline.lock import writer_lock
from pipeline.models import DocumentInfo, Extraction
from pipeline.rowcache import KeptRows
from pipeline.schema import MONEY as MONEY
from pipeline.schema import SCHEMA_VERSION as SCHEMA_VERSION
from pipeline.schema import LazyInstaller as LazyInstaller
from pipeline.schema import ViewInstaller as ViewInstaller
from pipeline.schema import ensure_schema as ensure_schema
from pipeline.schema import installed_current as installed_current
from pipeline.unloaded import record_duplicate as record_duplicate
from pipeline.unloaded import record_unreadable as record_unreadable
from pipeline.unloaded import utc_now

log = logging.getLogger(__name__)

_DATA_TABLES = ("_figures", "_tables", "_checks", "_mentions", "_claims", "_blocks")


@contextmanager
def connect(
    path: Path,
    *,
    read_only: bool = False,
    wait: float = 30.0,
    views: Sequence[ViewInstaller] = (),
    schema: bool = True,
) -> Iterator[Any]:
    """A connection with the schema (and `views`) in place; waits for a writer up to `wait` s.

    A read-write connection first takes the warehouse's writer lock (pipeline.lock),
    so writers never interleave; keep it open only while writing, so readers get in
    between. `schema=False` skips re-installing the schema (and views) when it is known
    current, as for each paper of an ingest after the first look.
    """
    if read_only:
        if not path.exists():
            raise WarehouseBusy(f"no warehouse at {path}; run `pipeline ingest` first")
        with _open(path, read_only=True, wait=wait) as con:
            yield con
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(path, wait), _open(path, read_only=False, wait=wait) as con:
        if schema:
            ensure_schema(con, views)
        yield con


@contextmanager
def _open(path: Path, *, read_only: bool, wait: float) -> Iterator[Any]:
    deadline = time.monotonic() + wait
    waited = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" not in msg.lower() or time.monotonic() >= deadline:
                if "lock" in msg.lower():
                    raise WarehouseBusy(
                        f"warehouse {path} is in use by another process; "
                        f"try again when it finishes ({msg.splitlines()[0][:160]})"
                    ) from exc
                raise
            if not waited:
                # A reader is told (a query that hangs silently looks broken); a writer
                # waiting its turn between another ingest's loads is routine.
                say = log.warning if read_only else log.info
                say("waiting up to %.0fs for another process to release %s", wait, path)
                waited = True
            time.sleep(0.25)
    try:
        yield con
    finally:
        con.close()


def document_id(sha256: str) -> str:
    return sha256[:16]


def known(con: Any, sha256: str) -> tuple[str, str, str] | None:
    """(document_id, source_file, status) of a paper already loaded with this content."""
    row = con.execute(
        "select document_id, source_file, status from _documents "
        "where sha256 = ? and duplicate_of is null",
        [sha256],
    ).fetchone()
    return (str(row[0]), str(row[1]), str(row[2])) if row else None


def load_extraction(con: Any, ex: Extraction) -> str:
    """Replace everything of this paper in one transaction; returns its document_id.

    The steps: spool each base table's rows (`_ROWS` says which builder makes them),
    delete what an earlier load of the paper left, insert the rows in bulk, then refresh
    the tables layers above derive from them (`refresh_derived`). Any failure rolls back
    all of it, so a paper is never half-loaded and nothing derived disagrees with its figures.
    """
    with Prepared(ex) as ready:
        return ready.load(con)


@dataclass(frozen=True)
class Spooled:
    """A paper's rows spooled by another process (a worker): where, and what they are."""

    folder: str
    doc_id: str
    document: DocumentInfo
    generator: str
    counts: tuple[int, int, int, int]


class Prepared:
    """A paper's rows spooled to disk, ready to load (a context manager: the spool goes
    when it closes). The extraction is then no longer needed: `pipeline ingest` lets it
    go before DuckDB's transaction, or has its workers spool the rows, so a long paper's
    records never reach the ingesting process."""

    def __init__(self, ex: Extraction, *, folder: str | None = None) -> None:
        """Spool `ex`'s rows, into `folder` when given, else a temporary one."""
        self.doc_id = document_id(ex.document.sha256)
        self.document, self.generator = ex.document, ex.generator
        self._counts = (len(ex.tables), len(ex.figures), len(ex.mentions), len(ex.claims))
        self._spool = Spool(folder)
        try:
            for table, rows_of in _ROWS:
                if table != "_documents":  # written as it loads: its time is the load's
                    self._spool.write(table, rows_of(self.doc_id, ex))
        except BaseException:
            self._spool.close()
            raise

    @classmethod
    def adopt(cls, spooled: Spooled) -> Prepared:
        """The rows another process spooled, as `spooled` says, ready to load here."""
        ready = cls.__new__(cls)
        ready.doc_id, ready.document = spooled.doc_id, spooled.document
        ready.generator, ready._counts = spooled.generator, spooled.counts
        ready._spool = Spool(spooled.folder)
        return ready

    def detach(self) -> Spooled:
        """Keep the spool's files for another process to load (`adopt`)."""
        folder = self._spool.detach()
        return Spooled(folder, self.doc_id, self.document, self.generator, self._counts)

    @property
    def counts(self) -> tuple[int, int, int, int]:  # tables, figures, mentions, claims
        return self._counts

    def __enter__(self) -> Prepared:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()

    def load(self, con: Any) -> str:
        """Replace everything of this paper in one transaction, on one DuckDB thread (for
        memory: `bulk.one_thread`); returns its document_id."""
        load_together(con, [self])
        return self.doc_id

    def _document(self, stamp: datetime) -> None:
        """Spool the paper's row, stamped (a load tried before, rolled back, wrote one)."""
        self._spool.forget("_documents")
        self._spool.write(
            "_documents", [_document_row(self.doc_id, self.document, self.generator, stamp)]
        )


def _replace(con: Any, papers: Sequence[Prepared]) -> None:
    """Delete what earlier loads of these papers left and insert their rows, a statement a
    table for all of them (they are distinct, so deleting all before inserting any removes
    what deleting each before inserting it would), paper after paper; each paper's row is
    stamped with the time of this load, later for each paper after the first."""
    ids = [paper.doc_id for paper in papers]
    marks = ", ".join("?" * len(ids))
    for table in (*_DATA_TABLES, "_documents"):
        con.execute(f"delete from {table} where document_id in ({marks})", ids)
    # a row saying a file could not be read at all is out of date once it loads
    con.execute(
        f"delete from _documents where sha256 is null and source_file in ({marks})",
        [paper.document.source_file for paper in papers],
    )
    last: datetime | None = None
    for paper in papers:
        stamp = utc_now()
        if last is not None and stamp <= last:  # the clock's resolution: keep the order
            stamp = last + timedelta(microseconds=1)
        paper._document(stamp)
        last = stamp
    insert_spools(con, [paper._spool for paper in papers], [table for table, _ in _ROWS])


def load_together(con: Any, papers: Sequence[Prepared]) -> None:
    """Papers, each replaced as `Prepared.load` replaces it, in one transaction with the
    derived tables refreshed once for all of them (`refresh_derived`: ten statements whose
    fixed cost outweighs a paper's rows). The derived rows of a paper depend on that
    paper's rows only, so they are the same as with a refresh a paper. Any failure rolls
    back all of them: the warehouse is as it was, with none of them half-loaded."""
    with one_thread(con):
        con.execute("begin")
        try:
            _replace(con, papers)
            refresh_derived(con, [paper.doc_id for paper in papers])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    for paper in papers:
        log.info(
            "loaded %s as %s: %d tables, %d figures, %d mentions, %d claims",
            paper.document.source_file,
            paper.doc_id,
            *paper._counts,
        )


def load_fresh(con: Any, extractions: Iterable[Extraction | KeptRows]) -> int:
    """Papers into a warehouse that holds none of them yet, in one transaction; returns how many.

    For `pipeline rebuild`, which fills a new file: with nothing to replace, each base
    table gets one bulk insert for all the papers given, instead of one per paper
    (the per-paper deletes would otherwise scan ever larger tables), and the derived
    tables are refreshed for all of them at once, in the same transaction. A paper whose
    document_id is already loaded, or that comes twice, is a ValueError, and the
    transaction rolls back. A paper may come as the rows kept from its extraction
    (`pipeline.rowcache.KeptRows`): their text joins the spool as it is.
    """
    ids: set[str] = set()
    with Spool() as spool:
        for ex in extractions:  # each paper's rows spooled as it is read, then let go
            doc_id = ex.doc_id if isinstance(ex, KeptRows) else document_id(ex.document.sha256)
            if doc_id in ids:
                name = ex.folder if isinstance(ex, KeptRows) else ex.document.source_file
                raise ValueError(f"{name}: document {doc_id} given twice")
            ids.add(doc_id)
            if isinstance(ex, KeptRows):
                row = list(ex.document_row)
                row[ex.stamp_at] = utc_now()
                spool.write("_documents", [tuple(row)])
                spool.absorb(ex.folder)
                continue
            for table, rows_of in _ROWS:
                spool.write(table, rows_of(doc_id, ex))
        # on DuckDB's calling thread, as each paper of an ingest loads: the inserts read the
        # spool in order on one thread anyway, and the derived rows of a few hundred papers
        # took less CPU and no more time without DuckDB's other threads (the rebuilds of
        # the fixtures and of Kent, alternated with and without)
        with one_thread(con):
            _insert_fresh(con, spool, ids)
    return len(ids)


def _insert_fresh(con: Any, spool: Spool, ids: set[str]) -> None:
    """`load_fresh`'s transaction: the papers' rows and their derived rows, or nothing."""
    con.execute("begin")
    try:
        clash, held = con.execute(
            "select (select count(*) from _documents where list_contains(?, document_id)),"
            " exists (from _figures)",
            [sorted(ids)],
        ).fetchall()[0]
        if clash:
            raise ValueError(f"{clash} of these papers are loaded already")
        spool.insert(con, [table for table, _ in _ROWS])
        # every derived row comes from a figure: into a warehouse with none yet (a
        # rebuild's first few hundred papers), deriving for all needs no list of them
        refresh_derived(con, sorted(ids) if held else None)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def kept_document_row(doc_id: str, ex: Extraction) -> tuple[list[Any], int]:
    """The paper's document row as `pipeline.rowcache` keeps it: without the load's time
    (None), and the index where that goes."""
    row = list(_document_row(doc_id, ex.document, ex.generator))
    row[_STAMP_AT] = None
    return row, _STAMP_AT


#: Where the load's time is in a document row.
_STAMP_AT = [name for name, _ in COLUMNS["_documents"]].index("ingested_at")


def refresh_derived(con: Any, doc_ids: Sequence[str] | None) -> None:
    """Bring the tables derived from these papers' rows up to date (all papers for None).

    Layers above keep tables worked out from the base tables (the research layer's
    per-figure categories and sums, so that its views need not work them out at every
    query). They store the statements that make them in ``_refresh``, each reading the
    papers as ``$ids``; this runs them in order. The loaders call it inside the
    transaction that changes a paper's rows, so derived tables never disagree with the
    figures, not even after a crash; this module need not know what they are.
    """
    ids = None if doc_ids is None else list(doc_ids)
    for (sql,) in con.execute("select sql from _refresh order by ord").fetchall():
        con.execute(sql, {"ids": ids})


Row = tuple[Any, ...]


def _document_rows(doc_id: str, ex: Extraction) -> list[Row]:
    return [_document_row(doc_id, ex.document, ex.generator)]


def _document_row(
    doc_id: str, d: DocumentInfo, generator: str, stamp: datetime | None = None
) -> Row:
    """The paper's row, stamped with the time of its load (the views order papers by it)."""
    return (
        doc_id,
        d.source_file,
        d.sha256,
        d.authority,
        d.authority_code,
        d.title,
        d.first_fy,
        d.pages,
        d.status,
        d.error,
        stamp or utc_now(),
        d.source_url,
        generator,
        None,  # duplicate_of: this is the copy loaded
        list(d.warnings),
        None,  # authority_source: "folder" when attribution fills the council in
    )


def _figure_rows(doc_id: str, ex: Extraction) -> Iterator[Row]:
    return (
        (
            doc_id,
            f.page,
            f.table_index,
            f.row_index,
            f.section,
            f.row_label,
            f.rag,
            f.column_label,
            f.measure,
            f.first_fy,
            f.last_fy,
            _money(f.amount_gbp),
            f.printed,
            _money(f.unit),
            f.is_total,
            f.footnote,
            *_box(f.bbox),
            f.ref,
            json.dumps(f.attributes, ensure_ascii=False) if f.attributes else None,
            f.unit_source,
            f.period_source,
        )
        for f in ex.figures
    )


def _table_rows(doc_id: str, ex: Extraction) -> Iterator[Row]:
    return (
        (
            doc_id,
            t.table_index,
            t.page,
            t.last_page,
            t.caption,
            t.strategy,
            t.columns,
            _money(t.unit),
            t.n_rows,
            t.n_figures,
            *_box(t.bbox),
            t.sign_rule,
            t.sign,
            t.kind,
            t.unit_source,
            t.review,
            t.text_columns,
        )
        for t in ex.tables
    )


def _check_rows(doc_id: str, ex: Extraction) -> Iterator[Row]:
    return (
        (
            doc_id,
            c.page,
            c.table_index,
            c.row_label,
            c.column_label,
            _money(c.expected),
            _money(c.printed),
            _money(c.difference),
            c.ok,
            c.covers,
        )
        for c in ex.checks
    )


def _mention_rows(doc_id: str, ex: Extraction) -> Iterator[Row]:
    return (
        (
            doc_id,
            m.page,
            m.label,
            m.text,
            _money(m.amount_gbp),
            m.first_fy,
            m.last_fy,
            m.canonical,
            None if m.percent is None else str(m.percent),
            m.sentence,
            m.block_order,
            m.start,
            m.end,
            *_box(m.bbox),
            m.kind,
            m.code,
            m.role,
            m.table_index,
            m.row_index,
            m.figure_table_index,
            m.figure_row_index,
            m.figure_column,
        )
        for m in ex.mentions
    )


def _claim_rows(doc_id: str, ex: Extraction) -> Iterator[Row]:
    return (
        (
            doc_id,
            c.page,
            c.kind,
            c.text,
            _money(c.amount_gbp),
            c.first_fy,
            c.last_fy,
            c.subject,
            c.sentence,
            c.block_order,
        )
        for c in ex.claims
    )


def _block_rows(doc_id: str, ex: Extraction) -> Iterator[Row]:
    return (
        (doc_id, b.page, b.order, b.kind, b.text, *_box(b.bbox), b.table_index, b.row_index)
        for b in ex.blocks
    )


#: Each base table and the function that turns an extraction into its rows, in load order.
_ROWS: tuple[tuple[str, Callable[[str, Extraction], Iterable[Row]]], ...] = (
    ("_documents", _document_rows),
    ("_figures", _figure_rows),
    ("_tables", _table_rows),
    ("_checks", _check_rows),
    ("_mentions", _mention_rows),
    ("_claims", _claim_rows),
    ("_blocks", _block_rows),
)


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _box(bbox: Any) -> tuple[float | None, ...]:
    if bbox is None:
        return (None, None, None, None)
    return (bbox.x0, bbox.top, bbox.x1, bbox.bottom)
