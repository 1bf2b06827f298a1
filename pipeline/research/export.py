"""Exports: any public view to CSV or Parquet, written by DuckDB's COPY (exact decimals).

The files are meant to be read as they are by pandas, R (arrow, readr) and Polars:
money stays DECIMAL(18,2) in Parquet (decimal128 in Arrow), and JSON columns are
written as plain text, since Parquet's JSON extension type is not understood
everywhere (pandas gives objects, other readers refuse it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import PipelineError, QueryError
from pipeline.research.taxonomy import sql_literal
from pipeline.sqlfilter import filter_sql

_FIGURE_ORDER = "document_id, table_index, row_index, x0"

#: The order files and DataFrames of the row-level views come in, as printed in the papers.
#: The views have none of their own: a sort inside a view is paid by every query over it.
ROW_ORDER = {
    "table_figures": _FIGURE_ORDER,
    "savings": _FIGURE_ORDER,
    "savings_research": _FIGURE_ORDER,
    "planned_vs_delivered": "authority, document_id, table_index, row_index, first_fy, last_fy",
    "scheme_history": "authority, scheme_key, paper_first_fy nulls last, document_id, first_fy,"
    " last_fy, column_label",
}

_EXPORT_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def public_views(con: Any) -> list[str]:
    """Views a researcher may export: every view not prefixed with '_'."""
    rows = con.execute(
        "select view_name from duckdb_views() where not internal and schema_name = 'main' "
        "and not starts_with(view_name, '_') order by view_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def export_format(out: Path, fmt: str | None) -> str:
    if fmt:
        return fmt.lower()
    found = _EXPORT_FORMATS.get(out.suffix.lower())
    if found is None:
        raise PipelineError(
            f"{out}: cannot tell the format from the suffix; use .csv or .parquet, or --format"
        )
    return found


def export_view(con: Any, view: str, out: Path, fmt: str, where: str | None = None) -> int:
    """Write one view (optionally filtered) with DuckDB's COPY; returns the rows written."""
    views = public_views(con)
    if view not in views:
        raise QueryError(f"no view named {view!r}; views: {', '.join(views)}")
    if fmt not in {"csv", "parquet"}:
        raise QueryError(f"format {fmt!r}: use csv or parquet")
    # one checked expression, never a second statement (pipeline.sqlfilter)
    body = select_for_export(con, view, filter_sql(con, view, where) if where else None)
    opts = "format parquet" if fmt == "parquet" else "format csv, header true"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        n = con.execute(f"select count(*) from ({body})").fetchone()[0]
        con.execute(f"copy ({body}) to {sql_literal(str(out))} ({opts})")
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise QueryError(f"export failed: {first}") from exc
    return int(n)


def select_for_export(con: Any, view: str, rows: str | None = None) -> str:
    """``select * from view`` (or from the query `rows` over it), with any JSON column cast to
    text (see the module's note)."""
    cols = con.execute(
        "select column_name from information_schema.columns where table_schema = 'main'"
        " and table_name = ? and data_type = 'JSON' order by ordinal_position",
        [view],
    ).fetchall()
    source = f"({rows})" if rows else f'"{view}"'
    order = f" order by {ROW_ORDER[view]}" if view in ROW_ORDER else ""
    if not cols:
        return f"select * from {source}{order}"
    casts = ", ".join(f'cast("{c}" as varchar) as "{c}"' for (c,) in cols)
    return f"select * replace ({casts}) from {source}{order}"
