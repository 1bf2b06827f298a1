"""A page's characters and shapes from pdfminer's interpreter, without its layout objects.

Profiling the parse stage on the Kent papers (cProfile, 12 papers, 106 pages) put
about a third of its time in pdfminer's text rendering: one ``LTChar`` object a
character (its bounding box through four ``apply_matrix_pt`` calls, ``set_bbox``,
pdfplumber's marked-content hook), then a dict built from each object. The parse
stage reads nine facts of a character. Here pdfminer's own interpreter, fonts and
path handling run unchanged; only the device's text rendering is replaced by a loop
that computes those nine facts with pdfminer's expressions, operand for operand
(``render_string_horizontal``, ``LTChar.__init__``, ``apply_matrix_rect``), so the
floats are the same bits, and pdfplumber's arithmetic (top, bottom, doctop, the
mediabox shift) on top. A font's text and width for a character code are looked up
once per document instead of once per character. Lines, rectangles and curves still
come from pdfminer's ``paint_path``; they are few. The interpreter keeps the clip path
(:mod:`pipeline.pdfclip`), and a character or shape it hides is left out here just as
:class:`pipeline.pdfclip.ClippedAggregator` leaves it out of the other backends' layout.

Vertical writing (CID fonts with vertical metrics) goes through pdfminer's own
``LTChar`` and the same conversion as :mod:`pipeline.pdfobjects`.
``benchmarks/parse.py parity`` and ``tests/test_parse_parity.py`` check that the
records are identical to pdfplumber's.
"""

from __future__ import annotations

import logging
from typing import Any

from pdfminer import settings
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFInterpreterError
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import PSKeyword, keyword_name
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.pdfclip import (
    PAD_SPACE,
    Clip,
    ClipInterpreter,
    ClipTarget,
    Cut,
    char_outside,
    cut_edge,
    drop_hidden_shapes,
)
from pipeline.pdfobjects import (
    PageObjects,
    _leaves,
    _shape,
    base_font,
    char_record,
    read_words,
)
from pipeline.pdftokens import content_objects

#: pdfminer's interpreter logger: its warnings are the paper's ``lost`` notes.
log = logging.getLogger("pdfminer.pdfinterp")

#: A font's (text, width) for each character code, per font object (fonts are shared
#: by the pages of a document through pdfminer's resource manager).
FontCache = dict[int, tuple[Any, dict[int, tuple[str, float]]]]


#: What a string's characters share within one text-showing operator: font, its glyph
#: cache, name, size, scaling, character and word spacing, the box's bottom and top in
#: text space (descent + rise, + size), the text matrix and whether it is upright.
_Run = tuple[Any, Any, str, float, float, float, float, float, float, Any, bool]


class _LeanDevice(ClipTarget, PDFPageAggregator):
    """pdfminer's page aggregator that keeps characters as plain dicts, not ``LTChar``,
    leaving out those (and the shapes) a clip path hides (:mod:`pipeline.pdfclip`)."""

    def __init__(self, rsrcmgr: Any, pageno: int, page: Any, fonts: FontCache) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.chars: list[dict[str, Any]] = []
        self._cut: Cut | None = None
        self._fonts = fonts
        self._height = page.height
        self._mb_x0, self._mb_top = page.mediabox[:2]
        self._doctop = page.initial_doctop

    def _glyphs(self, font: Any) -> dict[int, tuple[str, float]]:
        entry = self._fonts.get(id(font))
        if entry is None or entry[0] is not font:
            entry = (font, {})
            self._fonts[id(font)] = entry
        return entry[1]

    def _glyph(self, font: Any, cid: int, cache: dict[int, tuple[str, float]]) -> tuple[str, float]:
        """pdfminer's ``PDFLayoutAnalyzer.render_char`` text and width of one code."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        got = cache[cid] = (text, font.char_width(cid))
        return got

    def render_string_horizontal(  # type: ignore[override]
        self,
        seq: Any,
        matrix: Any,
        pos: Any,
        font: Any,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: Any,
        graphicstate: Any,
    ) -> Any:
        """pdfminer's loop, with ``render_char`` and ``LTChar`` inlined in :meth:`_run`."""
        (x, y) = pos
        needcharspace = False
        fontname = font.fontname
        if isinstance(fontname, bytes):
            fontname = fix_fontname_bytes(fontname)
        descent = font.get_descent() * fontsize
        (a, b, c, d, _e, _f) = matrix
        run: _Run = (
            font, self._glyphs(font), base_font(fontname), fontsize, scaling, charspace,
            wordspace, descent + rise, descent + rise + fontsize, matrix,
            a * d * scaling > 0 and b * c <= 0,
        )  # fmt: skip
        self._cut = Cut()
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                x, needcharspace = self._run(obj, x, y, needcharspace, run)
            else:
                # pdfminer warns and goes on; let it say so in its own words
                super().render_string_horizontal(
                    [obj], matrix, (x, y), font, fontsize, scaling, charspace,
                    wordspace, rise, dxscale, ncs, graphicstate,
                )  # fmt: skip
        self._cut = None
        return (x, y)

    def _run(self, s: bytes, x: float, y: float, needcharspace: bool, run: _Run) -> Any:
        """The characters of one string: pdfminer's arithmetic, operand for operand."""
        font, cache, fontname, fontsize, scaling, charspace, wordspace = run[:7]
        y0b, y1b, (a, b, c, d, e, f), upright = run[7:]
        height, mb_x0, mb_top, doctop = self._height, self._mb_x0, self._mb_top, self._doctop
        chars = self.chars
        clip = self.clip
        for cid in font.decode(s):
            if needcharspace:
                x += charspace
            glyph = cache.get(cid) or self._glyph(font, cid, cache)
            adv = glyph[1] * fontsize * scaling
            # translate_matrix(matrix, (x, y)), then apply_matrix_rect on
            # (0, y0b, adv, y1b) through apply_matrix_pt, as pdfminer does
            e2 = x * a + y * c + e
            f2 = x * b + y * d + f
            left1, bottom1 = a * 0 + c * y0b + e2, b * 0 + d * y0b + f2
            right1, bottom2 = a * adv + c * y0b + e2, b * adv + d * y0b + f2
            right2, top1 = a * adv + c * y1b + e2, b * adv + d * y1b + f2
            left2, top2 = a * 0 + c * y1b + e2, b * 0 + d * y1b + f2
            # min() and max() of four, unrolled: the same comparisons in the same
            # order (a later item replaces the one kept on < for min, on > for max)
            x0 = left2 if left2 < left1 else left1
            x0 = right1 if right1 < x0 else x0
            x0 = right2 if right2 < x0 else x0
            y0 = bottom2 if bottom2 < bottom1 else bottom1
            y0 = top1 if top1 < y0 else y0
            y0 = top2 if top2 < y0 else y0
            x1 = left2 if left2 > left1 else left1
            x1 = right1 if right1 > x1 else x1
            x1 = right2 if right2 > x1 else x1
            y1 = bottom2 if bottom2 > bottom1 else bottom1
            y1 = top1 if top1 > y1 else y1
            y1 = top2 if top2 > y1 else y1
            top = (height - y1) + mb_top
            rec = {
                "text": glyph[0],
                "x0": x0 + mb_x0 if mb_x0 != 0 else x0,
                "x1": x1 + mb_x0 if mb_x0 != 0 else x1,
                "top": top,
                "bottom": (height - y0) + mb_top,
                "doctop": doctop + top,
                "upright": upright,
                "fontname": fontname,
                "size": y1 - y0,
            }
            # a character a clip path hides is not read (its advance still counts); one
            # cut off at the clip's edge leaves a space there (pdfclip.Cut)
            if clip is None:
                chars.append(rec)
            elif not char_outside(clip, x0, y0, x1, y1):
                before = self._cut.on_shown() if self._cut is not None else None
                if before is not None:
                    self._space(before, clip, x0)
                chars.append(rec)
            elif self._cut is not None and self._cut.on_hidden((rec, x0, x1)):
                self._space((rec, x0, x1), clip)
            elif rec["text"] == " ":  # a hidden space parts words all the same
                self._space((rec, x0, x1), clip, mark=PAD_SPACE)
            x += adv
            if cid == 32 and wordspace:
                x += wordspace
            needcharspace = True
        return x, needcharspace

    def _space(
        self, hidden: Any, clip: Clip, shown_x0: float | None = None, mark: str = " "
    ) -> None:
        """The space a character cut off at the clip's edge leaves on that edge."""
        rec, x0, x1 = hidden
        edge = cut_edge(clip, x0, x1, shown_x0)
        if edge is not None:
            mb_x0 = self._mb_x0
            at = edge + mb_x0 if mb_x0 != 0 else edge
            self.chars.append({**rec, "text": mark, "x0": at, "x1": at})

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        """Vertical writing: pdfminer's ``LTChar``, converted as pdfplumber converts it."""
        adv = super().render_char(*args, **kwargs)
        obj = self.cur_item._objs.pop()
        assert isinstance(obj, LTChar)
        if self.clip is None or not char_outside(self.clip, obj.x0, obj.y0, obj.x1, obj.y1):
            rec = char_record(obj, self._height, self._mb_x0, self._mb_top, self._doctop)
            self.chars.append(rec)
        return float(adv)

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        """pdfminer's shapes, less those a clip path hides wholly."""
        objs = self.cur_item._objs
        n = len(objs)
        super().paint_path(gstate, stroke, fill, evenodd, path)
        drop_hidden_shapes(self.clip, objs, n)


class _Interpreter(ClipInterpreter):
    """pdfminer's interpreter (keeping the clip, :mod:`pipeline.pdfclip`) fed by playa's
    lexer where the two read a stream alike."""

    def execute(self, streams: Any) -> None:
        objs = None
        try:
            datas = [s.get_data() for s in _streams(streams, self.parent_stream_ids)]
            objs = content_objects(datas)
        except Exception:  # let pdfminer meet it, and report it, in its own way
            objs = None
        if objs is None:
            super().execute(streams)
            return
        _streams(streams, self.parent_stream_ids, self.stream_ids)  # pdfminer's warnings
        ops = _OPERATIONS.setdefault(type(self), {})
        for obj in objs:  # pdfminer's loop over PDFContentParser.nextobject(), as is
            if isinstance(obj, PSKeyword):
                op = ops.get(obj)
                if op is None:  # each operator's method looked up once per class
                    op = ops[obj] = _operation(type(self), obj)
                func, nargs = op
                if func is None:
                    if settings.STRICT:
                        raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                elif nargs:
                    args = self.pop(nargs)
                    if len(args) == nargs:
                        func(self, *args)
                else:
                    func(self)
            else:
                self.argstack.append(obj)  # pdfminer's push


#: Each interpreter class's method and operand count for each operator: pdfminer's loop
#: builds the method's name, and asks for the bound method and its argument count, at every
#: operator of every page.
_OPERATIONS: dict[type, dict[PSKeyword, tuple[Any, int]]] = {}


def _operation(cls: type, kw: PSKeyword) -> tuple[Any, int]:
    """The function pdfminer's loop calls for `kw` on an instance of `cls`, and how many
    operands it takes (None, 0 when there is none: pdfminer skips the operator)."""
    name = keyword_name(kw)
    method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
    func = getattr(cls, method, None)
    return (None, 0) if func is None else (func, func.__code__.co_argcount - 1)


def _streams(streams: Any, parents: set[int], ids: set[int] | None = None) -> list[PDFStream]:
    """The streams pdfminer's ``execute`` runs; with ``ids``, its warnings and bookkeeping."""
    if ids is not None:
        ids.clear()
    valid: list[PDFStream] = []
    for obj in streams:
        stream = stream_value(obj)
        if stream.objid is None:
            if ids is not None:
                log.warning("Execute called on non-indirect object (inline image?) %r", stream)
            continue
        if stream.objid in parents:
            if ids is not None:
                log.warning(
                    "Refusing to execute circular reference to content stream %d", stream.objid
                )
        else:
            valid.append(stream)
            if ids is not None:
                ids.add(stream.objid)
    return valid


def lean_objects(page: Any, fonts: FontCache) -> PageObjects:
    """Words, lines, rectangles and curves of a pdfplumber page, equal to pdfplumber's own.

    ``page`` is an uncropped ``pdfplumber.page.Page``; ``fonts`` is kept by the caller
    for the whole document. pdfplumber's ``Page.layout`` is not built.
    """
    device = _LeanDevice(page.pdf.rsrcmgr, page.page_number, page, fonts)
    interpreter = _Interpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:  # as pdfplumber's Page.layout reports it
        raise PdfminerException(e) from e
    out = PageObjects(words=[])
    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    for obj in _leaves(device.cur_item._objs):
        if isinstance(obj, LTCurve):
            _shape(page, obj, out, height, mb_x0, mb_top)
    return read_words(out, device.chars, page)
