"""`pipeline query`: SQL over the warehouse, printed as a table, records, CSV, TSV, JSON,
NDJSON or Markdown."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from pipeline.cli.common import DEFAULT_WAREHOUSE, WarehouseOpt, console, user_errors
from pipeline.query import render, run_sql


class Format(StrEnum):
    table = "table"
    records = "records"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ndjson = "ndjson"
    markdown = "markdown"


def query(
    sql: Annotated[str, typer.Argument(help="SQL over the views: documents, savings, mentions…")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="table; records (a block a row, for wide results); csv, tsv; json, ndjson "
            "(amounts as exact numbers); markdown.",
        ),
    ] = Format.table,
    limit: Annotated[int, typer.Option(help="Rows shown in table format (0: all).")] = 200,
) -> None:
    """Run SQL against the warehouse (read-only)."""
    with user_errors():
        result = run_sql(warehouse, sql)
    render(result, fmt.value, console, limit=limit)
