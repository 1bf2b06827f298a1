"""Do two warehouses hold the same data? Every view and base table, compared row for row.

    .venv/bin/python benchmarks/same_views.py BEFORE.duckdb AFTER.duckdb
    .venv/bin/python benchmarks/same_views.py --in-duckdb BEFORE.duckdb AFTER.duckdb  # big ones

For checking that a change meant to be invisible (a faster loader, views without hidden
sorts, a batched tagger) is: build a warehouse of the same papers before and after
(for example ``pipeline rebuild`` of one ``extracted/`` folder, or ``pipeline ingest`` of
``../shared/real/kent``) and compare. Each relation present in BEFORE is read in full
from both, every column cast to text, and compared as a multiset of rows (a view's
row order is not part of its contract); ``ingested_at`` and ``generator`` are left out,
since they say when and by what a paper was loaded. Prints one line per relation and
the first differing rows; exits 1 when anything differs.

With ``--in-duckdb`` (for warehouses too big to hold as Python rows, such as the
1,000,000 figures of `scale.py`) each relation is written to Parquet from both and the
multisets are compared by DuckDB (``EXCEPT ALL`` both ways), with columns of their own
types rather than text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb

#: Columns that record the load itself, not the paper.
SKIP = {"ingested_at", "generator"}


def relations(con: Any) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' "
        "order by table_type, table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def contents(con: Any, name: str, columns: list[str]) -> Counter[tuple[Any, ...]]:
    cols = ", ".join(f'cast("{c}" as varchar)' for c in columns)
    return Counter(con.execute(f'select {cols} from "{name}"').fetchall())


def columns_of(con: Any, name: str) -> list[str]:
    cur = con.execute(f'select * from "{name}" limit 0')
    return [d[0] for d in cur.description if d[0] not in SKIP]


def _dump(con: Any, name: str, columns: list[str], path: Path) -> None:
    cols = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"copy (select {cols} from \"{name}\") to '{path}' (format parquet)")


def differences(
    a: Any, b: Any, name: str, cols: list[str], in_duckdb: bool
) -> tuple[int, Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """Rows in `a`, and rows only in `a` / only in `b` (at most a few of each in DuckDB mode)."""
    if not in_duckdb:
        ra, rb = contents(a, name, cols), contents(b, name, cols)
        return sum(ra.values()), ra - rb, rb - ra
    with tempfile.TemporaryDirectory(prefix="same-views-") as tmp:
        pa, pb = Path(tmp) / "a.parquet", Path(tmp) / "b.parquet"
        _dump(a, name, cols, pa)
        _dump(b, name, cols, pb)
        con = duckdb.connect()
        n = int(con.execute(f"select count(*) from '{pa}'").fetchone()[0])
        out = []
        for x, y in ((pa, pb), (pb, pa)):
            sql = f"from (from '{x}' except all from '{y}')"
            k = int(con.execute(f"select count(*) {sql}").fetchone()[0])
            some = Counter(
                tuple(v if isinstance(v, str | int | float | None) else str(v) for v in r)
                for r in con.execute(f"{sql} limit 3").fetchall()
            )
            if k > sum(some.values()):
                some[("…",) * len(cols)] = k - sum(some.values())
            out.append(some)
        con.close()
    return n, out[0], out[1]


def compare(before: Path, after: Path, in_duckdb: bool = False) -> int:
    a = duckdb.connect(str(before), read_only=True)
    b = duckdb.connect(str(after), read_only=True)
    differ = 0
    for name in relations(a):
        if name.startswith("_meta"):
            continue
        try:
            cols_b = columns_of(b, name)
        except duckdb.Error:
            print(f"{name:24s} missing after")
            differ += 1
            continue
        cols = [c for c in columns_of(a, name) if c in cols_b]
        if len(cols) != len(cols_b):
            print(f"{name:24s} columns differ: {sorted(set(cols_b) - set(cols))} added")
            differ += 1
        n, gone, new = differences(a, b, name, cols, in_duckdb)
        if not gone and not new:
            print(f"{name:24s} same ({n} rows)")
            continue
        differ += 1
        print(
            f"{name:24s} DIFFERENT: {n} rows before; "
            f"{sum(gone.values())} only before, {sum(new.values())} only after"
        )
        for row in list(gone)[:3]:
            print(f"    before only: {row}")
        for row in list(new)[:3]:
            print(f"    after only:  {row}")
    return differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--in-duckdb", action="store_true", help="compare in DuckDB (big warehouses)")
    args = ap.parse_args()
    differ = compare(args.before, args.after, args.in_duckdb)
    print("no differences" if not differ else f"{differ} relation(s) differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
