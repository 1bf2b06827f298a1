"""Tables stage: find tables on pages, read their columns and rows, emit figures.

A chain of pure steps, each testable alone:
``find_regions`` (where) → ``draft_from_region`` (columns, header) →
``merge`` (across pages) → ``group_rows`` (rows, sections) → ``figures_from_rows``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.models import Figure, Line, Page, Segment, TableInfo
from pipeline.research import decide_sign
from pipeline.tables.regions import Region, find_regions
from pipeline.tables.rows import Row, figures_from_rows, group_rows, table_unit
from pipeline.tables.structure import Draft, compatible, draft_from_region, header_text, merge

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
    result = TablesResult()
    drafts: list[Draft] = []
    for page, lines in zip(pages, lines_by_page, strict=True):
        regions, forms = find_regions(page, lines)
        result.forms.extend(forms)
        for region in regions:
            draft = draft_from_region(region, page.fills)
            if draft is None:
                continue
            result.used_lines.update(id(ln) for ln in lines if _inside(ln, region))
            result.side_text.setdefault(page.number, []).extend(region.side_text)
            if drafts and (
                (_is_first_on_page(draft, drafts) and compatible(drafts[-1], draft))
                or _continues_below(drafts[-1], draft)
            ):
                merge(drafts[-1], draft)
            else:
                drafts.append(draft)
    for index, draft in enumerate(drafts):
        items = group_rows(draft)
        figures = figures_from_rows(items, draft, index)
        sign, sign_rule = decide_sign(figures)
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
                unit=table_unit(draft),
                n_rows=len(rows),
                n_figures=len(figures),
                sign_rule=sign_rule,
                sign=sign,
            )
        )
    return result


def _inside(line: Line, region: Region) -> bool:
    return any(line is ln for ln in region.lines) or region.bbox.contains_point(
        line.bbox.xc, line.bbox.yc, tol=1
    )


def _continues_below(a: Draft, b: Draft) -> bool:
    """A header-less block of rows right under a table on the same page is more of it
    (its rules or spacing split it from the part above)."""
    if b.page != a.last_page or any(x.header for x in b.bands):
        return False
    above = a.bbox_by_page.get(b.page)
    if above is None or b.bbox.top - above.bottom > 40:
        return False
    na = [x for x in a.bands if x.kind == "num"]
    nb = [x for x in b.bands if x.kind == "num"]
    return len(na) == len(nb) and all(abs(x.x1 - y.x1) < 12 for x, y in zip(na, nb, strict=True))


def _is_first_on_page(draft: Draft, drafts: Sequence[Draft]) -> bool:
    return not any(d.page == draft.page for d in drafts[:-1]) and drafts[-1].last_page < draft.page
