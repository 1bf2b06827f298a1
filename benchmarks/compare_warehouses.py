"""Every view and table of two warehouses compared row by row; prints the count of differences.

    python benchmarks/compare_warehouses.py A.duckdb B.duckdb

A difference is a row in one and not the other, counted as a multiset (row order is not
compared: papers load in the order they finish, on any executor). Columns that record when
a paper was loaded (``ingested_at``) differ between any two runs and are left out; the list
of left-out columns is printed. Exit status 1 when any difference is found.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import duckdb

#: Columns that differ between two loads of the same papers by design (the load's clock).
VOLATILE = frozenset({"ingested_at"})


def relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'view' or 'table') for every user view and table, by name."""
    rows = con.execute(
        "select view_name, 'view' from duckdb_views() where not internal and schema_name = 'main'"
        " union all select table_name, 'table' from duckdb_tables() where schema_name = 'main'"
        " order by 1"
    ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def freeze(value: Any) -> Hashable:
    """A cell as a hashable value: lists, structs and maps as nested tuples."""
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
    return value  # type: ignore[no-any-return]


def rows_of(con: duckdb.DuckDBPyConnection, name: str) -> tuple[list[str], Counter[Hashable]]:
    cols = [str(c[0]) for c in con.execute(f'select * from "{name}" limit 0').description]
    kept = [c for c in cols if c not in VOLATILE]
    select = ", ".join(f'"{c}"' for c in kept) or "1"
    got = con.execute(f'select {select} from "{name}"').fetchall()
    return kept, Counter(freeze(r) for r in got)


def compare(a: Path, b: Path, out: Any = sys.stdout) -> int:
    """Differences between the two warehouses (0 when every relation holds the same rows)."""
    ca = duckdb.connect(str(a), read_only=True)
    cb = duckdb.connect(str(b), read_only=True)
    try:
        ra, rb = dict(relations(ca)), dict(relations(cb))
        total = 0
        for name in sorted(set(ra) | set(rb)):
            if name not in ra or name not in rb:
                print(f"{name}: only in {a if name in ra else b}", file=out)
                total += 1
                continue
            cols_a, rows_a = rows_of(ca, name)
            cols_b, rows_b = rows_of(cb, name)
            if cols_a != cols_b:
                print(f"{name}: columns differ: {cols_a} vs {cols_b}", file=out)
                total += 1
                continue
            diff = sum((rows_a - rows_b).values()) + sum((rows_b - rows_a).values())
            total += diff
            n_a, n_b = sum(rows_a.values()), sum(rows_b.values())
            print(f"{ra[name]:5} {name}: {n_a} rows vs {n_b}, {diff} differences", file=out)
        left_out = sorted(VOLATILE)
        print(f"left out (the load's clock): {', '.join(left_out)}", file=out)
        print(f"differences: {total}", file=out)
        return total
    finally:
        ca.close()
        cb.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    return 1 if compare(Path(argv[0]), Path(argv[1])) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
