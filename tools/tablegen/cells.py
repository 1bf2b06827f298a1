"""What a cell shows, shared by the three renderers: printed figures, text cells, header cells.

Each producer draws the same plan; these functions say what every cell holds so that the
spreadsheet, the Word table and the web page print the same text in the same places.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import Col, Row, Table


def fmt(v: Decimal | None, t: Table, pct: bool = False) -> str:
    if v is None:
        return ""
    neg = t.factors["negatives"]
    if pct:
        s = f"{abs(v):.1f}%"
    elif v == 0:
        return "–" if t.factors["nil"] == "en_dash" else "-"
    else:
        s = f"{abs(v):,.{t.decimals}f}"
        if t.factors["unit_where"] == "cell":
            s = f"£{s}{t.cell_suffix}"
    if v < 0:
        return {"minus": f"-{s}", "brackets": f"({s})", "unicode_minus": f"−{s}"}[neg]
    return s


def xlsx_format(t: Table, pct: bool = False) -> str:
    if pct:
        base = "0.0%"
        zero = base
    else:
        base = "#,##0" + ("." + "0" * t.decimals if t.decimals else "")
        if t.factors["unit_where"] == "cell":
            base = '"£"' + base + (f'"{t.cell_suffix}"' if t.cell_suffix else "")
        zero = '"–"' if t.factors["nil"] == "en_dash" else '"-"'
    neg = {"minus": "-" + base, "brackets": "(" + base + ")", "unicode_minus": '"−"' + base}[
        t.factors["negatives"]
    ]
    return f"{base};{neg};{zero}"


def rag_text(t: Table, r: Row) -> str:
    if r.rag is None or t.factors["rag"] == "colour":
        return ""
    return r.rag if t.factors["rag"] == "word" else r.rag[0]


def docx_widths(t: Table, width_cm: float) -> list[float]:
    """Column widths in cm: figure columns fit their widest figure (Word would break a
    figure over two lines, which no council prints and the truth cannot hold); text
    columns share the rest in proportion."""
    per_char, pad = 0.21, 0.6  # cm: 8.5pt digits with room to spare, and Word's cell margins
    fixed: dict[int, float] = {}
    for j, c in enumerate(t.cols):
        if c.kind in ("money", "pct"):
            printed = [len(fmt(r.values.get(j), t, c.kind == "pct")) for r in t.rows]
            fixed[j] = per_char * max(printed, default=4) + pad
    total_w = sum(c.width for c in t.cols)
    out = []
    for j, c in enumerate(t.cols):
        proportional = width_cm * c.width / total_w
        out.append(max(proportional, fixed[j]) if j in fixed else proportional)
    rest = width_cm - sum(out[j] for j in fixed)
    text_w = sum(c.width for j, c in enumerate(t.cols) if j not in fixed)
    for j, c in enumerate(t.cols):
        if j not in fixed and text_w:
            out[j] = max(1.0, rest * c.width / text_w)
    return out


def text_of(t: Table, c: Col, r: Row) -> str:
    if c.kind == "label":
        return r.label
    if r.kind != "data":
        return ""
    return {"ref": r.ref, "category": r.category, "lead": r.lead, "rag": rag_text(t, r)}.get(
        c.kind, ""
    )


@dataclass
class HCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


def header_cells(t: Table) -> list[HCell]:
    out: list[HCell] = []
    d = t.depth
    cols = t.cols
    for j, c in enumerate(cols):
        if c.kind in ("money",):
            continue
        if t.text_header_merge and d > 1:
            out.append(HCell(0, j, d, 1, c.header))
        else:
            out.extend(HCell(r, j, 1, 1, "") for r in range(d - 1))
            out.append(HCell(d - 1, j, 1, 1, c.header))
    for r in range(d):
        j = 0
        while j < len(cols):
            c = cols[j]
            if c.kind != "money":
                j += 1
                continue
            text, g = c.lines[r]
            k = j + 1
            while k < len(cols) and cols[k].kind == "money" and cols[k].lines[r] == (text, g):
                k += 1
            out.append(HCell(r, j, 1, k - j, text))
            j = k
    return out


def units_row(t: Table) -> list[str] | None:
    if t.factors["unit_where"] != "units_row":
        return None
    return [t.unit_text if c.kind == "money" else "%" if c.kind == "pct" else "" for c in t.cols]


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes in a spreadsheet column of this width (in characters)."""
    per = max(4, int(width * 1.25) - 2)
    lines, cur = 1, 0
    for w in text.split():
        if cur and cur + 1 + len(w) > per:
            lines, cur = lines + 1, len(w)
        else:
            cur += len(w) + (1 if cur else 0)
    return lines


def category_runs(t: Table) -> list[tuple[int, int]]:
    """(first, last) body rows of each run of two or more data rows in one category: the
    cells a producer merges when the table merges its category column."""
    runs = []
    k = 0
    while k < len(t.rows):
        r0 = t.rows[k]
        e = k
        while (
            e + 1 < len(t.rows)
            and r0.kind == "data"
            and t.rows[e + 1].kind == "data"
            and t.rows[e + 1].category == r0.category
        ):
            e += 1
        if e > k:
            runs.append((k, e))
        k = e + 1
    return runs
