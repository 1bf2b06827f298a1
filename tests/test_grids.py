"""Grids of years and figures with no money in them are tables, not narrative.

The table finder keeps tables of money; a grid of school places per year, pupil numbers or
dates is left to the narrative stage, which must not read its column headers ("By 2025-26")
as fiscal years the text talks about, ruled or not. Prose, forms of words and lists of
names beside a year stay narrative.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Spacer

from pipeline.extract import extract_file
from tests.conftest import para, table

Maker = Callable[..., Path]

BEFORE = "The plan for 2024-25 sets out the places the county needs."
AFTER = "A total of 44.9FE is needed across the plan period, from 2030-31 onwards."

PLACES = [
    ["By", "By", "By", "By", "Between", "Post 2032"],
    ["2025-26", "2026-27", "2027-28", "2028-29", "2029-32", ""],
    ["0.3FE", "5FE", "5FE", "6.3FE", "14.3FE", "14FE"],
    ["85 Year R", "10 Year R", "25 Year R", "", "", ""],
    ["temp places", "temp places", "temp places", "", "", ""],
]


def _years(path: Path) -> list[tuple[str, int | None]]:
    ex = extract_file(path)
    return [(m.text, m.first_fy) for m in ex.mentions if m.label == "FISCAL_YEAR"]


def _paper(make_pdf: Maker, name: str, grid: Any) -> Path:
    return make_pdf(name, [para(BEFORE), Spacer(1, 8), grid, Spacer(1, 8), para(AFTER)])


@pytest.mark.parametrize("ruled", [True, False])
def test_a_grid_of_places_per_year_gives_no_fiscal_years(make_pdf: Maker, ruled: bool) -> None:
    path = _paper(make_pdf, "places.pdf", table(PLACES, grid=ruled))
    assert _years(path) == [("2024-25", 2024), ("2030-31", 2030)]
    texts = " ".join(b.text for b in extract_file(path).blocks)
    assert "temp places" not in texts and "By 2026-27" not in texts
    assert BEFORE in texts and AFTER in texts


def test_a_grid_of_pupil_numbers_under_year_headers_is_not_narrative(make_pdf: Maker) -> None:
    rows = [
        ["2023/24", "2024/25", "2025/26", "2026/27"],
        ["11,204 pupils", "11,390 pupils", "11,512 pupils", "11,730 pupils"],
        ["Year 7", "Year 7", "Year 7", "Year 7"],
    ]
    path = _paper(make_pdf, "pupils.pdf", table(rows, grid=False))
    assert _years(path) == [("2024-25", 2024), ("2030-31", 2030)]


def test_a_form_of_words_in_a_ruled_box_is_still_read(make_pdf: Maker) -> None:
    rows = [
        ["Service", "Adult social care"],
        ["Proposal", para("Reduce the homecare budget by £1.2m in 2025-26 through reablement.")],
        ["Partner", para("Delivered with Medway Council and the NHS Kent and Medway ICB.")],
    ]
    ex = extract_file(_paper(make_pdf, "form.pdf", table(rows, widths=[100, 300])))
    years = [(m.text, m.first_fy) for m in ex.mentions if m.label == "FISCAL_YEAR"]
    assert ("2025-26", 2025) in years
    assert {m.canonical for m in ex.mentions if m.label == "PARTNER"} >= {"Medway Council"}
    assert [m.amount_gbp for m in ex.mentions if m.label == "MONEY"] == [1200000]


def test_names_with_a_year_and_an_award_beside_each_stay_narrative(make_pdf: Maker) -> None:
    rows = [
        ["Gravesham Borough Council", "2021", "Silver"],
        ["Medway Council", "2020", "Gold"],
        ["Thanet District Council", "2023", "Silver"],
    ]
    ex = extract_file(_paper(make_pdf, "awards.pdf", table(rows, grid=False)))
    names = {m.canonical for m in ex.mentions if m.label == "PARTNER"}
    assert {"Medway Council", "Gravesham Borough Council", "Thanet District Council"} <= names


def test_three_short_phrases_of_prose_a_line_apart_are_no_grid(make_pdf: Maker) -> None:
    """Lines of three short cells with no figures (a row of headings) stay narrative."""
    rows = [["Adults", "Children", "Growth"], ["Care homes", "Schools", "Roads"]]
    path = _paper(make_pdf, "words.pdf", table(rows, grid=False))
    texts = " ".join(b.text for b in extract_file(path).blocks)
    assert "Care homes" in texts and "Schools" in texts
