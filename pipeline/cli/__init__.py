"""The `pipeline` command: a thin layer over the library, one module per command.

Expected failures (a bad paper, bad SQL, a busy warehouse) print one line
`Error: …` and exit 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import typer

from pipeline.cli import ingest_cmd, query_cmd, rebuild_cmd

app = typer.Typer(
    name="pipeline",
    help="Turn UK council budget papers into DuckDB tables you can query.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_cmd.ingest)
app.command("query")(query_cmd.query)
app.command("rebuild")(rebuild_cmd.rebuild)


def main() -> None:
    app()
