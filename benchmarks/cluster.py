"""The same papers ingested by the local pool and by `--executor dask-local`: wall times and
the count of differences between the two warehouses (every view and table, row by row).

    nice -n 10 .venv/bin/python benchmarks/cluster.py [PAPERS] [--jobs N]

PAPERS defaults to ../shared/real/kent. Each run starts from an empty warehouse and an empty
artefact store, as `pipeline ingest` on the command line; the executor's run writes its
artefacts through a file:// URL, as a cluster's workers would to a shared store. Both runs
are timed in this one run of the script, so their ratio is what to read on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare_warehouses import compare  # noqa: E402

PIPELINE = Path(sys.executable).with_name("pipeline")
KENT = HERE.parent.parent / "shared" / "real" / "kent"


def ingest(papers: Path, work: Path, name: str, extra: list[str]) -> tuple[float, str]:
    """Wall seconds of one `pipeline ingest` from scratch, and its summary line."""
    wh = work / f"{name}.duckdb"
    store = work / f"{name}-extracted"
    where = f"file://{store}" if "--executor" in extra else str(store)
    cmd = [str(PIPELINE), "ingest", str(papers), "-w", str(wh), "--extracted", where, *extra]
    started = time.perf_counter()
    done = subprocess.run([*cmd, "--json"], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some papers failed, each reported
        raise SystemExit(f"{name}: ingest exited {done.returncode}\n{done.stderr[-2000:]}")
    got = json.loads(done.stdout)
    counts = ", ".join(f"{got[k]} {k}" for k in ("loaded", "partial", "duplicate", "failed"))
    return seconds, f"{len(got['papers'])} papers: {counts}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("papers", nargs="?", type=Path, default=KENT)
    parser.add_argument("--jobs", type=int, default=None, help="workers for both runs")
    parser.add_argument("--keep", type=Path, help="keep the warehouses and stores in this folder")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as tmp:
        work = Path(tmp) if args.keep is None else args.keep
        work.mkdir(parents=True, exist_ok=True)
        if any(work.iterdir()):
            raise SystemExit(f"{work}: not empty; each run starts from nothing")
        local_s, local_line = ingest(args.papers, work, "local", [*jobs])
        print(f"local pool:          {local_s:7.1f} s  {local_line}")
        dask_s, dask_line = ingest(args.papers, work, "dask", ["--executor", "dask-local", *jobs])
        print(f"--executor dask-local: {dask_s:5.1f} s  {dask_line}")
        print(f"ratio executor / local pool: {dask_s / local_s:.2f}")
        diffs = compare(work / "local.duckdb", work / "dask.duckdb")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
