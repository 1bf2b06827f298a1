"""Read a paper into Page records: words with font facts, ruling lines, cell fills.

This is the only module that imports pdfplumber, so the later stages can be
tested on pages built by hand and plain-text papers share the same path.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

from pipeline.errors import PaperError
from pipeline.models import BBox, Fill, Page, Rule, Word

#: Symbol-font bullets arrive as private-use code points.
_PRIVATE_USE = re.compile("[\uf000-\uf0ff]")

#: Thinner than this (points), a filled rectangle is a drawn rule, not a cell fill.
RULE_THICKNESS = 2.5


def read_paper(path: Path) -> list[Page]:
    """Pages of a PDF or plain-text paper; raises PaperError with a reason a person can act on."""
    data_head = _head(path)
    if path.suffix.lower() in {".txt", ".text"}:
        return read_text(path)
    if not data_head:
        raise PaperError(str(path), "the file is empty")
    if not data_head.lstrip().startswith(b"%PDF"):
        low = data_head.lower()
        if b"<html" in low or b"<!doctype" in low:
            raise PaperError(
                str(path), "this is an HTML page saved with a .pdf name; download the PDF itself"
            )
        raise PaperError(str(path), "not a PDF file (no %PDF header); is it the right download?")
    return read_pdf(path)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(1024)
    except OSError as exc:
        raise PaperError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def read_pdf(path: Path) -> list[Page]:
    """Pages of a PDF, with words, rules and fills."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise PaperError(str(path), "the PDF is password-protected; ask for an open copy") from exc
    except PDFSyntaxError as exc:
        raise PaperError(str(path), f"the PDF is damaged or truncated ({exc})") from exc
    except Exception as exc:
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise PaperError(
                str(path), "the PDF is password-protected; ask for an open copy"
            ) from exc
        raise PaperError(
            str(path), f"the PDF is damaged or truncated and cannot be opened ({exc})"
        ) from exc
    pages: list[Page] = []
    try:
        with pdf:
            for p in pdf.pages:
                pages.append(_page(p))
    except PaperError:
        raise
    except Exception as exc:
        raise PaperError(
            str(path), f"the PDF is damaged or truncated ({type(exc).__name__}: {exc})"
        ) from exc
    if not pages:
        raise PaperError(str(path), "the PDF has no pages")
    if not any(p.words for p in pages):
        raise PaperError(
            str(path),
            "no text layer (a scanned image?); run OCR first, e.g. ocrmypdf, then ingest again",
        )
    return pages


def _page(p: Any) -> Page:
    raw = p.extract_words(
        x_tolerance=1.5,
        y_tolerance=2.5,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["fontname", "size"],
    )
    sizes = [float(w["size"]) for w in raw] or [10.0]
    body = statistics.median(sizes)
    words = [
        Word(
            text=_PRIVATE_USE.sub("•", str(w["text"])),
            bbox=BBox(float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])),
            size=float(w["size"]),
            bold=_is_bold(str(w["fontname"])),
            superscript=float(w["size"]) < 0.8 * body,
        )
        for w in raw
    ]
    rules: list[Rule] = []
    fills: list[Fill] = []
    for ln in p.lines:
        _add_rule(rules, float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
    for r in p.rects:
        x0, top, x1, bottom = (float(r[k]) for k in ("x0", "top", "x1", "bottom"))
        w, h = x1 - x0, bottom - top
        if min(w, h) <= RULE_THICKNESS:
            if r.get("fill") or r.get("stroke"):
                _add_rule(rules, x0, top, x1, bottom)
            continue
        if r.get("stroke"):
            # A stroked box: its four sides are rules.
            for e in ((x0, top, x1, top), (x0, bottom, x1, bottom)):
                _add_rule(rules, *e)
            for e in ((x0, top, x0, bottom), (x1, top, x1, bottom)):
                _add_rule(rules, *e)
        if r.get("fill"):
            rgb = _rgb(r.get("non_stroking_color"))
            if rgb is not None and rgb != (1.0, 1.0, 1.0):
                fills.append(Fill(BBox(x0, top, x1, bottom), rgb))
    for c in p.curves:
        pts = c.get("pts") or []
        if len(pts) == 2:
            (ax, ay), (bx, by) = pts
            _add_rule(rules, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    return Page(
        number=int(p.page_number),
        width=float(p.width),
        height=float(p.height),
        words=words,
        rules=rules,
        fills=fills,
    )


def _add_rule(rules: list[Rule], x0: float, top: float, x1: float, bottom: float) -> None:
    w, h = x1 - x0, bottom - top
    if w >= h and w > 3:
        y = (top + bottom) / 2
        rules.append(Rule(BBox(x0, y, x1, y), "h"))
    elif h > w and h > 3:
        x = (x0 + x1) / 2
        rules.append(Rule(BBox(x, top, x, bottom), "v"))


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", ",b", "-bd"))


def _rgb(color: Any) -> tuple[float, float, float] | None:
    """pdfplumber colour (grey, RGB or CMYK tuple) as RGB in 0..1."""
    if color is None:
        return None
    if isinstance(color, int | float):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return None
    if len(vals) == 1:
        return (vals[0], vals[0], vals[0])
    if len(vals) == 3:
        return (vals[0], vals[1], vals[2])
    if len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


# --------------------------------------------------------------------------- text papers

_TXT_PITCH = 12.0
_TXT_SIZE = 10.0
_TXT_CHAR = 5.0
_TXT_CELL = 160.0


def read_text(path: Path) -> list[Page]:
    """A plain-text paper as pages of synthetic geometry.

    Tab-separated cells become words at fixed column slots, so the same table
    finder reads a text export's tables; blank lines become paragraph gaps;
    form feeds start new pages.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise PaperError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if not text.strip():
        raise PaperError(str(path), "the file is empty")
    pages: list[Page] = []
    for n, chunk in enumerate(text.split("\f"), start=1):
        words: list[Word] = []
        y = 20.0
        tabbed: bool | None = None
        for raw_line in chunk.splitlines():
            if not raw_line.strip():
                y += _TXT_PITCH
                continue
            cells = raw_line.rstrip().split("\t")
            # Tab-separated rows are a table, set apart from the prose around it as a
            # printed table would be, so no sentence is read as its header.
            if tabbed is not None and tabbed != ("\t" in raw_line):
                y += 3 * _TXT_PITCH
            tabbed = "\t" in raw_line
            for col, cell in enumerate(cells):
                cell = cell.strip()
                if not cell:
                    continue
                if len(cells) == 1:
                    x0 = 20.0 + 4 * (len(raw_line) - len(raw_line.lstrip(" ")))
                    width = _TXT_CHAR * len(cell)
                else:
                    x0 = 20.0 + col * _TXT_CELL
                    width = min(_TXT_CELL - 20, _TXT_CHAR * len(cell))
                bold = cell.startswith("## ")
                cell = cell.removeprefix("## ")
                words.append(Word(cell, BBox(x0, y, x0 + width, y + _TXT_SIZE), _TXT_SIZE, bold))
            y += _TXT_PITCH
        if words:
            pages.append(Page(n, 20 + _TXT_CELL * 8, y + 20, words))
    return pages
