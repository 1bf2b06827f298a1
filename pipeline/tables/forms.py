"""Money stated in the fields of a ruled form.

Councils put some decisions on one-page forms rather than in tables: a budget
amendment form, a record of decision, a bid. A form is a grid of cells whose
field names are shaded ("Proposed Amount", "Proposed Funding Source:") and whose
entries stand in the plain cell below or beside them ("£2.149m to top-up the LEVI
capital project funding."). Each sum of money an entry states, with its pound
sign and its own unit, is a figure of the form, named by its field. A long entry
(several sentences) is narrative and is left to the tagger, and so is the entry of a
field whose name says it holds prose (a purpose, reasons, background), however
short: "Use the grant money (c.£550k) to expand the scheme" mentions in passing the
sum the amount field states. So is a form that shades nothing, whose field names
cannot be told from its entries.

A form states the amount, not the year it falls in: a figure's period is the one its
field's name states, else the one the form's title above it states ("Financial Year
2014 - 2015"); with neither it keeps no period and says why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.models import BBox, Figure, Fill, Segment, TableInfo
from pipeline.normalise import exact_pounds, parse_amount, single_period
from pipeline.tables.regions import Region

#: a sum of money written in a sentence: its pound sign, digits and a unit word or letter
_MONEY_RE = re.compile(
    r"[-−]?£\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:bn|billion|million|m|thousand|k)\b)?", re.IGNORECASE
)
#: an entry longer than this is narrative (a purpose, a rationale), not a field's value
_ENTRY_WORDS = 40
#: a field's name is short
_NAME_WORDS = 8
#: a field whose name says its entry is prose: the case for a decision, not its sums
_NARRATIVE_NAME_RE = re.compile(
    r"\b(?:purposes?|reasons?|rationale|background|justification|description|summary"
    r"|comments?|explanation)\b",
    re.IGNORECASE,
)


@dataclass
class _Cell:
    box: BBox
    segments: list[Segment]
    shaded: bool

    @property
    def text(self) -> str:
        segs = sorted(self.segments, key=lambda s: (round(s.bbox.top), s.bbox.x0))
        return " ".join(s.text for s in segs)


def form_figures(
    form: Region, fills: Sequence[Fill], table_index: int
) -> tuple[TableInfo, list[Figure]] | None:
    """The form's money figures with the table record that holds them; None when the
    form states no sum of money in a field."""
    cells = _cells(form, fills)
    figures: list[Figure] = []
    titled = single_period(" ".join(form.caption)) if form.caption else None
    unread: list[str] = []  # "£36,4000": a sum misprinted, read as no figure, and said so
    for name, entry in _fields(cells):
        label = " ".join(name.text.split())
        period = single_period(label)
        source = "field" if period else "caption" if titled else "none: a form field states no year"
        period = period or titled
        for m in _MONEY_RE.finditer(" ".join(entry.text.split())):
            amount = parse_amount(m.group(0).replace(" ", "", 1))
            if amount is None:
                unread.append(m.group(0))
            if amount is None or amount.percent:
                continue
            unit = amount.unit or Decimal(1)
            figures.append(
                Figure(
                    page=form.page,
                    table_index=table_index,
                    row_index=len(figures),
                    section=None,
                    row_label=label,
                    rag=None,
                    column_label=label,
                    measure=None,
                    first_fy=period[0] if period else None,
                    last_fy=period[1] if period else None,
                    amount_gbp=exact_pounds(amount, unit),
                    printed=m.group(0),
                    unit=unit,
                    is_total=False,
                    footnote=None,
                    bbox=entry.box,
                    unit_source="cell",
                    period_source=source,
                )
            )
    if not figures:
        return None
    info = TableInfo(
        table_index=table_index,
        page=form.page,
        last_page=form.page,
        bbox=form.bbox,
        caption=" ".join(form.caption) or None,
        strategy="form",
        columns=sorted({f.column_label for f in figures}),
        unit=None,
        n_rows=len(figures),  # a row per sum: a field may state two ("£12m to £11m")
        n_figures=len(figures),
        unit_source="cell",
    )
    if unread:
        info.review.append(unread_note(unread))
    return info, figures


def unread_note(unread: Sequence[str]) -> str:
    """The review reason for sums printed in £ that read as no figure (a misprint such as
    "£36,4000"), the first three quoted: a table's or a form's."""
    shown = ", ".join(repr(t) for t in unread[:3])
    return f"{len(unread)} cell(s) printed in £ not read as a figure: {shown}"


def _cells(form: Region, fills: Sequence[Fill]) -> list[_Cell]:
    """The form's cells: rows between its horizontal rules, columns between the vertical
    rules that cross each row (a form's rows are cut differently)."""
    ys = sorted(set(form.hrules))
    out: dict[tuple[int, int], _Cell] = {}
    for ln in form.lines:
        for seg in ln.segments:
            row = sum(1 for y in ys if y <= seg.bbox.yc)
            if row == 0 or row == len(ys):
                continue  # outside the grid
            top, bottom = ys[row - 1], ys[row]
            mid = (top + bottom) / 2
            xs = sorted(
                {
                    round(v.bbox.x0, 1)
                    for v in form.vrules
                    if v.bbox.top - 1 <= mid <= v.bbox.bottom + 1
                }
            )
            col = sum(1 for x in xs if x <= seg.bbox.xc)
            if col == 0 or col == len(xs):
                continue
            key = (row, col)
            if key not in out:
                box = BBox(xs[col - 1], top, xs[col], bottom)
                out[key] = _Cell(box, [], _shaded(box, fills))
            out[key].segments.append(seg)
    return [out[k] for k in sorted(out)]


def _shaded(box: BBox, fills: Sequence[Fill]) -> bool:
    """Non-white fills cover most of the cell. Word paints a cell's shading in strips
    (above, beside and under its text, then the text's own box), so coverage is taken
    over a grid of points inside the cell, not from one fill."""
    coloured = [
        f.bbox
        for f in fills
        if min(f.rgb) <= 0.97 and f.bbox.x_overlap(box) > 0 and f.bbox.y_overlap(box) > 0
    ]
    if not coloured:
        return False
    steps = [(k + 0.5) / _SAMPLES for k in range(_SAMPLES)]
    points = [(box.x0 + fx * box.width, box.top + fy * box.height) for fx in steps for fy in steps]
    covered = sum(1 for x, y in points if any(b.contains_point(x, y) for b in coloured))
    return covered >= 0.5 * len(points)


#: points a side of the grid a cell's shading is sampled on
_SAMPLES = 6


def _fields(cells: Sequence[_Cell]) -> list[tuple[_Cell, _Cell]]:
    """(name, entry) pairs: a shaded short cell and the plain cell under it, else the
    plain cell right of it on its row; a field named as prose is no pair."""
    pairs = []
    for name in cells:
        if not name.shaded or len(name.text.split()) > _NAME_WORDS:
            continue
        if _NARRATIVE_NAME_RE.search(name.text):
            continue
        entry = _below(name, cells) or _beside(name, cells)
        if entry is not None and len(entry.text.split()) <= _ENTRY_WORDS:
            pairs.append((name, entry))
    return pairs


def _below(name: _Cell, cells: Sequence[_Cell]) -> _Cell | None:
    under = [
        c
        for c in cells
        if not c.shaded
        and abs(c.box.top - name.box.bottom) < 2
        and c.box.x_overlap(name.box) > 0.6 * min(c.box.width, name.box.width)
    ]
    return under[0] if len(under) == 1 else None


def _beside(name: _Cell, cells: Sequence[_Cell]) -> _Cell | None:
    right = [
        c
        for c in cells
        if not c.shaded and abs(c.box.x0 - name.box.x1) < 2 and c.box.y_overlap(name.box) > 0
    ]
    return right[0] if len(right) == 1 else None
