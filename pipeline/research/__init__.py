"""The research layer: scheme categories, savings made positive, views for common questions.

Papers differ in two ways that make figures hard to compare: each council names
its schemes its own way, and some print savings negative (a reduction in spend)
while most print them positive. This package answers both with data a
researcher can inspect and change, one module per job:

=============  ==============================================================
`taxonomy`     the rules (``data/taxonomy.csv``) that put rows in categories
`backfill`     signs for tables loaded without one (`pipeline.signs` decides)
`views`        the research views (SQL in ``sql/``): install, staleness
`trends`       savings by authority × fiscal year × category, per measure
`filters`      what a trend keeps: filters checked (did-you-mean), exclusions said
`export`       any public view to CSV or Parquet
`charts`       a trend pivoted and drawn as a PNG or SVG
`report`       what came out of one paper, page by page
`images`       a page image with tables and figures outlined, rows listed beside it
`reference`    population and GDP deflators, installed for per-head and real terms
`fair`         --per-head and --real-terms in trends and charts: SQL, notes
`dictionary`   docs/data-dictionary.md, generated from the schema
`frames`       ``pipeline.open``: views and SQL as DataFrames with exact decimals
=============  ==============================================================

Dependencies point one way: this package builds on `pipeline.load` (the
warehouse and its public views) and `pipeline.query`; neither imports it.
The names below are the public API: ``from pipeline.research import X``.
"""

from __future__ import annotations

from pipeline.errors import PipelineError, QueryError
from pipeline.names import did_you_mean
from pipeline.research.backfill import backfill_signs
from pipeline.research.charts import (
    AXES,
    MAX_SERIES,
    ChartData,
    chart_data,
    make_chart,
    render_chart,
)
from pipeline.research.dictionary import (
    VIEW_DOCS,
    VIEW_ORDER,
    column_doc,
    data_dictionary,
    fresh_schema,
    schema_columns,
    undocumented,
)
from pipeline.research.export import export_format, export_view, public_views
from pipeline.research.filters import TrendQuery
from pipeline.research.frames import Warehouse, open_warehouse, to_pandas
from pipeline.research.images import Outline, RowRead, page_outlines, page_rows, render_page
from pipeline.research.report import (
    DocumentReport,
    PageReport,
    RowOnPage,
    TableOnPage,
    document_report,
    find_document,
)
from pipeline.research.taxonomy import (
    APPLIES_TO,
    CATEGORIES,
    TAXONOMY_ENV,
    TaxonomyError,
    TaxonomyRule,
    parse_taxonomy,
    read_taxonomy,
    taxonomy_path,
)
from pipeline.research.trends import (
    TREND_DIMS,
    format_gbp,
    parse_year,
    run_trends,
    trends_sql,
)
from pipeline.research.views import (
    RESEARCH_VERSION,
    RESEARCH_VIEWS,
    ResearchViews,
    ensure_current,
    install,
    is_current,
    view_sql,
)
from pipeline.signs import PLANNED_MEASURES, SAVING_MEASURES, decide_sign, is_cost_row

__all__ = [
    "APPLIES_TO",
    "AXES",
    "CATEGORIES",
    "MAX_SERIES",
    "PLANNED_MEASURES",
    "RESEARCH_VERSION",
    "RESEARCH_VIEWS",
    "SAVING_MEASURES",
    "TAXONOMY_ENV",
    "TREND_DIMS",
    "VIEW_DOCS",
    "VIEW_ORDER",
    "ChartData",
    "DocumentReport",
    "Outline",
    "PageReport",
    "PipelineError",
    "QueryError",
    "ResearchViews",
    "RowOnPage",
    "RowRead",
    "TableOnPage",
    "TaxonomyError",
    "TaxonomyRule",
    "TrendQuery",
    "Warehouse",
    "backfill_signs",
    "chart_data",
    "column_doc",
    "data_dictionary",
    "decide_sign",
    "did_you_mean",
    "document_report",
    "ensure_current",
    "export_format",
    "export_view",
    "find_document",
    "format_gbp",
    "fresh_schema",
    "install",
    "is_cost_row",
    "is_current",
    "make_chart",
    "open_warehouse",
    "page_outlines",
    "page_rows",
    "parse_taxonomy",
    "parse_year",
    "public_views",
    "read_taxonomy",
    "render_chart",
    "render_page",
    "run_trends",
    "schema_columns",
    "taxonomy_path",
    "to_pandas",
    "trends_sql",
    "undocumented",
    "view_sql",
]
