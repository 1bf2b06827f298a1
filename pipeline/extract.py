"""One paper through every stage but loading: parse → layout → tables → narrative → tag.

`extract_file` is what a researcher imports to look at one paper without a
warehouse; `pipeline ingest` calls it, stores the artefact and loads it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.authorities import authority_by_name, find_authority, is_acronym
from pipeline.cells import text_cell_blocks
from pipeline.layout import blocks_from_segments, grid_lines, page_lines
from pipeline.links import link_mentions
from pipeline.models import (
    Block,
    Check,
    DocumentInfo,
    Extraction,
    Figure,
    Line,
    Page,
    Segment,
    TableInfo,
)
from pipeline.nhsauthor import nhs_author
from pipeline.normalise import find_fiscal_years, month_period
from pipeline.reconcile import mark_arithmetic_totals, reconcile
from pipeline.running import running_lines
from pipeline.tables import extract_tables
from pipeline.tables.regions import Region

if TYPE_CHECKING:  # imported when a paper is read: it brings pdfplumber
    from pipeline.parse import Reading

log = logging.getLogger(__name__)

#: Bump when extraction changes what it produces: cached artefacts are then re-made.
EXTRACTOR_VERSION = 5
GENERATOR = f"budget-papers {__version__} extractor {EXTRACTOR_VERSION}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def extract_file(
    path: Path,
    *,
    authority: str | None = None,
    year: int | None = None,
    source_url: str | None = None,
    sha256: str | None = None,
    max_pages: int | None = None,
) -> Extraction:
    """Everything one paper yields. Raises PaperError when it cannot be read.

    A paper read with losses (a damaged page, data pdfminer could not decompress) is
    ``partial`` and says what was lost in ``document.warnings``, never a silent ``ok``.
    """
    from pipeline.parse import open_paper

    started = time.monotonic()
    digest = sha256 or sha256_file(path)
    reading = open_paper(path, max_pages=max_pages)
    ex = extract_pages(
        _take_pages(reading),  # extract_pages then holds the only reference, and lets go early
        source_file=str(path),
        sha256=digest,
        authority=authority,
        year=year,
        source_url=source_url,
    )
    ex.document.warnings = [*reading.lost, *reading.notes]
    if reading.lost:
        ex.document.status = "partial"
    log.info(
        "extracted %s: %d pages, %d tables, %d figures, %d mentions in %.2fs (%s)",
        path,
        ex.document.pages,
        len(ex.tables),
        len(ex.figures),
        len(ex.mentions),
        time.monotonic() - started,
        ex.document.status,
    )
    return ex


def extract_pages(
    pages: Sequence[Page],
    *,
    source_file: str,
    sha256: str,
    authority: str | None = None,
    year: int | None = None,
    source_url: str | None = None,
) -> Extraction:
    lines = [page_lines(p) for p in pages]
    running = running_lines(lines, pages)
    content = [[ln for ln in page if id(ln) not in running] for page in lines]
    tables = extract_tables(pages, content)
    narrative = narrative_blocks(pages, content, tables.used_lines, tables.forms, tables.side_text)
    doc = DocumentInfo(sha256=sha256, source_file=source_file, pages=len(pages))
    doc.source_url = source_url
    doc.title = _title(narrative)
    heads = [ln.text for ln in (lines[0] if lines else []) if id(ln) in running]
    # A title set over a table's columns is that table's caption: a heading all the same.
    captions = [t.caption for t in tables.tables if t.page == 1 and t.caption]
    _set_authority(doc, narrative, Path(source_file).name, authority, [*heads, *captions])
    # the page's first lines that a table took into its header, piece by piece: a title
    # standing over the middle one of three side-by-side lists (a fare card); lines of
    # running text are not read ("guidance issued by the government in January 2018")
    first = sorted(content[0], key=lambda ln: ln.bbox.top)[:4] if content else []
    top = [s.text for ln in first if id(ln) in tables.used_lines for s in ln.segments]
    doc.first_fy = (
        year if year is not None else _first_fy(narrative, Path(source_file).name, heads, top)
    )
    cells = text_cell_blocks(
        pages, content, tables.used_lines, tables.tables, tables.figures, tables.side_text
    )
    found_tables, found_figures = tables.tables, tables.figures
    # The pages' words and lines are not needed past here: let them go before tagging
    # (spaCy's own memory), when the caller holds no other reference (extract_file).
    del pages, lines, content, tables, running
    blocks = in_reading_order(narrative, cells)
    # spaCy is loaded on the first paper tagged, not by importing this module: a re-ingest
    # of unchanged papers or a rebuild from artefacts never needs it.
    from pipeline.tagging.core import tag_blocks

    tagged = tag_blocks(
        blocks,
        authority_names=_authority_names(doc.authority),
        authority_code=doc.authority_code,
        author_mentions=True,
    )
    figures = mark_arithmetic_totals(_paper_periods(found_figures, doc.first_fy))
    checks = reconcile([f for f in figures if f.amount_gbp is not None])
    _flag_checks(found_tables, checks)
    return Extraction(
        document=doc,
        generator=GENERATOR,
        blocks=blocks,
        tables=found_tables,
        figures=figures,
        checks=checks,
        mentions=link_mentions(tagged.mentions, tagged.claims, figures),
        claims=tagged.claims,
    )


def _take_pages(reading: Reading) -> list[Page]:
    """The reading's pages, which it no longer holds."""
    pages, reading.pages = reading.pages, []
    return pages


def in_reading_order(narrative: Sequence[Block], cells: Sequence[Block]) -> list[Block]:
    """Narrative blocks with table cells put where they stand on their page, renumbered:
    a cell goes after the last block of its page that starts above it."""
    out: list[Block] = list(narrative)
    for cell in sorted(cells, key=lambda b: (b.page, b.bbox.top, b.bbox.x0)):
        at = len(out)
        for i, b in enumerate(out):
            if b.page > cell.page or (b.page == cell.page and b.bbox.top > cell.bbox.top):
                at = i
                break
        out.insert(at, cell)
    return [dataclasses.replace(b, order=i) for i, b in enumerate(out)]


def _authority_names(name: str | None) -> list[str]:
    """The paper's council by its name and the acronyms it is known by ("KCC")."""
    if not name:
        return []
    found = authority_by_name(name)
    acronyms = [v for v in found.variants if is_acronym(v)] if found is not None else []
    return [name, *acronyms]


def _paper_periods(figures: Sequence[Figure], year: int | None) -> list[Figure]:
    """Figures of columns and tables that state no period take the paper's own year
    (the last link of the chain); with no year for the paper they keep none, and say so."""
    out = []
    for f in figures:
        if f.first_fy is None and f.period_source is None:
            if year is not None:
                f = dataclasses.replace(f, first_fy=year, last_fy=year, period_source="paper")
            else:
                f = dataclasses.replace(f, period_source="none: no period stated")
        out.append(f)
    return out


def _flag_checks(tables: Sequence[TableInfo], checks: Sequence[Check]) -> None:
    """A total that does not add up points at a misread (or a misprint): flag its table."""
    failing = Counter(c.table_index for c in checks if c.ok is False)
    unknown = Counter(c.table_index for c in checks if c.ok is None)
    total = Counter(c.table_index for c in checks)
    for t in tables:
        if failing[t.table_index]:
            t.review.append(
                f"{failing[t.table_index]} of {total[t.table_index]} totals do not add up"
            )
        if unknown[t.table_index]:
            t.review.append(
                f"{unknown[t.table_index]} totals match no rows above: derived rows, or a misread"
            )


def narrative_blocks(
    pages: Sequence[Page],
    lines: Sequence[Sequence[Line]],
    used: set[int],
    forms: Sequence[Region],
    side_text: dict[int, list[Segment]] | None = None,
) -> list[Block]:
    """Paragraphs outside tables and unruled grids of figures, in reading order; a ruled
    form's cells read row by row."""
    sizes = [w.size for p in pages for w in p.words]
    body = statistics.median(sizes) if sizes else 10.0
    out: list[Block] = []
    for page, page_lines_ in zip(pages, lines, strict=True):
        page_forms = [f for f in forms if f.page == page.number]
        in_form = {id(ln) for f in page_forms for ln in f.lines}
        free = [
            ln
            for ln in page_lines_
            if id(ln) not in used
            and id(ln) not in in_form
            and not any(f.bbox.contains_point(ln.bbox.xc, ln.bbox.yc, 1) for f in page_forms)
        ]
        # A grid of figures the table finder left (no money in it) is no prose either.
        grid = grid_lines(free)
        segs: list[Segment] = [s for ln in free if id(ln) not in grid for s in ln.segments]
        segs.extend((side_text or {}).get(page.number, []))
        blocks = blocks_from_segments(page.number, segs, body, 0)
        for form in sorted(page_forms, key=lambda f: f.bbox.top):
            # A ruled box of years and figures with no money (places per year) is a
            # table the table finder does not keep, not a form of words: not narrative.
            if len(grid_lines(form.lines)) == len(form.lines):
                continue
            cells = form_blocks(form, body)
            at = next(
                (i for i, b in enumerate(blocks) if b.bbox.top >= form.bbox.bottom - 1),
                len(blocks),
            )
            blocks[at:at] = cells
        for b in blocks:
            out.append(Block(b.page, len(out), b.kind, b.text, b.bbox))
    return out


def form_blocks(form: Region, body_size: float) -> list[Block]:
    """The cells of a ruled form (label | text), each as one block, row by row."""
    xs = sorted({round(r.bbox.x0, 0) for r in form.vrules})
    ys = sorted(set(form.hrules))
    cells: dict[tuple[int, int], list[Segment]] = {}
    for ln in form.lines:
        for s in ln.segments:
            row = sum(1 for y in ys if y <= s.bbox.yc)
            col = sum(1 for x in xs if x <= s.bbox.xc)
            cells.setdefault((row, col), []).append(s)
    out: list[Block] = []
    for key in sorted(cells):
        segs = sorted(cells[key], key=lambda s: (s.bbox.top, s.bbox.x0))
        made = blocks_from_segments(form.page, segs, body_size, 0)
        for b in made:
            kind = b.kind
            if kind == "paragraph" and len(b.text) < 90 and b.text.rstrip().endswith(":"):
                kind = "heading"
            out.append(Block(b.page, 0, kind, b.text, b.bbox))
    return out


def _title(blocks: Sequence[Block]) -> str | None:
    heads = [b for b in blocks if b.page == 1 and b.kind == "heading"][:2]
    if not heads:
        first = next((b for b in blocks if b.page == 1), None)
        return first.text[:200] if first else None
    return " — ".join(h.text for h in heads)[:300]


def _set_authority(
    doc: DocumentInfo,
    blocks: Sequence[Block],
    filename: str,
    override: str | None,
    headings: Sequence[str] = (),
) -> None:
    if override:
        found = authority_by_name(override)
        if found is not None:
            doc.authority, doc.authority_code = found.name, found.code
        else:  # pipeline.ingest refuses such a value; a direct caller is told here
            log.warning(
                "%s: authority %r names no one council: stored without a code", filename, override
            )
            doc.authority, doc.authority_code = override, None
        return
    local = local_council([*headings[:2], *[b.text for b in blocks if b.page == 1][:3]])
    if local is not None:
        # A town, parish or community council heads the paper: it wrote it, though it
        # has no GSS code in our table; the county council it writes to is not its author.
        doc.authority, doc.authority_code = local, None
        return
    early = [b.text for b in blocks if b.page <= 2]
    found = find_authority("\n".join(early), filename=filename)
    if found is not None:
        doc.authority, doc.authority_code = found.name, found.code
        return
    nhs = nhs_author([*headings, *[b.text for b in blocks if b.page == 1][:3]])
    if nhs is not None:
        # An NHS body heads a paper no council wrote (a CCG's list of payments): it wrote
        # it, and its code is its ODS code.
        doc.authority, doc.authority_code = nhs.canonical, nhs.code


#: a local (parish-tier) council as a paper's heading names it: "Royal Sutton Coldfield
#: Town Council", "MANORDEILO & SALEM COMMUNITY COUNCIL", "Foxton Parish Council"
_LOCAL_COUNCIL_RE = re.compile(
    r"((?:[A-Z][\w'\u2019.-]*\s+(?:(?:&|and|AND)\s+)?){1,6})"
    r"(?:[Tt]own|TOWN|[Pp]arish|PARISH|[Cc]ommunity|COMMUNITY)\s+(?:[Cc]ouncil|COUNCIL)\b"
)
#: a police force, its commissioner or a fire and rescue service opening a heading
_FORCE_RE = re.compile(
    r"(?:[A-Z][\w'\u2019&.-]*\s+){1,4}(?:POLICE|Police|CONSTABULARY|Constabulary"
    r"|(?:FIRE|Fire) (?:AND|and|&) (?:RESCUE|Rescue) (?:SERVICE|Service|AUTHORITY|Authority)"
    r"|(?:COMBINED|Combined) (?:AUTHORITY|Authority))"
    # a police and crime commissioner, "(Office of the) Police and Crime Commissioner for X"
    r"|(?i:(?:the )?office of the )?(?i:police,? (?:fire )?(?:and|&) crime commissioner)"
    r" (?:for|FOR) (?:[A-Z][\w'\u2019&.-]*(?: (?:and|&|AND) )?\s*){1,4}"
)
_HEADING_WORDS = frozenset(
    {"the", "of", "meeting", "minutes", "agenda", "notes", "for", "to", "at"}
)


def local_council(heading: Sequence[str]) -> str | None:
    """The town, parish or community council a paper's first lines name as its own, as
    printed ("Manordeilo & Salem Community Council"), or the police force, police and crime
    commissioner, fire and rescue service or combined authority a paper is headed by
    ("HUMBERSIDE POLICE", a letter's first line: stored as printed, no code); None when
    they name none. Words of the heading before the name ("Minutes of the meeting of
    the") are left out."""
    for text in heading:
        first = " ".join(text.strip().split("\n", 1)[0].split())
        if _FORCE_RE.fullmatch(first):
            return first
    for text in heading:
        m = _LOCAL_COUNCIL_RE.search(" ".join(text.split()))
        if m is None:
            continue
        words = m.group(0).split()
        while words and words[0].lower() in _HEADING_WORDS:
            words.pop(0)
        if len(words) > 2:
            return " ".join(words)
    return None


def _first_fy(
    blocks: Sequence[Block], filename: str, running: Sequence[str] = (), top: Sequence[str] = ()
) -> int | None:
    """The fiscal year a paper is for: from its title and first headings, else the
    running head its pages repeat ("Budget Risks Register 2025-26" over every page, where
    the title is that head), else its file name, else a month its title or first lines
    name (`top`: the first lines of page one, even those a table's header took)."""
    heads = [b.text for b in blocks if b.page == 1 and b.kind == "heading"][:4]
    for text in [*heads, *running]:
        spans = find_fiscal_years(text)
        if spans:
            return spans[0].first_fy
    stem = re.sub(r"[_.]", " ", Path(filename).stem)
    spans = find_fiscal_years(stem)
    if spans:
        return spans[0].first_fy
    # A title naming a month ("NHS Brent CCG - May 2020", a monthly list) is for the
    # fiscal year that month falls in.
    for text in [*heads, *top]:
        period = month_period(text) if len(text) <= 80 else None
        if period is not None:
            return period[0]
    return None
