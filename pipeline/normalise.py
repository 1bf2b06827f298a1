"""Turn printed text into exact values: amounts, units, fiscal years, measures (and
RAG, from :mod:`pipeline.rag`, re-exported here).

Pure functions with no PDF knowledge, so the table and tagging stages (and
researchers) share one reading of "(1,234)", "£0.72m" or "2018-20".
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pipeline.models import Amount
from pipeline.rag import parse_rag as parse_rag
from pipeline.rag import rag_from_rgb as rag_from_rgb

THOUSAND = Decimal(1000)
MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)

# Characters printed as a minus sign: hyphen, minus, en dash, figure dash.
_MINUS = "-\u2212\u2013\u2012\ufe63\uff0d"
_DASHES = "-\u2212\u2013\u2014\u2012\u2015"
_NIL_WORDS = {"nil", "none"}
_FOOTNOTE_SYMBOLS = "*#†‡§¶^"
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_UNIT_WORDS: dict[str, Decimal] = {
    "k": THOUSAND,
    "000": THOUSAND,
    "000s": THOUSAND,
    "'000": THOUSAND,
    "'000s": THOUSAND,
    "thousand": THOUSAND,
    "thousands": THOUSAND,
    "m": MILLION,
    "mn": MILLION,
    "mil": MILLION,
    "million": MILLION,
    "millions": MILLION,
    "bn": BILLION,
    "b": BILLION,
    "billion": BILLION,
    "billions": BILLION,
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
#: a figure whose first thousands group a PDF printed with a gap after its first digit
#: ("5 2,602", "3 04,483" for 52,602 and 304,483: Excel sheets converted by some
#: tools); only where the two parts make one group of three digits at most
_SPLIT_LEAD_RE = re.compile(r"^([(£\s-]*)(\d) (\d{1,2})(?=,\d{3}(?:,\d{3})*(?:\.\d+)?\)?$)")
_AMOUNT_RE = re.compile(
    rf"""^
    (?P<lparen>\()?
    (?P<sign1>[{_MINUS}+])?\s*
    (?P<cur1>£)?\s*
    (?P<sign2>[{_MINUS}])?\s*
    (?P<num>{_NUM})
    \s*(?P<unit>k|m|mn|bn|b|million|millions|thousand|thousands|billion|billions)?
    \s*(?P<pct>%)?
    (?P<rparen>\))?
    (?P<unit2>(?<=\))(?:k|m|bn))?
    (?P<cr>\s*(?:cr|CR|Cr))?
    $""",
    re.VERBOSE | re.IGNORECASE,
)
_TRAILING_NOTE_RE = re.compile(
    rf"(?:\s*(?:[{re.escape(_FOOTNOTE_SYMBOLS)}]+|\([a-z]\)|\[\d{{1,2}}\]|\(\d\)|[{_SUPERSCRIPT_DIGITS}]+)"
    r"|\s+[a-z]|(?<=\d)[ac-jl-z])$"
)
_LEADING_NOTE_RE = re.compile(rf"^([{re.escape(_FOOTNOTE_SYMBOLS)}]+)\s*")


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ").strip()
    return text.replace("’", "'").replace("‘", "'")


@functools.lru_cache(maxsize=8192)
def parse_amount(text: str) -> Amount | None:
    """Read one printed figure, or None when the text is not a figure.

    Cached: the table stages ask about the same cell text many times (each way of
    grouping a line's segments), and the result is immutable.

    Accepts the forms councils print: -1,234 / (1,234) / −1,234 / £1.2m / 22% /
    '–' or 'nil' for nothing, with a footnote marker (*, #, †, (a), ¹) kept apart.
    """
    s = _clean(text)
    if not s:
        return None
    prefix = _UNIT_PREFIX_RE.match(s)
    if prefix and (prefix.group("unit") or not _AMOUNT_RE.match(s)):
        # "£m 105.86", "£ (23.61)": an accounting format's symbol set at the cell's left.
        rest = parse_amount(s[prefix.end() :])
        word = prefix.group("unit")
        if rest is None or rest.currency or (word and rest.unit is not None):
            return None
        unit = _UNIT_WORDS[word.lower().replace("'", "")] if word else rest.unit
        return dataclasses.replace(rest, unit=unit, currency=True)
    pence = _PENCE_RE.fullmatch(s)
    if pence:
        # "30p" is thirty pence, £0.30: the "p" is its unit, not a footnote marker
        whole = parse_amount(pence.group(2) + pence.group(4))
        if whole is None or pence.group(3) or whole.currency or whole.unit or whole.percent:
            return None
        return dataclasses.replace(whole, unit=Decimal("0.01"), currency=True)
    if _THOUSANDS_WORD_RE.fullmatch(s):
        return None  # "000s", "'000", "000s*": a unit over a count's column, not nought
    footnote: str | None = None
    lead = _LEADING_NOTE_RE.match(s)
    if lead and len(s) > len(lead.group(0)):
        footnote = lead.group(1)
        s = s[lead.end() :]
    m_note = _TRAILING_NOTE_RE.search(s)
    if m_note and m_note.start() > 0:
        raw_note = m_note.group(0).strip()
        note = raw_note.strip("()[]")
        core = s[: m_note.start()].rstrip()
        # "1,234 m" is a unit, not a footnote "m"; "£3 k" likewise; "(b)" is a note.
        if not (raw_note in {"m", "k", "b"} and core and core[-1].isdigit()):
            footnote = _normalise_superscript(note) if footnote is None else footnote
            s = core
    if s.lower() in _NIL_WORDS or (s and all(c in _DASHES for c in s) and len(s) <= 3):
        return Amount(Decimal(0), None, True, footnote, currency=False)
    if s in {"£-", "£ -", "£–", "£ –"}:
        return Amount(Decimal(0), None, True, footnote, currency=True)
    if _UNIT_ONLY_RE.fullmatch(s):
        return None
    m = _AMOUNT_RE.match(_SPLIT_LEAD_RE.sub(r"\1\2\3", s.replace(" ,", ",")))
    if not m:
        return None
    try:
        value = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    negative = bool(
        (m.group("sign1") and m.group("sign1") != "+")
        or m.group("sign2")
        or (m.group("lparen") and m.group("rparen"))
        or m.group("cr")
    )
    if bool(m.group("lparen")) != bool(m.group("rparen")):
        return None
    if negative:
        value = -value
    word = m.group("unit") or m.group("unit2")
    unit = _UNIT_WORDS.get(word.lower()) if word else None
    return Amount(
        value=value,
        unit=unit,
        is_nil=False,
        footnote=footnote,
        currency=bool(m.group("cur1")),
        percent=bool(m.group("pct")),
    )


#: pence ("30p", "(30p)"); a fraction of a penny ("57.95p") is left unread, never rounded
_PENCE_RE = re.compile(r"(([-−–(]?\d[\d,]*)(\.\d+)?)p(\)?)")
_UNIT_ONLY_RE = re.compile(r"\(?\s*£\s*'?000s?\s*\)?")
_THOUSANDS_WORD_RE = re.compile(r"\(?'?000'?s?\)?[*#\u2020\u2021]*")
_UNIT_PREFIX_RE = re.compile(
    r"£\s*(?P<unit>'?000s?|k|m|bn)?(?:\s+(?=[(\d+\-−–])|(?=\())", re.IGNORECASE
)


def _normalise_superscript(note: str) -> str:
    return note.translate(str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789"))


_UNIT_RE = re.compile(
    r"""£\s*(?:in\s+)?(?P<op>\()?\s*[',]?\s*(?P<u1>000(?:'?s)?|k|m|mn|bn|millions?|thousands?|billions?)\b
    (?(op)\s*\))
    |£\s*(?P<u4>1,?000'?s)\b|\(\s*£\s*(?P<u5>1,?000)\s*\)
    |(?P<u2>'?000s?)\s*£
    |\b(?:£|gbp)\s*\(?\s*(?P<u3>'?000s?|thousands?|millions?|m|k|bn)\s*\)?
    |\(\s*£\s*\)|£\s?p\b
    |(?<![\w£])£'?s\b
    |(?<![\w£])£(?![\w\d,£']|\.\d)""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_unit(text: str) -> Decimal | None:
    """The multiplier a header or caption declares ("£'000" → 1000), or None.

    A bare "£" declares pounds (1).
    """
    s = _clean(text)
    m = _UNIT_RE.search(s)
    if not m:
        return None
    if m.group("u4") or m.group("u5"):
        return THOUSAND  # "£1000's", "(£1,000)": thousands, as "£000s"
    word = m.group("u1") or m.group("u2") or m.group("u3")
    if not word:
        return Decimal(1)
    return _UNIT_WORDS.get(word.lower().lstrip("'").replace("'", ""), THOUSAND)


def is_unit_only(text: str) -> bool:
    """True for a header cell that only states a unit, like "£'000" or "(£m)"."""
    s = _clean(text)
    if not s or parse_unit(s) is None:
        return False
    rest = _UNIT_RE.sub("", s)
    return not re.sub(r"[\s()\[\],.:;]|\bin\b|\bgbp\b", "", rest, flags=re.IGNORECASE)


def strip_unit(text: str) -> str:
    """A header with its unit statement taken out ("Savings (£000)" → "Savings")."""
    s = _UNIT_RE.sub("", _clean(text))
    s = re.sub(r"\(\s*\)|\[\s*\]", "", s)
    return re.sub(r"\s{2,}", " ", s).strip(" ,;:-")


# --------------------------------------------------------------------------- fiscal years


@dataclass(frozen=True, slots=True)
class FiscalSpan:
    """A fiscal year or range found in text, by the calendar years the years start in."""

    start: int
    end: int
    text: str
    first_fy: int
    last_fy: int


_D = r"[-/\u2013\u2014\u2212]"
_FY_RANGE_RE = re.compile(
    rf"""(?<![\d/£.,])
    (?P<a>(?:FY\s?)?(?:19|20)?\d{{2}}\s?{_D}\s?\d{{2}}(?:\d{{2}})?)
    \s*(?:to|until|through|{_D})\s*
    (?P<b>(?:FY\s?)?(?:19|20)?\d{{2}}\s?{_D}\s?\d{{2}}(?:\d{{2}})?)
    (?![\d/%]|,\d)""",
    re.VERBOSE | re.IGNORECASE,
)
#: what makes two digits a day of a date, not a year's end: "1st April 2023 – 31st March
#: 2024" is no range 2023-31 (an ordinal, or a month then a year, after them)
_DAY_OF = (
    r"\s?(?:st|nd|rd|th)\b"
    r"|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d"
)
_FY_RE = re.compile(
    rf"""(?<![\d/£.,])
    (?P<fy>FY\s?)?
    (?P<y1>(?:19|20)\d{{2}}|\d{{2}})
    \s?(?P<sep>{_D})\s?
    (?P<y2>(?:19|20)\d{{2}}|\d{{2}})
    (?![\d/%]|,\d|\.\d|{_DAY_OF})""",
    re.VERBOSE | re.IGNORECASE,
)


def _century(two: int) -> int:
    return 2000 + two if two < 70 else 1900 + two


def fiscal_period(token: str) -> tuple[int, int] | None:
    """(first_fy, last_fy) of one token such as 2018/19, 11/12, FY2019/20, 2018-20, 2023-2027."""
    m = _FY_RE.fullmatch(_clean(token))
    if not m:
        return None
    return _period(m)


def _period(m: re.Match[str]) -> tuple[int, int] | None:
    y1s, y2s = m.group("y1"), m.group("y2")
    if len(y1s) == 2:
        # Two-digit forms are only a fiscal year when consecutive: 11/12, 18-19.
        a, b = int(y1s), int(y2s) if len(y2s) == 2 else -1
        if b != (a + 1) % 100:
            return None
        first = _century(a)
        return first, first
    first = int(y1s)
    if not 1990 <= first <= 2099:
        return None
    if len(y2s) == 4:
        second = int(y2s)
        if second == first + 1:
            return first, first
        if first + 1 < second <= first + 15:
            return first, second - 1
        return None
    yy = int(y2s)
    end_year = first - first % 100 + yy
    if end_year <= first:
        end_year += 100
    if end_year == first + 1:
        return first, first
    if first + 1 < end_year <= first + 15:
        return first, end_year - 1
    return None


def read_year(text: str) -> int | None:
    """A fiscal year as a person types it → the calendar year it starts; None if not one.

    2019, 2019/20, 2019-20, 19/20 and FY2019/20 are 2019; a span (2019-21) gives its
    first year. A bare '19' is not a year: it could as well be a typo for 2019/20.
    """
    t = text.strip()
    if re.fullmatch(r"(?:19|20)\d\d", t):
        return int(t)
    spans = find_fiscal_years(t)
    if len(spans) == 1 and not re.search(r"\d", t[: spans[0].start] + t[spans[0].end :]):
        return spans[0].first_fy
    return None


#: "the year ended 31 March 2018", "financial year ending 31st March 2020",
#: "year ended March 31, 2018": UK accounts name their year by the day it ends.
_YEAR_END_RE = re.compile(
    r"\byears?\s+end(?:ed|ing)\s+(?:on\s+)?(?:the\s+)?"
    r"(?:31\s*(?:st)?\s+march|march\s+31\s*(?:st)?),?\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: a calendar year standing alone in a header ("2018", "2017 Budget"), not part of a
#: fiscal year ("2017/18"), a date ("31.3.2018") or an amount
BARE_YEAR_RE = re.compile(r"(?<![\d/£.,:\-\u2013])(?:19|20)\d\d(?![\d/%.,:\-\u2013])")


def march_year_end(text: str) -> int | None:
    """The calendar year in which a stated accounting year ends on 31 March ("for the
    year ended 31 March 2018" → 2018, the fiscal year 2017-18); None when the text
    states none, or several that disagree."""
    years = {int(m.group("y")) for m in _YEAR_END_RE.finditer(text.replace("\u00a0", " "))}
    return years.pop() if len(years) == 1 else None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: a calendar month and year ("April 2014", "JAN 2021", "30 Sept 2019", "Nov-2014")
_MONTH_YEAR_RE = re.compile(
    r"\b(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?[\s-]{0,3}"
    r"(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_MONTH_RANGE_RE = re.compile(r"^\s*(?:to|until|-|–|—)\s*$", re.IGNORECASE)


def month_period(text: str) -> tuple[int, int] | None:
    """The fiscal year of the month a title states ("Invoices over £25k April 2014" →
    2014-15; "Payments over £30,000 JAN 2021" → 2020-21: January to March end the year
    that began the April before), or the years of a stated run of months ("April 2014 to
    March 2016"). None when it states no month, or months in years it does not join."""
    found = list(_MONTH_YEAR_RE.finditer(text.replace("\u00a0", " ")))
    years = []
    for m in found:
        month = _MONTHS.index(m.group("m")[:3].lower()) + 1
        years.append(int(m.group("y")) - (1 if month < 4 else 0))
    if not years:
        return None
    if len(set(years)) == 1:
        return years[0], years[0]
    joined = len(found) == 2 and _MONTH_RANGE_RE.match(text[found[0].end() : found[1].start()])
    return (years[0], years[1]) if joined and years[0] < years[1] else None


def without_periods(text: str) -> str:
    """The text with its months, fiscal years and calendar years blanked out: two titles
    that read alike this way are one series' tables for different periods ("Invoices over
    £25k April 2014", "… May 2014")."""
    s = _MONTH_YEAR_RE.sub("#", text.replace("\u00a0", " "))
    for span in reversed(find_fiscal_years(s)):
        s = s[: span.start] + "#" + s[span.end :]
    return re.sub(r"\b(?:19|20)\d\d\b", "#", s)


def stated_periods(text: str) -> list[str]:
    """The months, fiscal years and calendar years a text states, as printed, in order:
    what `without_periods` blanks out."""
    s = text.replace("\u00a0", " ")
    found = [m.group(0).lower() for m in _MONTH_YEAR_RE.finditer(s)]
    s = _MONTH_YEAR_RE.sub("#", s)
    found += [span.text for span in find_fiscal_years(s)]
    for span in reversed(find_fiscal_years(s)):
        s = s[: span.start] + "#" + s[span.end :]
    return found + re.findall(r"\b(?:19|20)\d\d\b", s)


def without_year_end(text: str) -> str:
    """The text with its statements of a 31 March year end taken out."""
    return _YEAR_END_RE.sub(" ", text)


def find_fiscal_years(text: str) -> list[FiscalSpan]:
    """Every fiscal year or range in running text, left to right.

    "2015/16 to 2017/18" is one range; calendar dates ("November 2018") and
    bare years ("in 2019") are not fiscal years.
    """
    s = text.replace("\u00a0", " ")
    out: list[FiscalSpan] = []
    taken: list[tuple[int, int]] = []
    for m in _FY_RANGE_RE.finditer(s):
        pa, pb = fiscal_period(m.group("a")), fiscal_period(m.group("b"))
        if pa and pb and pb[1] >= pa[0] and pa[0] <= pb[0]:
            out.append(FiscalSpan(m.start(), m.end(), m.group(0), pa[0], pb[1]))
            taken.append((m.start(), m.end()))
    for m in _FY_RE.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        p = _period(m)
        if p is None:
            continue
        # 12/2018 style dates and times are not fiscal years; a numbered heading's
        # "109. 2012/13 BUDGET" states one (a space, then a four-digit year).
        before = s[max(0, m.start() - 3) : m.start()]
        if re.search(r"\d[/.:]$", before) or (
            re.search(r"\d[/.:]\s$", before) and len(m.group("y1")) < 4
        ):
            continue
        out.append(FiscalSpan(m.start(), m.end(), m.group(0), p[0], p[1]))
    out.sort(key=lambda f: f.start)
    return out


#: Year forms a header may use that running text would not be read as: the GOV.UK
#: style "2024 to 2025" (also "April 2024 to March 2025") and a one-digit end, "2024/5".
_WORDED_FY_RE = re.compile(
    r"(?<![\d/£.,])(?:apr(?:il)?\s+)?(?P<a>(?:19|20)\d\d)\s+to\s+(?:mar(?:ch)?\s+)?"
    r"(?P<b>(?:19|20)\d\d)(?![\d/%])",
    re.IGNORECASE,
)
_ONE_DIGIT_FY_RE = re.compile(r"(?<![\d/£.,])(?P<a>(?:19|20)\d\d)[/\-\u2013](?P<d>\d)(?![\d/%.,])")


def _header_forms(text: str) -> set[tuple[int, int]]:
    """Periods stated in the header-only forms, by the year each starts in."""
    found: set[tuple[int, int]] = set()
    for m in _WORDED_FY_RE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + 15:
            found.add((a, b - 1))
    for m in _ONE_DIGIT_FY_RE.finditer(text):
        a = int(m.group("a"))
        if (a + 1) % 10 == int(m.group("d")):
            found.add((a, a))
    return found


@functools.lru_cache(maxsize=8192)
def single_period(text: str) -> tuple[int, int] | None:
    """The one period a header or caption states; None when it states none or several.
    Cached: the table stages ask it of the same header and cell texts again and again.

    Headers also use forms running text does not ("2024 to 2025", "2024/5"): read
    only where no other year is printed, so a sentence's "from 2019 to 2021" in
    narrative is never taken for fiscal years.
    """
    spans = find_fiscal_years(text)
    periods = {(f.first_fy, f.last_fy) for f in spans} or _header_forms(text)
    if len(periods) == 1:
        return periods.pop()
    # a change "between 2014-15 and 2015-16" is over both years
    if (
        len(spans) == 2
        and _BETWEEN_RE.fullmatch(text[spans[0].end : spans[1].start])
        and re.search(r"(?i)\bbetween\s*$", text[: spans[0].start])
    ):
        first, last = spans[0].first_fy, spans[1].last_fy
        return (first, last) if first < last else None
    return None


_BETWEEN_RE = re.compile(r"\s+and\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def column_period(text: str) -> tuple[int, int] | None:
    """The period a column's stacked header states: its one period, or the single year
    set under a span that contains it ("2025-28 Draft MTFP" over "2025-26" is 2025-26).
    Two years that do not nest ("2024-25 vs 2025-26") state no one period. Cached: every
    figure of a column asks it of the column's header."""
    own = single_period(text)
    if own is not None:
        return own
    periods = {(f.first_fy, f.last_fy) for f in find_fiscal_years(text)}
    if len(periods) != 2:
        return None
    (a0, a1), (b0, b1) = sorted(periods, key=lambda p: p[1] - p[0])
    if a0 == a1 and b0 < b1 and b0 <= a0 <= b1:
        return (a0, a1)
    return None


# --------------------------------------------------------------------------- measures

# Order matters: the first keyword found names the measure ("Approved Budget" is approved).
_MEASURES: list[tuple[str, str]] = [
    (r"variance|var\b|over\s*/\s*\(?under|under\s*/\s*\(?over", "variance"),
    (r"\bchange\b|movement|difference|increase\s*/\s*\(?decrease", "change"),
    (r"shortfall|\bgap\b|slippage|undelivered|unachieved|not achieved", "shortfall"),
    (r"achieved|delivered|realised|\bactuals?\b|outturn", "achieved"),
    (r"forecast|projected|projection", "forecast"),
    (r"revised|updated|restated", "revised"),
    (r"proposed|proposals?\b|new saving", "proposed"),
    (r"approved|agreed", "approved"),
    (r"planned|\bplans?\b", "planned"),
    (r"target", "target"),
    (r"investment|\bcosts?\b", "cost"),
    (r"budget|allocation", "budget"),
    (r"income", "income"),
    (r"savings?|reduction", "saving"),
    (r"spend|expenditure", "spend"),
]
_MEASURE_RES = [(re.compile(p, re.IGNORECASE), name) for p, name in _MEASURES]
#: Every measure a column can be given, for checking what a person asks for.
MEASURES = tuple(dict.fromkeys(name for _, name in _MEASURES))


@functools.lru_cache(maxsize=8192)
def classify_measure(column_label: str) -> str | None:
    """What a column measures, from its header; None when the header does not say.
    Cached: every figure of a column asks it of the column's header."""
    for rx, name in _MEASURE_RES:
        if rx.search(column_label):
            return name
    return None


_TOTAL_RE = re.compile(
    r"^\s*(?:grand\s+|overall\s+|net\s+|gross\s+)?(?:sub[-\s]?)?totals?\b|\btotals?\s*$"
    r"|\bsub[-\s]?totals?\b|\btotals?\s*(?:[-–:(]|for\b|of\b)",
    re.IGNORECASE,
)


_MONEY_WORDS = re.compile(
    r"£|\b(?:budget|spend|spent|cost|saving|income|funding|grant|forecast|variance|outturn"
    r"|expenditure|precept|reserve|borrowing|investment|capital|revenue|allocation|contribution"
    r"|pay|salary|fee|charge|debt|loan|cash|balance|principal|value|price)",
    re.IGNORECASE,
)


def names_money(text: str) -> bool:
    """A header or caption that speaks of money (budget, cost, grant, £ …)."""
    return bool(_MONEY_WORDS.search(text))


#: a cell that says there is no figure ("n/a", "TBC"): no figure, no unit, and no words
#: of the row's label
NO_FIGURE = re.compile(r"(?i)(?:n/?a|tb[acd]|not applicable)\W*$")


def looks_like_total(label: str) -> bool:
    """A row label that names a total or subtotal (dot leaders after it left out)."""
    return bool(_TOTAL_RE.search(_LEADERS.sub("", label)))


#: dot leaders running from a label to its figures ("Public Health total ........")
_LEADERS = re.compile(r"\s*(?:\.{3,}|\u2026+)[.\s\u2026]*$")


def exact_pounds(amount: Amount, unit: Decimal) -> Decimal:
    """Pounds, exactly: the printed value times its unit (the cell's own unit wins)."""
    mult = amount.unit if amount.unit is not None else unit
    value = amount.value * mult
    return (
        value.quantize(Decimal("0.01"))
        if value != value.to_integral()
        else value.quantize(Decimal(1))
    )
