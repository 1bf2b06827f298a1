"""The figure a table cell holds, read one way for every stage that asks.

A cell may print a figure followed by words that qualify it ("£25m per fund",
"£30m country limit", "0.30 On track"). The figures stage reads the leading figure;
the row grouping and the table finder must see such a cell as a value too, or a row
whose only cell reads that way is taken for a section heading (its figure lost), and
a box of such rows for a form of prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pipeline.models import BBox, Segment, Word
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
    for s in segs:
        words: list[Word] = [w for w in s.words if not w.superscript]
        sup = [w.text for w in s.words if w.superscript]
        if not words:
            # Set smaller than a large label beside it, not raised as a marker.
            words, sup = list(s.words), []
        # The whole cell, else a figure followed closely by a comment ("0.30 On track").
        for n in range(len(words), 0, -1):
            if n < len(words) and not words[n].text[:1].isalpha():
                continue
            text = " ".join(w.text for w in words[:n])
            amt = parse_amount(text)
            if amt is None:
                continue
            note = amt.footnote or (sup[-1] if sup else None)
            box = BBox.enclosing([w.bbox for w in words[:n]])
            unit = amt.unit if amt.unit is not None else (Decimal(1) if amt.currency else None)
            return text, Segment(words[:n], box), amt.value, unit, amt.percent, note
    return None


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
