"""Build test papers the way the judged papers are made: python-docx, then LibreOffice to PDF.

Dev-only (needs python-docx and a LibreOffice `soffice` on the machine; neither is a
runtime dependency). The output is committed under tests/fixtures/docx/, so the test
suite never runs this script. Each paper gets a truth JSON in the same format as
shared/corpus/*.truth.json, computed from the values written into the .docx, with the
page of every row read back from the rendered PDF.

    .venv/bin/python -m tests.docx_papers            # writes tests/fixtures/docx/
    .venv/bin/python -m tests.docx_papers --out DIR --keep-docx

The papers come in three families, one module each: `savings_schedules`,
`budget_papers` and `plans_and_monitoring`; they are built from `paper` (one paper
and its truth), `model` (tables as data), `render` (tables drawn in Word),
`narrative` (the prose around them) and `vocabulary` (scheme names).

Everything is seeded, so a rerun gives the same papers (LibreOffice stamps its own
creation date into each PDF, which is the only difference between runs).
"""
