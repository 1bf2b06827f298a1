"""What the real-paper tests share: scoring a warehouse with the shared scorer, and the
savings rows a truth file's non-money pages must not have. Kent's papers and the other
councils' are scored the same way, so a rule read off one set is tested on the other."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb


def shared_score(scorer: Path, warehouse: Path, truth_dir: Path) -> dict[str, float]:
    """The shared scorer's SCORE line for `warehouse` against `truth_dir`, as numbers."""
    out = subprocess.run(
        [sys.executable, str(scorer), str(warehouse), str(truth_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("SCORE"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def savings_on_non_money_pages(
    warehouse: Path, truths: Sequence[dict[str, Any]]
) -> list[tuple[str, int, int]]:
    """(paper, page, rows) for each page whose only tables the truth calls not money
    yet which has rows in `savings`: counts, ratios or indicators read as pounds."""
    con = duckdb.connect(str(warehouse), read_only=True)
    docs = {
        Path(f).name: d
        for d, f in con.execute("select document_id, source_file from documents").fetchall()
    }
    leaks: list[tuple[str, int, int]] = []
    for t in truths:
        tables: list[dict[str, Any]] = t.get("tables", [])
        money_pages = {tb["page"] for tb in tables if tb.get("money")}
        for page in {tb["page"] for tb in tables if tb.get("money") is False} - money_pages:
            n = con.execute(
                "select count(*) from savings where document_id = ? and page = ?",
                [docs[t["file"]], page],
            ).fetchone()
            if n and n[0]:
                leaks.append((t["file"], page, n[0]))
    return leaks
