"""The organisation register, organisations and funds in narrative, and the report of
canonical names across a warehouse."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipeline.models import BBox, Block, Segment, Word
from pipeline.orgs_report import OrgRow, duplicates, organisations
from pipeline.tagging.core import TagResult, tag_blocks
from pipeline.tagging.register import KINDS, name_key, read_register, register

ROOT = Path(__file__).resolve().parents[1]
BOX = BBox(0, 0, 500, 20)


def tag(*texts: str, authority: tuple[str, ...] = ("Kent County Council", "KCC")) -> TagResult:
    blocks = [Block(1, i, "paragraph", t, BOX) for i, t in enumerate(texts)]
    return tag_blocks(
        blocks, authority_names=authority, authority_code="E10000016", author_mentions=True
    )


def orgs(result: TagResult) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(m.text, m.canonical, m.kind, m.code) for m in result.mentions if m.label == "PARTNER"]


# --------------------------------------------------------------------------- the register


def test_register_file_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_register.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_register_has_no_duplicate_canonical_names_or_codes() -> None:
    rows = read_register()
    names = Counter(r.canonical for r in rows)
    codes = Counter(r.code for r in rows)
    assert [n for n, k in names.items() if k > 1] == []
    assert [c for c, k in codes.items() if k > 1] == []
    assert all(r.kind in KINDS and r.source for r in rows)


def test_register_every_printed_form_names_one_body() -> None:
    bodies: dict[str, set[str]] = defaultdict(set)
    for org in register().orgs.values():
        for v in org.variants:
            bodies[name_key(v)].add(org.canonical)
    assert {k: v for k, v in bodies.items() if len(v) > 1} == {}


def test_register_header_states_source_and_date() -> None:
    head = (ROOT / "pipeline" / "data" / "organisations.csv").read_text().splitlines()[:8]
    assert any("2026-11-29" in line for line in head)
    assert any("ODS" in line for line in head)


@pytest.mark.parametrize(
    ("printed", "canonical", "code"),
    [
        ("East Kent Hospital Trust", "East Kent Hospitals University NHS Foundation Trust", "RVV"),
        ("East Kent Hospitals Trust", "East Kent Hospitals University NHS Foundation Trust", "RVV"),
        ("Kent and Medway Partnership Trust", "Kent and Medway Mental Health NHS Trust", "RXY"),
        ("KMPT", "Kent and Medway Mental Health NHS Trust", "RXY"),
        ("NHS Kent and Medway", "NHS Kent and Medway Integrated Care Board", "QKS"),
        ("Swale Borough Council", "Swale Borough Council", "E07000113"),
        ("Medway Council", "Medway Council", "E06000035"),
        ("DEFRA", "Department for Environment, Food and Rural Affairs", None),
    ],
)
def test_register_variants_resolve_to_one_entry(
    printed: str, canonical: str, code: str | None
) -> None:
    org = register().resolve(printed)
    assert org is not None and org.canonical == canonical and org.official_code == code


def test_register_does_not_guess_between_bodies() -> None:
    reg = register()
    assert reg.resolve("Kent Trust") is None  # too few words to say which trust
    assert reg.resolve("NHS Trust") is None
    hospitals = reg.resolve("Bedfordshire Hospitals NHS Foundation Trust")
    assert hospitals is not None and hospitals.code == "RC9"  # not the Bedfordshire PCT


def test_register_follows_a_pct_to_its_ccgs_and_a_ccg_to_its_icb() -> None:
    reg = register()
    pct = reg.resolve("Eastern and Coastal Kent PCT")
    assert pct is not None and pct.code == "5QA" and "09C" in pct.successors
    ccg = reg.resolve("NHS Ashford CCG")
    assert ccg is not None and ccg.successors == ("91Q",)
    merged = reg.resolve("NHS Kent and Medway CCG")
    assert merged is not None and merged.successors == ("QKS",)


# --------------------------------------------------------------------------- in narrative


def test_orgs_carry_kind_canonical_and_code() -> None:
    found = orgs(tag("Medway Council, the DfE and East Kent Hospital Trust agreed with DEFRA."))
    assert found == [
        ("Medway Council", "Medway Council", "local_authority", "E06000035"),
        ("DfE", "Department for Education", "government", None),
        (
            "East Kent Hospital Trust",
            "East Kent Hospitals University NHS Foundation Trust",
            "nhs_trust",
            "RVV",
        ),
        ("DEFRA", "Department for Environment, Food and Rural Affairs", "government", None),
    ]


def test_orgs_new_names_are_tagged_with_kind_inferred_and_no_code() -> None:
    found = orgs(tag("Barsetshire District Council and Loamshire Widgets Ltd signed."))
    assert found == [
        ("Barsetshire District Council", "Barsetshire District Council", "local_authority", None),
        ("Loamshire Widgets Ltd", "Loamshire Widgets Ltd", "other", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Full Council agreed the budget.",
        "Each Council must set a balanced budget.",
        "Kent Council Leaders met in December.",
        "The Capital Grant was spent.",
    ],
)
def test_orgs_fragments_and_generic_words_are_not_organisations(text: str) -> None:
    result = tag(text)
    assert [m for m in result.mentions if m.label in {"PARTNER", "FUND"}] == []


def test_orgs_a_service_named_before_a_body_type_is_no_body() -> None:
    found = orgs(tag("The Children's Integrated Care Board met the Health Integrated Care Board."))
    assert all("Children" not in str(c) and "Health" not in str(c) for _, c, _, _ in found)
    assert {k for _, _, k, _ in found} <= {"generic"}


def test_orgs_the_papers_own_council_is_the_author() -> None:
    result = tag("Kent County Council (KCC) will fund it; non-KCC sites and KCC's staff.")
    found = [(m.text, m.role, m.code) for m in result.mentions if m.label == "PARTNER"]
    assert found == [
        ("Kent County Council", "author", "E10000016"),
        ("KCC", "author", "E10000016"),
        ("KCC", "author", "E10000016"),
    ]
    plain = tag_blocks(
        [Block(1, 0, "paragraph", "Kent County Council pays.", BOX)],
        authority_names=["Kent County Council"],
    )
    assert [m for m in plain.mentions if m.label == "PARTNER"] == []


@pytest.mark.parametrize(
    ("text", "fund"),
    [
        ("£3m from the Better Care Fund.", "Better Care Fund"),
        ("The iBCF pays for it.", "Improved Better Care Fund"),
        ("MSIF of £2m.", "Market Sustainability and Improvement Fund"),
        ("The Disabled Facilities Grant rose.", "Disabled Facilities Grant"),
        ("The Public Health Grant fell.", "Public Health Grant"),
        ("The Household Support fund ends.", "Household Support Fund"),
        ("The DSG deficit grew.", "Dedicated Schools Grant"),
        ("The Loamshire Growth Accelerator Fund opened.", "Loamshire Growth Accelerator Fund"),
    ],
)
def test_funds_are_their_own_label_never_partners(text: str, fund: str) -> None:
    result = tag(text)
    assert [m.canonical for m in result.mentions if m.label == "FUND"] == [fund]
    assert [m for m in result.mentions if m.label == "PARTNER"] == []


def test_funds_short_name_defined_in_brackets_is_one_mention_then_used() -> None:
    result = tag(
        "The Loamshire Business Fund (LBF) lends to firms.", "The LBF lent £2m in 2024-25."
    )
    funds = [(m.block_order, m.text) for m in result.mentions if m.label == "FUND"]
    assert funds == [(0, "Loamshire Business Fund"), (1, "LBF")]


def test_money_minus_sign_against_the_pound_is_a_sign() -> None:
    result = tag("A variance of -£0.8m and a range of £1m-£2m, then +£12.6m.")
    money = [(m.text, m.amount_gbp) for m in result.mentions if m.label == "MONEY"]
    assert money == [
        ("-£0.8m", Decimal("-800000")),
        ("£1m", Decimal("1000000")),
        ("£2m", Decimal("2000000")),
        ("£12.6m", Decimal("12600000")),
    ]


# --------------------------------------------------------------------------- table cells


def _seg(text: str, x0: float, top: float) -> Segment:
    words = []
    x = x0
    for w in text.split():
        words.append(Word(w, BBox(x, top, x + 5 * len(w), top + 10), 10, False))
        x += 5 * len(w) + 3
    return Segment(words, BBox(x0, top, x, top + 10))


def test_cells_stack_wrapped_lines_of_one_column_and_leave_figures_out() -> None:
    from pipeline.cells import cells_of
    from pipeline.models import Page

    page = Page(1, 600, 800, [])
    segs = [
        _seg("Savings", 10, 100),
        _seg("This saving reflects £1.5m from the", 100, 100),
        _seg("1,500", 400, 100),
        _seg("re-tender of home care in 2025-26.", 100, 111),
        _seg("Other", 10, 140),
    ]
    cells = cells_of(page, segs)
    texts = [c.text for c in cells]
    assert "This saving reflects £1.5m from the re-tender of home care in 2025-26." in texts
    assert "1,500" not in texts


# --------------------------------------------------------------------------- the report


def test_report_lists_variants_and_finds_one_body_under_two_names() -> None:
    con = duckdb.connect()
    con.execute(
        "create table mentions (document_id varchar, label varchar, text varchar,"
        " canonical varchar, kind varchar, code varchar)"
    )
    con.executemany(
        "insert into mentions values (?, 'PARTNER', ?, ?, ?, ?)",
        [
            ("a", "KCHFT", "Kent Community Health NHS Foundation Trust", "nhs_trust", "RYY"),
            (
                "b",
                "Kent Community Health NHS Foundation Trust",
                "Kent Community Health NHS Foundation Trust",
                "nhs_trust",
                "RYY",
            ),
            ("b", "East Kent Hospital Trust", "East Kent Hospital Trust", "nhs_trust", None),
            (
                "c",
                "EKHUFT",
                "East Kent Hospitals University NHS Foundation Trust",
                "nhs_trust",
                "RVV",
            ),
        ],
    )
    rows = organisations(con)
    kchft = next(r for r in rows if r.code == "RYY")
    assert kchft.papers == 2 and "KCHFT" in kchft.variants
    dups = duplicates(rows)
    assert [(a, b) for a, b, _ in dups] == [
        ("East Kent Hospital Trust", "East Kent Hospitals University NHS Foundation Trust")
    ]
    assert duplicates([OrgRow("Medway Council", "local_authority", "E06000035", (), 1, 1)]) == []


def test_orgs_a_council_acronym_counts_where_the_paper_names_the_council() -> None:
    alone = tag("The NAC rose by £2m.", authority=("Medway Council",))
    assert [m for m in alone.mentions if m.label == "PARTNER"] == []
    named = tag(
        "North Ayrshire Council agreed.", "KCC and NAC agreed.", authority=("Medway Council",)
    )
    found = [(m.text, m.canonical) for m in named.mentions if m.label == "PARTNER"]
    assert ("NAC", "North Ayrshire Council") in found
    assert ("KCC", "Kent County Council") not in found


def test_register_for_and_of_are_one_department() -> None:
    reg = register()
    dhsc = reg.resolve("Department for Health and Social Care")
    assert dhsc is not None and dhsc.canonical == "Department of Health and Social Care"
    rows = [
        OrgRow("Department for Levelling Up Housing", "government", None, (), 1, 1),
        OrgRow("Department of Levelling Up Housing", "government", None, (), 1, 1),
    ]
    assert len(duplicates(rows)) == 1
