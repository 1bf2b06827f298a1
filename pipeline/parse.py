"""Read a paper into Page records: words with font facts, ruling lines, cell fills.

This module and the parse backends it chooses from (``pipeline.pdflean`` with
``pipeline.pdftokens``, the default; ``pipeline.pdfobjects``; pdfplumber's API), which
read a page's objects the way pdfplumber does, faster, are the only ones that read PDFs
for extraction, so the later stages can be tested on pages built by hand and plain-text
papers share the same path. All of them run pdfminer's interpreter through
``pipeline.pdfclip.ClipInterpreter``, so text and shapes a clip path hides (a cell's
overflow in a spreadsheet or word-processor export) are not read, by any backend alike.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import stat
import statistics
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import PaperError
from pipeline.models import BBox, Fill, Page, Rule, Word
from pipeline.wordfix import join_touching, mark_cuts, split_glued

#: Symbol-font bullets arrive as private-use code points.
_PRIVATE_USE = re.compile("[\uf000-\uf0ff]")

#: Typeset ligatures (fi, fl, ffi…) left as one presentation-form code point by a naive
#: text extraction ("Eﬃciency savings"). pdfplumber's word extractor spells them out for
#: PDFs; a text paper gets the same, so its labels read as printed.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
)

#: Thinner than this (points), a filled rectangle is a drawn rule, not a cell fill.
RULE_THICKNESS = 2.5


#: A plain-text paper counts one page per form feed, per this many lines or per this many
#: bytes, whichever is most, against the page budget (``max_pages``).
TEXT_PAGE_LINES = 100
TEXT_PAGE_BYTES = 20_000

#: At most this many distinct warnings are kept per paper (each with its count).
MAX_WARNINGS = 8


@dataclass
class Reading:
    """The pages of one paper and what could not be read faithfully.

    ``lost`` says what content may be missing (a page that failed, data lost in a
    damaged stream): the paper is then ``partial``. ``notes`` say how something
    uncertain was read (a text file that is not UTF-8) without anything being lost.
    """

    pages: list[Page]
    lost: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_paper(path: Path, *, max_pages: int | None = None) -> list[Page]:
    """Pages of a PDF or plain-text paper; raises PaperError with a reason a person can act on."""
    return open_paper(path, max_pages=max_pages).pages


def open_paper(path: Path, *, max_pages: int | None = None) -> Reading:
    """Pages of a paper and what was lost reading them; PaperError when it cannot be read.

    Only regular files are read (a pipe or /dev/zero would block or never end), and a
    paper over ``max_pages`` fails at once with the reason, before any page is parsed.
    """
    data_head = _head(path)
    if path.suffix.lower() in {".txt", ".text"}:
        return read_text_paper(path, max_pages=max_pages)
    if not data_head:
        raise PaperError(str(path), "the file is empty")
    if not data_head.lstrip().startswith(b"%PDF"):
        low = data_head.lower()
        if b"<html" in low or b"<!doctype" in low:
            raise PaperError(
                str(path), "this is an HTML page saved with a .pdf name; download the PDF itself"
            )
        raise PaperError(str(path), "not a PDF file (no %PDF header); is it the right download?")
    return read_pdf_paper(path, max_pages=max_pages)


def check_regular(path: Path) -> os.stat_result:
    """The file's stat when it is a regular file; PaperError otherwise (pipe, device, folder)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise PaperError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise PaperError(
            str(path), "not a regular file (a pipe, device or socket); give the paper's file itself"
        )
    return st


def _head(path: Path) -> bytes:
    check_regular(path)
    try:
        with path.open("rb") as fh:
            return fh.read(1024)
    except OSError as exc:
        raise PaperError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def _over_budget(path: Path, pages: int, max_pages: int | None, what: str = "pages") -> None:
    if max_pages is not None and pages > max_pages:
        raise PaperError(
            str(path),
            f"{pages:,} {what}, over the budget of {max_pages:,} pages per paper; "
            "split the paper or raise --max-pages",
        )


class _Collect(logging.Handler):
    """pdfminer's warnings while a paper is read: each says something on a page was lost."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.seen[record.getMessage()[:160]] += 1

    def summary(self) -> list[str]:
        out = [f"pdfminer: {m}" + (f" ({n}×)" if n > 1 else "") for m, n in self.seen.items()]
        more = len(out) - MAX_WARNINGS
        return out[:MAX_WARNINGS] + ([f"… and {more} other warnings"] if more > 0 else [])


@contextmanager
def _pdfminer_warnings() -> Iterator[_Collect]:
    """Record (not print) what pdfminer warns of while reading; restored afterwards."""
    log = logging.getLogger("pdfminer")
    handler = _Collect()
    old = log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield handler
    finally:
        log.removeHandler(handler)
        log.propagate = old


def read_pdf(path: Path) -> list[Page]:
    """Pages of a PDF, with words, rules and fills."""
    return read_pdf_paper(path).pages


#: How a PDF page's objects are read; all give identical records (``benchmarks/parse.py
#: parity``), none reading what a clip path hides (:mod:`pipeline.pdfclip`):
#: ``pdfplumber`` through its public API (the reference), ``layout`` from
#: pdfminer's layout objects (:mod:`pipeline.pdfobjects`), ``lean`` from pdfminer's
#: interpreter without character objects (:mod:`pipeline.pdflean`, the fastest).
BACKENDS = ("lean", "layout", "pdfplumber")
DEFAULT_BACKEND = "lean"


def read_pdf_paper(
    path: Path,
    *,
    max_pages: int | None = None,
    reference: bool = False,
    backend: str | None = None,
) -> Reading:
    """Pages of a PDF read one at a time, each page's parse released before the next.

    A page that cannot be read is left out and named in ``lost`` (the rest of the
    paper is still worth having); so is anything pdfminer reports losing.
    ``reference`` reads each page through pdfplumber's public API (``backend=
    "pdfplumber"``), the slower reading the others are checked against
    (``tests/test_parse_parity.py``).
    """
    chosen = "pdfplumber" if reference else (backend or DEFAULT_BACKEND)
    if chosen not in BACKENDS:
        raise ValueError(f"unknown parse backend {chosen!r}; one of {', '.join(BACKENDS)}")
    with _pdfminer_warnings() as warned:
        reading = _read_pdf_pages(path, max_pages, chosen)
    reading.lost += warned.summary() + undecoded_text(reading.pages)
    if not reading.pages:
        if reading.lost:
            raise PaperError(str(path), f"the PDF is damaged: {reading.lost[0]}")
        pages, text = _second_opinion(path)
        if not pages:
            raise PaperError(str(path), "the PDF has no pages")
        if text:
            raise PaperError(
                str(path),
                f"pdfminer finds no page in the PDF's page tree, where pdfium reads {pages}: "
                "re-save it (e.g. qpdf --linearize), then ingest again",
            )
    if not any(p.words for p in reading.pages):
        raise PaperError(str(path), _NO_TEXT)
    return reading


_NO_TEXT = "no text layer (a scanned image?); run OCR first, e.g. ocrmypdf, then ingest again"


def _second_opinion(path: Path) -> tuple[int, bool]:
    """(pages, whether any holds text) as pdfium reads a file in which pdfminer found no
    page: a scanned page written with a bare page tree reads as pages of images there,
    so the error can say what to do (OCR) instead of "no pages"."""
    import pypdfium2  # pdfplumber's own dependency; only asked when pdfminer finds nothing

    try:
        doc = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        return 0, False
    try:
        n = len(doc)
        return n, any(doc[i].get_textpage().count_chars() > 0 for i in range(min(n, 20)))
    finally:
        doc.close()


def undecoded_text(pages: list[Page]) -> list[str]:
    """Pages whose text the PDF gives no Unicode for, said once for the paper.

    A font embedded without a map from its glyphs to characters reads as "(cid:17)";
    figures and labels set in it are lost though the page looks fine, so the paper is
    partial and the reader is told why, not left with an empty table.
    """
    bad = [
        p.number
        for p in pages
        if p.words and sum("(cid:" in w.text for w in p.words) >= 0.2 * len(p.words)
    ]
    if not bad:
        return []
    shown = ", ".join(str(n) for n in bad[:10]) + (" …" if len(bad) > 10 else "")
    return [
        f"text on page(s) {shown} cannot be decoded (a font with no Unicode map, read as "
        "'(cid:N)'): figures there are missing; OCR the paper, e.g. ocrmypdf --force-ocr"
    ]


def load_pdf_readers() -> None:
    """Import what reading a PDF takes (pdfplumber, pdfminer, playa, our page readers).

    They are imported when a paper is first read, so that commands reading no PDF never
    pay for them; a process about to fork a worker a paper calls this first, or each
    worker imports them again (about 0.08 s of CPU a paper, a tenth of a Kent paper's).
    """
    import pdfminer.pdftypes  # noqa: F401
    import pdfplumber  # noqa: F401

    import pipeline.pdflean
    import pipeline.pdfobjects  # noqa: F401


def _read_pdf_pages(path: Path, max_pages: int | None, backend: str) -> Reading:
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
    reading = Reading([])
    once = _Once()
    fonts: dict[int, Any] = {}  # the lean backend's glyphs per font, for the whole paper
    try:
        with pdf:
            _over_budget(path, len(pdf.pages), max_pages)
            for p in pdf.pages:
                raws = _raw_contents(p)
                try:
                    reading.lost += _damaged_streams(p)
                    reading.pages.append(_page(p, backend=backend, once=once, fonts=fonts))
                except Exception as exc:  # one damaged page: keep the others, say so
                    reading.lost.append(
                        f"page {p.page_number} could not be read ({type(exc).__name__}: "
                        f"{str(exc)[:120]})"
                    )
                finally:
                    p.close()  # drop the page's parsed objects: memory stays flat in page count
                    _release_streams(pdf, raws)
    except PaperError:
        raise
    except Exception as exc:
        raise PaperError(
            str(path), f"the PDF is damaged or truncated ({type(exc).__name__}: {str(exc)[:200]})"
        ) from exc
    return reading


def _raw_contents(p: Any) -> list[tuple[Any, bytes]]:
    """The page's own content streams with their undecoded bytes, to restore after the page."""
    from pdfminer.pdftypes import PDFStream, resolve1

    out = []
    for ref in getattr(p.page_obj, "contents", None) or []:
        stream = resolve1(ref)
        if isinstance(stream, PDFStream) and stream.data is None and stream.rawdata is not None:
            out.append((stream, stream.rawdata))
    return out


def _release_streams(pdf: Any, raws: list[tuple[Any, bytes]]) -> None:
    """Let go of the streams a page decoded, so a paper's memory does not grow per page.

    pdfminer keeps every object it parsed for the life of the document (images'
    bytes, forms, decoded content), and a page's content streams stay decoded on
    the page object: on a long paper that grows with every page read. Content
    streams go back to their compressed bytes (decoded again if read again) and
    parsed streams leave the document's cache (parsed again from the file if
    another page uses them). Fonts are kept: pdfminer's resource manager holds them.
    """
    from pdfminer.pdftypes import PDFStream

    for stream, raw in raws:
        if stream.data is not None:
            stream.data, stream.rawdata = None, raw
    cache = getattr(pdf.doc, "_cached_objs", None)  # private to pdfminer: skipped if renamed
    if isinstance(cache, dict):
        for objid in [k for k, v in cache.items() if isinstance(v[0], PDFStream)]:
            del cache[objid]


def _damaged_streams(p: Any) -> list[str]:
    """Content streams of a page that cannot be decoded.

    pdfminer drops a stream it cannot decompress without a word (it decodes to
    nothing), so the page's text silently goes missing. Decoding a copy of each
    stream strictly first is what lets the paper say it is partial.
    """
    from pdfminer import settings
    from pdfminer.pdftypes import PDFStream, resolve1

    contents = resolve1(getattr(p.page_obj, "contents", None) or [])
    out: list[str] = []
    for ref in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        copy = PDFStream(stream.attrs, stream.rawdata, stream.decipher)
        copy.set_objid(stream.objid, stream.genno)  # type: ignore[arg-type]
        strict, settings.STRICT = settings.STRICT, True
        try:
            copy.decode()
        except Exception as exc:
            why = str(exc).split(",")[0][:100]
            out.append(f"page {p.page_number}: a damaged content stream was skipped ({why})")
        finally:
            settings.STRICT = strict
    return out


class _Once:
    """One object for each distinct word text and coordinate of a paper.

    A paper's words are kept until its last page is read (running heads, the body size
    and tables over pages need them all), and they repeat themselves: every word of a
    line has the same top and bottom, a page has a few font sizes, and "£000" or
    "Green" recur on every page. Each is a separate object as read; sharing one per
    value takes about a fifth off the words' memory, with the same values. Zero keeps
    its own object, since 0.0 and -0.0 are equal but print differently.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._numbers: dict[float, float] = {}

    def text(self, value: str) -> str:
        return self._texts.setdefault(value, value)

    def number(self, value: float) -> float:
        return self._numbers.setdefault(value, value) if value else value


def _page(
    p: Any,
    *,
    backend: str = DEFAULT_BACKEND,
    once: _Once | None = None,
    fonts: dict[int, Any] | None = None,
) -> Page:
    """One page's record, its objects read by ``backend`` (one of :data:`BACKENDS`)."""
    from pipeline.pdflean import lean_objects
    from pipeline.pdfobjects import page_objects, reference_objects

    one = once or _Once()
    if backend == "lean":
        objs = lean_objects(p, {} if fonts is None else fonts)
    elif backend == "layout":
        objs = page_objects(p)
    else:
        objs = reference_objects(p)
    raw = objs.words
    sizes = [float(w["size"]) for w in raw] or [10.0]
    body = statistics.median(sizes)
    words = [
        Word(
            text=one.text(_PRIVATE_USE.sub("•", str(w["text"]))),
            bbox=BBox(
                one.number(float(w["x0"])),
                one.number(float(w["top"])),
                one.number(float(w["x1"])),
                one.number(float(w["bottom"])),
            ),
            size=one.number(float(w["size"])),
            bold=_is_bold(str(w["fontname"])),
            superscript=float(w["size"]) < 0.8 * body,
        )
        for w in raw
    ]
    words = split_glued(join_touching(mark_cuts(words, objs.cuts)))
    rules: list[Rule] = []
    fills: list[Fill] = []
    for ln in objs.lines:
        _add_rule(rules, float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
    for r in objs.rects:
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
    for c in objs.curves:
        pts = c.get("pts") or []
        if len(pts) == 2:
            (ax, ay), (bx, by) = pts
            _add_rule(rules, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    return Page(
        number=int(p.page_number),
        # a page read turned (pdfobjects.read_words) is as wide as it was tall
        width=float(p.height if objs.turned % 180 else p.width),
        height=float(p.width if objs.turned % 180 else p.height),
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


@functools.lru_cache(maxsize=4096)  # a paper has a few fonts and tens of thousands of words
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
    """A plain-text paper as pages of synthetic geometry."""
    return read_text_paper(path).pages


def decode_text(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The text of a text paper and how it was decoded when that was not plain UTF-8.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are read as
    they say. Bytes that are not UTF-8 are read as Windows-1252, the encoding of
    text exported on UK office machines (where £ is byte A3; Latin-1 agrees on it),
    and the paper says so. NUL bytes without a UTF-16 mark mean it is not text at all.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), ["text read as UTF-16 (byte-order mark)"]
    if b"\x00" in data:
        raise PaperError(str(path), "binary data, not text (NUL bytes); is it the right file?")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start:,} is {data[exc.start : exc.start + 1].hex().upper()}"
    try:
        text, name = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "Latin-1"
    return text, [f"not UTF-8 ({where}): text read as {name}"]


def read_text_paper(path: Path, *, max_pages: int | None = None) -> Reading:
    """A plain-text paper as pages of synthetic geometry.

    Tab-separated cells become words at fixed column slots, so the same table
    finder reads a text export's tables; blank lines become paragraph gaps;
    form feeds start new pages.
    """
    size = check_regular(path).st_size
    _over_budget(path, math.ceil(size / TEXT_PAGE_BYTES), max_pages, "pages of text by size")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PaperError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    text, notes = decode_text(path, data)
    text = text.translate(_LIGATURES)
    if not text.strip():
        raise PaperError(str(path), "the file is empty")
    chunks = text.split("\f")
    lines = text.count("\n") + 1
    _over_budget(
        path, max(len(chunks), math.ceil(lines / TEXT_PAGE_LINES)), max_pages, "pages of text"
    )
    return Reading(_text_pages(chunks), notes=notes)


def _text_pages(chunks: list[str]) -> list[Page]:
    pages: list[Page] = []
    for n, chunk in enumerate(chunks, start=1):
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
