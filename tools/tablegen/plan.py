"""The plan: papers and their tables, every layout factor dealt from balanced decks, from the
seed alone.

Factors are dealt from shuffled decks (`Deck`), so a few dozen tables cover every level; the
rest of each table (its columns, rows and figures) is drawn by `columns` and `rows` from the
same random stream. Pages are the only part of the truth not known here: they are read back
from the rendered PDF (`truth.locate_rows`).
"""

from __future__ import annotations

import csv
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from .columns import Layout, all_columns, choose_layout, header_lines, money_blocks
from .model import Deck, Paper, Table, fy
from .rows import plan_rows
from .vocabulary import (
    CAPTIONS,
    DEALT,
    DIRECTORATES,
    FACTORS,
    HEADER_FILLS,
    REPORT_UNIT_NOTES,
    SCHEME_TEMPLATES,
    SENTENCES,
    TITLES,
)

ROOT = Path(__file__).resolve().parents[2]


def authorities() -> list[tuple[str, str]]:
    with open(ROOT / "pipeline" / "data" / "authorities.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["valid_to"]]
    return [(r["name"], r["gss_code"]) for r in rows if r["nation"] in ("England", "Wales")]


def label_pool(rng: random.Random, scheme: bool) -> list[tuple[str, str]]:
    """(directorate, label) pairs, every service at most once, shuffled."""
    out = []
    for d, (_, services) in DIRECTORATES.items():
        for s in services:
            if scheme:
                t = rng.choice(SCHEME_TEMPLATES)
                out.append((d, t.format(b=s, l=s[0].lower() + s[1:])))
            else:
                out.append((d, s))
    rng.shuffle(out)
    return out


def _base(label: str) -> str:
    """The service a label is made from."""
    for _, (_, services) in DIRECTORATES.items():
        for s in services:
            if s.lower() in label.lower():
                return s.lower()
    return label.lower()


def caption_and_sentence(
    rng: random.Random, f: dict[str, Any], lay: Layout, caption_year: int | None, tno: int
) -> tuple[str | None, str | None]:
    """The table's caption (naming its year or unit where the factors put them there) and the
    sentence before it (naming its unit where unit_where=sentence)."""
    yw = f["years_where"]
    want_caption = f["unit_where"] == "caption" or yw == "caption" or rng.random() < 0.7
    caption = None
    if want_caption:
        cap = rng.choice(CAPTIONS)
        if yw == "caption" and caption_year is not None:
            cap += " " + fy(caption_year, lay.ystyle)
        if f["unit_where"] == "caption":
            cap += rng.choice([f" ({lay.unit_text})", f" - {lay.unit_text}", f" {lay.unit_text}"])
        caption = rng.choice([f"Table {tno}: ", f"Table {tno} - ", ""]) + cap
    sentence = None
    if f["unit_where"] == "sentence":
        sentence = rng.choice(SENTENCES[str(lay.unit)])
    elif rng.random() < 0.3:
        sentence = "The table below sets out the position for each service."
    return caption, sentence


def plan_table(
    rng: random.Random,
    f: dict[str, Any],
    fy0: int,
    pool: list[tuple[str, str]],
    tno: int,
    report: tuple[Decimal, str] | None = None,
) -> Table:
    """One table: layout, columns, rows, caption and styling, drawn in that order."""
    lay = choose_layout(rng, f, report)
    blocks, caption_year = money_blocks(rng, f, fy0, lay)
    header_lines(rng, f, blocks, lay)
    cols_all, ref = all_columns(rng, f, blocks, lay)
    rows = plan_rows(rng, f, cols_all, ref, lay, pool)
    caption, sentence = caption_and_sentence(rng, f, lay, caption_year, tno)
    return Table(
        factors=f,
        caption=caption,
        sentence=sentence,
        cols=cols_all,
        rows=rows,
        depth=lay.depth,
        unit=lay.unit,
        unit_text=lay.unit_text,
        decimals=lay.decimals,
        cell_suffix=lay.suffix,
        year_style=lay.ystyle,
        header_fill=rng.choice(HEADER_FILLS),
        total_fill=rng.choice([None, "F2F2F2", "D9D9D9"]),
        category_merge=rng.random() < 0.5,
        text_header_merge=rng.random() < 0.6,
    )


def _paper_tables(
    rng: random.Random, decks: dict[str, Deck], producer: str, fy0: int, k: int
) -> list[Table]:
    """Up to k tables for one paper; a label is used once per paper, whichever pool it is in."""
    pool_scheme = label_pool(rng, scheme=True)
    pool_plain = label_pool(rng, scheme=False)
    tables: list[Table] = []
    for t in range(k):
        f = {key: decks[key].deal() for key in DEALT}
        f["producer"] = producer
        if any(x.factors["long"] for x in tables):
            f["long"] = False
        pool = pool_scheme if rng.random() < 0.5 else pool_plain
        if len(pool) < 8:
            break
        report = next(
            ((x.unit, x.unit_text) for x in tables if x.factors["unit_where"] == "report"), None
        )
        tables.append(plan_table(rng, f, fy0, pool, t + 1, report))
        seen = {r.label for x in tables for r in x.rows}
        seen_base = {_base(s) for s in seen}
        pool_scheme[:] = [p for p in pool_scheme if _base(p[1]) not in seen_base]
        pool_plain[:] = [p for p in pool_plain if _base(p[1]) not in seen_base]
    return tables


def _file_name(name: str, producer: str, fy0: int, number: int, used: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    slug = re.sub(r"-(city|county|borough|metropolitan|district)?-?council$", "", slug)
    fname = f"{slug}-{producer}-{fy0}-{number:03d}"
    while fname in used:
        fname += "x"
    used.add(fname)
    return fname


def _paper(
    rng: random.Random,
    fname: str,
    producer: str,
    auth: tuple[str, str],
    fy0: int,
    tables: list[Table],
) -> Paper:
    name, code = auth
    stated = next((t for t in tables if t.factors["unit_where"] == "report"), None)
    wide = max(len(t.cols) for t in tables) > 6 or any(
        sum(c.width for c in t.cols) > 95 for t in tables
    )
    return Paper(
        name=fname,
        producer=producer,
        authority=name,
        code=code,
        first_fy=fy0,
        title=f"{name}: {rng.choice(TITLES)} {fy(fy0, tables[0].year_style)}",
        intro=rng.choice(
            [
                "This appendix sets out the detailed figures referred to in the main report.",
                "The tables below support the recommendations to Cabinet.",
                "Members are asked to note the position set out below.",
            ]
        ),
        landscape=wide or rng.random() < 0.2,
        tables=tables,
        font=rng.choice(["Arial", "Calibri", "Times New Roman", "Verdana"]),
        unit_note=rng.choice(REPORT_UNIT_NOTES).format(u=stated.unit_text) if stated else None,
    )


def plan(seed: int, n_tables: int) -> list[Paper]:
    """Papers holding n_tables tables in all, depending only on the seed."""
    rng = random.Random(seed)
    decks = {k: Deck(rng, FACTORS[k]) for k in DEALT}
    decks["long"] = Deck(rng, [False, False, False, True])  # about one table in four
    producers = Deck(rng, ["xlsx", "xlsx", "docx", "html"])
    auths = authorities()
    papers: list[Paper] = []
    made = 0
    used_names: set[str] = set()
    while made < n_tables:
        producer = producers.deal()
        auth = rng.choice(auths)
        fy0 = rng.randint(2015, 2026)
        k = min(rng.choice([1, 2, 2, 3, 3, 4]), n_tables - made)
        tables = _paper_tables(rng, decks, producer, fy0, k)
        if not tables:
            continue
        made += len(tables)
        fname = _file_name(auth[0], producer, fy0, len(papers) + 1, used_names)
        papers.append(_paper(rng, fname, producer, auth, fy0, tables))
    return papers
