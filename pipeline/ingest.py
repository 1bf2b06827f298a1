"""Batches of papers into the warehouse: hash, extract (or reuse), store, load.

Each paper is keyed by the SHA-256 of its bytes: an unchanged paper is skipped,
a second copy under another name is recorded as a duplicate, and a paper that
cannot be read gets a 'failed' row with a reason while the batch goes on.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import rowcache
from pipeline.attribution import attribute_by_folder
from pipeline.batch import ManifestEntry, Outcome, Report, discover, read_manifest
from pipeline.cluster import Executor, check_store, parse_executor, run_on_dask
from pipeline.errors import PaperError
from pipeline.extract import GENERATOR, extract_file, extract_pages, sha256_file
from pipeline.load import (
    Prepared,
    Spooled,
    connect,
    document_id,
    kept_document_row,
    known,
    load_fresh,
    record_duplicate,
    record_unreadable,
)
from pipeline.loading import known_all
from pipeline.loading import load_due as _load_due
from pipeline.loading import load_group as _load_group
from pipeline.loading import load_ready as _load_ready
from pipeline.loading import same_file as _same_file
from pipeline.lock import writer_lock
from pipeline.models import DocumentInfo, Extraction
from pipeline.overrides import check_authority, check_year
from pipeline.parse import check_regular, load_pdf_readers, read_text_paper
from pipeline.research import ResearchViews
from pipeline.research.views import refresh_categories
from pipeline.rowcache import KeptRows
from pipeline.store import (
    Store,
    artefact_exists,
    artefact_path,
    list_artefacts,
    local,
    read_extraction,
    write_extraction,
)
from pipeline.workers import Limits, available_cpus, run_jobs

#: Artefacts loaded a statement by `rebuild`: bulk enough to be nearly free, small enough
#: that a rebuild of tens of thousands of papers never holds them all in memory.
REBUILD_BATCH = 200

#: The views installed beside the warehouse's own, so any DuckDB client sees them (only
#: when something they depend on changed: `pipeline.schema.installed_current`).
VIEWS = (ResearchViews(),)


def _extract_one(
    path: str,
    sha: str,
    authority: str | None,
    year: int | None,
    url: str | None,
    max_pages: int | None = None,
) -> Extraction:
    """Extraction, or a failed record with a reason; never raises for a bad paper."""
    try:
        return extract_file(
            Path(path),
            authority=authority,
            year=year,
            source_url=url,
            sha256=sha,
            max_pages=max_pages,
        )
    except PaperError as exc:
        reason = exc.reason
    except Exception as exc:  # a bug must not stop the batch; report it plainly
        reason = f"internal error while extracting ({type(exc).__name__}: {exc}); please report"
    return _failed((path, sha, authority, year, url), reason)


@dataclass(frozen=True)
class _Ready:
    """A paper a forked worker extracted, whose artefact it wrote and whose rows it spooled:
    all the ingesting process needs to load it. The paper's records (most of a long
    paper's memory) never reach the ingesting process, so its memory does not grow
    with the papers' length."""

    document: DocumentInfo
    outcome: Outcome
    spooled: Spooled
    #: the digest of the artefact this extraction wrote over, if its rows may be kept
    stale: str | None = None


def _extract_spooled(folder: str, store: Store, *job: Any) -> Extraction | _Ready:
    """In a worker: extract a paper, write its artefact and spool its rows into `folder`,
    keeping a copy of them beside the artefact for a rebuild (`pipeline.rowcache`).

    A store that is not a folder here (a URL: ``memory://`` lives in one process) is
    written by the ingesting process, which then gets the extraction itself."""
    ex = _extract_one(*job)
    where = local(store)
    if where is None:
        return ex
    art = where / f"{ex.document.sha256}.json"
    before = rowcache.digest_if_any(art)  # an earlier extraction's, whose rows are to go
    write_extraction(store, ex)
    ready = Prepared(ex, folder=folder)
    done = _outcome(ex, ready.doc_id)
    spooled = ready.detach()
    row, stamp_at = kept_document_row(ready.doc_id, ex)
    now = rowcache.keep(where, art, spooled.folder, ready.doc_id, row, stamp_at)
    return _Ready(ex.document, done, spooled, before if before != now else None)


def _failed_spooled(job: tuple[Any, ...], reason: str) -> Extraction:
    """A worker that died or ran over its budget: its spool goes, the paper is failed."""
    shutil.rmtree(job[0], ignore_errors=True)
    return _failed(job[2:], reason)


def _failed(job: tuple[Any, ...], reason: str) -> Extraction:
    path, sha, _, _, url = job[:5]
    doc = DocumentInfo(sha256=sha, source_file=path, pages=0, status="failed", error=reason)
    doc.source_url = url
    return Extraction(document=doc, generator=GENERATOR)


@dataclass
class _Plan:
    """What an ingest must do, decided in one short look at the warehouse."""

    todo: list[tuple[Path, str, ManifestEntry]] = field(default_factory=list)
    done: list[Outcome] = field(default_factory=list)
    dupes: list[tuple[Path, str, str]] = field(default_factory=list)


def ingest(
    paths: Sequence[Path],
    *,
    warehouse: Path,
    extracted: Store,
    force: bool = False,
    authority: str | None = None,
    year: int | None = None,
    manifest: dict[str, ManifestEntry] | None = None,
    jobs: int | None = None,
    wait: float = 60.0,
    progress: Callable[[Outcome], None] | None = None,
    limits: Limits | dict[str, Any] | None = None,
    executor: Executor | str | None = None,
) -> Report:
    """Ingest papers; returns what happened to each. Bad papers never stop the batch.

    `extracted` is a folder or an fsspec URL. `executor` says where papers are extracted:
    by default a pool of `jobs` forked processes (one per CPU this process may use);
    "dask-local" or "dask://HOST:PORT" sends them to Dask workers (pipeline.cluster),
    which write the artefacts to `extracted`, and this process still does every load.

    Overrides (`authority`, `year`) are checked first: one that names no council
    or no fiscal year is a PipelineError before any paper is read. The warehouse is
    written only in short sessions (a look at what is known, then
    one transaction per paper), each under the writer lock; papers are extracted in
    between with no lock held, so queries and other commands get in between loads.
    """
    started = time.monotonic()
    if authority is not None:
        authority = check_authority(authority)
    if year is not None:
        year = check_year(year)
    where = executor if isinstance(executor, Executor) else parse_executor(executor)
    check_store(where, extracted)
    report = Report()

    def emit(out: Outcome) -> None:
        report.outcomes.append(out)
        if progress:
            progress(out)

    files = discover(paths)
    hashed = _hash(files, manifest or {}, authority, year)
    with connect(warehouse, wait=wait, views=VIEWS) as con:
        plan = _plan(con, hashed, force)
    for out in plan.done:
        emit(out)
    run = _Run(warehouse, wait, extracted, force, jobs, Limits.resolve(limits), where)
    for out in run(plan.todo):
        emit(out)
    with connect(warehouse, wait=wait, schema=False) as con:
        folder = local(extracted)
        if folder is not None:  # under the writer lock, which a rebuild holds throughout
            rowcache.prune(folder, run.stale)
        for f, sha, first in plan.dupes:
            doc_id = record_duplicate(con, str(f), sha, first)
            emit(Outcome(str(f), "duplicate", doc_id, error=f"same content as {first}"))
        report.by_folder = attribute_by_folder(con)
        if any(o.status in ("loaded", "partial") for o in report.outcomes):
            refresh_categories(con)  # the research views' lookups, for the labels just loaded
    report.seconds = time.monotonic() - started
    return report


def _hash(
    files: Sequence[Path],
    manifest: dict[str, ManifestEntry],
    authority: str | None,
    year: int | None,
) -> list[tuple[Path, str | None, str, ManifestEntry]]:
    """(file, sha256 or None, reason it cannot be read, overrides) for each file, no lock held."""
    out: list[tuple[Path, str | None, str, ManifestEntry]] = []
    for f in files:
        entry = manifest.get(f.name, ManifestEntry())
        entry = ManifestEntry(
            authority=authority or entry.authority,
            year=year if year is not None else entry.year,
            source_url=entry.source_url,
        )
        try:
            check_regular(f)  # a pipe or /dev/zero would never finish hashing
            out.append((f, sha256_file(f), "", entry))
        except PaperError as exc:
            out.append((f, None, exc.reason, entry))
        except OSError as exc:
            out.append((f, None, f"cannot be read ({exc.strerror or exc})", entry))
    return out


def _plan(
    con: Any, hashed: Sequence[tuple[Path, str | None, str, ManifestEntry]], force: bool
) -> _Plan:
    plan = _Plan()
    batch_first: dict[str, str] = {}
    unchanged: list[tuple[str, str]] = []
    # the rows recorded below are duplicates or unreadable files, which `known` never gives
    loaded = known_all(con, [sha for _, sha, _, _ in hashed if sha is not None])
    for f, sha, reason, entry in hashed:
        if sha is None:
            plan.done.append(
                Outcome(str(f), "failed", record_unreadable(con, str(f), reason), error=reason)
            )
            continue
        if sha in batch_first:
            plan.dupes.append((f, sha, batch_first[sha]))
            continue
        prior = loaded[sha] if sha in loaded else known(con, sha)
        if prior is not None and not _same_file(prior[1], f):
            doc_id = record_duplicate(con, str(f), sha, prior[1])
            plan.done.append(
                Outcome(str(f), "duplicate", doc_id, error=f"same content as {prior[1]}")
            )
            continue
        batch_first[sha] = str(f)
        # a paper that failed is tried again: it may have failed a budget (--timeout,
        # --max-memory, --max-pages) now raised, or a file now readable; failing is quick
        if (
            prior is not None
            and prior[2] != "failed"
            and not force
            and not _overrides_change(con, prior[0], entry)
        ):
            unchanged.append((str(f), prior[0]))
            continue
        plan.todo.append((f, sha, entry))
    plan.done.extend(_summaries(con, unchanged, "unchanged"))
    return plan


def _overrides_change(con: object, doc_id: str, entry: ManifestEntry) -> bool:
    if entry.authority is None and entry.year is None:
        return False
    row = con.execute(  # type: ignore[attr-defined]
        "select authority, authority_code, first_fy from _documents where document_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        return True
    if entry.year is not None and row[2] != entry.year:
        return True
    return entry.authority is not None and entry.authority not in (row[0], row[1])


@dataclass(frozen=True)
class _Run:
    """How the papers to do are extracted and loaded."""

    warehouse: Path
    wait: float
    extracted: Store
    force: bool
    jobs: int | None
    limits: Limits
    executor: Executor
    #: digests of artefacts written over by this run, whose kept rows are to go
    stale: set[str] = field(default_factory=set)

    def __call__(self, todo: Sequence[tuple[Path, str, ManifestEntry]]) -> Iterator[Outcome]:
        """Load what has a current artefact, extract the rest, load each as it comes.

        Each load is its own short session under the writer lock; the lock is never held
        while a worker is started or while waiting for one.
        """
        cached: list[Extraction] = []
        fresh: list[tuple[Any, ...]] = []
        for f, sha, entry in todo:
            ex = None if self.force else _cached(self.extracted, sha)
            if ex is not None and entry.authority is None and entry.year is None:
                ex.document.source_file = str(f)
                cached.append(ex)
            else:
                url, pages = entry.source_url, self.limits.max_pages
                fresh.append((str(f), sha, entry.authority, entry.year, url, pages))
        if cached:
            with connect(self.warehouse, wait=self.wait, schema=False) as con:
                reloaded = [_load(con, ex) for ex in cached]
            yield from reloaded
        if not fresh:
            return
        waiting: list[tuple[Prepared, str, Outcome]] = []
        since = 0.0  # when the first paper now waiting was ready to load
        # the spools live until the last group is loaded, after the workers are done
        with (
            tempfile.TemporaryDirectory(prefix="budget-papers-spool-") as root,
            ExitStack() as spools,
        ):
            extracted = self._extract(fresh, root)
            for got, more in self._in_order(extracted, [job[1] for job in fresh]):
                if isinstance(got, _Ready):  # a worker wrote the artefact, spooled the rows
                    ready, sha = Prepared.adopt(got.spooled), got.document.sha256
                    done = got.outcome
                    if got.stale is not None:
                        self.stale.add(got.stale)
                else:
                    # rows spooled (and counted), then the records let go, so a long
                    # paper's records and DuckDB's copy of its rows are never held at once
                    ready = Prepared(got)
                    sha, done = got.document.sha256, _outcome(got, ready.doc_id)
                    _let_go(got)
                if not waiting:
                    since = time.monotonic()
                waiting.append((spools.enter_context(ready), sha, done))
                if more or not _load_due(waiting, since):
                    continue
                yield from self._load_waiting(waiting, spools)
            if waiting:  # the last papers, whose group was not yet due
                yield from self._load_waiting(waiting, spools)

    def _load_waiting(
        self, waiting: list[tuple[Prepared, str, Outcome]], spools: ExitStack
    ) -> list[Outcome]:
        """Load the papers waiting, in one session and one transaction (`_load_group`):
        opening and closing the warehouse and refreshing the derived tables cost more
        than a short paper's rows."""
        try:
            with connect(self.warehouse, wait=self.wait, schema=False) as con:
                return _load_group(con, waiting)
        finally:
            spools.close()
            waiting.clear()

    def _in_order(
        self, done: Iterable[Extraction | _Ready], order: Sequence[str]
    ) -> Iterator[tuple[Extraction | _Ready, bool]]:
        """Extractions in the order the papers were given, whichever worker finished first,
        each with whether the next one is already here (then no worker is waited for
        before it comes, so the caller may keep the warehouse open for it).

        The load order is data: where two papers of a council give the same year and measure,
        the research views take the one loaded later, so the same papers must load in the same
        order on any executor and any run. One that finishes before its turn waits as its
        artefact (already written), not in memory, and is read back when its turn comes;
        one a worker spooled waits as its spool (only a note of it is kept).
        """
        early: dict[str, _Ready | None] = {}
        turn = 0

        def next_is_here() -> bool:
            return turn < len(order) and order[turn] in early

        for ex in done:
            if ex.document.sha256 != order[turn]:
                early[ex.document.sha256] = ex if isinstance(ex, _Ready) else None
                continue
            turn += 1
            yield ex, next_is_here()
            while next_is_here():
                kept = early.pop(order[turn])
                turn += 1
                yield (
                    kept or read_extraction(artefact_path(self.extracted, order[turn - 1])),
                    next_is_here(),
                )
        for sha in order[turn:]:  # each job yields once, so none is left; never drop one
            if sha in early:
                yield read_extraction(artefact_path(self.extracted, sha)), False

    def _extract(
        self, fresh: Sequence[tuple[Any, ...]], spools: str
    ) -> Iterator[Extraction | _Ready]:
        """Each paper's extraction, its artefact already written (a rebuild never misses a
        loaded paper): here by forked workers, or on Dask workers that write it themselves."""
        if self.executor.distributed:
            yield from run_on_dask(
                self.executor,
                fresh,
                _extract_one,
                _failed,
                store=self.extracted,
                limits=self.limits,
                warm_up=_warm_up,
                workers=self.jobs,
            )
            return
        _warm_up()  # once here, not once per forked worker
        workers = self.jobs if self.jobs is not None else available_cpus()
        jobs = [(os.path.join(spools, str(n)), self.extracted, *j) for n, j in enumerate(fresh)]
        for got in run_jobs(
            jobs, _extract_spooled, _failed_spooled, workers=workers, limits=self.limits
        ):
            if isinstance(got, Extraction):  # failed in the worker's stead, or a URL store
                write_extraction(self.extracted, got)
            yield got


#: A paper of a few lines, extracted once before the workers are forked.
_WARM_UP = (
    "Leeds City Council adult social care savings 2017/18\n\n"
    "The council will save £1.5m with NHS Leeds Clinical Commissioning Group.\n\n"
    "Scheme\tSaving 2017/18\tRAG\n\t£000\t\nHomecare\t1,000\tGreen\nTotal\t1,000\t\n"
)


def _warm_up() -> None:
    """Extract a tiny paper in the parent, so every forked worker starts with the tagging
    pipeline, pattern files and caches already built (about 0.15 s a paper otherwise),
    and the PDF readers imported (`load_pdf_readers`: another 0.08 s a paper)."""
    load_pdf_readers()
    with tempfile.TemporaryDirectory(prefix="budget-papers-") as tmp:
        paper = Path(tmp) / "warm-up.txt"
        paper.write_text(_WARM_UP, encoding="utf-8")
        extract_pages(read_text_paper(paper).pages, source_file=str(paper), sha256="0" * 64)


def _cached(extracted: Store, sha: str) -> Extraction | None:
    if not artefact_exists(extracted, sha):
        return None
    art = artefact_path(extracted, sha)
    try:
        ex = read_extraction(art)
    except Exception:
        return None  # an unreadable artefact is re-made, not trusted
    return ex if ex.generator == GENERATOR and ex.document.status != "failed" else None


def _load(con: Any, ex: Extraction) -> Outcome:
    with Prepared(ex) as ready:
        return _load_ready(con, ready, ex.document.sha256, _outcome(ex, ready.doc_id))


def _outcome(ex: Extraction, doc_id: str) -> Outcome:
    status = {"failed": "failed", "partial": "partial"}.get(ex.document.status, "loaded")
    kinds = {t.table_index: t.kind for t in ex.tables}
    return Outcome(
        path=ex.document.source_file,
        status=status,
        document_id=doc_id,
        figures=len(ex.figures),
        tables=len(ex.tables),
        mentions=len(ex.mentions),
        checks_failed=sum(1 for c in ex.checks if c.ok is False),
        error=ex.document.error,
        authority=ex.document.authority,
        review=sum(1 for t in ex.tables if t.needs_review),
        no_unit=sum(
            1
            for f in ex.figures
            if f.amount_gbp is None and kinds.get(f.table_index, "money") == "money"
        ),
        warnings=list(ex.document.warnings),
    )


def _let_go(ex: Extraction) -> None:
    """Empty an extraction whose artefact is written and whose rows are spooled: the
    ingest owns it, and the per-row records are most of a long paper's memory."""
    ex.blocks, ex.figures, ex.checks, ex.mentions, ex.claims = [], [], [], [], []


def _summaries(con: Any, papers: Sequence[tuple[str, str]], status: str) -> list[Outcome]:
    """An outcome for each (path, document_id) already loaded, from what the warehouse holds.

    One grouped query for all of them, not seven per paper: a re-ingest of an unchanged
    folder is mostly this.
    """
    if not papers:
        return []
    ids = sorted({doc_id for _, doc_id in papers})
    rows = con.execute(
        """
        with ids as (select unnest(?::varchar[]) as document_id),
        f as (select document_id, count(*) as figures from _figures
              where document_id in (from ids) group by all),
        u as (select document_id, count(*) as no_unit
              from _figures f join _tables t using (document_id, table_index)
              where document_id in (from ids) and f.amount_gbp is null
                and coalesce(t.kind, 'money') = 'money' group by all),
        t as (select document_id, count(*) as tables,
                     count(*) filter (where coalesce(len(review), 0) > 0) as review
              from _tables where document_id in (from ids) group by all),
        m as (select document_id, count(*) as mentions from _mentions
              where document_id in (from ids) group by all),
        c as (select document_id, count(*) filter (where not ok) as bad from _checks
              where document_id in (from ids) group by all)
        select d.document_id, coalesce(f.figures, 0), coalesce(t.tables, 0),
               coalesce(m.mentions, 0), coalesce(c.bad, 0), d.error, d.authority,
               coalesce(t.review, 0), coalesce(u.no_unit, 0)
        from _documents d
        left join f using (document_id) left join u using (document_id)
        left join t using (document_id) left join m using (document_id)
        left join c using (document_id)
        where d.document_id in (from ids)
        """,
        [ids],
    ).fetchall()
    by_id = {str(r[0]): r[1:] for r in rows}
    out = []
    for path, doc_id in papers:
        figs, tabs, ments, bad, err, auth, review, no_unit = by_id[doc_id]
        out.append(
            Outcome(path, status, doc_id, figs, tabs, ments, bad, err, auth, review, no_unit)
        )
    return out


def rebuild(extracted: Store, warehouse: Path, *, wait: float = 60.0) -> int:
    """A fresh warehouse from the stored artefacts alone; returns the papers loaded.

    The writer lock is held from listing the artefacts to the swap: an ingest loads a
    paper only after writing its artefact and under the same lock, so every paper
    loaded before the rebuild is in it, and every later load goes into the new file.
    """
    with writer_lock(warehouse, wait):
        arts = list_artefacts(extracted)
        tmp = warehouse.with_name(warehouse.name + ".rebuild")
        tmp.unlink(missing_ok=True)
        n = 0
        with connect(tmp, wait=wait, views=VIEWS) as con:
            # in bulk, a few hundred papers a statement: a fresh file has nothing to replace
            for start in range(0, len(arts), REBUILD_BATCH):
                n += load_fresh(con, _papers(extracted, arts[start : start + REBUILD_BATCH]))
            attribute_by_folder(con)
            refresh_categories(con)
        if warehouse.exists():
            with connect(warehouse, wait=wait, schema=False):
                pass  # waits for readers, and folds any write-ahead log into the old file
        os.replace(tmp, warehouse)
    return n


def _papers(extracted: Store, arts: Sequence[Path | str]) -> Iterator[Extraction | KeptRows]:
    """Each artefact's paper for a rebuild: the rows kept from its extraction when they are
    this artefact's and this version's (`pipeline.rowcache.kept`), else read from it."""
    folder = local(extracted)
    for art in arts:
        rows = rowcache.kept(folder, Path(art)) if folder is not None else None
        yield rows if rows is not None else read_extraction(art)


__all__ = [
    "Executor",
    "Limits",
    "ManifestEntry",
    "Outcome",
    "Report",
    "discover",
    "document_id",
    "ingest",
    "read_manifest",
    "rebuild",
]
