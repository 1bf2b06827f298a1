"""Dask distributed vs Ray for `pipeline ingest --executor`, and what the executor adds per paper.

    nice -n 10 .venv/bin/python benchmarks/executors.py [--tasks 200] [--ray-python PY]

1. Each engine in a fresh interpreter: import time, start-up of a local cluster of one process
   per CPU, overhead per no-op task (submitted together, gathered as they finish), shut-down.
   Ray is not a dependency: give an interpreter that has it (`python -m venv /tmp/ray &&
   /tmp/ray/bin/pip install ray`) with --ray-python; an engine that is not installed is skipped.
2. The pipeline's own path: N stand-in papers (no PDF work) through the local pool and through
   `--executor dask-local` (a forked child per paper inside the worker, the artefact written by
   the worker and read back by the client). Fixed cost from N=1; per paper from N vs 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PROBE = {
    "dask": """
import json, sys, time
N = int(sys.argv[1])
def f(x):
    return x
def main():
    t = time.perf_counter()
    from distributed import Client, LocalCluster, as_completed
    imp = time.perf_counter() - t
    from pipeline.workers import available_cpus
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=available_cpus(), threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=":0")
    client = Client(cluster)
    client.gather(client.map(f, range(available_cpus()), pure=False))
    start = time.perf_counter() - t
    t = time.perf_counter()
    for fut in as_completed([client.submit(f, i, pure=False) for i in range(N)]):
        fut.result()
    per = (time.perf_counter() - t) / N
    t = time.perf_counter()
    client.close(); cluster.close()
    print(json.dumps([imp, start, per, time.perf_counter() - t]))
if __name__ == "__main__":
    main()
""",
    "ray": """
import json, os, sys, time
N = int(sys.argv[1])
t = time.perf_counter()
import ray
imp = time.perf_counter() - t
cpus = len(os.sched_getaffinity(0))
t = time.perf_counter()
ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
@ray.remote(num_cpus=1)
def f(x):
    return x
ray.get([f.remote(i) for i in range(cpus)])
start = time.perf_counter() - t
t = time.perf_counter()
refs = [f.remote(i) for i in range(N)]
while refs:
    done, refs = ray.wait(refs, num_returns=1)
    ray.get(done)
per = (time.perf_counter() - t) / N
t = time.perf_counter()
ray.shutdown()
print(json.dumps([imp, start, per, time.perf_counter() - t]))
""",
}


def probe(engine: str, python: str, tasks: int) -> list[float] | None:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / f"probe_{engine}.py"
        script.write_text(PROBE[engine])
        env_path = {"PYTHONPATH": str(HERE.parent)}
        done = subprocess.run(
            [python, str(script), str(tasks)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp,
            env={**os.environ, **env_path},
        )
    if done.returncode != 0:
        if "ModuleNotFoundError" in done.stderr:
            return None
        raise SystemExit(f"{engine} probe failed:\n{done.stderr[-2000:]}")
    numbers: list[float] = json.loads(done.stdout.strip().splitlines()[-1])
    return numbers


def pipeline_path(n: int, executor: str) -> float:
    """Wall seconds for n stand-in papers through the local pool or dask-local."""
    from pipeline.cluster import parse_executor, run_on_dask
    from pipeline.store import write_extraction
    from pipeline.workers import Limits, available_cpus, run_jobs
    from tests.cluster_work import failed, no_warm_up, slow_or_quick

    with tempfile.TemporaryDirectory() as tmp:
        paper = Path(tmp) / "paper.txt"
        paper.write_text("x")
        jobs = [(str(paper), f"{i:064x}", None, None, None, 10) for i in range(n)]
        store = Path(tmp) / "ex"
        started = time.perf_counter()
        if executor == "local":
            for ex in run_jobs(
                jobs, slow_or_quick, failed, workers=available_cpus(), limits=Limits()
            ):
                write_extraction(store, ex)
        else:
            for _ in run_on_dask(
                parse_executor(executor),
                jobs,
                slow_or_quick,
                failed,
                store=store,
                limits=Limits(),
                warm_up=no_warm_up,
            ):
                pass
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--ray-python", default=sys.executable)
    args = parser.parse_args()
    print("engine   import  start-up  per no-op task  shut-down   (local cluster, 1 proc/CPU)")
    for engine, python in (("dask", sys.executable), ("ray", args.ray_python)):
        got = probe(engine, python, args.tasks)
        if got is None:
            print(f"{engine:8} not installed for {python}")
            continue
        imp, start, per, close = got
        print(f"{engine:8} {imp:5.2f} s  {start:6.2f} s  {per * 1000:9.2f} ms  {close:8.2f} s")
    print(f"\npipeline path, {args.tasks} stand-in papers (fork per paper, artefact write/read):")
    for executor in ("local", "dask-local"):
        one = pipeline_path(1, executor)
        many = pipeline_path(args.tasks, executor)
        per = (many - one) / (args.tasks - 1)
        print(f"{executor:10} fixed {one:5.2f} s, per paper {per * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
