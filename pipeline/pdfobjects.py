"""A page's characters, lines, rectangles and curves, as pdfplumber gives them, but cheaper.

pdfplumber turns every pdfminer layout object into a dict of some twenty resolved
attributes (colours, matrices, marked content, text normalisation) before its word
extractor reads five of them; on real papers that conversion costs more than
pdfminer's own reading of the page. Here the same pdfminer objects are read
directly, with pdfplumber's own arithmetic (top = height - y1 + mediabox top,
x shifted by the mediabox's x0), and only the keys the parse stage uses are
built. The words are grouped by pdfplumber's rules (:mod:`pipeline.pdfwords`, checked
against pdfplumber's own ``WordExtractor``, which the reference reading uses). This is
the ``layout`` parse backend; the default, ``lean`` (:mod:`pipeline.pdflean`), goes
further and builds no layout objects.
``tests/test_parse_parity.py`` and ``benchmarks/parse.py`` check that the records
are identical to pdfplumber's.

pypdfium2 was measured as the faster alternative and is not used: its
positions are single-precision and its boxes use other font metrics, so its
words differ from pdfplumber's on every page (``benchmarks/parse.py --pdfium``
prints the agreement), and identical output is the condition for a faster parse.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTItem, LTLine, LTRect
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils.pdfinternals import resolve_all
from pdfplumber.utils.text import WordExtractor

from pipeline.pdfclip import PAD_SPACE, clipped_layout
from pipeline.pdfwords import extract_words

#: The word grouping the layout stage is built on (pdfplumber ``extract_words`` arguments).
WORD_SETTINGS: dict[str, Any] = {
    "x_tolerance": 1.5,
    "y_tolerance": 2.5,
    "keep_blank_chars": False,
    "use_text_flow": False,
    "extra_attrs": ["fontname", "size"],
}

_WORDS = WordExtractor(**WORD_SETTINGS)


@dataclass
class PageObjects:
    """What the parse stage reads from one page, in pdfplumber's shapes and order."""

    words: list[dict[str, Any]]
    lines: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    curves: list[dict[str, Any]] = field(default_factory=list)
    #: degrees the page was turned clockwise to read its text upright (0, 90 or 270)
    turned: int = 0
    #: (x, top) of each place a clip cut text off (pdfclip.Cut's spaces, of no width):
    #: words either side of one are not joined as touching
    cuts: list[tuple[float, float]] = field(default_factory=list)


def read_words(
    out: PageObjects, chars: list[dict[str, Any]], page: Any, *, reference: bool = False
) -> PageObjects:
    """The page's words, read upright. A wide table is often set sideways on a portrait
    page (its text running up or down the sheet, no /Rotate to say so): a reader turns
    the page, and so does this, characters and shapes alike, before grouping words.
    Words are grouped by :mod:`pipeline.pdfwords` (pdfplumber's grouping, flattened),
    or with ``reference`` by pdfplumber's own ``WordExtractor``."""
    chars = _inner_cuts_dropped(_level(chars))
    turn = _sideways(chars)
    if turn:
        size = (page.mediabox[0] + page.width, page.mediabox[1] + page.height)
        chars = [_turned_char(c, turn, size) for c in chars]
        for shapes in (out.lines, out.rects, out.curves):
            shapes[:] = [_turned_shape(sh, turn, size) for sh in shapes]
        out.turned = turn
    out.words = _WORDS.extract_words(chars) if reference else extract_words(chars, _WORDS)
    out.cuts = [
        (c["x0"], c["top"]) for c in chars if c["text"] in _CUT_SPACES and c["x0"] == c["x1"]
    ]
    return out


#: points: glyphs this close to a clip's edge on both sides of it meet there
_TOUCH = 0.15
#: the spaces a clip leaves on its edge, which mark where a word was cut off
_CUT_SPACES = frozenset({" ", PAD_SPACE})


def _inner_cuts_dropped(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The spaces hidden spaces left on a clip's edge (pdfclip.PAD_SPACE), less those
    standing where shown glyphs meet: a glyph drawn across the edge or from it under
    another clip (a closing bracket set against an accounting cell's figure, past its
    hidden padding) shows no break there. (A cut's own space, where the clip hides a
    cell's overflow, stands however close the next cell's text starts.)"""
    cuts = [c for c in chars if c["text"] == PAD_SPACE and c["x0"] == c["x1"]]
    if not cuts:
        return chars
    shown: dict[int, list[tuple[float, float]]] = {}
    for c in chars:
        if c["x1"] > c["x0"] and not c["text"].isspace():
            shown.setdefault(round(c["top"]), []).append((c["x0"], c["x1"]))

    def inside(cut: dict[str, Any]) -> bool:
        x = cut["x0"]
        boxes = [b for k in (-1, 0, 1) for b in shown.get(round(cut["top"]) + k, ())]
        left = any(x0 < x and x1 >= x - _TOUCH for x0, x1 in boxes)
        right = any(x1 > x and x0 <= x + _TOUCH for x0, x1 in boxes)
        return left and right

    inner = {id(c) for c in cuts if inside(c)}
    return [c for c in chars if id(c) not in inner] if inner else chars


def _level(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Characters set along the line though pdfminer calls them not upright, as upright.

    pdfminer calls a character upright only when its matrix's skew terms multiply to
    zero or less; a spreadsheet pasted into a Word file sets each glyph with a skew of
    about -1e-7 in both, so a level line of figures ("£27.96") counts as turned and
    pdfplumber's grouping reads it a character or two per line. A run of such
    characters whose neighbours mostly sit on one top, each right of the last, is level
    text: it is grouped as upright text is. Text really turned steps down or up the
    page at one x, and mirrored text steps leftwards; neither is touched."""
    if all(c["upright"] for c in chars):
        return chars
    out = list(chars)
    runs = itertools.groupby(range(len(chars)), key=lambda i: bool(chars[i]["upright"]))
    for upright, group in runs:
        idx = list(group)
        if upright or len(idx) < 2:
            continue
        pairs = list(itertools.pairwise(chars[i] for i in idx))
        level = sum(1 for a, b in pairs if abs(a["top"] - b["top"]) < 0.5 and b["x0"] > a["x0"])
        if level >= 0.8 * len(pairs):
            # the skew also leaves each glyph's size different in the eighth decimal,
            # which would end a word at every character
            out[idx[0] : idx[-1] + 1] = [
                {**chars[i], "upright": True, "size": round(chars[i]["size"], 3)} for i in idx
            ]
    return out


def _sideways(chars: list[dict[str, Any]]) -> int:
    """90 when most of the text runs up the page, 270 when down, else 0.

    Most characters must be rotated, and consecutive ones in one column must mostly
    step the same way: text merely mirrored or a rotated caption beside a table does
    not turn the page.
    """
    rotated = [c for c in chars if not c["upright"]]
    if len(rotated) < 20 or len(rotated) < 0.6 * len(chars):
        return 0
    up = down = 0
    for a, b in itertools.pairwise(rotated):
        if abs(a["x0"] - b["x0"]) < 0.5 and a["top"] != b["top"]:
            if b["top"] < a["top"]:
                up += 1
            else:
                down += 1
    if up + down < 10 or max(up, down) < 0.8 * (up + down):
        return 0
    return 90 if up > down else 270


def _turn_box(
    x0: float, top: float, x1: float, bottom: float, turn: int, size: tuple[float, float]
) -> tuple[float, float, float, float]:
    """A box on the page turned clockwise by `turn` degrees: (x0, top, x1, bottom)."""
    width, height = size
    if turn == 90:
        return height - bottom, x0, height - top, x1
    return top, width - x1, bottom, width - x0


def _turned_char(c: dict[str, Any], turn: int, size: tuple[float, float]) -> dict[str, Any]:
    x0, top, x1, bottom = _turn_box(c["x0"], c["top"], c["x1"], c["bottom"], turn, size)
    return {
        **c,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": c["doctop"] - c["top"] + top,
        "upright": True,
        # the font's height, which ran across the page before it was turned
        "size": bottom - top,
    }


def _turned_shape(sh: dict[str, Any], turn: int, size: tuple[float, float]) -> dict[str, Any]:
    x0, top, x1, bottom = _turn_box(sh["x0"], sh["top"], sh["x1"], sh["bottom"], turn, size)
    out = {**sh, "x0": x0, "x1": x1, "top": top, "bottom": bottom}
    if "pts" in sh:
        out["pts"] = [_turn_box(x, y, x, y, turn, size)[:2] for x, y in sh["pts"]]
    return out


def _leaves(objs: Iterable[LTItem]) -> Iterator[LTItem]:
    """Layout objects in pdfplumber's order: a figure's contents where the figure stands."""
    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _leaves(obj._objs)
        else:
            yield obj


#: the tag a PDF writer puts before a font subset's name ("LFMOXB+ArialMT")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def base_font(name: str) -> str:
    """A font's name without its subset tag. Writers often embed one font as several
    subsets, and switch subset inside a number ("1," in one, "288,680" in the next):
    words are split where the font changes, so the tag must not count as a change."""
    return _SUBSET_TAG.sub("", name)


def reference_objects(page: Any) -> PageObjects:
    """The same through pdfplumber's public API: the reference the fast reading must equal.

    The page's layout is built first by :func:`pipeline.pdfclip.clipped_layout`, with
    pdfplumber's own device, so what a clip path hides is not among ``page.chars``
    and the shapes (pdfminer does not honour clip paths).
    """
    clipped_layout(page)
    chars = [{**c, "fontname": base_font(str(c["fontname"]))} for c in page.chars]
    out = PageObjects(words=[], lines=page.lines, rects=page.rects, curves=page.curves)
    return read_words(out, chars, page, reference=True)


def char_record(
    obj: LTChar, height: float, mb_x0: float, mb_top: float, doctop: float
) -> dict[str, Any]:
    """One character as pdfplumber's word extractor reads it, with pdfplumber's own
    arithmetic; the font's subset tag dropped (`base_font`)."""
    top = (height - obj.y1) + mb_top
    fontname: Any = obj.fontname
    if isinstance(fontname, bytes):  # rare byte-encoded names, as pdfplumber
        fontname = fix_fontname_bytes(fontname)
    return {
        "text": obj.get_text(),
        "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
        "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
        "top": top,
        "bottom": (height - obj.y0) + mb_top,
        "doctop": doctop + top,
        "upright": obj.upright,
        "fontname": base_font(fontname),
        "size": obj.size,
    }


def page_objects(page: Any) -> PageObjects:
    """Words, lines, rectangles and curves of a pdfplumber page, equal to pdfplumber's own.

    ``page`` is an uncropped ``pdfplumber.page.Page``; its layout (pdfminer's reading
    of the page, with what a clip path hides left out: :mod:`pipeline.pdfclip`) is
    built here once and is the caller's to release (``page.close()``).
    """
    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    doctop = page.initial_doctop
    chars: list[dict[str, Any]] = []
    out = PageObjects(words=[])
    for obj in _leaves(clipped_layout(page)._objs):
        if isinstance(obj, LTChar):
            chars.append(char_record(obj, height, mb_x0, mb_top, doctop))
        elif isinstance(obj, LTCurve):
            _shape(page, obj, out, height, mb_x0, mb_top)
    return read_words(out, chars, page)


def _shape(
    page: Any, obj: LTCurve, out: PageObjects, height: float, mb_x0: float, mb_top: float
) -> None:
    """A line, rectangle or curve with the keys parse reads, as pdfplumber computes them."""
    shape: dict[str, Any] = {
        "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
        "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
        "top": (height - obj.y1) + mb_top,
        "bottom": (height - obj.y0) + mb_top,
    }
    kind = type(obj)
    if kind is LTRect:
        shape["fill"] = resolve_all(obj.fill)
        shape["stroke"] = resolve_all(obj.stroke)
        shape["non_stroking_color"] = resolve_all(obj.non_stroking_color)
        out.rects.append(shape)
    elif kind is LTLine:
        out.lines.append(shape)
    elif kind is LTCurve:
        shape["pts"] = [page.point2coord(pt) for pt in obj.pts]
        out.curves.append(shape)
