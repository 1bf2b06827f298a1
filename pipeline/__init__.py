"""budget-papers: UK council budget papers (PDF or text) into queryable DuckDB tables.

The stages are modules a researcher can import on their own:
``parse`` → ``layout`` → ``tables`` → ``normalise`` → ``tagging`` → ``load`` →
``research``; ``extract.extract_file`` runs one paper through all but the load,
and ``pipeline.open("warehouse/budget.duckdb")`` reads a warehouse from Python
with exact decimals::

    import pipeline
    wh = pipeline.open("warehouse/budget.duckdb")
    df = wh["savings_research"]          # pandas, money as decimal128(18, 2)
    wh.sql("select authority, sum(saving_gbp) from savings_research group by all")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.research.frames import Warehouse

__version__ = "0.1.0"


def open(path: str | Path | None = None, *, taxonomy: str | Path | None = None) -> Warehouse:
    """The warehouse at `path`, its views as pandas DataFrames with exact decimals.

    Without a path: $BUDGET_PAPERS_WAREHOUSE, else warehouse/budget.duckdb, as for
    the `pipeline` command. Imported on first use, so ``import pipeline`` stays
    light for the stages.
    """
    from pipeline.research.frames import open_warehouse

    if path is None:
        path = os.environ.get("BUDGET_PAPERS_WAREHOUSE") or "warehouse/budget.duckdb"
    return open_warehouse(path, taxonomy=taxonomy)


__all__ = ["__version__", "open"]
