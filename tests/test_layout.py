"""Reading order: paragraphs whole and in the order a person reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate

from pipeline.extract import extract_file
from pipeline.models import BBox, Line, Page, Word
from tests.conftest import para

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

COLUMNS = [
    "Alpha column opens the section on adult social care and continues with several more words "
    "so that it wraps over many short lines in its narrow column.",
    "Bravo column follows with the second paragraph about homecare commissioning, also long enough "
    "to wrap over many lines beside the first one.",
    "Charlie column closes the block with the third paragraph about reablement, again wrapping "
    "over several lines next to the other two.",
]


def _three_columns(path: Path) -> Path:
    w, h = A4
    gap, margin = 18, 50
    col = (w - 2 * margin - 2 * gap) / 3
    top = Frame(margin, h - 140, w - 2 * margin, 90, id="top")
    frames = [Frame(margin + i * (col + gap), h - 420, col, 280, id=f"c{i}") for i in range(3)]
    below = Frame(margin, 100, w - 2 * margin, 300, id="below")
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate(frames=[top, *frames, below])])
    story = [para("Key services", "Heading2"), FrameBreak()]
    for text in COLUMNS:
        story += [para(text), FrameBreak()]
    story.append(para("A full-width paragraph after the columns closes the page."))
    doc.build(story)
    return path


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_layout_three_columns_read_column_by_column(tmp_path: Path) -> None:
    ex = extract_file(_three_columns(tmp_path / "columns.pdf"))
    texts = [_norm(b.text) for b in ex.blocks]
    order = [texts.index(_norm(t)) for t in COLUMNS]
    assert order == sorted(order)
    assert texts.index("A full-width paragraph after the columns closes the page.") > order[-1]
    assert texts[0] == "Key services"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus is not beside the repo")
def test_layout_hackney_three_column_block_in_order() -> None:
    truth = json.loads((SHARED / "hackney-asc-level1-review-2011-12.truth.json").read_text())
    ex = extract_file(SHARED / truth["file"])
    text = _norm(" ".join(b.text for b in ex.blocks))
    positions = [text.find(_norm(p)) for p in truth["column_order"]]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def _spaced_paper(path: Path) -> Path:
    """Courier lines (all of one width) at 1.7 line spacing, as some reports are set: a
    wrapped paragraph whose lines stand wider apart than half a line, then a second one."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Courier", 12)
    lines = [
        "The support is given with Canterbury City Council and Ashford Borough",
        "Council in the hotels; the allocations rose each year from 2017-18 to 2024-",
        "25. The grant has since been rolled forward at the same value in cash...",
        "terms for the medium term.",
        None,
        "A second paragraph stands a clear gap below the first one on the page.",
    ]
    y = 780.0
    for text in lines:
        if text is None:
            y -= 20  # a paragraph gap on top of the line spacing
            continue
        c.drawString(50, y, text)
        y -= 20.4  # 12 pt type on a 20.4 pt line: 8 pt between lines
    c.save()
    return path


def test_layout_wide_line_spacing_keeps_a_wrapped_paragraph_whole(tmp_path: Path) -> None:
    ex = extract_file(_spaced_paper(tmp_path / "spaced.pdf"))
    texts = [_norm(b.text) for b in ex.blocks]
    assert len(texts) == 2, texts
    assert "Ashford Borough Council in the hotels" in texts[0]
    assert "from 2017-18 to 2024-25. The grant" in texts[0]  # a year broken at a line's end
    assert texts[1].startswith("A second paragraph")
    years = [(m.text, m.first_fy, m.last_fy) for m in ex.mentions if m.label == "FISCAL_YEAR"]
    assert years == [("2017-18 to 2024-25", 2017, 2024)]
    councils = [m.canonical for m in ex.mentions if m.label == "PARTNER"]
    assert councils == ["Canterbury City Council", "Ashford Borough Council"]


def test_text_printed_over_other_text_in_another_size_is_dropped() -> None:
    """A 14 pt heading left in a collapsed spreadsheet row lies over three 11 pt cells;
    only one layer can be read, and it is the cells'."""
    from pipeline.layout import page_lines
    from pipeline.models import BBox, Page, Word

    def w(text: str, x0: float, x1: float, top: float, size: float) -> Word:
        return Word(text, BBox(x0, top, x1, top + size), size, False)

    words = [
        w("ASCH", 25, 56, 178, 11),
        w("Market", 95, 129, 178, 11),
        w("The", 183, 202, 178, 11),
        w("long", 205, 226, 178, 11),
        w("term", 229, 251, 178, 11),
        w("Significant", 26, 97, 180, 14),
        w("Risks", 101, 138, 180, 14),
        w("(over", 142, 176, 180, 14),
        w("£10m)", 180, 221, 180, 14),
        w("Heading", 25, 80, 120, 14),
        w("Small", 85, 110, 122, 11),
    ]
    text = " | ".join(ln.text for ln in page_lines(Page(1, 600, 800, words)))
    assert "Significant" not in text and "£10m)" not in text
    assert "Market" in text and "ASCH" in text
    # Text of two sizes side by side, not over each other, stays.
    assert "Heading" in text and "Small" in text


def test_cells_set_tight_are_segments_of_their_own() -> None:
    """A narrow column's code against its label, a rating against the label before it or
    the figure before it: closer than a column gap, three word spaces apart or more. A
    dash between two words is punctuation, so it does not widen the word space measured;
    a nil dash opening a line is no bullet for the nil dash of the next column."""
    from pipeline.layout import make_line
    from pipeline.models import BBox, Word

    def line(*cells: tuple[str, float]) -> list[str]:
        words = []
        for text, x0 in cells:
            words.append(Word(text, BBox(x0, 100, x0 + 5.0 * len(text), 109), 9.0, False))
        return [s.text for s in make_line(1, words, []).segments]

    # "RES01" ends at 80, "Procurement" at 88: 8 pt apart, the words of the label 2.5.
    assert line(
        ("RES01", 55),
        ("Procurement", 88),
        ("-", 145.5),
        ("service", 153),
        ("4.1", 300),
        ("−165.9", 600),
        ("R", 638),
    ) == ["RES01", "Procurement - service", "4.1", "−165.9", "R"]
    assert line(("Residential", 50), ("homes", 107.5), ("Amber", 140)) == [
        "Residential homes",
        "Amber",
    ]
    # Word spaces of 2.5 pt stay inside a segment; so does a single wide-ish space of
    # running text under three word spaces.
    assert line(("Home", 50), ("care", 72.5)) == ["Home care"]
    assert line(("-", 50), ("-", 160), ("NHS", 200), ("checks", 217.5)) == [
        "-",
        "-",
        "NHS checks",
    ]


def test_a_justified_line_of_prose_is_one_segment() -> None:
    """A justified paragraph stretches every space of a line alike (8 pt at 12 pt here):
    a figure in the sentence is no cell of its own, as it would be in a row of tight cells."""
    from pipeline.layout import make_line
    from pipeline.models import BBox, Word

    line = "externally funded, both including £0.8m internal base adjustment between"
    words, x = [], 50.0
    for text in line.split(" "):
        width = 6.0 * len(text)
        words.append(Word(text, BBox(x, 100, x + width, 112), 12.0, False))
        x += width + 8.1
    assert [s.text for s in make_line(1, words, []).segments] == [" ".join(w.text for w in words)]
    # Cells of a ruled table share a baseline, each justified its own way: spaces of
    # 7 to 12.5 pt on one line are still word spaces.
    uneven, x = [], 50.0
    for text, gap in [("The", 7), ("home", 12.5), ("authorities", 9), ("may", 7), ("not", 11)]:
        uneven.append(Word(text, BBox(x, 100, x + 6.0 * len(text), 112), 12.0, False))
        x += 6.0 * len(text) + gap
    uneven.append(Word("have", BBox(x, 100, x + 24, 112), 12.0, False))
    assert len(make_line(1, uneven, []).segments) == 1
    # Two words set a column apart in a tight table are still two cells.
    tight = [
        Word("transformation", BBox(50, 100, 134, 112), 12.0, False),
        Word("A", BBox(146.5, 100, 154, 112), 12.0, False),
    ]
    assert len(make_line(1, tight, []).segments) == 2


def _margin_line(page: int, text: str, top: float) -> Line:
    from pipeline.layout import make_line

    words, x = [], 300.0
    for t in text.split():
        words.append(Word(t, BBox(x, top, x + 6 * len(t), top + 10), 10.0, False))
        x += 6 * len(t) + 4
    return make_line(page, words, [])


def test_a_running_head_repeats_at_one_height_a_header_word_does_not() -> None:
    """Running heads stand where they stood on the page before; the same words lower on
    the first page (a merged header cell under a title) are part of a table."""
    from pipeline.running import running_lines

    pages = [Page(n, 842.0, 595.0, []) for n in (1, 2, 3)]
    heads = [_margin_line(n, "Budget Risks Register 2025-26", 12.0 + n % 2) for n in (1, 2, 3)]
    public = [_margin_line(1, "Public", 51.0), _margin_line(2, "Public", 24.0)]
    by_page = [[heads[0], public[0]], [heads[1], public[1]], [heads[2]]]
    running = running_lines(by_page, pages)
    assert {id(ln) for ln in heads} <= running
    assert not {id(ln) for ln in public} & running
