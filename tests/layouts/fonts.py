"""Fonts the suite draws with: the PDF standard fonts and Bitstream Vera.

Vera ships inside reportlab, so every machine draws (and measures) the same
glyphs, and it has a real U+2212 minus sign, which the standard fonts lack.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_ready = False


def register_fonts() -> None:
    """Register Vera once per process."""
    global _ready
    if _ready:
        return
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))
    _ready = True


def text_width(text: str, font: str, size: float) -> float:
    """Width of a string in points."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))
