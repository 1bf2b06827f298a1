"""The unit a table states once for all its figures: in its caption or stub header, or in
column headers that agree; and which columns that unit does not reach.

A table prints its unit once where one statement covers every column ("Savings (£m)" as
its caption, a merged "£000" over the years). Where each column states its own unit in
its own header cell, a column that states none is not counted in its neighbours' unit: a
count of notices between two columns of pounds is no sum of pounds.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.normalise import (
    BARE_YEAR_RE,
    find_fiscal_years,
    looks_like_total,
    names_money,
    parse_unit,
)
from pipeline.tables.headers import header_text
from pipeline.tables.structure import Draft

#: a scale with no £ anywhere in a header ("Total book stock 000s", "Visits ('000)")
_BARE_SCALE_RE = re.compile(r"(?<![£\w'])'?000'?s?\b|\(\s*k\s*\)", re.IGNORECASE)


def _bare_scale(header: str) -> bool:
    return _BARE_SCALE_RE.search(re.sub(r"£\s*'?", "£", header)) is not None


def _stated_once(draft: Draft) -> Decimal | None:
    """The unit the caption (its lines read as one: "(£" / "millions)") or the stub
    header states for the whole table."""
    for text in [" ".join(draft.caption), draft.stub_header]:
        unit = parse_unit(text)
        if unit is not None:
            return unit
    return None


def table_unit(draft: Draft) -> Decimal | None:
    """The unit a table declares once: in its caption or stub header, else the one unit
    its column headers all agree on (a merged "Savings (£m)" covers the columns beside it)."""
    if (unit := _stated_once(draft)) is not None:
        return unit
    nums = [b for b in draft.bands if b.kind == "num"]
    stated = [b for b in nums if b.unit is not None]
    declared = {b.unit for b in stated}
    if any(b.unit is None and _bare_scale(header_text(b)) for b in nums):
        return None  # "Book stock 000s" beside "Spend £000s": each column states its own
    # Most columns state one unit and the rest none: a merged header over them. A unit
    # under one column among several is that column's own (a precept beside counts).
    if len(declared) == 1 and 2 * len(stated) >= len(nums):
        return declared.pop()
    return None


#: headers of columns worked out from money columns beside them, money too
_DERIVED = re.compile(
    r"\b(?:difference|change|movement|net|gross|amount|sum|surplus|deficit|profit|loss"
    r"|shortfall|gap|estimate|actual|paid|payments?|receipts?|over|under)\b",
    re.IGNORECASE,
)


def _names_other(header: str) -> bool:
    """A header naming something other than money, a period, a total or a sum worked out
    from the money beside it ("PCNs", "Visits")."""
    text = header.strip()
    return bool(text) and not (
        names_money(text)
        or _DERIVED.search(text)
        or find_fiscal_years(text)
        or looks_like_total(text)
        or BARE_YEAR_RE.search(text)
    )


def counted_apart(draft: Draft) -> set[int]:
    """The value columns (indices into draft.bands) counted in no unit their neighbours
    state: where the columns state their unit in their own header cells, a column between
    two of them stating none, headed as something other than money, a period or a total
    ("PCNs" between "Total parking income £,000" and "Est PCN income £,000"). A merged
    header over all three would have headed it too; a table unit stated once (caption,
    stub) covers it."""
    if _stated_once(draft) is not None:
        return set()
    nums = [b for b in draft.bands if b.kind == "num"]
    stated = [b for b in nums if b.unit is not None]
    if not all(b.unit_source in {None, "header", "units row"} for b in stated):
        return set()
    return {
        i
        for i, b in enumerate(draft.bands)
        if b.kind == "num"
        and b.unit is None
        and _names_other(header_text(b))
        and any(s.xc < b.xc for s in stated)
        and any(s.xc > b.xc for s in stated)
    }
