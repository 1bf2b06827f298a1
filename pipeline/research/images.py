"""Page images with the tables and figures read outlined, to check an extraction by eye."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


def _grow(box: tuple[float, float, float, float], by: float) -> tuple[float, ...]:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


_COLOURS = {
    "table": (220, 30, 30),
    "table-continued": (230, 120, 0),
    "figure": (30, 90, 220),
    "total": (20, 150, 60),
}


def render_page(
    pdf: Path, page: int, outlines: Iterable[Outline], out: Path, resolution: int = 110
) -> Path:
    """A PNG of one page with the boxes drawn on it, for checking extraction by eye."""
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
        out.parent.mkdir(parents=True, exist_ok=True)
        im.save(out, format="PNG", quantize=False)  # exact outline colours
    return out
