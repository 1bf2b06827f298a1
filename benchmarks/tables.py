"""Benchmark table extractors on the synthetic layout suite, in one run.

    .venv/bin/python benchmarks/tables.py [--seed N] [--papers N] [--keep DIR]

Builds the suite (tests/layouts) into a temporary folder, then prints the
loose score (truth figures whose printed number sits in a row with a matching
label) of pdfplumber's default ``page.extract_tables()``, of Camelot's stream
flavour when it is importable, and of our ``pipeline.extract.extract_file``
when it exists, overall and per layout kind; for ours also the strict figures
and precision the shared scorer would give.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.layouts.build import DEFAULT_PAPERS, Paper, build_suite  # noqa: E402
from tests.layouts.scoring import Score, figure_rows, score, score_loose, table_pairs  # noqa: E402

Pairs = list[tuple[str, Decimal]]


def pdfplumber_pairs(pdf: Path) -> Pairs:
    """Every table pdfplumber finds with its default settings."""
    import pdfplumber

    rows: list[list[str | None]] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows.extend(table)
    return table_pairs(rows)


def camelot_extractor() -> Callable[[Path], Pairs] | None:
    """Camelot's stream flavour, or None when Camelot is not installed."""
    try:
        import camelot
    except ImportError:
        return None

    def run_camelot(pdf: Path) -> Pairs:
        rows: list[list[str | None]] = []
        for table in camelot.read_pdf(str(pdf), flavor="stream", pages="all"):
            rows.extend([str(x) for x in r] for r in table.df.values.tolist())
        return table_pairs(rows)

    return run_camelot


def ours_extractor() -> Callable[[Path], Any] | None:
    """Our extractor, or None until pipeline.extract exists."""
    try:
        from pipeline.extract import extract_file
    except ImportError:
        return None
    return extract_file


def _loose(fn: Callable[[Path], Pairs], papers: list[Paper]) -> tuple[Score, dict[str, Score]]:
    overall, per_kind = Score(), dict[str, Score]()
    for p in papers:
        s = score_loose(fn(p.pdf), p.truth)
        overall += s
        for k in p.kinds:
            per_kind[k] = per_kind.get(k, Score()) + s
    return overall, per_kind


def run(papers: list[Paper]) -> None:
    """Score every available extractor on the built papers and print the results."""
    results: dict[str, dict[str, Score]] = {}
    total = sum(len(p.truth["savings"]) for p in papers)
    print(f"suite: {len(papers)} papers, {total} truth figures")
    others: dict[str, Callable[[Path], Pairs] | None] = {
        "pdfplumber": pdfplumber_pairs,
        "camelot": camelot_extractor(),
    }
    for name, fn in others.items():
        if fn is None:
            print(f"{name}: not installed")
            continue
        start = time.perf_counter()
        overall, results[name] = _loose(fn, papers)
        took = time.perf_counter() - start
        rate = f"{overall.loose_rate:.3f} ({overall.loose}/{overall.truth})"
        print(f"{name}: loose {rate} in {took:.1f}s")
    ours = ours_extractor()
    if ours is None:
        print("ours: not available (pipeline.extract.extract_file not importable)")
    else:
        strict = Score()
        failures: list[str] = []
        cache: dict[Path, list[dict[str, Any]]] = {}

        def our_pairs(pdf: Path) -> Pairs:
            try:
                rows = figure_rows(ours(pdf).figures)
            except Exception as exc:  # a crash on one paper is a result, not the end of the run
                failures.append(f"{pdf.name}: {type(exc).__name__}: {exc}")
                rows = []
            cache[pdf] = rows
            return [(r["row_label"], Decimal(str(r["amount_gbp"]))) for r in rows]

        start = time.perf_counter()
        overall, results["ours"] = _loose(our_pairs, papers)
        took = time.perf_counter() - start
        for p in papers:
            strict += score(cache[p.pdf], p.truth)
        print(
            f"ours: loose {overall.loose_rate:.3f} ({overall.loose}/{overall.truth}); "
            f"strict figures={strict.figure_rate:.3f} precision={strict.precision:.3f} "
            f"({strict.figures}/{strict.truth} figures, {strict.used}/{strict.rows} rows) "
            f"in {took:.1f}s; {len(failures)} papers failed"
        )
        for line in failures:
            print(f"  failed: {line}")
    if results:
        _by_kind(papers, results)


def _by_kind(papers: list[Paper], results: dict[str, dict[str, Score]]) -> None:
    kinds = sorted({k for p in papers for k in p.kinds})
    width = max(len(k) for k in kinds)
    names = list(results)
    print()
    print("loose score by layout kind (over the papers that have it):")
    print(f"{'kind':<{width}} papers " + " ".join(f"{n:>10}" for n in names))
    for k in kinds:
        n_papers = sum(1 for p in papers if k in p.kinds)
        cells = [f"{results[n][k].loose_rate:10.3f}" for n in names]
        print(f"{k:<{width}} {n_papers:6d} " + " ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description="Benchmark table extractors on the layout suite.")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help="how many papers to build")
    ap.add_argument("--keep", type=Path, default=None, help="build into DIR and keep it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        start = time.perf_counter()
        papers = build_suite(out, seed=args.seed, n=args.papers)
        print(f"built in {time.perf_counter() - start:.1f}s into {out}")
        run(papers)


if __name__ == "__main__":
    main()
