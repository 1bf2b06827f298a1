"""Ruled tables as Word draws them, first seen in Kent's Capital Strategy (cabinet draft,
30 January 2025): each cell border a filled sliver of its own, verticals broken where a
header's lines meet or where an unruled row ends, and figures set lower than their
wrapped label. Each test draws its own page with reportlab's canvas, at the positions
the real page has them (points from the top of an A4 page)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract_file

_H = A4[1]
_SIZE = 12.0


def _text(c: canvas.Canvas, x: float, top: float, text: str, *, right: bool = False) -> None:
    """Text whose 12 pt line box starts `top` points from the top of the page."""
    y = _H - top - 0.8 * _SIZE
    if right:
        c.drawRightString(x, y, text)
    else:
        c.drawString(x, y, text)


def _hrule(c: canvas.Canvas, x0: float, x1: float, top: float) -> None:
    c.rect(x0, _H - top - 0.48, x1 - x0, 0.48, stroke=0, fill=1)


def _vrule(c: canvas.Canvas, x: float, top: float, bottom: float) -> None:
    c.rect(x, _H - bottom, 0.48, bottom - top, stroke=0, fill=1)


def _grid_rows(
    c: canvas.Canvas,
    rows: Sequence[tuple[float, str, Sequence[str] | None, float]],
    rights: Sequence[float],
) -> None:
    for top, label, figures, fig_top in rows:
        _text(c, 102 if rights[0] < 330 else 72, top, label)
        for x, fig in zip(rights, figures or (), strict=False):
            _text(c, x, fig_top, fig, right=True)


def test_vertical_rules_drawn_in_pieces_are_one_table(tmp_path: Path) -> None:
    """Table 5 of the Capital Strategy: each vertical drawn in pieces that stop a sliver
    apart in the header and where the first unruled row ends. Joined only through the
    horizontal rules, the header's top line became a box of its own (its years lost,
    the columns headed "Years" and "budget") and the last row a table with no header."""
    path = tmp_path / "pieces.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", _SIZE)
    _text(c, 100, 672.9, "Table 5: Capital receipts to be applied in £millions")
    xs = [96.4, 263.0, 322.0, 380.8, 439.6, 498.5]
    for a, b in itertools.pairwise(xs):
        for top in (685.56, 719.88, 757.8):
            _hrule(c, a + 0.4, b, top)
    for x in xs:
        for top, bottom in ((686.04, 704.76), (705.24, 719.88), (720.36, 739.08), (739.08, 757.8)):
            _vrule(c, x, top, bottom)
    heads = [
        ("Prior", "Years"),
        ("2025-26", "budget"),
        ("2026-27", "budget"),
        ("2027-28", "budget"),
    ]
    for x, (top_line, bottom_line) in zip([317, 376, 434, 493], heads, strict=True):
        _text(c, x, 694.8, top_line, right=True)
        _text(c, x, 709.9, bottom_line, right=True)
    _text(c, 102, 728.5, "Application of asset sales")
    _text(c, 102, 747.2, "Loan repayments")
    for top, figures in (
        (728.5, ["16.7", "16.1", "4.4", "0.5"]),
        (747.2, ["71.1", "9.4", "8.6", "10.6"]),
    ):
        for x, fig in zip([317, 376, 434, 493], figures, strict=True):
            _text(c, x, top, fig, right=True)
    c.save()

    ex = extract_file(path)
    got = {(f.row_label, f.column_label, f.first_fy): f.amount_gbp for f in ex.figures}
    assert len(ex.tables) == 1
    assert got[("Application of asset sales", "Prior Years", None)] == Decimal(16_700_000)
    assert got[("Application of asset sales", "2025-26 budget", 2025)] == Decimal(16_100_000)
    assert got[("Loan repayments", "2027-28 budget", 2027)] == Decimal(10_600_000)
    assert len(got) == 8


def test_figures_set_lower_than_a_wrapped_label_keep_its_lines_together(tmp_path: Path) -> None:
    """Table 7 of the Capital Strategy: labels wrap within unruled rows, and a row's
    figures stand a little lower than its label's first line (or on its last). The
    figures stretched one line's box over the next line's, that overlap was taken for
    the leading of a wrapped cell, and the true leading then read as a row break: the
    second line of a label became a heading ("liabilities"), and a label whose figures
    stand on its last line lost its first ("external debt")."""
    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", _SIZE)
    _text(c, 72, 103.9, "Table 7: Authorised limit and operational boundary in £millions")
    for top in (132.6, 170.9, 249.8, 348.2):
        _hrule(c, 66.6, 520.1, top)
    for x in (66.6, 300.0, 355.0, 410.0, 465.0, 520.1):
        _vrule(c, x, 132.6, 348.2)
    rights = [350.0, 405.0, 460.0, 515.0]
    for x, year in zip(rights, ["2024-25", "2025-26", "2026-27", "2027-28"], strict=True):
        _text(c, x, 139.8, year, right=True)
        _text(c, x - 10, 155.6, "limit", right=True)
    figs = {
        "a": ["1,260.6", "1,200.6", "1,232.8", "1,225.4"],
        "b": ["168.0", "239.9", "228.6", "217.6"],
        "c": ["1,428.6", "1,440.5", "1,461.4", "1,443.0"],
        "d": ["1,160.6", "1,100.6", "1,132.8", "1,125.4"],
        "e": ["168.0", "214.9", "203.6", "192.6"],
        "f": ["1,328.6", "1,315.5", "1,336.4", "1,318.0"],
    }
    rows: list[tuple[float, str, Sequence[str] | None, float]] = [
        (177.3, "Authorised limit – borrowing", figs["a"], 177.3),
        (196.3, "Authorised limit – other long-term", figs["b"], 196.3),
        (212.1, "liabilities", None, 0.0),
        (230.9, "Authorised limit – total external debt", figs["c"], 233.9),
        (256.3, "Operational boundary – borrowing", figs["d"], 256.3),
        (275.2, "Operational boundary – other long-", figs["e"], 280.0),
        (291.1, "term liabilities", None, 0.0),
        (309.9, "Operational boundary – total", None, 0.0),
        (325.7, "external debt", figs["f"], 327.4),
    ]
    _grid_rows(c, rows, rights)
    c.save()

    ex = extract_file(path)
    labels = {f.row_label for f in ex.figures}
    assert labels == {
        "Authorised limit – borrowing",
        "Authorised limit – other long-term liabilities",
        "Authorised limit – total external debt",
        "Operational boundary – borrowing",
        "Operational boundary – other long-term liabilities",
        "Operational boundary – total external debt",
    }
    assert len(ex.figures) == 24
