"""Words as printed, from words as drawn: pieces a producer drew touching are one word,
and two numbers drawn with no gap between them (an amount and the code in the next
column) are two. Part of the parse stage; works on Word records only."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from pipeline.models import BBox, Word


def join_touching(words: list[Word]) -> list[Word]:
    """Words that touch on one baseline, in one font, are one word. Word processors track
    a heading's letters by printing a space over the glyphs, out of order ("Ent" + " " +
    "ry" drawn over "Entry"); pdfplumber splits at the space, which shows nowhere on the
    page. Printed words stand a space's width apart; these stand none. Except where a
    clip cut the first off (``Word.cut``): a cell's hidden overflow against the next
    cell's text, which the page shows apart."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and -0.5 <= w.bbox.x0 - prev.bbox.x1 <= 0.05 * w.size
            and abs(w.bbox.top - prev.bbox.top) < 0.5
            and abs(w.bbox.bottom - prev.bbox.bottom) < 0.5
            and (w.size, w.bold, w.superscript) == (prev.size, prev.bold, prev.superscript)
            and not prev.cut
        ):
            out[-1] = Word(
                prev.text + w.text,
                BBox(prev.bbox.x0, prev.bbox.top, w.bbox.x1, prev.bbox.bottom),
                prev.size,
                prev.bold,
                prev.superscript,
                w.cut,
            )
        else:
            out.append(w)
    return out


#: an amount to the penny with more digits run straight on ("43,979.71618184140": a VAT
#: number printed against the amount with no space): no figure has so many decimals
_GLUED_RE = re.compile(r"(\(?[-−]?\d[\d,]*\.\d\d\)?)(\d{4,}[\dA-Z]*)")


def split_glued(words: list[Word]) -> list[Word]:
    """Two numbers printed with no gap between them are two words: an amount in pence and
    the code set hard against it in the next column (digits are of one width, so the
    amount's share of the box is its share of the characters)."""
    out: list[Word] = []
    for w in words:
        m = _GLUED_RE.fullmatch(w.text)
        if m is None:
            out.append(w)
            continue
        cut = w.bbox.x0 + w.bbox.width * len(m.group(1)) / len(w.text)
        for text, x0, x1, ends in (
            (m.group(1), w.bbox.x0, cut, False),
            (m.group(2), cut, w.bbox.x1, w.cut),
        ):
            box = BBox(x0, w.bbox.top, x1, w.bbox.bottom)
            out.append(Word(text, box, w.size, w.bold, w.superscript, ends))
    return out


def mark_cuts(words: list[Word], cuts: Sequence[tuple[float, float]]) -> list[Word]:
    """Each word a clip cut the text off after (``cuts``: the (x, top) of each cut,
    pdfclip.Cut's spaces) marked ``cut``: the nearest word on the cut's line that starts
    left of it."""
    if not cuts:
        return words
    marked: set[int] = set()
    for x, top in cuts:
        left = [
            (w.bbox.x0, i)
            for i, w in enumerate(words)
            if abs(w.bbox.top - top) < 0.5 and w.bbox.x0 < x
        ]
        if left:
            marked.add(max(left)[1])
    return [dataclasses.replace(w, cut=True) if i in marked else w for i, w in enumerate(words)]
