"""Organisations read with the paper around them: a council's acronym confirmed by the place
it is named after, the ICB of the council's area, names that open a committee's or a
document's name, a type of body spoken of as any body, and misprinted council styles."""

from __future__ import annotations

import pytest

from pipeline.models import BBox, Block
from pipeline.tagging.core import TagResult, tag_blocks

BOX = BBox(10, 20, 300, 60)
KENT = ("Kent County Council", "KCC")


def tag(*texts: str, authority: tuple[str, ...] = (), code: str | None = None) -> TagResult:
    blocks = [
        Block(page=1, order=i, kind="paragraph", text=t, bbox=BOX) for i, t in enumerate(texts)
    ]
    return tag_blocks(
        blocks, authority_names=authority, authority_code=code, author_mentions=bool(authority)
    )


def partners(result: TagResult) -> list[tuple[str, str | None]]:
    return [(m.text, m.canonical) for m in result.mentions if m.label == "PARTNER"]


def test_council_acronym_counts_where_the_paper_names_its_place() -> None:
    found = partners(tag("Endorse the joint work of KCC and Medway Council across Kent."))
    assert ("KCC", "Kent County Council") in found


def test_council_acronym_alone_is_not_a_council() -> None:
    # neither "Kent" nor "Kent County Council" anywhere: three capitals are not enough
    found = partners(tag("The KCC figure and the NAC are set out below."))
    assert found == []


def test_generic_icb_is_the_icb_named_after_the_councils_area() -> None:
    found = tag(
        "The strategy began with the formation of the Integrated Care Board in July 2022.",
        authority=KENT,
        code="E10000016",
    ).mentions
    icb = [m for m in found if m.label == "PARTNER"]
    assert [(m.canonical, m.code) for m in icb] == [
        ("NHS Kent and Medway Integrated Care Board", "QKS")
    ]


def test_generic_icb_stays_generic_where_no_icb_is_named_after_the_area() -> None:
    # Essex is split between three ICBs, none named "Essex" alone
    found = partners(
        tag(
            "Senior members of the Integrated Care Board attended.",
            authority=("Essex County Council",),
            code="E10000012",
        )
    )
    assert found == [("Integrated Care Board", "Integrated Care Board")]


def test_generic_icb_without_an_authority_stays_generic() -> None:
    found = partners(tag("Senior members of the Integrated Care Board attended."))
    assert found == [("Integrated Care Board", "Integrated Care Board")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Changes to the Kent and Medway NHS Joint Overview and Scrutiny Committee. "
            "NHS bodies must consult.",
            [("NHS", "NHS")],
        ),
        (
            "24/00115 - Kent County Council Integrated Care Strategy (KCC ICS) Delivery Plan",
            [],
        ),
        ("The KCC Digital Strategy 2024-27 sets out the plans of Kent.", []),
        (
            "Adopt the Delivery Plan on behalf of Kent County Council.",
            [("Kent County Council", "Kent County Council")],
        ),
    ],
)
def test_a_name_opening_a_committee_or_document_name_is_not_a_mention(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert partners(tag(text)) == expected


def test_a_type_of_body_spoken_of_as_any_body_is_no_body() -> None:
    found = partners(
        tag(
            "Every Primary Care Network is now Veteran Friendly; a Primary Care "
            "Network may apply. The Primary Care Network of Mid Kent replied."
        )
    )
    assert found == [("Primary Care Network", "Primary Care Network")]


def test_nhs_trusts_in_the_plural_are_the_nhs() -> None:
    found = partners(tag("Statutory organisations, the voluntary sector and NHS trusts."))
    assert found == [("NHS trusts", "NHS")]


@pytest.mark.parametrize("style", ["Couty", "Countyy", "Boruogh", "Distict"])
def test_a_misprinted_council_style_is_no_council(style: str) -> None:
    found = partners(tag(f"Figures were not ready for the {style} Council budget meeting."))
    assert found == []


def test_a_real_place_council_is_still_found() -> None:
    found = partners(tag("Bury Council and Kent County Council agreed."))
    assert ("Bury Council", "Bury Council") in found


def test_a_fund_alias_that_needs_context_counts_only_in_it() -> None:
    funds = [
        (m.text, m.canonical)
        for m in tag(
            "The increase from business rates retained baseline and compensation grant. "
            "It is due to the compensation grant for employers' National Insurance costs."
        ).mentions
        if m.label == "FUND"
    ]
    assert funds == [("compensation grant", "Business Rates Compensation Grant")]


def funds(result: TagResult) -> list[tuple[str, str | None]]:
    return [(m.text, m.canonical) for m in result.mentions if m.label == "FUND"]


def test_school_capital_programmes_are_funds_and_a_basic_need_of_people_is_not() -> None:
    found = funds(
        tag(
            "Places are met from Basic Need grant and the Free Schools programme.",
            "Government funding for ‘Basic Need’ is allocated on a formula for school places.",
            "Housing is a basic need of every family; Basic Need is what they lack.",
        )
    )
    assert found == [
        ("Basic Need grant", "Basic Need Grant"),
        ("Free Schools programme", "Free Schools Programme"),
        ("Basic Need", "Basic Need Grant"),
    ]


def test_a_short_name_takes_the_kind_of_the_name_it_stands_for() -> None:
    found = [
        (m.text, m.canonical, m.kind)
        for m in tag(
            "We work with the Kent Association of Local Councils (KALC).",
            "KALC agreed the plan.",
        ).mentions
        if m.label == "PARTNER"
    ]
    assert found == [
        ("Kent Association of Local Councils", "Kent Association of Local Councils", "other"),
        ("KALC", "Kent Association of Local Councils", "other"),
    ]


def test_icbs_in_the_plural_stay_generic() -> None:
    found = partners(
        tag(
            "Local authorities, NHS integrated care boards and police share the duty.",
            authority=KENT,
            code="E10000016",
        )
    )
    assert ("integrated care boards", "Integrated Care Board") in found
    assert not any("Kent" in str(c) for _, c in found)


def test_a_mixed_case_acronym_ending_a_sentence_is_found() -> None:
    found = partners(tag("The award came from the Director of Reserves at the MoD."))
    assert found == [("MoD", "Ministry of Defence")]


def test_a_body_opening_the_name_of_its_award_scheme_is_no_mention() -> None:
    found = partners(
        tag(
            "KCC retained its MoD Employer Recognition Scheme Gold Award.",
            "Kent County Council is a lead MoD Employers Recognition Gold Award Holder.",
        )
    )
    assert ("MoD", "Ministry of Defence") not in found
    assert ("Kent County Council", "Kent County Council") in found


def test_a_police_and_crime_commissioner_and_an_association_are_bodies() -> None:
    found = partners(
        tag(
            "Speakers included Kent Police and Crime Commissioner Matthew Scott. The Royal "
            "Engineers Association and a Housing Association received awards. We meet the "
            "Provider Association each quarter."
        )
    )
    assert found == [
        ("Kent Police and Crime Commissioner", "Kent Police and Crime Commissioner"),
        ("Royal Engineers Association", "Royal Engineers Association"),
    ]


def test_a_councils_own_accounts_are_no_funds_and_a_grant_is_found_singular_or_plural() -> None:
    found = funds(
        tag(
            "Claims above the Insurance Fund provision and the Collection Fund balance.",
            "Compensation comes through Employer National Insurance Contribution Grant.",
        )
    )
    assert found == [
        (
            "Employer National Insurance Contribution Grant",
            "Employer National Insurance Contributions Grant",
        )
    ]


def test_council_acronym_counts_where_only_its_officers_addresses_name_the_place() -> None:
    found = partners(
        tag(
            "Percentage of care leavers in education (of those KCC is in touch with).",
            "Matthew Wagner, Chief Analyst, Matthew.Wagner@kent.gov.uk",
        )
    )
    assert found == [("KCC", "Kent County Council")]
    assert partners(tag("Of those KCC is in touch with.", "Contact: a.b@example.gov.uk")) == []
