"""What keeping the research views' derived tables costs a load, as a ratio, in one run.

    .venv/bin/python benchmarks/derived_cost.py extracted/           # artefacts of an ingest
    .venv/bin/python benchmarks/derived_cost.py --repeat 3 /tmp/extracted
    .venv/bin/python benchmarks/derived_cost.py --onto /tmp/scale.duckdb extracted/

With ``--onto`` each run loads the papers into a copy of that warehouse instead of an
empty one (for example the 1,000,000 figures `scale.py --keep` leaves), to see what a
load costs when the tables it refreshes are big.

The research layer keeps per-paper tables (`pipeline.research.derived`) that each load
refreshes inside its own transaction. This loads the same stored artefacts (an
``extracted/`` folder, as `pipeline ingest` leaves it) into fresh warehouses twice over:
with the research layer installed and its derived tables refreshed with each load, and
with the research layer installed but nothing derived (``_refresh`` emptied, as the
views were before they had derived tables), alternating the two so a busy machine slows
both alike; both end with `refresh_categories`, as ingest and rebuild do. It times each
way the papers can be loaded: one transaction a paper (`load_extraction`, as
`pipeline ingest` does) and one bulk load (`load_fresh`, as `pipeline rebuild` does),
wall and CPU (DuckDB's threads included), and prints the ratio with / without. The
artefacts are read once, before timing. Not a test.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import VIEWS  # noqa: E402
from pipeline.load import connect, load_extraction, load_fresh  # noqa: E402
from pipeline.models import Extraction  # noqa: E402
from pipeline.research.views import refresh_categories  # noqa: E402
from pipeline.store import list_artefacts, read_extraction  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


def one_by_one(path: Path, papers: Sequence[Extraction], derived: bool) -> None:
    with connect(path, views=VIEWS) as con:
        if not derived:
            con.execute("delete from _refresh")
        for ex in papers:
            load_extraction(con, ex)
        refresh_categories(con)  # as ingest does at the end


def in_bulk(path: Path, papers: Sequence[Extraction], derived: bool) -> None:
    with connect(path, views=VIEWS) as con:
        if not derived:
            con.execute("delete from _refresh")
        load_fresh(con, papers)
        refresh_categories(con)  # as rebuild does at the end


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("extracted", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--onto", type=Path, default=None, help="load into copies of this warehouse")
    args = ap.parse_args()
    papers = [read_extraction(a) for a in list_artefacts(args.extracted)]
    figures = sum(len(p.figures) for p in papers)
    print(f"{len(papers)} papers, {figures:,} figures; median of {args.repeat} runs each way")
    print(f"  {'':28s} {'wall s':>8s} {'cpu s':>8s}")
    with tempfile.TemporaryDirectory(prefix="derived-cost-") as tmp:
        for name, load in (("one transaction a paper", one_by_one), ("bulk (rebuild)", in_bulk)):
            got: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
            for i in range(args.repeat):
                for derived in (False, True) if i % 2 == 0 else (True, False):
                    wh = Path(tmp) / f"{name[:4]}-{derived}-{i}.duckdb"
                    if args.onto is not None:
                        shutil.copyfile(args.onto, wh)
                    got[derived].append(_timed(lambda wh=wh, d=derived, f=load: f(wh, papers, d)))
            walls = {d: statistics.median(w for w, _ in got[d]) for d in got}
            cpus = {d: statistics.median(c for _, c in got[d]) for d in got}
            for derived in (False, True):
                label = f"{name}, {'with' if derived else 'without'} derived"
                print(f"  {label:28s} {walls[derived]:8.2f} {cpus[derived]:8.2f}")
            print(
                f"  {'ratio with / without':28s} {walls[True] / walls[False]:7.2f}x"
                f" {cpus[True] / cpus[False]:7.2f}x"
            )


if __name__ == "__main__":
    main()
