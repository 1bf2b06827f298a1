"""`pipeline docs`: the data dictionary, generated from the warehouse schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import console, err_console, user_errors
from pipeline.research import data_dictionary

DEFAULT_OUTPUT = Path("docs/data-dictionary.md")


def docs(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where the dictionary is written.")
    ] = DEFAULT_OUTPUT,
    check: Annotated[
        bool, typer.Option("--check", help="Only check the file is current; exit 1 if not.")
    ] = False,
) -> None:
    """Write docs/data-dictionary.md: every view and column, from the schema itself."""
    with user_errors():
        text = data_dictionary()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            err_console.print(f"{output} is out of date: run `pipeline docs`", markup=False)
            raise typer.Exit(1)
        console.print(f"{output} is current", markup=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    console.print(f"wrote {output}", markup=False)
