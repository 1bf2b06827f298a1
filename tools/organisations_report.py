"""Canonical organisation names across a warehouse, with their variants, and any body
named under two canonical names.

    .venv/bin/python tools/organisations_report.py warehouse/budget.duckdb
    .venv/bin/python tools/organisations_report.py W.duckdb --duplicates-only

Exits 1 when a body has more than one canonical name, so it can guard a corpus in CI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.load import connect  # noqa: E402
from pipeline.orgs_report import duplicates, organisations, render  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--duplicates-only", action="store_true")
    args = ap.parse_args()
    with connect(args.warehouse, read_only=True) as con:
        rows = organisations(con)
    if not args.duplicates_only:
        print(render(rows))
    dups = duplicates(rows)
    print(f"\n{len(rows)} canonical names; {len(dups)} pairs that look like one body")
    for a, b, why in dups:
        print(f"  {a!r} / {b!r}: {why}")
    return 1 if dups else 0


if __name__ == "__main__":
    sys.exit(main())
