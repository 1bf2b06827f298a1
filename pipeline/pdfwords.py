"""pdfplumber's word grouping for the parse stage's one setting, in one flat loop.

Why: after the lean backend (:mod:`pipeline.pdflean`) stopped building pdfminer's
character objects, pdfplumber's ``WordExtractor.extract_words`` was a fifth of the
parse stage's CPU on the Kent papers (cProfile): for every character a generator
step, a call of ``char_begins_new_word`` with its direction branches, a lambda per
sort key, and per word ``merge_chars`` through ``zip``/``itemgetter``. The parse stage
always groups with the same arguments (``pdfobjects.WORD_SETTINGS``: x tolerance 1.5,
y tolerance 2.5, blank characters dropped, no text flow, ligatures expanded, no
punctuation splitting, font name and size kept), so for upright text, nearly every
page's, the grouping reduces to the few comparisons below.

They are pdfplumber's own steps on the same values, in the same order: characters
are grouped by (upright, font name, size) as they come, each group's lines are
pdfplumber's clusters of ``top`` values (``cluster_objects``: sorted distinct values
joined while each is within the tolerance of the one before, then a stable sort by
cluster), each line is stably sorted by ``x0``, and a word ends at white space, at a
character with empty text (pdfplumber's ``text in split_at_punctuation`` is true for
"" when nothing splits at punctuation: such a character is a word by itself), or
where ``char_begins_new_word`` would say so; a word's box is the ``min``/``max`` of its
characters' in their order. Groups of characters that are not upright go to
pdfplumber's extractor itself. ``benchmarks/parse.py parity`` compares the page
records with those read through pdfplumber's API (which groups with pdfplumber's
extractor), and ``tests/test_pdfwords.py`` compares the two groupings directly.
"""

from __future__ import annotations

import itertools
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import LIGATURES, WordExtractor

#: the arguments this grouping stands for (pdfplumber ``extract_words`` arguments)
X_TOLERANCE = 1.5
Y_TOLERANCE = 2.5
EXTRA_ATTRS = ("fontname", "size")

_GROUP = itemgetter("upright", *EXTRA_ATTRS)
_X0 = itemgetter("x0")
_SECOND = itemgetter(1)


def extract_words(chars: list[dict[str, Any]], reference: WordExtractor) -> list[dict[str, Any]]:
    """The words pdfplumber's ``reference`` extractor (built with the settings above)
    finds in ``chars``, as the same dicts."""
    out: list[dict[str, Any]] = []
    for (upright, *_), group in itertools.groupby(chars, _GROUP):
        run = list(group)
        if upright:
            for line in _lines(run):
                _words(line, out)
        else:  # text set sideways: pdfplumber's own grouping, from the same group
            out.extend(reference.extract_words(run))
    return out


def _lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """pdfplumber's ``cluster_objects(chars, top, Y_TOLERANCE)``, each line sorted by x0."""
    tops = sorted(set(c["top"] for c in chars))
    last = tops[0]
    cluster: dict[Any, int] = {last: 0}
    index = 0
    for value in tops[1:]:
        if not value <= last + Y_TOLERANCE:
            index += 1
        cluster[value] = index
        last = value
    if index == 0:
        return [sorted(chars, key=_X0)]
    keyed = sorted(((c, cluster.get(c["top"])) for c in chars), key=_SECOND)
    return [sorted([c for c, _ in line], key=_X0) for _, line in itertools.groupby(keyed, _SECOND)]


def _words(line: list[dict[str, Any]], out: list[dict[str, Any]]) -> None:
    """pdfplumber's ``iter_chars_to_words`` and ``merge_chars`` for left-to-right text."""
    word: list[dict[str, Any]] = []
    prev: dict[str, Any] | None = None
    for c in line:
        text = c["text"]
        if text.isspace():
            if word:
                out.append(_merge(word))
                word = []
            prev = None
        elif text == "":
            if word:
                out.append(_merge(word))
            out.append(_merge([c]))
            word = []
            prev = None
        elif prev is not None and (
            c["x0"] < prev["x0"]
            or c["x0"] > prev["x1"] + X_TOLERANCE
            or abs(c["top"] - prev["top"]) > Y_TOLERANCE
        ):
            out.append(_merge(word))
            word = [c]
            prev = c
        else:
            word.append(c)
            prev = c
    if word:
        out.append(_merge(word))


def _merge(chars: list[dict[str, Any]]) -> dict[str, Any]:
    first = chars[0]
    if len(chars) == 1:
        x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
        text = LIGATURES.get(first["text"], first["text"] or "")
    else:
        x0 = min([c["x0"] for c in chars])
        top = min([c["top"] for c in chars])
        x1 = max([c["x1"] for c in chars])
        bottom = max([c["bottom"] for c in chars])
        text = "".join([LIGATURES.get(c["text"], c["text"] or "") for c in chars])
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top + (first["doctop"] - first["top"]),
        "bottom": bottom,
        "upright": first["upright"],
        "height": bottom - top,
        "width": x1 - x0,
        "direction": "ltr",
        "fontname": first["fontname"],
        "size": first["size"],
    }
