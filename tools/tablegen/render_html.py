"""A paper as a web page (HTML tables with CSS), as a council's web-published report is made
(headless Chromium prints it to PDF). Every text is escaped."""

from __future__ import annotations

import html
from pathlib import Path

from .cells import fmt, header_cells, text_of, units_row
from .model import Paper, Table
from .vocabulary import DARK, RAG_FILL

e = html.escape


def _head(p: Paper) -> list[str]:
    return [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>",
        f"@page {{ size: A4 {'landscape' if p.landscape else 'portrait'}; margin: 15mm; }}",
        f"body {{ font-family: '{p.font}', 'Liberation Sans', sans-serif; font-size: 10pt; }}",
        "table { border-collapse: collapse; margin-bottom: 14pt; width: 100%; }",
        "td, th { padding: 2pt 4pt; vertical-align: top; font-size: 9pt; }",
        "tr { break-inside: avoid; }",
        "td.n, th.n { text-align: right; white-space: nowrap; }",
        "th { text-align: left; } th.m { text-align: center; }",
        ".grid td, .grid th { border: 0.6pt solid #000; }",
        ".horizontal td, .horizontal th { border-top: 0.6pt solid #000;"
        " border-bottom: 0.6pt solid #000; }",
        "caption { caption-side: top; text-align: left; font-weight: bold; padding: 4pt 0; }",
        "</style></head><body>",
        f"<h1 style='font-size:15pt'>{e(p.title)}</h1><p>{e(p.intro)}</p>",
        f"<p>{e(p.unit_note)}</p>" if p.unit_note else "",
    ]


def _thead(t: Table) -> list[str]:
    """The header rows, from <thead> (the caller closes it, on the <tbody> line)."""
    hdr_bg = f"background:#{t.header_fill};" if t.header_fill else ""
    hdr_fg = "color:#fff;" if t.header_fill in DARK else ""
    parts = ["<thead>"]
    cells = header_cells(t)
    for r in range(t.depth):
        parts.append("<tr>")
        for hc in sorted((h for h in cells if h.row == r), key=lambda h: h.col):
            cls = "m" if t.cols[hc.col].kind == "money" else ""
            parts.append(
                f"<th class='{cls}' rowspan='{hc.rowspan}' colspan='{hc.colspan}' "
                f"style='{hdr_bg}{hdr_fg}'>{e(hc.text)}</th>"
            )
        parts.append("</tr>")
    ur = units_row(t)
    if ur:
        parts.append(
            "<tr>"
            + "".join(f"<th class='n' style='{hdr_bg}{hdr_fg}'>{e(s)}</th>" for s in ur)
            + "</tr>"
        )
    return parts


def _tbody(t: Table) -> list[str]:
    """The body rows after <tbody>, and the table's end."""
    parts = []
    for row in t.rows:
        bold = "font-weight:bold;" if row.kind != "data" else ""
        bg = (
            f"background:#{t.total_fill};"
            if (row.kind in ("total", "subtotal") and t.total_fill)
            else ""
        )
        parts.append(f"<tr style='{bold}{bg}'>")
        for j, c in enumerate(t.cols):
            if c.kind in ("money", "pct"):
                parts.append(f"<td class='n'>{e(fmt(row.values.get(j), t, c.kind == 'pct'))}</td>")
            else:
                st = ""
                if c.kind == "rag" and row.rag and t.factors["rag"] == "colour":
                    st = f" style='background:#{RAG_FILL[row.rag]}'"
                parts.append(f"<td{st}>{e(text_of(t, c, row))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return parts


def _table(t: Table) -> list[str]:
    """A caption of even length goes in <caption>, else in a heading before the table."""
    parts = []
    use_caption = t.caption is not None and len(t.caption) % 2 == 0
    if t.caption and not use_caption:
        parts.append(f"<h3 style='font-size:11pt'>{e(t.caption)}</h3>")
    if t.sentence:
        parts.append(f"<p>{e(t.sentence)}</p>")
    parts.append(f"<table class='{t.factors['rules']}'>")
    if use_caption and t.caption:
        parts.append(f"<caption>{e(t.caption)}</caption>")
    return parts + _thead(t) + ["</thead><tbody>"] + _tbody(t)


def render_html(p: Paper, path: Path) -> None:
    parts = _head(p)
    for t in p.tables:
        parts.extend(_table(t))
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
