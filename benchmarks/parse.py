"""The parse stage: identical to pdfplumber's reading, and what it costs next to a bare pass.

    .venv/bin/python benchmarks/parse.py parity            # every suite: records and extraction
    .venv/bin/python benchmarks/parse.py speed             # ../shared/real/kent, one run
    .venv/bin/python benchmarks/parse.py pdfium            # how far pypdfium2's words are
    .venv/bin/python benchmarks/parse.py parity --suite kent --limit 20 --backend layout

**parity** reads every PDF through pdfplumber's public API (the ``pdfplumber``
backend, the reference) and through ``--backend`` (default: the default backend,
``lean``), and compares the page records (words, boxes, sizes, bold, rules, fills,
as ``==`` on the dataclasses: exact floats), what was lost, and then the whole
extraction built from each (tables, figures, blocks, checks, mentions). It prints,
per suite, papers, pages and the papers that differ, and, for ``lean``, how many
content-stream sequences playa's lexer read and how many went to pdfminer's own
parser and why (``pipeline.pdftokens``). A page the backend cannot read is lost
the same way as before.

**speed** times, in one run over the same pages, a bare pdfplumber
``extract_words()`` pass (what any pdfplumber user pays) and the parse stage with
each backend (``pdfplumber`` is what it did before ``pipeline.pdfobjects``), CPU and
wall, and prints the ratios to the bare pass.

**pdfium** compares pypdfium2's characters, grouped into words by the same
pdfplumber word extractor, with pdfplumber's words: pages where every word is
equal exactly, within 0.01 pt, and with the same texts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.errors import PaperError  # noqa: E402
from pipeline.extract import extract_pages  # noqa: E402
from pipeline.parse import BACKENDS, DEFAULT_BACKEND, read_pdf_paper  # noqa: E402

#: ../shared beside the repository, or where $BUDGET_PAPERS_SHARED says (a worktree elsewhere).
SHARED = Path(os.environ.get("BUDGET_PAPERS_SHARED", ROOT.parent / "shared"))


def suite_pdfs(name: str, tmp: Path, limit: int | None) -> list[Path]:
    if name == "layouts":
        from tests.layouts.build import build_suite

        found = [p.pdf for p in build_suite(tmp / "layouts")]
    elif name == "fixtures":
        found = sorted((ROOT / "tests" / "fixtures").rglob("*.pdf"))
    elif name == "corpus":
        found = sorted((SHARED / "corpus").glob("*.pdf"))
    else:
        found = sorted((SHARED / "real" / "kent").rglob("*.pdf"))
    if limit is not None and len(found) > limit:
        found = sorted(random.Random(0).sample(found, limit))
    return found


def _extraction(pages: list[Any], path: Path) -> Any:
    ex = extract_pages(pages, source_file=str(path), sha256="0" * 64)
    return (ex.blocks, ex.tables, ex.figures, ex.checks, ex.mentions, ex.claims)


def parity(args: argparse.Namespace, tmp: Path) -> None:
    from pipeline.pdftokens import STATS

    print(f"backend {args.backend} against pdfplumber")
    print("suite      papers  pages  records differ  extraction differs")
    for name in args.suite:
        paths = suite_pdfs(name, tmp, args.limit)
        pages = records = extraction = unreadable = 0
        STATS.clear()
        for path in paths:
            try:
                ref = read_pdf_paper(path, reference=True)
            except PaperError as exc:
                unreadable += 1
                try:
                    read_pdf_paper(path, backend=args.backend)
                except PaperError as again:
                    if str(again) != str(exc):
                        records += 1
                        print(f"  {path}: unreadable for another reason: {again}")
                    continue
                records += 1
                print(f"  {path}: unreadable by the reference only")
                continue
            fast = read_pdf_paper(path, backend=args.backend)
            pages += len(fast.pages)
            if ref.pages != fast.pages or ref.lost != fast.lost:
                records += 1
                print(f"  {path}: page records differ")
            if _extraction(ref.pages, path) != _extraction(fast.pages, path):
                extraction += 1
                print(f"  {path}: extraction differs")
        print(
            f"{name:10s} {len(paths):6d}  {pages:5d}  {records:14d}  {extraction:18d}"
            + (f"   ({unreadable} unreadable by both)" if unreadable else "")
        )
        if STATS:
            lexed = ", ".join(f"{k}: {v}" for k, v in STATS.most_common())
            print(f"           content streams read by {lexed}")


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def speed(args: argparse.Namespace, tmp: Path) -> None:
    import pdfplumber

    suite = args.suite[0] if args.suite != SUITES else "kent"
    paths = suite_pdfs(suite, tmp, args.limit)

    def bare() -> None:
        for p in paths:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    page.extract_words()
                    page.close()

    def stage(backend: str) -> Callable[[], None]:
        def run() -> None:
            for p in paths:
                with contextlib.suppress(PaperError):
                    read_pdf_paper(p, backend=backend)

        return run

    pages = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    print(f"{len(paths)} papers, {pages} pages ({suite})")
    runs = {"bare": bare} | {b: stage(b) for b in reversed(BACKENDS)}
    got = {k: _timed(fn) for k, fn in runs.items()}
    cpu0, wall0 = got["bare"]
    print(f"bare pdfplumber extract_words()    cpu 1.00x  wall 1.00x  ({cpu0:.1f}s cpu)")
    for key in reversed(BACKENDS):
        cpu, wall = got[key]
        label = f"parse stage, backend {key}"
        print(f"{label:34s} cpu {cpu / cpu0:.2f}x  wall {wall / wall0:.2f}x  ({cpu:.1f}s cpu)")


def pdfium(args: argparse.Namespace, tmp: Path) -> None:
    import pdfplumber
    import pypdfium2 as pdfium_
    import pypdfium2.raw as raw

    from pipeline.pdfobjects import _WORDS, WORD_SETTINGS

    paths = suite_pdfs(args.suite[0] if args.suite != SUITES else "kent", tmp, args.limit)
    pages = exact = close = texts = 0
    for p in paths:
        doc = pdfium_.PdfDocument(p)
        with pdfplumber.open(p) as pdf:
            for i, page in enumerate(pdf.pages):
                ref = page.extract_words(**WORD_SETTINGS)
                page.close()
                words = _WORDS.extract_words(_pdfium_chars(doc[i], page.height, raw))
                pages += 1
                exact += words == ref
                texts += [w["text"] for w in words] == [w["text"] for w in ref]
                close += len(words) == len(ref) and all(
                    a["text"] == b["text"]
                    and all(abs(a[k] - b[k]) <= 0.01 for k in ("x0", "x1", "top", "bottom"))
                    for a, b in zip(words, ref, strict=True)
                )
        doc.close()
    print(f"{len(paths)} papers, {pages} pages: pypdfium2 words equal to pdfplumber's")
    print(f"  exactly: {exact}   within 0.01 pt: {close}   same texts: {texts}")


def _pdfium_chars(page: Any, height: float, raw: Any) -> list[dict[str, Any]]:
    """pypdfium2's characters in pdfplumber's shape (loose boxes: origin to advance)."""
    import ctypes

    text = page.get_textpage()
    out: list[dict[str, Any]] = []
    rect = raw.FS_RECTF()
    buf = ctypes.create_string_buffer(256)
    for j in range(raw.FPDFText_CountChars(text)):
        if raw.FPDFText_IsGenerated(text, j):
            continue
        raw.FPDFText_GetLooseCharBox(text, j, rect)
        raw.FPDFText_GetFontInfo(text, j, buf, 256, None)
        top = height - rect.top
        out.append(
            {
                "text": chr(raw.FPDFText_GetUnicode(text, j)),
                "x0": rect.left,
                "x1": rect.right,
                "top": top,
                "bottom": height - rect.bottom,
                "doctop": top,
                "upright": True,
                "fontname": buf.value.decode("utf-8", "replace"),
                "size": raw.FPDFText_GetFontSize(text, j),
            }
        )
    text.close()
    return out


SUITES = ["layouts", "fixtures", "corpus", "kent"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("check", choices=["parity", "speed", "pdfium"])
    ap.add_argument("--suite", nargs="+", choices=SUITES, default=SUITES)
    ap.add_argument("--limit", type=int, help="at most this many papers per suite (seeded sample)")
    ap.add_argument("--backend", choices=BACKENDS[:-1], default=DEFAULT_BACKEND)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="parse-bench-") as tmp:
        {"parity": parity, "speed": speed, "pdfium": pdfium}[args.check](args, Path(tmp))


if __name__ == "__main__":
    main()
