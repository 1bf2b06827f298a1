"""Where a first ingest's CPU goes, stage by stage, and when each paper ran on which worker.

    .venv/bin/python benchmarks/stages.py cpu ../shared/real/kent       # CPU by stage, one process
    .venv/bin/python benchmarks/stages.py timeline ../shared/real/kent  # the 2-worker run
    .venv/bin/python benchmarks/stages.py rebuild tests/fixtures        # a rebuild's CPU by step

``cpu`` ingests the papers into a fresh warehouse and ``extracted/`` with every paper
extracted in this process (the worker pool replaced by a loop), and adds up the CPU time
(``time.process_time``: this process, DuckDB's threads included) spent in each stage's
function: parse, layout, tables, narrative, tagging (and each spaCy component), the
artefact, the spool and the load. Shares, not seconds, are what to compare: the
machine is shared.

``timeline`` runs the ingest as `pipeline ingest` does (``--jobs`` forked workers) and
prints when each paper's extraction ran, how long fewer than ``--jobs`` papers were being
extracted, the loads, and the largest papers.

``rebuild`` ingests the papers (untimed), then rebuilds a warehouse from their
``extracted/`` three times, alternately with the rows kept beside the artefacts
(`pipeline.rowcache`) and from the artefacts alone (``.rows`` moved aside), and prints
each run's CPU by step: the schema, reading artefacts, finding kept rows, spooling,
DuckDB's inserts, the derived tables, the rest (opening, closing, listing). Not a test.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline.bulk as bulk  # noqa: E402
import pipeline.extract as extract  # noqa: E402
import pipeline.ingest as ingest_module  # noqa: E402
import pipeline.load as load  # noqa: E402
import pipeline.parse as parse  # noqa: E402
import pipeline.rowcache as rowcache  # noqa: E402
import pipeline.tagging.core as tagging  # noqa: E402

SPENT: Counter[str] = Counter()
_STACK: list[str] = []


def _timed(owner: Any, name: str, label: str) -> None:
    """Replace `owner.name` by a wrapper adding its CPU time to SPENT[label]."""
    fn = getattr(owner, name)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        _STACK.append(label)
        try:
            return fn(*args, **kwargs)
        finally:
            _STACK.pop()
            SPENT[label] += time.process_time() - started

    setattr(owner, name, wrapper)


def _serial(jobs: Any, work: Callable[..., Any], failed: Any, **_: Any) -> Iterator[Any]:
    for job in jobs:
        yield work(*job)


def _time_spacy() -> None:
    nlp = tagging.build_nlp()
    for i, (name, component) in enumerate(nlp._components):

        def timed(doc: Any, component: Any = component, name: str = name) -> Any:
            started = time.process_time()
            out = component(doc)
            SPENT[f"  spaCy {name}"] += time.process_time() - started
            return out

        nlp._components[i] = (name, timed)
    tokenizer = nlp.tokenizer

    def tokenize(text: str) -> Any:
        started = time.process_time()
        doc = tokenizer(text)
        SPENT["  spaCy tokenizer"] += time.process_time() - started
        return doc

    nlp.tokenizer = tokenize


def cpu(paths: list[Path]) -> None:
    for owner, name, label in [
        (parse, "open_paper", "parse"),
        (extract, "page_lines", "layout: lines"),
        (extract, "running_lines", "layout: running heads"),
        (extract, "extract_tables", "tables"),
        (extract, "narrative_blocks", "narrative blocks"),
        (extract, "text_cell_blocks", "text cells"),
        (extract, "in_reading_order", "reading order"),
        (extract, "_set_authority", "authority"),
        (tagging, "tag_blocks", "tagging"),
        (extract, "link_mentions", "links"),
        (extract, "reconcile", "reconcile"),
        (ingest_module, "write_extraction", "artefact"),
        (load.Prepared, "__init__", "spool"),
        (ingest_module, "_load_group", "load (in a session)"),
        (load, "refresh_derived", "  load: derived tables"),
    ]:
        _timed(owner, name, label)
    ingest_module.run_jobs = _serial  # type: ignore[assignment]
    ingest_module._warm_up()
    _time_spacy()
    SPENT.clear()  # the warm-up (building the tagging pipeline) is not the papers' work
    with tempfile.TemporaryDirectory(prefix="stages-") as tmp:
        started, wall = time.process_time(), time.perf_counter()
        ingest_module.ingest(paths, warehouse=Path(tmp) / "w.duckdb", extracted=Path(tmp) / "ex")
        total = time.process_time() - started
    print(f"CPU {total:.1f} s (wall {time.perf_counter() - wall:.1f} s), by stage:")
    # what no stage above holds: opening and closing the warehouse, planning, the batch's end
    SPENT["other (warehouse sessions, planning)"] = total - sum(
        s for label, s in SPENT.items() if not label.startswith(" ")
    )
    for label, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:8.2f} s {100 * seconds / total:5.1f}%  {label}")


def timeline(paths: list[Path], jobs: int) -> None:
    log = Path(tempfile.mkdtemp(prefix="stages-")) / "timeline.jsonl"
    t0 = time.time()
    extract_spooled, load_group = ingest_module._extract_spooled, ingest_module._load_group

    def note(kind: str, started: float, what: str, cpu: float = 0.0) -> None:
        with log.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps([kind, os.getpid(), started - t0, time.time() - t0, cpu, what]))
            fh.write("\n")

    def extracted(folder: str, store: Any, *job: Any) -> Any:
        started, cpu0 = time.time(), time.process_time()
        got = extract_spooled(folder, store, *job)
        note("extract", started, str(job[0]), time.process_time() - cpu0)
        return got

    def loaded(con: Any, waiting: Any) -> Any:
        started = time.time()
        got = load_group(con, waiting)
        note("load", started, " + ".join(done.path for _, _, done in waiting))
        return got

    ingest_module._extract_spooled = extracted  # type: ignore[assignment]
    ingest_module._load_group = loaded
    ingest_module._warm_up()
    with tempfile.TemporaryDirectory(prefix="stages-") as tmp:
        started = time.time()
        ingest_module.ingest(
            paths, warehouse=Path(tmp) / "w.duckdb", extracted=Path(tmp) / "ex", jobs=jobs
        )
        note("ingest", started, "")
    _report(log, jobs)


def rebuild(paths: list[Path]) -> None:
    with tempfile.TemporaryDirectory(prefix="stages-") as tmp:
        ex = Path(tmp) / "ex"
        ingest_module.ingest(paths, warehouse=Path(tmp) / "w.duckdb", extracted=ex)
        for owner, name, label in [
            (load, "ensure_schema", "schema"),
            (ingest_module, "read_extraction", "reading artefacts"),
            (rowcache, "kept", "finding kept rows"),
            (bulk.Spool, "write", "spooling rows"),
            (bulk.Spool, "absorb", "spooling kept rows"),
            (bulk, "insert_spools", "DuckDB inserts"),
            (load, "refresh_derived", "derived tables"),
            (ingest_module, "refresh_categories", "label categories"),
        ]:
            _timed(owner, name, label)
        ingest_module.rebuild(ex, Path(tmp) / "warm.duckdb")  # imports, caches
        runs: dict[str, list[Counter[str]]] = {"kept rows": [], "artefacts alone": []}
        for n in range(3):
            for kind in runs:
                if kind == "artefacts alone":
                    (ex / rowcache.ROWS).rename(Path(tmp) / "rows")
                SPENT.clear()
                started = time.process_time()
                ingest_module.rebuild(ex, Path(tmp) / f"r{n}-{len(kind)}.duckdb")
                whole = time.process_time() - started
                SPENT["rest: open, close, list"] = whole - sum(SPENT.values())
                SPENT["whole rebuild"] = whole
                runs[kind].append(Counter(SPENT))
                if kind == "artefacts alone":
                    (Path(tmp) / "rows").rename(ex / rowcache.ROWS)
    labels = sorted({label for got in runs.values() for c in got for label in c})
    print(f"CPU s of a rebuild by step, three runs each: {', '.join(runs)}")
    for label in sorted(labels, key=lambda lb: -runs["artefacts alone"][0][lb]):
        cells = [" ".join(f"{c[label]:5.2f}" for c in got) for got in runs.values()]
        print(f"  {label:24s} {'   |  '.join(cells)}")


def _report(log: Path, jobs: int) -> None:
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    xs = [r for r in rows if r[0] == "extract"]
    loads = [r for r in rows if r[0] == "load"]
    (whole,) = [r for r in rows if r[0] == "ingest"]
    print(f"ingest: {whole[3] - whole[2]:.1f} s wall")
    print(
        f"extractions: {len(xs)}, {sum(r[3] - r[2] for r in xs):.1f} s of wall in workers,"
        f" {sum(r[4] for r in xs):.1f} s of CPU; first began {min(r[2] for r in xs) - whole[2]:.1f}"
        f" s in, last ended {whole[3] - max(r[3] for r in xs):.1f} s before the end"
    )
    print(
        f"loads (groups of papers): {len(loads)}, {sum(r[3] - r[2] for r in loads):.1f} s of wall"
    )
    events = sorted([(r[2], 1) for r in xs] + [(r[3], -1) for r in xs])
    busy, last, short = 0, events[0][0], 0.0
    for at, step in events:
        if busy < jobs:
            short += at - last
        busy, last = busy + step, at
    print(f"fewer than {jobs} papers being extracted for {short:.1f} s")
    for r in sorted(xs, key=lambda r: r[3] - r[2], reverse=True)[:5]:
        print(f"  {r[2]:7.1f} - {r[3]:7.1f} s  cpu {r[4]:5.1f} s  {r[5]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["cpu", "timeline", "rebuild"])
    ap.add_argument("papers", nargs="+", type=Path, help="folders or papers")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    paths = ingest_module.discover(args.papers)
    if args.what == "cpu":
        cpu(paths)
    elif args.what == "rebuild":
        rebuild(paths)
    else:
        timeline(paths, args.jobs)


if __name__ == "__main__":
    main()
