"""The `pipeline` command: a thin layer over the library, one module per command.

Expected failures (a bad paper, bad SQL, a busy warehouse) print one line
`Error: …` and exit 1; anything else is a bug and keeps its traceback.
Options before the command: ``--version``, ``-v/--verbose`` (what each stage did,
on stderr), and ``--install-completion`` / ``--show-completion`` for the shell.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from pipeline import __version__
from pipeline.cli import (
    chart_cmd,
    docs_cmd,
    export_cmd,
    ingest_cmd,
    query_cmd,
    rebuild_cmd,
    show_cmd,
    trends_cmd,
)

app = typer.Typer(
    name="pipeline",
    help="Turn UK council budget papers into DuckDB tables you can query.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pipeline (budget-papers) {__version__}")
        raise typer.Exit()


#: The handler -v installs, kept so a second run in one process does not add another.
_HANDLER: logging.Handler | None = None


def verbosity(level: int) -> None:
    """Send the stages' log to stderr: -v what each paper gave and how long it took (INFO),
    -vv everything (DEBUG); without -v only warnings."""
    global _HANDLER
    logger = logging.getLogger("pipeline")
    if _HANDLER is not None:
        logger.removeHandler(_HANDLER)
        _HANDLER = None
    logger.setLevel(
        logging.WARNING if level <= 0 else logging.INFO if level == 1 else logging.DEBUG
    )
    if level > 0:
        _HANDLER = logging.StreamHandler(sys.stderr)
        _HANDLER.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        logger.addHandler(_HANDLER)


@app.callback()
def main_options(
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="Say what each stage did (-vv: everything)."
        ),
    ] = 0,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn UK council budget papers into DuckDB tables you can query."""
    verbosity(verbose)


app.command("ingest")(ingest_cmd.ingest)
app.command("query")(query_cmd.query)
app.command("rebuild")(rebuild_cmd.rebuild)
app.command("trends")(trends_cmd.trends)
app.command("export")(export_cmd.export)
app.command("chart")(chart_cmd.chart)
app.command("show")(show_cmd.show)
app.command("docs")(docs_cmd.docs)


def main() -> None:
    app()
