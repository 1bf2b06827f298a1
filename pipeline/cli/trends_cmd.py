"""`pipeline trends`: savings by authority, fiscal year and category, with filters."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from pipeline.cli.common import DEFAULT_WAREHOUSE, WarehouseOpt, console, err_console, user_errors
from pipeline.query import literal, to_csv, to_json
from pipeline.research import TrendQuery, format_gbp, parse_year, run_trends
from pipeline.research.reference import check_base_year


class Dim(StrEnum):
    authority = "authority"
    year = "year"
    category = "category"


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


AuthorityOpt = Annotated[
    list[str] | None,
    typer.Option("--authority", "-a", help="Council name (part of it) or GSS code; repeatable."),
]
CategoryOpt = Annotated[
    list[str] | None,
    typer.Option("--category", "-c", help="Category (part of its name); repeatable."),
]
MeasureOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--measure", "-m", help="approved, proposed, revised, achieved, change …; repeatable."
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="First fiscal year kept (2019 or 2019/20).")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last fiscal year kept.")]
SingleOpt = Annotated[
    bool,
    typer.Option("--single-year", help="Only columns for one fiscal year (not 2018-20 spans)."),
]
PerHeadOpt = Annotated[
    bool,
    typer.Option(
        "--per-head",
        help="Per resident: ÷ the ONS mid-year population of the council for that year.",
    ),
]
RealOpt = Annotated[
    bool,
    typer.Option(
        "--real-terms", help="At one year's prices, with HM Treasury GDP deflators (see --prices)."
    ),
]
PricesOpt = Annotated[
    str | None,
    typer.Option(
        "--prices",
        metavar="YEAR",
        help="Base year for --real-terms (2022 or 2022/23; default: latest outturn year). "
        "Implies --real-terms.",
    ),
]

#: Money columns of a trend, shown as £ and right-aligned.
MONEY_COLUMNS = frozenset({"saving_gbp", "saving_per_head_gbp", "real_gbp", "real_per_head_gbp"})


def query_from(
    by: list[str],
    authority: list[str] | None,
    category: list[str] | None,
    measure: list[str] | None,
    from_year: str | None,
    to_year: str | None,
    single_year: bool,
    per_head: bool = False,
    real_terms: bool = False,
    prices: str | None = None,
) -> TrendQuery:
    """The filters the trend commands share, read into one query."""
    return TrendQuery(
        by=tuple(by),
        authorities=tuple(authority or ()),
        categories=tuple(category or ()),
        measures=tuple(measure or ()),
        from_year=parse_year(from_year) if from_year else None,
        to_year=parse_year(to_year) if to_year else None,
        single_year=single_year,
        per_head=per_head,
        real_terms=real_terms or prices is not None,
        base_year=check_base_year(parse_year(prices)) if prices else None,
    )


def trends(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    by: Annotated[
        list[Dim] | None,
        typer.Option("--by", "-b", help="Group by (repeatable; default all three)."),
    ] = None,
    authority: AuthorityOpt = None,
    category: CategoryOpt = None,
    measure: MeasureOpt = None,
    from_year: FromOpt = None,
    to_year: ToOpt = None,
    single_year: SingleOpt = False,
    per_head: PerHeadOpt = False,
    real_terms: RealOpt = False,
    prices: PricesOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Savings (positive = saving) by authority, fiscal year and category, per measure.

    Measures are never added together, and when several papers of one council
    report the same year and measure, the latest paper counts. --per-head and
    --real-terms add derived columns (exact decimals, pence only on display) and
    say on stderr how they are made and which rows they had to leave out.
    """
    dims = [d.value for d in by] if by else ["authority", "year", "category"]
    with user_errors():
        q = query_from(
            dims,
            authority,
            category,
            measure,
            from_year,
            to_year,
            single_year,
            per_head,
            real_terms,
            prices,
        )
        result = run_trends(warehouse, q)
    if fmt is Format.csv:
        console.out(to_csv(result), end="")
        _notes(result.notes)
        return
    if fmt is Format.json:
        console.out(to_json(result))
        _notes(result.notes)
        return
    if not result.rows:
        err_console.print("no savings match these filters", markup=False)
        _notes(result.notes)
        return
    shown = [c for c in result.columns if c != "authority_code"]
    table = Table(show_edge=False, pad_edge=False, highlight=False, box=None)
    for c in shown:
        right = c in MONEY_COLUMNS | {"schemes", "papers", "population"}
        table.add_column(literal(c), justify="right" if right else "left", overflow="fold")
    idx = [result.columns.index(c) for c in shown]
    for row in result.rows:
        cells: list[Text] = []
        for i, c in zip(idx, shown, strict=True):
            v = row[i]
            cells.append(
                literal(format_gbp(v) if c in MONEY_COLUMNS else "" if v is None else str(v))
            )
        table.add_row(*cells)
    console.print(table)
    console.print(
        f"{len(result.rows)} rows; saving_gbp is positive for a saving, negative for a cost",
        markup=False,
    )
    _notes(result.notes)


def _notes(notes: list[str]) -> None:
    """What the trend left out, on stderr so CSV and JSON on stdout stay clean."""
    for note in notes:
        err_console.print(f"note: {note}", markup=False)
