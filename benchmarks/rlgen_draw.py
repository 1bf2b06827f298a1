"""The drawing of benchmarks/rlgen.py: each planned paper printed with ReportLab, checked
against its plan on the rendered PDF, and its truth written."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import platypus as pl
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rlgen_plan import (
    BOLD,
    DARK,
    FACTORS,
    ITALIC,
    NARRATIVE,
    PAGE,
    RAG_FILL,
    SHAPES,
    ZEBRA,
    Deck,
    Paper,
    Refit,
    Tab,
    authorities,
    plan_paper,
)

# --------------------------------------------------------------------------- render


def pstyle(font: str, size: float, align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle("s", fontName=font, fontSize=size, leading=size * 1.2, alignment=align,
                          **kw)  # fmt: skip


def widths(t: Tab, avail: float, size: int) -> list[float] | None:
    """Column widths at this size: figures never wrap; labels and descriptions give way."""
    font, bold = t.f["font"], BOLD[t.f["font"]]

    def sw(s: str, b: bool = False) -> float:
        return float(stringWidth(s, bold if b else font, size))

    out, flex = [], []
    for j, c in enumerate(t.cols):
        cells = [sw(t.show(j, r) or r.text.get(j, ""), r.kind != "data") for r in t.rows]
        head = max(sw(w, True) for line in c.lines for w in line.split() or [""])
        if c.kind == "label":
            nat = max(sw(r.label, r.kind != "data") + 10 * r.indent for r in t.rows) + 8
            out.append(nat + 36 if t.f["style"] == "leaders" else min(nat, 210.0))
            if t.f["style"] != "leaders":
                flex.append((j, min(out[-1], max(90.0, head + 8))))
        elif c.kind == "desc":
            out.append(150.0)
            flex.append((j, 90.0))
        else:
            line = max(sw(x, True) for x in c.lines)
            out.append(max(*cells, min(line, 64.0), head) + 8)
    over = sum(out) - avail
    room = sum(out[j] - lo for j, lo in flex)
    if over > room:
        return None
    for j, lo in flex if over > 0 else []:
        out[j] -= over * (out[j] - lo) / room
    return out


def flows(t: Tab, avail: float) -> tuple[list[Any], Table, list[Any]]:
    """The caption, the table and what follows it (the unit note, footnotes)."""
    font, f = t.f["font"], t.f
    for size in range(f["size"], 6, -1):
        if (cw := widths(t, avail, size)) is not None:
            t.size = size
            break
    else:
        raise Refit("less")
    size, bold, dark = t.size, BOLD[font], f["style"] == "dark_header"
    mal = TA_RIGHT if f["align"] == "right" else TA_CENTER
    money = [j for j, c in enumerate(t.cols) if c.kind == "money"]
    ink = colors.white if dark else colors.black
    hs = {a: pstyle(bold, size, a, textColor=ink) for a in (TA_LEFT, mal)}
    cells: list[list[Any]] = [
        [Paragraph("<br/>".join(map(escape, c.lines)), hs[mal if j in money else TA_LEFT])
         for j, c in enumerate(t.cols)]
    ]  # fmt: skip
    cmds: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size), ("VALIGN", (0, 0), (-1, -1), f["valign"].upper()),
        ("ALIGN", (money[0], 0), (money[-1], -1), "RIGHT" if f["align"] == "right" else "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]  # fmt: skip
    dot = stringWidth(".", font, size)
    for i, r in enumerate(t.rows, start=1):
        b, row = r.kind != "data", list[Any]()
        for j, c in enumerate(t.cols):
            if c.kind == "label" and f["style"] == "leaders":
                rest = cw[j] - 6 - 10 * r.indent - stringWidth(r.label + " ", font, size)
                lead = " " + "." * int(rest / dot - 1) if r.kind != "heading" else ""
                row.append(r.label + lead)
                cmds += [("LEFTPADDING", (j, i), (j, i), 13)] if r.indent else []
            elif c.kind == "label":
                st = pstyle(bold if b else font, size, leftIndent=10 * r.indent)
                row.append(Paragraph(escape(r.label), st))
            elif c.kind == "desc":
                row.append(Paragraph(escape(r.text.get(j, "")), pstyle(font, size)))
            else:
                row.append(t.show(j, r) or r.text.get(j, ""))
            if c.kind == "rag" and r.rag and t.rng.random() < 0.6:
                cmds.append(("BACKGROUND", (j, i), (j, i), colors.HexColor(RAG_FILL[r.rag])))
        cells.append(row)
        cmds += [("FONT", (0, i), (-1, i), bold, size)] if b else []
        if r.kind in ("subtotal", "total"):
            x0 = money[0] if f["style"] == "leaders" else 0
            cmds.append(("LINEABOVE", (x0, i), (-1, i), 0.6, colors.black))
        if r.kind == "total" and not dark:
            cmds.append(("LINEBELOW", (money[0], i), (money[-1], i), 1.2, colors.black))
    if f["style"] == "zebra":
        stripe = [colors.white, colors.HexColor(t.rng.choice(ZEBRA))]
        cmds += [("ROWBACKGROUNDS", (0, 1), (-1, -1), stripe),
                 ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black)]  # fmt: skip
    elif dark:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(t.rng.choice(DARK))),
                 ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.grey),
                 ("BOX", (0, 0), (-1, -1), 0.5, colors.grey)]  # fmt: skip
    elif f["style"] == "plain":
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.75, colors.black),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black)]  # fmt: skip
    tbl = Table(cells, colWidths=cw, repeatRows=0, hAlign="LEFT")
    tbl.setStyle(pl.TableStyle(cmds))
    before = [Paragraph(escape(t.caption), pstyle(bold, size + 1.5)), Spacer(1, 5)]
    after: list[Any] = []
    for x in t.notes:
        after += [Spacer(1, 3), Paragraph(escape(x), pstyle(ITALIC[font], max(size - 1, 6)))]
    return before, tbl, after


def height(fl: list[Any], w: float) -> float:
    return sum(float(x.wrap(w, 10_000)[1]) for x in fl)


def render(p: Paper, path: Path) -> int:
    """Draw the paper and set every row's page; the number of pages."""
    pages: list[tuple[str, list[Any]]] = []
    rng = random.Random(p.name)
    for gi, (idxs, split) in enumerate(p.shape):
        orient = "L" if any(p.tables[i].f["years"] == "many" for i in idxs) else "P"
        _, w, h = PAGE[orient]
        content: list[Any] = []
        if gi == 0:
            content = [Paragraph(escape(p.auth[0]), pstyle("Helvetica-Bold", 15)), Spacer(1, 6),
                       Paragraph(escape(p.title), pstyle("Helvetica-Bold", 12)), Spacer(1, 6),
                       Paragraph(escape(p.intro), pstyle("Helvetica", 10))]  # fmt: skip
        for k, i in enumerate(idxs):
            t = p.tables[i]
            before, tbl, after = flows(t, w)
            if t.frac:  # narrative until the table has about frac of the page
                said = rng.sample(NARRATIVE, len(NARRATIVE))
                while height(content, w) < h * (1 - t.frac) - 60:
                    text = " ".join(said[:4])
                    said = said[4:] or rng.sample(NARRATIVE, len(NARRATIVE))
                    content += [Spacer(1, 8), Paragraph(escape(text), pstyle("Helvetica", 10))]
            content += [Spacer(1, 14), *before] if content else before
            if split and k == len(idxs) - 1:
                room = h - height(content, w) - 8
                if tbl.wrap(w, h)[1] <= room:
                    raise Refit("more_split")
                parts = tbl.split(w, room)
                n1 = len(parts[0]._cellvalues) - 1 if len(parts) == 2 else 0
                if n1 < 3 or len(t.rows) - n1 < 2:
                    raise Refit("less" if n1 < 3 else "more_split")
                for ri, r in enumerate(t.rows):
                    r.page = len(pages) + 1 + (ri >= n1)
                pages.append((orient, [*content, parts[0]]))
                content = [parts[1], *after]
            else:
                content += [tbl, *after]
                for r in t.rows:
                    r.page = len(pages) + 1
        if height(content, w) > h - 8:
            raise Refit("less_split" if split else "less")
        pages.append((orient, content))

    def deco(canvas: Any, doc: Any) -> None:
        pw, ph = canvas._pagesize
        canvas.setFont("Helvetica", 8)
        canvas.drawString(42, ph - 30, p.auth[0])
        canvas.drawRightString(pw - 42, ph - 30, p.title.split(" - ")[-1])
        canvas.drawCentredString(pw / 2, 24, f"Page {doc.page}")

    templates = {o: pl.PageTemplate(o, [pl.Frame(42, 50 if o == "P" else 44, w, h, 0, 0, 0, 0)],
                                 onPage=deco, pagesize=PAGE[o][0])
                 for o, (_, w, h) in PAGE.items()}  # fmt: skip
    first = pages[0][0]
    story: list[Any] = []
    for k, (orient, content) in enumerate(pages):
        story += [pl.NextPageTemplate(orient), pl.PageBreak(), *content] if k else content
    order = [templates[first], templates["LP".replace(first, "")]]
    doc = pl.BaseDocTemplate(str(path), pagesize=PAGE[first][0], pageTemplates=order,
                          title=p.title, author=p.auth[0])  # fmt: skip
    doc.build(story)
    return len(pages)


def tokens(s: str) -> list[str]:
    return [x for x in re.split(r"[^a-z0-9]+", s.lower()) if x]


def verify(pdf: Path, p: Paper, n: int) -> None:
    """Every row's label and every figure cell is printed on the page its truth gives."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = [pg.extract_text() or "" for pg in doc.pages]
    if len(text) != n:
        raise Refit("less")
    for t in p.tables:
        for r in t.rows:
            cells = {t.show(j, r) for j, c in enumerate(t.cols) if c.kind == "money"} - {""}
            words, printed = set(tokens(text[r.page - 1])), set(text[r.page - 1].split())
            if not set(tokens(r.label)) <= words or not cells <= printed:
                raise RuntimeError(f"{pdf.name}: {r.label!r} not as planned on page {r.page}")


def truth(p: Paper, n: int) -> dict[str, Any]:
    savings: list[dict[str, Any]] = []
    tables = []
    for ti, t in enumerate(p.tables):
        start = len(savings)
        for r in t.rows:
            for j, c in enumerate(t.cols):
                a = t.amount(j, r) if c.kind == "money" else None
                if a is not None:
                    savings.append({
                        "page": r.page, "table": ti, "section": r.section,
                        "row_label": r.label, "column_label": " ".join(c.lines), "measure": None,
                        "first_fy": c.first_fy, "last_fy": c.last_fy, "amount_gbp": float(a),
                        "rag": r.rag, "is_total": r.kind != "data" or c.rule == "total",
                        "footnote": "*" if j in r.stars else None,
                    })  # fmt: skip
        f, u = dict(t.f, size=t.size), t.f["unit"]
        tables.append({
            "page": min(r.page for r in t.rows), "last_page": max(r.page for r in t.rows),
            "caption": t.caption, "money": True,
            "unit": None if u == "cell_suffix" else float(t.scale),
            "unit_where": {"header": "header cell", "caption": "caption",
                           "note_below": "page text"}.get(u, "cell"),
            "unit_text": {"cell_suffix": "£…k / £…m in each cell",
                          "cell_pounds": "£ in each cell"}.get(u, t.unit_text),
            "features": [f"{k}={v}" for k, v in f.items()], "factors": f,
            "n_figures": len(savings) - start, "savings_slice": [start, len(savings)],
        })  # fmt: skip
    return {"file": f"{p.name}.pdf", "authority": p.auth[0], "authority_code": p.auth[1],
            "first_fy": p.fy0, "pages": n, "pages_scored": list(range(1, n + 1)),
            "producer": "reportlab", "tables": tables, "savings": savings, "partners": [],
            "money_gbp": [], "fiscal_years": []}  # fmt: skip


def generate(seed: int, papers: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    decks = {k: Deck(rng, v) for k, v in FACTORS.items()}
    shapes, auths = Deck(rng, SHAPES), authorities()
    n_tab = n_fig = made = i = 0
    while made < papers:
        i += 1
        shape, facs = shapes.deal(), list[dict[str, Any]]()
        for idxs, split in shape:
            for k, _ in enumerate(idxs):
                last = split and k == len(idxs) - 1
                place = "split" if last else "stacked" if len(idxs) > 1 else "alone"
                facs.append({key: d.deal() for key, d in decks.items()} | {"placement": place})
        auth, fy0 = rng.choice(auths), rng.randint(2016, 2026)
        fit = [1.0, 1.0]  # row scales: tables on one page, the split table
        for attempt in range(20):
            prng = random.Random(f"{seed}:{i}:{attempt}")
            p = plan_paper(prng, i, shape, facs, auth, fy0, (fit[0], fit[1]))
            pdf = out / f"{p.name}.pdf"
            try:
                n = render(p, pdf)
                verify(pdf, p, n)
                break
            except Refit as e:
                fit[0] *= 0.8 if str(e) == "less" else 1.0
                fit[1] *= {"less_split": 0.85, "more_split": 1.2}.get(str(e), 1.0)
        else:  # rare: tables whose smallest form does not fit; another paper is drawn
            print(f"paper {i} never fitted its pages: skipped", file=sys.stderr)
            pdf.unlink(missing_ok=True)
            continue
        made += 1
        tr = truth(p, n)
        (out / f"{p.name}.truth.json").write_text(json.dumps(tr, indent=1, ensure_ascii=False))
        n_tab, n_fig = n_tab + len(tr["tables"]), n_fig + len(tr["savings"])
    print(f"seed {seed}: {papers} papers, {n_tab} tables, {n_fig} truth figures in {out}")
