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

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import duckdb

from pipeline.bulk import Spool, insert_spools, one_thread
from pipeline.errors import WarehouseBusy
from pipeline.lock import writer_lock
from pipeline.models import DocumentInfo, Extraction
from pipeline.unloaded import record_duplicate as record_duplicate
from pipeline.unloaded import record_unreadable as record_unreadable
from pipeline.unloaded import utc_now

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MONEY = "DECIMAL(18,2)"

#: Installs more views on a connection, inside the schema's transaction (for example
#: `pipeline.research.install`); it must open no transaction of its own.
ViewInstaller = Callable[[Any], None]


@runtime_checkable
class LazyInstaller(Protocol):
    """A view installer that can tell when installing again would change nothing, so a
    connection to a warehouse it already installed skips it (`ensure_schema`).

    ``fingerprint()`` changes whenever what it installs would (its code, SQL, data files);
    ``current(con)`` says whether the warehouse is in the state installing would leave it
    in, as far as the fingerprint cannot tell (objects dropped since, rows it would fix)."""

    def __call__(self, con: Any) -> None: ...

    def fingerprint(self) -> str: ...

    def current(self, con: Any) -> bool: ...


_TABLES = f"""
create table if not exists _meta (key varchar primary key, value varchar);
create table if not exists _documents (
    document_id varchar primary key, source_file varchar, sha256 varchar, authority varchar,
    authority_code varchar, title varchar, first_fy integer, pages integer, status varchar,
    error varchar, ingested_at timestamp, source_url varchar, generator varchar,
    duplicate_of varchar, warnings varchar[]);
create table if not exists _figures (
    document_id varchar, page integer, table_index integer, row_index integer, section varchar,
    row_label varchar, rag varchar, column_label varchar, measure varchar, first_fy integer,
    last_fy integer, amount_gbp {MONEY}, printed varchar, unit {MONEY}, is_total boolean,
    footnote varchar, x0 double, top double, x1 double, bottom double, ref varchar,
    attributes json, unit_source varchar, period_source varchar);
create table if not exists _tables (
    document_id varchar, table_index integer, page integer, last_page integer,
    caption varchar, strategy varchar, columns varchar[], unit {MONEY}, n_rows integer,
    n_figures integer, x0 double, top double, x1 double, bottom double, sign_rule varchar,
    sign integer default 1, kind varchar default 'money', unit_source varchar,
    review varchar[], text_columns varchar[]);
create table if not exists _checks (
    document_id varchar, page integer, table_index integer, row_label varchar,
    column_label varchar, expected {MONEY}, printed {MONEY}, difference {MONEY}, ok boolean,
    covers varchar);
create table if not exists _mentions (
    document_id varchar, page integer, label varchar, text varchar, amount_gbp {MONEY},
    first_fy integer, last_fy integer, canonical varchar, percent DECIMAL(9,3),
    sentence varchar, block_order integer, start_char integer, end_char integer,
    x0 double, top double, x1 double, bottom double);
create table if not exists _claims (
    document_id varchar, page integer, kind varchar, text varchar, amount_gbp {MONEY},
    first_fy integer, last_fy integer, subject varchar, sentence varchar, block_order integer);
create table if not exists _blocks (
    document_id varchar, page integer, block_order integer, kind varchar, text varchar,
    x0 double, top double, x1 double, bottom double);
create table if not exists _refresh (ord integer, owner varchar, sql varchar);
"""

#: columns added since schema 1, for warehouses made before them
_ADDED = """
alter table _figures add column if not exists ref varchar;
alter table _figures add column if not exists attributes json;
alter table _figures add column if not exists unit_source varchar;
alter table _figures add column if not exists period_source varchar;
alter table _tables add column if not exists kind varchar default 'money';
alter table _tables add column if not exists unit_source varchar;
alter table _tables add column if not exists review varchar[];
alter table _tables add column if not exists text_columns varchar[];
alter table _documents add column if not exists warnings varchar[];
alter table _documents add column if not exists authority_source varchar;
alter table _mentions add column if not exists kind varchar;
alter table _mentions add column if not exists code varchar;
alter table _mentions add column if not exists role varchar;
alter table _mentions add column if not exists table_index integer;
alter table _mentions add column if not exists row_index integer;
alter table _mentions add column if not exists figure_table_index integer;
alter table _mentions add column if not exists figure_row_index integer;
alter table _mentions add column if not exists figure_column varchar;
alter table _blocks add column if not exists table_index integer;
alter table _blocks add column if not exists row_index integer;
"""

_VIEWS = """
create or replace view documents as
select document_id, source_file, sha256, authority, authority_code, title, first_fy, pages,
       status, error, ingested_at, source_url, duplicate_of, coalesce(warnings, []) as warnings,
       authority_source
from _documents order by (status <> 'ok'), ingested_at, source_file;

create or replace view table_figures as
select f.document_id, d.authority, d.authority_code, f.page, f.table_index, f.section,
       f.row_label, f.rag, f.column_label, f.measure, f.first_fy, f.last_fy, f.amount_gbp,
       f.is_total, f.footnote, f.x0, f.top, f.x1, f.bottom, f.row_index, f.printed,
       f.unit as printed_unit, f.ref, f.attributes, f.unit_source, f.period_source,
       coalesce(t.kind, 'money') as table_kind
from _figures f join _documents d using (document_id)
left join _tables t on t.document_id = f.document_id and t.table_index = f.table_index;

create or replace view savings as
select * exclude (table_kind) from table_figures where table_kind = 'money';

create or replace view mentions as
select m.document_id, m.page, m.label, m.text, m.amount_gbp, m.first_fy, m.last_fy,
       m.canonical, m.sentence, m.percent, m.block_order, m.x0, m.top, m.x1, m.bottom,
       m.kind, m.code, m.role, m.table_index, m.row_index, m.figure_table_index,
       m.figure_row_index, m.figure_column
from _mentions m;

create or replace view claims as
select c.document_id, d.authority, d.authority_code, c.page, c.kind, c.text, c.amount_gbp,
       c.first_fy, c.last_fy, c.subject, c.sentence
from _claims c join _documents d using (document_id);

create or replace view checks as
select document_id, page, table_index, row_label, column_label, expected, printed,
       difference, ok, covers
from _checks;

create or replace view tables as
select document_id, table_index, page, last_page, caption, strategy, columns, unit,
       n_rows, n_figures, sign_rule, sign, coalesce(kind, 'money') as kind, unit_source,
       unit_source is not null as unit_stated, coalesce(len(review), 0) > 0 as needs_review,
       coalesce(review, []) as review, text_columns
from _tables;

create or replace view paragraphs as
select document_id, page, block_order, kind, text, table_index, row_index
from _blocks order by document_id, block_order;
"""

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


def ensure_schema(con: Any, views: Sequence[ViewInstaller] = ()) -> None:
    """Base tables, public views, then the views handed in, in one transaction.

    Skipped when the warehouse says it was installed by this very schema and these
    installers, each still current (`installed_current`): installing again (some
    seventy statements with the research layer's) was most of what an unchanged
    re-ingest cost. What was installed is recorded, in the same transaction, as the
    comment of the ``documents`` view (`_install_marks`), so no table's rows change, and
    any version that installs the public views again (``create or replace``) drops it."""
    if installed_current(con, views):
        return
    con.execute("begin")
    con.execute(_TABLES)
    con.execute(_ADDED)
    con.execute(_VIEWS)
    con.execute("insert or replace into _meta values ('schema_version', ?)", [str(SCHEMA_VERSION)])
    for install in views:  # views built on the public ones (the research layer's)
        install(con)
    marks = _install_marks(views)  # _VIEWS made `documents` anew, with no comment
    if marks is not None:
        con.execute(f"comment on view documents is {_sql_text(json.dumps(marks, sort_keys=True))}")
    con.execute("commit")


#: What the base schema's installation depends on: its SQL text and version.
_BASE_MARK = hashlib.sha256(f"{SCHEMA_VERSION}\n{_TABLES}\n{_ADDED}\n{_VIEWS}".encode()).hexdigest()

#: The base tables and public views `_TABLES` and `_VIEWS` make.
_BASE_OBJECTS = frozenset(
    name
    for line in (_TABLES + _VIEWS).splitlines()
    for head in ("create table if not exists ", "create or replace view ")
    if line.startswith(head)
    for name in [line[len(head) :].split()[0]]
)


def _installer_name(install: LazyInstaller) -> str:
    kind = type(install)
    return f"{kind.__module__}.{kind.__qualname__}"


def _install_marks(views: Sequence[ViewInstaller]) -> dict[str, str] | None:
    """The base schema's mark and each installer's fingerprint, by name; None when an
    installer cannot say what it installs (a plain function)."""
    marks = {"": _BASE_MARK}
    for install in views:
        if not isinstance(install, LazyInstaller):
            return None
        marks[_installer_name(install)] = install.fingerprint()
    return marks


def installed_current(con: Any, views: Sequence[ViewInstaller] = ()) -> bool:
    """Whether installing the schema and `views` again would leave the warehouse as it is.

    True when the ``documents`` view's comment records this base schema and, for each
    installer, its present fingerprint; when every base table and public view is still
    there; and when each installer finds the warehouse current. Installed by another
    version, another taxonomy or other installers, or written by an older version that
    keeps no record: False, and `ensure_schema` installs everything again as it did."""
    wanted = _install_marks(views)
    if wanted is None:
        return False
    row = con.execute(
        "select comment from duckdb_views() where database_name = current_database()"
        " and schema_name = 'main' and view_name = 'documents'"
    ).fetchall()
    if not row or not row[0][0]:
        return False
    try:
        stored = json.loads(row[0][0])
    except ValueError:
        return False
    if not isinstance(stored, dict) or any(stored.get(k) != v for k, v in wanted.items()):
        return False
    present = {
        str(r[0])
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database()"
            " and schema_name = 'main' union all select view_name from duckdb_views()"
            " where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    }
    if not present >= _BASE_OBJECTS:
        return False
    return all(install.current(con) for install in views if isinstance(install, LazyInstaller))


def _sql_text(text: str) -> str:
    """A SQL string literal of `text` (a comment cannot be a bound parameter)."""
    return "'" + text.replace("'", "''") + "'"


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


def load_fresh(con: Any, extractions: Iterable[Extraction]) -> int:
    """Papers into a warehouse that holds none of them yet, in one transaction; returns how many.

    For `pipeline rebuild`, which fills a new file: with nothing to replace, each base
    table gets one bulk insert for all the papers given, instead of one per paper
    (the per-paper deletes would otherwise scan ever larger tables), and the derived
    tables are refreshed for all of them at once, in the same transaction. A paper whose
    document_id is already loaded, or that comes twice, is a ValueError, and the
    transaction rolls back.
    """
    ids: set[str] = set()
    with Spool() as spool:
        for ex in extractions:  # each paper's rows spooled as it is read, then let go
            doc_id = document_id(ex.document.sha256)
            if doc_id in ids:
                raise ValueError(f"{ex.document.source_file}: document {doc_id} given twice")
            ids.add(doc_id)
            for table, rows_of in _ROWS:
                spool.write(table, rows_of(doc_id, ex))
        con.execute("begin")
        try:
            (clash,) = con.execute(
                "select count(*) from _documents where list_contains(?, document_id)",
                [sorted(ids)],
            ).fetchall()[0]
            if clash:
                raise ValueError(f"{clash} of these papers are loaded already")
            spool.insert(con, [table for table, _ in _ROWS])
            refresh_derived(con, sorted(ids))
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return len(ids)


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
