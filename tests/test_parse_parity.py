"""Every parse backend (pipeline.pdflean, the default; pipeline.pdfobjects) gives exactly
what pdfplumber's API gave.

Every page is read each way and the records compared with ``==`` (exact floats),
then the whole extraction built from each. A committed sample: one generated paper
per layout kind that matters to the reading (fills, rules, landscape, fonts), the
generated fixtures, the shared corpus, a seeded sample of the Kent papers and pages
whose text a clip path hides (tests/test_pdfclip.py);
``benchmarks/parse.py parity`` runs every paper of every suite.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_pages
from pipeline.parse import BACKENDS, DEFAULT_BACKEND, read_pdf_paper
from tests.layouts.build import build_paper
from tests.layouts.spec import plan_suite
from tests.test_pdfclip import CASES, clip_pdf

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BUDGET_PAPERS_SHARED", ROOT.parent / "shared"))
KENT = SHARED / "real" / "kent"

#: Layout kinds whose pages stress the reading: colour fills, rules, rotation, fonts.
KINDS = ["rag_fill", "header_fill_dark", "landscape", "font_serif", "font_vera"]


def _same(path: Path) -> None:
    ref = read_pdf_paper(path, reference=True)
    fast = read_pdf_paper(path)  # the default backend
    assert fast.pages == ref.pages, path
    assert fast.lost == ref.lost, path
    assert _extraction(fast.pages, path) == _extraction(ref.pages, path), path
    for backend in set(BACKENDS) - {DEFAULT_BACKEND, "pdfplumber"}:
        other = read_pdf_paper(path, backend=backend)
        assert (other.pages, other.lost) == (ref.pages, ref.lost), (backend, path)


def _extraction(pages: list[Any], path: Path) -> Any:
    ex = extract_pages(pages, source_file=str(path), sha256="0" * 64)
    return (ex.blocks, ex.tables, ex.figures, ex.checks, ex.mentions)


def test_fast_reading_equals_pdfplumber_on_generated_layouts(tmp_path: Path) -> None:
    chosen, missing = [], set(KINDS)
    for spec in plan_suite(0, 54):
        paper = build_paper(spec, tmp_path)
        if paper.kinds & missing:
            chosen.append(paper.pdf)
            missing -= paper.kinds
        if not missing:
            break
    assert not missing
    for pdf in chosen:
        _same(pdf)


def test_fast_reading_equals_pdfplumber_on_fixtures_and_corpus() -> None:
    pdfs = sorted((ROOT / "tests" / "fixtures").rglob("*.pdf"))[::6]
    pdfs += sorted((SHARED / "corpus").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        _same(pdf)


@pytest.mark.skipif(not KENT.is_dir(), reason="../shared/real/kent is not here")
def test_fast_reading_equals_pdfplumber_on_real_papers() -> None:
    small = sorted(p for p in KENT.rglob("*.pdf") if p.stat().st_size < 400_000)
    for pdf in random.Random(10).sample(small, 4):
        _same(pdf)


def test_fast_reading_equals_pdfplumber_on_clipped_text(tmp_path: Path) -> None:
    """Every backend leaves out what a clip path hides alike (pipeline.pdfclip): nested
    q/Q, a clip restored by Q, W*, curved clips, a form drawn inside a clip."""
    for name, (content, form, _visible) in CASES.items():
        _same(clip_pdf(tmp_path / f"{name}.pdf", content, form))


def test_fast_reading_sees_a_fill_a_rule_and_a_word(make_pdf: Any) -> None:
    """The comparison is not vacuous: both readings find words, rules and fills."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table([["Scheme", "RAG", "2019/20"], ["Homecare", "Red", "1,000"]])
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (1, 1), (1, 1), colors.red),
            ]
        )
    )
    pdf = make_pdf("fill", [t])
    page = read_pdf_paper(pdf).pages[0]
    assert [w.text for w in page.words] == ["Scheme", "RAG", "2019/20", "Homecare", "Red", "1,000"]
    assert page.rules and page.fills
    assert page.fills[0].rgb == (1.0, 0.0, 0.0)
    _same(pdf)
