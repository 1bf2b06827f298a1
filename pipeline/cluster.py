"""Extraction on a Dask cluster (`pipeline ingest --executor`), the load staying here.

When one machine is not enough, papers are extracted by the workers of an existing
Dask cluster (``dask://HOST:PORT``) or of one started on this machine for the run
(``dask-local``). Each task runs the paper exactly as the local pool does, in a child
process of the Dask worker with the same budgets (`pipeline.workers.run_jobs`), writes
the paper's artefact to the shared store (a folder every machine mounts, or an fsspec
URL), and returns only its key and log records. The client reads each artefact back and
loads it itself, one paper per transaction under the writer lock, so the warehouse has
one writer and the same all-or-nothing-per-paper loads as a local ingest.

Why Dask distributed and not Ray (benchmarks/executors.py, on this 2-core machine): a
local cluster is up in about 1.6 s against 7.6 s, the install is about 70 MB of pure
Python wheels against 285 MB of native ones, and its overhead per task (3-7 ms) is
nothing beside a paper's seconds of CPU, as is Ray's (about 1 ms). Ray's gains (actors,
GPUs, its object store) buy nothing for independent pure-Python CPU tasks.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.models import Extraction
from pipeline.store import Store, artefact_path, is_url, read_extraction, write_extraction
from pipeline.workers import Job, Limits, available_cpus, run_jobs

log = logging.getLogger(__name__)

#: The port a Dask scheduler listens on when an address names none.
DASK_PORT = 8786

#: Seconds to wait for a scheduler to answer before giving up.
CONNECT_TIMEOUT = 30.0

_FORMS = "local, dask-local, or dask://HOST:PORT (also tcp://HOST:PORT, tls://HOST:PORT)"


@dataclass(frozen=True)
class Executor:
    """Where papers are extracted: this machine's pool, or a Dask scheduler's workers."""

    kind: str  # "local" (forked pool), "dask-local" (a cluster for this run), "dask"
    address: str | None = None

    @property
    def distributed(self) -> bool:
        return self.kind != "local"


def parse_executor(spec: str | None) -> Executor:
    """`--executor` text as an Executor; a form we do not run is a PipelineError."""
    text = (spec or "local").strip()
    if text in {"local", "pool"}:
        return Executor("local")
    if text == "dask-local":
        return Executor("dask-local")
    scheme, sep, rest = text.partition("://")
    if sep and scheme in {"dask", "tcp", "tls"}:
        host, colon, port = rest.rstrip("/").rpartition(":")
        if not colon:
            host, port = rest.rstrip("/"), str(DASK_PORT)
        if not host or not port.isdigit() or "/" in host:
            raise PipelineError(f"--executor {text}: expected a scheduler as {_FORMS}")
        return Executor("dask", f"{'tcp' if scheme == 'dask' else scheme}://{host}:{port}")
    if text.split(":", 1)[0] == "ray":
        raise PipelineError(
            f"--executor {text}: Ray is not supported; run a Dask scheduler and give "
            "dask://HOST:PORT (the README says why Dask)"
        )
    raise PipelineError(f"--executor {text}: expected {_FORMS}")


def check_store(executor: Executor, store: Store) -> None:
    """Refuse a store the workers cannot share with this process, before any work."""
    if executor.distributed and is_url(store) and str(store).startswith("memory://"):
        raise PipelineError(
            f"--extracted {store}: memory:// lives in one process, and the workers of "
            f"--executor {executor.kind} are other processes; give a folder or a shared URL"
        )


def run_on_dask(
    executor: Executor,
    jobs: Sequence[Job],
    work: Callable[..., Extraction],
    failed: Callable[[Job, str], Extraction],
    *,
    store: Store,
    limits: Limits,
    warm_up: Callable[[], None],
    workers: int | None = None,
) -> Iterator[Extraction]:
    """Each job's extraction, read back from the shared store, as its task finishes.

    `workers` sizes a dask-local cluster (default: the CPUs this process may use). A task
    the cluster loses (its worker died three times) comes back as `failed(job, reason)`.
    """
    check_store(executor, store)
    if not is_url(store):  # the workers' working folder is not ours
        store = Path(os.path.abspath(store))
    here = os.getcwd()
    dask = _distributed(executor)
    cluster = _local_cluster(dask, workers) if executor.kind == "dask-local" else None
    try:
        target = cluster if cluster is not None else executor.address
        client = dask.Client(target, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise PipelineError(f"--executor: cannot reach the Dask scheduler ({exc})") from exc
    try:
        futures = {
            client.submit(_task, job, here, work, failed, warm_up, limits, store, pure=False): job
            for job in jobs
        }
        for fut in dask.as_completed(futures):
            job = futures.pop(fut)
            yield _collect(fut, job, failed, store)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(
    fut: Any, job: Job, failed: Callable[[Job, str], Extraction], store: Store
) -> Extraction:
    """The artefact a finished task wrote, or a failed record if the cluster lost it."""
    try:
        sha, records = fut.result()
    except Exception as exc:  # KilledWorker, a cancelled task: this paper only
        ex = failed(job, f"the extraction failed on the cluster ({type(exc).__name__}: {exc})")
        write_extraction(store, ex)
        return ex
    for record in records:
        logging.getLogger(record.name).handle(record)
    art = artefact_path(store, sha)
    try:
        return read_extraction(art)
    except FileNotFoundError as exc:
        raise PipelineError(
            f"{art}: a worker wrote this artefact where this machine cannot read it; give "
            "--extracted a store both share (a shared folder, or a URL such as s3://...)"
        ) from exc


def _distributed(executor: Executor) -> Any:
    """The distributed package (untyped, hence Any), or a PipelineError saying what to install."""
    try:
        import distributed
    except ImportError as exc:
        raise PipelineError(
            f"--executor {executor.kind} needs Dask: pip install 'budget-papers[cluster]'"
        ) from exc
    return distributed


def _local_cluster(dask: Any, workers: int | None) -> Any:
    """A Dask cluster on this machine for one run: a process per CPU, a thread each.

    The nanny's memory limit is off: each paper's own budget (--max-memory) governs, and a
    worker paused or restarted for its children's memory would stall the batch instead.
    """
    return dask.LocalCluster(
        n_workers=max(1, workers or available_cpus()),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        memory_limit=0,
        silence_logs=logging.ERROR,
    )


_warm = False


def _task(
    job: Job,
    cwd: str,
    work: Callable[..., Extraction],
    failed: Callable[[Job, str], Extraction],
    warm_up: Callable[[], None],
    limits: Limits,
    store: Store,
) -> tuple[str, list[logging.LogRecord]]:
    """On a worker: one paper extracted in a child within its budget, its artefact written.

    The worker warms the extraction stack once, so each forked child starts with it built,
    as the local pool's children do. A relative path is read from the client's working
    folder `cwd` and keeps its name as given, as in a local ingest.
    """
    global _warm
    if not _warm:
        warm_up()
        _warm = True
    records: list[logging.LogRecord] = []
    here = (os.path.join(cwd, job[0]), *job[1:])
    if not Path(here[0]).is_file():
        why = (
            f"this Dask worker cannot see {here[0]}: papers must be on a filesystem every "
            "worker mounts at the same path as the machine running the ingest"
        )
        ex = failed(job, why)
    else:
        (ex,) = run_jobs([here], work, failed, workers=1, limits=limits, log=records.append)
        ex.document.source_file = str(job[0])
    write_extraction(store, ex)
    return ex.document.sha256, records
