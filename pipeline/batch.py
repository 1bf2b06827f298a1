"""What a batch of papers is: the files found, the manifest's overrides, what came of each.

The plain records of `pipeline.ingest` (which re-exports them), kept apart so that the
ingest module holds only the work of a batch.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.overrides import check_authority, check_year

SUFFIXES = {".pdf", ".txt"}


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
    #: papers naming no council, attributed to the one their folder's other papers name
    by_folder: int = 0

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
