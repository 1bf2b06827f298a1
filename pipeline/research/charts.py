"""Charts of a trend: pivoted with exact decimals, drawn with matplotlib (floats only there)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, QueryError
from pipeline.load import connect
from pipeline.research.taxonomy import CATEGORIES
from pipeline.research.trends import TrendQuery, trends_sql
from pipeline.research.views import ensure_current
from pipeline.signs import SAVING_MEASURES

AXES = ("year", "category", "authority", "measure")


@dataclass
class ChartData:
    """Series of points, ready to draw: x labels in order, one value (or None) per label."""

    x: str
    labels: list[str]
    series: dict[str, list[Decimal | None]]
    title: str


#: More lines or bar colours than this cannot be told apart.
MAX_SERIES = 12


def chart_data(con: Any, x: str, series: str | None, q: TrendQuery, title: str | None) -> ChartData:
    """Trend rows pivoted for a chart; years and measures are never summed over silently."""
    if x not in AXES or (series is not None and series not in AXES):
        raise QueryError(f"axes are {', '.join(AXES)}")
    if series == x:
        raise QueryError("the series cannot be the x axis")
    by = tuple(dict.fromkeys(["year", "measure", "authority", x] + ([series] if series else [])))
    sql, params = trends_sql(
        TrendQuery(
            by=by,
            authorities=q.authorities,
            categories=q.categories,
            measures=q.measures,
            from_year=q.from_year,
            to_year=q.to_year,
            single_year=q.single_year,
        )
    )
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    if not rows:
        raise QueryError("nothing to chart: no savings match these filters")
    col = {"year": "fiscal_year", "category": "category", "authority": "authority"}

    def val(r: dict[str, Any], d: str) -> str:
        v = r[col.get(d, d)]
        return "unknown" if v is None else str(v)

    def rank(d: str, v: str) -> tuple[int, str]:
        order = {"category": CATEGORIES, "measure": SAVING_MEASURES}.get(d, ())
        return (order.index(v) if v in order else len(order), v)

    labels = list(dict.fromkeys(val(r, x) for r in rows))  # years come in order already
    if x != "year":
        labels.sort(key=lambda v: rank(x, v))
    extra = [
        d
        for d in ("measure", "year")
        if d not in (x, series) and len({val(r, d) for r in rows}) > 1
    ]
    keys = ([series] if series else []) + extra
    year_pos: dict[str, int] = {}
    for r in rows:  # the query gives years in order
        year_pos.setdefault(val(r, "year"), len(year_pos))

    def sort_key(d: str, v: str) -> tuple[int, str]:
        return (year_pos[v], v) if d == "year" else rank(d, v)

    points: dict[tuple[tuple[int, str], ...], dict[str, Decimal]] = {}
    names: dict[tuple[tuple[int, str], ...], str] = {}
    for r in rows:
        key = tuple(sort_key(d, val(r, d)) for d in keys)
        names[key] = " · ".join(val(r, d) for d in keys) or "savings"
        slot = points.setdefault(key, {})
        slot[val(r, x)] = slot.get(val(r, x), Decimal(0)) + Decimal(r["saving_gbp"] or 0)
    if len(points) > MAX_SERIES:
        raise QueryError(
            f"{len(points)} series ({' × '.join(keys)}) are too many to tell apart; "
            f"narrow with --measure, --category or --authority, or choose another --series"
        )
    out = {names[k]: [points[k].get(lab) for lab in labels] for k in sorted(points)}
    if title is None:
        title = f"Savings by {x}" + (f" and {series}" if series else "")
        fixed = [val(rows[0], d) for d in ("measure", "year") if d not in [*keys, x]]
        if "authority" not in (x, series):
            councils = sorted({val(r, "authority") for r in rows})
            fixed.insert(0, councils[0] if len(councils) == 1 else f"{len(councils)} councils")
        if fixed:
            title += " — " + ", ".join(fixed)
    return ChartData(x=x, labels=labels, series=out, title=title)


def render_chart(data: ChartData, out: Path, kind: str = "bar") -> Path:
    """Draw a line or bar chart to PNG or SVG. Floats only here, for plotting positions."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    suffix = out.suffix.lower()
    if suffix not in {".png", ".svg"}:
        raise PipelineError(f"{out}: charts are written as .png or .svg")
    if kind not in {"bar", "line"}:
        raise PipelineError(f"chart kind {kind!r}: use bar or line")
    values = [abs(v) for s in data.series.values() for v in s if v is not None]
    top = max(values, default=Decimal(0))
    scale, unit = (Decimal(1_000_000), "£m") if top >= 1_000_000 else (Decimal(1000), "£k")
    plt.rcParams["svg.hashsalt"] = "budget-papers"
    fig, ax = plt.subplots(figsize=(10, 5.6), dpi=110)
    try:
        xs = list(range(len(data.labels)))
        n = max(len(data.series), 1)
        width = 0.8 / n
        for i, (name, pts) in enumerate(data.series.items()):
            ys = [float(v / scale) if v is not None else float("nan") for v in pts]
            if kind == "bar":
                ax.bar([x - 0.4 + width * (i + 0.5) for x in xs], ys, width, label=name)
            else:
                ax.plot(xs, ys, marker="o", label=name)
        ax.set_xticks(xs)
        wrapped = ["\n".join(textwrap.wrap(lab, 13)) or lab for lab in data.labels]
        ax.set_xticklabels(wrapped, fontsize=8 if len(xs) > 6 else 9)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.1f}"))
        ax.set_ylabel(f"Saving ({unit}; positive = saving)")
        ax.set_xlabel({"year": "Fiscal year"}.get(data.x, data.x.capitalize()))
        ax.set_title(data.title)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.grid(axis="y", alpha=0.3)
        if len(data.series) > 1 or next(iter(data.series), "") != "savings":
            ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        out.parent.mkdir(parents=True, exist_ok=True)
        meta: dict[str, Any] = {"Date": None} if suffix == ".svg" else {"Software": None}
        fig.savefig(out, metadata=meta)
    finally:
        plt.close(fig)
    return out


def make_chart(
    warehouse: Path,
    out: Path,
    *,
    x: str = "year",
    series: str | None = "measure",
    q: TrendQuery | None = None,
    kind: str = "line",
    title: str | None = None,
) -> ChartData:
    """A chart of a trend written to `out` (.png or .svg); returns what was drawn."""
    ensure_current(warehouse)
    with connect(warehouse, read_only=True) as con:
        data = chart_data(con, x, series, q or TrendQuery(), title)
    render_chart(data, out, kind)
    return data
