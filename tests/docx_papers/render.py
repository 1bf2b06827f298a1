"""Savings tables drawn in Word with python-docx: borders, shading, merged headers, figures."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from tests.docx_papers.model import RAG_LETTER, Look, Row, SavingsTable

# --------------------------------------------------------------------------- docx helpers

_TCPR_ORDER = [
    "tcW",
    "gridSpan",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]


def _insert_ordered(parent: Any, child: Any, order: list[str]) -> None:
    tag = child.tag.split("}")[1]
    later = order[order.index(tag) + 1 :]
    for i, existing in enumerate(parent):
        if existing.tag.split("}")[1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert_ordered(tc_pr, shd, _TCPR_ORDER)


def cell_borders(cell: _Cell, **edges: str) -> None:
    """Per-cell rules, e.g. top="single"; used for accountant-style tables."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        _insert_ordered(tc_pr, borders, _TCPR_ORDER)
    for edge, val in edges.items():
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), "8" if val == "single" else "0")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)


def table_borders(table: Table, **edges: str) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        val = edges.get(edge, "nil")
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    order = [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ]
    _insert_ordered(tbl_pr, borders, order)


def repeat_as_header(table: Table, row_idx: int) -> None:
    tr_pr = table.rows[row_idx]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def put(
    cell: _Cell,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    color: str | None = None,
    italic: bool = False,
) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)


def unique_cells(table: Table, r: int) -> list[_Cell]:
    """The distinct cells of a row: merged cells come back once, not once per grid column."""
    seen: set[int] = set()
    out = []
    for cell in table.rows[r].cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def set_widths(table: Table, widths: list[float]) -> None:
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
        for cell in col.cells:
            cell.width = Cm(w)


def strip_units(text: str) -> str:
    text = re.sub(r"\(?£\s*(?:'?000s?|m|k)?\)?", " ", text)
    return re.sub(r"\s+", " ", text).strip()


VALIGN = {
    "top": WD_ALIGN_VERTICAL.TOP,
    "bottom": WD_ALIGN_VERTICAL.BOTTOM,
    "center": WD_ALIGN_VERTICAL.CENTER,
}
HALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def trim(d: Decimal) -> str:
    s = f"{d.normalize():f}"
    return s


def fmt_value(v: Decimal, look: Look, note: str | None) -> str:
    """The printed form of one figure, exactly as a finance officer would type it."""
    if v == 0:
        text = look.zero
    elif look.cell_units:
        a = abs(v)
        body = f"£{trim(a / 1_000_000)}m" if a >= 1_000_000 else f"£{trim(a / 1000)}k"
        text = body if v > 0 else (f"({body})" if look.neg == "()" else f"{look.neg}{body}")
    else:
        body = f"{abs(v):,.{look.decimals}f}"
        if look.currency:
            body = "£" + body
        if v > 0:
            text = body
        elif look.neg == "()":
            text = f"({body})"
        else:
            text = f"{look.neg}{body}"
    if note:
        text = f"{text} {note}" if look.note_space else f"{text}{note}"
    return text


def render_table(doc: Any, t: SavingsTable) -> None:
    """Write one savings table into the document with the look it asks for."""
    look, cols = t.look, t.cols
    grouped = any(c.group for c in cols)
    n_head = 2 if grouped else 1
    first_body = n_head + (1 if look.units_row else 0)
    table = doc.add_table(rows=first_body + len(t.rows), cols=len(cols))
    if look.borders == "grid":
        table.style = doc.styles["Table Grid"]
    elif look.borders == "horizontal":
        table_borders(table, top="single", bottom="single", insideH="single")
    elif look.borders == "rules":
        table_borders(table, top="single", bottom="single")
    else:
        table_borders(table)
    set_widths(table, [c.width for c in cols])
    _merge_cells(table, t, grouped, first_body)
    _write_header(table, t, grouped, n_head)
    for r_i, row in enumerate(t.rows):
        _write_row(table, t, row, first_body + r_i)
    if look.tidy:
        tidy_cells(table, look.font_size)


def _merge_cells(table: Table, t: SavingsTable, grouped: bool, first_body: int) -> None:
    """Header groups merged across, ungrouped header cells merged down, merged headings."""
    cols = t.cols
    if grouped:
        c = 0
        while c < len(cols):
            g = cols[c].group
            if g is None:
                table.cell(0, c).merge(table.cell(1, c))
                c += 1
                continue
            end = c
            while end + 1 < len(cols) and cols[end + 1].group == g:
                end += 1
            if end > c:
                table.cell(0, c).merge(table.cell(0, end))
            c = end + 1
    for r_i, row in enumerate(t.rows):
        if row.kind == "heading" and t.look.heading_merged:
            table.cell(first_body + r_i, 0).merge(table.cell(first_body + r_i, len(cols) - 1))


def _write_header(table: Table, t: SavingsTable, grouped: bool, n_head: int) -> None:
    """Group and column heads, the units row, and the header's fill, rules and repeat."""
    look, cols, size = t.look, t.cols, t.look.font_size

    def head_cell(r: int, c: int, text: str) -> None:
        cell = table.cell(r, c)
        align = HALIGN[look.header_align] if cols[c].kind == "num" else WD_ALIGN_PARAGRAPH.LEFT
        put(cell, text, size=size, bold=True, align=align, color=look.header_color)
        cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP

    done_groups: set[str] = set()
    for c, col in enumerate(cols):
        if grouped and col.group:
            if col.group not in done_groups:
                put(
                    table.cell(0, c),
                    col.group,
                    size=size,
                    bold=True,
                    align=WD_ALIGN_PARAGRAPH.CENTER,
                    color=look.header_color,
                )
                done_groups.add(col.group)
            head_cell(1, c, col.head)
        else:
            head_cell(0, c, col.head)
    if look.header_fill:
        for r in range(n_head):
            for cell in unique_cells(table, r):
                shade(cell, look.header_fill)
    if look.units_row:
        for c, col in enumerate(cols):
            put(
                table.cell(n_head, c),
                look.units_row if col.kind == "num" else "",
                size=size,
                bold=True,
                align=HALIGN[look.header_align],
            )
    first_body = n_head + (1 if look.units_row else 0)
    if look.borders == "rules":
        for cell in unique_cells(table, first_body - 1):
            cell_borders(cell, bottom="single")
    if look.repeat_header:
        for r in range(first_body):
            repeat_as_header(table, r)


def _write_row(table: Table, t: SavingsTable, row: Row, r: int) -> None:
    """One body row: a section heading, or a label, its text columns, RAG and figures."""
    look, cols, size = t.look, t.cols, t.look.font_size
    bold = row.kind != "data"
    if row.kind == "heading":
        label_c = next(i for i, c in enumerate(cols) if c.kind == "label")
        put(table.cell(r, 0 if look.heading_merged else label_c), row.label, size=size, bold=True)
        if look.heading_fill:
            for cell in unique_cells(table, r):
                shade(cell, look.heading_fill)
        return
    j = 0
    for c, col in enumerate(cols):
        cell = table.cell(r, c)
        if col.kind == "label":
            put(cell, row.label, size=look.label_size or size, bold=bold)
        elif col.kind in ("text", "ref"):
            put(cell, row.texts.get(col.head, ""), size=size)
        elif col.kind == "rag":
            _write_rag(cell, look, row.rag if row.kind == "data" else None)
        else:
            v = row.values[j]
            if v is not None:
                text = fmt_value(v, look, row.notes.get(j))
                put(cell, text, size=size, bold=bold, align=WD_ALIGN_PARAGRAPH.RIGHT)
            cell.vertical_alignment = VALIGN[look.valign]
            j += 1
    if look.borders == "rules" and row.kind == "total":
        for cell in unique_cells(table, r):
            cell_borders(cell, top="single")


def _write_rag(cell: _Cell, look: Look, rag: str | None) -> None:
    if not rag:
        return
    if look.rag in ("shade", "word+shade"):
        shade(cell, look.fills[rag])
    if look.rag in ("word", "word+shade"):
        put(cell, rag, size=look.font_size, align=WD_ALIGN_PARAGRAPH.CENTER)
    elif look.rag == "letter":
        put(cell, RAG_LETTER[rag], size=look.font_size, align=WD_ALIGN_PARAGRAPH.CENTER)


def tidy_cells(table: Table, size: float) -> None:
    """What a careful author does: no paragraph spacing and a small font even in empty cells."""
    for r in range(len(table.rows)):
        for cell in unique_cells(table, r):
            for para in cell.paragraphs:
                para.paragraph_format.space_after = Pt(0)
                para.paragraph_format.space_before = Pt(0)
                para.paragraph_format.line_spacing = 1.0
                p_pr = para._p.get_or_add_pPr()
                r_pr = p_pr.find(qn("w:rPr"))
                if r_pr is None:
                    r_pr = OxmlElement("w:rPr")
                    p_pr.append(r_pr)
                sz = OxmlElement("w:sz")
                sz.set(qn("w:val"), str(int(size * 2)))
                r_pr.append(sz)
