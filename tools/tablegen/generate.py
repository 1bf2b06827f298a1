"""Plan, render, convert and write the truth: the generator's one entry point and its command
line (``tools/gen_tables.py``)."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .convert import chromium_convert, soffice_convert
from .plan import plan
from .render_docx import render_docx
from .render_html import render_html
from .render_xlsx import render_xlsx
from .truth import locate_rows, truth

DESCRIPTION = (
    "A second, independent generator of council-style tables, made by the producers councils use."
)


def generate(
    seed: int,
    n_tables: int,
    out: Path,
    keep_source: bool = False,
    producers: Sequence[str] = ("xlsx", "docx", "html"),
) -> list[Path]:
    """Plan, render, convert and write truth; returns the truth files written."""
    out.mkdir(parents=True, exist_ok=True)
    papers = [p for p in plan(seed, n_tables) if p.producer in producers]
    with tempfile.TemporaryDirectory(prefix="gen-src-") as tmp:
        src = out if keep_source else Path(tmp)
        office: list[Path] = []
        for p in papers:
            if p.producer == "xlsx":
                f = src / f"{p.name}.xlsx"
                render_xlsx(p, f)
                office.append(f)
            elif p.producer == "docx":
                f = src / f"{p.name}.docx"
                render_docx(p, f)
                office.append(f)
            else:
                f = src / f"{p.name}.html"
                render_html(p, f)
                chromium_convert(f, out / f"{p.name}.pdf")
        if office:
            soffice_convert(office, out)
    written = []
    for p in papers:
        pdf = out / f"{p.name}.pdf"
        n = locate_rows(pdf, p)
        tf = out / f"{p.name}.truth.json"
        tf.write_text(
            json.dumps(truth(p, n), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(tf)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=DESCRIPTION)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--keep-source", action="store_true", help="keep .xlsx/.docx/.html")
    ap.add_argument("--producers", default="xlsx,docx,html")
    a = ap.parse_args(argv)
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    files = generate(a.seed, a.tables, a.out, a.keep_source, a.producers.split(","))
    n_tab = sum(len(json.loads(f.read_text())["tables"]) for f in files)
    print(f"seed {a.seed}: {len(files)} papers, {n_tab} tables in {a.out}")
