"""How much our ingest costs next to a bare pdfplumber pass over the same pages.

Prints ratios measured in one run on this machine (shared machines are noisy:
compare ratios, not seconds). Not a test.

    .venv/bin/python benchmarks/speed.py [PAPERS...]    # default: raw/
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from pipeline.extract import extract_file
from pipeline.ingest import discover, ingest


def pdfplumber_pass(paths: list[Path], *, tables: bool = False) -> float:
    """What any pdfplumber user pays: every page's words (or its default table finder)."""
    start = time.perf_counter()
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_tables() if tables else page.extract_words()
    return time.perf_counter() - start


def ours_extract(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        extract_file(p)
    return time.perf_counter() - start


def ours_ingest(paths: list[Path]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        wh, ex = Path(tmp) / "b.duckdb", Path(tmp) / "ex"
        start = time.perf_counter()
        ingest(paths, warehouse=wh, extracted=ex, jobs=1)
        first = time.perf_counter() - start
        start = time.perf_counter()
        ingest(paths, warehouse=wh, extracted=ex, jobs=1)
        return first, time.perf_counter() - start


def main() -> None:
    args = [Path(a) for a in sys.argv[1:]] or [Path("raw")]
    paths = [p for p in discover(args) if p.suffix.lower() == ".pdf"]
    pages = sum(len(pdfplumber.open(p).pages) for p in paths)
    extract_file(paths[0])  # warm caches (spaCy pipeline, gazetteers) once
    bare = pdfplumber_pass(paths)
    tables = pdfplumber_pass(paths, tables=True)
    ours = ours_extract(paths)
    first, again = ours_ingest(paths)
    print(f"{len(paths)} papers, {pages} pages")
    print(f"bare pdfplumber words pass     1.00x  ({bare:.2f}s)")
    print(f"pdfplumber extract_tables      {tables / bare:.2f}x")
    print(f"our extract (all stages)       {ours / bare:.2f}x")
    print(f"our ingest into DuckDB         {first / bare:.2f}x")
    print(f"re-ingest of unchanged papers  {again / bare:.2f}x")


if __name__ == "__main__":
    main()
