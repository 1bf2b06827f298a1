"""The `pipeline` command: a thin layer over the library, one module per command.

Expected failures (a bad paper, bad SQL, a busy warehouse) print one line
`Error: …` and exit 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import typer

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
    add_completion=False,
    pretty_exceptions_enable=False,
)
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
