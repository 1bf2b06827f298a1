"""A row filter typed by a person (`export --where`), checked to be one expression and no more.

The filter is pasted into SQL that DuckDB runs, so text such as
``1=1) ; copy (select 42) to '/tmp/x.csv' ; select * from (select 1`` would run
statements of its own and write files. Rather than guess at dangerous words, the
statement is parsed by DuckDB itself (``json_serialize_sql``) and must be exactly
``select * from <view> where <expression>``: one statement, nothing but a WHERE
added, no subquery inside the expression (a subquery could read files with a
table function). What runs is DuckDB's own rendering of the checked tree, so a
comment or a stray quote in the text cannot change the statement after the check.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from pipeline.errors import QueryError

_LOCATION_KEYS = {"query_location", "query_location_length"}


def filter_sql(con: Any, view: str, where: str | None) -> str:
    """``select * from "view"`` with the checked filter; QueryError unless it is one expression."""
    base = f'select * from "{view}"'
    if where is None or not where.strip():
        return base
    plain = _node(con, base)
    stmt = _serialize(con, f"{base} where {where}")
    statements = stmt.get("statements") or []
    if stmt.get("error") or len(statements) != 1:
        detail = stmt.get("error_message") or f"{len(statements)} statements"
        raise QueryError(f"--where must be one condition on the view's columns ({detail})")
    node = dict(statements[0]["node"])
    clause = node.pop("where_clause", None)
    plain.pop("where_clause", None)
    if clause is None or _strip(node) != _strip(plain):
        raise QueryError(
            "--where must be one condition on the view's columns, with nothing after it "
            "(no union, group by, order by, limit or second statement)"
        )
    if _has_subquery(clause):
        raise QueryError("--where cannot hold a subquery: filter on the view's own columns")
    try:
        row = con.execute("select json_deserialize_sql(?::varchar)", [json.dumps(stmt)]).fetchone()
    except duckdb.Error as exc:
        raise QueryError(f"--where cannot be used ({str(exc).splitlines()[0]})") from exc
    return str(row[0])


def _serialize(con: Any, sql: str) -> dict[str, Any]:
    try:
        row = con.execute("select json_serialize_sql(?::varchar)", [sql]).fetchone()
    except duckdb.Error as exc:
        raise QueryError(f"--where cannot be read ({str(exc).splitlines()[0]})") from exc
    out: dict[str, Any] = json.loads(row[0])
    return out


def _node(con: Any, sql: str) -> dict[str, Any]:
    node: dict[str, Any] = dict(_serialize(con, sql)["statements"][0]["node"])
    return node


def _strip(value: Any) -> Any:
    """The tree without source positions, so two spellings of one statement compare equal."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _LOCATION_KEYS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _has_subquery(value: Any) -> bool:
    if isinstance(value, dict):
        if value.get("class") == "SUBQUERY" or value.get("type") == "SUBQUERY":
            return True
        return any(_has_subquery(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_subquery(v) for v in value)
    return False
