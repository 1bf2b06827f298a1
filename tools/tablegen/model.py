"""The plan's records: a paper holds tables, a table columns and rows, each row its printed values.

The plan is made first, from the seed alone (`plan`); the renderers only read it, and the
truth is written from it, so what a PDF shows and what its truth says cannot drift apart.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


class Deck:
    """Levels dealt from a shuffled deck, refilled when empty: balanced and random."""

    def __init__(self, rng: random.Random, levels: Sequence[Any]) -> None:
        self.rng, self.levels, self.cards = rng, list(levels), list[Any]()

    def deal(self) -> Any:
        if not self.cards:
            self.cards = list(self.levels)
            self.rng.shuffle(self.cards)
        return self.cards.pop()


@dataclass
class Col:
    kind: str  # ref, label, category, lead, rag, money, pct
    header: str = ""  # text columns: the header text
    lines: list[tuple[str, str]] = field(default_factory=list)  # money: (text, group) top-down
    first_fy: int | None = None
    last_fy: int | None = None
    rule: str = "base"  # money: how the value is made
    width: float = 12.0  # in characters

    def label(self) -> str:
        return " ".join(t for t, _ in self.lines if t) if self.lines else self.header


@dataclass
class Row:
    kind: str  # data, section, subtotal, total
    label: str
    section: str | None = None
    ref: str = ""
    category: str = ""
    lead: str = ""
    rag: str | None = None
    values: dict[int, Decimal | None] = field(default_factory=dict)  # column index -> printed
    page: int = 0


@dataclass
class Table:
    factors: dict[str, Any]
    caption: str | None
    sentence: str | None
    cols: list[Col]
    rows: list[Row]
    depth: int
    unit: Decimal
    unit_text: str
    decimals: int
    cell_suffix: str  # cell unit: "m", "k" or ""
    year_style: str
    header_fill: str | None
    total_fill: str | None
    category_merge: bool
    text_header_merge: bool
    features: list[str] = field(default_factory=list)

    @property
    def money(self) -> list[int]:
        return [i for i, c in enumerate(self.cols) if c.kind == "money"]


@dataclass
class Paper:
    name: str
    producer: str
    authority: str
    code: str
    first_fy: int
    title: str
    intro: str
    landscape: bool
    tables: list[Table]
    font: str
    #: the unit stated once for the whole paper, under the intro (unit_where=report)
    unit_note: str | None = None


def fy(y: int, style: str) -> str:
    return f"{y}/{(y + 1) % 100:02d}" if style == "slash" else f"{y}-{(y + 1) % 100:02d}"
