"""Fixtures shared by the tests: small PDFs built with reportlab for each layout."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STYLES = getSampleStyleSheet()


def para(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(text, STYLES[style])


def table(
    rows: Sequence[Sequence[Any]],
    *,
    grid: bool = True,
    widths: Sequence[float] | None = None,
    bold_rows: Sequence[int] = (),
    extra: Sequence[tuple[Any, ...]] = (),
    repeat: int = 0,
) -> Table:
    t = Table([list(r) for r in rows], colWidths=widths, repeatRows=repeat)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for r in bold_rows:
        style.append(("FONT", (0, r), (-1, r), "Helvetica-Bold", 9))
    style.extend(extra)
    t.setStyle(TableStyle(style))
    return t


def build_pdf(path: Path, story: Sequence[Any], *, landscape_page: bool = False) -> Path:
    size = landscape(A4) if landscape_page else A4
    SimpleDocTemplate(
        str(path), pagesize=size, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50
    ).build(list(story))
    return path


def one_page_pdf(content: bytes, *, first_number: int = 0) -> bytes:
    """A one-page PDF built by hand: Helvetica as /F1, ``content`` as its compressed stream.
    ``first_number`` is where its cross-reference table starts numbering; 1 puts every
    offset one object off, as a scanner's writer did (pdfium repairs it, pdfminer finds no
    page)."""
    stream = zlib.compress(content)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return pdf_from_objects(objs, first_number=first_number)


def pdf_from_objects(objs: Sequence[bytes], *, first_number: int = 0) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog), with the
    cross-reference table and trailer that point at them; see ``one_page_pdf``."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d %d\n0000000000 65535 f \n" % (first_number, len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """make_pdf(name, story, landscape_page=False) → path of a built PDF in tmp_path."""

    def _make(name: str, story: Sequence[Any], **kw: Any) -> Path:
        return build_pdf(tmp_path / name, story, **kw)

    return _make


SAVINGS_ROWS = [
    ["Scheme", "RAG", "Saving 2019/20", "Saving 2020/21"],
    ["", "", "£000", "£000"],
    ["Reablement expansion", "Green", "1,200", "800"],
    ["Homecare recommissioning", "Amber", "(350)", "–"],
    ["Day services review", "Red", "450", "500"],
    ["Total savings", "", "1,300", "1,300"],
]


@pytest.fixture
def savings_pdf(make_pdf: Callable[..., Path]) -> Path:
    """A short paper: a paragraph about partners and money, then a ruled savings table."""
    story = [
        para("Kent County Council: Adult Social Care Savings 2019/20", "Title"),
        para(
            "The council will deliver savings of £2.6m in 2019/20 working with the "
            "NHS Kent and Medway Clinical Commissioning Group (the CCG). "
            "The CCG will contribute £400k."
        ),
        Spacer(1, 12),
        table(SAVINGS_ROWS, bold_rows=[5]),
    ]
    return make_pdf("kent-asc-savings-2019-20.pdf", story)
