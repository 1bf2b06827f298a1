"""One paper under construction (its council, narrative and tables) and its truth file."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tests.docx_papers.model import SavingsTable, Writer
from tests.docx_papers.render import fmt_value, put, render_table, set_widths, strip_units

# --------------------------------------------------------------------------- paper


@dataclass
class Council:
    name: str
    code: str
    short: str
    nhs: list[str]  # commissioner first, then providers


class Paper:
    """One council paper under construction, with everything its truth file needs."""

    def __init__(
        self,
        slug: str,
        council: Council,
        year: int,
        seed: int,
        *,
        font: str = "Arial",
        body_size: float = 11,
        margins_cm: float = 2.0,
        fy_sep: str = "/",
        money_style: str = "m",
    ) -> None:
        self.slug = slug
        self.council = council
        self.year = year
        self.rng = random.Random(seed)
        self.w = Writer(fy_sep=fy_sep, money_style=money_style)
        self.doc = Document()
        self.font = font
        self.margins = margins_cm
        self.tables: list[SavingsTable] = []
        self.key_figures: list[dict[str, Any]] = []
        self.column_order: list[str] = []
        self.features: list[str] = [f"font {font}"]
        self.printed_unit: Decimal | None = None
        normal = self.doc.styles["Normal"]
        normal.font.name = font
        normal.font.size = Pt(body_size)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
        normal.paragraph_format.space_after = Pt(8)
        normal.paragraph_format.line_spacing = 1.1
        for style_name in ("List Bullet", "Caption"):
            st = self.doc.styles[style_name]
            st.font.name = font
        self._page_setup(self.doc.sections[0], landscape=False)

    # ---- page layout

    def _page_setup(self, section: Any, landscape: bool) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width = Mm(297) if landscape else Mm(210)
        section.page_height = Mm(210) if landscape else Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(self.margins))

    @property
    def text_width(self) -> float:
        sec = self.doc.sections[-1]
        return round(sec.page_width.cm - 2 * self.margins, 2)

    def landscape(self) -> None:
        self._page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)

    def portrait(self) -> None:
        self._page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def footer(self, text: str) -> None:
        p = self.doc.sections[0].footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size = Pt(8)
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
        self.features.append("page footer")

    # ---- prose

    def title(self, text: str, size: float = 16) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)

    def heading(self, text: str, size: float | None = None) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        run = p.add_run(text)
        run.bold = True
        if size:
            run.font.size = Pt(size)

    def para(self, text: str) -> None:
        self.doc.add_paragraph(text)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            p = self.doc.add_paragraph(item, style="List Bullet")
            p.paragraph_format.space_after = Pt(2)

    def three_columns(self, paragraphs: list[str]) -> None:
        """A continuous section set in three columns, then back to one."""
        self._set_cols(self.doc.add_section(WD_SECTION.CONTINUOUS), 3)
        for text in paragraphs:
            self.doc.add_paragraph(text)
            self.column_order.append(text)
        self._set_cols(self.doc.add_section(WD_SECTION.CONTINUOUS), 1)
        self.features.append("three-column narrative section")

    @staticmethod
    def _set_cols(section: Any, n: int) -> None:
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            section._sectPr.append(cols)
        cols.set(qn("w:num"), str(n))
        cols.set(qn("w:space"), "567")

    # ---- small tables

    def key_figures_table(
        self,
        items: list[tuple[str, int, int | None]],
        per_row: int = 3,
        lead: tuple[str, str] | None = ("Service:", "Adult Social Care"),
        style: str = "m",
    ) -> None:
        """A Hackney-like strip of label/value cells at the top of the paper."""
        cells: list[tuple[str, str]] = [lead] if lead else []
        for label, pounds, fy in items:
            cells.append((f"{label}:", self.w.gbp(pounds, style)))
            self.key_figures.append({"label": label, "first_fy": fy, "amount_gbp": pounds})
        n_rows = -(-len(cells) // per_row)
        table = self.doc.add_table(rows=n_rows, cols=per_row * 2)
        table.style = self.doc.styles["Table Grid"]
        value_w = 2.8 if per_row == 3 else 3.2
        label_w = (self.text_width - per_row * value_w) / per_row
        set_widths(table, [label_w, value_w] * per_row)
        for i, (label, value) in enumerate(cells):
            r, c = divmod(i, per_row)
            put(table.cell(r, 2 * c), label, size=9)
            put(table.cell(r, 2 * c + 1), value, size=9)
        self.doc.add_paragraph()
        self.features.append("key-figures table at top")

    def text_table(self, rows: list[tuple[str, str]]) -> None:
        """Two columns of prose (advice, commentary): a table with no figures in it."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.style = self.doc.styles["Table Grid"]
        set_widths(table, [4.5, self.text_width - 4.5])
        for i, (label, text) in enumerate(rows):
            put(table.cell(i, 0), label, size=10)
            put(table.cell(i, 1), text, size=10)
        self.doc.add_paragraph()
        self.features.append("prose-only table (no figures)")

    # ---- savings tables

    def savings_table(self, t: SavingsTable) -> None:
        self.tables.append(t)
        if self.printed_unit is None:
            self.printed_unit = Decimal(1) if t.look.cell_units else t.look.unit
        if t.caption:
            p = self.doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_after = Pt(4)
            run = p.add_run(t.caption)
            run.bold = True
        render_table(self.doc, t)
        for note in t.footnotes:
            p = self.doc.add_paragraph(note)
            p.paragraph_format.space_after = Pt(2)
            for run in p.runs:
                run.font.size = Pt(9)
        self.doc.add_paragraph()

    # ---- truth

    def truth(self, pdf: Path) -> dict[str, Any]:
        pages = locate_rows(pdf, self.tables)
        savings: list[dict[str, Any]] = []
        rag_counts: Counter[str] = Counter()
        spans: list[tuple[int, int]] = []
        for t in self.tables:
            start = len(savings)
            ncols = t.num_cols
            for row in t.rows:
                if row.kind == "data" and row.rag:
                    rag_counts[row.rag] += 1
                if row.kind == "heading":
                    continue
                for j, v in enumerate(row.values):
                    if v is None:
                        continue
                    col = ncols[j]
                    fy = col.fy
                    savings.append(
                        {
                            "page": row.page,
                            "section": row.section,
                            "row_label": row.label,
                            "rag": row.rag if row.kind == "data" else None,
                            "column_label": col.label
                            or strip_units(f"{col.group or ''} {col.head}".replace("\n", " ")),
                            "measure": col.measure,
                            "first_fy": fy[0] if fy else None,
                            "last_fy": fy[1] if fy else None,
                            "amount_gbp": float(t.pounds(v)),
                            "is_total": row.kind in ("subtotal", "total"),
                            "footnote": row.notes.get(j),
                        }
                    )
            spans.append((start, len(savings)))
        out: dict[str, Any] = {
            "file": pdf.name,
            "authority": self.council.name,
            "authority_code": self.council.code,
            "printed_unit": int(self.printed_unit) if self.printed_unit is not None else None,
            "first_fy": self.year,
            "pages": pages,
            "savings": savings,
            "partners": list(self.w.partners),
            "money_gbp": sorted(self.w.money),
            "fiscal_years": [list(y) for y in sorted(self.w.years)],
            "rag_ratings": dict(sorted(rag_counts.items())),
        }
        if self.key_figures:
            out["key_figures"] = self.key_figures
        if self.column_order:
            out["column_order"] = self.column_order
        out["layout"] = {
            "features": self.features,
            "tables": [
                {
                    "name": t.name,
                    "caption": t.caption,
                    "pages": sorted({r.page for r in t.rows if r.kind != "heading"}),
                    "rows": len([r for r in t.rows if r.kind != "heading"]),
                    "figures": sum(
                        1 for r in t.rows if r.kind != "heading" for v in r.values if v is not None
                    ),
                    "features": t.features,
                    "savings_slice": list(span),
                }
                for t, span in zip(self.tables, spans, strict=True)
            ],
        }
        return out


# --------------------------------------------------------------------------- locating rows


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t]


def locate_rows(pdf: Path, tables: list[SavingsTable]) -> int:
    """Set each row's page from the rendered PDF: its label words, then one of its figures."""
    stream: list[tuple[int, str]] = []
    with pdfplumber.open(pdf) as doc:
        n_pages = len(doc.pages)
        for page in doc.pages:
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
                stream.extend((page.page_number, tok) for tok in _tokens(word["text"]))
    toks = [t for _, t in stream]
    cursor = 0
    for t in tables:
        for row in t.rows:
            want = _tokens(row.label)
            figs = [
                _tokens(fmt_value(v, t.look, None)) for v in row.values if v is not None and v != 0
            ]
            fig = next((f for f in figs if f and f != ["0"]), None)
            found = None
            i = cursor
            while i < len(toks):
                if (
                    toks[i] == want[0]
                    and _subsequence(toks, i, want, 80)
                    and (fig is None or _contains(toks, i, fig, 250))
                ):
                    found = i
                    break
                i += 1
            if found is None:
                raise RuntimeError(f"{pdf.name}: row {row.label!r} not found in the PDF")
            row.page = stream[found][0]
            cursor = found + 1
    return n_pages


def _subsequence(toks: list[str], start: int, want: list[str], window: int) -> bool:
    k = 0
    for tok in toks[start : start + window]:
        if tok == want[k]:
            k += 1
            if k == len(want):
                return True
    return False


def _contains(toks: list[str], start: int, seq: list[str], window: int) -> bool:
    end = min(len(toks), start + window)
    return any(toks[i : i + len(seq)] == seq for i in range(start, end))
