"""The fiscal year a date falls in, for column headers that name a point in time.

A column headed "March 23", "31-Mar-24", "30 June 2020" or "31/3/2016" holds what
stood or was spent then: a balance at a year's end, one month's cost. The UK fiscal
year containing that day is stated by the date itself (1 April to 31 March), so the
figure takes it, and says so (``period_source`` "column (date)"). A date that dates
a version of the figures instead ("Initial Draft (Nov 2024)", a budget for the year
after) names no period of theirs: a date in brackets, or beside a word of a version
("draft", "approved", "cabinet"), is not read.
"""

from __future__ import annotations

import functools
import re

_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

#: "31/3/2016", "31.03.16", "1-4-2024": day, month, year (UK order)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})[/.-](?P<mn>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?![\d/.-])"
)
#: "30 June 2020", "31-Mar-24", "March 23", "Sept 25", "Nov-2014", "May 2025"
_WORDED = re.compile(
    r"(?<![\w/])(?:\d{1,2}(?:st|nd|rd|th)?[\s-]+)?" + _MONTH.format(g="m") + r"[\s'-]{0,3}"
    r"(?P<y>(?:19|20)\d\d|\d\d)(?![\d/%-]|(?:st|nd|rd|th)?,?\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)
#: words dating a version of the figures rather than the figures ("Approved Feb 2024" over
#: the budget for the year that follows; "Cabinet Jan 2025"; "Revised Nov 24")
_VERSION = re.compile(
    r"(?i)\b(?:draft|approved|agreed|proposed|original|initial|revised|final|latest|published"
    r"|version|cabinet)\b"
)


def _fiscal(year: int, month: int) -> int | None:
    if not 1 <= month <= 12:
        return None
    year = year + 2000 if year < 100 else year
    return year - 1 if month < 4 else year


@functools.lru_cache(maxsize=4096)
def date_period(header: str) -> tuple[int, int] | None:
    """The one fiscal year every date in a column header falls in; None where it names no
    date, dates in different years, or a date that dates a version (in brackets, or
    beside a word of one: "draft", "approved", "cabinet")."""
    text = header.replace("\u00a0", " ")
    found: list[tuple[int, int, int]] = []  # (start, end, fiscal year)
    for m in _NUMERIC.finditer(text):
        fy = _fiscal(int(m.group("y")), int(m.group("mn")))
        if fy is None or not 1 <= int(m.group("d")) <= 31:
            return None
        found.append((m.start(), m.end(), fy))
    for m in _WORDED.finditer(text):
        fy = _fiscal(int(m.group("y")), _MONTHS.index(m.group("m")[:3].lower()) + 1)
        if fy is not None:
            found.append((m.start(), m.end(), fy))
    years = {fy for _, _, fy in found}
    if len(years) != 1 or _VERSION.search(text):
        return None
    if any(text[:a].count("(") > text[:a].count(")") for a, _, _ in found):
        return None
    year = years.pop()
    return year, year
