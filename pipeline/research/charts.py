"""Charts of a trend: pivoted with exact decimals, drawn with matplotlib (floats only there)."""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, QueryError
from pipeline.load import connect
from pipeline.research import fair
from pipeline.research.filters import TrendQuery, conditions, exclusions, validate
from pipeline.research.taxonomy import CATEGORIES
from pipeline.research.trends import trends_sql
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
    #: What the chart leaves out and why (figures with no fiscal year, no measure …).
    notes: list[str] = field(default_factory=list)
    #: What the values are: "Saving", "Saving per head", "Saving, 2024/25 prices" …
    value: str = "Saving"


#: More lines or bar colours than this cannot be told apart.
MAX_SERIES = 12

_COLUMN = {"year": "fiscal_year", "category": "category", "authority": "authority"}
#: What a missing value is called on the chart (a column that names no measure).
_MISSING = {"measure": "no measure stated"}

Row = dict[str, Any]
Key = tuple[tuple[int, str], ...]


def chart_data(con: Any, x: str, series: str | None, q: TrendQuery, title: str | None) -> ChartData:
    """Trend rows pivoted for a chart; years and measures are never summed over silently.

    Figures in columns that name no fiscal year never reach the chart (they
    would be an "unknown" year joined by a line to real ones); `notes` says
    how many were left out.
    """
    if x not in AXES or (series is not None and series not in AXES):
        raise QueryError(f"axes are {', '.join(AXES)}")
    if series == x:
        raise QueryError("the series cannot be the x axis")
    validate(con, q)
    by = tuple(dict.fromkeys(["year", "measure", "authority", x] + ([series] if series else [])))
    sql, params = trends_sql(dataclasses.replace(q, by=by))
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        r["value"] = r[fair.value_column(q)]
    notes = exclusions(con, q) + (fair.notes(con, q, conditions(q)) if fair.is_fair(q) else [])
    if not rows:
        raise QueryError(
            "nothing to chart: no savings match these filters" + "".join(f" ({n})" for n in notes)
        )
    labels = list(dict.fromkeys(_val(r, x) for r in rows))  # years come in order already
    if x != "year":
        labels.sort(key=lambda v: _rank(x, v))
    extra = [
        d
        for d in ("measure", "year")
        if d not in (x, series) and len({_val(r, d) for r in rows}) > 1
    ]
    keys = ([series] if series else []) + extra
    points, names = _pivot(rows, x, keys)
    if len(points) > MAX_SERIES:
        raise QueryError(
            f"{len(points)} series ({' × '.join(keys)}) are too many to tell apart; "
            f"narrow with --measure, --category or --authority, or choose another --series"
        )
    out = {names[k]: [points[k].get(lab) for lab in labels] for k in sorted(points)}
    value = fair.value_label(q)
    if title is None:
        title = _title(rows, x, series, keys)
        if fair.is_fair(q):
            title = title.replace("Savings", value, 1)
    return ChartData(x=x, labels=labels, series=out, title=title, notes=notes, value=value)


def _val(r: Row, d: str) -> str:
    v = r[_COLUMN.get(d, d)]
    return _MISSING.get(d, "unknown") if v is None else str(v)


def _rank(d: str, v: str) -> tuple[int, str]:
    order = {"category": CATEGORIES, "measure": SAVING_MEASURES}.get(d, ())
    return (order.index(v) if v in order else len(order), v)


def _pivot(
    rows: list[Row], x: str, keys: list[str]
) -> tuple[dict[Key, dict[str, Decimal]], dict[Key, str]]:
    """One series per combination of `keys`, each a sum per x label (exact decimals)."""
    year_pos: dict[str, int] = {}
    for r in rows:  # the query gives years in order
        year_pos.setdefault(_val(r, "year"), len(year_pos))

    def sort_key(d: str, v: str) -> tuple[int, str]:
        return (year_pos[v], v) if d == "year" else _rank(d, v)

    points: dict[Key, dict[str, Decimal]] = {}
    names: dict[Key, str] = {}
    for r in rows:
        key = tuple(sort_key(d, _val(r, d)) for d in keys)
        names[key] = " · ".join(_val(r, d) for d in keys) or "savings"
        slot = points.setdefault(key, {})
        slot[_val(r, x)] = slot.get(_val(r, x), Decimal(0)) + Decimal(r["value"] or 0)
    return points, names


def _title(rows: list[Row], x: str, series: str | None, keys: list[str]) -> str:
    """Says what is shown, and what is the same for every point (one council, one measure)."""
    title = f"Savings by {x}" + (f" and {series}" if series else "")
    fixed = [_val(rows[0], d) for d in ("measure", "year") if d not in [*keys, x]]
    if "authority" not in (x, series):
        councils = sorted({_val(r, "authority") for r in rows})
        fixed.insert(0, councils[0] if len(councils) == 1 else f"{len(councils)} councils")
    if fixed:
        title += " — " + ", ".join(fixed)
    return title


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
    scale, unit = (
        (Decimal(1_000_000), "£m")
        if top >= 1_000_000
        else (Decimal(1000), "£k")
        if top >= 1000
        else (Decimal(1), "£")
    )
    plt.rcParams["svg.hashsalt"] = "budget-papers"
    fig, ax = plt.subplots(figsize=(10, 5.6), dpi=110)
    try:
        xs = list(range(len(data.labels)))
        n = max(len(data.series), 1)
        width = 0.8 / n
        colours = _palette(plt, len(data.series))
        for i, (name, pts) in enumerate(data.series.items()):
            ys = [float(v / scale) if v is not None else float("nan") for v in pts]
            colour = colours[i]
            if kind == "bar":
                at = [x - 0.4 + width * (i + 0.5) for x in xs]
                ax.bar(at, ys, width, label=name, color=colour)
                # A saving of zero is a mark on the axis; a slot with no data stays empty.
                zeros = [a for a, v in zip(at, pts, strict=True) if v is not None and v == 0]
                ax.plot(zeros, [0.0] * len(zeros), "D", color=colour, markersize=4)
            else:
                ax.plot(xs, ys, marker="o", label=name, color=colour)
        ax.set_xticks(xs)
        wrapped = ["\n".join(textwrap.wrap(lab, 13)) or lab for lab in data.labels]
        ax.set_xticklabels(wrapped, fontsize=8 if len(xs) > 6 else 9)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.1f}"))
        ax.set_ylabel(f"{data.value} ({unit}; positive = saving)")
        ax.set_xlabel({"year": "Fiscal year"}.get(data.x, data.x.capitalize()))
        ax.set_title(data.title)
        if kind == "bar":
            fig.text(
                0.01, 0.01, "◆ on the axis: a saving of zero; an empty slot: no data", fontsize=7
            )
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


def _palette(plt: Any, n: int) -> list[Any]:
    """A distinct colour per series: tab10, then tab20, then evenly spaced hues."""
    if n <= 10:
        return [plt.get_cmap("tab10")(i) for i in range(n)]
    if n <= 20:
        return [plt.get_cmap("tab20")(i) for i in range(n)]
    return [plt.get_cmap("hsv")(i / n) for i in range(n)]


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
