"""Draw a planned paper with reportlab, recording where every table row lands.

Pagination is done here rather than by platypus so that the page of each
figure is known exactly, a row can be split across a page break the way Word
splits one, and two tables or a table and a text column can share a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .fonts import register_fonts
from .spec import PaperSpec, Prose, RowSpec, TableSpec

RAG_PURE = {"Red": "#FF0000", "Amber": "#FFC000", "Green": "#00B050", "Blue": "#0070C0"}
RAG_LIGHT = {"Red": "#FFC7CE", "Amber": "#FFEB9C", "Green": "#C6EFCE", "Blue": "#BDD7EE"}
RAG_LIGHT_TEXT = {"Red": "#9C0006", "Amber": "#9C5700", "Green": "#006100", "Blue": "#1F4E79"}
BIG = 1e7


@dataclass(slots=True)
class Placed:
    """A flowable at a position: x from the left edge, top from the top edge."""

    flowable: Flowable
    x: float
    top: float
    height: float


@dataclass(slots=True)
class RenderRow:
    """One drawn table row: its cells and how it is styled."""

    kind: str  # header, unit, group, item, subtotal, total
    cells: list[Flowable | str]
    fills: list[tuple[int, str]] = field(default_factory=list)
    row_fill: str | None = None
    span: bool = False
    vspans: list[tuple[int, int]] = field(default_factory=list)  # (column, rows spanned)
    hspans: list[tuple[int, int]] = field(default_factory=list)  # (first, last column)
    body_index: int | None = None
    label_lines: int = 1
    splittable: bool = False


@dataclass(slots=True)
class Layout:
    """Where everything went: pages of placed flowables and the page of every row."""

    pages: list[list[Placed]]
    row_pages: dict[tuple[int, int], int]
    kinds: set[str]


# --------------------------------------------------------------------------- tables


class TableBuilder:
    """Turns a TableSpec into reportlab rows and tables, chunk by chunk."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        look = spec.look
        self.look = look
        size, lead = look.size, look.size * 1.2
        white = colors.white if look.header_white_text else colors.black
        al = {"RIGHT": TA_RIGHT, "CENTER": TA_CENTER}
        self.s_label = ParagraphStyle("l", fontName=look.font, fontSize=size, leading=lead)
        self.s_label_b = ParagraphStyle("lb", parent=self.s_label, fontName=look.bold_font)
        self.s_num = ParagraphStyle("n", parent=self.s_label, alignment=al[look.num_align])
        self.s_num_b = ParagraphStyle("nb", parent=self.s_num, fontName=look.bold_font)
        self.s_head = ParagraphStyle(
            "h", parent=self.s_label_b, alignment=al[look.header_align], textColor=white
        )
        self.s_head_l = ParagraphStyle("hl", parent=self.s_head, alignment=TA_LEFT)
        self.s_small = ParagraphStyle("c", parent=self.s_label, fontSize=size - 0.5, leading=lead)
        self.s_rag = ParagraphStyle("r", parent=self.s_label, alignment=TA_CENTER)
        # Column order: [ref] label [rag] values [rag] [comment]
        self.order: list[str] = []
        if spec.ref_header:
            self.order.append("ref")
        self.order.append("label")
        if spec.rag_header and not look.rag_last:
            self.order.append("rag")
        self.order.extend(f"v{i}" for i in range(len(spec.columns)))
        if spec.rag_header and look.rag_last:
            self.order.append("rag")
        if spec.comment_header:
            self.order.append("comment")
        width = {"ref": look.ref_width, "label": look.label_width, "rag": look.rag_width}
        width["comment"] = look.comment_width
        self.widths = [width.get(k, look.value_width) for k in self.order]
        self.pad = look.padding
        self.header_lines = 1

    @property
    def width(self) -> float:
        return sum(self.widths)

    def _col(self, key: str) -> int:
        return self.order.index(key)

    def _lines(self, p: Paragraph, key: str) -> int:
        p.wrap(self.widths[self._col(key)] - 2 * self.pad, BIG)
        return len(p.blPara.lines)

    # ------------------------------------------------------------------ header

    def header_rows(self) -> list[RenderRow]:
        spec, look = self.spec, self.look
        merged = spec.columns and spec.columns[0].group is not None
        unit_row = spec.unit_place == "header_row" and spec.unit_text is not None
        n = 1 + int(bool(merged)) + int(unit_row)
        rows = [RenderRow("header", ["" for _ in self.order]) for _ in range(n)]
        fixed = {"ref": spec.ref_header, "label": spec.label_header, "rag": spec.rag_header}
        fixed["comment"] = spec.comment_header
        for key, text in fixed.items():
            if key in self.order and text:
                c = self._col(key)
                style = self.s_head_l if key in ("label", "ref", "comment") else self.s_head
                rows[0].cells[c] = Paragraph(escape(text), style)
                if n > 1:
                    rows[0].vspans.append((c, n))
        value_row = 1 if merged else 0
        for i, col in enumerate(spec.columns):
            c = self._col(f"v{i}")
            p = Paragraph(col.header, self.s_head)
            self.header_lines = max(self.header_lines, self._lines(p, f"v{i}"))
            rows[value_row].cells[c] = p
            if unit_row:
                rows[-1].cells[c] = Paragraph(escape(spec.unit_text or ""), self.s_head)
        if merged:
            first, last = self._col("v0"), self._col(f"v{len(spec.columns) - 1}")
            group = spec.columns[0].group or ""
            rows[0].cells[first] = Paragraph(
                escape(group), ParagraphStyle("g", parent=self.s_head, alignment=TA_CENTER)
            )
            rows[0].hspans.append((first, last))
            self.header_lines = max(self.header_lines, 2)
        if look.header_fill:
            for r in rows:
                r.row_fill = look.header_fill
        for r in rows:
            r.kind = "header"
        return rows

    # ------------------------------------------------------------------ body

    def body_rows(self) -> list[RenderRow]:
        return [self._row(i, r) for i, r in enumerate(self.spec.rows)]

    def _rag_cell(self, rag: str | None) -> tuple[Flowable | str, str | None]:
        style = self.look.rag_style
        if rag is None or style is None:
            return "", None
        palette = RAG_PURE if self.look.rag_palette == "pure" else RAG_LIGHT
        if style in ("fill", "words_fill"):
            fill = palette[rag]
            if style == "fill":
                return "", fill
            if self.look.rag_palette == "pure":
                text_colour = "#000000" if rag == "Amber" else "#FFFFFF"
            else:
                text_colour = RAG_LIGHT_TEXT[rag]
            st = ParagraphStyle("rf", parent=self.s_rag, textColor=colors.HexColor(text_colour))
            return Paragraph(rag, st), fill
        if style == "letters":
            text = "/".join(part[0] for part in rag.split("/"))
            return Paragraph(text, self.s_rag), None
        return Paragraph(rag, self.s_rag), None

    def _row(self, index: int, r: RowSpec) -> RenderRow:
        look = self.look
        cells: list[Flowable | str] = ["" for _ in self.order]
        out = RenderRow(r.kind, cells, body_index=index)
        bold = r.kind != "item"
        label = Paragraph(r.markup, self.s_label_b if bold else self.s_label)
        if r.kind == "group":
            if look.group_span:
                cells[0] = label
                out.span = True
            else:
                cells[self._col("label")] = label
            out.row_fill = look.group_fill
            return out
        cells[self._col("label")] = label
        out.label_lines = self._lines(label, "label")
        out.splittable = r.kind == "item" and out.label_lines >= 2 and r.markup == escape(r.label)
        num = self.s_num_b if bold else self.s_num
        for i, cell in enumerate(r.cells):
            if cell is not None:
                cells[self._col(f"v{i}")] = Paragraph(cell.markup, num)
        if "rag" in self.order:
            content, fill = self._rag_cell(r.rag)
            cells[self._col("rag")] = content
            if fill:
                out.fills.append((self._col("rag"), fill))
        if r.ref and "ref" in self.order:
            cells[self._col("ref")] = Paragraph(escape(r.ref), self.s_label)
        if r.comment and "comment" in self.order:
            cells[self._col("comment")] = Paragraph(escape(r.comment), self.s_small)
        if r.is_total:
            out.row_fill = look.total_fill
        elif look.banding and index % 2:
            out.row_fill = "#F2F2F2"
        return out

    def split(self, row: RenderRow) -> tuple[RenderRow, RenderRow, float, float]:
        """Word's split row: the label's first line on this page, the rest and figures
        next; with the heights the two parts take."""
        spec = self.spec.rows[row.body_index or 0]
        c = self._col("label")
        p = row.cells[c]
        assert isinstance(p, Paragraph)
        self._lines(p, "label")
        first_words = p.blPara.lines[0][1]
        head = " ".join(first_words)
        tail = spec.label[len(head) :].strip()
        a_cells: list[Flowable | str] = ["" for _ in self.order]
        a_cells[c] = Paragraph(escape(head), self.s_label)
        b_cells = list(row.cells)
        b_cells[c] = Paragraph(escape(tail), self.s_label)
        a = RenderRow("item", a_cells, fills=list(row.fills), row_fill=row.row_fill)
        b = RenderRow(
            "item", b_cells, fills=list(row.fills), row_fill=row.row_fill, body_index=row.body_index
        )
        pair = self.table([a, b], 0, closes=False)
        pair.wrap(self.width, BIG)
        ha, hb = pair._rowHeights
        return a, b, float(ha), float(hb)

    # ------------------------------------------------------------------ table

    def table(self, rows: list[RenderRow], n_header: int, closes: bool) -> Table:
        """A reportlab Table for these rows; ``closes`` when the table ends in it."""
        look = self.look
        cmds: list[tuple[object, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), look.valign),
            ("LEFTPADDING", (0, 0), (-1, -1), look.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), look.padding),
            ("TOPPADDING", (0, 0), (-1, -1), look.padding * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), look.padding * 0.6 + 1),
        ]
        if n_header:
            cmds.append(("VALIGN", (0, 0), (-1, n_header - 1), "BOTTOM"))
        for i, r in enumerate(rows):
            if r.row_fill:
                cmds.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor(r.row_fill)))
            for c, fill in r.fills:
                cmds.append(("BACKGROUND", (c, i), (c, i), colors.HexColor(fill)))
            if r.span:
                cmds.append(("SPAN", (0, i), (-1, i)))
            for c, n in r.vspans:
                cmds.append(("SPAN", (c, i), (c, i + n - 1)))
            for c0, c1 in r.hspans:
                cmds.append(("SPAN", (c0, i), (c1, i)))
        last = len(rows) - 1
        black = colors.black
        if look.rules == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, black))
        elif look.rules == "booktabs":
            cmds.append(("LINEABOVE", (0, 0), (-1, 0), 1.0, black))
            if n_header:
                cmds.append(("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.5, black))
                for c0, c1 in rows[0].hspans:
                    cmds.append(("LINEBELOW", (c0, 0), (c1, 0), 0.4, black))
            for i, r in enumerate(rows):
                if r.kind in ("subtotal", "total"):
                    cmds.append(("LINEABOVE", (0, i), (-1, i), 0.5, black))
            if closes:
                cmds.append(("LINEBELOW", (0, last), (-1, last), 1.0, black))
        elif look.rules == "every_row":
            grey = colors.HexColor("#A6A6A6")
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.25, grey))
            if n_header:
                cmds.append(("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.75, black))
        return Table([r.cells for r in rows], colWidths=self.widths, style=TableStyle(cmds))


# --------------------------------------------------------------------------- page flow


class Flow:
    """A cursor down the pages of one paper."""

    def __init__(self, paper: PaperSpec) -> None:
        register_fonts()
        self.paper = paper
        size = landscape(A4) if paper.landscape else A4
        self.page_w, self.page_h = float(size[0]), float(size[1])
        self.left = paper.margin
        self.width = self.page_w - 2 * paper.margin
        self.top = paper.margin + 14
        self.bottom = self.page_h - paper.margin - 10
        self.pages: list[list[Placed]] = [[]]
        self.y = self.top
        self.row_pages: dict[tuple[int, int], int] = {}
        self.kinds: set[str] = set()
        body = paper.body_size
        self.s_body = ParagraphStyle(
            "b", fontName=paper.font, fontSize=body, leading=body * 1.3, spaceAfter=body * 0.6
        )
        self.s_head = ParagraphStyle(
            "hd", parent=self.s_body, fontName=paper.bold_font, fontSize=body + 1
        )
        self.s_title = ParagraphStyle(
            "t", parent=self.s_body, fontName=paper.bold_font, fontSize=15, leading=19
        )
        self.s_caption = ParagraphStyle("cap", parent=self.s_body, fontName=paper.bold_font)
        self.s_note = ParagraphStyle(
            "note", parent=self.s_body, fontSize=body - 1.5, leading=(body - 1.5) * 1.25
        )

    @property
    def page(self) -> int:
        return len(self.pages)

    @property
    def room(self) -> float:
        return self.bottom - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top

    def put(self, f: Flowable, x: float, width: float, gap: float = 0.0) -> float:
        h = float(f.wrap(width, BIG)[1])
        if h > self.room and self.y > self.top:
            self.new_page()
        self.pages[-1].append(Placed(f, x, self.y, h))
        self.y += h + gap
        return h

    def prose(self, items: tuple[Prose, ...]) -> None:
        for p in items:
            if p.heading:
                self.put(Paragraph(escape(p.heading), self.s_head), self.left, self.width, 4)
            self.put(Paragraph(escape(p.text), self.s_body), self.left, self.width, 6)

    # ------------------------------------------------------------------ tables

    def caption(self, spec: TableSpec, suffix: str = "") -> Paragraph | None:
        if not spec.caption:
            return None
        return Paragraph(escape(spec.caption + suffix), self.s_caption)

    def table(self, t_index: int, spec: TableSpec) -> None:
        """Place a table, splitting it over pages as its look says."""
        b = TableBuilder(spec)
        look = spec.look
        head = b.header_rows()
        body = b.body_rows()
        nh = len(head)
        full = b.table(head + body, nh, closes=True)
        full.wrap(b.width, BIG)
        heights: list[float] = list(full._rowHeights)
        hh, bh = sum(heights[:nh]), heights[nh:]
        self._note_kinds(b, body)
        cap = self.caption(spec)
        ch = cap.wrap(self.width, BIG)[1] + 4 if cap else 0.0
        if self.room < ch + hh + sum(bh[:3]):
            self.new_page()
        if look.split_row:
            self._pad_for_split(b, body, bh, ch + hh)
        if cap:
            self.put(cap, self.left, self.width, 4)
        chunk: list[RenderRow] = []
        first = True
        pages_used = {self.page}
        avail = self.room - hh
        split_done = False
        i = 0
        while i < len(body):
            row, h = body[i], bh[i]
            if h <= avail + 0.01:
                chunk.append(row)
                self.row_pages[(t_index, i)] = self.page
                avail -= h
                i += 1
                continue
            if look.split_row and not split_done and row.splittable and chunk:
                a, bpart, ha, hb = b.split(row)
                if ha <= avail + 0.01:
                    chunk.append(a)
                    self._flush(b, head if first or look.repeat_header else [], chunk, False)
                    first = False
                    self._continue(spec)
                    pages_used.add(self.page)
                    chunk = [bpart]
                    self.row_pages[(t_index, i)] = self.page
                    avail = self.room - (hh if look.repeat_header else 0) - hb
                    split_done = True
                    self.kinds.add("row_split_across_pages")
                    i += 1
                    continue
            if chunk:
                self._flush(b, head if first or look.repeat_header else [], chunk, False)
                first = False
            self._continue(spec)
            pages_used.add(self.page)
            chunk = []
            avail = self.room - (hh if look.repeat_header else 0)
        self._flush(b, head if first or look.repeat_header else [], chunk, True)
        if len(pages_used) > 1:
            self.kinds.add(
                "multipage_header_repeated" if look.repeat_header else "multipage_no_header"
            )
        for note in spec.notes:
            self.put(Paragraph(escape(note), self.s_note), self.left, self.width, 1)
        self.y += 8

    def _continue(self, spec: TableSpec) -> None:
        self.new_page()
        if spec.look.continued_caption:
            cap = self.caption(spec, " (continued)")
            if cap:
                self.put(cap, self.left, self.width, 4)

    def _flush(
        self, b: TableBuilder, head: list[RenderRow], chunk: list[RenderRow], closes: bool
    ) -> None:
        if not chunk:
            return
        t = b.table(head + chunk, len(head), closes)
        self.put(t, self.left, b.width, 0)

    def _pad_for_split(
        self, b: TableBuilder, body: list[RenderRow], bh: list[float], above: float
    ) -> None:
        """Push the table down so that the page break falls inside a wrapped label."""
        avail0 = self.room - above
        cum, brk = 0.0, None
        for i, h in enumerate(bh):
            if cum + h > avail0:
                brk = i
                break
            cum += h
        if brk is None:
            return
        for j in range(brk, 0, -1):
            if not body[j].splittable:
                continue
            ha = b.split(body[j])[2]
            slack = avail0 - (sum(bh[:j]) + ha)
            if slack >= 0:
                self.put(Spacer(1, max(0.0, slack - 0.5)), self.left, self.width)
                return

    def _note_kinds(self, b: TableBuilder, body: list[RenderRow]) -> None:
        if b.header_lines > 1:
            self.kinds.add("header_multiline")
        if any(r.kind == "item" and r.label_lines > 1 for r in body):
            top = b.look.valign == "TOP"
            self.kinds.add("wrapped_labels_top" if top else "wrapped_labels_bottom")

    def beside(
        self, t_index: int, spec: TableSpec, prose: tuple[Prose, ...], text_left: bool
    ) -> None:
        """A small table and a column of narrative side by side."""
        b = TableBuilder(spec)
        head, body = b.header_rows(), b.body_rows()
        self._note_kinds(b, body)
        t = b.table(head + body, len(head), closes=True)
        _, th = t.wrap(b.width, BIG)
        gutter = 18.0
        text_w = self.width - b.width - gutter
        paras = [Paragraph(escape(p.text), self.s_body) for p in prose]
        text_h = sum(p.wrap(text_w, BIG)[1] + 6 for p in paras)
        cap = self.caption(spec)
        if cap:
            self.put(cap, self.left, self.width, 4)
        if self.room < max(th, text_h):
            self.new_page()
        x_table = self.left if not text_left else self.left + text_w + gutter
        x_text = self.left + b.width + gutter if not text_left else self.left
        top = self.y
        self.pages[-1].append(Placed(t, x_table, top, th))
        ty = top
        for p in paras:
            h = p.wrap(text_w, BIG)[1]
            self.pages[-1].append(Placed(p, x_text, ty, h))
            ty += h + 6
        for i in range(len(body)):
            self.row_pages[(t_index, i)] = self.page
        self.y = top + max(th, text_h) + 8
        for note in spec.notes:
            self.put(Paragraph(escape(note), self.s_note), self.left, self.width, 1)
        self.kinds.add("table_beside_text")


def lay_out(paper: PaperSpec) -> Layout:
    """Flow the paper onto pages: title, narrative, tables, closing narrative."""
    f = Flow(paper)
    f.put(Paragraph(escape(paper.title), f.s_title), f.left, f.width, 4)
    f.put(Paragraph(escape(paper.subtitle), f.s_body), f.left, f.width, 8)
    if paper.arrangement == "beside_text":
        f.prose(paper.before)
        f.beside(0, paper.tables[0], paper.after, paper.text_left)
        return Layout(f.pages, f.row_pages, f.kinds)
    f.prose(paper.before)
    if paper.arrangement == "two_tables":
        need = 0.0
        for spec in paper.tables:
            b = TableBuilder(spec)
            t = b.table(b.header_rows() + b.body_rows(), 0, closes=True)
            need += t.wrap(b.width, BIG)[1] + 60 + 12 * len(spec.notes)
        if f.room < need:
            f.new_page()
    for t_index, spec in enumerate(paper.tables):
        f.table(t_index, spec)
    if paper.arrangement == "two_tables":
        pages = {p for (t, _), p in f.row_pages.items()}
        if len(pages) == 1:
            f.kinds.add("two_tables_one_page")
    f.prose(paper.after)
    return Layout(f.pages, f.row_pages, f.kinds)


def draw(paper: PaperSpec, layout: Layout, path: Path) -> None:
    """Write the PDF; invariant mode keeps the bytes identical from run to run."""
    size = landscape(A4) if paper.landscape else A4
    c = Canvas(str(path), pagesize=size, invariant=1, pageCompression=1)
    c.setTitle(paper.title)
    w, h = float(size[0]), float(size[1])
    n = len(layout.pages)
    for number, placed in enumerate(layout.pages, start=1):
        c.setFont(paper.font, 8)
        c.drawString(paper.margin, h - paper.margin + 6, paper.authority)
        c.drawRightString(w - paper.margin, h - paper.margin + 6, paper.appendix)
        c.drawCentredString(w / 2, paper.margin - 22, f"Page {number} of {n}")
        for p in placed:
            p.flowable.drawOn(c, p.x, h - p.top - p.height)
        c.showPage()
    c.save()
