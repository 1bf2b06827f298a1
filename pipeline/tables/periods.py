"""The period of one figure: the chain column → caption → heading (→ the paper, in
``pipeline.extract``), and the columns that name no single fiscal year and say why.

Split from ``tables.figures``, which asks it once per figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.dateperiods import date_period
from pipeline.models import Line
from pipeline.normalise import (
    BARE_YEAR_RE,
    column_period,
    find_fiscal_years,
    march_year_end,
    single_period,
    without_year_end,
)

#: headers naming no single fiscal year: a point in time, or years before or after
#: a column counted from the start of its table's span: "Year 1", "Yr 3"
_YEAR_N_RE = re.compile(r"^\s*(?:year|yr)\s*(\d{1,2})\b(?!\s*[-/\u2013]\s*\d)", re.IGNORECASE)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
# Columns that name no single fiscal year: other years, a whole scheme's life, a date
# ("31-Mar-24", "Dec-23", "Quarter to Sep 24", "Latest Draft (Jan 2025)") or a bare
# month. A date says when, not which year's budget: taking the caption's or paper's
# year would be a guess (a balance at March 2024 is not 2024-25's); the year the date
# itself falls in is stated (pipeline.dateperiods), unless it dates a draft.
_SPAN_WORDS = (
    r"\b(?:prior|previous|earlier|later|future|remaining|beyond|whole life|lifetime"
    r"|undated)\b|\bno\s+fixed\s+(?:date|term|maturity)"
    r"|\btotal (?:scheme )?cost\b|\bcost of (?:the )?scheme\b"
)
_SPAN_WORDS_RE = re.compile(_SPAN_WORDS, re.IGNORECASE)
_NO_PERIOD_RE = re.compile(
    _SPAN_WORDS + r"|\bas at\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[- ]"
    + _MONTH
    + r"|\b"
    + _MONTH
    + r"[\s'-]*(?:\d{4}|\d{2})\b(?![/-]\d)"
    r"|^\s*" + _MONTH + r"\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Outside:
    """What the paper states about a table outside its grid (see tables.context)."""

    unit: Decimal | None = None
    unit_source: str | None = None
    period: tuple[int, int] | None = None
    period_source: str | None = None
    #: the calendar year the paper's accounting year ends on 31 March, where its
    #: heading or the paper states it ("for the year ended 31 March 2018")
    year_end: int | None = None
    #: the table's page says its years run to 31 March and names no year ("* indicates
    #: year to 31 March"): a row labelled by a bare year is the fiscal year ending in it
    march_years: bool = False


def figure_period(
    col: str,
    table: tuple[int, int] | None,
    outside: Outside,
    year_end: int | None = None,
    row_label: str = "",
    table_source: str = "caption",
) -> tuple[tuple[int, int] | None, str | None]:
    """The period of one figure by the chain column → row → section or caption → heading
    (``table`` is the section's period where the row's section names one, then
    ``table_source`` says so, else the caption's); a column
    naming no single year (prior years, a date) keeps none and says why. A row is a
    period only where its label is a fiscal year and nothing else (a time series,
    "2011/12" over "2012/13"): a year among a label's words is not the figure's
    ("2024-25 overspend impact on reserves" is a risk to 2025-26), so it is not read."""
    ended = _year_end_column(col, year_end, outside.march_years)
    if ended is not None:
        return ended, "column (year ending 31 March)"
    own = column_period(col)
    if own is not None:
        return own, "column"
    if _NO_PERIOD_RE.search(col):
        dated = None if _SPAN_WORDS_RE.search(col) else date_period(col)
        if dated is not None:
            return dated, "column (date)"  # "March 23", "31/3/2016": the year it falls in
        return None, f"none: column {col!r} is not one fiscal year"
    if find_fiscal_years(col):
        # Two years that do not nest ("BUDGET 2015/16" over "Budget 2014/15"): which is
        # the figure's is not stated, and the caption's or paper's year is no better.
        return None, f"none: column {col!r} states more than one period"
    row = row_period(row_label)
    if row is not None:
        return row, "row label"
    bare = _BARE_YEAR_ROW_RE.match(row_label)
    if bare and outside.march_years:
        year = int(bare.group(1)) - 1
        return (year, year), "row label (year to 31 March)"
    if len({m.group() for m in BARE_YEAR_RE.finditer(col)}) == 1:
        # "2023" beside "2024" with no year end stated: a calendar year, which the
        # caption's or paper's fiscal year would only guess at
        return None, f"none: column {col!r} names a calendar year, not a fiscal year"
    span, source = (
        (table, table_source) if table is not None else (outside.period, outside.period_source)
    )
    if span is None:
        return None, None
    # "Year 2" under "Savings 2024/25 to 2026/27" is the span's second year, not all three.
    nth = _YEAR_N_RE.match(col)
    if nth and 1 <= int(nth.group(1)) <= span[1] - span[0] + 1:
        year = span[0] + int(nth.group(1)) - 1
        return (year, year), source
    return span, source


#: a row label that is one fiscal year or range and nothing else ("2011/12", "FY 2019-20",
#: "Year 2018/19*"); the footnote mark and a trailing colon are the printer's
_ROW_YEAR_RE = re.compile(
    r"^\s*(?:(?:financial\s+)?year\s*:?\s*|fy\s*)?"
    r"(?:\d{4}|\d{2})\s*[/\-\u2013]\s*(?:\d{4}|\d{2})\s*[*:\u2020\u00b2\u00b3\u00b9\u2070-\u2079]*\s*$",
    re.IGNORECASE,
)
#: a row label that is one calendar year alone ("2005", "2005*"): a fiscal year only
#: where the page says its years end on 31 March
_BARE_YEAR_ROW_RE = re.compile(r"^\s*((?:19|20)\d\d)\s*\*?\s*$")
#: years said to run to 31 March with no year named ("* indicates year to 31 March",
#: "years ending 31 March", a balance sheet's "As at 31 March" over "2023 | 2022": each
#: year the one ending on that day); one naming its year is `march_year_end`'s
_MARCH_YEARS_RE = re.compile(
    r"(?:\byears?\s+(?:to|end(?:ed|ing))|^\s*as\s+at)\s+(?:the\s+)?31\s*(?:st)?\s+march\b"
    r"(?!\s*,?\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)


def says_years_end_march(text: str) -> bool:
    """Whether a line says its years run to 31 March without naming one."""
    return _MARCH_YEARS_RE.search(text) is not None


def row_period(label: str) -> tuple[int, int] | None:
    """The period of a row whose label is one fiscal year (or range) and nothing else."""
    if not _ROW_YEAR_RE.match(label):
        return None
    return single_period(label)


def _year_end_column(
    col: str, year_end: int | None, march_years: bool = False
) -> tuple[int, int] | None:
    """Accounts head their columns by the calendar year their year ends in: under "for
    the year ended 31 March 2018", "2018" is 2017-18 and the comparative "2017" is
    2016-17. Read only where the table, its heading or the paper states a 31 March year
    end (or its page says its years run to 31 March: "Year to 31 March" over "2024"),
    and the header names one bare year and no fiscal year, date or undated span."""
    end = march_year_end(col) or year_end
    if end is None and not march_years:
        return None
    rest = without_year_end(col)
    if single_period(rest) is not None or _NO_PERIOD_RE.search(rest):
        return None
    years = {int(m.group()) for m in BARE_YEAR_RE.finditer(rest)}
    if len(years) != 1:
        return None
    year = years.pop() - 1
    if end is None:  # "Year to 31 March" over "2024" and "2023": no year to check against
        return (year, year)
    return (year, year) if end - 15 <= year < end + 1 else None


def years_to_march(lines_by_page: Sequence[Sequence[Line]]) -> list[bool]:
    """For each page, whether it says its years run to 31 March, naming none; read by
    segment, as "Year to 31 March" heads a stub column beside the years "2024", "2023"."""
    return [
        any(says_years_end_march(seg.text) for ln in lines for seg in ln.segments)
        for lines in lines_by_page
    ]


def paper_year_end(lines_by_page: Sequence[Sequence[Line]]) -> int | None:
    """The 31 March year end a paper states for itself ("Statement of Accounts for the
    year ended 31 March 2018"): the one year every such statement agrees on."""
    ends = {e for lines in lines_by_page for ln in lines if (e := march_year_end(ln.text))}
    return ends.pop() if len(ends) == 1 else None
