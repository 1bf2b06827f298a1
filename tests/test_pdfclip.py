"""Text and shapes a clip path hides are not read, by every parse backend alike.

The pages are hand-written content streams (pipeline.pdfclip's cases one by one) and a
reportlab canvas drawing a table the way LibreOffice exports one: a header cell's
second line drawn into the row below, hidden by the cell's clip.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract_file
from pipeline.layout import page_lines
from pipeline.parse import BACKENDS, read_pdf_paper
from pipeline.pdfclip import char_outside, intersect, path_box
from tests.conftest import pdf_from_objects


def clip_pdf(path: Path, content: bytes, form: bytes | None = None) -> Path:
    """A one-page PDF: Helvetica as /F1, ``content`` as its stream, ``form`` as /Fm1."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
        b"/Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>",
        _stream(b"", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(
            b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >>",
            form or b"",
        ),
    ]
    path.write_bytes(pdf_from_objects(objs))
    return path


def _stream(attrs: bytes, content: bytes) -> bytes:
    data = zlib.compress(content)
    head = b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n" % (attrs, len(data))
    return head + data + b"\nendstream"


def _text(x: float, y: float, s: str) -> bytes:
    return b"BT /F1 10 Tf %g %g Td (%s) Tj ET " % (x, y, s.encode())


#: name -> (content stream, form content or None, the words left visible)
CASES: dict[str, tuple[bytes, bytes | None, set[str]]] = {
    # a cell's clip in q ... Q: its overflow hidden, and visible again after Q
    "restored_by_Q": (
        b"q 70 700 60 20 re W n "
        + _text(72, 705, "Delivery")
        + _text(72, 690, "RAG")
        + b"Q "
        + _text(72, 650, "After"),
        None,
        {"Delivery", "After"},
    ),
    # nested: the inner clip narrows the outer, its Q gives the outer back
    "nested": (
        b"q 0 0 300 842 re W n q 0 0 595 400 re W n "
        + _text(50, 350, "Both")
        + _text(350, 350, "Right")
        + _text(50, 500, "Above")
        + b"Q "
        + _text(50, 520, "Outer")
        + _text(350, 520, "Beyond")
        + b"Q "
        + _text(350, 560, "Free"),
        None,
        {"Both", "Outer", "Free"},
    ),
    # W*, a triangle: its bounding box is the clip (a corner outside the triangle kept)
    "even_odd_triangle": (
        b"q 50 50 m 250 50 l 150 250 l h W* n "
        + _text(130, 100, "in")
        + _text(55, 235, "corner")
        + _text(300, 100, "out")
        + b"Q",
        None,
        {"in", "corner"},
    ),
    # a curved clip (an oval of Beziers): the box of its control points
    "curve": (
        b"q 100 300 m 100 355 145 400 200 400 c 255 400 300 355 300 300 c "
        b"300 245 255 200 200 200 c 145 200 100 245 100 300 c W n "
        + _text(180, 300, "oval")
        + _text(320, 300, "gone")
        + b"Q",
        None,
        {"oval"},
    ),
    # the clip is set in user space: under a moved CTM it is moved too
    "ctm": (
        b"q 1 0 0 1 100 400 cm 0 0 100 20 re W n "
        b"BT /F1 10 Tf 5 5 Td (Shifted) Tj 5 -30 Td (Gone) Tj ET Q",
        None,
        {"Shifted"},
    ),
    # a character is kept when its centre is inside: W W W straddles the edge at 100
    "centre": (b"q 70 0 30 842 re W n " + _text(72, 600, "WWWW") + b"Q", None, {"WWW"}),
    # a form drawn in a clip inherits it; its own clip ends with it
    "form": (
        b"q 0 0 200 842 re W n /Fm1 Do "
        + _text(150, 460, "Mid")
        + _text(300, 460, "Hidden")
        + b"Q "
        + _text(300, 420, "After"),
        b"0 0 100 842 re W n " + _text(50, 500, "Left") + _text(250, 500, "Right"),
        {"Left", "Mid", "After"},
    ),
    # overflow cut at a cell's edge, the next cell's text starting just past it (a
    # spreadsheet's "CO-COMMISSIONI" + "ALBION"): the cut ends the word there
    "cut_at_the_edge": (
        b"q 70 0 30 842 re W n "
        + _text(72, 600, "WWWWWW")
        + b"Q q 100 0 100 842 re W n "
        + _text(100.5, 600, "ALBION")
        + b"Q",
        None,
        {"WWW", "ALBION"},
    ),
    # and cut on the left, where a cell's text starts before its clip, against the text
    # of the cell before
    "cut_on_the_left": (
        b"q 70 0 30 842 re W n "
        + _text(72, 600, "WWW")
        + b"Q q 100 0 100 842 re W n "
        + _text(90, 600, "WWMID")
        + b"Q",
        None,
        {"WWW", "WMID"},
    ),
    # a clip with no path changes nothing; a painting operator without W sets no clip
    "no_path": (b"q W n 0 0 10 10 re f " + _text(300, 300, "Shown") + b"Q", None, {"Shown"}),
}


def _words(pdf: Path, backend: str) -> list[str]:
    return [w.text for w in read_pdf_paper(pdf, backend=backend).pages[0].words]


@pytest.mark.parametrize("name", sorted(CASES))
def test_hidden_text_is_not_read(name: str, tmp_path: Path) -> None:
    content, form, visible = CASES[name]
    pdf = clip_pdf(tmp_path / f"{name}.pdf", content, form)
    for backend in BACKENDS:
        assert set(_words(pdf, backend)) == visible, (backend, name)


def test_shapes_wholly_clipped_away_are_no_rules_or_fills(tmp_path: Path) -> None:
    content = (
        b"q 0 0 200 842 re W n 1 0 0 rg "
        b"300 600 m 500 600 l S "  # a rule outside: hidden
        b"50 600 m 150 600 l S "  # a rule inside
        b"150 580 m 400 580 l S "  # a rule across the edge: partly printed, kept
        b"250 100 200 50 re f "  # a red fill outside: hidden
        b"20 100 100 50 re f Q " + _text(50, 300, "Text")
    )
    pdf = clip_pdf(tmp_path / "shapes.pdf", content)
    for backend in BACKENDS:
        page = read_pdf_paper(pdf, backend=backend).pages[0]
        assert sorted((r.bbox.x0, r.bbox.x1) for r in page.rules) == [(50, 150), (150, 400)]
        assert [(f.bbox.x0, f.rgb) for f in page.fills] == [(20, (1.0, 0.0, 0.0))]


def test_a_clipped_wrapped_header_does_not_reach_the_first_row(tmp_path: Path) -> None:
    """LibreOffice's export of header cells too short for their two lines ("Delivery
    RAG", "Saving 2019/20 Net cost"): each cell clips its second line, drawn in the
    row below, which must join neither the column's label nor the row's."""
    path = tmp_path / "clipped-header.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    xs, top, row = [60, 220, 320, 420], 700, 16
    rows = [
        ["Scheme", "Delivery", "Saving 2019/20"],
        ["", "", "£000"],
        ["Homecare review", "Green", "1,200"],
        ["Day services", "Red", "450"],
        ["Total", "", "1,650"],
    ]
    for i in range(len(rows) + 1):
        c.line(xs[0], top - i * row, xs[-1], top - i * row)
    for x in xs:
        c.line(x, top, x, top - len(rows) * row)
    for i, cells in enumerate(rows):
        y = top - (i + 1) * row + 5
        for j, text in enumerate(cells):
            c.saveState()
            p = c.beginPath()
            p.rect(xs[j], top - (i + 1) * row, xs[j + 1] - xs[j], row)
            c.clipPath(p, stroke=0, fill=0)
            c.drawString(xs[j] + 3, y, text)
            if i == 0:  # the wrapped lines: drawn one line down, clipped away
                c.drawString(xs[j] + 3, y - 11, ["Cost", "RAG", "Net cost"][j])
            c.restoreState()
    c.save()
    for backend in BACKENDS:
        texts = _words(path, backend)
        assert not {"RAG", "Cost", "Net", "cost"} & set(texts), backend
        assert "Green" in texts and "Delivery" in texts
    figures = extract_file(path).figures
    homecare = [f for f in figures if "Homecare" in f.row_label]
    assert homecare and all(f.rag == "Green" for f in homecare)
    assert {f.column_label for f in figures} == {"Saving 2019/20"}
    assert {f.row_label for f in figures} == {"Homecare review", "Day services", "Total"}


def test_path_box_and_intersection() -> None:
    """Control points count; the CTM moves and scales; disjoint boxes give an empty clip."""
    box = path_box(
        [("m", 0.0, 0.0), ("c", 10.0, 20.0, 30.0, -5.0, 40.0, 0.0), ("h",)], (2, 0, 0, 1, 5, 5)
    )
    assert box == (5.0, 0.0, 85.0, 25.0)
    assert path_box([("h",)], (1, 0, 0, 1, 0, 0)) is None
    empty = intersect((0, 0, 10, 10), (20, 20, 30, 30))
    assert char_outside(empty, 0, 0, 10, 10) and char_outside(empty, 20, 20, 30, 30)
    assert not char_outside((0, 0, 10, 10), 8, 0, 12, 10)  # centre on the edge: kept


def test_text_cut_off_by_a_clip_ends_its_cell(tmp_path: Path) -> None:
    """A cell's overflow cut off at its edge, the next cell's text just past it: the two
    are two words and two segments (two cells), under every backend, though they touch
    (first sight: "PRC DELEGATED CO-COMMISSIONI" + "ALBION HEALTH CENTRE" read as one
    supplier's name)."""
    content, form, _ = CASES["cut_at_the_edge"]
    pdf = clip_pdf(tmp_path / "cut.pdf", content, form)
    for backend in BACKENDS:
        page = read_pdf_paper(pdf, backend=backend).pages[0]
        segments = [s.text for ln in page_lines(page) for s in ln.segments]
        assert segments == ["WWW", "ALBION"], (backend, segments)
