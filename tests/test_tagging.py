"""Behaviour of the tag stage: values, partners, ratings, claims, provenance."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import BBox, Block, Mention
from pipeline.tagging.core import TagResult, build_nlp, tag_blocks
from pipeline.tagging.gazetteer import GAZETTEER_FILE, Gazetteer, read_bodies

BOX = BBox(10, 20, 300, 60)


def tag(*texts: str, authority: tuple[str, ...] = (), kinds: tuple[str, ...] = ()) -> TagResult:
    blocks = [
        Block(page=3, order=i, kind=kinds[i] if i < len(kinds) else "paragraph", text=t, bbox=BOX)
        for i, t in enumerate(texts)
    ]
    return tag_blocks(blocks, authority_names=authority)


def of(result: TagResult, label: str) -> list[Mention]:
    return [m for m in result.mentions if m.label == label]


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("printed", "pounds"),
    [
        ("£121.6m", "121600000"),
        ("£0.720m", "720000"),
        ("£18k", "18000"),
        ("£200k", "200000"),
        ("£1.2bn", "1200000000"),
        ("£2.5 million", "2500000"),
        ("£3,000", "3000"),
        ("£3m", "3000000"),
        ("£100", "100"),
        ("£0.5M", "500000"),
        ("£12.75", "12.75"),
        ("£1,234,567", "1234567"),
    ],
)
def test_tagging_money_amount_is_exact_pounds(printed: str, pounds: str) -> None:
    money = of(tag(f"The scheme will deliver {printed} in the year."), "MONEY")
    assert [(m.text, m.amount_gbp) for m in money] == [(printed, Decimal(pounds))]
    assert isinstance(money[0].amount_gbp, Decimal)


def test_tagging_money_in_brackets_is_positive() -> None:
    money = of(tag("Reserves will cover the slippage on the plan (£2.416m) this year."), "MONEY")
    assert [(m.text, m.amount_gbp) for m in money] == [("£2.416m", Decimal(2416000))]


def test_tagging_money_at_sentence_end_keeps_its_unit() -> None:
    money = of(tag("The Council expects £2.1 m. Another £5m follows."), "MONEY")
    assert [m.amount_gbp for m in money] == [Decimal(2100000), Decimal(5000000)]


def test_tagging_money_range_shares_the_unit() -> None:
    money = of(tag("Savings of £5-6m and costs of £1.2m-£1.5m are possible."), "MONEY")
    assert [(m.text, m.amount_gbp) for m in money] == [
        ("£5", Decimal(5000000)),
        ("6m", Decimal(6000000)),
        ("£1.2m", Decimal(1200000)),
        ("£1.5m", Decimal(1500000)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Around 3,000 people received 1.2 million hours of care.",
        "The figures are shown in £'000 and the totals in (£m).",
        "Extra care at Village 135 has 20 flats.",
    ],
)
def test_tagging_numbers_without_pounds_are_not_money(text: str) -> None:
    assert of(tag(text), "MONEY") == []


@settings(max_examples=60, deadline=None, database=None)
@given(
    value=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(999), places=3),
    unit=st.sampled_from([("m", 10**6), ("k", 10**3), ("bn", 10**9), (" million", 10**6)]),
)
def test_tagging_money_round_trips_any_amount(value: Decimal, unit: tuple[str, int]) -> None:
    printed = f"£{value.normalize():f}{unit[0]}"
    money = of(tag(f"Savings of {printed} are planned."), "MONEY")
    assert [m.amount_gbp for m in money] == [value * unit[1]]
    assert money[0].text == printed


@settings(max_examples=60, deadline=None, database=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_tagging_money_round_trips_whole_pounds(n: int) -> None:
    money = of(tag(f"The contract is worth £{n:,} a year."), "MONEY")
    assert [m.amount_gbp for m in money] == [Decimal(n)]


# --------------------------------------------------------------------------- fiscal years


@pytest.mark.parametrize(
    ("printed", "first", "last"),
    [
        ("2018/19", 2018, 2018),
        ("2018-19", 2018, 2018),
        ("11/12", 2011, 2011),
        ("2009/10", 2009, 2009),
        ("2018-20", 2018, 2019),
        ("2015/16 to 2017/18", 2015, 2017),
        ("2018-21", 2018, 2020),
        ("2023-2027", 2023, 2026),
        ("FY2019/20", 2019, 2019),
        ("2018–19", 2018, 2018),
    ],
)
def test_tagging_fiscal_year_forms(printed: str, first: int, last: int) -> None:
    years = of(tag(f"The plan for {printed} was approved."), "FISCAL_YEAR")
    assert [(m.text, m.first_fy, m.last_fy) for m in years] == [(printed, first, last)]


def test_tagging_onwards_is_the_first_year_only() -> None:
    years = of(tag("Costs will be re-assessed for 2020/21 onwards."), "FISCAL_YEAR")
    assert [(m.text, m.first_fy, m.last_fy) for m in years] == [("2020/21", 2020, 2020)]


@pytest.mark.parametrize(
    "text",
    [
        "The review took place during November 2018.",
        "The agreement started in April 2013.",
        "In 2019 the service moved.",
        "See pages 10-11 and sections 4-5 and 11-12.",
        "Young people aged 16-17 are supported.",
        "Sessions run 10-11am and on 12/13 March.",
        "Please quote reference 12/13.",
        "Places are needed for the academic year 2025/26.",
        "Pupil numbers in the school years 2024-25 and 2025-26 rose.",
    ],
)
def test_tagging_calendar_dates_are_not_fiscal_years(text: str) -> None:
    assert of(tag(text), "FISCAL_YEAR") == []


def test_tagging_a_financial_year_beside_an_academic_one() -> None:
    text = "Funding for the financial year 2025/26 covers the academic year 2025/26."
    assert len(of(tag(text), "FISCAL_YEAR")) == 1


@settings(max_examples=60, deadline=None, database=None)
@given(
    year=st.integers(min_value=1995, max_value=2060),
    sep=st.sampled_from(["/", "-", "–"]),
    long=st.booleans(),
)
def test_tagging_fiscal_year_round_trips(year: int, sep: str, long: bool) -> None:
    end = str(year + 1) if long else f"{(year + 1) % 100:02d}"
    years = of(tag(f"The budget for {year}{sep}{end} was agreed."), "FISCAL_YEAR")
    assert [(m.first_fy, m.last_fy) for m in years] == [(year, year)]


# --------------------------------------------------------------------------- partners


def partners(result: TagResult) -> list[tuple[str, str | None]]:
    return [(m.text, m.canonical) for m in of(result, "PARTNER")]


def test_tagging_partner_gazetteer_gives_full_names() -> None:
    found = partners(
        tag("MLCO and MHCC agreed the plan with Greater Manchester Mental Health and GMMH.")
    )
    assert found == [
        ("MLCO", "Manchester Local Care Organisation"),
        ("MHCC", "Manchester Health and Care Commissioning"),
        (
            "Greater Manchester Mental Health",
            "Greater Manchester Mental Health NHS Foundation Trust",
        ),
        ("GMMH", "Greater Manchester Mental Health NHS Foundation Trust"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We met the PCT last week.", [("PCT", "Primary Care Trust")]),
        ("The MH Trust agreed.", [("MH Trust", "Mental Health Trust")]),
        ("The Mental Health Trust agreed.", [("Mental Health Trust", "Mental Health Trust")]),
        (
            "Their 2016 Care Quality Commission inspection.",
            [("Care Quality Commission", "Care Quality Commission")],
        ),
        ("The CCG will pay.", [("CCG", "Clinical Commissioning Group")]),
    ],
)
def test_tagging_generic_partners_resolve_to_generic_names(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert partners(tag(text)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Wessex Valley NHS Foundation Trust",
        "Barsetshire Hospitals NHS Trust",
        "NHS Loamshire Integrated Care Board",
        "Midsomer Clinical Commissioning Group",
        "Borsetshire Partnership Trust",
        "Felpersham Primary Care Trust",
        "Tees, Esk and Wear Valleys NHS Foundation Trust",
    ],
)
def test_tagging_partner_found_by_the_form_of_its_name(name: str) -> None:
    found = partners(tag(f"The Council and {name} signed the agreement."))
    assert found == [(name, name)]


def test_tagging_partner_lists_are_split_into_bodies() -> None:
    found = partners(
        tag(
            "Adult Social Care and Wessex Valley NHS Trust met Barsetshire NHS Foundation Trust "
            "and NHS Loamshire ICB."
        )
    )
    assert found == [
        ("Wessex Valley NHS Trust", "Wessex Valley NHS Trust"),
        ("Barsetshire NHS Foundation Trust", "Barsetshire NHS Foundation Trust"),
        ("NHS Loamshire ICB", "NHS Loamshire Integrated Care Board"),
    ]


def test_tagging_partner_acronym_defined_in_one_block_is_used_in_later_ones() -> None:
    result = tag(
        "NHS Loamshire Clinical Commissioning Group (the CCG) and Barsetshire Hospitals "
        "NHS Trust (BHT) signed a section 75 agreement.",
        "The CCG will pay £2m and BHT will provide the staff.",
    )
    later = [(m.text, m.canonical) for m in of(result, "PARTNER") if m.block_order == 1]
    assert later == [
        ("CCG", "NHS Loamshire Clinical Commissioning Group"),
        ("BHT", "Barsetshire Hospitals NHS Trust"),
    ]


def test_tagging_authority_and_its_departments_are_not_partners() -> None:
    found = partners(
        tag(
            "Manchester Health and Care Commissioning (MHCC) Finance, Adult Social Care and "
            "Corporate Procurement will work with MLCO; MHCC will report in March.",
            authority=("Manchester Health and Care Commissioning",),
        )
    )
    assert found == [("MLCO", "Manchester Local Care Organisation")]


def test_tagging_ordinary_words_are_not_partners() -> None:
    result = tag(
        "Mind the gap. The Trust and the Council have built trust with families, and "
        "the Health and Wellbeing Board met in the Community Capacity Fund offices."
    )
    assert partners(result) == []


# --------------------------------------------------------------------------- RAG, percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The scheme is rated Amber.", ["Amber"]),
        ("RAG status: Red – not achievable.", ["Red"]),
        ("Overall it is Amber/Green rated.", ["Amber/Green"]),
        ("Development in the Green Belt is limited.", []),
        ("The British Red Cross runs the service.", []),
        ("Staff wore red and green lanyards.", []),
        ("The Blue Badge scheme is unchanged.", []),
    ],
)
def test_tagging_rag_only_when_a_rating(text: str, expected: list[str]) -> None:
    assert [m.canonical for m in of(tag(text), "RAG")] == expected


def test_tagging_percent_values() -> None:
    found = of(tag("Hours fell 22% and costs 5 per cent, or 31.5 percent overall."), "PERCENT")
    assert [(m.text, m.percent) for m in found] == [
        ("22%", Decimal(22)),
        ("5 per cent", Decimal(5)),
        ("31.5 percent", Decimal("31.5")),
    ]


# --------------------------------------------------------------------------- provenance


def test_tagging_mentions_carry_offsets_sentence_page_and_box() -> None:
    text = "Introduction. Homecare savings of £4.7m are planned for 2019/20 with MLCO."
    result = tag("Heading", text)
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
        assert m.text in m.sentence
        assert m.sentence.startswith("Homecare")
        assert (m.page, m.block_order, m.bbox) == (3, 1, BOX)
    assert {m.label for m in result.mentions} == {"MONEY", "FISCAL_YEAR", "PARTNER"}


def test_tagging_pipeline_is_built_once() -> None:
    assert build_nlp() is build_nlp()
    names = build_nlp().pipe_names
    assert names[0] == "sentencizer" and "entity_ruler" in names


@settings(max_examples=80, deadline=None, database=None)
@given(st.text(alphabet="£$0123456789.,-–/ ()mkbnMKaeiostrT\n\t%'", max_size=60))
def test_tagging_tokenizer_keeps_the_text(text: str) -> None:
    doc = build_nlp().make_doc(text)
    assert doc.text == text


# --------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Savings of £3m are planned.", "saving"),
        ("The plan asks each team to find £2m savings.", "saving"),
        ("Costs of £1.944m are estimated.", "cost"),
        ("That leaves a gap of £0.812m.", "gap"),
        ("A shortfall of £64k is forecast.", "gap"),
        ("An overspend of £2m is forecast.", "pressure"),
        ("A grant of £95,000 was received.", "funding"),
        ("£315k is to come from the Better Care Fund.", "funding"),
        ("Income from charges of £600k is expected.", "income"),
        ("Investment of £1.8m will fund extra capacity.", "cost"),
        ("A budget of £950k has been set.", "budget"),
        ("Spend on agency staff was £1.9m.", "spend"),
        ("The contract is worth £80m.", "other"),
        ("Staffing costs fell by £430k after the restructure.", "saving"),
        ("Budget reductions of £2.5m have been agreed.", "saving"),
    ],
)
def test_tagging_claim_kind_from_the_words_around(text: str, kind: str) -> None:
    assert [c.kind for c in tag(text).claims] == [kind]


def test_tagging_claim_year_prefers_the_linked_one() -> None:
    claims = tag(
        "Reablement should save £1.2m during 2021/22 and £2.6m is planned for 2022/23, "
        "giving £3.8m in all."
    ).claims
    assert [(c.text, c.first_fy) for c in claims[:2]] == [("£1.2m", 2021), ("£2.6m", 2022)]


def test_tagging_claim_subject_from_item_lead_or_heading() -> None:
    result = tag(
        "Reablement and Rehabilitation",
        "- Homecare £3.9m savings by shorter visits\n- Learning Disability savings of £0.41m",
        "Telecare Scheme – The equipment will cost £410k. It is funded by the CCG.",
        "The equipment contract will cost £90k in 2019/20.",
        kinds=("heading",),
    )
    assert [c.subject for c in result.claims] == [
        "Homecare",
        "Learning Disability",
        "Telecare Scheme",
        "Reablement and Rehabilitation",
    ]
    assert all(c.page == 3 and c.amount_gbp > 0 for c in result.claims)


# --------------------------------------------------------------------------- gazetteer


def test_tagging_gazetteer_file_is_well_formed() -> None:
    bodies = read_bodies()
    assert len(bodies) >= 150
    canon = [b.canonical for b in bodies]
    assert len(canon) == len(set(canon))
    owner: dict[str, str] = {}
    for b in bodies:
        assert b.kind and b.aliases
        for a in b.aliases:
            key = a.lower().replace("’", "'")
            assert owner.setdefault(key, b.canonical) == b.canonical, a


def test_tagging_gazetteer_reads_an_edited_file(tmp_path: Path) -> None:
    path = tmp_path / "partners.jsonl"
    row = {"canonical": "Loamshire Carers Hub", "kind": "voluntary", "aliases": ["LCH2"]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    gaz = Gazetteer(read_bodies(path))
    patterns = list(gaz.patterns(str.split))
    assert {p["id"] for p in patterns} == {"Loamshire Carers Hub"}
    assert gaz.lookup("the loamshire carers hub") is not None
    assert GAZETTEER_FILE.name == "partners.jsonl"


# --------------------------------------------------------------------------- sample papers

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = {
    "hackney-asc-level1-review-2011-12.txt": "hackney-asc-level1-review-2011-12.truth.json",
    "manchester-asc-savings-2019-20-appendix-3.txt": (
        "manchester-asc-business-plan-2019-20-appendix-3.truth.json"
    ),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_tagging_seed_papers_find_every_truth_partner_sum_and_year(seed: str) -> None:
    text_file, truth_file = SHARED / "seeds" / seed, SHARED / "corpus" / SEEDS[seed]
    if not (text_file.exists() and truth_file.exists()):
        pytest.skip("shared sample papers not present")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    paras = [p for p in text_file.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    result = tag(*paras, authority=(truth["authority"],))
    canon = {m.canonical for m in of(result, "PARTNER")}
    money = {m.amount_gbp for m in of(result, "MONEY")}
    years = {(m.first_fy, m.last_fy) for m in of(result, "FISCAL_YEAR")}
    assert [p for p in truth["partners"] if p not in canon] == []
    assert [v for v in truth["money_gbp"] if Decimal(str(v)) not in money] == []
    assert [y for y in truth["fiscal_years"] if tuple(y) not in years] == []


def test_tagging_claim_subject_carries_over_a_paragraph_split_by_a_page_break() -> None:
    result = tag(
        "Telecare Scheme – The service will support people with long",
        "term conditions. It will save £0.3m in 2020/21.",
    )
    assert [(c.subject, c.first_fy) for c in result.claims] == [("Telecare Scheme", 2020)]
