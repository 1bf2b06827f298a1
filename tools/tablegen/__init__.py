"""A second, independent generator of council-style tables, made by the producers councils use.

    .venv/bin/python tools/gen_tables.py --seed N --tables 300 --out DIR [--keep-source]

Every table's layout factors are drawn at random (balanced: each factor's levels are dealt
from a shuffled deck, so a few dozen tables cover every level) and recorded in the truth:

- producer: a spreadsheet (openpyxl .xlsx, cell fills, merged cells, LibreOffice Calc to
  PDF), a Word document (python-docx, LibreOffice Writer to PDF) or an HTML page (headless
  Chromium ``--print-to-pdf``);
- text_cols (1-3) and label_pos (first, after_ref, after_category, between_blocks);
- header_depth (1-4 stacked header rows), spanning_year (a year over several columns);
- unit_where (cell, header, units_row, caption, sentence, report: once, under the paper's
  intro), years_where (column, spanning, caption, undated: years beside columns stating
  none, "Prior Years", "Later Years", "Total Cost"), rules (grid, horizontal, none),
  rag (none, word, letter, colour),
  negatives (minus, brackets, unicode_minus), nil (en_dash, hyphen),
  totals (none, total, subtotals), long (a table over pages, header repeated).

Each PDF gets ``<name>.truth.json`` in the format of shared/corpus/*.truth.json (see
tests/real/ANNOTATING.md) plus ``tables``: one entry per table with its factor levels and
the slice of ``savings`` it owns. The plan (and so the truth, apart from pages, which are
read back from the rendered PDF) depends only on the seed.

Dev-only: needs openpyxl, python-docx, LibreOffice (``soffice``) and Chromium.

The package, one job a module: `vocabulary` (factors and words), `model` (the plan's
records), `plan` with `columns` and `rows` (layout choice, from the seed alone), `cells`
(what each cell prints), `render_xlsx`, `render_docx`, `render_html` (one producer each),
`convert` (to PDF), `truth` (pages read back, truth written) and `generate` (all of it, and
the command line).
"""

from __future__ import annotations

from .generate import generate, main
from .plan import plan
from .vocabulary import FACTORS

__all__ = ["FACTORS", "generate", "main", "plan"]
