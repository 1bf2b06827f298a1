"""`pipeline rebuild`: a fresh warehouse from extracted/ alone, without parsing again."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli.common import (
    DEFAULT_EXTRACTED,
    DEFAULT_WAREHOUSE,
    ExtractedOpt,
    WarehouseOpt,
    console,
    store_of,
    user_errors,
)


def rebuild(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    extracted: ExtractedOpt = DEFAULT_EXTRACTED,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another command writing the warehouse.")
    ] = 60.0,
) -> None:
    """Rebuild the warehouse from the stored per-paper artefacts."""
    from pipeline.ingest import rebuild as run_rebuild

    with user_errors():
        n = run_rebuild(store_of(extracted), warehouse, wait=wait)
    console.print(f"rebuilt {warehouse} from {n} artefacts in {extracted}", markup=False)
