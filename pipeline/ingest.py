"""Batches of papers into the warehouse: hash, extract (or reuse), store, load.

Each paper is keyed by the SHA-256 of its bytes: an unchanged paper is skipped,
a second copy under another name is recorded as a duplicate, and a paper that
cannot be read gets a 'failed' row with a reason while the batch goes on.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PaperError, PipelineError
from pipeline.extract import GENERATOR, extract_file, sha256_file
from pipeline.load import (
    connect,
    document_id,
    known,
    load_extraction,
    record_duplicate,
    record_unreadable,
)
from pipeline.models import DocumentInfo, Extraction
from pipeline.overrides import check_authority, check_year
from pipeline.parse import check_regular
from pipeline.research import install as install_research_views
from pipeline.store import artefact_path, read_extraction, write_extraction

SUFFIXES = {".pdf", ".txt"}

#: The views installed beside the warehouse's own, so any DuckDB client sees them.
VIEWS = (install_research_views,)


@dataclass(frozen=True)
class ManifestEntry:
    """What a manifest row says of one file: overrides for what the paper itself says."""

    authority: str | None = None
    year: int | None = None
    source_url: str | None = None


@dataclass
class Outcome:
    """What happened to one paper in a batch."""

    path: str
    status: str  # loaded, partial (loaded with losses: see warnings), unchanged, duplicate, failed
    document_id: str | None = None
    figures: int = 0
    tables: int = 0
    mentions: int = 0
    checks_failed: int = 0
    error: str | None = None
    authority: str | None = None
    #: tables flagged for a person to look at (no unit stated, totals not adding up)
    review: int = 0
    #: money figures with no unit stated anywhere (stored without an amount)
    no_unit: int = 0
    #: what was lost or uncertain reading the paper
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def discover(paths: Iterable[Path]) -> list[Path]:
    """PDF and text papers named directly or found under folders, in a stable order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                sorted(
                    q
                    for q in p.rglob("*")
                    if q.is_file() and q.suffix.lower() in SUFFIXES and not q.name.startswith(".")
                )
            )
        elif p.exists():
            found.append(p)
        else:
            raise PipelineError(f"{p}: no such file or folder")
    seen: set[Path] = set()
    out = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """A CSV with columns file, authority, year, source_url (any may be blank)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read the manifest ({exc.strerror})") from exc
    out: dict[str, ManifestEntry] = {}
    for n, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            raise PipelineError(f"{path}:{n}: the 'file' column is empty")
        year_text = (row.get("year") or "").strip()
        year = check_year(year_text, where=f"{path}:{n}: year") if year_text else None
        authority = (row.get("authority") or "").strip() or None
        if authority is not None:
            authority = check_authority(authority, where=f"{path}:{n}: authority")
        out[Path(name).name] = ManifestEntry(
            authority=authority,
            year=year,
            source_url=(row.get("source_url") or "").strip() or None,
        )
    return out


def _extract_one(
    path: str, sha: str, authority: str | None, year: int | None, url: str | None
) -> Extraction:
    """Extraction, or a failed record with a reason; never raises for a bad paper."""
    try:
        return extract_file(Path(path), authority=authority, year=year, source_url=url, sha256=sha)
    except PaperError as exc:
        reason = exc.reason
    except Exception as exc:  # a bug must not stop the batch; report it plainly
        reason = f"internal error while extracting ({type(exc).__name__}: {exc}); please report"
    doc = DocumentInfo(sha256=sha, source_file=path, pages=0, status="failed", error=reason)
    doc.source_url = url
    return Extraction(document=doc, generator=GENERATOR)


def ingest(
    paths: Sequence[Path],
    *,
    warehouse: Path,
    extracted: Path,
    force: bool = False,
    authority: str | None = None,
    year: int | None = None,
    manifest: dict[str, ManifestEntry] | None = None,
    jobs: int | None = None,
    wait: float = 60.0,
    progress: Callable[[Outcome], None] | None = None,
) -> Report:
    """Ingest papers; returns what happened to each. Bad papers never stop the batch.

    Overrides (`authority`, `year`) are checked first: one that names no council
    or no fiscal year is a PipelineError before any paper is read.
    """
    started = time.monotonic()
    if authority is not None:
        authority = check_authority(authority)
    if year is not None:
        year = check_year(year)
    files = discover(paths)
    report = Report()
    manifest = manifest or {}
    with connect(warehouse, wait=wait, views=VIEWS) as con:
        todo: list[tuple[Path, str, ManifestEntry]] = []
        batch_first: dict[str, str] = {}
        dupes: list[tuple[Path, str]] = []

        def emit(out: Outcome) -> None:
            report.outcomes.append(out)
            if progress:
                progress(out)

        for f in files:
            entry = manifest.get(f.name, ManifestEntry())
            entry = ManifestEntry(
                authority=authority or entry.authority,
                year=year if year is not None else entry.year,
                source_url=entry.source_url,
            )
            try:
                check_regular(f)
                sha = sha256_file(f)
            except (PaperError, OSError) as exc:
                reason = (
                    exc.reason
                    if isinstance(exc, PaperError)
                    else f"cannot be read ({exc.strerror or exc})"
                )
                emit(
                    Outcome(str(f), "failed", record_unreadable(con, str(f), reason), error=reason)
                )
                continue
            if sha in batch_first:
                dupes.append((f, sha))
                continue
            prior = known(con, sha)
            if prior is not None and not _same_file(prior[1], f):
                doc_id = record_duplicate(con, str(f), sha, prior[1])
                emit(Outcome(str(f), "duplicate", doc_id, error=f"same content as {prior[1]}"))
                continue
            batch_first[sha] = str(f)
            if prior is not None and not force and not _overrides_change(con, prior[0], entry):
                out = _summary(con, str(f), prior[0], "unchanged")
                if prior[2] == "failed":
                    out.status = "failed"
                emit(out)
                continue
            todo.append((f, sha, entry))
        for out in _run(con, todo, extracted, force, jobs):
            emit(out)
        for f, sha in dupes:
            first = batch_first[sha]
            doc_id = record_duplicate(con, str(f), sha, first)
            emit(Outcome(str(f), "duplicate", doc_id, error=f"same content as {first}"))
    report.seconds = time.monotonic() - started
    return report


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


def _same_file(a: str, b: Path) -> bool:
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return a == str(b)


def _run(
    con: object,
    todo: Sequence[tuple[Path, str, ManifestEntry]],
    extracted: Path,
    force: bool,
    jobs: int | None,
) -> Iterable[Outcome]:
    """Extract what has no current artefact (in parallel when there is much), then load."""
    cached: list[Extraction] = []
    fresh: list[tuple[str, str, str | None, int | None, str | None]] = []
    for f, sha, entry in todo:
        ex = None if force else _cached(extracted, sha)
        if ex is not None and entry.authority is None and entry.year is None:
            ex.document.source_file = str(f)
            cached.append(ex)
        else:
            fresh.append((str(f), sha, entry.authority, entry.year, entry.source_url))
    for ex in cached:
        yield _load(con, ex)
    workers = jobs if jobs is not None else min(4, os.cpu_count() or 1)
    if workers > 1 and len(fresh) > 3:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for ex in pool.map(_extract_one, *zip(*fresh, strict=True)):
                write_extraction(extracted, ex)
                yield _load(con, ex)
    else:
        for args in fresh:
            ex = _extract_one(*args)
            write_extraction(extracted, ex)
            yield _load(con, ex)


def _cached(extracted: Path, sha: str) -> Extraction | None:
    art = artefact_path(extracted, sha)
    if not art.exists():
        return None
    try:
        ex = read_extraction(art)
    except Exception:
        return None  # an unreadable artefact is re-made, not trusted
    return ex if ex.generator == GENERATOR else None


def _load(con: object, ex: Extraction) -> Outcome:
    doc_id = load_extraction(con, ex)
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


def _summary(con: object, path: str, doc_id: str, status: str) -> Outcome:
    q = con.execute  # type: ignore[attr-defined]
    figs = q("select count(*) from _figures where document_id = ?", [doc_id]).fetchone()[0]
    tabs = q("select count(*) from _tables where document_id = ?", [doc_id]).fetchone()[0]
    ments = q("select count(*) from _mentions where document_id = ?", [doc_id]).fetchone()[0]
    bad = q("select count(*) from _checks where document_id = ? and not ok", [doc_id]).fetchone()[0]
    err, auth = q(
        "select error, authority from _documents where document_id = ?", [doc_id]
    ).fetchone()
    review = q(
        "select count(*) from _tables where document_id = ? and coalesce(len(review), 0) > 0",
        [doc_id],
    ).fetchone()[0]
    no_unit = q(
        "select count(*) from _figures f join _tables t using (document_id, table_index)"
        " where document_id = ? and f.amount_gbp is null and coalesce(t.kind, 'money') = 'money'",
        [doc_id],
    ).fetchone()[0]
    return Outcome(path, status, doc_id, figs, tabs, ments, bad, err, auth, review, no_unit)


def rebuild(extracted: Path, warehouse: Path, *, wait: float = 60.0) -> int:
    """A fresh warehouse from the stored artefacts alone; returns the papers loaded."""
    arts = sorted(extracted.glob("*.json"))
    tmp = warehouse.with_name(warehouse.name + ".rebuild")
    tmp.unlink(missing_ok=True)
    n = 0
    with connect(tmp, wait=wait, views=VIEWS) as con:
        for art in arts:
            load_extraction(con, read_extraction(art))
            n += 1
    with connect(warehouse, wait=wait):
        pass  # waits for any writer to finish before the swap
    os.replace(tmp, warehouse)
    return n


__all__ = ["ManifestEntry", "Outcome", "Report", "discover", "document_id", "ingest", "rebuild"]
