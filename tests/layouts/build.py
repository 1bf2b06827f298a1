"""Build the synthetic layout suite: council-style savings papers with truth files.

``build_suite(out_dir, seed)`` writes <stem>.pdf and <stem>.truth.json for each
paper, the truth in the format of the shared corpus (plus ``totals_right`` and
``layout``, the kinds of layout the paper exercises), so the official scorer
and ``layouts.scoring`` read both alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .render import Layout, draw, lay_out
from .spec import PaperSpec, TableSpec, format_figure, plan_suite

DEFAULT_PAPERS = 54

#: Every kind of layout the suite promises to cover, each in several papers.
REQUIRED_KINDS: frozenset[str] = frozenset(
    {
        "rules_grid",
        "rules_booktabs",
        "rules_every_row",
        "rules_none",
        "header_multiline",
        "header_merged",
        "multipage_header_repeated",
        "multipage_no_header",
        "row_split_across_pages",
        "wrapped_labels_top",
        "wrapped_labels_bottom",
        "group_rows",
        "subtotals",
        "net_savings",
        "totals_wrong",
        "unit_header_row",
        "unit_header_inline",
        "unit_caption",
        "unit_group",
        "unit_cell_pounds",
        "unit_cell_km",
        "negative_minus",
        "negative_parens",
        "negative_unicode",
        "nil_en_dash",
        "nil_hyphen",
        "nil_word",
        "blank_cells",
        "footnote_figure",
        "footnote_label",
        "footnote_superscript",
        "rag_words",
        "rag_letters",
        "rag_compound",
        "rag_fill",
        "rag_words_fill",
        "header_fill_grey",
        "header_fill_dark",
        "landscape",
        "two_tables_one_page",
        "table_beside_text",
        "narrative_after",
        "numbers_centred",
        "font_sans",
        "font_serif",
        "font_vera",
    }
)


@dataclass(frozen=True, slots=True)
class Paper:
    """One built paper: its PDF, its truth (as written to JSON) and what it exercises."""

    pdf: Path
    truth: dict[str, Any]
    kinds: frozenset[str]
    spec: PaperSpec


def build_suite(out_dir: Path, seed: int = 0, n: int = DEFAULT_PAPERS) -> list[Paper]:
    """Write every paper of the suite into ``out_dir``; same seed, same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [build_paper(spec, out_dir) for spec in plan_suite(seed, n)]


def build_paper(spec: PaperSpec, out_dir: Path) -> Paper:
    """Lay out, draw and write the truth of one planned paper."""
    layout = lay_out(spec)
    pdf = out_dir / f"{spec.stem}.pdf"
    draw(spec, layout, pdf)
    kinds = frozenset(static_kinds(spec) | layout.kinds)
    truth = make_truth(spec, layout, kinds)
    (out_dir / f"{spec.stem}.truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return Paper(pdf, truth, kinds, spec)


def _period(spec: TableSpec, col_index: int) -> tuple[int, int] | None:
    col = spec.columns[col_index]
    if col.period is not None:
        return col.period
    if col.caption_year:
        return spec.caption_period
    return None


def _number(d: Decimal) -> float:
    return float(d)


def make_truth(spec: PaperSpec, layout: Layout, kinds: Iterable[str]) -> dict[str, Any]:
    """The truth a careful reader would write down for this paper."""
    savings: list[dict[str, Any]] = []
    for t_index, table in enumerate(spec.tables):
        for r_index, row in enumerate(table.rows):
            if row.kind == "group":
                continue
            page = layout.row_pages[(t_index, r_index)]
            for c_index, cell in enumerate(row.cells):
                if cell is None:
                    continue
                col = table.columns[c_index]
                period = _period(table, c_index)
                savings.append(
                    {
                        "page": page,
                        "section": row.section,
                        "row_label": row.label,
                        "rag": row.rag,
                        "column_label": col.label,
                        "measure": col.measure,
                        "first_fy": period[0] if period else None,
                        "last_fy": period[1] if period else None,
                        "amount_gbp": _number(cell.value * cell.to_pounds),
                        "is_total": row.is_total,
                        "footnote": cell.footnote,
                    }
                )
    money = sorted({m for p in spec.before + spec.after for m in p.money_gbp})
    years = sorted({y for p in spec.before + spec.after for y in p.fiscal_years})
    partners = sorted({x for p in spec.before + spec.after for x in p.partners})
    return {
        "file": f"{spec.stem}.pdf",
        "authority": spec.authority,
        "authority_code": spec.authority_code,
        "printed_unit": int(spec.printed_unit),
        "first_fy": spec.first_fy,
        "pages": len(layout.pages),
        "savings": savings,
        "partners": partners,
        "money_gbp": [_number(m) for m in money],
        "fiscal_years": [list(y) for y in years],
        "totals_right": spec.totals_right,
        "layout": sorted(kinds),
    }


def static_kinds(spec: PaperSpec) -> set[str]:
    """Kinds visible from the plan alone (the layout adds what depends on pagination)."""
    c = spec.choices
    kinds = {f"rules_{c['rules']}", "narrative_before"}
    if c["header"] == "merged" and any(t.columns[0].group for t in spec.tables):
        kinds.add("header_merged")
    if spec.landscape:
        kinds.add("landscape")
    if spec.after:
        kinds.add("narrative_after")
    if not spec.totals_right:
        kinds.add("totals_wrong")
    if c["header_fill"] != "none":
        kinds.add(f"header_fill_{c['header_fill']}")
    if c["align"] == "centre":
        kinds.add("numbers_centred")
    for t in spec.tables:
        look = t.look
        kinds.add(
            {"Helvetica": "font_sans", "Times-Roman": "font_serif"}.get(look.font, "font_vera")
        )
        if t.unit_place == "cell":
            kinds.add(f"unit_cell_{t.numbers.kind}")
        else:
            kinds.add(f"unit_{t.unit_place}")
        if look.rag_style:
            kinds.add(f"rag_{look.rag_style}")
        if t.ref_header:
            kinds.add("ref_column")
        if t.comment_header:
            kinds.add("comment_column")
        if look.banding:
            kinds.add("banding")
        values = [cell for r in t.rows for cell in r.cells if cell is not None]
        if any(v.value < 0 for v in values):
            kinds.add(f"negative_{t.numbers.negative}")
        if any(v.value == 0 for v in values):
            kinds.add(
                {"en_dash": "nil_en_dash", "hyphen": "nil_hyphen", "nil": "nil_word"}.get(
                    t.numbers.nil, "nil_zero"
                )
            )
        if any(cell is None for r in t.rows if r.kind == "item" for cell in r.cells):
            kinds.add("blank_cells")
        if any(r.kind == "group" for r in t.rows):
            kinds.add("group_rows")
        if any(r.kind == "subtotal" for r in t.rows):
            kinds.add("subtotals")
        if c["structure"] == "gross_net":
            kinds.add("net_savings")
        if any("<super>" in r.markup for r in t.rows) or any(
            v.footnote and "<super>" in v.markup for v in values
        ):
            kinds.add("footnote_superscript")
        if any(r.footnote and "<super>" not in r.markup for r in t.rows):
            kinds.add("footnote_label")
        if any(
            "<super>" not in v.markup and v.plain != format_figure(v.value, t.numbers)
            for v in values
        ):
            kinds.add("footnote_figure")
    return kinds
