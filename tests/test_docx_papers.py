"""Papers made the way the judged ones are: python-docx, converted by LibreOffice 7.4.

The fixtures in tests/fixtures/docx/ (PDF + truth JSON in the shared/corpus format)
are built by tests/docx_papers/ (`python -m tests.docx_papers`) and committed; these tests
only read them.
The extractor is scored with the shared scorer's rules (tests/layouts/scoring.py):
a truth figure counts when one extracted figure has a matching row label (fuzzy),
the amount to the pound, the period (where the truth has one) and the RAG rating
(where it has one); precision is the share of extracted figures that matched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tests.layouts.scoring import Score, figure_rows, label_match, norm, score

FIXTURES = Path(__file__).parent / "fixtures" / "docx"
TRUTHS = sorted(FIXTURES.glob("*.truth.json"))
MIN_FIGURES = 0.99
MIN_PRECISION = 0.99


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _ids(path: Path) -> str:
    return path.name.split(".")[0]


# --------------------------------------------------------------------------- the fixtures


def test_docx_papers_fixtures_present_and_small() -> None:
    assert len(TRUTHS) >= 16
    total = 0
    for tf in TRUTHS:
        pdf = FIXTURES / _load(tf)["file"]
        assert pdf.is_file(), pdf
        total += pdf.stat().st_size + tf.stat().st_size
    assert total < 3_000_000


@pytest.mark.parametrize("truth_file", TRUTHS, ids=_ids)
def test_docx_papers_made_like_judged_papers(truth_file: Path) -> None:
    """Same producer chain as the hidden papers: python-docx author, LibreOffice producer."""
    truth = _load(truth_file)
    with pdfplumber.open(FIXTURES / truth["file"]) as pdf:
        assert pdf.metadata.get("Author") == "python-docx"
        assert str(pdf.metadata.get("Producer", "")).startswith("LibreOffice")
        assert len(pdf.pages) == truth["pages"]


@pytest.mark.parametrize("truth_file", TRUTHS, ids=_ids)
def test_docx_papers_truth_rows_printed_on_their_page(truth_file: Path) -> None:
    """Every truth row label's words are on the page it names (or, for a row split by a
    page break, on the next one)."""
    truth = _load(truth_file)
    with pdfplumber.open(FIXTURES / truth["file"]) as pdf:
        words = {
            p.page_number: set(re.findall(r"[a-z0-9]+", (p.extract_text() or "").lower()))
            for p in pdf.pages
        }
    for s in truth["savings"]:
        label_words = re.findall(r"[a-z0-9]+", s["row_label"].lower())
        missing = [w for w in label_words if w not in words[s["page"]]]
        spill = words.get(s["page"] + 1, set())
        assert all(w in spill for w in missing), (s["row_label"], s["page"], missing)


@pytest.mark.parametrize("truth_file", TRUTHS, ids=_ids)
def test_docx_papers_truth_totals_add_up(truth_file: Path) -> None:
    """The arithmetic invariant: in each table and column the final total is the sum of
    the scheme rows above it."""
    truth = _load(truth_file)
    for table in truth["layout"]["tables"]:
        start, end = table["savings_slice"]
        rows = truth["savings"][start:end]
        for col in {r["column_label"] for r in rows}:
            mine = [r for r in rows if r["column_label"] == col]
            schemes = sum(Decimal(str(r["amount_gbp"])) for r in mine if not r["is_total"])
            assert mine[-1]["is_total"], (table["name"], col)
            assert Decimal(str(mine[-1]["amount_gbp"])) == schemes, (table["name"], col)


@pytest.mark.parametrize("truth_file", TRUTHS, ids=_ids)
def test_docx_papers_truth_scores_perfectly_on_itself(truth_file: Path) -> None:
    """The truth is in the shape the shared scorer reads, and a perfect answer gets 1.0."""
    truth = _load(truth_file)
    got = score(truth["savings"], truth)
    n = len(truth["savings"])
    assert (got.figures, got.loose, got.used, got.rows) == (n, n, n, n)


# --------------------------------------------------------------------------- the extractor


@dataclass
class PaperResult:
    file: str
    score: Score
    misses: list[str]

    def line(self) -> str:
        s = self.score
        head = (
            f"{self.file}: figures {s.figures}/{s.truth} (label+amount {s.loose}), "
            f"matched rows {s.used}/{s.rows}"
        )
        return head + "".join(f"\n    missed {m}" for m in self.misses[:5])


def _misses(rows: list[dict[str, Any]], truth: dict[str, Any]) -> list[str]:
    """Truth figures with no fully matching row, for the failure message."""
    out = []
    for t in truth["savings"]:
        want = Decimal(str(t["amount_gbp"]))
        near = [
            r
            for r in rows
            if abs(Decimal(r["amount_gbp"]) - want) < Decimal("0.5")
            and label_match(r["row_label"], t["row_label"])
        ]
        full = [
            r
            for r in near
            if (
                t["first_fy"] is None
                or (r["first_fy"], r["last_fy"]) == (t["first_fy"], t["last_fy"])
            )
            and (t["rag"] is None or norm(r["rag"]) == norm(t["rag"]))
        ]
        if not full:
            out.append(
                f"{t['row_label']!r} / {t['column_label']!r} = {t['amount_gbp']:.0f} "
                f"fy={t['first_fy']}-{t['last_fy']} rag={t['rag']}"
                + (" (label and amount found)" if near else "")
            )
    return out


@pytest.fixture(scope="module")
def results() -> list[PaperResult]:
    extract = pytest.importorskip(
        "pipeline.extract", reason="pipeline.extract (extract_file) is not written yet"
    )
    out = []
    for tf in TRUTHS:
        truth = _load(tf)
        rows = figure_rows(extract.extract_file(FIXTURES / truth["file"]).figures)
        out.append(PaperResult(truth["file"], score(rows, truth), _misses(rows, truth)))
    return out


def _total(results: list[PaperResult]) -> Score:
    return sum((r.score for r in results), Score())


@pytest.mark.slow
def test_docx_papers_extractor_finds_figures(results: list[PaperResult]) -> None:
    total = _total(results)
    report = "\n".join(r.line() for r in results if r.score.figures < r.score.truth)
    assert total.figure_rate >= MIN_FIGURES, (
        f"figures {total.figures}/{total.truth} = {total.figure_rate:.3f}\n{report}"
    )


@pytest.mark.slow
def test_docx_papers_extractor_precision(results: list[PaperResult]) -> None:
    total = _total(results)
    report = "\n".join(r.line() for r in results if r.score.used < r.score.rows)
    assert total.rows > 0
    assert total.precision >= MIN_PRECISION, (
        f"precision {total.used}/{total.rows} = {total.precision:.3f}\n{report}"
    )
