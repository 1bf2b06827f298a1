"""The Python entry point for notebooks: ``pipeline.open(path)`` and its DataFrames.

DuckDB's own ``.df()`` turns DECIMAL into float64, so £1,234.10 comes back as
1234.0999999…; here every result goes through Arrow and comes out as a pandas
DataFrame of Arrow-backed columns (``decimal128(18, 2)[pyarrow]`` for money), so
sums and differences stay exact and ``df.amount_gbp.sum()`` is a `Decimal`.

Each call opens the warehouse read-only and closes it again, so a notebook left
open never stops ``pipeline ingest`` from writing; the research views are
brought up to date (an edited taxonomy applies) when the warehouse is opened
and before each call.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipeline.errors import QueryError
from pipeline.load import connect
from pipeline.research.export import export_format, export_view, public_views, select_for_export
from pipeline.research.filters import TrendQuery, exclusions, validate
from pipeline.research.trends import fair_notes, overlaps, trends_sql
from pipeline.research.views import ensure_current
from pipeline.sqlfilter import filter_sql

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


class Warehouse:
    """A warehouse to read from Python: views and SQL as DataFrames with exact decimals."""

    def __init__(self, path: str | Path, *, taxonomy: str | Path | None = None) -> None:
        self.path = Path(path)
        self.taxonomy = Path(taxonomy) if taxonomy is not None else None
        self._refresh()

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"

    def _refresh(self) -> None:
        ensure_current(self.path, self.taxonomy)

    @property
    def views(self) -> list[str]:
        """The public views: `documents`, `savings`, `savings_research`, `rag_mix` …"""
        with connect(self.path, read_only=True) as con:
            return public_views(con)

    def arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """The result of one read-only statement as an Arrow table (DECIMAL as decimal128)."""
        import pyarrow as pa

        self._refresh()
        with connect(self.path, read_only=True) as con:
            try:
                rel = con.sql(sql, params=list(params) if params else None)
                return rel.to_arrow_table() if rel is not None else pa.table({})
            except duckdb.Error as exc:
                text = str(exc).strip()
                first = text.splitlines()[0] if text else type(exc).__name__
                raise QueryError(f"query failed: {first}") from exc

    def sql(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """The result of one read-only statement as a DataFrame of Arrow-backed columns."""
        return to_pandas(self.arrow(sql, params))

    def view(self, name: str, where: str | None = None) -> pd.DataFrame:
        """One public view (optionally filtered by a SQL condition) as a DataFrame."""
        with connect(self.path, read_only=True) as con:
            views = public_views(con)
            if name not in views:
                raise QueryError(f"no view named {name!r}; views: {', '.join(views)}")
            rows = filter_sql(con, name, where) if where else None  # one checked expression
            select = select_for_export(con, name, rows)
        return self.sql(select)

    def __getitem__(self, name: str) -> pd.DataFrame:
        """``wh["savings"]`` is ``wh.view("savings")``."""
        return self.view(name)

    def trends(self, query: TrendQuery | None = None, **filters: Any) -> pd.DataFrame:
        """What `pipeline trends` prints, as a DataFrame; its notes in ``frame.attrs["notes"]``.

        Give a `TrendQuery`, or its fields as keywords: ``wh.trends(measures=("approved",))``,
        ``wh.trends(per_head=True, real_terms=True, base_year=2022)``.
        """
        q = query or TrendQuery(**{k: _as_tuple(v) for k, v in filters.items()})
        sql, params = trends_sql(q)
        frame = self.sql(sql, params)
        with connect(self.path, read_only=True) as con:
            validate(con, q)
            # What `pipeline trends` prints on stderr: what was left out, and how.
            frame.attrs["notes"] = exclusions(con, q) + fair_notes(con, q) + overlaps(con, q)
        return frame

    def export(
        self, view: str, out: str | Path, fmt: str | None = None, where: str | None = None
    ) -> int:
        """Write one view to .csv or .parquet (as `pipeline export`); returns the rows written."""
        target = Path(out)
        kind = export_format(target, fmt)
        self._refresh()
        with connect(self.path, read_only=True) as con:
            return export_view(con, view, target, kind, where)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas keeping every column's Arrow type (no float64 for DECIMAL, nulls kept)."""
    import pandas as pd

    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def open_warehouse(path: str | Path, *, taxonomy: str | Path | None = None) -> Warehouse:
    """A `Warehouse` on this file; a missing file is a one-line error, not a new warehouse."""
    return Warehouse(path, taxonomy=taxonomy)


def _as_tuple(value: Any) -> Any:
    """Keyword filters as a person types them: one string or a list, both become a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    return value
