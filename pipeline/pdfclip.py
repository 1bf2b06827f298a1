"""Clip paths, which pdfminer does not honour: text a clip hides is not read.

Spreadsheet and word-processor exports (LibreOffice Calc and Writer, Excel) draw a
cell's whole text and hide what overflows the cell with a clip path (``x y w h re W
n`` inside ``q … Q``): the second line of a wrapped header ("RAG" of "Delivery RAG")
drawn into the first body row, "Cost" of "Total Scheme Cost" under a row too short for
it. The printed page shows none of it, but pdfminer's interpreter treats ``W`` and
``W*`` as no-ops and keeps no clip in its graphics state, so every reading built on
it (pdfplumber's too) sees the hidden text, and it lands in row labels or splits
headers.

:class:`ClipInterpreter` keeps the clip pdfminer leaves out: the current path's
bounding box at the painting operator that ends a ``W``/``W*`` path, in device space
(through the CTM), intersected with the clip before it; saved by ``q``, restored by
``Q``, inherited by a form XObject. It tells its device (a :class:`ClipTarget`),
which drops

- a character whose centre lies outside the clip. The centre, not the whole box:
  a character half inside is half printed, and a reader sees it (LibreOffice clips
  at the cell's edge, so the overflow it hides lies wholly outside; a glyph's box
  runs from the font's descent to its size, wider than the ink, so "all of the box"
  would drop printed characters that merely touch the edge);
- a line, rectangle or curve whose box lies wholly outside the clip, with a margin
  of :data:`SHAPE_MARGIN` (a stroke's width reaches past its path): nothing of it is
  printed, so it is no rule or fill. A shape partly inside is kept as drawn, not cut
  to the clip.

A clip path that is not one upright rectangle (a rotated box, a curve, several
subpaths, an even-odd ``W*``) is taken as its bounding box, control points included:
the region kept is then larger than the printed one, so nothing printed is dropped,
and such clips around table text are rare. Not honoured: a form XObject's ``/BBox``
(a clip by the PDF standard; pdfminer reads it only as the figure's box), text
rendering modes 4 to 7 (text that adds itself to the clip) and soft masks.

All three parse backends (:mod:`pipeline.pdflean`, :mod:`pipeline.pdfobjects` and
pdfplumber's API, whose page layout :func:`clipped_layout` builds) run this
interpreter, so they drop the same characters and shapes and stay identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdfminer.layout import LTChar, LTCurve, LTItem
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import Matrix
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException

#: A clip region in device space: (x0, y0, x1, y1), y up, as pdfminer's layout objects.
Clip = tuple[float, float, float, float]

#: A shape this far (points) or less outside the clip may still print part of its
#: stroke, and is kept.
SHAPE_MARGIN = 1.0


def char_outside(clip: Clip, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a character's box has its centre outside the clip (an edge counts as in)."""
    cx = (x0 + x1) / 2
    cy = (y0 + y1) / 2
    return cx < clip[0] or cx > clip[2] or cy < clip[1] or cy > clip[3]


def shape_outside(clip: Clip, obj: LTItem) -> bool:
    """Whether a line, rectangle or curve lies wholly outside the clip and its margin."""
    if not isinstance(obj, LTCurve):
        return False
    m = SHAPE_MARGIN
    return (
        obj.x1 < clip[0] - m or obj.x0 > clip[2] + m or obj.y1 < clip[1] - m or obj.y0 > clip[3] + m
    )


def path_box(path: Sequence[Any], ctm: Matrix) -> Clip | None:
    """The device-space bounding box of a path's points (control points too), or None.

    A Bézier curve lies within its control points' hull, so the box holds the curve.
    """
    a, b, c, d, e, f = ctm
    xs: list[float] = []
    ys: list[float] = []
    for seg in path:
        coords = seg[1:]
        for i in range(0, len(coords) - 1, 2):
            x, y = coords[i], coords[i + 1]
            if not isinstance(x, int | float) or not isinstance(y, int | float):
                continue
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def intersect(clip: Clip | None, box: Clip) -> Clip:
    """The clip narrowed to a box; empty (x0 > x1 or y0 > y1) when they do not meet."""
    if clip is None:
        return box
    return (max(clip[0], box[0]), max(clip[1], box[1]), min(clip[2], box[2]), min(clip[3], box[3]))


class ClipTarget:
    """A device told the clip in force by a :class:`ClipInterpreter` (None: no clip)."""

    clip: Clip | None = None


class Cut:
    """Where a clip cuts one horizontal string's text, for a word break there.

    A spreadsheet cell's overflow is hidden at the cell's edge, and the next cell's text
    starts just past it: the shown part ("PRC DELEGATED CO-COMMISSIONI", its "NG" hidden)
    ends a point or less from the next cell's "ALBION", and word grouping glues the two.
    The printed page shows a cut there, so the reading makes one: the first character
    the clip hides after one it shows (or the last it hides before one it shows) becomes
    a space standing on the clip's edge, which ends the word and is no word itself; so
    does every space the clip hides (a cell's trailing space, drawn as a string of its
    own: "10" hard against the next cell's "Powys" would read "10Powys").
    Every backend applies this rule, character by character, so they stay identical.
    """

    __slots__ = ("hidden", "shown")

    def __init__(self) -> None:
        self.shown = False
        #: the last character hidden since one was shown, not yet a space
        self.hidden: object | None = None

    def on_hidden(self, char: object) -> bool:
        """A character hidden: whether it becomes the space ending the text shown before."""
        first = self.shown and self.hidden is None
        self.hidden = None if first else char
        if first:
            self.shown = False  # the space is placed; the string's next shown text starts anew
        return first

    def on_shown(self) -> object | None:
        """A character shown: the hidden character to set as a space before it, if any."""
        before = self.hidden if not self.shown else None
        self.shown, self.hidden = True, None
        return before


#: the space a hidden space leaves on the clip's edge (a thin space: white space, so it
#: parts words, and told apart from a cut's space, pdfobjects dropping it where shown
#: glyphs meet at the edge)
PAD_SPACE = "\u2009"


def cut_edge(clip: Clip, x0: float, x1: float, shown_x0: float | None = None) -> float | None:
    """Where the space for a hidden character stands: the clip's edge it is beyond, right
    or left (None: neither). On the left, no further right than the first character
    shown after it (``shown_x0``), whose box may start before the edge, so that the space
    stands before it in reading order."""
    cx = (x0 + x1) / 2
    if cx > clip[2]:
        return clip[2]
    if cx < clip[0]:
        return clip[0] if shown_x0 is None else min(clip[0], shown_x0)
    return None


class ClipInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter keeping the clip region through ``W``/``W*``, ``q``/``Q`` and forms.

    ``W`` only marks the current path; the clip changes when the next painting
    operator (``n`` most often, or a fill or stroke) ends the path, after it paints,
    as the PDF standard orders. pdfminer's own operators run unchanged.
    """

    _inherited: Clip | None = None

    def init_state(self, ctm: Matrix) -> None:
        super().init_state(ctm)
        self._clips: list[Clip | None] = []
        self._clip_next = False
        self._set_clip(self._inherited)

    def _set_clip(self, clip: Clip | None) -> None:
        self.clip = clip
        if isinstance(self.device, ClipTarget):
            self.device.clip = clip

    def dup(self) -> PDFPageInterpreter:
        """A form XObject's interpreter starts inside the clip it is drawn in."""
        other = super().dup()
        if isinstance(other, ClipInterpreter):
            other._inherited = self.clip
        return other

    def do_Do(self, xobjid_arg: Any) -> None:
        super().do_Do(xobjid_arg)
        self._set_clip(self.clip)  # the form's interpreter told the device its own

    def do_q(self) -> None:
        super().do_q()
        self._clips.append(self.clip)

    def do_Q(self) -> None:
        if self._clips:
            self._set_clip(self._clips.pop())
        super().do_Q()

    def do_W(self) -> None:
        self._clip_next = True

    def do_W_a(self) -> None:
        self._clip_next = True

    def _paint(self, paint: Any) -> None:
        """Run pdfminer's painting operator; then a path marked by ``W`` narrows the clip."""
        path = self.curpath
        paint()
        if self._clip_next:
            self._clip_next = False
            box = path_box(path, self.ctm)
            if box is not None:
                self._set_clip(intersect(self.clip, box))

    def do_S(self) -> None:
        self._paint(super().do_S)

    def do_f(self) -> None:
        self._paint(super().do_f)

    def do_F(self) -> None:
        self._paint(super().do_F)

    def do_f_a(self) -> None:
        self._paint(super().do_f_a)

    def do_B(self) -> None:
        self._paint(super().do_B)

    def do_B_a(self) -> None:
        self._paint(super().do_B_a)

    def do_n(self) -> None:
        self._paint(super().do_n)


class ClippedAggregator(ClipTarget, PDFPageAggregatorWithMarkedContent):
    """pdfplumber's page device, leaving out characters and shapes the clip hides (a
    character cut off at the clip's edge leaves a space there: :class:`Cut`)."""

    _cut: Cut | None = None

    def render_string_horizontal(self, *args: Any, **kwargs: Any) -> Any:
        self._cut = Cut()
        try:
            return super().render_string_horizontal(*args, **kwargs)
        finally:
            self._cut = None

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        adv = super().render_char(*args, **kwargs)
        clip = self.clip
        if clip is not None:
            objs = self.cur_item._objs
            obj = objs[-1]
            if not isinstance(obj, LTChar):
                return adv
            cut = self._cut
            if char_outside(clip, obj.x0, obj.y0, obj.x1, obj.y1):
                if cut is not None and cut.on_hidden(obj):
                    if not _as_space(obj, clip):
                        objs.pop()
                # a hidden space still parts the words either side, whatever string it ends
                elif obj.get_text() != " " or not _as_space(obj, clip, mark=PAD_SPACE):
                    objs.pop()
            elif cut is not None:
                before = cut.on_shown()
                if isinstance(before, LTChar) and _as_space(before, clip, obj.x0):
                    objs.insert(len(objs) - 1, before)
        return adv

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        objs = self.cur_item._objs
        n = len(objs)
        super().paint_path(gstate, stroke, fill, evenodd, path)
        drop_hidden_shapes(self.clip, objs, n)


def _as_space(obj: LTChar, clip: Clip, shown_x0: float | None = None, mark: str = " ") -> bool:
    """Make a hidden character the space standing on the clip's edge it is cut off at."""
    edge = cut_edge(clip, obj.x0, obj.x1, shown_x0)
    if edge is None:
        return False
    obj._text = mark
    obj.set_bbox((edge, obj.y0, edge, obj.y1))
    return True


def drop_hidden_shapes(clip: Clip | None, objs: list[Any], start: int) -> None:
    """Take the shapes painted from ``start`` on that the clip hides wholly out of ``objs``."""
    if clip is not None and len(objs) > start:
        objs[start:] = [o for o in objs[start:] if not shape_outside(clip, o)]


def clipped_layout(page: Any) -> Any:
    """A pdfplumber page's layout as ``Page.layout`` builds it, with the clip honoured.

    It is stored where pdfplumber caches the layout (``page._layout``, its objects'
    cache cleared), so the page's ``chars``, ``rects``, ``lines`` and ``curves``
    (pdfplumber's API) are read from it; ``tests/test_parse_parity.py`` fails if
    pdfplumber stops reading that cache.
    """
    device = ClippedAggregator(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams
    )
    interpreter = ClipInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:  # as pdfplumber's Page.layout reports it
        raise PdfminerException(e) from e
    page.flush_cache()
    page._layout = device.get_result()
    return page._layout
