"""Real papers: accuracy on the annotated tables, and the health of a whole folder.

    .venv/bin/python benchmarks/real.py                # truth (tests/real) + health (all of kent)
    .venv/bin/python benchmarks/real.py --no-health    # only the annotated papers
    .venv/bin/python benchmarks/real.py --kent DIR --truth DIR --keep DIR
    .venv/bin/python benchmarks/real.py --truth tests/real_other \
        --papers tests/real_other/papers --no-health   # papers of other councils

Accuracy: every paper named by a truth file in ``tests/real`` is ingested into a
fresh warehouse and scored with the shared scorer (``../shared/tools/score.py``),
whose rules are the contract: row label as printed, amount to the penny, period
and RAG where the truth states them, precision on ``pages_scored`` only. Then a
per-table breakdown, so one large table cannot hide many small failures, and the
non-money tables of the truth: their pages must give no ``savings`` rows. Then the
column labels, which the scorer does not compare: each figure it finds, under the
column label the truth gives (units aside).

Health: the whole folder is ingested and the report counts what no truth file is
needed to see: money tables with a unit or flagged, money figures with a period
or a stated reason, checks passing (and every table with a failing check
flagged), over-long labels, figures from non-money tables in ``savings``, pages
per second.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest  # noqa: E402
from pipeline.load import connect  # noqa: E402
from tests.layouts.scoring import column_norm  # noqa: E402

# ../shared beside the repository; a worktree one folder deeper finds it beside its parent.
SHARED = next(
    (d / "shared" for d in ROOT.parents if (d / "shared" / "tools").is_dir()),
    ROOT.parent / "shared",
)


def _truths(truth_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(truth_dir.glob("*.truth.json"))]


def _ingest(paths: list[Path], warehouse: Path, extracted: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    report = ingest(paths, warehouse=warehouse, extracted=extracted, jobs=2, force=True)
    pages = 0
    with connect(warehouse, read_only=True) as con:
        pages = con.execute("select coalesce(sum(pages), 0) from documents").fetchone()[0]
    del report
    return time.perf_counter() - t0, int(pages)


def _norm(s: object) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", " ", str(s or "").lower()).strip()


def _paper_rows(
    con: Any, by_name: dict[str, Any], truths: list[dict[str, Any]], columns: str
) -> Iterator[tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    """Each truth file whose paper is in the warehouse, with that paper's savings rows."""
    for t in truths:
        doc = by_name.get(t["file"])
        if doc is not None:
            sql = f"select {columns} from savings where document_id = ?"
            yield t, con.execute(sql, [doc]).fetchall()


def per_table(warehouse: Path, truths: list[dict[str, Any]]) -> None:
    """Strict figures per annotated table (same matching as the shared scorer)."""
    sys.path.insert(0, str(SHARED / "tools"))
    from score import label_match  # type: ignore[import-not-found]

    with connect(warehouse, read_only=True) as con:
        docs = con.execute("select document_id, source_file from documents").fetchall()
        by_name = {Path(str(f)).name: d for d, f in docs}
        print("\nper table (strict figures found / truth figures):")
        worst: list[tuple[float, str]] = []
        cols = "page, row_label, amount_gbp, first_fy, last_fy, rag"
        for t, rows in _paper_rows(con, by_name, truths, cols):
            groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
            for f in t.get("savings", []):
                groups.setdefault((f["page"], f.get("table", 0)), []).append(f)
            for (page, table), figs in sorted(groups.items()):
                hit = 0
                for f in figs:
                    for p, lab, amt, a, b, rag in rows:
                        if p != page or amt is None or abs(float(amt) - f["amount_gbp"]) >= 0.5:
                            continue
                        if not label_match(lab, f["row_label"]):
                            continue
                        if f.get("first_fy") is not None and (a, b) != (
                            f["first_fy"],
                            f["last_fy"],
                        ):
                            continue
                        if f.get("rag") is not None and _norm(rag) != _norm(f["rag"]):
                            continue
                        hit += 1
                        break
                share = hit / len(figs)
                worst.append((share, f"{t['file'][:60]} p{page} t{table}: {hit}/{len(figs)}"))
        worst.sort()
        for share, line in worst:
            print(f"  {share:6.3f}  {line}")
        ok = sum(1 for s, _ in worst if s >= 0.99)
        print(f"tables at >= 0.99: {ok}/{len(worst)}")
        nonmoney = 0
        leaks = 0
        for t in truths:
            doc = by_name.get(t["file"])
            for tb in t.get("tables", []):
                if tb.get("money") is False:
                    nonmoney += 1
                    money_same_page = any(
                        x.get("money") and x["page"] == tb["page"] for x in t.get("tables", [])
                    )
                    if doc is not None and not money_same_page:
                        n = con.execute(
                            "select count(*) from savings where document_id = ? and page = ?",
                            [doc, tb["page"]],
                        ).fetchone()[0]
                        leaks += int(n)
        print(f"non-money tables annotated: {nonmoney}; savings rows on their pages: {leaks}")


def column_labels(warehouse: Path, truths: list[dict[str, Any]], show: int = 12) -> None:
    """How many figures the scorer finds stand under the column label the truth gives.

    The shared scorer matches a figure by page, row label, amount, period and RAG, not by
    its column: a header read wrongly (a spanning heading given to the wrong columns,
    a column's stacked lines joined with its neighbour's) costs nothing there, though a
    researcher groups by it."""
    sys.path.insert(0, str(SHARED / "tools"))
    from score import label_match

    with connect(warehouse, read_only=True) as con:
        docs = con.execute("select document_id, source_file from documents").fetchall()
        by_name = {Path(str(f)).name: d for d, f in docs}
        found = agree = 0
        wrong: dict[str, list[tuple[str, str]]] = {}
        cols = "page, row_label, amount_gbp, column_label"
        for t, rows in _paper_rows(con, by_name, truths, cols):
            for f in t.get("savings", []):
                mine = [
                    r[3]
                    for r in rows
                    if r[0] == f["page"]
                    and r[2] is not None
                    and abs(float(r[2]) - f["amount_gbp"]) < 0.5
                    and label_match(r[1], f["row_label"])
                ]
                if not mine:
                    continue
                found += 1
                want = column_norm(f.get("column_label"))
                if any(column_norm(c) == want for c in mine):
                    agree += 1
                else:
                    key = f"{t['file'][:50]} p{f['page']} t{f.get('table', 0)}"
                    wrong.setdefault(key, []).append((f.get("column_label") or "", mine[0] or ""))
    print(f"\ncolumn labels as the truth gives them (units aside): {agree}/{found} figures found")
    for key, pairs in sorted(wrong.items(), key=lambda kv: -len(kv[1]))[:show]:
        want, got = pairs[0]
        print(f"  {len(pairs):4d}  {key}: {want!r} read {got!r}")


def health(warehouse: Path, seconds: float, pages: int) -> None:
    """Counts over a whole folder that need no truth file."""
    q = {
        "money tables": "select count(*) from tables where kind = 'money'",
        "money tables with a unit": "select count(*) from tables where kind = 'money' "
        "and unit_stated",
        "money tables without a unit, flagged": "select count(*) from tables where kind = "
        "'money' and not unit_stated and needs_review",
        "money tables without a unit, not flagged": "select count(*) from tables where kind = "
        "'money' and not unit_stated and not needs_review",
        "other tables (not money)": "select count(*) from tables where kind <> 'money'",
        "money figures": "select count(*) from savings",
        "money figures with a period": "select count(*) from savings where first_fy is not null",
        "money figures without a period, with a reason": "select count(*) from savings "
        "where first_fy is null and period_source is not null",
        "money figures without a period or a reason": "select count(*) from savings "
        "where first_fy is null and period_source is null",
        "checks": "select count(*) from checks",
        "checks passing": "select count(*) from checks where ok",
        "checks unknown (total adds up in no column: derived rows)": "select count(*) from "
        "checks where ok is null",
        "tables with a failing or unknown check": "select count(distinct (document_id, "
        "table_index)) from checks where not coalesce(ok, false)",
        "of which flagged": "select count(distinct (c.document_id, c.table_index)) from checks c "
        "join tables t using (document_id, table_index) where not coalesce(c.ok, false) "
        "and t.needs_review",
        "labels over 120 characters": "select count(*) from savings where length(row_label) > 120",
        "figures from non-money tables in savings": "select count(*) from savings s join tables t "
        "using (document_id, table_index) where t.kind <> 'money'",
    }
    with connect(warehouse, read_only=True) as con:
        print("\nhealth of the folder:")
        for name, sql in q.items():
            print(f"  {name:52s} {con.execute(sql).fetchone()[0]:>8}")
        reasons = con.execute(
            "select reason, count(*) from (select unnest(review) as reason from tables) "
            "group by all order by 2 desc limit 12"
        ).fetchall()
        print("  tables flagged for review, by reason:")
        for reason, n in reasons:
            print(f"    {n:5d}  {reason}")
    print(f"  pages {pages} in {seconds:.1f} s: {pages / max(seconds, 1e-9):.1f} pages/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kent", type=Path, default=SHARED / "real" / "kent")
    ap.add_argument("--truth", type=Path, default=ROOT / "tests" / "real")
    ap.add_argument(
        "--papers",
        type=Path,
        default=None,
        help="folder the truth files' paths are relative to (default: --kent)",
    )
    ap.add_argument("--keep", type=Path, default=None, help="keep warehouses in this folder")
    ap.add_argument("--no-health", action="store_true")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="real-"))
    work.mkdir(parents=True, exist_ok=True)
    truths = _truths(args.truth)
    papers = [(args.papers or args.kent) / t["path"] for t in truths]
    wh = work / "truth.duckdb"
    wh.unlink(missing_ok=True)
    _ingest(papers, wh, work / "truth-ex")
    print(
        f"annotated papers: {len(truths)}, truth figures: "
        f"{sum(len(t.get('savings', [])) for t in truths)}"
    )
    subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(wh), str(args.truth)], check=True
    )
    per_table(wh, truths)
    column_labels(wh, truths)
    if not args.no_health:
        whk = work / "kent.duckdb"
        whk.unlink(missing_ok=True)
        seconds, pages = _ingest([args.kent], whk, work / "kent-ex")
        health(whk, seconds, pages)


if __name__ == "__main__":
    main()
