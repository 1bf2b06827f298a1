"""Narrative on real papers: recall and precision per label on the annotated pages.

    .venv/bin/python benchmarks/narrative.py        # tests/real/narrative, ../shared/real/kent
    .venv/bin/python benchmarks/narrative.py --keep /tmp/nar      # keep the warehouse to look at
    .venv/bin/python benchmarks/narrative.py --warehouse W.duckdb  # score a warehouse already made
    .venv/bin/python benchmarks/narrative.py --authority "Kent County Council"  # one council
    .venv/bin/python benchmarks/narrative.py --truth tests/real/narrative*/  # all, one ingest

Every paper named by a ``*.narrative.truth.json`` file (its ``path`` under the Kent folder)
is ingested into a fresh warehouse; then:

1. the shared scorer (``../shared/tools/score.py``) runs on it, as the contract: partners,
   money and fiscal years found anywhere in the paper;
2. our own measure, on the truth's ``pages_scored`` only, mention by mention: a truth
   mention counts as found when a mention of ours on the same page has the same label and
   value (MONEY: amount to the penny; FISCAL_YEAR: first and last year; PARTNER and FUND:
   the canonical name, compared the way the scorer compares names, and exactly); each of
   ours is used once. Precision is the share of our mentions on those pages that match.
   A mention read from a table cell counts like any other.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest  # noqa: E402
from pipeline.load import connect  # noqa: E402

# ../shared beside the repository; a worktree one folder deeper finds it beside its parent.
SHARED = next(
    (d / "shared" for d in ROOT.parents if (d / "shared" / "tools").is_dir()),
    ROOT.parent / "shared",
)
LABELS = ("MONEY", "FISCAL_YEAR", "PARTNER", "FUND")


def _norm(s: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(s or "").lower()).strip()


def name_match(a: object, b: object) -> bool:
    """The shared scorer's rule for names of bodies."""
    from rapidfuzz import fuzz

    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    return (
        x == y
        or fuzz.token_set_ratio(x, y) >= 92
        or (len(y) > 25 and fuzz.partial_ratio(x, y) >= 95)
    )


def _value(label: str, m: dict[str, Any]) -> object:
    if label == "MONEY":
        return None if m.get("amount_gbp") is None else round(float(m["amount_gbp"]), 2)
    if label == "FISCAL_YEAR":
        return (m.get("first_fy"), m.get("last_fy"))
    return m.get("canonical")


def _same(label: str, want: object, got: object, strict: bool) -> bool:
    if label in {"PARTNER", "FUND"}:
        return _norm(want) == _norm(got) if strict else name_match(got, want)
    return want == got


class Tally:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.truth: Counter[str] = Counter()
        self.ours: Counter[str] = Counter()
        self.misses: list[str] = []
        self.false: list[str] = []

    def add(self, label: str, truth: list[Any], ours: list[Any], strict: bool, where: str) -> None:
        used: set[int] = set()
        self.truth[label] += len(truth)
        self.ours[label] += len(ours)
        left = []
        for page, want, text in truth:
            hit = next(
                (
                    i
                    for i, (p, got, _) in enumerate(ours)
                    if i not in used and p == page and _same(label, want, got, strict)
                ),
                None,
            )
            if hit is None:
                left.append((page, want, text))
            else:
                used.add(hit)
                self.tp[label] += 1
        # The scorer's rule: "2021/22 to 2025/26" read as one range finds both years.
        ends: Counter[int] = Counter()
        for page, want, text in left:
            hit = None
            if label == "FISCAL_YEAR" and isinstance(want, tuple) and want[0] == want[1]:
                hit = next(
                    (
                        i
                        for i, (p, got, _) in enumerate(ours)
                        if p == page
                        and isinstance(got, tuple)
                        and got[0] != got[1]
                        and want[0] in got
                        and ends[i] < 2
                        and (i not in used or ends[i])
                    ),
                    None,
                )
            if hit is None:
                self.misses.append(f"{where} p{page} {label} {text!r} -> {want}")
            else:
                used.add(hit)
                ends[hit] += 1
                self.tp[label] += 1
        for i, (page, got, text) in enumerate(ours):
            if i not in used:
                self.false.append(f"{where} p{page} {label} {text!r} -> {got}")
        # a range that found two years counts once among ours: precision stays a share
        self.ours[label] += sum(1 for n in ends.values() if n == 2)

    def line(self, label: str) -> str:
        r = self.tp[label] / self.truth[label] if self.truth[label] else 1.0
        p = self.tp[label] / self.ours[label] if self.ours[label] else 1.0
        return (
            f"{label:12s} recall {r:.3f} ({self.tp[label]}/{self.truth[label]})  "
            f"precision {p:.3f} ({self.tp[label]}/{self.ours[label]})"
        )


def score(warehouse: Path, truths: list[dict[str, Any]], show: int) -> None:
    loose, strict = Tally(), Tally()
    with connect(warehouse, read_only=True) as con:
        docs = con.execute("select document_id, source_file from documents").fetchall()
        by_name = {Path(str(f)).name: d for d, f in docs}
        for t in truths:
            doc = by_name.get(t["file"])
            pages = set(t.get("pages_scored") or [])
            rows: list[dict[str, Any]] = []
            if doc is not None:
                cur = con.execute("select * from mentions where document_id = ?", [doc])
                cols = [c[0] for c in cur.description]
                rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
            for label in LABELS:
                truth = [
                    (m["page"], _value(label, m), m.get("text"))
                    for m in t["mentions"]
                    if m["label"] == label and (not pages or m["page"] in pages)
                ]
                ours = [
                    (m["page"], _value(label, m), m.get("text"))
                    for m in rows
                    if m["label"] == label and (not pages or m["page"] in pages)
                ]
                loose.add(label, truth, ours, False, t["file"][:40])
                strict.add(label, truth, ours, True, t["file"][:40])
    print(f"\nmention by mention on pages_scored ({len(truths)} papers):")
    for label in LABELS:
        print("  " + loose.line(label))
    print("names compared exactly (PARTNER, FUND):")
    for label in ("PARTNER", "FUND"):
        print("  " + strict.line(label))
    if show:
        print("\nmissed:")
        for m in loose.misses[:show]:
            print("  " + m)
        print("not in the truth:")
        for f in loose.false[:show]:
            print("  " + f)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--truth",
        type=Path,
        nargs="+",
        default=[ROOT / "tests" / "real" / "narrative"],
        help="folders of *.narrative.truth.json, scored together",
    )
    ap.add_argument("--kent", type=Path, default=SHARED / "real" / "kent")
    ap.add_argument("--keep", type=Path, help="folder for the warehouse and artefacts")
    ap.add_argument("--warehouse", type=Path, help="score this warehouse, no ingest")
    ap.add_argument("--show", type=int, default=40, help="misses and extras to print")
    ap.add_argument(
        "--authority", help="council that wrote the papers, as `pipeline ingest --authority`"
    )
    args = ap.parse_args()
    truths = [
        json.loads(p.read_text())
        for folder in args.truth
        for p in sorted(folder.glob("*.narrative.truth.json"))
    ]
    if args.warehouse is not None:
        warehouse = args.warehouse
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="narrative-"))
        work.mkdir(parents=True, exist_ok=True)
        warehouse = work / "narrative.duckdb"
        warehouse.unlink(missing_ok=True)
        paths = sorted({args.kent / t["path"] for t in truths})
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            print("missing papers: " + ", ".join(missing))
        paths = [p for p in paths if p.exists()]
        ingest(
            paths,
            warehouse=warehouse,
            extracted=work / "extracted",
            jobs=2,
            force=True,
            authority=args.authority,
        )
    print(f"warehouse {warehouse}")
    for folder in args.truth:
        subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score.py"), str(warehouse), str(folder)],
            check=False,
        )
    score(warehouse, truths, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
