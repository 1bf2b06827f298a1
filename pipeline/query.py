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
            raise QueryError(f"query failed: {_one_line(exc)}") from exc


def _one_line(exc: Exception) -> str:
    """DuckDB's message on one line, with its hint kept ("Did you mean "savings"?")."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    if not lines:
        return type(exc).__name__
    hints = [ln for ln in lines[1:] if ln.lower().startswith(("did you mean", "candidate"))]
    return " ".join([lines[0], *hints])


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


def _json(v: Any) -> str:
    """A value as JSON; a decimal as a JSON number written exactly (no float on the way)."""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_json(x) for x in v) + "]"
    return json.dumps(_plain(v), ensure_ascii=False)


def _json_object(columns: list[str], row: tuple[Any, ...]) -> str:
    items = (
        f"{json.dumps(c, ensure_ascii=False)}: {_json(v)}"
        for c, v in zip(columns, row, strict=True)
    )
    return "{" + ", ".join(items) + "}"


def to_json(result: QueryResult) -> str:
    """A JSON array of objects; amounts are numbers, exact to the penny."""
    objects = [_json_object(result.columns, r) for r in result.rows]
    return "[\n" + ",\n".join(f" {o}" for o in objects) + "\n]" if objects else "[]"


def to_ndjson(result: QueryResult) -> str:
    """One JSON object a line, for streaming tools (jq, pandas.read_json(lines=True))."""
    return "".join(_json_object(result.columns, r) + "\n" for r in result.rows)


def to_tsv(result: QueryResult) -> str:
    """Tab-separated, a header line first; tabs and line breaks inside values become spaces."""

    def cell(v: Any) -> str:
        return "" if v is None else " ".join(str(_plain(v)).split())

    lines = ["\t".join(result.columns), *("\t".join(cell(v) for v in r) for r in result.rows)]
    return "\n".join(lines) + "\n"


def to_markdown(result: QueryResult) -> str:
    """A Markdown table (pipes in values escaped), for notes and issues."""

    def cell(v: Any) -> str:
        return "" if v is None else " ".join(str(_plain(v)).split()).replace("|", "\\|")

    head = "| " + " | ".join(cell(c) for c in result.columns) + " |"
    rule = "|" + "|".join("---" for _ in result.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in r) + " |" for r in result.rows]
    return "\n".join([head, rule, *body]) + "\n"


def to_records(result: QueryResult) -> str:
    """One block a row, a line a column: wide results stay readable on a narrow terminal."""
    width = max((len(c) for c in result.columns), default=0)
    blocks = [
        "\n".join(
            f"{c.ljust(width)}  {'' if v is None else _plain(v)}"
            for c, v in zip(result.columns, r, strict=True)
        )
        for r in result.rows
    ]
    return "\n\n".join(f"-- row {i + 1}\n{b}" for i, b in enumerate(blocks)) + "\n"


_WRITERS = {
    "csv": to_csv,
    "json": to_json,
    "ndjson": to_ndjson,
    "tsv": to_tsv,
    "markdown": to_markdown,
    "records": to_records,
}


def literal(text: str) -> Text:
    """Text from a paper or a query, shown exactly as it is.

    A plain string in a rich table is read as console markup: a cell holding
    ``[/x]`` crashes the command, one holding ``[see note 3]`` vanishes. A Text
    object is never parsed, so data cannot style, hide or break the output.
    """
    return Text(text, no_wrap=False)


def render(result: QueryResult, fmt: str, console: Console, *, limit: int = 200) -> None:
    if fmt in _WRITERS:
        # Written as is: rich would expand the tabs of TSV and style numbers.
        text = _WRITERS[fmt](result)
        console.file.write(text if text.endswith("\n") else text + "\n")
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
