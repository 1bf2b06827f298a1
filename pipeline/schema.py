"""The warehouse's schema: base tables, public views, and installing them only when needed.

`pipeline.load` writes papers into these tables; the views installed beside them (the
research layer's) are handed in as installers, so this module imports nothing above it.
Installing is skipped when the warehouse records that this very schema and these
installers are in place and still current (`installed_current`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

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
select * exclude (table_kind) from table_figures
where table_kind = 'money' and amount_gbp is not null;

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
    if not main_objects(con) >= _BASE_OBJECTS:
        return False
    return all(install.current(con) for install in views if isinstance(install, LazyInstaller))


def _sql_text(text: str) -> str:
    """A SQL string literal of `text` (a comment cannot be a bound parameter)."""
    return "'" + text.replace("'", "''") + "'"


def main_objects(con: Any) -> set[str]:
    """The tables and views of the warehouse's main schema, by name: what an install
    made and a later version or a hand may have dropped."""
    return {
        str(r[0])
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database()"
            " and schema_name = 'main' union all select view_name from duckdb_views()"
            " where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    }
