"""The research layer: taxonomy rules, the saving sign, and the research views."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import research
from pipeline.errors import QueryError
from pipeline.load import connect, ensure_schema, load_extraction
from pipeline.models import BBox, Claim, DocumentInfo, Extraction, Figure, TableInfo
from pipeline.research import TaxonomyError, TrendQuery, decide_sign

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "pipeline" / "data" / "taxonomy.csv"

# --------------------------------------------------------------------------- builders


def fig(
    row: str,
    column: str,
    amount: str,
    *,
    measure: str | None = "approved",
    fy: tuple[int, int] | None = (2020, 2020),
    section: str | None = None,
    rag: str | None = None,
    total: bool = False,
    row_index: int = 0,
    x0: float = 300.0,
    table: int = 0,
    page: int = 1,
) -> Figure:
    return Figure(
        page=page,
        table_index=table,
        row_index=row_index,
        section=section,
        row_label=row,
        rag=rag,
        column_label=column,
        measure=measure,
        first_fy=fy[0] if fy else None,
        last_fy=fy[1] if fy else None,
        amount_gbp=Decimal(amount),
        printed=amount,
        unit=Decimal(1),
        is_total=total,
        footnote=None,
        bbox=BBox(x0, 100.0 + 12 * row_index, x0 + 40, 110.0 + 12 * row_index),
    )


def rows_to_figures(
    rows: Sequence[tuple[str, str | None, str | None, Sequence[str | None]]],
    columns: Sequence[tuple[str, str, tuple[int, int]]],
    *,
    table: int = 0,
    totals: Sequence[str] = (),
) -> list[Figure]:
    """(label, section, rag, amounts per column) rows → figures, one per non-empty cell."""
    out = []
    for i, (label, section, rag, amounts) in enumerate(rows):
        for j, ((col, measure, fy), amount) in enumerate(zip(columns, amounts, strict=True)):
            if amount is None:
                continue
            out.append(
                fig(
                    label,
                    col,
                    amount,
                    measure=measure,
                    fy=fy,
                    section=section,
                    rag=rag,
                    total=label in totals,
                    row_index=i,
                    x0=200.0 + 60 * j,
                    table=table,
                )
            )
    return out


def extraction(
    sha: str,
    authority: str,
    code: str,
    year: int,
    figures: list[Figure],
    *,
    sign: tuple[int, str] | None = None,
    claims: Sequence[Claim] = (),
) -> Extraction:
    doc = DocumentInfo(sha256=sha, source_file=f"papers/{sha[:6]}.pdf", pages=3)
    doc.authority, doc.authority_code, doc.first_fy = authority, code, year
    tables = []
    for t in sorted({f.table_index for f in figures}):
        mine = [f for f in figures if f.table_index == t]
        s, rule = sign if sign is not None else decide_sign(mine)
        tables.append(
            TableInfo(
                table_index=t,
                page=1,
                last_page=1,
                bbox=BBox(50, 80, 560, 400),
                caption="Savings proposals",
                strategy="ruled",
                columns=sorted({f.column_label for f in mine}),
                unit=Decimal(1),
                n_rows=len({f.row_index for f in mine}),
                n_figures=len(mine),
                sign_rule=rule,
                sign=s,
            )
        )
    return Extraction(
        document=doc,
        generator="test",
        tables=tables,
        figures=figures,
        claims=list(claims),
    )


PLAN_21 = ("Agreed saving 2021/22 £", "approved", (2021, 2021))
ACH_21 = ("Delivered 2021/22 £", "achieved", (2021, 2021))
PLAN_22 = ("Proposed saving 2022/23 £", "proposed", (2022, 2022))
REV_21_22 = ("Revised 2021-23 £", "revised", (2021, 2022))
PLAN_21_22 = ("Approved 2021-23 £", "approved", (2021, 2022))


def paper_a_2021() -> Extraction:
    """Kent, 2021/22 paper: savings printed negative (as spending reductions)."""
    figures = rows_to_figures(
        [
            (
                "Telecare expansion (phase 2)",
                "Prevention and technology",
                "Green",
                ["-400000", "-350000", "-200000"],
            ),
            ("Home care framework retender", None, "Amber", ["-250000", "-100000", "-90000"]),
            ("Fairer charging review", None, "Red", ["-120000", "0", None]),
            ("Investment in reablement", None, None, ["80000", "80000", None]),
            ("Total", None, None, ["-690000", "-370000", "-290000"]),
        ],
        [PLAN_21, ACH_21, PLAN_22],
        totals=["Total"],
    )
    return extraction("a" * 64, "Kent County Council", "E10000016", 2021, figures)


def paper_a_2022() -> Extraction:
    """Kent, 2022/23 paper: savings printed positive; repeats the 2022/23 plan, revised."""
    figures = rows_to_figures(
        [
            ("Telecare expansion", None, "Green", ["150000"]),
            ("Home-care framework re-tender", None, "Red", ["40000"]),
            ("Day opportunities review (LD)", None, "Amber", ["300000"]),
        ],
        [PLAN_22],
    )
    return extraction("b" * 64, "Kent County Council", "E10000016", 2022, figures)


def paper_b_2021() -> Extraction:
    """Leeds, 2021/22: planned and revised for a two-year span, positive."""
    figures = rows_to_figures(
        [
            ("Mental health supported living", None, "Amber", ["500000", "420000"]),
            ("Business support restructure", None, "Green", ["200000", "200000"]),
            ("Agency staff reduction", None, None, ["100000", None]),
        ],
        [PLAN_21_22, REV_21_22],
    )
    claims = [
        Claim(
            1,
            "saving",
            "£2m",
            Decimal(2_000_000),
            2021,
            2021,
            "Reablement",
            "We will save £2m by 2021/22.",
            3,
        ),
        Claim(
            1,
            "saving",
            "£1m",
            Decimal(1_000_000),
            None,
            None,
            "Introduction",
            "A further £1m comes from reviewing residential placements.",
            1,
        ),
        Claim(
            1,
            "cost",
            "£5k",
            Decimal(5_000),
            None,
            None,
            "Introduction",
            "The report costs £5k to print.",
            2,
        ),
    ]
    return extraction("c" * 64, "Leeds City Council", "E08000035", 2021, figures, claims=claims)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        for ex in (paper_a_2021(), paper_a_2022(), paper_b_2021()):
            load_extraction(con, ex)
        research.install(con)
    return path


@pytest.fixture(scope="module")
def con() -> Iterator[Any]:
    """The three papers in an in-memory warehouse, shared by the tests that only read."""
    c = duckdb.connect()
    ensure_schema(c)
    for ex in (paper_a_2021(), paper_a_2022(), paper_b_2021()):
        load_extraction(c, ex)
    research.install(c, SHIPPED)
    yield c
    c.close()


def rows(con: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in con.execute(sql, list(params)).fetchall()]


# --------------------------------------------------------------------------- taxonomy


def test_research_taxonomy_shipped_rules_cover_every_category() -> None:
    rules = research.read_taxonomy(SHIPPED)
    assert [(r.priority, r.line) for r in rules] == sorted((r.priority, r.line) for r in rules)
    used = {r.category for r in rules}
    assert used <= set(research.CATEGORIES)
    assert set(research.CATEGORIES) - used == {"other"}
    assert {r.applies_to for r in rules} <= set(research.APPLIES_TO)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("priority,category,pattern\n1,homecare,x\n", "missing column(s) applies_to"),
        ("priority,category,pattern,applies_to\nten,homecare,x,any\n", ":2: priority 'ten'"),
        ("priority,category,pattern,applies_to\n1,homecare,(unclosed,any\n", ":2: bad pattern"),
        (
            "priority,category,pattern,applies_to\n1,homecare,x,any\n2,homecare,x,title\n",
            ":3: applies_to 'title'",
        ),
        ("priority,category,pattern,applies_to\n1,,x,any\n", ":2: the category is empty"),
        ("priority,category,pattern,applies_to\n1,homecare,,any\n", ":2: the pattern is empty"),
    ],
)
def test_research_taxonomy_bad_line_names_the_line(text: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        research.parse_taxonomy(text, "my.csv")


def test_research_taxonomy_blank_applies_to_means_any() -> None:
    (rule,) = research.parse_taxonomy("priority,category,pattern,applies_to\n5,Homecare,x,\n")
    assert (rule.applies_to, rule.category, rule.text) == ("any", "homecare", "5: any ~ /x/")


CATEGORY_EXAMPLES = [
    ("Telecare and sensors roll-out", None, "assistive technology"),
    ("Step-down beds at Oakwood", None, "reablement and intermediate care"),
    ("Hospital discharge team", None, "reablement and intermediate care"),
    ("Discharge planning", None, "other"),  # 'charg' inside 'discharge' is not charging
    ("Supported living review", None, "extra care and housing"),
    ("Review of day opportunities for people with LD", None, "learning disability"),
    ("Dementia day care", None, "mental health"),
    ("Domiciliary care rates", None, "homecare"),
    ("Nursing home fee uplift", None, "residential and nursing"),
    ("Carers' breaks", None, "prevention"),
    ("Fairer charging policy", None, "income and charging"),
    ("CHC recovery from the ICB", None, "integration with health"),
    ("Spot purchasing to block contracts", None, "commissioning and contracts"),
    ("Business support restructure", None, "workforce and back office"),
    ("Line 7", "Learning Disabilities", "learning disability"),
    ("Home care review", "Learning Disabilities", "homecare"),  # the row decides first
    ("Miscellaneous", None, "other"),
]


@pytest.fixture(scope="module")
def categorised() -> dict[tuple[str, str | None], tuple[str, str | None]]:
    """Every example row through the shipped taxonomy, in one warehouse."""
    figures = [
        fig(label, "Saving £", "1000", section=section, row_index=i)
        for i, (label, section, _) in enumerate(CATEGORY_EXAMPLES)
    ]
    c = duckdb.connect()
    ensure_schema(c)
    load_extraction(c, extraction("d" * 64, "Kent County Council", "E10000016", 2021, figures))
    research.install(c, SHIPPED)
    got = rows(c, "select row_label, section, category, category_rule from savings_research")
    c.close()
    return {(r[0], r[1]): (r[2], r[3]) for r in got}


@pytest.mark.parametrize(("row_label", "section", "category"), CATEGORY_EXAMPLES)
def test_research_categories_from_shipped_rules(
    categorised: dict[tuple[str, str | None], tuple[str, str | None]],
    row_label: str,
    section: str | None,
    category: str,
) -> None:
    got, rule = categorised[(row_label, section)]
    assert got == category
    assert (rule is None) == (category == "other")


def test_research_category_rule_is_the_first_match_by_priority(tmp_path: Path) -> None:
    tax = tmp_path / "tax.csv"
    tax.write_text(
        "priority,category,pattern,applies_to\n"
        "20,homecare,care,row_label\n"
        "10,prevention,carers,row_label\n"
        "30,workforce and back office,office,section\n",
        encoding="utf-8",
    )
    ex = extraction(
        "d" * 64,
        "Kent County Council",
        "E10000016",
        2021,
        [
            fig("Carers support", "Saving £", "1", row_index=0),
            fig("Care at home", "Saving £", "1", row_index=1),
            fig("Post deletions", "Saving £", "1", row_index=2, section="Back office"),
            fig("Other things", "Saving £", "1", row_index=3),
        ],
    )
    with connect(tmp_path / "w.duckdb") as c:
        load_extraction(c, ex)
        research.install(c, tax)
        got = rows(
            c, "select row_label, category, category_rule from savings_research order by row_index"
        )
    assert got == [
        ("Carers support", "prevention", "10: row_label ~ /carers/"),
        ("Care at home", "homecare", "20: row_label ~ /care/"),
        ("Post deletions", "workforce and back office", "30: section ~ /office/"),
        ("Other things", "other", None),
    ]


def test_research_edited_taxonomy_applies_on_next_command(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tax = tmp_path / "mine.csv"
    tax.write_text("priority,category,pattern,applies_to\n1,telecare,telecare,any\n", "utf-8")
    monkeypatch.setenv(research.TAXONOMY_ENV, str(tax))
    assert research.ensure_current(warehouse) is True
    assert research.ensure_current(warehouse) is False  # nothing changed since
    with connect(warehouse, read_only=True) as c:
        cats = rows(c, "select distinct category from savings_research order by 1")
        taxonomy = rows(c, "select ord, category, rule from taxonomy")
    assert cats == [("other",), ("telecare",)]
    assert taxonomy == [(0, "telecare", "1: any ~ /telecare/")]


def test_research_install_is_idempotent_inside_or_outside_a_transaction(warehouse: Path) -> None:
    with connect(warehouse) as c:
        before = rows(c, "select * from savings_research")
        research.install(c)
        c.execute("begin")
        research.install(c)
        c.execute("commit")
        assert rows(c, "select * from savings_research") == before
        assert research.is_current(c)


# --------------------------------------------------------------------------- sign


def test_research_sign_negative_convention_with_investment_rows() -> None:
    figures = rows_to_figures(
        [
            ("Scheme one", "Gross savings", "Red", ["-100", "-50"]),
            ("Scheme two", "Gross savings", "Green", ["-200", "0"]),
            ("Scheme one", "Investment", None, ["30", "10"]),
            ("Scheme two", "Investment", None, ["40", "20"]),
            ("Scheme three", "Investment", None, ["50", "20"]),
            ("Net savings", None, None, ["-180", "-10"]),
        ],
        [PLAN_21, ACH_21],
        totals=["Net savings"],
    )
    sign, rule = decide_sign(figures)
    assert sign == -1
    assert rule == (
        "savings printed negative: 3 of 3 non-zero figures in saving columns of detail rows "
        "are negative; cost/investment rows (6 figures, 6 positive) not counted"
    )


def test_research_sign_positive_convention_with_a_reversal() -> None:
    figures = rows_to_figures(
        [("A", None, None, ["100"]), ("B", None, None, ["250"]), ("C", None, None, ["-20"])],
        [PLAN_22],
    )
    assert decide_sign(figures) == (
        1,
        "savings printed positive: 2 of 3 non-zero figures in saving columns of detail "
        "rows are positive",
    )


def test_research_sign_mixed_keeps_print() -> None:
    figures = rows_to_figures([("A", None, None, ["100"]), ("B", None, None, ["-100"])], [PLAN_22])
    sign, rule = decide_sign(figures)
    assert sign == 1 and rule.startswith("signs mixed (1 negative, 1 positive")


def test_research_sign_budget_table_has_no_votes() -> None:
    figures = rows_to_figures(
        [("Older people", None, None, ["-5000"])], [("Budget 2022/23", "budget", (2022, 2022))]
    )
    assert decide_sign(figures) == (1, "no saving figures: amounts kept as printed")


def test_research_sign_totals_only_and_unlabelled_columns() -> None:
    totals = rows_to_figures(
        [("Total savings", None, None, ["-900"])], [PLAN_22], totals=["Total savings"]
    )
    assert decide_sign(totals)[0] == -1
    assert "total rows" in decide_sign(totals)[1]
    plain = rows_to_figures(
        [("A", None, None, ["-9"]), ("B", None, None, ["-3"])], [("2022/23", None, (2022, 2022))]
    )  # type: ignore[list-item]
    assert decide_sign(plain) == (
        -1,
        "savings printed negative: 2 of 2 non-zero figures in unlabelled columns of "
        "detail rows are negative",
    )


@pytest.mark.parametrize(
    ("section", "row_label", "cost"),
    [
        ("New Care Models Investment", "Extra Care", True),
        (None, "Investment in reablement", True),
        (None, "Less: reversal of one-off savings", True),
        ("Growth", "Demography", True),
        (None, "Shared Lives (net of £150k investment)", False),
        (None, "High Cost Placements", False),
        ("Reducing back office costs", "Restructure", False),
    ],
)
def test_research_cost_rows(section: str | None, row_label: str, cost: bool) -> None:
    assert research.is_cost_row(section, row_label) is cost


amounts = st.lists(
    st.integers(min_value=-(10**9), max_value=10**9).filter(lambda v: v != 0),
    min_size=1,
    max_size=30,
)


@given(amounts)
def test_research_sign_flips_with_the_convention(values: list[int]) -> None:
    table = [fig(f"s{i}", "Saving £", str(v), row_index=i) for i, v in enumerate(values)]
    flipped = [fig(f"s{i}", "Saving £", str(-v), row_index=i) for i, v in enumerate(values)]
    sign, rule = decide_sign(table)
    other, _ = decide_sign(flipped)
    if rule.startswith("signs mixed"):
        assert sign == other == 1
    else:
        assert other == -sign
        positive = sum(1 for v in values if v * sign > 0)
        assert positive >= 2 * (len(values) - positive)


# --------------------------------------------------------------------------- views


def test_research_saving_gbp_is_positive_whatever_the_convention(con: Any) -> None:
    got = rows(
        con,
        "select authority, row_label, measure, amount_gbp, saving_gbp, sign from savings_research"
        " where row_label like 'Telecare%' order by document_id, x0",
    )
    assert got == [
        (
            "Kent County Council",
            "Telecare expansion (phase 2)",
            "approved",
            Decimal("-400000.00"),
            Decimal("400000.00"),
            -1,
        ),
        (
            "Kent County Council",
            "Telecare expansion (phase 2)",
            "achieved",
            Decimal("-350000.00"),
            Decimal("350000.00"),
            -1,
        ),
        (
            "Kent County Council",
            "Telecare expansion (phase 2)",
            "proposed",
            Decimal("-200000.00"),
            Decimal("200000.00"),
            -1,
        ),
        (
            "Kent County Council",
            "Telecare expansion",
            "proposed",
            Decimal("150000.00"),
            Decimal("150000.00"),
            1,
        ),
    ]
    (inv,) = rows(
        con,
        "select saving_gbp, sign_rule from savings_research"
        " where row_label like 'Investment%' and measure = 'approved'",
    )
    assert inv[0] == Decimal("-80000.00")
    assert inv[1] == (
        "savings printed negative: 7 of 7 non-zero figures in saving columns of detail rows "
        "are negative; cost/investment rows (2 figures, 2 positive) not counted"
    )


def test_research_savings_by_category_counts_the_latest_paper_once(con: Any) -> None:
    got = rows(
        con,
        "select fiscal_year, category, measure, saving_gbp, schemes, paper_year"
        " from savings_by_category where authority_code = 'E10000016' and first_fy = 2022",
    )
    # 2022/23 is in both Kent papers: only the 2022/23 paper counts.
    assert got == [
        ("2022/23", "assistive technology", "proposed", Decimal("150000.00"), 1, "2022/23"),
        ("2022/23", "homecare", "proposed", Decimal("40000.00"), 1, "2022/23"),
        ("2022/23", "learning disability", "proposed", Decimal("300000.00"), 1, "2022/23"),
    ]
    (approved,) = rows(
        con,
        "select sum(saving_gbp) from savings_by_category"
        " where authority_code = 'E10000016' and measure = 'approved'",
    )
    # 400k + 250k + 120k of savings less 80k of investment; the printed total is not added.
    assert approved == (Decimal("690000.00"),)


def test_research_rag_mix_shares(con: Any) -> None:
    got = rows(
        con,
        "select paper_year, rag, schemes, share_of_rated, planned_gbp, share_of_planned"
        " from rag_mix where authority = 'Kent County Council'",
    )
    assert got == [
        ("2021/22", "Red", 1, 0.3333, Decimal("120000.00"), 0.1558),
        ("2021/22", "Amber", 1, 0.3333, Decimal("250000.00"), 0.3247),
        ("2021/22", "Green", 1, 0.3333, Decimal("400000.00"), 0.5195),
        ("2021/22", "unrated", 1, None, Decimal("-80000.00"), None),
        ("2022/23", "Red", 1, 0.3333, Decimal("40000.00"), 0.0816),
        ("2022/23", "Amber", 1, 0.3333, Decimal("300000.00"), 0.6122),
        ("2022/23", "Green", 1, 0.3333, Decimal("150000.00"), 0.3061),
    ]


def test_research_planned_vs_delivered_pairs_same_years(con: Any) -> None:
    got = rows(
        con,
        "select authority_code, row_label, fiscal_year, planned_gbp, delivered_gbp,"
        " delivered_basis, gap_gbp, delivered_share from planned_vs_delivered"
        " where not is_total order by authority_code, row_index",
    )
    assert got == [
        (
            "E08000035",
            "Mental health supported living",
            "2021/22-2022/23",
            Decimal("500000.00"),
            Decimal("420000.00"),
            "revised",
            Decimal("80000.00"),
            0.84,
        ),
        (
            "E08000035",
            "Business support restructure",
            "2021/22-2022/23",
            Decimal("200000.00"),
            Decimal("200000.00"),
            "revised",
            Decimal("0.00"),
            1.0,
        ),
        (
            "E10000016",
            "Telecare expansion (phase 2)",
            "2021/22",
            Decimal("400000.00"),
            Decimal("350000.00"),
            "achieved",
            Decimal("50000.00"),
            0.875,
        ),
        (
            "E10000016",
            "Home care framework retender",
            "2021/22",
            Decimal("250000.00"),
            Decimal("100000.00"),
            "achieved",
            Decimal("150000.00"),
            0.4,
        ),
        (
            "E10000016",
            "Fairer charging review",
            "2021/22",
            Decimal("120000.00"),
            Decimal("0.00"),
            "achieved",
            Decimal("120000.00"),
            0.0,
        ),
        (
            "E10000016",
            "Investment in reablement",
            "2021/22",
            Decimal("-80000.00"),
            Decimal("-80000.00"),
            "achieved",
            Decimal("0.00"),
            1.0,
        ),
    ]


def test_research_scheme_history_follows_a_scheme_across_papers(con: Any) -> None:
    got = rows(
        con,
        "select scheme_key, paper_year, row_label, measure, fiscal_year, saving_gbp, papers"
        " from scheme_history"
        " where scheme_key in ('telecareexpansion', 'homecareframeworkretender')",
    )
    # 'Home care … retender' (2021/22) and 'Home-care … re-tender' (2022/23) are one scheme.
    # a view has no order of its own: compared as sets of rows
    assert sorted(got) == sorted(
        [
            (
                "homecareframeworkretender",
                "2021/22",
                "Home care framework retender",
                "approved",
                "2021/22",
                Decimal("250000.00"),
                2,
            ),
            (
                "homecareframeworkretender",
                "2021/22",
                "Home care framework retender",
                "achieved",
                "2021/22",
                Decimal("100000.00"),
                2,
            ),
            (
                "homecareframeworkretender",
                "2021/22",
                "Home care framework retender",
                "proposed",
                "2022/23",
                Decimal("90000.00"),
                2,
            ),
            (
                "homecareframeworkretender",
                "2022/23",
                "Home-care framework re-tender",
                "proposed",
                "2022/23",
                Decimal("40000.00"),
                2,
            ),
            (
                "telecareexpansion",
                "2021/22",
                "Telecare expansion (phase 2)",
                "approved",
                "2021/22",
                Decimal("400000.00"),
                2,
            ),
            (
                "telecareexpansion",
                "2021/22",
                "Telecare expansion (phase 2)",
                "achieved",
                "2021/22",
                Decimal("350000.00"),
                2,
            ),
            (
                "telecareexpansion",
                "2021/22",
                "Telecare expansion (phase 2)",
                "proposed",
                "2022/23",
                Decimal("200000.00"),
                2,
            ),
            (
                "telecareexpansion",
                "2022/23",
                "Telecare expansion",
                "proposed",
                "2022/23",
                Decimal("150000.00"),
                2,
            ),
        ]
    )


def test_research_claims_get_categories_from_heading_then_sentence(con: Any) -> None:
    got = rows(con, "select subject, category, fiscal_year from claims_research order by 1, 2")
    assert got == [
        ("Introduction", "other", None),
        ("Introduction", "residential and nursing", None),
        ("Reablement", "reablement and intermediate care", "2021/22"),
    ]


def test_research_backfills_a_missing_sign(tmp_path: Path) -> None:
    figures = rows_to_figures([("A", None, None, ["-10"]), ("B", None, None, ["-20"])], [PLAN_22])
    ex = extraction("e" * 64, "Kent County Council", "E10000016", 2022, figures, sign=(1, None))  # type: ignore[arg-type]
    path = tmp_path / "w.duckdb"
    with connect(path) as c:
        load_extraction(c, ex)
        assert not research.is_current(c)
    assert research.ensure_current(path) is True
    with connect(path, read_only=True) as c:
        assert rows(c, "select sign, sign_rule from tables") == [
            (
                -1,
                "savings printed negative: 2 of 2 non-zero figures in saving columns of "
                "detail rows are negative",
            )
        ]
        assert rows(c, "select sum(saving_gbp) from savings_research") == [(Decimal("30.00"),)]


# --------------------------------------------------------------------------- trends


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            TrendQuery(by=("authority",), measures=("proposed",)),
            [
                ("Kent County Council", "E10000016", "proposed", Decimal("490000.00"), 3, 1),
            ],
        ),
        (
            TrendQuery(by=("year",), authorities=("leeds",)),
            [
                ("2021/22-2022/23", "approved", Decimal("800000.00"), 3, 1),
                ("2021/22-2022/23", "revised", Decimal("620000.00"), 2, 1),
            ],
        ),
        (
            TrendQuery(
                by=("category",),
                authorities=("E10000016",),
                from_year=2021,
                to_year=2021,
                categories=("home",),
            ),
            [
                ("homecare", "achieved", Decimal("100000.00"), 1, 1),
                ("homecare", "approved", Decimal("250000.00"), 1, 1),
            ],
        ),
        (
            TrendQuery(by=("year",), single_year=True, measures=("approved", "revised")),
            [
                ("2021/22", "approved", Decimal("690000.00"), 4, 1),
            ],
        ),
    ],
)
def test_research_trends_filters(
    con: Any, query: TrendQuery, expected: list[tuple[Any, ...]]
) -> None:
    sql, params = research.trends_sql(query)
    assert rows(con, sql, params) == expected


def test_research_trends_rejects_unknown_dimension() -> None:
    with pytest.raises(QueryError, match="cannot group by colour"):
        research.trends_sql(TrendQuery(by=("colour",)))


@pytest.mark.parametrize(
    ("text", "year"), [("2019", 2019), ("2019/20", 2019), ("2019-20", 2019), ("FY2021/22", 2021)]
)
def test_research_parse_year(text: str, year: int) -> None:
    assert research.parse_year(text) == year


def test_research_parse_year_rejects_words() -> None:
    with pytest.raises(QueryError, match="cannot read 'soon'"):
        research.parse_year("soon")


@pytest.mark.parametrize(
    ("value", "text"),
    [("1234000.00", "£1,234,000"), ("-80000", "-£80,000"), ("12.5", "£12.50"), ("0", "£0")],
)
def test_research_format_gbp(value: str, text: str) -> None:
    assert research.format_gbp(Decimal(value)) == text


# --------------------------------------------------------------------------- export


def test_research_export_csv_and_parquet_keep_exact_money(con: Any, tmp_path: Path) -> None:
    n = research.export_view(con, "savings_research", tmp_path / "s.parquet", "parquet")
    m = research.export_view(con, "rag_mix", tmp_path / "r.csv", "csv", "rag = 'Red'")
    assert n == rows(con, "select count(*) from savings_research")[0][0]
    back = duckdb.connect()
    total = back.execute(
        f"select sum(saving_gbp), typeof(any_value(saving_gbp)) from '{tmp_path / 's.parquet'}'"
    ).fetchone()
    assert total == rows(con, "select sum(saving_gbp), 'DECIMAL(18,2)' from savings_research")[0]
    with (tmp_path / "r.csv").open(newline="") as fh:
        table = list(csv.reader(fh))
    assert m == 2 == len(table) - 1
    assert table[0][:3] == ["authority", "authority_code", "paper_year"]
    assert {r[5] for r in table[1:]} == {"Red"}


def test_research_export_names_the_views_it_knows(con: Any, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="no view named '_figures'; views: checks, claims"):
        research.export_view(con, "_figures", tmp_path / "x.csv", "csv")
    with pytest.raises(QueryError, match="export failed"):
        research.export_view(con, "rag_mix", tmp_path / "x.csv", "csv", "no_such_column = 1")


@pytest.mark.parametrize(("name", "fmt"), [("a.CSV", "csv"), ("a.parquet", "parquet")])
def test_research_export_format_from_suffix(name: str, fmt: str) -> None:
    assert research.export_format(Path(name), None) == fmt


def test_research_export_format_unknown_suffix() -> None:
    with pytest.raises(research.PipelineError, match=r"use \.csv or \.parquet"):
        research.export_format(Path("a.xlsx"), None)


# --------------------------------------------------------------------------- dictionary


def test_research_every_view_and_column_is_documented() -> None:
    assert research.undocumented() == []


def test_research_data_dictionary_is_committed_and_current() -> None:
    committed = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == research.data_dictionary(), "run `pipeline docs` and commit the result"


def test_research_data_dictionary_lists_research_columns() -> None:
    text = research.data_dictionary()
    assert "| `saving_gbp` | DECIMAL(18,2) |" in text
    assert "## planned_vs_delivered" in text
    for view in research.RESEARCH_VIEWS:
        assert f"## {view}\n" in text
