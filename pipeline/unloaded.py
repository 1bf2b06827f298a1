"""Rows of ``_documents`` for files that are not loaded: a second copy of a loaded
paper, and a file that could not even be read. Each is one short transaction of its
own; nothing else of the warehouse changes. (Kept apart from `pipeline.load`, which
re-exports them, so that module stays within the project's module size.)
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any


def record_duplicate(con: Any, source_file: str, sha256: str, first: str) -> str:
    """A second copy of a loaded paper under another name: noted, not loaded again."""
    doc_id = hashlib.sha256(f"{sha256}:{source_file}".encode()).hexdigest()[:16]
    why = f"same content as {first}; not loaded twice"
    con.execute("begin")
    con.execute("delete from _documents where document_id = ?", [doc_id])
    con.execute(
        "insert into _documents (document_id, source_file, sha256, status, error, ingested_at,"
        " duplicate_of, pages) select ?, ?, ?, 'duplicate', ?, ?, document_id, pages"
        " from _documents where sha256 = ? and duplicate_of is null",
        [doc_id, source_file, sha256, why, utc_now(), sha256],
    )
    con.execute("commit")
    return doc_id


def record_unreadable(con: Any, source_file: str, reason: str) -> str:
    """A file that could not even be hashed (no permission, a pipe, a device): a failed row.

    Its content is unknown, so the document_id comes from the path; the row goes when
    the file loads later.
    """
    doc_id = hashlib.sha256(f"unreadable:{source_file}".encode()).hexdigest()[:16]
    con.execute("begin")
    con.execute("delete from _documents where document_id = ?", [doc_id])
    con.execute(
        "insert into _documents (document_id, source_file, status, error, ingested_at, pages)"
        " values (?, ?, 'failed', ?, ?, 0)",
        [doc_id, source_file, reason, utc_now()],
    )
    con.execute("commit")
    return doc_id


def utc_now() -> datetime:
    """Now, in UTC, as the naive timestamp the warehouse stores."""
    return datetime.now(UTC).replace(tzinfo=None)
