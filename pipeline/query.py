"""Read-only SQL over the warehouse, and the ways results are shown."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.errors import QueryError
from pipeline.load import connect


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    #: What the query left out and why, in words, for the person reading the rows.
    notes: list[str] = field(default_factory=list)


def run_sql(warehouse: Path, sql: str, params: list[Any] | None = None) -> QueryResult:
    """Run one statement read-only; a bad statement becomes a one-line QueryError."""
    with connect(warehouse, read_only=True) as con:
        try:
            cur = con.execute(sql, params or [])
            if cur.description is None:
                return QueryResult([], [])
            return QueryResult([d[0] for d in cur.description], cur.fetchall())
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise QueryError(f"query failed: {first}") from exc


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def to_csv(result: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    for r in result.rows:
        w.writerow(["" if v is None else _plain(v) for v in r])
    return buf.getvalue()


def to_json(result: QueryResult) -> str:
    return json.dumps(
        [{c: _plain(v) for c, v in zip(result.columns, r, strict=True)} for r in result.rows],
        indent=1,
        ensure_ascii=False,
    )


def literal(text: str) -> Text:
    """Text from a paper or a query, shown exactly as it is.

    A plain string in a rich table is read as console markup: a cell holding
    ``[/x]`` crashes the command, one holding ``[see note 3]`` vanishes. A Text
    object is never parsed, so data cannot style, hide or break the output.
    """
    return Text(text, no_wrap=False)


def render(result: QueryResult, fmt: str, console: Console, *, limit: int = 200) -> None:
    if fmt == "csv":
        console.out(to_csv(result), end="")
        return
    if fmt == "json":
        console.out(to_json(result))
        return
    table = Table(show_edge=False, pad_edge=False, highlight=False)
    for c in result.columns:
        table.add_column(literal(c), overflow="fold")
    shown = result.rows if limit <= 0 else result.rows[:limit]
    for r in shown:
        table.add_row(*(literal("" if v is None else str(_plain(v))) for v in r))
    console.print(table)
    more = len(result.rows) - len(shown)
    tail = f" ({more} more: use --limit 0 or --format csv)" if more > 0 else ""
    console.print(f"{len(result.rows)} rows{tail}", markup=False)
