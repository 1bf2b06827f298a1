"""Reconciliation: do the rows a total covers add up to it?

No table extractor checks this, yet a failed sum is the best sign of a misread
table (a lost row, a wrong sign, a number read into the wrong column). For each
total row we look for the rows it covers, in the ways budget tables are built:
the detail rows since the previous total, the detail rows of its section, every
detail row above it, or a combination of earlier subtotals. The same covering
must add up in every column at once, which keeps chance matches out.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pipeline.models import Check, Figure

#: At most this many earlier totals are combined when looking for a covering.
MAX_SUBTOTALS = 8


@dataclass
class _Row:
    index: int
    label: str
    section: str | None
    is_total: bool
    page: int
    values: dict[str, Figure]


def reconcile(figures: Sequence[Figure]) -> list[Check]:
    """One Check per total figure, in table order."""
    by_table: dict[int, list[Figure]] = defaultdict(list)
    for f in figures:
        by_table[f.table_index].append(f)
    checks: list[Check] = []
    run: list[_Row] = []  # the rows of the tables this one carries on from
    prev: list[_Row] = []
    for _, figs in sorted(by_table.items()):
        rows = _rows(figs)
        if not _continues(prev, rows):
            run = []
        checks.extend(_table_checks(rows, run))
        run, prev = [*run, *rows], rows
    return checks


def _continues(prev: Sequence[_Row], rows: Sequence[_Row]) -> bool:
    """Whether a table may carry on the one before: it opens on the next page under the
    same money columns. A long capital programme repeats its header on every page and
    prints its totals on the last, so its totals cover rows of pages before."""
    if not prev or not rows or rows[0].page != prev[-1].page + 1:
        return False
    return {c for r in prev for c in r.values} == {c for r in rows for c in r.values}


def _rows(figs: Sequence[Figure]) -> list[_Row]:
    rows: dict[int, _Row] = {}
    for f in figs:
        if f.amount_gbp is None:  # no unit stated: nothing to add up
            continue
        r = rows.setdefault(
            f.row_index, _Row(f.row_index, f.row_label, f.section, f.is_total, f.page, {})
        )
        r.values[f.column_label] = f
    return [rows[k] for k in sorted(rows)]


def _table_checks(rows: Sequence[_Row], carried: Sequence[_Row] = ()) -> list[Check]:
    """Checks of a table's totals. ``carried`` holds the rows of the tables it may carry on
    from: a total is read over them only when no covering within its own table adds up in
    every column and one reaching back does, so a table that merely looks like the one
    before keeps its own reading."""
    out: list[Check] = []
    for t, total in enumerate(rows):
        if not total.is_total:
            continue
        columns = list(total.values)
        candidates = _coverings(rows[:t], total)
        best = _best(candidates, total, columns)
        if carried and (best is None or best[0] < len(columns)):
            reaching = _coverings([*carried, *rows[:t]], total)
            back = _best(reaching, total, columns)
            if back is not None and back[2] and back[0] == len(columns):
                candidates = reaching
                best = (back[0], f"{back[1]}, from page {back[2][0].page}", back[2])
        if best is None:
            continue
        _, name, members = best
        # Adding up in none of its non-zero columns (several), under any covering, the
        # row is derived (a ratio, a memorandum line), not a sum: unknown, not failed.
        nonzero = [c for c in columns if _value(total, c) != 0]
        derived = len(nonzero) >= 2 and not any(
            _matches(m, total, c) for _, m in candidates for c in nonzero
        )
        if derived:
            name = "no rows above add up to it in any column"
        for c in columns:
            printed = _value(total, c)
            expected = sum((_value(m, c) for m in members), Decimal(0))
            diff = printed - expected
            out.append(
                Check(
                    page=total.page,
                    table_index=total.values[c].table_index,
                    row_label=total.label,
                    column_label=c,
                    expected=expected,
                    printed=printed,
                    difference=diff,
                    ok=None if derived else abs(diff) <= _tolerance(members, c),
                    covers=name,
                )
            )
    return out


def _best(
    candidates: Sequence[tuple[str, list[_Row]]], total: _Row, columns: Sequence[str]
) -> tuple[int, str, list[_Row]] | None:
    """The covering that adds up in the most columns (the first found of equals)."""
    best: tuple[int, str, list[_Row]] | None = None
    for name, members in candidates:
        hits = sum(1 for c in columns if _matches(members, total, c))
        if best is None or hits > best[0]:
            best = (hits, name, members)
        if hits == len(columns):
            break
    return best


def _coverings(above: Sequence[_Row], total: _Row) -> list[tuple[str, list[_Row]]]:
    out: list[tuple[str, list[_Row]]] = []
    since: list[_Row] = []
    for r in reversed(above):
        if r.is_total:
            break
        since.insert(0, r)
    # A group with no rows of its own prints a nil total: nothing to add up. A total
    # with nothing above it to cover (a one-line summary) is no check at all.
    if since or all(_value(total, c) == 0 for c in total.values):
        out.append(("rows since the previous total", since))
    section = [r for r in above if not r.is_total and r.section == total.section]
    if total.section is not None and section and section != since:
        out.append((f"rows of section {total.section!r}", section))
    details = [r for r in above if not r.is_total]
    if details and details not in (since, section):
        out.append(("all rows above", details))
    subtotals = [r for r in above if r.is_total][-MAX_SUBTOTALS:]
    # The last subtotal carried on by the rows printed after it (net growth + a late item).
    if subtotals and since:
        last = subtotals[-1]
        out.append((f"total {last.label!r} and rows since", [last, *since]))
    for size in range(2, len(subtotals) + 1):
        for combo in itertools.combinations(subtotals, size):
            members = list(combo)
            out.append(("totals " + " + ".join(repr(m.label) for m in members), members))
            if since:
                out.append(
                    (
                        "totals " + " + ".join(repr(m.label) for m in members) + " and rows since",
                        members + since,
                    )
                )
    return out


def _value(row: _Row, column: str) -> Decimal:
    f = row.values.get(column)
    return f.amount_gbp if f is not None and f.amount_gbp is not None else Decimal(0)


def _tolerance(members: Sequence[_Row], column: str) -> Decimal:
    """One printed unit per row: a column in £'000 may be out by £1,000 a row through rounding."""
    units = [m.values[column].unit for m in members if column in m.values]
    return sum(units, Decimal(0)) if units else Decimal(0)


def _matches(members: Sequence[_Row], total: _Row, column: str) -> bool:
    expected = sum((_value(m, column) for m in members), Decimal(0))
    return abs(_value(total, column) - expected) <= _tolerance(members, column)


def mark_arithmetic_totals(figures: Sequence[Figure]) -> list[Figure]:
    """Rows that are totals by arithmetic though neither their words nor their type say
    so (a text export has no bold): a row equal, in every column, to the sum of the two
    or more detail rows just above it in its section. At least two non-zero columns
    must agree, which keeps coincidences out."""
    by_table: dict[int, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.amount_gbp is not None:
            by_table[f.table_index].append(f)
    promote: set[tuple[int, int]] = set()
    for table, figs in by_table.items():
        rows = _rows(figs)
        for t, row in enumerate(rows):
            if row.is_total or sum(1 for f in row.values.values() if f.amount_gbp) < 2:
                continue
            if _longest_sum_above(rows, t) >= 2:
                promote.add((table, row.index))
                row.is_total = True
    return [
        replace(f, is_total=True) if (f.table_index, f.row_index) in promote else f for f in figures
    ]


def _longest_sum_above(rows: Sequence[_Row], t: int) -> int:
    """How many detail rows just above row t (in its section) it is the exact sum of: the
    longest such run, or 0.

    Running sums grow one row at a time, so a table of n rows costs n² column checks, not
    n³ (a 100-page paper whose table runs on over every page must not take hours).
    """
    total = rows[t]
    sums = dict.fromkeys(total.values, Decimal(0))
    slack = dict.fromkeys(total.values, Decimal(0))
    best = 0
    for k, r in enumerate(reversed(rows[:t]), start=1):
        if r.is_total or r.section != total.section:
            break
        for c in sums:
            sums[c] += _value(r, c)
            if c in r.values:
                slack[c] += _resolution(r.values[c])
        if k >= 2 and all(abs(_value(total, c) - sums[c]) <= slack[c] for c in sums):
            best = k
    return best


def _resolution(f: Figure) -> Decimal:
    """What one step of the last printed digit is worth: '6.68' in £m is £10,000."""
    digits = f.printed.split(".")[1] if "." in f.printed else ""
    places = sum(1 for ch in digits if ch.isdigit())
    return f.unit * Decimal(1).scaleb(-places)
