"""The parse stage: pages from PDFs and text, and one clear reason for each unreadable paper."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from pipeline.errors import PaperError
from pipeline.extract import extract_file
from pipeline.parse import read_paper
from tests.conftest import SAVINGS_ROWS, para, table


def test_parse_words_rules_and_fills(savings_pdf: Path) -> None:
    pages = read_paper(savings_pdf)
    assert len(pages) == 1
    texts = [w.text for w in pages[0].words]
    assert "Reablement" in texts and "(350)" in texts
    assert any(r.orientation == "v" for r in pages[0].rules)
    assert any(r.orientation == "h" for r in pages[0].rules)


def test_parse_bold_is_read_from_font(savings_pdf: Path) -> None:
    words = read_paper(savings_pdf)[0].words
    total = [w for w in words if w.text == "Total"]
    assert total and all(w.bold for w in total)
    assert not any(w.bold for w in words if w.text == "Reablement")


def _scanned(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillColorRGB(0.5, 0.5, 0.5)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    return path


def _encrypted(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=StandardEncryption("u", "o", canPrint=0))
    c.drawString(100, 700, "Secret budget")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: (p.write_bytes(b""), p)[1], "empty"),
        (
            lambda p: (p.write_text("<!DOCTYPE html><html><body>Not found</body></html>"), p)[1],
            "HTML page",
        ),
        (lambda p: (p.write_text("Budget report\n"), p)[1], "not a PDF"),
        (_scanned, "no text layer"),
        (_encrypted, "password-protected"),
    ],
    ids=["empty", "html", "not-pdf", "scanned", "password"],
)
def test_parse_bad_papers_get_a_reason(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path / "paper.pdf")
    with pytest.raises(PaperError) as info:
        read_paper(path)
    assert reason in str(info.value)
    assert str(path) in str(info.value)


def test_parse_truncated_pdf(make_pdf: Callable[..., Path], tmp_path: Path) -> None:
    good = make_pdf("good.pdf", [para("Savings of £1m in 2019/20.")])
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    with pytest.raises(PaperError) as info:
        read_paper(cut)
    assert "damaged or truncated" in str(info.value) or "no text layer" in str(info.value)


def test_parse_text_paper_tabs_become_columns(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("Title line\n\nScheme\tSaving\tRAG\nReablement\t1,200\tGreen\n\fPage two\n")
    pages = read_paper(path)
    assert [p.number for p in pages] == [1, 2]
    row = [w for w in pages[0].words if w.bbox.top == max(x.bbox.top for x in pages[0].words)]
    assert [w.text for w in sorted(row, key=lambda w: w.bbox.x0)] == [
        "Reablement",
        "1,200",
        "Green",
    ]
    assert len({w.bbox.x0 for w in row}) == 3


def test_parse_text_paper_spells_out_ligatures(tmp_path: Path) -> None:
    """A text export keeps a PDF's ligature code points; labels read as printed."""
    path = tmp_path / "paper.txt"
    path.write_text("Scheme\tSaving\nE\ufb03ciency review\t1,200\nBene\ufb01ts\t300\n")
    assert {"Efficiency review", "Benefits"} <= {w.text for w in read_paper(path)[0].words}


@pytest.mark.parametrize("turn", [90, -90])
def test_parse_a_table_set_sideways_on_a_portrait_page_is_read_turned(
    tmp_path: Path, turn: int
) -> None:
    """A wide table printed sideways (its text running up or down a portrait sheet, no
    /Rotate to say so) is read as a reader turns the page: rows, columns and rules."""
    path = tmp_path / f"sideways{turn}.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.translate(*((A4[0], 0) if turn == 90 else (0, A4[1])))
    c.rotate(turn)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(60, A4[0] - 60, "Adult social care savings 2019/20")
    t = table(SAVINGS_ROWS, widths=[200, 60, 90, 90])
    _, h = t.wrapOn(c, 500, 400)
    t.drawOn(c, 60, A4[0] - 80 - h)
    c.save()
    page = read_paper(path)[0]
    assert page.width > page.height and page.rules
    cells = {(f.row_label, f.column_label): f for f in extract_file(path).figures}
    f = cells[("Homecare recommissioning", "Saving 2019/20")]
    assert (f.amount_gbp, f.first_fy, f.rag) == (Decimal(-350_000), 2019, "Amber")


def test_parse_text_with_no_unicode_map_is_said_to_be_lost() -> None:
    """Glyphs a PDF gives no characters for read as "(cid:N)": the page is named."""
    from pipeline.models import BBox, Page, Word
    from pipeline.parse import undecoded_text

    def page(n: int, texts: list[str]) -> Page:
        words = [
            Word(t, BBox(10.0 * i, 10, 10.0 * i + 8, 20), 10.0, False) for i, t in enumerate(texts)
        ]
        return Page(n, 600, 800, words)

    fine = page(1, ["Savings", "2024-25", "1,200"])
    lost = page(2, ["(cid:17)(cid:42)", "(cid:3)", "Total"])
    assert undecoded_text([fine]) == []
    said = undecoded_text([fine, lost])
    assert len(said) == 1 and "page(s) 2 " in said[0] and "(cid:N)" in said[0]


def test_parse_a_space_printed_over_a_word_splits_nothing(tmp_path: Path) -> None:
    """Word processors track a heading by printing a space over its glyphs, out of order;
    the words touch on the page and are one word, while words a space apart stay two."""
    path = tmp_path / "tracked.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(100, 700, "Entry")
    c.drawString(100 + c.stringWidth("Ent", "Helvetica-Bold", 11), 700, " ")
    c.drawString(100, 680, "Grade point")
    c.showPage()
    c.save()
    texts = [w.text for w in read_paper(path)[0].words]
    assert texts == ["Entry", "Grade", "point"]
