"""What a clip path hides on real papers: the characters and shapes the parse stage now leaves out.

    .venv/bin/python benchmarks/clipped.py [FOLDER ...]      # default ../shared/real/kent

Each page is read twice through pdfplumber's API: as pdfplumber builds its layout
(clip paths not honoured) and as ``pipeline.pdfclip.clipped_layout`` builds it. Prints
the characters and shapes dropped in all, then every page where any were, with the
dropped text line by line, so each page can be checked against its image
(``pdftoppm -r 100 -png -f P -l P file.pdf /tmp/x``) to confirm the text is not printed.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.pdfclip import clipped_layout  # noqa: E402

SHARED = Path(os.environ.get("BUDGET_PAPERS_SHARED", ROOT.parent / "shared"))


def _key(obj: dict[str, Any]) -> tuple[Any, ...]:
    return (obj.get("text"), round(obj["x0"], 3), round(obj["top"], 3), round(obj["x1"], 3))


def _lines(chars: list[dict[str, Any]]) -> list[str]:
    """Dropped characters as text lines (by rounded top), left to right."""
    rows: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    return [
        f"top {top}: " + "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
        for top, row in sorted(rows.items())
    ]


def page_drops(page: Any) -> tuple[list[dict[str, Any]], int]:
    """The characters the clip hides on a page, and how many shapes."""
    plain = Counter(_key(c) for c in page.chars)
    by_key = {_key(c): c for c in page.chars}
    shapes = len(page.rects) + len(page.lines) + len(page.curves)
    clipped_layout(page)
    kept = Counter(_key(c) for c in page.chars)
    shapes -= len(page.rects) + len(page.lines) + len(page.curves)
    dropped = plain - kept
    return [by_key[k] for k in dropped.elements()], shapes


def main() -> None:
    import pdfplumber

    folders = [Path(a) for a in sys.argv[1:]] or [SHARED / "real" / "kent"]
    pdfs = sorted(p for f in folders for p in f.rglob("*.pdf"))
    chars = shapes = pages = total_chars = 0
    report: list[str] = []
    for pdf in pdfs:
        try:
            doc = pdfplumber.open(pdf)
        except Exception as exc:
            print(f"{pdf.name}: cannot open ({type(exc).__name__})")
            continue
        with doc:
            for page in doc.pages:
                pages += 1
                try:
                    total_chars += len(page.chars)
                    dropped, hidden_shapes = page_drops(page)
                except Exception as exc:
                    print(f"{pdf.name} p{page.page_number}: {type(exc).__name__}")
                    continue
                finally:
                    page.close()
                chars += len(dropped)
                shapes += hidden_shapes
                if dropped or hidden_shapes:
                    report.append(
                        f"{pdf} page {page.page_number}: {len(dropped)} characters, "
                        f"{hidden_shapes} shapes"
                    )
                    report += ["    " + line for line in _lines(dropped)]
    print(
        f"{len(pdfs)} papers, {pages} pages, {total_chars:,} characters: "
        f"{chars:,} characters and {shapes:,} shapes hidden by a clip path"
    )
    print("\n".join(report))


if __name__ == "__main__":
    main()
