"""Cells set so close that the line's words run on as one phrase, parted again where a
column starts.

A spreadsheet printed without grid lines leaves a left-aligned cell's text a few points
from the next cell's ("From PTC 1.10.12 The Old Billiard Room": the date acquired, then
the asset's name). Read by its gaps, the line has one segment where the table has two
cells. A column shows itself by an edge: many rows start a cell at the same x, and its
header cell starts there too. So a row's segment holding a word that starts on such an
edge is cut before that word, as Camelot's stream mode cuts text at column edges it has
found from the rows that show them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import BBox, Line, Segment, Word
from pipeline.normalise import parse_amount
from pipeline.tables.datecolumns import DATE as _DATE

#: points: a word starts on an edge when its left side is this close to it
_ON_EDGE = 1.5
#: a sign or dash a figure may be printed a space after ("- 17")
_SIGNS = frozenset({"-", "\u2013", "\u2212", "+"})


def split_at_column_starts(lines: Sequence[Line], data_idx: Sequence[int]) -> list[Line]:
    """The lines, each row of figures with its segments cut where a column starts.

    An edge is where a header cell starts and at least three lines below it (and a
    third as many as the rows of figures) start a word; the lines under the header are
    cut (a label wrapped above its figures as well), only before a word that starts on an
    edge, never before a segment's first word."""
    if not data_idx:
        return list(lines)
    rows = [lines[i] for i in data_idx]
    need = max(3, len(rows) / 3)
    edges = sorted(
        {
            s.bbox.x0
            for k, ln in enumerate(lines[: data_idx[0]])
            for s in ln.segments
            if sum(
                1
                for below in lines[k + 1 :]
                if any(abs(w.bbox.x0 - s.bbox.x0) <= _ON_EDGE for w in below.words)
            )
            >= need
        }
    )
    among = sorted(_figure_area_edges(rows, need))
    starts = _label_starts(rows, need)
    if not edges and not among and not starts:
        return list(lines)
    out = list(lines)
    for i in range(data_idx[0], len(lines)):
        line = (_note_apart(lines[i], starts) if starts else None) or lines[i]
        out[i] = _cut_line(line, edges, among) or line
    return out


#: a note or section number standing before a row's name ("6.2.1", "12a", "(4)")
_NOTE_REF = re.compile(r"\(?[A-Za-z]{0,3}\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?\)?\.?")


def _label_starts(rows: Sequence[Line], need: float) -> list[float]:
    """Where many rows of figures start their first word: the label column's left edge."""
    firsts = [ln.segments[0].words[0].bbox.x0 for ln in rows if ln.segments]
    out: list[float] = []
    for x in sorted(firsts):
        if any(abs(x - e) <= _ON_EDGE for e in out):
            continue
        if sum(1 for f in firsts if abs(f - x) <= _ON_EDGE) >= need:
            out.append(x)
    return out


def _note_apart(line: Line, starts: Sequence[float]) -> Line | None:
    """The line with a note number set left of the label column's edge cut off its
    first segment ("6.2.1" a tab before "Cost of Services", where the rows with no note
    start their names): the note is a column of its own, not part of the row's name."""
    if not line.segments or len(line.segments[0].words) < 2:
        return None
    first, *rest = line.segments
    word, nxt = first.words[0], first.words[1]
    if not _NOTE_REF.fullmatch(word.text) or nxt.bbox.x0 - word.bbox.x1 < 0.35 * nxt.size:
        return None
    if not any(abs(nxt.bbox.x0 - x) <= _ON_EDGE and word.bbox.x0 < x for x in starts):
        return None
    parts = [_segment(first.words[:1]), _segment(first.words[1:])]
    return Line(line.page, line.words, [*parts, *rest], line.bbox)


def _figure_area_edges(rows: Sequence[Line], need: float) -> set[float]:
    """Where many rows start a word among the figures, right of the first: a column of
    ratings or words set one space after a figure ("£135k Green" in a typewriter face),
    or of figures all as wide, has an edge there that a glued row's words cross."""
    figures = [s.bbox.x0 for ln in rows for s in ln.segments if parse_amount(s.text) is not None]
    if not figures:
        return set()
    first = min(figures)
    starts = sorted(
        {
            round(w.bbox.x0, 1)
            for ln in rows
            for w in ln.words
            if w.bbox.x0 > first and not w.superscript
        }
    )
    out: set[float] = set()
    for x in starts:
        if any(abs(x - e) <= _ON_EDGE for e in out):
            continue
        if sum(1 for ln in rows if any(abs(w.bbox.x0 - x) <= _ON_EDGE for w in ln.words)) >= need:
            out.add(x)
    return out


def _cut_line(line: Line, edges: Sequence[float], among: Sequence[float]) -> Line | None:
    """The line with its segments cut before each word on an edge; None when none is."""
    segments: list[Segment] = []
    changed = False
    for seg in line.segments:
        start = 0
        if len(seg.words) >= 10 and seg.text.rstrip().endswith("."):
            segments.append(seg)  # a sentence run across the columns (a footnote)
            continue
        # edges among the figures part only a figure glued to what follows it
        glued = parse_amount(seg.text) is None and any(
            parse_amount(w.text) is not None for w in seg.words
        )
        at = [*edges, *among] if glued else edges
        for k in range(1, len(seg.words)):
            word, before = seg.words[k], seg.words[k - 1]
            if word.superscript or (before.text in _SIGNS and parse_amount(word.text)):
                continue  # a footnote's raised marker; a figure's sign set apart ("- 17")
            if not glued and _figure_or_date(seg.words[start:k]):
                continue  # a figure or date before text: the columns of figures part them
            # a column's text starts further from the cell before than a word from the
            # last ("1.10.12   The Old Billiard Room"); a heading's words do not
            spaced = word.bbox.x0 - before.bbox.x1 >= 0.35 * word.size
            # ... or set in another size, as the next cell's own format ("1.10.12" at 7.8
            # points, then "Sheet Village Hall" at 7.1 a word space after it)
            spaced = spaced or abs(word.size - before.size) > 0.05 * before.size
            if any(abs(word.bbox.x0 - x) <= _ON_EDGE for x in at if spaced or x in among):
                segments.append(_segment(seg.words[start:k]))
                start = k
                changed = True
        segments.append(seg if start == 0 else _segment(seg.words[start:]))
    if not changed:
        return None
    return Line(line.page, line.words, segments, line.bbox)


def _segment(words: Sequence[Word]) -> Segment:
    return Segment(list(words), BBox.enclosing([w.bbox for w in words]))


def _figure_or_date(words: Sequence[Word]) -> bool:
    text = " ".join(w.text for w in words)
    return parse_amount(text) is not None or _DATE.fullmatch(text) is not None
