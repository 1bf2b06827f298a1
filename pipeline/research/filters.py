"""What a trend keeps: its filters as SQL, checks that each value names something, and
notes saying what the filters (and the trend itself) leave out.

A filter that matches nothing because of a typo (``--measure aproved``) must not
look like a warehouse with no savings, so values are checked against what the
warehouse holds and a near miss is suggested. A figure a trend cannot place (a
column naming no fiscal year, such as a ``Total`` over several years) or a
filter drops for want of a value (a column that is only a year has no measure)
is counted and said, never dropped without a word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.errors import QueryError
from pipeline.names import COUNCIL_WORDS, did_you_mean
from pipeline.normalise import MEASURES


@dataclass(frozen=True)
class TrendQuery:
    """What `trends` groups by and keeps. Measures are never added together."""

    by: tuple[str, ...] = ("authority", "year", "category")
    authorities: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    from_year: int | None = None
    to_year: int | None = None
    single_year: bool = False
    #: Divide by the ONS mid-year population (per resident); needs authority and year.
    per_head: bool = False
    #: Deflate with HM Treasury GDP deflators to the prices of `base_year`.
    real_terms: bool = False
    #: Fiscal year whose prices real terms are in (None: the latest outturn year).
    base_year: int | None = None


@dataclass(frozen=True)
class Condition:
    """One SQL condition on savings_by_category (or savings_research), named for notes."""

    name: str  # authority, category, measure, from, to, single_year, dated
    sql: str
    params: tuple[Any, ...] = ()


#: Every trend keeps only figures placed in a fiscal year or span.
DATED = Condition("dated", "first_fy is not null")


def conditions(q: TrendQuery) -> list[Condition]:
    """The query's filters as SQL conditions, `DATED` last."""
    out: list[Condition] = []
    if q.authorities:
        one = "contains(lower(authority), lower(?)) or authority_code = upper(?)"
        out.append(
            Condition(
                "authority",
                "(" + " or ".join(one for _ in q.authorities) + ")",
                tuple(v for a in q.authorities for v in (a, a)),
            )
        )
    if q.categories:
        sql = "(" + " or ".join("contains(category, lower(?))" for _ in q.categories) + ")"
        out.append(Condition("category", sql, tuple(q.categories)))
    if q.measures:
        marks = ", ".join("?" for _ in q.measures)
        out.append(
            Condition("measure", f"measure in ({marks})", tuple(m.lower() for m in q.measures))
        )
    if q.from_year is not None:
        out.append(Condition("from", "first_fy >= ?", (q.from_year,)))
    if q.to_year is not None:
        out.append(Condition("to", "last_fy <= ?", (q.to_year,)))
    if q.single_year:
        out.append(Condition("single_year", "first_fy = last_fy"))
    out.append(DATED)
    return out


def where(conds: Iterable[Condition]) -> tuple[str, list[Any]]:
    """`` where a and b`` (or nothing) and its parameters."""
    conds = list(conds)
    if not conds:
        return "", []
    return " where " + " and ".join(c.sql for c in conds), [p for c in conds for p in c.params]


# --------------------------------------------------------------------------- checks


def validate(con: Any, q: TrendQuery) -> None:
    """A QueryError (one line, with a did-you-mean) for a value that names nothing."""
    measures = set(MEASURES) | _distinct(con, "measure")
    for m in q.measures:
        if m.lower() not in measures:
            raise QueryError(_unknown("measure", m, sorted(measures)))
    if q.authorities:
        names = _distinct(con, "authority")
        codes = {c.upper() for c in _distinct(con, "authority_code")}
        for a in q.authorities:
            if a.upper() not in codes and not any(a.lower() in n.lower() for n in names):
                raise QueryError(_unknown("authority", a, sorted(names), ignore=COUNCIL_WORDS))
    if q.categories:
        cats = _distinct(con, "category") | _taxonomy_categories(con)
        for c in q.categories:
            if not any(c.lower() in k for k in cats):
                raise QueryError(_unknown("category", c, sorted(cats)))


def _distinct(con: Any, column: str) -> set[str]:
    rows = con.execute(
        f"select distinct {column} from savings_research where {column} is not null"
    ).fetchall()
    return {str(r[0]) for r in rows}


def _taxonomy_categories(con: Any) -> set[str]:
    return {str(r[0]) for r in con.execute("select distinct category from _taxonomy").fetchall()}


def _unknown(
    what: str, value: str, known: Sequence[str], *, ignore: frozenset[str] = frozenset()
) -> str:
    """``no measure matches 'aproved'; did you mean 'approved'? known: …`` in one line."""
    guess = did_you_mean(value, known, ignore=ignore)
    hint = f"; did you mean {guess!r}?" if guess else ";"
    shown = ", ".join(known[:12]) + (f", … ({len(known)} in all)" if len(known) > 12 else "")
    return f"no {what} matches {value!r}{hint} known: {shown or 'none'}"


# --------------------------------------------------------------------------- notes


def exclusions(con: Any, q: TrendQuery) -> list[str]:
    """Notes on figures left out: with no fiscal year, and by each filter for want of a value.

    Counted on savings_research (detail rows, before the latest-paper rule), with
    the query's other filters applied, so the numbers are about what was asked.
    """
    conds = conditions(q)
    notes: list[str] = []
    for name, left_out, says in _LEFT_OUT:
        if name != "dated" and not any(c.name == name for c in conds):
            continue  # that filter was not used
        keep = ("authority", "category", "measure") if name == "dated" else None
        rest = [c for c in conds if c.name != name and (keep is None or c.name in keep)]
        sql, params = left_out(q)
        n, labels = _count(con, [*rest, Condition(f"not {name}", sql, params)])
        if n:
            text = says.format(
                n=_figures(n),
                examples=_examples(labels),
                start=_label(q.from_year),
                end=_label(q.to_year),
            )
            notes.append(text)
    return notes


def _label(year: int | None) -> str:
    return "" if year is None else f"{year}/{(year + 1) % 100:02d}"


#: For each filter (and `DATED`, which every trend applies): the figures it leaves out
#: for want of a value or by straddling its bound, and the note that says so.
_LEFT_OUT: tuple[tuple[str, Callable[[TrendQuery], tuple[str, tuple[Any, ...]]], str], ...] = (
    (
        "dated",
        lambda q: ("first_fy is null", ()),
        "left out: {n} in columns that name no fiscal year, so no trend can place them "
        "({examples}); see them with pipeline query "
        '"select * from savings_research where first_fy is null"',
    ),
    (
        "measure",
        lambda q: ("measure is null", ()),
        "left out by --measure: {n} in columns that name no measure, only a period "
        "({examples}); run without --measure to see them",
    ),
    (
        "from",
        lambda q: ("first_fy < ? and last_fy >= ?", (q.from_year, q.from_year)),
        "left out by --from: {n} in spans that begin before {start} and run into it "
        "({examples}); a span is kept only when it lies wholly within --from and --to",
    ),
    (
        "to",
        lambda q: ("last_fy > ? and first_fy <= ?", (q.to_year, q.to_year)),
        "left out by --to: {n} in spans that run past {end} ({examples}); a span is "
        "kept only when it lies wholly within --from and --to",
    ),
    (
        "single_year",
        lambda q: ("first_fy <> last_fy", ()),
        "left out by --single-year: {n} in columns over several years ({examples})",
    ),
)


def _count(con: Any, conds: list[Condition]) -> tuple[int, list[str]]:
    sql, params = where([Condition("detail", "not is_total"), *conds])
    n = con.execute(f"select count(*) from savings_research{sql}", params).fetchone()[0]
    labels = con.execute(
        f"select column_label, count(*) as n from savings_research{sql}"
        " group by all order by n desc, column_label limit 3",
        params,
    ).fetchall()
    return int(n), [str(r[0]) for r in labels]


def _figures(n: int) -> str:
    return f"{n} figure" + ("" if n == 1 else "s")


def _examples(labels: list[str]) -> str:
    return "columns such as " + ", ".join(repr(x) for x in labels) if labels else "no label"
