"""Page images with the tables and figures read outlined, to check an extraction by eye.

What was read (each row's label, RAG rating and values) goes in a panel beside
the page, not on it: each row gets a small number in the margin left of its
table, and the panel lists the numbered rows. Text on the page would hide the
digits it describes. The panel's font is DejaVu Sans (the system's, else the
copy matplotlib ships); PIL's built-in font has no £, so with it amounts are
written "GBP".
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError


@dataclass(frozen=True)
class Outline:
    """A box to draw on a page image: what it is, and where (PDF points, origin top-left)."""

    kind: str  # table, table-continued, figure, total
    label: str
    box: tuple[float, float, float, float]


def page_outlines(con: Any, document_id: str, page: int) -> list[Outline]:
    """Tables (and the part of a long table on a later page) and figures on one page."""
    out: list[Outline] = []
    for t, x0, top, x1, bottom in con.execute(
        "select table_index, x0, top, x1, bottom from _tables where document_id = ? and page = ?",
        [document_id, page],
    ).fetchall():
        out.append(Outline("table", f"table {t}", (x0, top, x1, bottom)))
    for t, x0, top, x1, bottom in con.execute(
        "select f.table_index, least(min(f.x0), any_value(t.x0)), min(f.top),"
        " greatest(max(f.x1), any_value(t.x1)), max(f.bottom)"
        " from _figures f join _tables t using (document_id, table_index)"
        " where f.document_id = ? and f.page = ? and t.page <> f.page"
        " group by f.table_index",
        [document_id, page],
    ).fetchall():
        out.append(Outline("table-continued", f"table {t} (cont.)", (x0, top, x1, bottom)))
    for is_total, x0, top, x1, bottom in con.execute(
        "select is_total, x0, top, x1, bottom from _figures where document_id = ? and page = ?",
        [document_id, page],
    ).fetchall():
        out.append(Outline("total" if is_total else "figure", "", (x0, top, x1, bottom)))
    return out


@dataclass(frozen=True)
class RowRead:
    """One table row as read on one page: what the panel lists beside its number."""

    tag: int
    label: str
    rag: str | None
    is_total: bool
    #: The row's figures on this page (PDF points), and its table's left edge.
    box: tuple[float, float, float, float]
    table_x0: float
    #: (column label, amount in pounds or None, text as printed), left to right.
    values: tuple[tuple[str, Decimal | None, str], ...]


def page_rows(con: Any, document_id: str, page: int) -> list[RowRead]:
    """The rows with figures on one page, numbered top to bottom."""
    figures = con.execute(
        "select f.table_index, f.row_index, f.row_label, f.rag, f.is_total, f.x0, f.top,"
        " f.x1, f.bottom, t.x0, f.column_label, f.amount_gbp, f.printed"
        " from _figures f join _tables t using (document_id, table_index)"
        " where f.document_id = ? and f.page = ? order by f.table_index, f.row_index, f.x0",
        [document_id, page],
    ).fetchall()
    groups: dict[tuple[int, int], list[tuple[Any, ...]]] = {}
    for f in figures:
        groups.setdefault((f[0], f[1]), []).append(f)
    rows = []
    for fs in groups.values():
        first = fs[0]
        box = (
            min(f[5] for f in fs),
            min(f[6] for f in fs),
            max(f[7] for f in fs),
            max(f[8] for f in fs),
        )
        values = tuple((str(f[10] or ""), f[11], str(f[12] or "")) for f in fs)
        rows.append((box, first, values))
    rows.sort(key=lambda r: (r[0][1], r[1][0]))
    return [
        RowRead(i, str(first[2] or ""), first[3], bool(first[4]), box, float(first[9]), values)
        for i, (box, first, values) in enumerate(rows, start=1)
    ]


def _grow(box: tuple[float, float, float, float], by: float) -> tuple[float, ...]:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


_COLOURS = {
    "table": (220, 30, 30),
    "table-continued": (230, 120, 0),
    "figure": (30, 90, 220),
    "total": (20, 150, 60),
}


def render_page(
    pdf: Path,
    page: int,
    outlines: Iterable[Outline],
    out: Path,
    resolution: int = 110,
    rows: Sequence[RowRead] = (),
) -> Path:
    """A PNG of one page with the boxes drawn on it, for checking extraction by eye.

    With `rows`, each is numbered in the margin and listed in a panel on the right.
    """
    import pdfplumber
    from PIL import ImageDraw

    if out.suffix.lower() != ".png":
        raise PipelineError(f"{out}: page images are written as .png")
    if pdf.suffix.lower() != ".pdf":
        raise PipelineError(f"{pdf}: only PDF papers have page images")
    try:
        doc = pdfplumber.open(pdf)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise PipelineError(f"{pdf}: cannot open the PDF ({exc})") from exc
    with doc:
        if not 1 <= page <= len(doc.pages):
            raise PipelineError(f"{pdf}: page {page} is not in 1..{len(doc.pages)}")
        im = doc.pages[page - 1].to_image(resolution=resolution)
        items = list(outlines)
        for o in sorted(items, key=lambda o: o.kind.startswith("table")):
            rgb = _COLOURS.get(o.kind, (120, 120, 120))
            table = o.kind.startswith("table")
            # Figures: an outline a point clear of the digits, never a fill over them.
            x0, top, x1, bottom = o.box if table else _grow(o.box, 1.0)
            im.draw_rect(
                (x0, top, x1, bottom), stroke=rgb, fill=(*rgb, 0), stroke_width=3 if table else 1
            )
        draw = ImageDraw.Draw(im.annotated)
        k = resolution / 72
        for o in items:
            if not o.label:
                continue
            rgb = _COLOURS.get(o.kind, (120, 120, 120))
            draw.text((o.box[0] * k + 4, max(o.box[1] * k - 12, 0)), o.label, fill=rgb)
        image = im.annotated
        if rows:
            image = _with_panel(image, page, rows, k)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, format="PNG")
    return out


def panel_font(size: int) -> tuple[Any, bool]:
    """DejaVu Sans at `size` px (system, else matplotlib's copy); else PIL's font, and False
    (it has no £ sign)."""
    from PIL import ImageFont

    candidates = ["DejaVuSans.ttf"]
    try:
        import matplotlib

        candidates.append(f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf")
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    for name in candidates:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    # PIL's bitmap font (no FreeType needed), which has no £
    bitmap = getattr(ImageFont, "load_default_imagefont", ImageFont.load_default)
    return bitmap(), False


def _money(value: Decimal | None, printed: str, pound: bool) -> str:
    if value is None:
        return f"{printed!r} (no unit)"
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.0f}" if value == value.to_integral_value() else f"{abs(value):,.2f}"
    return f"{sign}£{body}" if pound else f"{sign}GBP {body}"


def panel_lines(page: int, rows: Sequence[RowRead], width: int, pound: bool = True) -> list[str]:
    """The panel's text: a key, then each numbered row with its RAG and values."""
    lines = [
        f"Page {page}: what was read",
        "red: table · blue: figure · green: total",
        "",
    ]
    for r in rows:
        head = f"{r.tag}. {r.label or '(no label)'}"
        head += f"  [{r.rag}]" if r.rag else ""
        head += "  (total)" if r.is_total else ""
        lines += textwrap.wrap(head, width, subsequent_indent="    ") or [head]
        vals = " · ".join(f"{c}: {_money(a, p, pound)}" for c, a, p in r.values)
        lines += textwrap.wrap(vals, width, initial_indent="    ", subsequent_indent="    ")
    return lines


def _with_panel(page_image: Any, page: int, rows: Sequence[RowRead], k: float) -> Any:
    """The page with each row's number in the margin, and the panel listing them beside it."""
    from PIL import Image, ImageDraw

    size = max(10, round(13 * k * 72 / 110))
    font, pound = panel_font(size)
    draw = ImageDraw.Draw(page_image)
    for r in rows:
        tag = str(r.tag)
        w = draw.textlength(tag, font=font) + 6
        mid = (r.box[1] + r.box[3]) / 2 * k
        x_right = r.table_x0 * k - 4
        x0 = x_right - w if x_right - w >= 0 else r.box[2] * k + 4  # else right of the row
        draw.rectangle(
            (x0, mid - size * 0.7, x0 + w, mid + size * 0.7), fill="white", outline="black"
        )
        draw.text((x0 + 3, mid - size * 0.6), tag, fill="black", font=font)
    char = max(draw.textlength("0", font=font), 1)
    panel_w = max(420, int(page_image.width * 0.55))
    lines = panel_lines(page, rows, int((panel_w - 24) / char), pound)
    step = int(size * 1.35)
    height = max(page_image.height, 16 + step * len(lines))
    canvas = Image.new("RGB", (page_image.width + panel_w, height), "white")
    canvas.paste(page_image.convert("RGB"), (0, 0))
    pen = ImageDraw.Draw(canvas)
    pen.line((page_image.width, 0, page_image.width, height), fill=(160, 160, 160), width=1)
    for i, line in enumerate(lines):
        pen.text((page_image.width + 12, 8 + i * step), line, fill="black", font=font)
    return canvas
