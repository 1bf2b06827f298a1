"""Which printed year ranges in running text are fiscal years.

normalise.find_fiscal_years finds every form ("2018/19", "18-19", "FY2018/19"); the
words around a range decide whether it is one. A two-digit range after "pages",
"aged" or "sections" is not, nor one followed by "years" or a month; and an
academic or school year (September to August) is never a fiscal year.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, so long lists stay readable."""
    return frozenset(text.split())


_MONTHS = words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Words before a two-digit range that make it a page, age or clause range, not a year.
_NOT_FY_BEFORE = words(
    "page pages pp p para paras paragraph paragraphs section sections clause clauses item "
    "items line lines row rows table tables figure figures chapter chapters appendix "
    "appendices annex aged age ages ward wards bed beds room rooms level levels band bands "
    "grade grades scale points point step steps week weeks day days hour hours no number "
    "numbers score scores years year months month units unit flats flat reference "
    "references ref quoting code codes"
)
_NOT_FY_AFTER = words("year years yr yrs year-olds am pm hrs hours") | _MONTHS
_TWO_DIGIT = re.compile(r"^\d{2}\s?[-/\u2013\u2014\u2212]\s?\d{2}$")


def is_fiscal_context(text: str, start: int, end: int, printed: str) -> bool:
    before = re.findall(r"[A-Za-z][\w-]*", text[max(0, start - 30) : start])
    # "the academic year 2025/26" runs September to August: a school year, not a fiscal one
    # (nor the next of a list: "the school years 2024-25 and 2025-26").
    lead = [w.lower() for w in before]
    while lead and lead[-1] in {"and", "or", "to", "&"}:
        lead.pop()
    if lead[-2:] in (
        ["academic", "year"],
        ["academic", "years"],
        ["school", "year"],
        ["school", "years"],
    ):
        return False
    if not _TWO_DIGIT.match(printed):
        return True
    after = re.findall(r"[A-Za-z][\w-]*", text[end : end + 20])
    # "sections 4-5 and 11-12": look past the joins of a list of ranges.
    while before and before[-1].lower() in {"and", "or", "to", "&"}:
        before.pop()
    if [w.lower() for w in before[-2:-1]] in (["financial"], ["fiscal"]):
        return True  # "the financial years 24/25 and 25/26"
    if before and before[-1].lower() in _NOT_FY_BEFORE:
        return False
    return not (after and after[0].lower() in _NOT_FY_AFTER)
