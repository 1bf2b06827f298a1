"""How much our ingest costs next to a bare pdfplumber pass over the same pages.

    .venv/bin/python benchmarks/speed.py                  # generated corpus and ../shared/real/kent
    .venv/bin/python benchmarks/speed.py --jobs 2 tests/fixtures      # one corpus of your own

Prints, in one run, ratios measured on this machine (shared machines are noisy:
compare ratios, not seconds). For each corpus (default: the generated papers of
``tests/fixtures``, then the real Kent papers):

- **bare pass**: what any pdfplumber user pays: ``page.extract_words()`` on every page,
  nothing else (no table finder), run the way ingest runs its extraction: by its pool of
  forked workers, at most ``--jobs`` at once (`pipeline.workers.run_jobs`);
- **first ingest**: `pipeline.ingest.ingest` into a fresh warehouse with a fresh
  ``extracted/`` folder, so nothing is reused;
- **rebuild**: `pipeline.ingest.rebuild` of a new warehouse from that ``extracted/``;
- **unchanged re-ingest**: the same ingest again, every paper already loaded;
- **first ingest, backend X** (``--also``, default ``layout``): the first ingest again,
  each page read by another parse backend (``pipeline.parse.BACKENDS``), so the
  parse backends' effect on a whole ingest is measured in the same run.

Wall time and CPU time (this process and its workers, DuckDB's threads included)
are measured for each; the corpus is deduplicated by content first, so both sides
read the same pages. The spaCy pipeline and pattern files are built once before
timing (a long-lived process pays that once; a CLI run pays about a second more).
Not a test.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from pipeline import parse  # noqa: E402
from pipeline.ingest import _warm_up, discover, ingest, rebuild  # noqa: E402
from pipeline.workers import Limits, run_jobs  # noqa: E402

KENT = Path(os.environ.get("BUDGET_PAPERS_SHARED", ROOT.parent / "shared")) / "real" / "kent"
GENERATED = ROOT / "tests" / "fixtures"


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall, cpu) seconds of one call; cpu counts finished child processes too."""
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


def _words(path: str) -> int:
    """The bare pass over one paper, in a worker: every page's words, nothing else."""
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_words())
    return n


def _bare_failed(job: tuple[Any, ...], reason: str) -> Any:
    raise SystemExit(f"{job[0]}: the bare pass failed ({reason})")


def bare_pass(paths: list[Path], jobs: int) -> None:
    limits = Limits(timeout=3600.0, max_memory_mb=100_000)
    for _ in run_jobs(
        [(str(p),) for p in paths], _words, _bare_failed, workers=jobs, limits=limits
    ):
        pass


def unique_pdfs(args: list[Path]) -> list[Path]:
    """PDFs under `args`, one per content (ingest loads a second copy as a duplicate only)."""
    seen: set[str] = set()
    out = []
    for p in discover(args):
        if p.suffix.lower() != ".pdf":
            continue
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(p)
    return out


def run(name: str, paths: list[Path], jobs: int, others: list[str]) -> None:
    pages = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    print(f"\n{name}: {len(paths)} papers, {pages} pages, --jobs {jobs}")
    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        wh, ex, wh2 = Path(tmp) / "w.duckdb", Path(tmp) / "extracted", Path(tmp) / "r.duckdb"
        bare = measure(lambda: bare_pass(paths, jobs))
        first = measure(lambda: ingest(paths, warehouse=wh, extracted=ex, jobs=jobs))
        again = measure(lambda: ingest(paths, warehouse=wh, extracted=ex, jobs=jobs))
        rebuilt = measure(lambda: rebuild(ex, wh2))
        firsts = {}
        for backend in others:  # the same first ingest, pages read by another parse backend
            whb, exb = Path(tmp) / f"{backend}.duckdb", Path(tmp) / f"extracted-{backend}"
            firsts[backend] = measure(
                functools.partial(
                    _with_backend, backend, paths, warehouse=whb, extracted=exb, jobs=jobs
                )
            )
    print(f"  {'':34s} {'wall':>8s} {'cpu':>8s}   {'wall s':>7s} {'cpu s':>7s}")
    rows = [
        ("bare pdfplumber extract_words", bare, bare),
        ("first ingest / bare", first, bare),
        ("rebuild from extracted/ / first", rebuilt, first),
        ("unchanged re-ingest / first", again, first),
        ("rebuild from extracted/ / bare", rebuilt, bare),
        ("unchanged re-ingest / bare", again, bare),
    ]
    rows += [(f"first ingest, backend {b} / bare", t, bare) for b, t in firsts.items()]
    for label, (w, c), (bw, bc) in rows:
        print(f"  {label:34s} {w / bw:7.3f}x {c / bc:7.3f}x   {w:7.2f} {c:7.2f}")
    print(f"  pages per second, first ingest: {pages / first[0]:.1f} (bare {pages / bare[0]:.1f})")


def _with_backend(backend: str, paths: list[Path], **kw: Any) -> Any:
    """Ingest with another default parse backend (workers are forked: they inherit it)."""
    old, parse.DEFAULT_BACKEND = parse.DEFAULT_BACKEND, backend
    try:
        return ingest(paths, **kw)
    finally:
        parse.DEFAULT_BACKEND = old


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="*", type=Path, help="folders or papers (default: both)")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument(
        "--also",
        nargs="*",
        default=["layout"],
        choices=[b for b in parse.BACKENDS if b != parse.DEFAULT_BACKEND],
        help="first ingest again with these parse backends, for a comparison in the same run",
    )
    args = ap.parse_args()
    corpora = [(", ".join(map(str, args.corpus)), args.corpus)] if args.corpus else []
    if not corpora:
        corpora = [("generated (tests/fixtures)", [GENERATED]), ("real (shared/real/kent)", [KENT])]
    _warm_up()  # build the tagging pipeline once, outside the timings
    for name, where in corpora:
        run(name, unique_pdfs(where), args.jobs, args.also)


if __name__ == "__main__":
    main()
