"""`pipeline chart`: a labelled PNG or SVG line or bar chart of a savings trend."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import DEFAULT_WAREHOUSE, WarehouseOpt, console, err_console, user_errors
from pipeline.cli.trends_cmd import (
    AuthorityOpt,
    CategoryOpt,
    FromOpt,
    MeasureOpt,
    PerHeadOpt,
    PricesOpt,
    RealOpt,
    SingleOpt,
    ToOpt,
    query_from,
)
from pipeline.research import make_chart


class Axis(StrEnum):
    year = "year"
    category = "category"
    authority = "authority"
    measure = "measure"


class Series(StrEnum):
    category = "category"
    measure = "measure"
    authority = "authority"
    year = "year"
    none = "none"


class Kind(StrEnum):
    line = "line"
    bar = "bar"


def chart(
    output: Annotated[Path, typer.Argument(help="Image to write: .png or .svg.")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    x: Annotated[Axis, typer.Option("--x", help="What runs along the x axis.")] = Axis.year,
    series: Annotated[
        Series, typer.Option("--series", "-s", help="One line or bar colour per …")
    ] = Series.measure,
    kind: Annotated[
        Kind | None,
        typer.Option("--kind", "-k", help="line or bar (default: line over years, else bar)."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: says what is shown).")] = None,
    authority: AuthorityOpt = None,
    category: CategoryOpt = None,
    measure: MeasureOpt = None,
    from_year: FromOpt = None,
    to_year: ToOpt = None,
    single_year: SingleOpt = False,
    per_head: PerHeadOpt = False,
    real_terms: RealOpt = False,
    prices: PricesOpt = None,
) -> None:
    """Chart savings (positive = saving) by year, category or authority.

    Different measures and different fiscal years are never added together:
    when they vary and are not on an axis, each gets its own line or bar.
    """
    with user_errors():
        q = query_from(
            [],
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
        data = make_chart(
            warehouse,
            output,
            x=x.value,
            series=None if series is Series.none else series.value,
            q=q,
            kind=kind.value if kind else ("line" if x is Axis.year else "bar"),
            title=title,
        )
    console.print(
        f"wrote {output}: {len(data.series)} series over {len(data.labels)} "
        f"{x.value} value(s) — {data.title}",
        markup=False,
    )
    for note in data.notes:
        err_console.print(f"note: {note}", markup=False)
