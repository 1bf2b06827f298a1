"""Words → lines → segments, and narrative blocks in the order a person reads them.

Segments (phrases separated by wide gaps or ruling lines) are the unit the table
finder aligns into columns; blocks (paragraphs, headings, list items) are what
the tagger reads. Reading order comes from a recursive XY-cut, so a
three-column page reads column by column, not line by line across columns.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.models import BBox, Block, Line, Page, Rule, Segment, Word
from pipeline.normalise import fiscal_period, parse_amount

#: A gap wider than this many font sizes between two words splits a segment.
SEGMENT_GAP = 1.1


def page_lines(page: Page) -> list[Line]:
    """Group a page's words into lines (shared baseline), each split into segments.
    Text printed over other text in another size (a heading left in a collapsed
    spreadsheet row, a watermark) is dropped first: on the page only one of the two
    layers can be read, and grouping both splices one into the other's labels."""
    words = _join_wrapped_years(sorted(page.words, key=lambda w: (w.bbox.top, w.bbox.x0)))
    groups, spans = _baseline_groups(words)
    hidden = _overprinted(groups)
    if hidden:
        words = [w for w in words if id(w) not in hidden]
        groups, spans = _baseline_groups(words)
    # Small raised words (footnote markers) sit on the line whose baseline is just below them.
    for w in (w for w in words if w.superscript):
        best = _line_for_small_word(w, spans)
        if best is None:
            groups.append([w])
            spans.append((w.bbox.top, w.bbox.bottom))
        else:
            groups[best].append(w)
    vrules = [r for r in page.rules if r.orientation == "v"]
    lines = [make_line(page.number, g, vrules) for g in groups]
    lines.sort(key=lambda ln: (ln.bbox.top, ln.bbox.x0))
    return lines


_YEAR_HEAD = re.compile(r"(?:19|20)\d\d[-/\u2013]")


def _join_wrapped_years(words: list[Word]) -> list[Word]:
    """A year wrapped in a narrow header cell ("2020-" over "21") is one word again.

    Left as two, the "21" under it reads as a figure, its line as a row of figures,
    and the header above as a table of its own. The tail must stand right under the
    head, overlapping it, and complete a fiscal year with it: prose running from
    "2020-" at a line's end to "21" at the next line's start does neither.
    """
    heads = [w for w in words if _YEAR_HEAD.fullmatch(w.text)]
    if not heads:
        return words
    gone: set[int] = set()
    joined: dict[int, Word] = {}
    for head in heads:
        for w in words:
            gap = w.bbox.top - head.bbox.bottom
            if (
                id(w) not in gone
                and w.text.isdigit()
                and -0.2 * head.bbox.height <= gap <= 0.6 * head.bbox.height
                and w.bbox.x_overlap(head.bbox) > 0.5 * min(w.bbox.width, head.bbox.width)
                and fiscal_period(head.text + w.text) is not None
            ):
                box = BBox(
                    min(head.bbox.x0, w.bbox.x0),
                    head.bbox.top,
                    max(head.bbox.x1, w.bbox.x1),
                    head.bbox.bottom,
                )
                joined[id(head)] = dataclasses.replace(head, text=head.text + w.text, bbox=box)
                gone.add(id(w))
                break
    return [joined.get(id(w), w) for w in words if id(w) not in gone]


def _baseline_groups(words: Sequence[Word]) -> tuple[list[list[Word]], list[tuple[float, float]]]:
    """Words sorted by top, grouped by vertical overlap (superscripts left out)."""
    groups: list[list[Word]] = []
    spans: list[tuple[float, float]] = []
    for w in words:
        if w.superscript:
            continue
        placed = False
        # Look back over the last few lines only: words arrive sorted by top.
        for i in range(len(groups) - 1, max(-1, len(groups) - 6), -1):
            top, bottom = spans[i]
            overlap = min(bottom, w.bbox.bottom) - max(top, w.bbox.top)
            if overlap > 0 and overlap >= 0.5 * min(bottom - top, w.bbox.height):
                groups[i].append(w)
                spans[i] = (min(top, w.bbox.top), max(bottom, w.bbox.bottom))
                placed = True
                break
        if not placed:
            groups.append([w])
            spans.append((w.bbox.top, w.bbox.bottom))
    return groups, spans


def _covers(a: Word, b: Word) -> bool:
    """True when two words of clearly different sizes are printed over each other."""
    if max(a.size, b.size) < 1.2 * min(a.size, b.size):
        return False
    ix = min(a.bbox.x1, b.bbox.x1) - max(a.bbox.x0, b.bbox.x0)
    iy = min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)
    small = min(a.bbox.width * a.bbox.height, b.bbox.width * b.bbox.height)
    return ix > 0 and iy > 0 and ix * iy >= 0.3 * small


def _overprinted(groups: Sequence[Sequence[Word]]) -> set[int]:
    """Ids of the words of runs printed over several runs of other text.

    A run is words of one size on one baseline. When at least half the words of a
    run cover words of another size (the rest fall between cells), and the run
    covers more runs than any of those covers
    (a 14 pt heading across three 8 pt cells, a watermark across a paragraph), it
    is the stray layer."""
    hidden: set[int] = set()
    for group in groups:
        if len({w.size for w in group}) < 2:
            continue
        runs = _runs(group)
        run_of = {id(w): i for i, run in enumerate(runs) for w in run}
        covers: dict[int, set[int]] = {i: set() for i in range(len(runs))}
        covered: set[int] = set()
        ordered = sorted(group, key=lambda w: w.bbox.x0)
        for i, a in enumerate(ordered):
            for b in itertools.islice(ordered, i + 1, None):
                if b.bbox.x0 >= a.bbox.x1:
                    break
                if _covers(a, b):
                    covers[run_of[id(a)]].add(run_of[id(b)])
                    covers[run_of[id(b)]].add(run_of[id(a)])
                    covered.update((id(a), id(b)))
        for i, run in enumerate(runs):
            others = covers[i]
            over = 2 * sum(id(w) in covered for w in run) >= len(run)
            if len(others) >= 2 and over and len(others) > max(len(covers[j]) for j in others):
                hidden.update(id(w) for w in run)
    return hidden


def _runs(words: Sequence[Word]) -> list[list[Word]]:
    """Words of one size on one baseline, near enough to read as one phrase."""
    runs: list[list[Word]] = []
    by_size: dict[float, list[Word]] = {}
    for w in words:
        by_size.setdefault(round(w.size, 1), []).append(w)
    for same in by_size.values():
        open_runs: list[list[Word]] = []
        for w in sorted(same, key=lambda w: w.bbox.x0):
            run = next(
                (
                    r
                    for r in open_runs
                    if abs(r[-1].bbox.bottom - w.bbox.bottom) < 1.0
                    and w.bbox.x0 - r[-1].bbox.x1 < 1.5 * w.size
                ),
                None,
            )
            if run is None:
                open_runs.append([w])
            else:
                run.append(w)
        runs.extend(open_runs)
    return runs


def _line_for_small_word(w: Word, spans: Sequence[tuple[float, float]]) -> int | None:
    inside = [i for i, (top, bottom) in enumerate(spans) if top < w.bbox.bottom <= bottom + 1]
    if inside:
        return min(inside, key=lambda i: spans[i][1] - w.bbox.bottom)
    overlaps = [
        (min(bottom, w.bbox.bottom) - max(top, w.bbox.top), i)
        for i, (top, bottom) in enumerate(spans)
    ]
    best = max(overlaps, default=(0.0, -1))
    return best[1] if best[0] > 0 else None


def make_line(page: int, words: list[Word], vrules: Sequence[Rule]) -> Line:
    """One line from its words: superscripts marked, split into segments."""
    words = _mark_superscripts(sorted(words, key=lambda w: w.bbox.x0))
    normal = [w.size for w in words if not w.superscript] or [w.size for w in words]
    size = statistics.median(normal)
    bbox = BBox.enclosing([w.bbox for w in words])
    crossing = [
        r.bbox.x0
        for r in vrules
        if r.bbox.top <= bbox.yc <= r.bbox.bottom and bbox.x0 - 2 <= r.bbox.x0 <= bbox.x1 + 2
    ]
    segments: list[Segment] = []
    current: list[Word] = []
    usual = _word_space(words, size)
    for w in words:
        if current:
            prev = current[-1]
            gap = w.bbox.x0 - prev.bbox.x1
            # a rule between them, or a clip that cut the text off (a cell's edge)
            ruled = prev.cut or any(prev.bbox.xc < x < w.bbox.xc for x in crossing)
            split = ruled or gap > SEGMENT_GAP * size
            # In a tight table a figure and the comment beside it are closer than a
            # column gap, yet wider apart than the line's own word spaces.
            if not split and gap >= 0.6 * size and gap >= 2 * usual:
                split = _is_figure(prev.text) != _is_figure(w.text)
            # Two cells of text set tight (a code against its label, a rating against
            # the label before it, in a narrow column): three word spaces are no space.
            if not split and gap >= 0.6 * size and gap >= 3 * usual:
                split = True
            # Two figures side by side are two cells, however tight the columns.
            if not split and gap >= 0.35 * size and _is_number(prev.text) and _is_number(w.text):
                split = True
            # "TOTAL = £6,162.98": an equals sign sets a label against its figure.
            if not split and prev.text == "=" and _is_figure(w.text):
                split = True
            # A superscript footnote marker stays with the figure it follows.
            if w.superscript and gap < 0.5 * size and not ruled:
                split = False
            if split:
                segments.append(_segment(current))
                current = []
        current.append(w)
    if current:
        segments.append(_segment(current))
    # A bullet glyph set apart by a tab belongs to the item it marks; a currency sign an
    # accounting format sets at the left of a cell ("£m      105.86") to the figure.
    merged: list[Segment] = []
    for seg in segments:
        # (A dash before a lone figure is a nil cell of its own: a table whose figures
        # stand left of the labels.)
        bullet = len(merged) == 1 and _is_bullet(merged[0].text) and len(merged[0].words) == 1
        if (bullet and not _is_figure(seg.text)) or (
            merged
            and _CURRENCY_MARK.fullmatch(merged[-1].text)
            and _is_number(seg.text)
            and not any(merged[-1].bbox.x1 < x < seg.bbox.x0 for x in crossing)
            and _is_figure(f"{merged[-1].text} {seg.text}")
        ):
            seg = _segment(merged.pop().words + seg.words)
        merged.append(seg)
    return Line(page=page, words=words, segments=merged, bbox=bbox)


def _word_space(words: Sequence[Word], size: float) -> float:
    """The line's own word space: the lower middle of the gaps between words of running
    text, not beside a figure (a dash between two words, "Procurement - service", is
    punctuation there, not a nil figure). No more than a third of the font size, the
    widest space a font sets, so a line of two words set a column apart is not taken
    for text set that wide; unless the line has four or more spaces between words to
    measure, as a line of prose has, stretched or not by justification (a line of prose,
    or of a justified table cell, is not a row of tight cells)."""
    texts = [w.text for w in words]

    def wordish(i: int) -> bool:
        if not _is_figure(texts[i]):
            return True
        dash = texts[i] in _DASHES
        return (
            dash
            and 0 < i < len(texts) - 1
            and not (_is_figure(texts[i - 1]) or _is_figure(texts[i + 1]))
        )

    spaces = [
        g
        for i in range(len(words) - 1)
        if (g := words[i + 1].bbox.x0 - words[i].bbox.x1) <= SEGMENT_GAP * size
        and wordish(i)
        and wordish(i + 1)
    ]
    if not spaces:
        return 0.25 * size
    usual = statistics.median_low(spaces)
    if len(spaces) >= 4:
        return usual  # enough running text to measure: justified prose stretches it
    return min(usual, size / 3)


_DASHES = {"-", "–", "—"}


_CURRENCY_MARK = re.compile(r"£\s*(?:'?000s?|k|m|bn)?", re.IGNORECASE)


#: list markers a line may open with (dashes among them: see `_is_bullet`)
BULLETS = frozenset("•●▪■◦‣∙·○➢►➤✓–-*")


def _is_figure(text: str) -> bool:
    return parse_amount(text) is not None


def _is_number(text: str) -> bool:
    return any(c.isdigit() for c in text) and parse_amount(text) is not None


def _is_bullet(text: str) -> bool:
    """A list marker; dashes count only at a line's start (elsewhere a dash is a nil figure)."""
    return len(text) == 1 and text in BULLETS


def _mark_superscripts(words: list[Word]) -> list[Word]:
    """Superscripts are small and raised against their own line, not the page.

    A table set in a smaller font than the body is not a row of footnote markers.
    """
    base = max(w.size for w in words)
    floor = max(w.bbox.bottom for w in words if w.size > 0.85 * base)
    marks = [w.size <= 0.85 * base and w.bbox.bottom < floor - 0.12 * base for w in words]
    # Markers are the odd ones out: where most of the line is small and raised, the line is
    # set small and its few large words (a number spilling from its cell in a bigger font)
    # are the exception, not the rest footnote markers.
    if 2 * sum(marks) >= len(words):
        marks = [False] * len(words)
    out = []
    for w, sup in zip(words, marks, strict=True):
        out.append(w if sup == w.superscript else dataclasses.replace(w, superscript=sup))
    return out


def _segment(words: list[Word]) -> Segment:
    return Segment(words=list(words), bbox=BBox.enclosing([w.bbox for w in words]))


def line_size(line: Line) -> float:
    sizes = [w.size for w in line.words if not w.superscript] or [w.size for w in line.words]
    return statistics.median(sizes)


# --------------------------------------------------------------------------- reading order


def reading_order(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Segments cut into columns and bands (XY-cut), returned as column-wise groups in order."""
    out: list[list[Segment]] = []
    _xy_cut(list(segments), out, depth=0)
    return out


def _xy_cut(segs: list[Segment], out: list[list[Segment]], depth: int) -> None:
    if not segs:
        return
    if depth > 40:
        out.append(sorted(segs, key=lambda s: (s.bbox.top, s.bbox.x0)))
        return
    size = statistics.median(s.words[0].size for s in segs)
    # Horizontal cut first: a clear vertical gap between bands of text.
    ys = _gaps([(s.bbox.top, s.bbox.bottom) for s in segs], min_gap=1.2 * size)
    if ys:
        cut = max(ys, key=lambda g: g[1] - g[0])
        y = (cut[0] + cut[1]) / 2
        _xy_cut([s for s in segs if s.bbox.yc < y], out, depth + 1)
        _xy_cut([s for s in segs if s.bbox.yc >= y], out, depth + 1)
        return
    xs = _gaps([(s.bbox.x0, s.bbox.x1) for s in segs], min_gap=1.0 * size)
    if xs and _columns_are_text(segs, xs):
        x = (xs[0][0] + xs[0][1]) / 2
        _xy_cut([s for s in segs if s.bbox.xc < x], out, depth + 1)
        _xy_cut([s for s in segs if s.bbox.xc >= x], out, depth + 1)
        return
    out.append(sorted(segs, key=lambda s: (s.bbox.top, s.bbox.x0)))


def _columns_are_text(segs: Sequence[Segment], gaps: Sequence[tuple[float, float]]) -> bool:
    """A vertical gutter is a column break only when several lines stand on each side."""
    x = (gaps[0][0] + gaps[0][1]) / 2
    left = sum(1 for s in segs if s.bbox.xc < x)
    right = len(segs) - left
    return left >= 2 and right >= 2


def _gaps(intervals: Iterable[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    ivs = sorted(intervals)
    out: list[tuple[float, float]] = []
    if not ivs:
        return out
    end = ivs[0][1]
    for a, b in ivs[1:]:
        if a - end >= min_gap:
            out.append((end, a))
        end = max(end, b)
    return out


# --------------------------------------------------------------------------- blocks

_BULLET_RE = re.compile(r"^(?:[•●▪■◦‣∙·\-–*]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")


_VisualLine = tuple[str, BBox, bool, float]  # text, box, bold, font size


def blocks_from_segments(
    page: int, segs: Sequence[Segment], body_size: float, start_order: int
) -> list[Block]:
    """Paragraphs, headings and list items from segments of one page, in reading order."""
    blocks: list[Block] = []
    for group in reading_order(segs):
        for para in _paragraphs(_rows(group)):
            blocks.append(_block(page, start_order + len(blocks), para, body_size))
    return blocks


#: "... the approved budget for 2024-" / "25. The variations ...": a fiscal year broken at a
#: line's end, whose second half ("25.") would otherwise open a numbered list item
_YEAR_CUT_RE = re.compile(r"(?<!\d)(?:19|20)\d\d[-/]$")
_YEAR_END_RE = re.compile(r"\d\d(?!\d)")


def _paragraphs(rows: Sequence[_VisualLine]) -> list[list[_VisualLine]]:
    """Split a column's lines where the gap widens, a bullet starts, or boldness changes.

    Text set at 1.5 line spacing has gaps between its lines wider than half a line. A
    line was wrapped when the next line's first word would not have fitted after it
    within the column, so a gap of up to a line's height after such a line still
    continues the paragraph (else every line of such a page is a paragraph of its own,
    and a name broken over two lines is lost)."""
    paras: list[list[_VisualLine]] = []
    right = max((r[1].x1 for r in rows), default=0.0)
    for row in rows:
        text, bbox, bold, size = row
        if paras:
            prev = paras[-1][-1]
            gap = bbox.top - prev[1].bottom
            wrapped = gap <= 1.0 * size and prev[1].x1 + _first_word_width(row) >= right - 1
            year_goes_on = bool(_YEAR_CUT_RE.search(prev[0]) and _YEAR_END_RE.match(text))
            new = (
                (gap > 0.55 * size and not wrapped)
                or (bool(_BULLET_RE.match(text)) and not year_goes_on)
                or prev[2] != bold
            )
            if not new:
                paras[-1].append(row)
                continue
        paras.append([row])
    return paras


def _first_word_width(row: _VisualLine) -> float:
    """The width of a line's first word and a space, in proportion to its letters."""
    text, bbox = row[0].strip(), row[1]
    first = text.split(" ", 1)[0]
    return (bbox.x1 - bbox.x0) * (len(first) + 1) / max(len(text), 1)


def _block(page: int, order: int, para: Sequence[_VisualLine], body_size: float) -> Block:
    text = _join([t for t, _, _, _ in para])
    bbox = BBox.enclosing([b for _, b, _, _ in para])
    bold = all(b for _, _, b, _ in para)
    big = max(s for _, _, _, s in para) > body_size * 1.15
    kind = "paragraph"
    if _BULLET_RE.match(text):
        kind = "list_item"
    elif (bold or big) and len(text) < 200:
        kind = "heading"
    return Block(page, order, kind, text, bbox)


def _rows(group: Sequence[Segment]) -> list[_VisualLine]:
    """Segments of one column merged back into visual lines."""
    rows: list[list[Segment]] = []
    for s in sorted(group, key=lambda s: (s.bbox.top, s.bbox.x0)):
        if rows and s.bbox.y_overlap(rows[-1][-1].bbox) > 0.5 * s.bbox.height:
            rows[-1].append(s)
        else:
            rows.append([s])
    out = []
    for r in rows:
        r.sort(key=lambda s: s.bbox.x0)
        words = [w for s in r for w in s.words]
        sizes = Counter(round(w.size, 1) for w in words)
        out.append(
            (
                " ".join(s.text for s in r),
                BBox.enclosing([s.bbox for s in r]),
                all(s.bold for s in r),
                sizes.most_common(1)[0][0],
            )
        )
    return out


def _join(lines: Sequence[str]) -> str:
    text = ""
    for ln in lines:
        if not text:
            text = ln
        elif text.endswith("-") and not text.endswith(" -") and ln[:1].islower():
            text = text + ln
        elif _YEAR_CUT_RE.search(text) and _YEAR_END_RE.match(ln):
            text = text + ln  # a fiscal year broken at the line's end: "2024-" / "25."
        else:
            text = text + " " + ln
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- unruled grids

#: A grid's cell is a short phrase: "2025-26", "By 2027-28", "150 Year 7", "temp places".
_CELL_WORDS = 4
#: A grid's lines stand this many line heights apart at most (a blank line between rows).
_GRID_GAP = 2.5


def _cell_like(seg: Segment) -> bool:
    words = [w for w in seg.words if not w.superscript] or seg.words
    text = seg.text.strip()
    sentence_end = text.endswith((".", ";", ":")) and not _is_figure(text)
    return len(words) <= _CELL_WORDS and len(text) <= 40 and not sentence_end


def _has_digit(seg: Segment) -> bool:
    return any(c.isdigit() for c in seg.text)


def _grid_row(line: Line) -> bool:
    """Three or more short cells across the line, none of them a sentence."""
    return len(line.segments) >= 3 and all(_cell_like(s) for s in line.segments)


def _aligned(a: Line, b: Line) -> bool:
    """Two rows of one grid: most cells of the lower stand under cells of the upper."""
    hits = sum(1 for s in b.segments if any(s.bbox.x_overlap(t.bbox) > 0 for t in a.segments))
    return hits >= 2 and hits * 2 >= len(b.segments)


def grid_lines(lines: Sequence[Line]) -> set[int]:
    """ids of lines that form a grid of figures set without rules: narrative they are not.

    A table with no money in it (places per year, pupil numbers, dates) is not taken by
    the table finder, yet its cells are no prose: read as paragraphs, each column header
    "2025-26" would count as a fiscal year the text talks about. A grid is two or more
    rows of three or more short cells (four words at most, none a sentence) standing in
    columns one under the other, a line or two apart, where figures or years fill half
    the cells or more; short lines inside its span (a header set a little higher, a
    figure between rows) belong to it. Columns of running text fail it: their lines are
    long, and a two-column page has two cells a line; so does a list of names with a year
    and an award beside each, whose names stay narrative."""
    rows = sorted(lines, key=lambda ln: ln.bbox.top)
    out: set[int] = set()
    run: list[Line] = []

    def close() -> None:
        cells = [s for ln in run for s in ln.segments]
        if len(run) >= 2 and 2 * sum(1 for s in cells if _has_digit(s)) >= len(cells):
            top, bottom = run[0].bbox.top, run[-1].bbox.bottom
            x0 = min(ln.bbox.x0 for ln in run) - 2
            x1 = max(ln.bbox.x1 for ln in run) + 2
            out.update(id(ln) for ln in run)
            out.update(
                id(ln)
                for ln in rows
                if top <= ln.bbox.yc <= bottom
                and ln.bbox.x1 > x0
                and ln.bbox.x0 < x1
                and all(_cell_like(s) for s in ln.segments)
            )

    for ln in rows:
        if not _grid_row(ln):
            if not all(_cell_like(s) for s in ln.segments):  # prose between: the grid ended
                close()
                run = []
            continue
        near = run and ln.bbox.top - run[-1].bbox.bottom <= _GRID_GAP * line_size(ln)
        if run and not (near and _aligned(run[-1], ln)):
            close()
            run = []
        run.append(ln)
    close()
    return out
