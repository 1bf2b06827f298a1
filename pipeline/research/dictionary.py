"""The data dictionary (docs/data-dictionary.md), generated from the schema so it cannot drift."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.load import ensure_schema
from pipeline.research.export import public_views
from pipeline.research.taxonomy import CATEGORIES
from pipeline.research.views import install

#: The order views appear in the data dictionary; any other view follows by name.
VIEW_ORDER = (
    "documents",
    "savings",
    "tables",
    "checks",
    "mentions",
    "claims",
    "paragraphs",
    "savings_research",
    "savings_by_category",
    "rag_mix",
    "planned_vs_delivered",
    "scheme_history",
    "claims_research",
    "savings_per_head",
    "savings_real",
    "reference_population",
    "reference_deflators",
    "taxonomy",
)

VIEW_DOCS: dict[str, str] = {
    "documents": "One row per paper given to `pipeline ingest`, including failed and duplicate "
    "ones.",
    "savings": "Every figure of every money table (savings, budget, monitoring, capital, "
    "funding), with its row, column, fiscal years, unit and RAG rating, as printed (sign "
    "included), and where its unit and period were stated.",
    "tables": "One row per table found, with a short parsing report, its kind (money or "
    "other), where its unit was stated, and why it needs review.",
    "table_figures": "Every figure of every table, money or not (`table_kind`): counts, "
    "percentages and indicators stay here and never reach `savings`.",
    "checks": "Reconciliations: the rows a printed total covers, added up and compared with it.",
    "mentions": "Tagged spans of the narrative: money, fiscal years, partners, RAG words, "
    "percentages.",
    "claims": "Money mentions read as statements: what kind of money, for when, about what.",
    "paragraphs": "The narrative text, block by block, in reading order.",
    "savings_research": "`savings` plus the fiscal-year label, the scheme category and the rule "
    "that set it, and `saving_gbp`: the amount with savings positive whatever the paper's "
    "convention.",
    "savings_by_category": "Detail rows summed by authority × fiscal year × category × measure. "
    "When several papers of one authority report the same fiscal year and measure, only the "
    "latest paper counts, so nothing is added twice.",
    "rag_mix": "Schemes by RAG rating in each paper (tables with a RAG column only): counts, "
    "shares, and the planned savings they carry.",
    "planned_vs_delivered": "Per scheme row and period: the planned figure against the revised, "
    "forecast or achieved figure for the same fiscal years, where a paper prints both.",
    "scheme_history": "Each scheme (row label, normalised) followed across the successive papers "
    "of one authority.",
    "claims_research": "`claims` plus the fiscal-year label and the scheme category: the heading "
    "a claim sits under (often the scheme's name) counts as its row label, its sentence as "
    "the section.",
    "taxonomy": "The taxonomy rules in the order they are tried (from the taxonomy CSV).",
    "savings_per_head": "`savings_by_category` per resident: saving_gbp ÷ the ONS mid-year "
    "population estimate of the authority (joined by GSS code) for the mid-year inside the "
    "fiscal year (mid-2019 for 2019/20). Derived, not printed: the reciprocal of the "
    "population is worked out exactly (Python Decimal, 18 places) and the result kept to a "
    "millionth of a pound; round to pence only for display. NULL with `per_head_note` when "
    "there is no population (a span of years, a year or council the shipped estimates do not "
    "cover, a council created or abolished).",
    "savings_real": "`savings_by_category` in real terms at the prices of `base_year` (the "
    "latest outturn year of the shipped HM Treasury GDP deflators): saving_gbp × deflator(base) "
    "÷ deflator(year). Derived, not printed: the factor is worked out exactly (Python Decimal, "
    "18 places) and the result kept to a millionth of a pound; round to pence only for "
    "display. NULL with `real_note` when there is no deflator (a span of years, a year outside "
    "the series). `pipeline trends --real-terms --prices YEAR` uses other base years.",
    "reference_population": "The shipped ONS mid-year population estimates "
    "(`pipeline/data/population.csv`: source, publisher, release dates and coverage in its "
    "header lines), one row per council and mid-year.",
    "reference_deflators": "The shipped HM Treasury GDP deflators at market prices by "
    "financial year, 2024-25 = 100 (`pipeline/data/deflators.csv`: source, release and "
    "coverage in its header lines).",
}

_COLUMN_DOCS: dict[str, str] = {
    "document_id": "First 16 hex digits of the paper's SHA-256; joins every view.",
    "source_file": "The paper's path as given to `pipeline ingest`.",
    "sha256": "SHA-256 of the paper's bytes.",
    "authority": "Council that wrote the paper (found in its text or file name, or given).",
    "authority_code": "ONS GSS code of the authority (E09000012 …).",
    "authority_source": "'folder' when the paper names no council and the other papers of its "
    "folder all name this one; null when the paper, its file name or --authority named it.",
    "title": "The paper's title: the first headings of page 1.",
    "first_fy": "Fiscal year, as the calendar year it starts in (2019 means 2019/20).",
    "last_fy": "Last fiscal year covered (same as first_fy for one year).",
    "pages": "Number of pages.",
    "status": "ok, partial (read, but something was lost: see warnings), failed or duplicate.",
    "warnings": "What was lost or uncertain reading the paper (damaged pages, encoding).",
    "error": "Why the paper failed, or which paper it duplicates.",
    "ingested_at": "When the paper was loaded (UTC).",
    "source_url": "Where the paper was downloaded from (manifest).",
    "duplicate_of": "For a second copy of a paper: the document_id of the copy loaded.",
    "page": "Page number, from 1.",
    "table_index": "The table's position among the paper's tables, from 0.",
    "section": "The section heading row above this row inside the table.",
    "row_label": "The row's label as printed: the scheme or line.",
    "rag": "RAG rating: Red, Amber, Green, Blue (delivered) or a compound like Amber/Green.",
    "column_label": "The column header as printed, with any spanning header above it.",
    "measure": "What the column measures: approved, proposed, planned, target, saving, revised, "
    "forecast, achieved, change, variance, shortfall, cost, budget, income, spend (null: not "
    "said).",
    "amount_gbp": "Exact amount in pounds, sign as printed.",
    "is_total": "True for a total or subtotal row.",
    "ref": "Reference printed in its own column before the row label (ASC01, 12).",
    "attributes": "JSON object: the row's other text columns under their headers (service "
    "area, directorate, lead, description).",
    "unit_source": "Where the unit was printed: cell, header, units row, spanning header, restated "
    "header (a header row repeated partway down the table), "
    "column cell (the column's first figure, as an accounting format prints '£m 105.86'), "
    "row label, caption, heading, table above (a table set in the same columns close under "
    "one that states its unit), page or report; nil for a nil figure; null when nowhere "
    "(amount_gbp is then null).",
    "period_source": "Where the period came from: column, column (year ending 31 March) "
    "('2018' under 'for the year ended 31 March 2018' is 2017-18), caption, heading or paper; "
    "or 'none: …' with the reason there is none.",
    "table_kind": "money (feeds savings) or other (counts, percentages, indicators).",
    "kind": "money (feeds savings) or other (counts, percentages, indicators).",
    "unit_stated": "True when the table's unit is printed somewhere (see unit_source).",
    "needs_review": "True when a person should check the table (see review).",
    "review": "Why: no unit stated, totals that do not add up.",
    "text_columns": "Headers of the table's text columns other than the label.",
    "footnote": "Footnote marker printed with the figure.",
    "x0": "Left edge of the box, in PDF points.",
    "top": "Top edge of the box, in PDF points from the top of the page.",
    "x1": "Right edge of the box, in PDF points.",
    "bottom": "Bottom edge of the box, in PDF points from the top of the page.",
    "row_index": "The row's position in its table, from 0.",
    "printed": "The figure's text as printed.",
    "printed_unit": "Multiplier the figure was printed in (1000 for £000s).",
    "last_page": "Last page the table runs onto.",
    "caption": "Text printed above the table as its title.",
    "strategy": "How the table was found: ruled, rows-ruled, whitespace or text.",
    "columns": "Column headers in order.",
    "unit": "Multiplier the table's figures are printed in (1000 for £000s).",
    "n_rows": "Rows in the table.",
    "n_figures": "Figures read from the table.",
    "sign_rule": "Why the table's sign is what it is, in words (see `decide_sign`).",
    "sign": "+1, or -1 where the paper prints savings negative; saving_gbp = amount_gbp × sign.",
    "expected": "Sum of the rows the total covers.",
    "difference": "Printed total minus the sum.",
    "ok": "True when the total adds up (within rounding of the printed unit), false when it "
    "does not, null when no rows above add up to it in any column (a derived row).",
    "covers": "Which rows the total covers.",
    "label": "MONEY, FISCAL_YEAR, PARTNER, RAG or PERCENT.",
    "text": "The span as printed.",
    "canonical": "Normal form: the partner's standard name, the RAG rating …",
    "sentence": "The sentence the span is in.",
    "percent": "The percentage, for PERCENT spans.",
    "block_order": "Position of the paragraph in the paper; joins `paragraphs`.",
    "subject": "The heading the sentence sits under.",
    "fiscal_year": "Fiscal years as a label: 2019/20, or 2018/19-2019/20 for a span.",
    "paper_first_fy": "Fiscal year the paper is for (documents.first_fy).",
    "paper_year": "Fiscal year the paper is for, as a label (2019/20).",
    "category": "Scheme category from the taxonomy; 'other' when no rule matched.",
    "category_rule": "The taxonomy rule that set the category (priority: field ~ /pattern/); "
    "null when none matched.",
    "saving_gbp": "Amount in pounds with savings positive (amount_gbp × sign); costs and "
    "investment come out negative.",
    "schemes": "Number of scheme rows.",
    "figures": "Number of figures added up.",
    "papers": "Number of papers the rows come from.",
    "scheme_key": "The row label's letters and digits, lower-cased, without anything in "
    "parentheses ('Home-care re-tender (phase 2)' → 'homecareretender'): the key that follows "
    "a scheme across papers.",
    "planned_gbp": "The planned saving (first approved, planned, target, proposed or saving "
    "column), savings positive.",
    "planned_column": "Column the planned figure comes from.",
    "revised_gbp": "Revised saving for the same years, savings positive.",
    "revised_column": "Column the revised figure comes from.",
    "forecast_gbp": "Forecast saving for the same years, savings positive.",
    "forecast_column": "Column the forecast figure comes from.",
    "achieved_gbp": "Achieved (delivered) saving for the same years, savings positive.",
    "achieved_column": "Column the achieved figure comes from.",
    "delivered_gbp": "Achieved, else forecast, else revised saving.",
    "delivered_basis": "Which of achieved, forecast or revised delivered_gbp is.",
    "gap_gbp": "planned_gbp − delivered_gbp: the saving not (or not yet) delivered.",
    "delivered_share": "delivered_gbp ÷ planned_gbp.",
    "share_of_rated": "This rating's share of the paper's rated schemes.",
    "share_of_planned": "This rating's share of the planned savings of the paper's rated schemes.",
    "ord": "Position in which the rule is tried (by priority, then line).",
    "priority": "Lower numbers are tried first.",
    "pattern": "Regular expression (RE2 syntax), matched case-insensitively.",
    "applies_to": "What the pattern is matched against: row_label, section or any.",
    "rule": "The rule as shown in category_rule.",
    "note": "Free text from the taxonomy file.",
    "population_year": "The ONS mid-year estimate used (2019 means mid-2019, for 2019/20).",
    "population": "ONS mid-year population estimate, all ages, of the authority.",
    "saving_per_head_gbp": "saving_gbp ÷ population, pounds per resident (derived; 6 "
    "decimal places, round to pence on display); NULL when there is no population.",
    "per_head_note": "Why saving_per_head_gbp is NULL (no population for this authority and "
    "year, a span of years, no GSS code); NULL when it is set.",
    "population_release": "The ONS release the population comes from.",
    "release": "The ONS release the estimate comes from (and the code vintage it uses).",
    "mid_year": "The estimate's reference date, 30 June of this year.",
    "gdp_deflator": "HM Treasury GDP deflator at market prices for the fiscal year "
    "(2024-25 = 100).",
    "is_forecast": "True for years after the latest outturn: OBR forecasts.",
    "deflator_is_forecast": "True when the year's deflator is an OBR forecast, not outturn.",
    "base_year": "The fiscal year whose prices real_gbp is in.",
    "price_factor": "deflator(base_year) ÷ deflator(fiscal year), exact to 18 places.",
    "real_gbp": "saving_gbp × price_factor: the saving at base_year prices (derived; 6 "
    "decimal places, round to pence on display); NULL when there is no deflator.",
    "real_note": "Why real_gbp is NULL (a span of years, a year outside the deflator "
    "series); NULL when it is set.",
}

_VIEW_COLUMN_DOCS: dict[tuple[str, str], str] = {
    ("documents", "first_fy"): "Fiscal year the paper is for, as the calendar year it starts "
    "in (2019 means 2019/20).",
    ("checks", "printed"): "The printed total.",
    ("checks", "row_label"): "Label of the total row.",
    ("checks", "column_label"): "Column of the total.",
    ("claims", "kind"): "saving, cost, budget, spend, pressure, gap, funding, income or other.",
    ("claims", "text"): "The money as printed.",
    ("claims", "amount_gbp"): "Exact amount in pounds (prose amounts are always positive).",
    ("claims_research", "kind"): "saving, cost, budget, spend, pressure, gap, funding, income "
    "or other.",
    ("claims_research", "text"): "The money as printed.",
    ("claims_research", "amount_gbp"): "Exact amount in pounds (prose amounts are always "
    "positive).",
    ("mentions", "amount_gbp"): "Exact amount in pounds, for MONEY spans; negative only after "
    "a minus sign set against the £ (-£0.8m).",
    ("mentions", "first_fy"): "First fiscal year, for FISCAL_YEAR spans.",
    ("mentions", "last_fy"): "Last fiscal year, for FISCAL_YEAR spans.",
    ("mentions", "label"): "MONEY, FISCAL_YEAR, PARTNER (an organisation), FUND (a funding "
    "programme), RAG or PERCENT.",
    ("mentions", "kind"): "PARTNER: nhs_trust, icb_ccg_pct, nhs_england, local_authority, "
    "government, regulator, voluntary, provider, other, or generic (a type of body).",
    ("mentions", "code"): "PARTNER: ONS GSS code (councils) or NHS ODS code from the "
    "organisation register; NULL when the body has none or is not in the register.",
    ("mentions", "role"): "PARTNER: author for the council that wrote the paper, else partner.",
    ("mentions", "table_index"): "Set when the span was read from a table's text cell.",
    ("mentions", "row_index"): "The row of that text cell, when its row has figures.",
    ("mentions", "figure_table_index"): "MONEY: the table of the figure this sum restates "
    "(same amount and fiscal year).",
    ("mentions", "figure_row_index"): "MONEY: the row of that figure.",
    ("mentions", "figure_column"): "MONEY: the column label of that figure.",
    ("paragraphs", "kind"): "heading, paragraph, list_item, caption, or table_cell (a text "
    "cell of a table of 8 words or more).",
    ("paragraphs", "table_index"): "For a table_cell: the table it stands in.",
    ("paragraphs", "row_index"): "For a table_cell: its row, when the row has figures.",
    ("paragraphs", "text"): "The block's text.",
    ("taxonomy", "category"): "The category the rule gives.",
    ("rag_mix", "rag"): "RAG rating, or 'unrated' for rows without one.",
    ("rag_mix", "planned_gbp"): "Sum of the schemes' planned savings (first approved, planned, "
    "target, proposed or saving column), savings positive.",
    ("savings_by_category", "saving_gbp"): "Sum of saving_gbp over the detail rows (costs and "
    "investment count negative).",
    ("savings_by_category", "document_id"): "The paper the figures come from (the latest for "
    "this authority, fiscal year and measure).",
    ("savings_by_category", "paper_year"): "Fiscal year that paper is for.",
    ("scheme_history", "papers"): "Number of this authority's papers in which the scheme appears.",
    ("reference_deflators", "fiscal_year"): "The financial year as a label (2024/25).",
    ("reference_deflators", "first_fy"): "The financial year, as the calendar year it starts in.",
    ("savings_per_head", "saving_gbp"): "Sum of saving_gbp over the detail rows "
    "(savings_by_category).",
    ("savings_real", "saving_gbp"): "Sum of saving_gbp over the detail rows, at the prices "
    "of the year (savings_by_category).",
}


def column_doc(view: str, column: str) -> str | None:
    return _VIEW_COLUMN_DOCS.get((view, column)) or _COLUMN_DOCS.get(column)


def schema_columns(con: Any) -> dict[str, list[tuple[str, str]]]:
    """Every public view's (column, type), in dictionary order."""
    views = public_views(con)
    rank = {v: i for i, v in enumerate(VIEW_ORDER)}
    views.sort(key=lambda v: (rank.get(v, len(rank)), v))
    out: dict[str, list[tuple[str, str]]] = {}
    for v in views:
        cur = con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'main' and table_name = ? order by ordinal_position",
            [v],
        )
        out[v] = [(str(c), str(t)) for c, t in cur.fetchall()]
    return out


def fresh_schema() -> Any:
    """An in-memory warehouse with the full schema and the shipped taxonomy, for docs."""
    con = duckdb.connect()
    shipped = Path(str(resources.files("pipeline").joinpath("data/taxonomy.csv")))
    ensure_schema(con, [lambda c: install(c, shipped)])
    return con


def undocumented(con: Any | None = None) -> list[str]:
    """view.column pairs the dictionary has no words for."""
    own = con is None
    con = con or fresh_schema()
    try:
        return [
            f"{v}.{c}"
            for v, cols in schema_columns(con).items()
            for c, _t in cols
            if column_doc(v, c) is None
        ] + [f"{v} (view)" for v in schema_columns(con) if v not in VIEW_DOCS]
    finally:
        if own:
            con.close()


def data_dictionary() -> str:
    """docs/data-dictionary.md, generated from the schema so it cannot drift."""
    con = fresh_schema()
    try:
        schema = schema_columns(con)
    finally:
        con.close()
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from the warehouse schema by `pipeline docs`; do not edit by hand. -->",
        "",
        "Every public view of the warehouse and every column, with its DuckDB type. "
        "Money is `DECIMAL(18,2)` pounds, exact. Fiscal years are given by the calendar "
        "year they start in (2019 means 2019/20). Boxes are PDF points, origin top-left.",
        "",
        "| view | what it holds |",
        "| --- | --- |",
    ]
    lines += [f"| [`{v}`](#{v}) | {VIEW_DOCS.get(v, '(undocumented)')} |" for v in schema]
    for v, cols in schema.items():
        lines += [
            "",
            f"## {v}",
            "",
            VIEW_DOCS.get(v, "(undocumented)"),
            "",
            "| column | type | meaning |",
            "| --- | --- | --- |",
        ]
        lines += [f"| `{c}` | {t} | {column_doc(v, c) or '(undocumented)'} |" for c, t in cols]
    lines += [
        "",
        "## Categories",
        "",
        "The shipped taxonomy (`pipeline/data/taxonomy.csv`) puts schemes in these "
        "categories; set `BUDGET_PAPERS_TAXONOMY` to use your own file.",
        "",
    ]
    lines += [f"- {c}" for c in CATEGORIES]
    return "\n".join(lines) + "\n"
