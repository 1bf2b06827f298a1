"""`pipeline show`: what came out of one paper, page by page, and a page image to check by eye."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import DEFAULT_WAREHOUSE, WarehouseOpt, console, user_errors
from pipeline.errors import PipelineError
from pipeline.load import connect
from pipeline.research import (
    DocumentReport,
    Outline,
    PageReport,
    document_report,
    ensure_current,
    find_document,
    format_gbp,
    page_outlines,
    page_rows,
    render_page,
)

#: a figure whose table states no unit keeps no amount in pounds (the ingest flags it)
_NO_AMOUNT = "no amount (unit not stated)"


def show(
    document: Annotated[str, typer.Argument(help="document_id (or its start), or file name.")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    page: Annotated[int | None, typer.Option("--page", "-p", help="Only this page.")] = None,
    rows: Annotated[
        bool, typer.Option("--rows/--no-rows", help="List each table row and its figures.")
    ] = True,
    image: Annotated[
        Path | None,
        typer.Option(
            help="Write a PNG of the page (--page, else the first with a table) "
            "with tables and figures outlined."
        ),
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option(help="The paper's PDF, if it has moved since ingest.")
    ] = None,
    resolution: Annotated[int, typer.Option(help="Image resolution, dots per inch.")] = 110,
    legend: Annotated[
        bool,
        typer.Option(
            "--legend/--no-legend",
            help="Number each row in the margin and list what was read (label, RAG, "
            "values) in a panel beside the page.",
        ),
    ] = True,
) -> None:
    """Show what was extracted from one paper, page by page."""
    with user_errors():
        ensure_current(warehouse)
        with connect(warehouse, read_only=True) as con:
            doc_id = find_document(con, document)
            report = document_report(con, doc_id, page)
            if page is not None and not 1 <= page <= max(report.pages, 1):
                raise PipelineError(f"page {page} is not in 1..{report.pages}")
            target: int | None = None
            if image is not None:
                target = page or _first_table_page(report) or 1
                outlines = page_outlines(con, doc_id, target)
                read = page_rows(con, doc_id, target) if legend else []
        _print(report, rows)
        if image is not None and target is not None:
            source = pdf or Path(report.source_file)
            if not source.exists():
                raise PipelineError(
                    f"{source}: the paper is not there any more; give its path with --pdf"
                )
            render_page(source, target, outlines, image, resolution, read)
            said = f"; {_n(len(read), 'row')} numbered and listed beside it" if read else ""
            console.print(
                f"wrote {image}: page {target} with {_describe(outlines)} outlined{said}",
                markup=False,
            )


def _first_table_page(report: DocumentReport) -> int | None:
    return next((p.number for p in report.page_reports if p.tables or p.rows), None)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _describe(outlines: list[Outline]) -> str:
    tables = sum(1 for o in outlines if o.kind.startswith("table"))
    figures = len(outlines) - tables
    return f"{_n(tables, 'table')} (red) and {_n(figures, 'figure')} (blue; totals green)"


def _print(report: DocumentReport, rows: bool) -> None:
    out = console.print
    who = report.authority or "unknown authority"
    if report.authority_code:
        who += f" ({report.authority_code})"
    year = f"{report.first_fy}/{(report.first_fy + 1) % 100:02d}" if report.first_fy else "?"
    out(f"{report.document_id}  {who}  paper for {year}", markup=False)
    out(f"  file: {report.source_file} ({report.pages} pages, {report.status})", markup=False)
    if report.error:
        out(f"  error: {report.error}", markup=False)
    if report.title:
        out(f"  title: {report.title}", markup=False)
    c = report.counts
    out(
        f"  {_n(c['tables'], 'table')}, {_n(c['figures'], 'figure')}, "
        f"{_n(c['mentions'], 'mention')}, {_n(c['claims'], 'claim')}, "
        f"{_n(c['blocks'], 'text block')}; checks: "
        f"{c['checks'] - c['checks_failed']} ok, {c['checks_failed']} failed",
        markup=False,
    )
    for p in report.page_reports:
        _print_page(p, rows)


def _print_page(p: PageReport, rows: bool) -> None:
    out = console.print
    out("", markup=False)
    out(f"page {p.number}", markup=False)
    if p.headings:
        out("  headings: " + " | ".join(_clip(h, 70) for h in p.headings), markup=False)
    out(f"  text blocks: {p.blocks}", markup=False)
    if p.mentions:
        out(
            "  mentions: " + ", ".join(f"{k} {v}" for k, v in sorted(p.mentions.items())),
            markup=False,
        )
    if p.claims:
        out("  claims: " + ", ".join(f"{k} {v}" for k, v in p.claims.most_common()), markup=False)
    for t in p.tables:
        span = f"page {t.page}" if t.last_page == t.page else f"pages {t.page}-{t.last_page}"
        out(
            f"  table {t.table_index} ({t.strategy}, {span}, {t.n_rows} rows, "
            f"{t.n_figures} figures): {t.caption or '(no caption)'}",
            markup=False,
        )
        out(f"    columns: {' | '.join(t.columns)}", markup=False)
        out(
            f"    sign {t.sign:+d}: {t.sign_rule or 'not decided (amounts as printed)'}",
            markup=False,
        )
    shown = {t.table_index for t in p.tables}
    for t_index in dict.fromkeys(r.table_index for r in p.rows if r.table_index not in shown):
        out(f"  table {t_index} (continued)", markup=False)
    if p.rows and rows:
        out("  rows (saving_gbp, positive = saving):", markup=False)
        section: str | None = None
        for r in p.rows:
            if r.section != section and r.section:
                out(f"    [{r.section}]", markup=False)
            section = r.section
            rag = f" {r.rag}" if r.rag else ""
            total = " (total)" if r.is_total else ""
            out(f"    {r.row_label}{total}{rag} → {r.category}", markup=False)
            cells = (f"{col}: {format_gbp(v) or _NO_AMOUNT}" for col, v in r.cells)
            out("      " + "; ".join(cells), markup=False)
    elif p.rows:
        out(f"  table rows: {len(p.rows)}", markup=False)
    for msg in p.checks_failed:
        out(f"  check failed: {msg}", markup=False)


def _clip(text: str, width: int) -> str:
    """At most `width` characters, cut at a word and marked with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(" ,;:-") + "…"
