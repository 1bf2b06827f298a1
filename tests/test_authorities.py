"""The council table and the rules that decide which council wrote a paper."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.authorities import (
    Authority,
    AuthorityTableError,
    authorities_named,
    authority_by_name,
    find_authority,
    is_acronym,
    load_authorities,
)

CODE = re.compile(r"E0[6789]\d{6}|E10\d{6}|W06\d{6}|S12\d{6}")
AUTHORITIES = load_authorities()
BY_CODE = {a.code: a for a in AUTHORITIES}
# Filler far enough into the text that a name after it counts as "deep in the paper".
FILLER = "The service continues to review packages of care and support. " * 80


def _code(found: Authority | None) -> str | None:
    return found.code if found else None


def _year_in_office(a: Authority) -> int:
    """A fiscal year in which the council existed, for names shared across a reorganisation."""
    if a.valid_to is not None:
        return a.valid_to - 2
    shared_ends = [
        other.valid_to
        for form in a.names
        for other in authorities_named(form)
        if other.valid_to is not None and other.code != a.code
    ]
    return max(shared_ends) + 1 if shared_ends else 2016


def _fy(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


# --------------------------------------------------------------------------- the table


def test_authorities_codes_well_formed_and_unique() -> None:
    codes = [a.code for a in AUTHORITIES]
    assert all(CODE.fullmatch(c) for c in codes), [c for c in codes if not CODE.fullmatch(c)]
    assert len(codes) == len(set(codes))


def test_authorities_table_covers_every_nation() -> None:
    counts: dict[str, int] = defaultdict(int)
    for a in AUTHORITIES:
        counts[a.code[:3]] += 1
    assert len(AUTHORITIES) >= 210
    assert counts["E09"] == 33  # 32 London boroughs and the City of London
    assert counts["E08"] == 36
    assert counts["W06"] == 22
    assert counts["S12"] == 32
    assert {a.nation for a in AUTHORITIES} == {"England", "Wales", "Scotland"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E08000003", "Manchester City Council"),
        ("E09000012", "London Borough of Hackney"),
        ("E09000001", "City of London Corporation"),
        ("E06000053", "Council of the Isles of Scilly"),
        ("E10000016", "Kent County Council"),
        ("E06000057", "Northumberland County Council"),
        ("E08000037", "Gateshead Council"),
        ("W06000015", "Cardiff Council"),
        ("S12000049", "Glasgow City Council"),
        ("S12000047", "Fife Council"),
    ],
)
def test_authorities_known_codes(code: str, name: str) -> None:
    assert BY_CODE[code].name == name


@pytest.mark.parametrize(
    ("code", "valid_to"),
    [
        ("E06000028", 2019),  # Bournemouth
        ("E06000029", 2019),  # Poole
        ("E10000009", 2019),  # Dorset County Council
        ("E10000002", 2020),  # Buckinghamshire County Council
        ("E10000021", 2021),  # Northamptonshire
        ("E10000006", 2023),  # Cumbria
        ("E10000023", 2023),  # North Yorkshire County Council
        ("E10000027", 2023),  # Somerset County Council
        ("E08000003", None),
    ],
)
def test_authorities_former_councils_have_end_year(code: str, valid_to: int | None) -> None:
    assert BY_CODE[code].valid_to == valid_to


def test_authorities_every_variant_resolves_to_its_own_row() -> None:
    for a in AUTHORITIES:
        assert authority_by_name(a.code) == a
        assert authority_by_name(a.code.lower()) == a
        for form in a.names:
            named = authorities_named(form)
            assert a in named, (form, a.code)
            if len(named) == 1:
                assert authority_by_name(form) == a
                assert authority_by_name(form.upper()) == a
            else:
                assert authority_by_name(form) is None, form


def test_authorities_shared_names_are_acronyms_or_reorganisations() -> None:
    """Only acronyms (MCC) and a council and its successor ("Dorset") may share a form."""
    for a in AUTHORITIES:
        for form in a.names:
            named = authorities_named(form)
            if len(named) > 1 and not is_acronym(form):
                ends = [b.valid_to for b in named]
                assert ends.count(None) <= 1 and len(set(ends)) == len(ends), (form, ends)


def test_authorities_official_names_are_unique() -> None:
    for a in AUTHORITIES:
        assert authorities_named(a.name) == [a]


def test_authorities_unknown_name_is_none() -> None:
    assert authority_by_name("Gotham City Council") is None
    assert authority_by_name("E12000001") is None
    assert authority_by_name("MCC") is None  # Manchester or Monmouthshire


def test_authorities_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        AUTHORITIES[0].code = "E06000000"  # type: ignore[misc]


# --------------------------------------------------------------------------- finding


def test_authorities_every_name_form_is_found_in_a_title() -> None:
    """No context rule may hide a form the table lists (except acronyms, which need support)."""
    for a in AUTHORITIES:
        fy = _fy(_year_in_office(a))
        for form in a.names:
            if is_acronym(form):
                continue
            text = f"Adult social care savings plan for {form} {fy}\nCosts rose."
            assert _code(find_authority(text)) == a.code, form


def test_authorities_acronym_alone_is_never_enough() -> None:
    for a in AUTHORITIES:
        for form in a.names:
            if is_acronym(form):
                text = f"The {form} adult social care savings plan {_fy(2016)}. " * 3
                assert find_authority(text) is None, form


def test_authorities_acronym_counts_with_support() -> None:
    deep = f"Adult social care budget {_fy(2014)}\n{FILLER}Savings in Hackney. Demand in Hackney."
    assert find_authority(deep) is None
    assert _code(find_authority(deep, filename="LBH_budget_2012.pdf")) == "E09000012"
    assert find_authority("Budget 2012", filename="LBH_budget_2012.pdf") is None
    kcc = f"KCC adult social care savings {_fy(2015)}\n{FILLER}KCC will consult. Kent residents."
    assert _code(find_authority(kcc)) == "E10000016"


def test_authorities_greater_manchester_is_not_manchester() -> None:
    text = (
        "Greater Manchester Health and Social Care Partnership: budget update 2019/20\n"
        "Funding from the Greater Manchester Transformation Fund and the Greater Manchester "
        "Combined Authority supports Greater Manchester Mental Health NHS Foundation Trust."
    )
    assert find_authority(text) is None
    assert find_authority(text, filename="greater-manchester-asc-2019.pdf") is None
    titled = "Manchester City Council\nAdult social care business plan 2019/20\n" + text
    assert _code(find_authority(titled)) == "E08000003"


@pytest.mark.parametrize(
    "phrase",
    [
        "Hackney Wick",
        "Leeds Teaching Hospitals NHS Trust",
        "Kent Community Health NHS Foundation Trust",
        "East Kent Hospitals University NHS Foundation Trust",
        "North Manchester General Hospital",
        "University of Kent",
        "Kent Police",
        "Sutton Coldfield",
        "Old Trafford",
        "Newcastle-under-Lyme",
        "City and Hackney CCG",
        "Camden and Islington NHS Foundation Trust",
        "Hackney Council for Voluntary Service",
        "New York",
        "NHS Kent and Medway",
    ],
)
def test_authorities_places_inside_other_names_are_not_councils(phrase: str) -> None:
    text = f"{phrase} report {_fy(2017)}\nWe met {phrase} partners.\n{phrase} agreed the plan."
    assert find_authority(text) is None


def test_authorities_national_nhs_body_does_not_hide_a_council() -> None:
    text = "Funding agreed by NHS England and Hackney in 2015/16 for Hackney residents."
    assert _code(find_authority(text)) == "E09000012"
    full = "NHS Kent and Medway and Kent County Council: joint budget 2023/24"
    assert _code(find_authority(full)) == "E10000016"


def test_authorities_partner_trust_does_not_outvote_the_council() -> None:
    text = (
        "Leeds City Council\nAdult social care savings 2016/17\n"
        + "Leeds Teaching Hospitals NHS Trust and Leeds Community Healthcare NHS Trust. " * 5
    )
    assert _code(find_authority(text)) == "E08000035"


def test_authorities_comparator_mentioned_once_is_not_the_author() -> None:
    text = (
        f"Adult social care budget {_fy(2015)}\n{FILLER}"
        "Our unit costs are lower than Birmingham City Council's."
    )
    assert find_authority(text) is None
    early = "Adult social care budget 2015/16\nUnit costs compared with Birmingham City Council."
    assert find_authority(early) is None
    hackney = (
        "London Borough of Hackney\nAdult social care savings 2012/13\n"
        "Hackney spends less per head than Islington."
    )
    assert _code(find_authority(hackney)) == "E09000012"


def test_authorities_filename_only_evidence() -> None:
    neutral = "Adult social care business plan\nSavings schemes update for the City Council."
    found = find_authority(neutral, filename="manchester-asc-business-plan-2019-20.pdf")
    assert _code(found) == "E08000003"
    assert _code(find_authority("", filename="/tmp/x/TowerHamlets_ASC.pdf")) == "E09000030"
    assert _code(find_authority("", filename="east_sussex_asc_2016.pdf")) == "E10000011"
    assert find_authority(neutral) is None


def test_authorities_full_title_beats_disagreeing_filename() -> None:
    """Downloads get renamed; the council printed on the title page is authoritative."""
    title = f"Surrey County Council\nAdult Social Care budget {_fy(2015)}"
    assert _code(find_authority(title, filename="kent-budget.pdf")) == "E10000030"


def test_authorities_bare_place_against_filename_is_unsure() -> None:
    title = f"Surrey\nAdult social care budget {_fy(2015)}"
    assert _code(find_authority(title)) == "E10000030"
    assert find_authority(title, filename="kent-budget.pdf") is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Adult social care savings plan 2018/19",
        "Report of the City Council to the Executive on the 2018/19 budget.",
        "The County Council and the Borough Council agreed the plan.",
        "Reading the report, members noted the savings. Reading it again, they agreed.",
        "We will bury the cost in reserves and harrow the plan.",
    ],
)
def test_authorities_none_when_no_council_named(text: str) -> None:
    assert find_authority(text) is None


def test_authorities_common_word_place_needs_more_than_a_sentence_start() -> None:
    assert _code(find_authority("Reading Borough Council\nBudget 2016/17")) == "E06000038"
    assert _code(find_authority("Adult social care in Reading 2016/17")) == "E06000038"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dorset adult social care budget 2017/18", "E10000009"),
        ("Dorset adult social care budget 2020/21", "E06000059"),
        ("Dorset adult social care budget", None),
        ("Somerset adult social care budget 2016/17", "E10000027"),
        ("Somerset adult social care budget 2024/25", "E06000066"),
        ("Dorset County Council adult social care budget", "E10000009"),
    ],
)
def test_authorities_successor_chosen_by_fiscal_year(text: str, expected: str | None) -> None:
    assert _code(find_authority(text)) == expected


def test_authorities_year_from_filename_picks_successor() -> None:
    assert _code(find_authority("", filename="dorset-asc-2017-18.pdf")) == "E10000009"
    assert _code(find_authority("", filename="dorset_asc_2021.pdf")) == "E06000059"
    assert find_authority("", filename="dorset.pdf") is None


# --------------------------------------------------------------------------- property

_WORDS = st.sampled_from(
    [
        "the",
        "budget",
        "savings",
        "care",
        "service",
        "plan",
        "people",
        "support",
        "home",
        "costs",
        "demand",
        "year",
        "review",
        "model",
        "team",
        "hours",
        "reduction",
        "growth",
        "pressure",
        "delivery",
        "was",
        "is",
        "to",
        "in",
        "on",
        "with",
        "by",
        "a",
        "our",
        "this",
        "and",
        "for",
        "of",
        "packages",
        "residential",
        "nursing",
        "reablement",
    ]
)
_PROSE = st.lists(_WORDS, max_size=120).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    authority=st.sampled_from(AUTHORITIES),
    before=st.lists(_WORDS, max_size=120),
    after=_PROSE,
)
@example(authority=authority_by_name("Moray Council"), before=["the"], after="")
def test_authorities_name_embedded_in_prose_is_found(
    authority: Authority, before: list[str], after: str
) -> None:
    text = " ".join([*before, authority.name, after])
    assert _code(find_authority(text)) == authority.code


@settings(max_examples=100, deadline=None)
@given(prose=_PROSE)
def test_authorities_prose_without_council_is_none(prose: str) -> None:
    assert find_authority(prose) is None


# --------------------------------------------------------------------------- editable table

HEADER = "gss_code,name,kind,nation,variants,valid_to\n"


def test_authorities_researcher_table_is_used(tmp_path: Path) -> None:
    path = tmp_path / "councils.csv"
    path.write_text(
        HEADER
        + "E06000099,Example Vale Council,unitary,England,Example Vale|EVC,\n"
        + "# a comment row is skipped\n"
        + "E10000099,Example Shire County Council,county,England,Example Shire,2020\n",
        encoding="utf-8",
    )
    table = load_authorities(path)
    assert [a.code for a in table] == ["E06000099", "E10000099"]
    assert table[1].valid_to == 2020
    found = find_authority("Example Vale Council budget 2019/20", table=path)
    assert _code(found) == "E06000099"
    assert _code(authority_by_name("evc", table=path)) == "E06000099"
    assert find_authority("Manchester City Council budget", table=path) is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("E12000001,North East Region,county,England,,", "GSS code"),
        ("E06000099,X Council,unitary,Narnia,,", "nation"),
        ("E06000099,X Council,combined,England,,", "kind"),
        ("E06000099,X Council,unitary,England,City Council,", "names no particular council"),
        ("E06000099,X Council,unitary,England,,soon", "valid_to"),
        ("E06000099,X Council,unitary,England,,\nE06000099,Y Council,unitary,England,,", "already"),
    ],
)
def test_authorities_malformed_table_names_the_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(AuthorityTableError, match=message) as info:
        load_authorities(path)
    assert f"{path}:" in str(info.value)


def test_authorities_missing_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("gss_code,name\nE06000099,X Council\n", encoding="utf-8")
    with pytest.raises(AuthorityTableError, match="missing column"):
        load_authorities(path)
