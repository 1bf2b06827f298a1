"""Narrative money linked to the table figure it restates (pipeline.links)."""

from __future__ import annotations

from decimal import Decimal

from pipeline.links import link_mentions
from pipeline.models import BBox, Claim, Figure, Mention

BOX = BBox(0, 0, 10, 10)


def figure(table: int, row: int, amount: str, fy: int, page: int = 2) -> Figure:
    return Figure(
        page=page,
        table_index=table,
        row_index=row,
        section=None,
        row_label=f"row {row}",
        rag=None,
        column_label=f"{fy}/{(fy + 1) % 100:02d}",
        measure=None,
        first_fy=fy,
        last_fy=fy,
        amount_gbp=Decimal(amount),
        printed=amount,
        unit=Decimal(1000),
        is_total=False,
        footnote=None,
        bbox=BOX,
    )


def money(text: str, amount: str, order: int = 0, page: int = 1) -> Mention:
    return Mention(page, "MONEY", text, "s", order, 0, len(text), amount_gbp=Decimal(amount))


def claim(text: str, amount: str, fy: int | None, order: int = 0) -> Claim:
    return Claim(1, "saving", text, Decimal(amount), fy, fy, None, "s", order)


def test_links_same_amount_and_year_sign_aside() -> None:
    figures = [figure(0, 0, "-1500000", 2025), figure(0, 1, "1500000", 2026)]
    [m] = link_mentions([money("£1.5m", "1500000")], [claim("£1.5m", "1500000", 2026)], figures)
    assert (m.figure_table_index, m.figure_row_index, m.figure_column) == (0, 1, "2026/27")
    [m] = link_mentions([money("£1.5m", "1500000")], [claim("£1.5m", "1500000", 2025)], figures)
    assert m.figure_row_index == 0


def test_links_without_a_year_only_when_one_figure_fits() -> None:
    figures = [figure(0, 0, "1500000", 2025), figure(1, 3, "1500000", 2026)]
    [m] = link_mentions([money("£1.5m", "1500000")], [claim("£1.5m", "1500000", None)], figures)
    assert m.figure_table_index is None
    [m] = link_mentions([money("£2m", "2000000")], [], [figure(1, 4, "2000000", 2025)])
    assert (m.figure_table_index, m.figure_row_index) == (1, 4)


def test_links_no_figure_for_other_amounts_or_years() -> None:
    [m] = link_mentions(
        [money("£1.4m", "1400000")],
        [claim("£1.4m", "1400000", 2025)],
        [figure(0, 0, "1500000", 2025)],
    )
    assert m.figure_table_index is None
