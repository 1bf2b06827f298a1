"""Tables stage: find tables on pages, read their columns and rows, emit figures.

A chain of pure steps, each testable alone:
``find_regions`` (where) → ``draft_from_region`` (columns, header) →
``merge`` (across pages) → ``group_rows`` (rows, sections) → ``figures_from_rows``.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.models import Figure, Line, Page, Segment, TableInfo
from pipeline.normalise import march_year_end, names_money, stated_periods, without_periods
from pipeline.signs import decide_sign
from pipeline.tables.carry import (
    aligned_columns,
    compatible,
    merge,
    orphan_header,
    with_header,
)
from pipeline.tables.context import (
    closing_lines,
    heading_lines,
    heading_period,
    heading_unit,
    note_below,
    one_unit,
    parent_item_period,
    report_unit,
    unit_statement,
)
from pipeline.tables.context import page_units as page_unit_set
from pipeline.tables.figures import figures_from_rows, total_column_periods, unread_money
from pipeline.tables.forms import form_figures, unread_note
from pipeline.tables.headers import header_text
from pipeline.tables.linekinds import introduces_text, is_data_line, kinds_remembered
from pipeline.tables.nils import nils_as_their_column
from pipeline.tables.periods import Outside, paper_year_end, years_to_march
from pipeline.tables.regions import Region, find_regions
from pipeline.tables.rows import Row, group_rows
from pipeline.tables.structure import Draft, draft_from_region
from pipeline.tables.tableunit import table_unit
from pipeline.tables.unitsabove import units_from_row_above

__all__ = ["TablesResult", "extract_tables"]


@dataclass
class TablesResult:
    """What the tables stage yields for one paper."""

    tables: list[TableInfo] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    #: ids of the page lines a table consumed (not narrative)
    used_lines: set[int] = field(default_factory=set)
    #: boxes of ruled forms whose cells are narrative
    forms: list[Region] = field(default_factory=list)
    #: running text found beside tables, per page, for the narrative stage
    side_text: dict[int, list[Segment]] = field(default_factory=dict)


def extract_tables(pages: Sequence[Page], lines_by_page: Sequence[Sequence[Line]]) -> TablesResult:
    with kinds_remembered():  # the kinds of the paper's lines, worked out once each
        return _extract_tables(pages, lines_by_page)


def _extract_tables(pages: Sequence[Page], lines_by_page: Sequence[Sequence[Line]]) -> TablesResult:
    result = TablesResult()
    drafts: list[Draft] = []
    for page, lines in zip(pages, lines_by_page, strict=True):
        regions, forms = find_regions(page, lines)
        result.forms.extend(forms)
        for k, region in enumerate(regions):
            draft = draft_from_region(region, page.fills, page.rules)
            if draft is None:
                continue
            if region.lone:
                near = _opens_after(draft, drafts) or _just_below(draft, drafts)
                into, lone = _lone_into(draft, drafts) if near else (None, None)
                if into is not None and lone is not None:
                    result.used_lines.update(id(ln) for ln in region.lines)
                    merge(into, draft, lone)
                    continue
                if not region.ruled:
                    continue  # a stray line of figures: left to the narrative
            draft = _headed(draft, region, page, k == 0, lines_by_page, result)
            result.used_lines.update(id(ln) for ln in lines if _inside(ln, region))
            result.side_text.setdefault(page.number, []).extend(region.side_text)
            _join_or_add(drafts, draft)
    taken = result.used_lines
    report, whole = report_unit([(lines, taken) for lines in lines_by_page])
    notes, headings = _notes_and_headings(drafts, lines_by_page, taken)
    # Under the paper's own statement of its unit ("… unless otherwise stated"), a
    # statement heading one table is that table's exception, not its page's unit.
    heads = {id(ln) for near, _ in headings for ln in _unit_line(near)} if whole else set()
    page_units = [page_unit_set(lines, taken | heads) for lines in lines_by_page]
    paper_end = paper_year_end(lines_by_page)
    march = years_to_march(lines_by_page)
    for index, draft in enumerate(drafts):
        items = group_rows(draft)
        outside = _outside(
            *headings[index], _page_units(draft, page_units), report, paper_end, notes[index]
        )
        outside = dataclasses.replace(outside, march_years=march[draft.page - 1])
        if outside.unit is None and (above := unit_of_table_above(draft, drafts[:index])):
            outside = dataclasses.replace(outside, unit=above, unit_source="table above")
        if outside.unit is None and table_unit(draft) is None:
            units_from_row_above(draft, lines_by_page[draft.page - 1])
        parent = _parent_period(draft, headings[index][1], lines_by_page)
        if outside.period is None and parent is not None:
            outside = dataclasses.replace(outside, period=parent, period_source="item heading")
        figures = nils_as_their_column(
            total_column_periods(figures_from_rows(items, draft, index, outside))
        )
        kind, review = _kind(draft, figures)
        if unread := unread_money(items, draft):
            review.append(unread_note(unread))
        sign, sign_rule = decide_sign([f for f in figures if f.amount_gbp is not None])
        rows = [r for r in items if isinstance(r, Row)]
        result.figures.extend(figures)
        result.tables.append(
            TableInfo(
                table_index=index,
                page=draft.page,
                last_page=draft.last_page,
                bbox=draft.bbox,
                caption=" ".join(draft.caption) or draft.stub_header or None,
                strategy=draft.strategy,
                columns=[header_text(b) for b in draft.bands],
                unit=table_unit(draft) or _common_unit(figures),
                n_rows=len(rows),
                n_figures=len(figures),
                sign_rule=sign_rule,
                sign=sign,
                kind=kind,
                unit_source=_table_unit_source(figures),
                review=review,
                text_columns=[
                    " ".join(c.header).strip() or c.kind
                    for i, c in enumerate(draft.text_cols)
                    if i != draft.label_col
                ],
            )
        )
    _add_forms(result, pages)
    return result


def _add_forms(result: TablesResult, pages: Sequence[Page]) -> None:
    """Money stated in the fields of ruled forms, as tables of their own (tables.forms)."""
    for form in result.forms:
        got = form_figures(form, pages[form.page - 1].fills, len(result.tables))
        if got is not None:
            result.tables.append(got[0])
            result.figures.extend(got[1])


def _headed(
    draft: Draft,
    region: Region,
    page: Page,
    first: bool,
    lines_by_page: Sequence[Sequence[Line]],
    result: TablesResult,
) -> Draft:
    """The draft under the header printed apart from it, if any: at the foot of the page
    before, for the rows opening a page headless; above a headless grid, outside its
    rules, on its own page."""
    lines = lines_by_page[page.number - 1]
    if first and _headless_or_opening(draft, region, page, lines, result.used_lines):
        return _with_orphan_header(draft, region, page, lines_by_page[page.number - 2], result)
    if region.ruled and not any(b.header for b in draft.bands):
        over = [ln for ln in lines if ln.bbox.bottom <= region.bbox.top + 1]
        return _with_orphan_header(draft, region, page, over, result)
    return draft


def _headless_or_opening(
    draft: Draft, region: Region, page: Page, lines: Sequence[Line], taken: set[int]
) -> bool:
    """Rows opening a page with no header, or a table opening its page (whose header's
    top rows may close the page before)."""
    return page.number > 1 and (
        not any(b.header for b in draft.bands) or _opens_page(region, lines, taken)
    )


def _with_orphan_header(
    draft: Draft,
    region: Region,
    page: Page,
    prev: Sequence[Line],
    result: TablesResult,
) -> Draft:
    """Rows that open a page with no header take the header orphaned at the foot of the
    page before (``prev``, its lines), when its lines stand over their columns; so does a
    grid whose header row is printed above it, outside its rules, from the lines above
    it (a grants list heads its columns once, over blocks each boxed apart)."""
    same_page = bool(prev) and prev[0].page == page.number
    header, above = orphan_header(prev, result.used_lines, draft.bands, 2.5 if same_page else 1.2)
    # A header's top rows (a year spanning its columns) may close the page before while
    # its last rows open this one; a header repeated over no rows heads nothing new.
    printed = " ".join(
        [
            draft.stub_header,
            *(header_text(b) for b in draft.bands),
            *(" ".join(c.header) for c in draft.text_cols),
        ]
    )
    if not header or (
        printed.strip()
        and (
            all(s.text in printed for ln in header for s in ln.segments)
            or any(len(s.words) > 5 for ln in header for s in ln.segments)
        )
    ):
        return draft
    headed = draft_from_region(with_header(region, header), page.fills, page.rules)
    if headed is None or not any(b.header for b in headed.bands):
        return draft
    if len(headed.bands) != len(draft.bands) and any(b.header for b in draft.bands):
        return draft
    result.used_lines.update(id(ln) for ln in header)
    headed.carried_heading = above
    return headed


def _heading(
    draft: Draft, lines_by_page: Sequence[Sequence[Line]], taken: set[int]
) -> tuple[list[Line], list[Line]]:
    """The lines that head a table, for its unit and for its period: just above it, or
    closing the page before when the table opens its page with nothing above it."""
    if draft.carried_heading:
        return draft.carried_heading, draft.carried_heading[:3]
    box = draft.bbox_by_page.get(draft.page, draft.bbox)
    lines = lines_by_page[draft.page - 1]
    near = heading_lines(lines, box, taken)
    period = heading_lines(lines, box, taken, reach=60.0)[:3]
    # Opening its page: nothing above it but its own lead-in ("The table below sets
    # out …"), whose caption may close the page before; no table stands above it. A
    # table captioned on its own page ("Table 2: …") is not headed by the page before's
    # last lines (the note under the table there: "Note: figures are £m").
    above = [ln for ln in lines if ln.bbox.bottom <= box.top + 1]
    opens_page = (
        draft.page > 1
        and not draft.caption
        and all(any(ln is x for x in near) for ln in above if id(ln) not in taken)
        and not any(id(ln) in taken for ln in above)
    )
    if not opens_page:
        return near, period
    # A header printed at the foot of the page before, over no rows, repeats this one's.
    heads = " ".join([draft.stub_header, *(header_text(b) for b in draft.bands)])
    before = [
        ln
        for ln in closing_lines(lines_by_page[draft.page - 2], taken)[:8]
        if not all(s.text in heads for s in ln.segments)
    ][:4]
    return [*near, *before], [*period, *before][:3]


def _notes_and_headings(
    drafts: Sequence[Draft], lines_by_page: Sequence[Sequence[Line]], taken: set[int]
) -> tuple[list[Line | None], list[tuple[list[Line], list[Line]]]]:
    """Each table's unit note right under it, and its heading lines: a note under a table
    is that table's, no heading of the next one's."""
    notes = [_note_below(draft, lines_by_page, taken) for draft in drafts]
    noted = taken | {id(n) for n in notes if n is not None}
    return notes, [_heading(draft, lines_by_page, noted) for draft in drafts]


def _note_below(
    draft: Draft, lines_by_page: Sequence[Sequence[Line]], taken: set[int]
) -> Line | None:
    """A unit noted under the table's last row (a total joined to it may stand below its
    rules) on its last page."""
    box = draft.bbox_by_page.get(draft.last_page, draft.bbox)
    foot = max([b.line.bbox.bottom for b in draft.body if b.page == draft.last_page], default=0)
    box = dataclasses.replace(box, bottom=max(box.bottom, foot))
    return note_below(lines_by_page[draft.last_page - 1], box, taken)


def _parent_period(
    draft: Draft, heading: Sequence[Line], lines_by_page: Sequence[Sequence[Line]]
) -> tuple[int, int] | None:
    """The period of the numbered item a table's sub-item belongs to (context)."""
    box = draft.bbox_by_page.get(draft.page, draft.bbox)
    opening = [*draft.caption, *(ln.text for ln in heading[:1])]
    return parent_item_period(opening, lines_by_page[draft.page - 1], box.top)


def _unit_line(heading: Sequence[Line]) -> list[Line]:
    """The heading line a table's unit is read from (see context.heading_unit)."""
    return next(([ln] for ln in heading if unit_statement(ln.text) is not None), [])


def _page_units(draft: Draft, page_units: Sequence[set[Decimal]]) -> set[Decimal]:
    """The units its page states outside tables; for a table carried over pages whose first
    states none, its last page's (a note under its end: "Note: figures are £ million")."""
    return page_units[draft.page - 1] or page_units[draft.last_page - 1]


def _outside(
    unit_lines: Sequence[Line],
    period_lines: Sequence[Line],
    page_units: set[Decimal],
    report: Decimal | None,
    paper_end: int | None = None,
    note: Line | None = None,
) -> Outside:
    """Unit and period stated around a table: its heading, else a note right under it,
    else its page, else the paper."""
    unit, source = heading_unit(unit_lines), "heading"
    if unit is None and note is not None:
        unit, source = unit_statement(note.text), "note below"
    if unit is None:
        unit, source = one_unit(page_units), "page"
    if unit is None:
        unit, source = report, "report"
    period = heading_period(period_lines)
    return Outside(
        unit=unit,
        unit_source=source if unit is not None else None,
        period=period,
        period_source="heading" if period is not None else None,
        year_end=next(
            (e for ln in [*unit_lines, *period_lines] if (e := march_year_end(ln.text))),
            paper_end,
        ),
    )


def unit_of_table_above(draft: Draft, before: Sequence[Draft]) -> Decimal | None:
    """A table set close under another on its page, each of its value columns under one
    of that table's, all of which state one unit ("2018 £" over the income and
    expenditure account, then its reserve movements, headed "Balance April 2017" and no
    unit): printed in the same grid, in the same unit. A table stating its own unit, or
    with a column under none of the table above's, takes nothing from it."""
    if table_unit(draft) is not None or any(b.unit for b in draft.bands):
        return None

    def bottom(d: Draft) -> float:  # a table joined to the rows below it keeps its first box
        return max((b.line.bbox.bottom for b in d.body if b.page == draft.page), default=-1.0)

    above = [d for d in before if d.last_page == draft.page and bottom(d) <= draft.bbox.top + 2]
    if not above:
        return None
    up = max(above, key=bottom)
    if draft.bbox.top - bottom(up) > 3 * 12.0:
        return None
    theirs = [b for b in up.bands if b.kind == "num"]
    units: set[Decimal | None] = set()
    for b in (b for b in draft.bands if b.kind == "num"):
        under = [t for t in theirs if min(b.x1, t.x1) - max(b.x0, t.x0) > 0.5 * (b.x1 - b.x0)]
        if len(under) != 1:
            return None
        units.add(under[0].unit)
    return units.pop() if len(units) == 1 else None


def _kind(draft: Draft, figures: Sequence[Figure]) -> tuple[str, list[str]]:
    """Money or not, from what the table states, and what a person should check.

    A table with a unit stated for its figures is money; one with none, whose
    headers and caption name no money either, holds counts or indicators. A nought
    is read in any unit, so it is no sign of money ("0" families reached).
    """
    if not figures:
        return "other", []  # only percentages, counts or ratios
    missing = sum(1 for f in figures if f.amount_gbp is None)
    if any(f.amount_gbp is not None and f.unit_source != "nil" for f in figures):
        review = [f"no unit stated for {missing} of {len(figures)} figures"] if missing else []
        return "money", review
    words = " ".join([*draft.caption, draft.stub_header, *(header_text(b) for b in draft.bands)])
    if names_money(words) and not _numbering(figures):
        return "money", ["no unit stated: amounts left empty"]
    if _pounds_and_pence(figures) and not _OTHER_MEASURE_RE.search(words):
        return "money", ["no unit stated, figures printed to the penny: amounts left empty"]
    return "other", []


#: headers that name a measure other than money, printed to two decimals as pence are
_OTHER_MEASURE_RE = re.compile(
    r"%|\b(?:per\s*cent|percent(?:age)?|rate|ratio|index|score|hours?|miles|km|kg|tonnes?"
    r"|metres?|litres?|kwh|mwh|days|weeks|years|average|mean)\b",
    re.IGNORECASE,
)


#: a figure printed with two decimals, as pounds and pence are ("1,344.00", "(28.50)")
_PENCE_RE = re.compile(r"^[-−(]?[\d,]+\.\d\d\)?$")


def _pounds_and_pence(figures: Sequence[Figure]) -> bool:
    """A column of three or more figures every one printed to the penny, some in hundreds
    (an expenditure list exported with no £ anywhere): money whose unit is not stated, so
    flagged for a person rather than passed over as counts. Rates and ratios are printed
    to two decimals too, but stay under 100 or are headed as such."""
    by_column: dict[str, list[str]] = {}
    for f in figures:
        by_column.setdefault(f.column_label, []).append(f.printed.strip())
    return any(
        len(printed) >= 3
        and all(_PENCE_RE.match(p) for p in printed)
        and max(Decimal(re.sub(r"[^\d.]", "", p)) for p in printed) >= 100
        for printed in by_column.values()
    )


def _numbering(figures: Sequence[Figure]) -> bool:
    """Every column counts up in whole numbers (1, 2, 3 … or page numbers): a contents
    list or numbered sections, with no unit, whatever money its caption names."""
    by_column: dict[str, list[str]] = {}
    for f in figures:
        by_column.setdefault(f.column_label, []).append(f.printed.strip())
    for printed in by_column.values():
        if len(printed) < 3 or not all(p.isdigit() and len(p) <= 3 for p in printed):
            return False
        values = [int(p) for p in printed]
        if any(b < a for a, b in itertools.pairwise(values)):
            return False
    return bool(by_column)


def _common_unit(figures: Sequence[Figure]) -> Decimal | None:
    """The one unit every figure with a stated unit is printed in (units in each cell or
    column that agree); None when they differ or none is stated."""
    units = {f.unit for f in figures if f.unit_source not in (None, "nil")}
    return units.pop() if len(units) == 1 else None


def _table_unit_source(figures: Sequence[Figure]) -> str | None:
    sources = Counter(f.unit_source for f in figures if f.unit_source)
    return sources.most_common(1)[0][0] if sources else None


def _opens_page(region: Region, lines: Sequence[Line], taken: set[int]) -> bool:
    """Nothing but a running head stands above the region on its page."""
    above = [ln for ln in lines if ln.bbox.bottom <= region.bbox.top + 1 and id(ln) not in taken]
    return len(above) <= 1 and not any(is_data_line(ln) for ln in above)


def _inside(line: Line, region: Region) -> bool:
    return any(line is ln for ln in region.lines) or region.bbox.contains_point(
        line.bbox.xc, line.bbox.yc, tol=1
    )


def _continues_below(a: Draft, b: Draft) -> bool:
    """A header-less block of rows right under a table on the same page is more of it
    (its rules or spacing split it from the part above), unless a sentence of its own
    introduces it ("109.2 Reserves. It was RESOLVED to adjust reserves as follows:")."""
    if b.page != a.last_page or any(x.header for x in b.bands):
        return False
    if any(introduces_text(c) for c in b.caption):
        return False
    above = a.bbox_by_page.get(b.page)
    na = [x for x in a.bands if x.kind == "num"]
    nb = [x for x in b.bands if x.kind == "num"]
    if above is None or len(na) != len(nb):
        return False
    pairs = list(zip(na, nb, strict=True))
    # Columns boxed at the very same places (a form's sections, its totals between them
    # read apart), or figures set right to the very point (a spreadsheet's cells, a
    # message box between the rows), carry the table on further down than columns
    # merely aligned right.
    same = len(pairs) >= 2 and (
        all(abs(x.x0 - y.x0) < 3 and abs(x.x1 - y.x1) < 3 for x, y in pairs)
        or all(abs(x.x1 - y.x1) < 1 for x, y in pairs)
    )
    if b.bbox.top - above.bottom > (120 if same else 40):
        return False
    return all(abs(x.x1 - y.x1) < 12 for x, y in pairs)


def _join_or_add(drafts: list[Draft], draft: Draft) -> None:
    """Join a draft to the table before it where it carries that table on (over a page,
    under its repeated header, a few rows under its header), else start a table."""
    if not drafts or _another_period(drafts[-1], draft):
        drafts.append(draft)
    elif (
        (_is_first_on_page(draft, drafts) and compatible(drafts[-1], draft))
        or _continues_below(drafts[-1], draft)
        or _repeats_header(drafts[-1], draft)
    ):
        merge(drafts[-1], draft)
    elif (few := _few_rows_under_its_header(drafts[-1], draft)) is not None:
        merge(drafts[-1], draft, few)
    else:
        drafts.append(draft)


def _another_period(a: Draft, b: Draft) -> bool:
    """A page titled as the table before it but for another month or year ("Invoices over
    £25k April 2014", then "… May 2014"; the threshold may change with it, "£30k") starts
    the series' next table, however alike their columns: joined, the second would take
    the first's period. A title set inside the grid reads on into the header words, so
    one title need only begin the other; a title that is only a year names the next
    table by itself."""

    def title(d: Draft) -> str:
        return " ".join(d.caption) or d.stub_header

    def plain(text: str) -> str:
        return re.sub(r"£?\d[\d,.]*\s*[km]?\b", "#", without_periods(text).lower()).strip()

    ta, tb = title(a), title(b)
    first_a, first_b = stated_periods(ta)[:1], stated_periods(tb)[:1]
    if not first_a or not first_b or first_a == first_b:
        return False  # no period, or the same ("… 2024-25 (continued)"): the same table
    pa, pb = plain(ta), plain(tb)
    if not pb.strip(" -:()#"):
        return True  # a heading that is only another year ("2011-2012" under "2010-2011")
    return len(min(pa, pb, key=len)) >= 12 and (pa.startswith(pb) or pb.startswith(pa))


def _repeats_header(a: Draft, b: Draft) -> bool:
    """A table that starts again under the very same column headers, with no caption of
    its own, right after the last one on the page (a text export of a two-page table).
    A table titled otherwise in its stub ("Median Hourly rate" after "Average Hourly
    rate", both over 2021 | 2022 | 2023) is another, and so is one in another column of
    the page."""
    if b.page != a.last_page or b.caption:
        return False
    stubs = a.stub_header.strip(), b.stub_header.strip()
    if all(stubs) and stubs[0] != stubs[1]:
        return False
    above = a.bbox_by_page.get(b.page)
    if above is not None and above.x_overlap(b.bbox) <= 0:
        return False
    ha = [header_text(x) for x in a.bands]
    hb = [header_text(x) for x in b.bands]
    return any(hb) and ha == hb


def _few_rows_under_its_header(a: Draft, b: Draft) -> dict[int, int] | None:
    """A row or two carried onto the next page, under the table's header printed again
    or under none: so few figures cannot fix the columns (empty rating and percentage
    columns fold into the one beside them, or show no figure at all), but they end
    where the table's columns end. Rows under no header at all are carried over however
    many they are, when a column of the table is empty on the new page (a limits table's
    sector column). The mapping of b's columns onto a's, or None when b is another table."""
    if b.page != a.last_page + 1 or b.caption:
        return None
    headless = not b.stub_header.strip() and not any(header_text(x) for x in b.bands)
    if not headless and sum(1 for bl in b.body if bl.cells) > 2:
        return None
    # Header words over b's figures may be those of a's text columns ("Lead Officer"):
    # one row cannot tell a column of names from one of figures.
    words_a = set(
        " ".join([a.stub_header, *(header_text(x) for x in [*a.bands, *a.text_cols])]).split()
    )
    words_b = set(" ".join([b.stub_header, *(header_text(x) for x in b.bands)]).split())
    if not words_b <= words_a:
        return None
    return aligned_columns(a, b)


def _just_below(draft: Draft, drafts: Sequence[Draft]) -> bool:
    """The draft stands a few lines under the last table, on its last page."""
    if not drafts or drafts[-1].last_page != draft.page:
        return False
    above = drafts[-1].bbox_by_page.get(draft.page)
    return above is not None and 0 <= draft.bbox.top - above.bottom <= 40


def _opens_after(draft: Draft, drafts: Sequence[Draft]) -> bool:
    """The draft opens the page after the last table's last page (drafts are in page
    order, so no table stands above it on its page)."""
    return bool(drafts) and drafts[-1].last_page == draft.page - 1


def _lone_into(draft: Draft, drafts: Sequence[Draft]) -> tuple[Draft | None, dict[int, int] | None]:
    """The table a lone total closes, and its columns there: the last table, or a part
    of the same table on the pages before it (its text columns under the same headers)
    whose columns it fills, when the last part shows fewer (a page whose rows leave a
    column empty prints no figure to make it)."""
    last = drafts[-1]
    heads = [c.header for c in last.text_cols]
    page = last.page
    for d in reversed(drafts):
        if d is not last and ([c.header for c in d.text_cols] != heads or d.last_page < page - 1):
            break
        mapping = aligned_columns(d, draft)
        if mapping is not None:
            return d, mapping
        page = d.page
    return None, None


def _is_first_on_page(draft: Draft, drafts: Sequence[Draft]) -> bool:
    return not any(d.page == draft.page for d in drafts[:-1]) and drafts[-1].last_page < draft.page
