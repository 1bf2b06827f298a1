"""`pipeline export`: any view to CSV or Parquet, written by DuckDB's COPY."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import DEFAULT_WAREHOUSE, WarehouseOpt, console, user_errors
from pipeline.load import connect
from pipeline.research import ensure_current, export_format, export_view


class Format(StrEnum):
    csv = "csv"
    parquet = "parquet"


def export(
    view: Annotated[str, typer.Argument(help="A view: savings_research, rag_mix, documents …")],
    output: Annotated[Path, typer.Argument(help="File to write (.csv or .parquet).")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    fmt: Annotated[
        Format | None, typer.Option("--format", "-f", help="Default: from the file's suffix.")
    ] = None,
    where: Annotated[
        str | None, typer.Option(help="SQL condition on the view's columns to keep rows.")
    ] = None,
) -> None:
    """Write one view of the warehouse to a CSV or Parquet file."""
    with user_errors():
        kind = export_format(output, fmt.value if fmt else None)
        ensure_current(warehouse)
        with connect(warehouse, read_only=True) as con:
            n = export_view(con, view, output, kind, where)
    console.print(f"wrote {n} rows of {view} to {output} ({kind})", markup=False)
