"""`pipeline ingest`: papers (files or folders) into the warehouse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.query import literal
from pipeline.workers import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from pipeline.cluster import Executor
    from pipeline.ingest import Limits, ManifestEntry, Outcome, Report
    from pipeline.store import Store

from pipeline.cli.common import (
    DEFAULT_EXTRACTED,
    DEFAULT_WAREHOUSE,
    ExtractedOpt,
    WarehouseOpt,
    console,
    err_console,
    store_of,
    user_errors,
)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF or .txt papers, or folders of them.")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    extracted: ExtractedOpt = DEFAULT_EXTRACTED,
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract papers already loaded.")
    ] = False,
    authority: Annotated[
        str | None, typer.Option(help="Council that wrote the papers (name or GSS code).")
    ] = None,
    year_text: Annotated[
        str | None, typer.Option("--year", help="Fiscal year the papers are for: 2019 or 2019/20.")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="CSV of file, authority, year, source_url.")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            help="Papers extracted at once (default: one per CPU this process may use; "
            "with --executor dask-local, the cluster's workers)."
        ),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            help="Where papers are extracted: local (forked workers), dask-local (a Dask "
            "cluster on this machine) or dask://HOST:PORT (a running Dask scheduler; "
            "--extracted must then be a store the workers share)."
        ),
    ] = "local",
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another process using the warehouse.")
    ] = 60.0,
    timeout: Annotated[
        float, typer.Option(help="Seconds one paper may take; over it, the paper fails.")
    ] = DEFAULT_TIMEOUT,
    max_pages: Annotated[
        int, typer.Option(help="Pages one paper may have (a .txt: per 100 lines or 20 kB).")
    ] = DEFAULT_MAX_PAGES,
    max_memory: Annotated[
        int, typer.Option(help="Memory (MB) one paper's extraction may use of its own.")
    ] = DEFAULT_MAX_MEMORY_MB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
) -> None:
    """Extract tables and narrative from papers and load them, one transaction per paper."""
    # Imported here: the extraction stack (spaCy) loads only for the command that needs it.
    from pipeline.cluster import parse_executor
    from pipeline.ingest import Limits, discover, read_manifest
    from pipeline.overrides import check_year

    limits = Limits(timeout=timeout, max_pages=max_pages, max_memory_mb=max_memory)
    with user_errors():
        where = parse_executor(executor)
        year = check_year(year_text, where="--year") if year_text is not None else None
        entries = read_manifest(manifest) if manifest else None
        total = len(discover(paths))
        show_bar = not quiet and not as_json and total > 1 and err_console.is_terminal

        def run(tick: Callable[[Outcome], None] | None) -> Report:
            store = store_of(extracted)
            given = (paths, warehouse, store, force, authority, year, entries, jobs, wait)
            return _ingest(*given, tick, limits, where)

        report = _with_bar(total, run) if show_bar else run(None)
    if as_json:
        typer.echo(json.dumps(_as_json(report, warehouse), indent=2))
    else:
        _print(report, warehouse, quiet)
    if report.failed:
        raise typer.Exit(1)


def _with_bar(total: int, run: Callable[[Callable[[Outcome], None] | None], Report]) -> Report:
    """Run the ingest with a progress bar on stderr naming each paper as it is done."""
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),  # file names print as they are
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def tick(o: Outcome) -> None:
            bar.update(task, advance=1, description=Path(o.path).name[:40])

        return run(tick)


def _ingest(
    paths: list[Path],
    warehouse: Path,
    extracted: Store,
    force: bool,
    authority: str | None,
    year: int | None,
    entries: dict[str, ManifestEntry] | None,
    jobs: int | None,
    wait: float,
    tick: Callable[[Outcome], None] | None,
    limits: Limits,
    where: Executor,
) -> Report:
    from pipeline.ingest import ingest as run_ingest

    return run_ingest(
        paths,
        warehouse=warehouse,
        extracted=extracted,
        force=force,
        authority=authority,
        year=year,
        manifest=entries,
        jobs=jobs,
        wait=wait,
        progress=tick,
        limits=limits,
        executor=where,
    )


def _as_json(report: Report, warehouse: Path) -> dict[str, object]:
    return {
        "warehouse": str(warehouse),
        "seconds": round(report.seconds, 2),
        "by_folder": report.by_folder,
        "loaded": report.count("loaded"),
        "partial": report.count("partial"),
        "unchanged": report.count("unchanged"),
        "duplicate": report.count("duplicate"),
        "failed": report.count("failed"),
        "papers": [o.__dict__ for o in report.outcomes],
    }


_LOADED = {"loaded", "partial"}


def _print(report: Report, warehouse: Path, quiet: bool) -> None:
    for o in report.failed:
        err_console.print(f"FAILED {o.path}: {o.error}", markup=False)
    for o in report.outcomes:
        if o.status == "partial":
            more = f" (+{len(o.warnings) - 1} more)" if len(o.warnings) > 1 else ""
            lost = o.warnings[0] if o.warnings else "something was lost"
            err_console.print(f"PARTIAL {o.path}: {lost}{more}", markup=False)
    if quiet:
        return
    if report.outcomes:
        table = Table(show_edge=False, box=None, pad_edge=False)
        for col in ("paper", "status", "authority", "tables", "figures", "mentions", "checks"):
            table.add_column(
                col,
                justify="right" if col in {"tables", "figures", "mentions"} else "left",
                # a paper's name is folded onto more lines, never cut: two cut names look alike
                overflow="fold" if col == "paper" else "ellipsis",
            )
        names = _display_names([o.path for o in report.outcomes])
        for o in report.outcomes:
            checks = (
                "-"
                if o.status in {"failed", "duplicate"} or not o.tables
                else ("ok" if not o.checks_failed else f"{o.checks_failed} failed")
            )
            cells = (names[o.path], o.status, o.authority or "")
            numbers = (str(o.tables), str(o.figures), str(o.mentions), checks)
            table.add_row(*(literal(c) for c in (*cells, *numbers)))
        console.print(table)
        for o in report.outcomes:
            if o.status == "duplicate" and o.error:
                console.print(f"{names[o.path]}: {o.error}", markup=False)
    bad_checks = sum(o.checks_failed for o in report.outcomes if o.status in _LOADED)
    console.print(
        f"{len(report.outcomes)} papers: {report.count('loaded')} loaded, "
        + (f"{report.count('partial')} partial, " if report.count("partial") else "")
        + f"{report.count('unchanged')} unchanged, {report.count('duplicate')} duplicate, "
        f"{report.count('failed')} failed in {report.seconds:.1f}s → {warehouse}",
        markup=False,
    )
    if report.by_folder:
        console.print(
            f"{report.by_folder} papers name no council and take the one the other papers of "
            "their folder name (documents.authority_source = 'folder'; --authority overrides)",
            markup=False,
        )
    if bad_checks:
        console.print(
            f'{bad_checks} totals do not add up: see `pipeline query "select * from checks '
            f'where not ok"` (a failed check points at a misread table)',
            markup=False,
        )
    loaded = [o for o in report.outcomes if o.status in _LOADED]
    review = sum(o.review for o in loaded)
    no_unit = sum(o.no_unit for o in loaded)
    if review:
        console.print(
            f"{review} tables need review ({no_unit} figures with no unit stated, kept without "
            f"an amount in table_figures, not in savings): see `pipeline query "
            f'"select document_id, page, caption, review from tables where needs_review"`',
            markup=False,
        )


def _display_names(paths: list[str]) -> dict[str, str]:
    """Each paper by its file name, or with as many of its folders as tell it apart from
    another paper of the same name ("2025-03-04/Appendix 1.pdf")."""
    out: dict[str, str] = {}
    for p in paths:
        parts = Path(p).parts
        depth = 1
        while depth < len(parts) and any(
            q != p and Path(q).parts[-depth:] == parts[-depth:] for q in paths
        ):
            depth += 1
        out[p] = "/".join(parts[-depth:])
    return out
