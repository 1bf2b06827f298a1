"""A paper as a spreadsheet (openpyxl), one sheet a table, as a finance team lays one out: cell
fills, merged header and category cells, number formats doing the printing (LibreOffice Calc
turns it into the PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cells import category_runs, fmt, header_cells, text_of, units_row, wrapped_lines, xlsx_format
from .model import Paper, Row, Table
from .vocabulary import DARK, RAG_FILL


def _fill(color: str | None) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=color) if color else PatternFill()


@dataclass
class Styler:
    """Font, fill, alignment and rules of a cell, for one table's rules factor."""

    font: str
    border_all: bool
    horiz: bool

    def __call__(
        self,
        cell: Any,
        *,
        bold: bool = False,
        bg: str | None = None,
        align: str = "left",
        wrap: bool = True,
    ) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        white = bg in DARK
        cell.font = Font(name=self.font, size=10, bold=bold, color="FFFFFF" if white else "000000")
        cell.fill = _fill(bg)
        cell.alignment = Alignment(
            horizontal=align,
            vertical="top",
            wrap_text=wrap,
            indent=1 if align != "center" else 0,
        )
        if self.border_all:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        elif self.horiz:
            cell.border = Border(top=thin, bottom=thin)


def _page_setup(ws: Any, p: Paper, t: Table) -> None:
    from openpyxl.utils import get_column_letter

    ws.sheet_view.showGridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if p.landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    for j, c in enumerate(t.cols):
        # A figure wider than its column prints as ### in Calc: the truth would hold
        # a value the page does not show, so a figure column fits its widest figure.
        printed = [len(fmt(r.values.get(j), t, c.kind == "pct")) for r in t.rows]
        need = 1.2 * max(printed, default=0) + 2 if c.kind in ("money", "pct") else 0
        ws.column_dimensions[get_column_letter(j + 1)].width = max(c.width, need)


def _preamble(ws: Any, p: Paper, ti: int, t: Table, font: str) -> int:
    """Title and intro (first sheet), caption and sentence; returns the header's first row."""
    from openpyxl.styles import Font

    r = 1
    if ti == 0:
        ws.cell(r, 1, p.title).font = Font(name=font, bold=True, size=13)
        r += 1
        ws.cell(r, 1, p.intro).font = Font(name=font, size=10)
        r += 1
        if p.unit_note:
            ws.cell(r, 1, p.unit_note).font = Font(name=font, size=10)
            r += 1
        r += 1
    if t.caption:
        ws.cell(r, 1, t.caption).font = Font(name=font, bold=True, size=11)
        r += 1
    if t.sentence:
        ws.cell(r, 1, t.sentence).font = Font(name=font, size=10)
        r += 1
    return r + 1


def _header(ws: Any, t: Table, h0: int, style: Styler) -> int:
    """Header rows (merged where a header spans), then the units row; returns the body's row."""
    hlines = [1] * t.depth
    for hc in header_cells(t):
        if hc.rowspan == 1:
            w = sum(c.width for c in t.cols[hc.col : hc.col + hc.colspan])
            hlines[hc.row] = max(hlines[hc.row], wrapped_lines(hc.text, w))
    for k, n in enumerate(hlines):
        ws.row_dimensions[h0 + k].height = 13.0 * n + 1
    for hc in header_cells(t):
        cell = ws.cell(h0 + hc.row, hc.col + 1, hc.text or None)
        align = "center" if t.cols[hc.col].kind == "money" else "left"
        style(cell, bold=True, bg=t.header_fill, align=align)
        for rr in range(hc.rowspan):
            for cc in range(hc.colspan):
                style(ws.cell(h0 + hc.row + rr, hc.col + 1 + cc), bold=True, bg=t.header_fill)
        if hc.rowspan > 1 or hc.colspan > 1:
            ws.merge_cells(
                start_row=h0 + hc.row,
                start_column=hc.col + 1,
                end_row=h0 + hc.row + hc.rowspan - 1,
                end_column=hc.col + hc.colspan,
            )
    r = h0 + t.depth
    ur = units_row(t)
    if ur:
        for j, s in enumerate(ur):
            align = "right" if s else "left"
            style(ws.cell(r, j + 1, s or None), bold=True, bg=t.header_fill, align=align)
        r += 1
    if t.factors["long"]:
        ws.print_title_rows = f"{h0}:{r - 1}"
    return r


def _body_row(ws: Any, t: Table, row: Row, r: int, style: Styler) -> None:
    bold = row.kind != "data"
    bg = (
        t.total_fill
        if row.kind in ("total", "subtotal")
        else ("F2F2F2" if row.kind == "section" and t.total_fill else None)
    )
    n = max(
        wrapped_lines(text_of(t, c, row), c.width) for c in t.cols if c.kind not in ("money", "pct")
    )
    ws.row_dimensions[r].height = 13.0 * n + 1
    for j, c in enumerate(t.cols):
        cell = ws.cell(r, j + 1)
        if c.kind in ("money", "pct"):
            v = row.values.get(j)
            if v is not None:
                cell.value = float(v / 100) if c.kind == "pct" else float(v)
                cell.number_format = xlsx_format(t, pct=c.kind == "pct")
            style(cell, bold=bold, bg=bg, align="right", wrap=False)
        else:
            s = text_of(t, c, row)
            cell.value = s or None
            style(cell, bold=bold, bg=bg, align="center" if c.kind == "rag" else "left")
            if c.kind == "rag" and row.rag and t.factors["rag"] == "colour":
                cell.fill = _fill(RAG_FILL[row.rag])


def _sheet(wb: Any, p: Paper, ti: int, t: Table) -> None:
    from openpyxl.utils import get_column_letter

    font = "Arial" if p.font in ("Arial", "Verdana") else p.font
    ws = wb.create_sheet(title=f"Table {ti + 1}")
    _page_setup(ws, p, t)
    h0 = _preamble(ws, p, ti, t, font)
    style = Styler(font, t.factors["rules"] == "grid", t.factors["rules"] == "horizontal")
    body0 = r = _header(ws, t, h0, style)
    for row in t.rows:
        _body_row(ws, t, row, r, style)
        r += 1
    cat_j = next((j for j, c in enumerate(t.cols) if c.kind == "category"), None)
    if cat_j is not None and t.category_merge:
        for k, e in category_runs(t):
            ws.merge_cells(
                start_row=body0 + k, start_column=cat_j + 1, end_row=body0 + e, end_column=cat_j + 1
            )
    ws.print_area = f"A1:{get_column_letter(len(t.cols))}{r - 1}"


def render_xlsx(p: Paper, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for ti, t in enumerate(p.tables):
        _sheet(wb, p, ti, t)
    wb.save(path)
