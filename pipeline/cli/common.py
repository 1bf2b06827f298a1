"""Options and error handling shared by the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from pipeline.errors import PipelineError

T = TypeVar("T")

DEFAULT_WAREHOUSE = Path(os.environ.get("BUDGET_PAPERS_WAREHOUSE", "warehouse/budget.duckdb"))
DEFAULT_EXTRACTED = os.environ.get("BUDGET_PAPERS_EXTRACTED", "extracted")

WarehouseOpt = Annotated[
    Path,
    typer.Option("--warehouse", "-w", help="DuckDB file (env BUDGET_PAPERS_WAREHOUSE)."),
]
#: Text, not a Path: a URL (s3://bucket/extracted) would lose a slash as a Path.
ExtractedOpt = Annotated[
    str,
    typer.Option(
        "--extracted",
        help="Folder or fsspec URL of per-paper artefacts (env BUDGET_PAPERS_EXTRACTED).",
    ),
]


def store_of(text: str) -> Path | str:
    """--extracted as the store: a URL stays text, anything else is a folder."""
    return text if "://" in text else Path(text)


# Piped output (CI logs, scripts) is not folded to 80 columns. Markup and emoji codes are off:
# what we print comes from papers and queries, and `[/x]` or `:bomb:` in a cell must print as
# written (styled output uses Text objects or an explicit markup=True).
_WIDTH = None if sys.stdout.isatty() else 200
err_console = Console(
    stderr=True, highlight=False, soft_wrap=True, width=_WIDTH, markup=False, emoji=False
)
console = Console(highlight=False, soft_wrap=True, width=_WIDTH, markup=False, emoji=False)


@contextmanager
def user_errors() -> Iterator[None]:
    """Domain errors become one line and exit 1; bugs keep their traceback."""
    try:
        yield
    except PipelineError as exc:
        err_console.print(f"Error: {exc}", markup=False)
        raise typer.Exit(1) from exc


def guarded(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()
