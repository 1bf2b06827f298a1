"""The truth of a rendered paper, in the format of shared/corpus/*.truth.json (see
tests/real/ANNOTATING.md), plus each table's factor levels and the slice of savings it owns.

Everything but pages comes from the plan; each row's page is read back from the PDF by
finding its label's words in order, so the truth says where the producer actually put it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from .model import Paper
from .vocabulary import FACTORS, UNIT_WHERE_NAMES


def _tokens(text: str) -> list[str]:
    return [x for x in re.split(r"[^a-z0-9]+", text.lower()) if x]


def locate_rows(pdf: Path, p: Paper) -> int:
    """Each labelled row's page, read back from the PDF: its label's words, in order."""
    import pdfplumber

    stream: list[tuple[int, str]] = []
    with pdfplumber.open(pdf) as doc:
        n = len(doc.pages)
        for page in doc.pages:
            for w in page.extract_words():
                stream.extend((page.page_number, x) for x in _tokens(w["text"]) if not x.isdigit())
    toks = [x for _, x in stream]
    cursor = 0
    for t in p.tables:
        for row in t.rows:
            want = _tokens(row.label)
            # the label's words in order, each near the last (a wrapped label's second line
            # comes after the rest of the row's first line)
            found = next(
                (
                    i
                    for i in range(cursor, len(toks))
                    if toks[i] == want[0] and _subsequence(toks, i, want, 16)
                ),
                None,
            )
            if found is None:
                found = next(
                    (
                        i
                        for i in range(cursor, len(toks))
                        if toks[i] == want[0] and _subsequence(toks, i, want, 80)
                    ),
                    None,
                )
            if found is None:
                raise RuntimeError(f"{pdf.name}: row {row.label!r} not found")
            row.page = stream[found][0]
            cursor = found + 1
    return n


def _subsequence(toks: list[str], start: int, want: list[str], gap: int) -> bool:
    """Whether ``want`` follows from ``start``, each word within ``gap`` tokens of the last.

    A word a narrow cell broke with no hyphen ("transformatio" over "n", Word's way with a
    word longer than its column) is found as its pieces, in order. A token that merely
    begins the word wanted ("Red", a rating in the row, before "redesign" wrapped under
    it) may be such a piece or not: both are tried."""

    @functools.cache
    def follows(i_from: int, last: int, k: int, rest: str) -> bool:
        if not rest:
            k += 1
            if k == len(want):
                return True
            rest = want[k]
        for i in range(i_from, min(len(toks), last + gap + 1)):
            tok = toks[i]
            # a word's first piece is at least three letters: "of" begins too many words
            whole = tok == rest
            piece = rest.startswith(tok) and (rest != want[k] or len(tok) >= 3)
            if (whole or piece) and follows(i + 1, i, k, rest[len(tok) :]):
                return True
        return False

    return follows(start, start - 1, 0, want[0])


def truth(p: Paper, pages: int) -> dict[str, Any]:
    savings: list[dict[str, Any]] = []
    tables = []
    for ti, t in enumerate(p.tables):
        start = len(savings)
        for row in t.rows:
            if row.kind == "section":
                continue
            for j in t.money:
                v = row.values.get(j)
                if v is None:
                    continue
                c = t.cols[j]
                savings.append(
                    {
                        "page": row.page,
                        "table": ti,
                        "section": row.section,
                        "row_label": row.label,
                        "rag": row.rag if row.kind == "data" else None,
                        "column_label": c.label(),
                        "measure": None,
                        "first_fy": c.first_fy,
                        "last_fy": c.last_fy,
                        "amount_gbp": float(v * t.unit),
                        "is_total": row.kind != "data",
                        "footnote": None,
                    }
                )
        f = t.factors
        features = [f"{k}={f[k]}" for k in FACTORS]
        pages_t = [r.page for r in t.rows if r.page]
        tables.append(
            {
                "page": min(pages_t),
                "last_page": max(pages_t),
                "caption": t.caption,
                "money": True,
                "unit": float(t.unit),
                "unit_where": UNIT_WHERE_NAMES[f["unit_where"]],
                "unit_text": t.unit_text,
                "features": features,
                "factors": dict(f),
                "n_figures": len(savings) - start,
                "savings_slice": [start, len(savings)],
            }
        )
    return {
        "file": f"{p.name}.pdf",
        "authority": p.authority,
        "authority_code": p.code,
        "first_fy": p.first_fy,
        "pages": pages,
        "producer": p.producer,
        "tables": tables,
        "savings": savings,
    }
