"""An independent generator of council-style money tables, drawn with ReportLab, and its score.

    .venv/bin/python benchmarks/rlgen.py --out DIR [--seed N] [--papers 40] [--score] [--misses 8]

tools/tablegen draws through Excel, Word and HTML from one shared plan; this draws straight to
PDF with ReportLab, a producer the extractor was not built against, in layouts taken from
printed council papers that tablegen does not draw: zebra-striped rows or a dark header row with
white text, Helvetica, Times or Courier at 7-10 pt, landscape pages of 5-8 year columns and a
Total, indented rows under group headings with subtotals, dot leaders in rule-less tables, the
unit in a note below the table or in every cell ("£1,234,567"; "£250k" and "£1.25m" mixed in one
column), footnote markers on labels and figures, text in figure cells, description / status /
RAG columns, two tables stacked on one page in different units, and a table that runs over a
page break (after a page of narrative) with no repeated header. Each table's levels are dealt
from shuffled decks (balanced); `placement` follows from the paper's shape, `size` is the size
printed (a table too wide for its page steps down).

Truth is in the format of shared/corpus/*.truth.json (tests/real/ANNOTATING.md), made from the
plan; every row's page is checked on the rendered PDF. Where a layout leaves a choice:
- "n/a" and "TBC" in a figure cell are not figures; "-" and "nil" are figures of 0 (ANNOTATING:
  a nil dash is 0; "nil" says it in a word). Blank cells are not figures.
- Status words ("On track", "At risk", ...) are not ratings: rag null. Only a RAG column of the
  words Red/Amber/Green/Blue (the cell sometimes filled in that colour) gives rag.
- Negatives print "(1,234)" or "-1,234" ("(£1.2m)", "-£1.2m"), the forms ANNOTATING lists; a
  trailing minus ("1,234-") is a ledger-export form, not drawn.
- Footnote markers stay in row_label as printed ("Libraries (a)"); "1,234*" is 1,234.
- Dot leaders are not label text; an indented row's label has no indent.
- "Total" columns state no year (null); years=caption: every column takes the caption's year;
  years=none: no year anywhere in the table (null).
- cell_suffix tables state the unit in each cell: their `tables` entry has "unit": null.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (or BUDGET_PAPERS_SHARED), as the other benchmarks find it
SHARED = Path(
    os.environ.get("BUDGET_PAPERS_SHARED")
    or next(
        (d / "shared" for d in ROOT.parents if (d / "shared" / "tools").is_dir()),
        ROOT.parent / "shared",
    )
)
SCORER = SHARED / "tools" / "score.py"


sys.path.insert(0, str(Path(__file__).resolve().parent))
from rlgen_draw import generate  # noqa: E402

# --------------------------------------------------------------------------- score


def score(out: Path, show_misses: int) -> None:
    """Ingest DIR, run the shared scorer, then score figure by figure with its own rules."""
    import duckdb

    wh = out / "w.duckdb"
    cmd = [str(ROOT / ".venv/bin/pipeline"), "ingest", str(out), "--warehouse", str(wh),
           "--extracted", str(out / "ex"), "--force"]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    res = subprocess.run([sys.executable, str(SCORER), str(wh), str(out)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    (out / "score.txt").write_text(res.stdout)
    print(res.stdout.strip().splitlines()[-1])
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec and spec.loader
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    con = duckdb.connect(str(wh), read_only=True)
    docs = {Path(str(s)).name: d for d, s in
            con.execute("select document_id, source_file from documents").fetchall()}  # fmt: skip
    agg: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    for tf in sorted(out.glob("*.truth.json")):
        t = json.loads(tf.read_text())
        doc = docs.get(t["file"])
        sv = sc.rows(con, "select * from savings where document_id = ?", [doc]) if doc else []
        sv = [r for r in sv if r["page"] in t["pages_scored"]]
        for tab in t["tables"]:
            a, b = tab["savings_slice"]
            found = loose = 0
            for fig in t["savings"][a:b]:
                cands = [r for r in sv if r["amount_gbp"] is not None
                         and abs(float(r["amount_gbp"]) - fig["amount_gbp"]) < 0.5
                         and sc.label_match(r["row_label"], fig["row_label"])]  # fmt: skip
                ok = [r for r in cands
                      if (fig["first_fy"] is None
                          or (r["first_fy"], r["last_fy"]) == (fig["first_fy"], fig["last_fy"]))
                      and (not fig["rag"] or sc.norm(r["rag"]) == sc.norm(fig["rag"]))]  # fmt: skip
                found, loose = found + bool(ok), loose + bool(cands)
                if not ok:
                    near = [r for r in sv if r["page"] == fig["page"] and (
                        sc.label_match(r["row_label"], fig["row_label"])
                        or abs(float(r["amount_gbp"] or 0) - fig["amount_gbp"]) < 0.5)]  # fmt: skip
                    misses.append((t["file"], fig, near[:3]))
            for k, v in tab["factors"].items():
                s = agg[(k, str(v))]
                s[0], s[1], s[2], s[3] = s[0] + 1, s[1] + b - a, s[2] + found, s[3] + loose
    print(f"\n{'factor':10s} {'level':12s} tables figures  strict   loose")
    for (k, v), (nt, nf, fo, lo) in sorted(agg.items()):
        print(f"{k:10s} {v:12s} {nt:6d} {nf:7d} {fo / max(nf, 1):7.3f} {lo / max(nf, 1):7.3f}")
    for file, fig, near in random.Random(0).sample(misses, min(show_misses, len(misses))):
        print(f"\nMISS {file} p{fig['page']} t{fig['table']}: {fig['row_label']!r} | "
              f"{fig['column_label']!r} = {fig['amount_gbp']:,.2f} "
              f"fy {fig['first_fy']}-{fig['last_fy']} rag {fig['rag']}")  # fmt: skip
        for r in near:
            print(f"   have: {r['row_label']!r} | {r.get('column_label')!r} = {r['amount_gbp']} "
                  f"fy {r['first_fy']}-{r['last_fy']} rag {r['rag']}")  # fmt: skip
        if not near:
            print("   have: nothing on that page with this label or amount")


def main() -> None:
    ap = argparse.ArgumentParser(description="ReportLab council tables: generate and score.")
    ap.add_argument("--seed", type=int, default=None, help="default: a fresh one, printed")
    ap.add_argument("--papers", type=int, default=40)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--score", action="store_true", help="ingest DIR and score it")
    ap.add_argument("--misses", type=int, default=8, help="missed figures to show")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1_000_000)
    print(f"seed {seed}")
    generate(seed, a.papers, a.out)
    if a.score:
        score(a.out, a.misses)


if __name__ == "__main__":
    main()
