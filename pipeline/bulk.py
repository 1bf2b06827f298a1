"""Rows of the warehouse's base tables into DuckDB in one statement, through Arrow.

Row by row (``executemany``) was most of an ingest's time in DuckDB; an Arrow table of
typed columns goes in at once. `pipeline.load` builds the rows (what each column holds)
and this module says each column's name and Arrow type (how it travels).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

_TEXT = pa.string()
_INT = pa.int32()
_NUM = pa.float64()
_MONEY = pa.decimal128(18, 2)
_TEXTS = pa.list_(pa.string())
_BOX = [("x0", _NUM), ("top", _NUM), ("x1", _NUM), ("bottom", _NUM)]

#: The columns each row builder fills, in its order, with their Arrow types. Text goes
#: in as text where DuckDB's own cast decides (``attributes`` to JSON, ``percent`` to
#: DECIMAL(9,3)), as it did when rows were bound one by one.
COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "_documents": [
        *[(c, _TEXT) for c in ("document_id", "source_file", "sha256", "authority")],
        *[("authority_code", _TEXT), ("title", _TEXT), ("first_fy", _INT), ("pages", _INT)],
        *[("status", _TEXT), ("error", _TEXT), ("ingested_at", pa.timestamp("us"))],
        *[("source_url", _TEXT), ("generator", _TEXT), ("duplicate_of", _TEXT)],
        *[("warnings", _TEXTS), ("authority_source", _TEXT)],
    ],
    "_figures": [
        *[("document_id", _TEXT), ("page", _INT), ("table_index", _INT), ("row_index", _INT)],
        *[(c, _TEXT) for c in ("section", "row_label", "rag", "column_label", "measure")],
        *[("first_fy", _INT), ("last_fy", _INT), ("amount_gbp", _MONEY), ("printed", _TEXT)],
        *[("unit", _MONEY), ("is_total", pa.bool_()), ("footnote", _TEXT), *_BOX],
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
        *[("ok", pa.bool_()), ("covers", _TEXT)],
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


def insert(con: Any, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """All `rows` of one base table in one statement, through an Arrow table.

    Row by row (``executemany``) was most of an ingest's time in DuckDB; an Arrow
    table of typed columns goes in at once. Columns are named, so a warehouse whose
    columns were added in another order still loads; money is ``decimal128(18, 2)``,
    so no amount passes through a float.
    """
    if not rows:
        return
    columns = COLUMNS[table]
    if len(rows[0]) != len(columns):
        raise ValueError(f"{table}: {len(rows[0])} values a row for {len(columns)} columns")
    arrays = [
        pa.array(values, type=kind)
        for values, (_, kind) in zip(zip(*rows, strict=True), columns, strict=True)
    ]
    batch = pa.Table.from_arrays(arrays, names=[name for name, _ in columns])
    view = f"_bulk{table}"
    con.register(view, batch)
    try:
        names = ", ".join(name for name, _ in columns)
        con.execute(f"insert into {table} ({names}) select {names} from {view}")
    finally:
        con.unregister(view)
