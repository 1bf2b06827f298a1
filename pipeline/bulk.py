"""Rows of the warehouse's base tables into DuckDB in one statement a table, through a spool.

Row by row (``executemany``) was most of an ingest's time in DuckDB. The rows are
written as they are made to a spool file, one JSON object a line, and DuckDB reads
the file in one ``insert … select … from read_json`` with every column's type given.

Why not Arrow (which this replaced): importing pyarrow and its first array cost
about 90 MB of resident memory in the ingesting process, more than anything else
it holds, and building Arrow arrays needs every row in memory at once. A spool
takes the rows one at a time, so a paper's load holds none of them, and DuckDB's
own JSON reader is already in the process. Values travel exactly: text as JSON
text, money as its decimal digits cast to ``DECIMAL(18,2)`` (never a float), and
doubles as Python writes them (the shortest text that reads back to the same double).

`pipeline.load` builds the rows (what each column holds) and this module says each
column's name and SQL type (how it travels).
"""

from __future__ import annotations

import json
import json.encoder
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import IO, Any

_TEXT = "VARCHAR"
_INT = "INTEGER"
_NUM = "DOUBLE"
_MONEY = "DECIMAL(18,2)"
_TEXTS = "VARCHAR[]"
_BOOL = "BOOLEAN"
_BOX = [("x0", _NUM), ("top", _NUM), ("x1", _NUM), ("bottom", _NUM)]

#: The columns each row builder fills, in its order, with their types. Text goes in as
#: text where DuckDB's own cast decides (``attributes`` to JSON, ``percent`` to
#: DECIMAL(9,3)), as it did when rows were bound one by one.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "_documents": [
        *[(c, _TEXT) for c in ("document_id", "source_file", "sha256", "authority")],
        *[("authority_code", _TEXT), ("title", _TEXT), ("first_fy", _INT), ("pages", _INT)],
        *[("status", _TEXT), ("error", _TEXT), ("ingested_at", "TIMESTAMP")],
        *[("source_url", _TEXT), ("generator", _TEXT), ("duplicate_of", _TEXT)],
        *[("warnings", _TEXTS), ("authority_source", _TEXT)],
    ],
    "_figures": [
        *[("document_id", _TEXT), ("page", _INT), ("table_index", _INT), ("row_index", _INT)],
        *[(c, _TEXT) for c in ("section", "row_label", "rag", "column_label", "measure")],
        *[("first_fy", _INT), ("last_fy", _INT), ("amount_gbp", _MONEY), ("printed", _TEXT)],
        *[("unit", _MONEY), ("is_total", _BOOL), ("footnote", _TEXT), *_BOX],
        *[(c, _TEXT) for c in ("ref", "attributes", "unit_source", "period_source")],
    ],
    "_tables": [
        *[("document_id", _TEXT), ("table_index", _INT), ("page", _INT), ("last_page", _INT)],
        *[("caption", _TEXT), ("strategy", _TEXT), ("columns", _TEXTS), ("unit", _MONEY)],
        *[("n_rows", _INT), ("n_figures", _INT), *_BOX, ("sign_rule", _TEXT), ("sign", _INT)],
        *[("kind", _TEXT), ("unit_source", _TEXT), ("review", _TEXTS), ("text_columns", _TEXTS)],
    ],
    "_checks": [
        *[("document_id", _TEXT), ("page", _INT), ("table_index", _INT)],
        *[("row_label", _TEXT), ("column_label", _TEXT)],
        *[("expected", _MONEY), ("printed", _MONEY), ("difference", _MONEY)],
        *[("ok", _BOOL), ("covers", _TEXT)],
    ],
    "_mentions": [
        *[("document_id", _TEXT), ("page", _INT), ("label", _TEXT), ("text", _TEXT)],
        *[("amount_gbp", _MONEY), ("first_fy", _INT), ("last_fy", _INT)],
        *[("canonical", _TEXT), ("percent", _TEXT), ("sentence", _TEXT)],
        *[("block_order", _INT), ("start_char", _INT), ("end_char", _INT), *_BOX],
        *[("kind", _TEXT), ("code", _TEXT), ("role", _TEXT)],
        *[("table_index", _INT), ("row_index", _INT)],
        *[("figure_table_index", _INT), ("figure_row_index", _INT), ("figure_column", _TEXT)],
    ],
    "_claims": [
        *[("document_id", _TEXT), ("page", _INT), ("kind", _TEXT), ("text", _TEXT)],
        *[("amount_gbp", _MONEY), ("first_fy", _INT), ("last_fy", _INT)],
        *[("subject", _TEXT), ("sentence", _TEXT), ("block_order", _INT)],
    ],
    "_blocks": [
        *[("document_id", _TEXT), ("page", _INT), ("block_order", _INT), ("kind", _TEXT)],
        *[("text", _TEXT), *_BOX, ("table_index", _INT), ("row_index", _INT)],
    ],
}


def _plain(value: Any) -> Any:
    """A value JSON has no type for, as text DuckDB casts back exactly."""
    if isinstance(value, Decimal):  # money comes quantized to pence (pipeline.load._money)
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    raise TypeError(f"cannot load a {type(value).__name__} value: {value!r}")


def _row_encoder() -> Any:
    """A function writing a row's dict exactly as ``json.JSONEncoder(ensure_ascii=False,
    default=_plain).encode`` does, about twice as fast.

    That encoder makes a new C encoder object for every call (and a dict to look for
    cycles in), which was half the cost of spooling a short paper's rows; this makes the
    C encoder once, with the same escaping, separators and float rules (``allow_nan``), and
    no cycle check (a row of plain values holds none). ``tests/test_bulk.py`` compares the
    two with hypothesis. Falls back to json's encoder where the C one is missing."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return json.JSONEncoder(ensure_ascii=False, default=_plain).encode
    encode = make(
        None, _plain, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    join = "".join

    def encode_row(row: dict[str, Any]) -> str:
        return join(encode(row, 0))

    return encode_row


#: Characters a spool file holds before the next is begun (see `Spool.insert`).
CHUNK = 1 << 18


class Spool:
    """Rows of base tables spooled to files as they are made, then each table's rows
    inserted in one statement: memory holds one row at a time, not a table of them.

    Used as a context manager; the files go when it closes. Rows keep their order.
    A spool written in one process (a worker) is loaded in another by naming its
    ``folder``: `detach` there, ``Spool(folder)`` here.
    """

    def __init__(self, folder: str | None = None) -> None:
        self.folder = folder or tempfile.mkdtemp(prefix="budget-papers-load-")
        os.makedirs(self.folder, exist_ok=True)
        self._files: dict[str, IO[str]] = {}
        self._written: dict[str, tuple[int, int]] = {}  # table: (chunk, characters in it)
        self._encode = _row_encoder()

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def write(self, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Append `rows` (tuples in the order of ``COLUMNS[table]``) to the table's spool."""
        columns = COLUMNS[table]
        names = [name for name, _ in columns]
        width, encode, files = len(columns), self._encode, self._files
        chunk, size = self._written.get(table, (0, 0))
        fh = files.get(table)
        try:
            for row in rows:
                if len(row) != width:
                    raise ValueError(f"{table}: {len(row)} values a row for {width} columns")
                line = encode(dict(zip(names, row, strict=True))) + "\n"
                if size and size + len(line) > CHUNK:
                    if fh is not None:
                        fh.close()
                        del files[table]
                        fh = None
                    chunk, size = chunk + 1, 0
                if fh is None:
                    fh = files[table] = open(self._path(table, chunk), "a", encoding="utf-8")  # noqa: SIM115
                fh.write(line)
                size += len(line)
        finally:
            if size or chunk:  # a table with no rows yet is left unrecorded, as before
                self._written[table] = (chunk, size)

    def absorb(self, folder: str) -> None:
        """Append the rows another spool left in `folder` (closed), table by table in its
        order, as if written here: a few large files for DuckDB to read rather than many
        small ones (each file a reader costs more than its few rows)."""
        for table in COLUMNS:
            chunk = 0
            while os.path.exists(path := os.path.join(folder, f"{table}.{chunk:05d}.ndjson")):
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                self._append(table, text)
                chunk += 1

    def _append(self, table: str, text: str) -> None:
        """Whole lines of `table`'s rows, in the current chunk unless it would pass `CHUNK`."""
        if not text:
            return
        chunk, size = self._written.get(table, (0, 0))
        if size and size + len(text) > CHUNK:
            done = self._files.pop(table, None)
            if done is not None:
                done.close()
            chunk, size = chunk + 1, 0
        fh = self._files.get(table)
        if fh is None:
            fh = self._files[table] = open(self._path(table, chunk), "a", encoding="utf-8")  # noqa: SIM115
        fh.write(text)
        self._written[table] = (chunk, size + len(text))

    def forget(self, table: str) -> None:
        """Drop the rows spooled for `table` so far."""
        done = self._files.pop(table, None)
        if done is not None:
            done.close()
        chunk = 0
        while os.path.exists(path := self._path(table, chunk)):
            os.remove(path)
            chunk += 1
        self._written.pop(table, None)

    def _path(self, table: str, chunk: int) -> str:
        return os.path.join(self.folder, f"{table}.{chunk:05d}.ndjson")

    def detach(self) -> str:
        """Close the files and keep them, for ``Spool(folder)`` to load; returns the folder."""
        for fh in self._files.values():
            fh.close()
        self._files.clear()
        return self.folder

    def insert(self, con: Any, tables: Iterable[str]) -> None:
        """Insert each spooled table's rows, in `tables` order (a table with none is skipped)."""
        insert_spools(con, [self], tables)

    def chunks(self, table: str) -> Iterator[str]:
        """The files holding `table`'s rows, in order."""
        chunk = 0
        while os.path.exists(path := self._path(table, chunk)):
            yield path
            chunk += 1

    def close(self) -> None:
        """Close and remove the spool's files and folder."""
        self.detach()
        shutil.rmtree(self.folder, ignore_errors=True)


def insert_spools(con: Any, spools: Sequence[Spool], tables: Iterable[str]) -> None:
    """Insert each table's rows of every spool, spool after spool, in `tables` order.

    Files go in a statement together up to `CHUNK` bytes (a file is at most about that),
    in order: DuckDB's reader holds what it reads in memory, so a long paper's rows go in
    a quarter of a megabyte at a time (smaller chunks saved no more memory and cost more
    statements), while the few rows of several short papers loaded together share one
    statement instead of one each (a statement's fixed cost is most of a short paper's
    load). DuckDB reads a list of files in its order on one thread (`one_thread`)."""
    for spool in spools:
        spool.detach()
    for table in tables:
        batch: list[str] = []
        size = 0
        for spool in spools:
            for path in spool.chunks(table):
                n = os.path.getsize(path)
                if batch and size + n > CHUNK:
                    _insert_files(con, table, batch)
                    batch, size = [], 0
                batch.append(path)
                size += n
        if batch:
            _insert_files(con, table, batch)


def _insert_files(con: Any, table: str, paths: list[str]) -> None:
    columns = COLUMNS[table]
    names = ", ".join(name for name, _ in columns)
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
    con.execute(
        f"insert into {table} ({names}) select {names} from read_json(?, "
        f"format = 'newline_delimited', columns = {{{types}}})",
        [paths[0] if len(paths) == 1 else paths],
    )


@contextmanager
def one_thread(con: Any) -> Iterator[None]:
    """Run what is inside on DuckDB's calling thread only, then restore its thread count.

    For a paper's load: its statements are small (a paper's rows, its derived rows), so
    more threads gain little time, but each of DuckDB's worker threads keeps memory of its
    own until the connection closes (stopping one gave back about 15 MB at 300 pages),
    and that grew with the paper: with one thread the ingest's peak no longer does
    (`benchmarks/reliability.py memory`). The setting is the database's, so it is put back
    as it was, whatever happens inside.
    """
    (threads,) = con.execute("select current_setting('threads')").fetchone()
    con.execute("set threads = 1")
    try:
        yield
    finally:
        con.execute(f"set threads = {int(threads)}")


def insert(con: Any, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """All `rows` of one base table in one statement (see `Spool`)."""
    with Spool() as spool:
        spool.write(table, rows)
        spool.insert(con, [table])
