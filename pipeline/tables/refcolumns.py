"""Reference columns: row numbers and codes printed beside a table's labels, and labels
led by their own box number, told apart from figures before any figure is read."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from pipeline.models import BBox, Line, Segment
from pipeline.normalise import looks_like_total, parse_amount
from pipeline.tables.columns import Band, references


def numbered_label(seg: Segment) -> bool:
    """A row's first cell led by its box or line number ("2 Precept or Rates and Levies"):
    a label, though its first word reads as a figure, as a nil dash before a label
    ("- General Reserve") does not. Not "0 Inflation": a nil figure set against a note."""
    words = seg.words
    return (
        len(words) > 1
        and _BOX_NUMBER.fullmatch(words[0].text) is not None
        and any(c.isalpha() for c in words[1].text)
    )


_BOX_NUMBER = re.compile(r"[1-9]\d?[.)]?")


def ruled_refs(bands: list[Band], lines: Sequence[Line], data_idx: Sequence[int]) -> None:
    """A ruled column of row numbers, or of codes under a "Ref" header, standing before
    the text columns is a reference."""
    for j, b in enumerate(bands):
        if b.kind != "num":
            continue
        if not any(x.kind == "text" for x in bands[j + 1 :]):
            return
        texts = [s.text for i in data_idx for s in lines[i].segments if b.x0 <= s.bbox.xc <= b.x1]
        head = " ".join(
            s.text for ln in lines[: data_idx[0]] for s in ln.segments if b.x0 <= s.bbox.xc <= b.x1
        )
        # Codes as well as bare numbers ("DP 41", "MC1 17/8", "300094"), with no amount's
        # separators or pence, under a "Ref" header or (a page carrying on without its
        # header) coded more than once: references, not money.
        lettered = sum(1 for t in texts if any(c.isalpha() for c in t))
        coded = lettered >= (1 if _REF_HEAD.fullmatch(head.strip()) else 2) and all(
            _PLAIN_CODE.fullmatch(t.strip()) for t in texts
        )
        if texts and (references(texts) or coded):
            b.kind = "ref"
        return


def is_ref_column(
    cluster: Sequence[tuple[BBox, str]], lines: Sequence[Line], data_idx: Sequence[int]
) -> bool:
    """Row numbers printed left of the labels are references, not figures."""
    box = BBox.enclosing([b for b, _ in cluster])
    x1 = box.x1
    # Rows that print something in the column (total rows often leave it empty): most
    # go on with words to the right.
    occupied = [lines[i].segments for i in data_idx]
    occupied = [segs for segs in occupied if segs and segs[0].bbox.x_overlap(box) > 0]
    first = sum(
        1
        for segs in occupied
        if any(s.bbox.x0 > x1 and len(s.text) > 3 and parse_amount(s.text) is None for s in segs)
    )
    # A column headed as one ("No.", "Ref", "ID") needs no second row to say so.
    headed = any(
        _REF_HEAD.fullmatch(s.text.strip())
        for ln in lines[: data_idx[0]]
        for s in ln.segments
        if s.bbox.x_overlap(box) > 0
    )
    # Total rows that leave the column empty while adding up the others: it holds no
    # figures (a continuation page may show a single numbered row above its totals).
    # The label is the first text of the row, wherever it stands (after a block of
    # figures, with the label column between blocks).
    totals = [
        segs
        for i in data_idx
        if (segs := lines[i].segments)
        and looks_like_total(next((s.text for s in segs if parse_amount(s.text) is None), ""))
    ]
    untotalled = bool(totals) and all(segs[0].bbox.x_overlap(box) <= 0 for segs in totals)
    # Rows that could print a number: total rows leave the column empty.
    numbered = len(data_idx) - len(totals) if untotalled else len(data_idx)
    if not headed and (
        first < (1 if untotalled and first == len(occupied) else 2)
        or first < 0.6 * len(occupied)
        or len(occupied) < 0.3 * numbered
    ):
        return False
    if headed and not first:
        return False
    texts = [
        s.text
        for i in data_idx
        for s in lines[i].segments
        if any(s.bbox.x_overlap(b) > 0 for b, _ in cluster)
    ]
    return references(texts)


_PLAIN_CODE = re.compile(r"[A-Za-z]{0,5}\s?\d+(?:[ /-]?[A-Za-z0-9]+)*(?:/\d+)?")


_REF_HEAD = re.compile(r"(?i)no\.?|ref\.?|id|#|item|line|number")


#: a row key printed as a bare whole number: miles 1 to 10, an age, a count of bedrooms
_KEY = re.compile(r"\d{1,3}")
#: a cell printed as money: a currency sign, pence after a point, or pence alone ("30p")
_MONEY_MARK = re.compile(r"[£$€]|\d\.\d\d(?!\d)|^\d+p$")


def key_columns(bands: list[Band], lines: Sequence[Line], data_idx: Sequence[int]) -> None:
    """A table of money with no column of words keys its rows by its first column's bare
    whole numbers, in order, a word or two among them (a fare card's journey miles 1 to
    10 under "Flag"; ages; bedrooms; unpresented cheques 101182 to 101186): that column
    names the rows, its numbers no amounts.
    The other columns must print money marks (£, pence) for the first one's bare numbers
    to stand apart from them."""
    if any(b.kind in {"text", "ref", "label"} for b in bands):
        return
    values = sorted((b for b in bands if b.kind == "num"), key=lambda b: b.x0)
    if len(values) < 2 or min(b.x0 for b in bands) < values[0].x0:
        return

    def cells(b: Band) -> list[str]:
        return [
            s.text.strip()
            for i in data_idx
            for s in lines[i].segments
            if b.x0 - 2 <= s.bbox.xc <= b.x1 + 2
        ]

    keys = cells(values[0])
    nums = [int(t) for t in keys if t.isdigit()]
    words = [t for t in keys if not t.isdigit()]
    if len(nums) < 3 or any(not t.replace(" ", "").isalpha() for t in words):
        return
    if len(set(nums)) != len(nums) or nums not in (sorted(nums), sorted(nums, reverse=True)):
        return
    # Longer numbers key rows only when they run on one by one (cheques 101182 to 101186)
    if not all(_KEY.fullmatch(t) for t in keys if t.isdigit()) and any(
        b - a != 1 for a, b in itertools.pairwise(nums)
    ):
        return
    money = [t for b in values[1:] for t in cells(b)]
    if money and sum(1 for t in money if _MONEY_MARK.search(t)) >= 0.8 * len(money):
        values[0].kind = "text"


#: a line number as forms print it: a bare whole number, no separators, sign or pence
_LINE_NUMBER = re.compile(r"\d{1,4}")


def running_numbers(bands: list[Band], lines: Sequence[Line], data_idx: Sequence[int]) -> None:
    """A column of whole numbers that run on one by one down the rows (a statistical
    return's line numbers 131, 132, ... printed beside each box it asks for) numbers the
    rows, wherever it stands: a reference, not money. Amounts do not count up by one;
    the table must keep another column of figures for the numbers to stand apart from."""
    values = [b for b in bands if b.kind == "num"]
    if len(values) < 2:
        return
    for b in values:
        texts = [
            s.text.strip()
            for i in data_idx
            for s in lines[i].segments
            if b.x0 - 2 <= s.bbox.xc <= b.x1 + 2
        ]
        if len(texts) < 3 or not all(_LINE_NUMBER.fullmatch(t) for t in texts):
            continue
        nums = [int(t) for t in texts]
        if _runs_on(nums) and sum(1 for v in values if v.kind == "num") > 1:
            b.kind = "ref"


def _runs_on(nums: Sequence[int]) -> bool:
    """Numbers counting up by one row to row, or ranks doing so but for ties ("65, 66,
    66, 68": two councils ranked alike, the next a place further down): each number that
    differs from the one above is the first number plus the rows above it."""
    steps = [n - m for m, n in itertools.pairwise(nums)]
    if all(d == 1 for d in steps):
        return True
    # a long run, mostly counting by one: a few scores of 1-5 may happen to rise so
    return (
        len(nums) >= 8
        and all(d >= 0 for d in steps)
        and sum(1 for d in steps if d == 1) >= 0.6 * len(steps)
        and all(n == nums[0] + k for k, n in enumerate(nums) if k and n != nums[k - 1])
    )


def number_columns(bands: list[Band], lines: Sequence[Line], data_idx: Sequence[int]) -> None:
    """Columns of numbers that key or number the rows rather than count money: a first
    column of row keys (`key_columns`), then line numbers running on (`running_numbers`)."""
    key_columns(bands, lines, data_idx)
    running_numbers(bands, lines, data_idx)
