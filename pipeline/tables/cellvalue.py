"""The figure a table cell holds, read one way for every stage that asks.

A cell may print a figure followed by words that qualify it ("£25m per fund",
"£30m country limit", "0.30 On track"). The figures stage reads the leading figure;
the row grouping and the table finder must see such a cell as a value too, or a row
whose only cell reads that way is taken for a section heading (its figure lost), and
a box of such rows for a form of prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from pipeline.models import Amount, BBox, Segment, Word
from pipeline.normalise import parse_amount

#: words a qualifier after a pound figure may run to on one line and still be a cell
#: ("£25m per fund or 0.5%"), not a sentence that happens to open with an amount
QUALIFIER_WORDS = 4


def cell_amount(
    segs: Sequence[Segment],
) -> tuple[str, Segment, Decimal, Decimal | None, bool, str | None] | None:
    """(printed, segment, value, cell unit, is_percent, footnote) of a cell's first figure.

    A £ printed in the cell states pounds: its unit is then 1.
    """
    found = _first_figure(segs)
    if found is None:
        return None
    words, sup, text, amt = found
    note = amt.footnote or (sup[-1] if sup else None)
    box = BBox.enclosing([w.bbox for w in words])
    unit = amt.unit if amt.unit is not None else (Decimal(1) if amt.currency else None)
    return text, Segment(words, box), amt.value, unit, amt.percent, note


def has_amount(segs: Sequence[Segment]) -> bool:
    """Whether cell_amount finds a figure: asked of every line again and again while rows
    are grouped, so it builds no box."""
    return _first_figure(segs) is not None


def _first_figure(segs: Sequence[Segment]) -> tuple[list[Word], list[str], str, Amount] | None:
    """The words of a cell's first figure, its superscript markers, its text and amount."""
    for s in segs:
        words: list[Word] = [w for w in s.words if not w.superscript]
        sup = [w.text for w in s.words if w.superscript]
        if not words:
            # Set smaller than a large label beside it, not raised as a marker.
            words, sup = list(s.words), []
        # The whole cell, else a figure followed closely by a comment ("0.30 On track",
        # "£929 (provisional)", "£24,600 – additional funds from school budget").
        for n in range(len(words), 0, -1):
            if n < len(words) and not _comment_starts(words[n:]):
                continue
            text = " ".join(w.text for w in words[:n])
            amt = parse_amount(text)
            if amt is None or (amt.percent and n < len(words) and words[n].text == "of"):
                continue  # "10% of 6 MTA hours": a share of something, said in words
            return words[:n], sup, text, amt
    return None


#: a dash setting a comment apart from the figure before it
_DASHES = {"-", "\u2013", "\u2014"}


def _comment_starts(words: Sequence[Word]) -> bool:
    """Whether the words after a figure open a comment on it: a word, a bracket, or a
    dash then a word."""
    first = words[0].text
    if first in _DASHES:
        return len(words) > 1 and words[1].text[:1].isalpha()
    return first.lstrip("(")[:1].isalpha()


def qualified_money(text: str) -> bool:
    """A pound figure followed by a few plain words qualifying it ("£25m per fund",
    "£30m country limit"): a value cell, though the whole text is not a figure."""
    words = text.split()
    if len(words) < 2 or len(words) > 1 + QUALIFIER_WORDS:
        return False
    # No second sum and no clause break: "£600m of the £1.3bn", a justified sentence
    # cut at a wide space, is prose ("£75m or 5% of" a cell wrapping its condition).
    rest = words[1:]
    if not rest[0].isalpha() or any(c in w for w in rest for c in "£$€") or rest[-1][-1] in ".,;:":
        return False
    amt = parse_amount(words[0])
    return amt is not None and amt.currency and not amt.percent


#: A sum named in its cell ("Four Oaks - £167.00", "Total: £1,000", "= £ 4,000"): a name of
#: a few words, then a spaced dash, a colon or an equals sign, then pounds. Without the
#: mark a name and a sum set close ("Total £1,234") are a label and its figure, and a
#: dash touching the sum ("Car parking -£1,234") is its minus sign.
_NAMED_SUM_RE = re.compile(
    r"(?P<label>(?:[A-Z][\w'’&.]*(?: [A-Za-z][\w'’&.]*){0,3})?)"
    r"(?:\s+(?P<dash>[-–])\s+|\s*(?P<mark>[:=])\s*)"
    r"(?P<amount>£\s?\d[\d,]*(?:\.\d{2})?)"
)


_NAME_ALONE_RE = re.compile(
    r"(?P<label>[A-Z][\w'’&.]*(?: [A-Za-z][\w'’&.]*){0,3})(?P<mark>\s*[:=])?|(?P<eq>=)"
)
_SUM_ALONE_RE = re.compile(r"(?P<pound>£)?\s?\d[\d,]*(?:\.\d{2})?")


def named_sum(text: str) -> tuple[str, str] | None:
    """(name, printed sum) of a cell line naming its sum ("Four Oaks - £167.00"), or None.
    The name is what the sum is for (a ward, "Total"); "=" names a total."""
    m = _NAMED_SUM_RE.fullmatch(text.strip())
    if m is None or not (m.group("label") or m.group("mark") == "="):
        return None
    return m.group("label") or "=", m.group("amount").replace(" ", "")


def named_sums(
    segs: Sequence[Segment],
) -> list[tuple[str, tuple[str, Segment, Decimal, Decimal | None, bool, str | None]]]:
    """A cell stacking sums each named on its line ("Four Oaks - £167.00" over "New Hall
    - £167.00" over "Total: £1,000"): (name, figure as cell_amount gives it) for each line,
    or [] when any line is something else. A name may stand over its sum, or apart from
    it on its line ("Vesey Ward" over "£3,098.50", then "Total =" and "£3,098.50")."""
    out: list[tuple[str, tuple[str, Segment, Decimal, Decimal | None, bool, str | None]]] = []
    k = 0
    while k < len(segs):
        s = segs[k]
        named = named_sum(s.text)
        if named is None and k + 1 < len(segs):
            named = _name_over_sum(s.text, segs[k + 1].text)
            if named is not None:
                k += 1
                s = Segment([*s.words, *segs[k].words], s.bbox.union(segs[k].bbox))
        amt = parse_amount(named[1]) if named else None
        if named is None or amt is None:
            return []
        out.append((named[0], (named[1], s, amt.value, Decimal(1), False, None)))
        k += 1
    return out


def names_total(segs: Sequence[Segment]) -> bool:
    """A cell whose sums are each named a total ("Total = £3,098.50", "= £4,000"): the sum
    of the sums stacked above it in its row's cell, not a row's figure of its own."""
    names = [n for n, _ in named_sums(segs)]
    return bool(names) and all(n == "=" or n.lower().startswith("total") for n in names)


def totals_only(cells: Iterable[Sequence[Segment]]) -> bool:
    """A line whose every figure is a cell's named total ("Total = £8,000" under "Trinity
    Ward" / "£8,000"): the foot of its row's cells, not a row of figures of its own."""
    pounds = [segs for segs in cells if has_amount(segs)]
    return bool(pounds) and all(names_total(segs) for segs in pounds)


def _name_over_sum(name: str, below: str) -> tuple[str, str] | None:
    """(name, sum) of a sum's name set apart from it, on the line above or before it on its
    line: a name alone ("Vesey Ward", "Total =") and a sum in pounds alone ("£600"), or
    any sum beside a total's mark."""
    m = _NAME_ALONE_RE.fullmatch(name.strip())
    sum_ = _SUM_ALONE_RE.fullmatch(below.strip())
    if m is None or sum_ is None:
        return None
    # A sum with no £ is named only by a total's mark ("Total =" beside "868.23").
    if not sum_.group("pound") and not (m.group("eq") or m.group("mark")):
        return None
    return m.group("label") or "=", below.strip().replace(" ", "")
