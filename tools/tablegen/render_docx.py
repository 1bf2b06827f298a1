"""A paper as a Word document (python-docx), as a committee report's appendix is made: Word
tables with merged header cells, shading and repeated header rows (LibreOffice Writer turns it
into the PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .cells import category_runs, docx_widths, fmt, header_cells, text_of, units_row
from .model import Paper, Table
from .vocabulary import DARK, RAG_FILL


def _para(doc: Any, text: str, *, bold: bool = False, size: float = 10) -> None:
    from docx.shared import Pt

    par = doc.add_paragraph()
    run = par.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _shade(cell: Any, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tcpr.append(shd)


def _borders(table: Any, edges: dict[str, str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        val = edges.get(edge, "nil")
        e.set(qn("w:val"), val)
        if val != "nil":
            e.set(qn("w:sz"), "4")
            e.set(qn("w:color"), "000000")
        b.append(e)
    tblpr.append(b)


def _row_props(row: Any, header: bool) -> None:
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    cs = OxmlElement("w:cantSplit")
    trpr.append(cs)
    if header:
        th = OxmlElement("w:tblHeader")
        trpr.append(th)


def _put(
    cell: Any, text: str, *, bold: bool = False, align: str = "left", color: str | None = None
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    cell.text = ""
    par = cell.paragraphs[0]
    par.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }[align]
    pf = par.paragraph_format
    pf.space_after = Pt(0)
    pf.space_before = Pt(0)
    run = par.add_run(text)
    run.bold = bold
    run.font.size = Pt(8.5)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _new_document(p: Paper) -> tuple[Any, float]:
    """A4 (landscape if the paper is wide), 2 cm margins; returns it and the text width."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    if p.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, m, Cm(2))
    normal = doc.styles["Normal"]
    normal.font.name = p.font
    normal.font.size = Pt(10)
    return doc, (29.7 if p.landscape else 21.0) - 4


def _empty_table(doc: Any, t: Table, nh: int, width_cm: float) -> Any:
    """The Word table with its rules, column widths and row properties, cells still empty."""
    from docx.shared import Cm

    table = doc.add_table(rows=nh + len(t.rows), cols=len(t.cols))
    table.autofit = False
    rules = t.factors["rules"]
    if rules == "grid":
        table.style = doc.styles["Table Grid"]
    elif rules == "horizontal":
        _borders(table, {"top": "single", "bottom": "single", "insideH": "single"})
    else:
        _borders(table, {})
    widths = [Cm(w) for w in docx_widths(t, width_cm)]
    for j, col in enumerate(table.columns):
        col.width = widths[j]
    for i, row in enumerate(table.rows):
        _row_props(row, i < nh and t.factors["long"])
        for j, cell in enumerate(row.cells):
            cell.width = widths[j]
    return table


def _header(table: Any, t: Table, nh: int, ur: list[str] | None) -> None:
    fg = "FFFFFF" if t.header_fill in DARK else None
    for hc in header_cells(t):
        cell = table.cell(hc.row, hc.col)
        if hc.rowspan > 1 or hc.colspan > 1:
            cell = cell.merge(table.cell(hc.row + hc.rowspan - 1, hc.col + hc.colspan - 1))
        align = "center" if t.cols[hc.col].kind == "money" else "left"
        _put(cell, hc.text, bold=True, color=fg, align=align)
    if t.header_fill:
        for i in range(nh):
            for j in range(len(t.cols)):
                _shade(table.cell(i, j), t.header_fill)
    if ur:
        for j, s in enumerate(ur):
            _put(table.cell(t.depth, j), s, bold=True, align="right", color=fg)


def _body(table: Any, t: Table, nh: int) -> None:
    rows = table.rows
    for k, row in enumerate(t.rows):
        bold = row.kind != "data"
        bg = t.total_fill if row.kind in ("total", "subtotal") else None
        cells = rows[nh + k].cells
        for j, c in enumerate(t.cols):
            if c.kind in ("money", "pct"):
                text = fmt(row.values.get(j), t, pct=c.kind == "pct")
                _put(cells[j], text, bold=bold, align="right")
            else:
                align = "center" if c.kind == "rag" else "left"
                _put(cells[j], text_of(t, c, row), bold=bold, align=align)
                if c.kind == "rag" and row.rag and t.factors["rag"] == "colour":
                    _shade(cells[j], RAG_FILL[row.rag])
            if bg:
                _shade(cells[j], bg)
    cat_j = next((j for j, c in enumerate(t.cols) if c.kind == "category"), None)
    if cat_j is not None and t.category_merge:
        for k, e in category_runs(t):
            merged = table.cell(nh + k, cat_j).merge(table.cell(nh + e, cat_j))
            _put(merged, t.rows[k].category)


def render_docx(p: Paper, path: Path) -> None:
    doc, width_cm = _new_document(p)
    _para(doc, p.title, bold=True, size=14)
    _para(doc, p.intro)
    if p.unit_note:
        _para(doc, p.unit_note)
    for t in p.tables:
        if t.factors["long"] and t is not p.tables[0]:
            doc.add_page_break()
        if t.caption:
            _para(doc, t.caption, bold=True, size=11)
        if t.sentence:
            _para(doc, t.sentence)
        ur = units_row(t)
        nh = t.depth + (1 if ur else 0)
        table = _empty_table(doc, t, nh, width_cm)
        _header(table, t, nh, ur)
        _body(table, t, nh)
        doc.add_paragraph()
    doc.save(str(path))
