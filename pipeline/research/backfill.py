"""Signs for tables loaded without one (warehouses rebuilt from older artefacts).

The rule itself (`pipeline.signs.decide_sign`) runs at extraction; this module
applies it to what is already in the warehouse, so ``saving_gbp`` never silently
keeps a paper's negative convention.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.models import BBox, Figure
from pipeline.signs import decide_sign

_FIGURE_COLUMNS = (
    "page, table_index, row_index, section, row_label, rag, column_label, measure, first_fy,"
    " last_fy, amount_gbp, printed, unit, is_total, footnote, x0, top, x1, bottom"
)


def backfill_signs(con: Any) -> int:
    """Decide the sign of tables loaded without one (older artefacts); returns how many.

    The loader decides signs at extraction; this covers warehouses rebuilt from
    artefacts made before that, so `saving_gbp` never silently keeps a paper's
    negative convention. Runs inside the caller's transaction.
    """
    todo = con.execute(
        "select document_id, table_index from _tables where sign_rule is null"
    ).fetchall()
    for doc_id, t_index in todo:
        rows = con.execute(
            f"select {_FIGURE_COLUMNS} from _figures where document_id = ? and table_index = ?",
            [doc_id, t_index],
        ).fetchall()
        figures = [
            Figure(
                page=r[0],
                table_index=r[1],
                row_index=r[2],
                section=r[3],
                row_label=r[4] or "",
                rag=r[5],
                column_label=r[6] or "",
                measure=r[7],
                first_fy=r[8],
                last_fy=r[9],
                amount_gbp=Decimal(r[10]),
                printed=r[11] or "",
                unit=Decimal(r[12] or 1),
                is_total=bool(r[13]),
                footnote=r[14],
                bbox=BBox(r[15], r[16], r[17], r[18]),
            )
            for r in rows
            if r[10] is not None
        ]
        sign, rule = decide_sign(figures)
        con.execute(
            "update _tables set sign = ?, sign_rule = ? where document_id = ? and table_index = ?",
            [sign, rule, doc_id, t_index],
        )
    return len(todo)
