"""Benchmark the extractor on freshly generated council-style tables (tools/gen_tables.py).

    .venv/bin/python benchmarks/generated.py [--seed N] [--tables 300] [--keep DIR]
    .venv/bin/python benchmarks/generated.py --dir DIR     # score PDFs generated before

Draws a fresh seed (printed; ``--seed`` repeats a run), generates the tables into a
temporary folder (spreadsheets and Word documents through LibreOffice, HTML through
Chromium), runs ``pipeline.extract.extract_file`` on every PDF and scores it with the
shared scorer's rules (tests/layouts/scoring.py). Prints the overall figures and
precision, then for every factor level the truth figures found out of the total in the
tables drawn at that level, the share of found figures under the column label the truth
gives (the scorer does not compare columns), and the worst tables with a few misses each.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from tests.layouts.scoring import (  # noqa: E402
    Score,
    column_agreement,
    figure_rows,
    label_match,
    score,
)


def extracted_rows(pdf: Path) -> list[dict[str, Any]]:
    """Our figures as scorer rows; figures with no unit (amount None) count as not found."""
    from pipeline.extract import extract_file

    rows = figure_rows(extract_file(pdf).figures)
    return [r for r in rows if r["amount_gbp"] is not None]


def misses(rows: list[dict[str, Any]], savings: list[dict[str, Any]]) -> list[str]:
    """Truth figures with no fully matching row, and what the row with that label holds."""
    out = []
    for t in savings:
        got = score(rows, {"savings": [t]})
        if got.figures:
            continue
        same = [r for r in rows if label_match(r["row_label"], t["row_label"])]
        near = [r for r in same if abs(float(r["amount_gbp"]) - t["amount_gbp"]) < 0.5]
        if near:
            r = near[0]
            why = f"got fy={r['first_fy']}-{r['last_fy']} rag={r['rag']}"
        elif same:
            why = "label found, amounts " + ", ".join(
                f"{Decimal(str(r['amount_gbp'])):f}" for r in same[:4]
            )
        else:
            why = "label not found"
        out.append(
            f"{t['row_label']!r} / {t['column_label']!r} = {t['amount_gbp']:.0f} "
            f"fy={t['first_fy']}-{t['last_fy']} rag={t['rag']}: {why}"
        )
    return out


def run(folder: Path, show: int) -> None:
    truths = sorted(folder.glob("*.truth.json"))
    overall = Score()
    per_level: dict[tuple[str, str], Score] = defaultdict(Score)
    tables: list[tuple[Score, str, int, dict[str, Any], list[str]]] = []
    t0 = time.perf_counter()
    failed: list[str] = []
    columns = [0, 0]
    column_levels: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for tf in truths:
        truth = json.loads(tf.read_text(encoding="utf-8"))
        pdf = folder / truth["file"]
        try:
            rows = extracted_rows(pdf)
        except Exception as exc:  # a crash scores zero, and is reported
            failed.append(f"{pdf.name}: {type(exc).__name__}: {exc}")
            rows = []
        overall += score(rows, truth)
        for ti, table in enumerate(truth["tables"]):
            a, b = table["savings_slice"]
            sub = truth["savings"][a:b]
            s = score(rows, {"savings": sub})
            found, agree = column_agreement(rows, {"savings": sub})
            columns[0] += found
            columns[1] += agree
            for k, v in table["factors"].items():
                per_level[(k, str(v))] += s
                column_levels[(k, str(v))][0] += found
                column_levels[(k, str(v))][1] += agree
            if s.figures < s.truth:
                tables.append((s, truth["file"], ti, table["factors"], misses(rows, sub)))
    dt = time.perf_counter() - t0
    n_tables = sum(len(json.loads(tf.read_text())["tables"]) for tf in truths)
    print(f"{len(truths)} papers, {n_tables} tables, extracted in {dt:.1f}s")
    print(
        f"overall: figures {overall.figures}/{overall.truth} = {overall.figure_rate:.3f} "
        f"(label+amount {overall.loose_rate:.3f}), "
        f"precision {overall.used}/{overall.rows} = {overall.precision:.3f}"
    )
    print("\nper factor level (truth figures found / total):")
    for (k, v), s in sorted(per_level.items()):
        print(f"  {k}={v:<16} {s.figures:5d}/{s.truth:<5d} = {s.figure_rate:.3f}")
    worst = sorted(per_level.items(), key=lambda kv: kv[1].figure_rate)[:5]
    print("\nworst levels: " + ", ".join(f"{k}={v} {s.figure_rate:.3f}" for (k, v), s in worst))
    rate = columns[1] / max(columns[0], 1)
    print(f"column labels as the truth gives them: {columns[1]}/{columns[0]} = {rate:.3f}")
    worst_cols = sorted(column_levels.items(), key=lambda kv: kv[1][1] / max(kv[1][0], 1))[:5]
    print(
        "  weakest levels: "
        + ", ".join(f"{k}={v} {a / max(n, 1):.3f}" for (k, v), (n, a) in worst_cols)
    )
    if failed:
        print("\ncrashed:")
        for f in failed:
            print("  " + f)
    if show:
        print(f"\nworst {show} tables:")
        tables.sort(key=lambda x: x[0].figure_rate)
        for s, file, ti, factors, miss in tables[:show]:
            lv = " ".join(f"{k}={v}" for k, v in factors.items())
            print(f"  {file} table {ti}: {s.figures}/{s.truth}  [{lv}]")
            for m in miss[:3]:
                print(f"      {m}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--keep", type=Path, default=None, help="generate into DIR and keep it")
    ap.add_argument("--dir", type=Path, default=None, help="score a folder generated before")
    ap.add_argument("--show", type=int, default=12, help="worst tables to list")
    a = ap.parse_args()
    if a.dir:
        run(a.dir, a.show)
        return
    from gen_tables import generate

    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1, 10**6)
    print(f"seed {seed} (repeat with --seed {seed})")
    with tempfile.TemporaryDirectory(prefix="gen-bench-") as tmp:
        out = a.keep or Path(tmp)
        t0 = time.perf_counter()
        generate(seed, a.tables, out)
        print(f"generated in {time.perf_counter() - t0:.0f}s into {out}")
        run(out, a.show)


if __name__ == "__main__":
    main()
