"""A paper's warehouse rows kept beside its artefact, so `pipeline rebuild` need not remake them.

A worker that extracts a paper spools its rows (`pipeline.bulk.Spool`) for the ingesting
process to load; those files are the very rows a rebuild would make from the artefact
(reading the JSON, building the records, then every row, then writing them out again:
most of a rebuild's time for short papers). The worker keeps a copy of them in
``extracted/.rows/<artefact digest>/`` (a copy, not a link: the ingesting process appends
the paper's document row to its spool), with a note of that row, less the load's time,
and of the code that made the rows.

A rebuild uses them only when they are certainly what it would make: the digest of the
artefact's bytes names the folder (an artefact written again gets another), and the note
must name this version's row-building code (`rows_mark`: the sources of the loader, the
spool, the records and the artefact reader), and the folder must hold exactly the files the
note lists, each of the size it gives. Anything else, and any folder it cannot read, and it
makes the rows from the artefact as before. The folder is hidden (a dot), so the artefact
store's listing never sees it; a folder appears whole or not at all (written under a
temporary name, then renamed). They cost the disk about what the artefacts do; deleting
``.rows`` loses nothing but the speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: Where the kept rows live, inside the artefact folder.
ROWS = ".rows"

#: The note in each kept folder.
NOTE = "note.json"

#: The modules whose code decides a paper's rows from its artefact.
_ROW_CODE = ("load.py", "bulk.py", "models.py", "store.py")


@cache
def rows_mark() -> str:
    """Changes with any code that turns an artefact into rows, and with the Python that
    writes them (its JSON encoder's text)."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    package = resources.files("pipeline")
    for name in _ROW_CODE:
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()


def artefact_digest(path: Path) -> str:
    """The SHA-256 of an artefact's bytes (not the paper's: the artefact made from it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def digest_if_any(path: Path) -> str | None:
    """`artefact_digest`, or None when there is no artefact there (or it cannot be read)."""
    try:
        return artefact_digest(path)
    except OSError:
        return None


@dataclass(frozen=True)
class KeptRows:
    """A paper's rows kept from its extraction: the folder of its base tables' spool files
    (all but ``_documents``), its document_id, and its document row without the load's
    time (``stamp_at`` says where that goes)."""

    folder: str
    doc_id: str
    document_row: list[Any]
    stamp_at: int


def keep(
    store: Path, artefact: Path, spool_folder: str, doc_id: str, row: list[Any], stamp_at: int
) -> str | None:
    """Keep a copy of a spool's files (closed, with no ``_documents`` rows) as the rows of this
    artefact; returns the artefact's digest. Never fails the paper: a store that cannot
    take them just has none (and None is returned)."""
    try:
        digest = artefact_digest(artefact)
        final = store / ROWS / digest
        if kept(store, artefact, digest) is not None:
            return digest  # the same artefact again: its rows are the same
        shutil.rmtree(final, ignore_errors=True)  # kept by another version's code
        (store / ROWS).mkdir(exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".tmp-", dir=store / ROWS)
        try:
            files = {}
            for name in sorted(os.listdir(spool_folder)):
                if name.startswith("_documents."):
                    continue  # stamped at each load: kept in the note instead
                shutil.copyfile(os.path.join(spool_folder, name), os.path.join(tmp, name))
                files[name] = os.path.getsize(os.path.join(tmp, name))
            note = {"rows": rows_mark(), "doc_id": doc_id, "row": row, "stamp_at": stamp_at}
            note["files"] = files
            with open(os.path.join(tmp, NOTE), "w", encoding="utf-8") as fh:
                json.dump(note, fh, ensure_ascii=False)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError:
        return None
    return digest


def kept(store: Path, artefact: Path, digest: str | None = None) -> KeptRows | None:
    """The rows kept for this artefact as it is now (`digest`, when known), made by this
    version's code; else None."""
    folder = store / ROWS / (digest or artefact_digest(artefact))
    try:
        with open(folder / NOTE, encoding="utf-8") as fh:
            note = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or note.get("rows") != rows_mark():
        return None
    row, doc_id, stamp_at = note.get("row"), note.get("doc_id"), note.get("stamp_at")
    if not isinstance(row, list) or not isinstance(doc_id, str) or not isinstance(stamp_at, int):
        return None
    if not _whole(folder, note.get("files")):
        return None
    return KeptRows(str(folder), doc_id, row, stamp_at)


def _whole(folder: Path, files: Any) -> bool:
    """Whether the folder holds exactly the files its note lists, each of its size: a file
    gone, cut short or added would load other rows than the artefact's, silently."""
    if not isinstance(files, dict):
        return False
    try:
        present = {name for name in os.listdir(folder) if name != NOTE}
        return present == set(files) and all(
            os.path.getsize(folder / name) == size for name, size in files.items()
        )
    except OSError:
        return False


def prune(store: Path, digests: set[str]) -> None:
    """Remove the rows kept for these artefacts, written over since by a new extraction of
    their papers. Only the disk gains: rows are found by the digest of the artefact as it
    is now, so those of an artefact no longer there are never read. Called under the
    warehouse's writer lock, which a rebuild holds throughout, so never under its feet."""
    for digest in digests:
        shutil.rmtree(store / ROWS / digest, ignore_errors=True)
