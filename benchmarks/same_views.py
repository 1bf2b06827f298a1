"""Do two warehouses hold the same data? Every view and base table, compared row for row.

    .venv/bin/python benchmarks/same_views.py BEFORE.duckdb AFTER.duckdb

For checking that a change meant to be invisible (a faster loader, views without hidden
sorts, a batched tagger) is: build a warehouse of the same papers before and after
(for example ``pipeline rebuild`` of one ``extracted/`` folder, or ``pipeline ingest`` of
``../shared/real/kent``) and compare. Each relation present in BEFORE is read in full
from both, every column cast to text, and compared as a multiset of rows (a view's
row order is not part of its contract); ``ingested_at`` and ``generator`` are left out,
since they say when and by what a paper was loaded. Prints one line per relation and
the first differing rows; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import sys
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


def compare(before: Path, after: Path) -> int:
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
        ra, rb = contents(a, name, cols), contents(b, name, cols)
        if ra == rb:
            print(f"{name:24s} same ({sum(ra.values())} rows)")
            continue
        differ += 1
        gone, new = ra - rb, rb - ra
        print(
            f"{name:24s} DIFFERENT: {sum(ra.values())} rows before, {sum(rb.values())} after; "
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
    args = ap.parse_args()
    differ = compare(args.before, args.after)
    print("no differences" if not differ else f"{differ} relation(s) differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
