"""Rows → figures: every value of a table's figure columns with its row label, column,
unit and period (and where each was found), RAG rating, reference and attributes.

Units follow the chain cell → row label → header → caption → outside the table
(tables.context); periods follow column → caption → heading (the paper's own year is
the last link, in extract). A figure whose unit is stated nowhere gets no amount.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal

from pipeline.models import Amount, Figure, Segment
from pipeline.normalise import (
    MILLION,
    THOUSAND,
    classify_measure,
    exact_pounds,
    find_fiscal_years,
    looks_like_total,
    march_year_end,
    month_period,
    names_money,
    parse_amount,
    parse_rag,
    parse_unit,
    rag_from_rgb,
    single_period,
)
from pipeline.tables.cellvalue import cell_amount, has_amount, named_sums
from pipeline.tables.columns import Band
from pipeline.tables.context import is_list_item
from pipeline.tables.headers import header_text
from pipeline.tables.periods import Outside, figure_period
from pipeline.tables.pounds import pound_columns
from pipeline.tables.restated import SCALE_RE, band_at, restated_headers
from pipeline.tables.rows import Row
from pipeline.tables.structure import Draft
from pipeline.tables.tableunit import counted_apart, table_unit


def table_period(draft: Draft) -> tuple[int, int] | None:
    for text in [*draft.caption, draft.stub_header]:
        p = None if is_list_item(text) else single_period(text)
        if p is not None:
            return p
    end = table_year_end(draft)
    if end is not None:
        return end - 1, end - 1
    for text in [*draft.caption, draft.stub_header]:
        p = month_period(text)
        if p is not None:
            return p
    return None


def _row_period(row: Row, caption: tuple[int, int] | None) -> tuple[tuple[int, int] | None, str]:
    """The period a row's section heading names ("Summary of planned spending of PPG
    (2014/2015)", a block title across the grid), else the caption's, with its source: the
    rows under a heading are its year's, nearer to them than the caption or the paper's
    year. A heading naming two years, or a bullet of prose, names none."""
    section = row.section
    own = single_period(section) if section and not is_list_item(section) else None
    return (own, "section") if own is not None else (caption, "caption")


def table_year_end(draft: Draft) -> int | None:
    """The 31 March year end the table's caption states ("Income and Expenditure
    Account for the year ended 31 March 2018" → 2018), or None."""
    for text in [*draft.caption, draft.stub_header]:
        end = march_year_end(text)
        if end is not None:
            return end
    return None


def row_rag(row: Row, draft: Draft) -> str | None:
    for i, b in enumerate(draft.bands):
        if b.kind != "rag":
            continue
        segs = row.cells.get(i, [])
        # A word a narrow column broke ("Ambe" over "r") first, then the whole cell
        # ("Amber/" + "Green" wrapped), then each line (a comment sharing the column).
        whole = " ".join(s.text for s in segs).replace("/ ", "/")
        broken = "".join(s.text for s in segs) if len(segs) > 1 else ""
        for text in [broken, whole, *(s.text for s in segs)]:
            rag = parse_rag(text) if text else None
            if rag:
                return rag
        if i in row.fills:
            rag = rag_from_rgb(row.fills[i])
            if rag:
                return rag
    return None


#: headers of columns that are not money even in a money table ("per cent" and
#: "percentage" as whole words: "cost per centre" is pounds)
_NOT_MONEY_RE = re.compile(
    r"%|\bper\s?cent(?:age|ile)?s?\b|\bno\.?\s+of\b|\bnumber\b|\bfte\b|\bpupils?\b|\bplaces\b"
    r"|\bratio\b|\bhours\b|\bweeks\b|\bdays\b|\byrs\b|\byears?\s+remaining|\baverage\s+life\b"
    r"|\brate\b|\bscore\b|\brank(?:ing|ed)?\b|\bper\s+(?:head|capita)\b|\bqty\b|\bquantity\b|\bquantities\b"
    r"|\blikelihood\b|\bimpact score\b|\bscale\b|\(\s*1\s*[-–]\s*\d+\s*\)"
    r"|^\s*notes?\s*$",  # an accounts' column of note numbers
    re.IGNORECASE,
)


#: row labels saying their figures are not money
_ROW_NOT_MONEY_RE = re.compile(
    r"\(\s*%\s*\)|(?<![\d.])%\s*$|(?<![\d.])%\s+of\b|\bper\s?cent(?:age)?s?\b|\bratio\b"
    r"|\bas\s+(?:an?\s+)?(?:proportion|share)\s+of\b",
    re.IGNORECASE,
)


#: row labels naming a share of something ("Proportion of net revenue stream"): its
#: figures are ratios when no unit is stated for them (with one, they are pounds)
_PROPORTION_RE = re.compile(r"\bproportion\b", re.IGNORECASE)


def figures_from_rows(
    items: Sequence[Row | str], draft: Draft, table_index: int, outside: Outside | None = None
) -> list[Figure]:
    """Every figure of the table's value columns, with its unit and period and where each
    was found; one whose unit is stated nowhere keeps its printed value, no amount."""
    outside = outside or Outside()
    unit_default, apart = table_unit(draft), counted_apart(draft)
    per_column, pounded = _units_per_column(items, draft, unit_default, outside)
    period_default, year_end = table_period(draft), table_year_end(draft) or outside.year_end
    rows = [r for r in items if isinstance(r, Row)]
    silent = unit_default is None and outside.unit is None  # nothing round the table says
    adds_to, col_units = _column_units(rows, draft, per_column, silent)
    restated = restated_headers(rows, draft)
    # columns of no money unless a header names it: no unit of their own, adding up to none
    moneyless = {bi for bi in range(len(draft.bands)) if bi not in adds_to and bi not in pounded}
    mostly_bold = sum(1 for r in rows if r.bold) > 0.5 * max(1, len(rows))
    out: list[Figure] = []
    for ri, row in enumerate(rows):
        rag = row_rag(row, draft)
        is_total = looks_like_total(row.label) or (row.bold and not mostly_bold)
        ref, attributes, panels = _row_text(row, draft)
        first_label = row.label or _stand_in_label(row, draft, attributes)
        # "Proportion of net revenue stream (%)": percentages, unless a cell prints pounds.
        row_unit, pct_row = _label_unit(first_label), bool(_ROW_NOT_MONEY_RE.search(first_label))
        page, (row_period, row_source) = _figures_page(row), _row_period(row, period_default)
        for bi, band in enumerate(draft.bands):
            if band.kind != "num" or bi not in row.cells:
                continue
            for named, got in _cell_figures(row.cells[bi]):
                printed, seg, value, cell_unit, is_pct, note = got
                col = header_text(band) if named is None else f"{header_text(band)} ({named})"
                if is_pct or _not_money(col, printed, pct_row):
                    continue
                unitless = band.unit is None and cell_unit is None
                if per_column and unitless and bi in moneyless and not _money(col, value):
                    continue
                panel = _panel_of(draft, band)
                label = first_label if panel is None else panels.get(panel, "")
                if panel is not None and not label:
                    continue  # that side of the row is empty
                total = is_total or looks_like_total(label) or looks_like_total(named or "")
                column = band_at(restated, bi, ri, band) or (band, col)
                unit, unit_source, cell_unit = _figure_unit(
                    cell_unit, row_unit, column, unit_default, outside, apart=bi in apart
                )
                if unitless and row_unit is None and bi in col_units:
                    unit, unit_source = col_units[bi]
                if unit is None and _PROPORTION_RE.search(label):
                    continue  # a share of something, in no unit: a ratio, not money
                if unit is None and value == 0:
                    unit, unit_source = Decimal(1), "nil"  # nothing is nothing in any unit
                period, period_source = figure_period(
                    col, row_period, outside, year_end, label, row_source
                )
                amount = Amount(value, cell_unit, False, note, currency=False)
                out.append(
                    Figure(
                        page=page,
                        table_index=table_index,
                        row_index=ri,
                        section=row.section,
                        row_label=label,
                        rag=rag,
                        column_label=col,
                        measure=classify_measure(col),
                        first_fy=period[0] if period else None,
                        last_fy=period[1] if period else None,
                        amount_gbp=exact_pounds(amount, unit) if unit is not None else None,
                        printed=printed,
                        unit=unit or Decimal(1),
                        is_total=total,
                        footnote=note or row.label_note,
                        bbox=seg.bbox,
                        ref=ref,
                        attributes=attributes,
                        unit_source=unit_source,
                        period_source=period_source,
                    )
                )
    return _without_blank_rows(out)


def _money(column: str, value: Decimal) -> bool:
    """A figure its column makes money, though its unit is stated nowhere: under a header
    naming money, or a nil under a year (nothing is £0 in any unit)."""
    return names_money(column) or (value == 0 and bool(find_fiscal_years(column)))


def _without_blank_rows(figures: list[Figure]) -> list[Figure]:
    """The figures less those of rows that name nothing and print only nils ("-" in every
    column of a form's spare line): no figure of anything."""
    blank: dict[int, bool] = {}
    for f in figures:
        nil = (a := parse_amount(f.printed)) is not None and a.is_nil
        named = bool(f.row_label or f.ref or f.attributes)
        blank[f.row_index] = blank.get(f.row_index, True) and nil and not named
    return [f for f in figures if not blank[f.row_index]]


def _figures_page(row: Row) -> int:
    """The page a row's figures are on: its first line's with figures, else its first's."""
    return row.lines[0].page if not any(b.has_values for b in row.lines) else row.page


def _cell_figures(
    segs: Sequence[Segment],
) -> list[tuple[str | None, tuple[str, Segment, Decimal, Decimal | None, bool, str | None]]]:
    """The figures of one cell: its figure, or each sum named on its own line in a cell
    stacking them ("Four Oaks - £167.00" over "Total: £1,000"), with its name."""
    named = named_sums(segs)
    got = cell_amount(segs) if len(named) < 2 else None
    if got is not None:
        return [(None, got)]
    return [(name, fig) for name, fig in named]


def unread_money(items: Sequence[Row | str], draft: Draft) -> list[str]:
    """Cells of value columns printed with a pound sign and digits that read as no
    figure ("£2,2591.15", its thousands comma misplaced): left out, never guessed at,
    and named so a person can check the table."""
    out = []
    for row in items:
        if isinstance(row, str):
            continue
        for bi, segs in row.cells.items():
            if draft.bands[bi].kind != "num" or _cell_figures(segs):
                continue
            text = " ".join(s.text for s in segs)
            if "£" in text and any(c.isdigit() for c in text):
                out.append(text)
    return out


def _column_units(
    rows: Sequence[Row], draft: Draft, per_column: bool, last: bool = False
) -> tuple[dict[int, Decimal], dict[int, tuple[Decimal, str]]]:
    """Units columns take from their cells or from the total they add up to: (the
    columns that add up to a total, every such column's unit with where it came from)."""
    adds_to = _summed_columns(rows, draft) if per_column else {}
    col_units = {bi: (u, "total column") for bi, u in adds_to.items()}
    col_units.update((bi, (u, "column cell")) for bi, u in _column_cell_units(rows, draft).items())
    if last:  # the chain's last link: what the table's other cells print
        col_units = _table_cell_units(rows, draft) | col_units
    return adds_to, col_units


def _summed_columns(rows: Sequence[Row], draft: Draft) -> dict[int, Decimal]:
    """Columns with no unit of their own that add up, row by row, to a column beside them
    that has one ("village hall | pavilion | other | £", or a cash sheet's "Amount £ |
    VAT | Caretaker | Petrol …" analysing each payment): parts of a sum are in the sum's
    unit. Arithmetic decides, on at least two rows and nine in ten of those where the
    total and a part are printed."""
    bands = draft.bands
    out: dict[int, Decimal] = {}
    for t, total in enumerate(bands):
        if total.kind != "num" or total.unit is None:
            continue
        for parts in (_unitless_run(draft, t, -1), _unitless_run(draft, t, 1)):
            if len(parts) >= 2 and _adds_up(rows, parts, t):
                out.update(dict.fromkeys(parts, total.unit))
    return out


def _unitless_run(draft: Draft, t: int, step: int) -> list[int]:
    """The value columns with no unit next to column `t`, on one side, up to a text column."""
    bands, texts = draft.bands, [c.x0 for c in draft.text_cols]
    parts: list[int] = []
    i = t + step
    while 0 <= i < len(bands):
        b, near = bands[i], bands[i - step]
        lo, hi = (near.x1, b.x0) if step > 0 else (b.x1, near.x0)
        if b.kind != "num" or b.unit is not None or any(lo <= x <= hi for x in texts):
            break
        parts.append(i)
        i += step
    return parts


def _adds_up(rows: Sequence[Row], parts: Sequence[int], t: int) -> bool:
    tried = added = 0
    for r in rows:
        got = {i: v[2] for i in [*parts, t] if i in r.cells and (v := cell_amount(r.cells[i]))}
        if t not in got or not any(i in got for i in parts):
            continue
        tried += 1
        added += sum(got.get(i, Decimal(0)) for i in parts) == got[t]
    return added >= 2 and added >= 0.9 * tried


def _table_cell_units(rows: Sequence[Row], draft: Draft) -> dict[int, tuple[Decimal, str]]:
    """The last link of the unit chain, where nothing in or round the table states one: a
    money column with no unit, beside columns whose cells print theirs ("2017-18 Budget"
    25,000 beside "Budget remaining" £9,506), is in the unit the table's cells print.
    Only where at least two cells print one, every one the same, and the column's header
    names money (a count beside them is no money)."""
    units = [
        got[3]
        for r in rows
        for bi, segs in r.cells.items()
        if draft.bands[bi].kind == "num" and (got := cell_amount(segs)) and got[3] is not None
    ]
    if len(units) < 2 or len(set(units)) != 1:
        return {}
    return {
        bi: (units[0], "table cells")
        for bi, band in enumerate(draft.bands)
        if band.kind == "num" and band.unit is None and names_money(header_text(band))
    }


def _column_cell_units(rows: Sequence[Row], draft: Draft) -> dict[int, Decimal]:
    """Units a column states in its own cells, by column: an accounting format prints
    "£m" beside the first figure (and the total) only, and that unit is the column's.
    Taken only where the column's first figure states it and no cell disagrees."""
    out: dict[int, Decimal] = {}
    for bi, band in enumerate(draft.bands):
        if band.kind != "num" or band.unit is not None:
            continue
        units = [got[3] for r in rows if bi in r.cells and (got := cell_amount(r.cells[bi]))]
        if units and units[0] is not None and len({u for u in units if u is not None}) == 1:
            out[bi] = units[0]
    return out


def _figure_unit(
    cell_unit: Decimal | None,
    row_unit: Decimal | None,
    column: tuple[Band, str],
    table: Decimal | None,
    outside: Outside,
    apart: bool = False,
) -> tuple[Decimal | None, str | None, Decimal | None]:
    """(unit, its source, the cell's own unit as read) of one figure: the chain of
    `_unit` from the cell's unit or the row label's, where a header's scale over a cell
    printing a bare £ ("£1,274" under "Cost (k)") overrides the cell's. ``column`` is the
    figure's column and header text, or as a header restated above the row states them.
    A column counted `apart` (tableunit.counted_apart) takes no unit from round it."""
    band, col = column
    if apart:
        table, outside = None, dataclasses.replace(outside, unit=None)
    if cell_unit == 1 and (scale := _header_scale(band, col)) is not None:
        return scale, band.unit_source if band.unit_source == "restated header" else "header", None
    unit, source = _unit(cell_unit or row_unit, band, table, outside)
    if row_unit is not None and cell_unit is None:
        source = "row label"
    return unit, source, cell_unit


def _unit(
    cell_unit: Decimal | None, band: Band, table: Decimal | None, outside: Outside
) -> tuple[Decimal | None, str | None]:
    """The unit of one figure by the chain cell → header → caption → outside the table."""
    if cell_unit is not None:
        return cell_unit, "cell"
    if band.unit is not None:
        return band.unit, band.unit_source or "header"
    if table is not None:
        return table, "caption"
    return outside.unit, outside.unit_source if outside.unit is not None else None


def _header_scale(band: Band, col: str) -> Decimal | None:
    """The multiplier a column's header states over cells that print their own £ and
    no multiplier: the cell's £ says pounds, the header's "£000" or bare "(k)" how many
    ("£1,274" under "Cost (k)" is £1,274,000). A bare scale without a £ in the cell says
    nothing of money (a count in thousands), so it is read only here."""
    if band.unit is not None and band.unit > 1:
        # a units row set above the table (another table's, perhaps) is no header of its own
        return band.unit if band.unit_source != "units row above" else None
    m = SCALE_RE.search(col)
    if m is None:
        return None
    word = m.group(1).lower().strip("'").replace("'", "")
    return MILLION if word.startswith("m") else THOUSAND


def _not_money(col: str, printed: str, pct_row: bool) -> bool:
    """The column's header or the row's label names a measure other than money; a £ in
    the cell states money all the same ("Rate One" over "£3.60"), unless the header names
    percentages."""
    if _NOT_MONEY_RE.search(col) is None and not pct_row:
        return False
    return "£" not in printed or "%" in col


def _units_per_column(
    items: Sequence[Row | str], draft: Draft, unit_default: Decimal | None, outside: Outside
) -> tuple[bool, set[int]]:
    """(whether units are stated column by column, the columns printing £ in every cell).

    A column with no unit of its own, whose header names no money (a taxbase, a count
    beside the precept), is then not money; so is one whose cells print no £ beside
    columns printing £ in every cell (a caseload)."""
    pounded = pound_columns(items, draft)
    per_column = unit_default is None and (
        any(b.unit for b in draft.bands if b.kind == "num")
        or (outside.unit is None and bool(pounded))
    )
    return per_column, pounded


def _stand_in_label(row: Row, draft: Draft, attributes: dict[str, str]) -> str:
    """A row whose label cell is empty is named by a text cell that stands where a
    label would: the column before the label (a total printed across the grouping
    column), a cell set across the label column (a merged "Other risks" row whose
    text starts left of the label column and runs over it), or a total's name in any
    text column; that text then is no attribute."""
    if draft.label_col is None:
        return ""
    label_band = draft.text_cols[draft.label_col]
    for i in sorted(row.attrs):
        col = draft.text_cols[i]
        segs = row.attrs[i]
        across = bool(segs) and min(s.bbox.x0 for s in segs) <= label_band.x0 + 1
        across = across and max(s.bbox.x1 for s in segs) >= label_band.x1
        # A sum's label set right of the labels, over its figure ("TOTAL  £447.91"
        # under a one-payment list whose label ends before it).
        total = looks_like_total(" ".join(s.text for s in segs))
        if col.kind == "text" and (i < draft.label_col or across or total):
            name = re.sub(r"\s+", " ", " ".join(col.header)).strip() or f"column {i + 1}"
            text = attributes.pop(name, "")
            if text:
                return text
    # A sum's label set in the value column to its left ("TOTAL VALUE" under the unit
    # values, its figure under the totals), as a spreadsheet prints it.
    for i in sorted(row.cells):
        text = " ".join(s.text for s in row.cells[i])
        if (
            draft.bands[i].kind == "num"
            and not has_amount(row.cells[i])
            and (looks_like_total(text))
        ):
            return text
    return ""


_LABEL_UNIT_RE = re.compile(r"(?:\(\s*£[^)]{0,10}\)|£\s*'?\s*(?:000s?|k|m|bn|millions?))\s*$")


def _label_unit(label: str) -> Decimal | None:
    """A unit printed at the end of a row's label ("Total net income … £m") is that row's."""
    m = _LABEL_UNIT_RE.search(label)
    return parse_unit(m.group(0)) if m else None


def _panel_of(draft: Draft, band: Band) -> int | None:
    """The label column of a side-by-side panel that stands nearest left of a column of
    figures, when that is not the table's own label column."""
    best: int | None = None
    for i, col in enumerate(draft.text_cols):
        nearer = best is None or col.x1 > draft.text_cols[best].x1
        if col.x1 <= band.x0 and nearer and col.kind in {"panel", "label"}:
            best = i
    return best if best is not None and draft.text_cols[best].kind == "panel" else None


def _row_text(row: Row, draft: Draft) -> tuple[str | None, dict[str, str], dict[int, str]]:
    """The row's reference, its other text columns under their headers, and the labels
    of its side-by-side panels."""
    ref: str | None = None
    attributes: dict[str, str] = {}
    panels: dict[int, str] = {}
    for i, segs in sorted(row.attrs.items()):
        text = re.sub(r"\s+", " ", " ".join(s.text for s in segs)).strip()
        if not text:
            continue
        col = draft.text_cols[i]
        if col.kind == "ref" and ref is None:
            ref = text
            continue
        if col.kind == "panel":
            panels[i] = text
            continue
        name = re.sub(r"\s+", " ", " ".join(col.header)).strip() or f"column {i + 1}"
        attributes[name] = text
    return ref, attributes, panels


_TOTAL_COLUMN_RE = re.compile(r"\btotal\b", re.IGNORECASE)


def total_column_periods(figures: Sequence[Figure]) -> list[Figure]:
    """A Total column beside single-year columns covers the years it adds up: where it
    equals their sum on (nearly) every row, its period is their range, found by
    arithmetic rather than assumed from the caption. A Total that states no year and
    adds up to no range of them (a scheme's "Total Cost" over prior and later years
    too) covers more than those years: it keeps no period, and says why, rather than
    taking the caption's or the paper's year."""
    by_row: dict[int, dict[str, Figure]] = {}
    for f in figures:
        by_row.setdefault(f.row_index, {})[f.column_label] = f
    years = {
        f.column_label: f.first_fy
        for f in figures
        if f.period_source == "column" and f.first_fy is not None and f.first_fy == f.last_fy
    }
    if len(set(years.values())) < 2:
        return list(figures)
    totals = {
        f.column_label
        for f in figures
        if _TOTAL_COLUMN_RE.search(f.column_label) and f.period_source != "column"
    }
    spans: dict[str, tuple[int, int]] = {}
    beyond: set[str] = set()
    for col in totals:
        rows = [r for r in by_row.values() if col in r and sum(c in r for c in years) >= 2]
        agree = 0
        for r in rows:
            parts = [r[c] for c in years if c in r]
            if r[col].amount_gbp is None or any(p.amount_gbp is None for p in parts):
                continue
            slack = sum((p.unit for p in parts), Decimal(0))
            total = sum((p.amount_gbp or Decimal(0) for p in parts), Decimal(0))
            agree += abs((r[col].amount_gbp or Decimal(0)) - total) <= slack
        if len(rows) >= 2 and agree >= 0.8 * len(rows):
            fys = [years[c] for c in years if any(c in r for r in rows)]
            spans[col] = (min(fys), max(fys))
        elif len(rows) >= 2 and agree <= 0.2 * len(rows):
            beyond.add(col)
    figures = [
        dataclasses.replace(
            f,
            first_fy=None,
            last_fy=None,
            period_source=f"none: column {f.column_label!r} adds up no range of the years",
        )
        if f.column_label in beyond
        else f
        for f in figures
    ]
    return [
        dataclasses.replace(
            f,
            first_fy=spans[f.column_label][0],
            last_fy=spans[f.column_label][1],
            period_source="years it adds up",
        )
        if f.column_label in spans
        else f
        for f in figures
    ]
