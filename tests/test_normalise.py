"""Amounts, units, fiscal years, RAG and measures: the exact readings every stage shares."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalise import (
    classify_measure,
    column_period,
    exact_pounds,
    find_fiscal_years,
    fiscal_period,
    is_unit_only,
    looks_like_total,
    parse_amount,
    parse_rag,
    parse_unit,
    rag_from_rgb,
    single_period,
    strip_unit,
)


@pytest.mark.parametrize(
    ("text", "value", "unit", "nil", "note"),
    [
        ("-1,234", "-1234", None, False, None),
        ("(1,234)", "-1234", None, False, None),
        ("\u22121,234", "-1234", None, False, None),
        ("\u20131,234", "-1234", None, False, None),
        ("1,234.56", "1234.56", None, False, None),
        ("–", "0", None, True, None),
        ("-", "0", None, True, None),
        ("nil", "0", None, True, None),
        ("£1.2m", "1.2", "1000000", False, None),
        ("£0.720m", "0.720", "1000000", False, None),
        ("£18k", "18", "1000", False, None),
        ("£2.5 million", "2.5", "1000000", False, None),
        ("£1.2bn", "1.2", "1000000000", False, None),
        ("£0.5M", "0.5", "1000000", False, None),
        ("3,343 *", "3343", None, False, "*"),
        ("-3,393 #", "-3393", None, False, "#"),
        ("1,234a", "1234", None, False, "a"),
        ("450 (b)", "450", None, False, "b"),
        ("12¹", "12", None, False, "1"),
        ("0", "0", None, False, None),
        # an accounting format's sign at the cell's left, its unit beside it
        ("£m 105.86", "105.86", "1000000", False, None),
        ("£000 (1,234)", "-1234", "1000", False, None),
        ("£ (23.61)", "-23.61", None, False, None),
        ("£k -", "0", "1000", True, None),
        ("£ 5m", "5", "1000000", False, None),
        # the pound sign set tight before the brackets, a unit after them
        ("£(1,234)", "-1234", None, False, None),
        ("£(0.5)m", "-0.5", "1000000", False, None),
        ("(0.3)m", "-0.3", "1000000", False, None),
    ],
)
def test_normalise_amount_forms(
    text: str, value: str, unit: str | None, nil: bool, note: str | None
) -> None:
    a = parse_amount(text)
    assert a is not None
    assert a.value == Decimal(value)
    assert a.unit == (Decimal(unit) if unit else None)
    assert a.is_nil is nil
    assert a.footnote == note


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Extra Care",
        "2018/19",
        "£000",
        "£'000",
        "(£000)",
        "1,23,4",
        "(1,234",
        "n/a",
        "£m £5m",
        "£m 3.2m",
        "£(1,234",
        "£()",
    ],
)
def test_normalise_amount_rejects_non_figures(text: str) -> None:
    assert parse_amount(text) is None


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=0, allow_nan=False),
    st.sampled_from(["hyphen", "minus", "paren"]),
)
def test_normalise_amount_round_trips_any_printed_integer(value: Decimal, style: str) -> None:
    body = f"{abs(value):,.0f}"
    if value < 0:
        body = {"hyphen": f"-{body}", "minus": f"\u2212{body}", "paren": f"({body})"}[style]
    a = parse_amount(body)
    assert a is not None and a.value == value


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["£", "£k", "£m", "£000", "£'000"]),
)
def test_normalise_amount_after_a_currency_sign_is_exact(value: Decimal, sign: str) -> None:
    body = f"({abs(value):,}" + ")" if value < 0 else f"{value:,}"
    a = parse_amount(f"{sign}  {body}")
    assert a is not None and a.value == value and a.currency
    assert a.unit == {"£": None, "£k": 1000, "£m": 10**6, "£000": 1000, "£'000": 1000}[sign]


@given(st.decimals(min_value=0, max_value=999, places=3), st.sampled_from(["k", "m", "bn"]))
def test_normalise_amount_in_cell_units_are_exact(value: Decimal, suffix: str) -> None:
    a = parse_amount(f"£{value}{suffix}")
    assert a is not None
    mult = {"k": 10**3, "m": 10**6, "bn": 10**9}[suffix]
    assert exact_pounds(a, Decimal(1)) == (value * mult).quantize(Decimal("0.01")) or (
        exact_pounds(a, Decimal(1)) == value * mult
    )


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("£'000", 1000),
        ("£000s", 1000),
        ("£000", 1000),
        ("£k", 1000),
        ("£m", 10**6),
        ("(£m)", 10**6),
        ("£bn", 10**9),
        ("Savings (£000)", 1000),
        ("£ thousands", 1000),
        ("Table 3: Proposed savings (£m)", 10**6),
        ("£", 1),
        ("Savings 2019/20", None),
        # spelt out or set apart: a bare "£" must not be read from them (1,000 times off)
        ("£ in thousands", 1000),
        ("Budget (£ in millions)", 10**6),
        ("£ (000)", 1000),
        ("£000's", 1000),
        ("£,000", 1000),
    ],
)
def test_normalise_unit_declarations(text: str, unit: int | None) -> None:
    assert parse_unit(text) == (Decimal(unit) if unit is not None else None)


def test_normalise_unit_only_and_strip() -> None:
    assert is_unit_only("£'000") and is_unit_only("(£m)")
    assert all(is_unit_only(t) for t in ("£000's", "£ (000)", "£ in thousands", "(£ thousand)"))
    assert strip_unit("Budget (£ in thousands)") == "Budget"
    assert not is_unit_only("Savings £000")
    assert strip_unit("Savings (£000)") == "Savings"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2018/19", (2018, 2018)),
        ("2018-19", (2018, 2018)),
        ("18/19", (2018, 2018)),
        ("FY2018/19", (2018, 2018)),
        ("2018-20", (2018, 2019)),
        ("2018-21", (2018, 2020)),
        ("2023-2027", (2023, 2026)),
        ("2018/2019", (2018, 2018)),
        ("11/12", (2011, 2011)),
        ("1999/00", (1999, 1999)),
    ],
)
def test_normalise_fiscal_period_forms(text: str, period: tuple[int, int]) -> None:
    assert fiscal_period(text) == period


def test_normalise_fiscal_years_in_prose() -> None:
    text = (
        "Savings of £3m in 2018/19, the 2018-20 budget, 2015/16 to 2017/18 and FY2019/20; "
        "agreed in November 2018 and reviewed in 2019, 20/21 onwards."
    )
    got = [(f.text, f.first_fy, f.last_fy) for f in find_fiscal_years(text)]
    assert got == [
        ("2018/19", 2018, 2018),
        ("2018-20", 2018, 2019),
        ("2015/16 to 2017/18", 2015, 2017),
        ("FY2019/20", 2019, 2019),
        ("20/21", 2020, 2020),
    ]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Budget 2024 to 2025 £000", (2024, 2024)),  # GOV.UK style
        ("April 2024 to March 2025", (2024, 2024)),
        ("Savings 2024 to 2027", (2024, 2026)),
        ("2024/5", (2024, 2024)),
        ("2019-0 Outturn", (2019, 2019)),
        ("2024 to 2025 and 2025 to 2026", None),  # two periods: none is the header's
        ("2024/6", None),  # not consecutive
        ("31/03/2024", None),
        ("2024 to 2024", None),
    ],
)
def test_normalise_header_year_forms(text: str, period: tuple[int, int] | None) -> None:
    """Forms a header may use but running text is not read for."""
    assert single_period(text) == period


def test_normalise_worded_years_in_prose_are_not_fiscal_years() -> None:
    assert find_fiscal_years("the plan ran from 2019 to 2021, and 2024/5 followed") == []


@pytest.mark.parametrize("text", ["18-25", "12/2018", "1,036", "2019", "3/4", "10:30"])
def test_normalise_fiscal_years_reject_non_years(text: str) -> None:
    assert find_fiscal_years(text) == []


@given(st.integers(min_value=1990, max_value=2090), st.sampled_from(["/", "-", "–"]))
def test_normalise_fiscal_year_single_any_start(year: int, sep: str) -> None:
    assert fiscal_period(f"{year}{sep}{(year + 1) % 100:02d}") == (year, year)
    if year < 2069:  # two-digit years pivot at 70: 69/70 is 1969
        assert fiscal_period(f"{year % 100:02d}/{(year + 1) % 100:02d}") == (year, year)


@given(st.integers(min_value=1995, max_value=2085), st.integers(min_value=2, max_value=6))
def test_normalise_fiscal_year_ranges(year: int, span: int) -> None:
    assert fiscal_period(f"{year}-{(year + span) % 100:02d}") == (year, year + span - 1)
    assert fiscal_period(f"{year}-{year + span}") == (year, year + span - 1)


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        ("Red", "Red"),
        ("R", "Red"),
        ("amber", "Amber"),
        ("G", "Green"),
        ("Blue", "Blue"),
        ("Amber/Green", "Amber/Green"),
        ("Total", None),
        ("Green Belt review", None),
        ("Yellow", "Amber"),
        ("Y", None),  # Yes, in a flag column ("Linked to Funding": Y)
    ],
)
def test_normalise_rag_words(text: str, rag: str | None) -> None:
    assert parse_rag(text) == rag


@pytest.mark.parametrize(
    ("rgb", "rag"),
    [
        ((1, 0, 0), "Red"),
        ((1, 0.75, 0), "Amber"),
        ((0, 0.69, 0.31), "Green"),
        ((1, 0.78, 0.81), "Red"),
        ((1, 0.92, 0.61), "Amber"),
        ((0.78, 0.94, 0.81), "Green"),
        ((0.2, 0.4, 0.8), "Blue"),
        ((0.85, 0.85, 0.85), None),
        ((1, 1, 1), None),
    ],
)
def test_normalise_rag_from_fill(rgb: tuple[float, float, float], rag: str | None) -> None:
    assert rag_from_rgb(rgb) == rag


@pytest.mark.parametrize(
    ("label", "measure"),
    [
        ("Approved Budget 2018-20 Cumulative Savings", "approved"),
        ("Achieved Savings", "achieved"),
        ("Proposed Savings 2019-20", "proposed"),
        ("Total Revised Savings", "revised"),
        ("Change", "change"),
        ("Forecast Variance", "variance"),
        ("Budget 2019/20", "budget"),
        ("Savings Target", "target"),
        ("Shortfall", "shortfall"),
        ("2019/20", None),
    ],
)
def test_normalise_measure_from_header(label: str, measure: str | None) -> None:
    assert classify_measure(label) == measure


def test_normalise_total_labels() -> None:
    assert looks_like_total("Total Net Savings")
    assert looks_like_total("Sub-total")
    assert looks_like_total("Grand total")
    assert not looks_like_total("Totally Independent Living")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025-28 Draft MTFP 2025-26", (2025, 2025)),
        ("2025-26 to 2027-28 Plan 2026-27", (2026, 2026)),
        ("2025-28 Draft MTFP", (2025, 2027)),
        ("2024-25 vs 2025-26", None),
        ("2025-28 Plan 2029-30", None),
        ("Variance", None),
    ],
)
def test_normalise_column_period_takes_the_year_nested_in_a_span(
    text: str, period: tuple[int, int] | None
) -> None:
    """A stacked header sets a plan's span over each column's own year."""
    assert column_period(text) == period


@given(st.integers(2000, 2040), st.integers(2, 9), st.integers(0, 9))
def test_normalise_column_period_nested_year_any_span(start: int, span: int, k: int) -> None:
    year = start + (k % span)
    head = f"{start}-{(start + span) % 100:02d} MTFP {year}/{(year + 1) % 100:02d}"
    assert column_period(head) == (year, year)
