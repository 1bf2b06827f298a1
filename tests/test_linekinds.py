"""The table finder's line kinds, remembered per line while a paper's tables are found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import pipeline.tables as tables
from pipeline.layout import page_lines
from pipeline.models import BBox, Line, Segment, Word
from pipeline.parse import read_paper
from pipeline.running import running_lines
from pipeline.tables.linekinds import kinds_remembered, line_kinds

GENERATED = Path(__file__).parent / "fixtures" / "generated"


def _line(*texts: str) -> Line:
    segs = []
    for i, text in enumerate(texts):
        box = BBox(100.0 * i, 0.0, 100.0 * i + 50.0, 10.0)
        segs.append(Segment([Word(text, box, 10.0, False)], box))
    return Line(
        page=1, words=[w for s in segs for w in s.words], segments=segs, bbox=BBox(0, 0, 300, 10)
    )


def test_remembered_kinds_are_the_callers_own_and_end_with_the_block() -> None:
    line = _line("Homecare", "1,000", "Green")
    with kinds_remembered():
        first = line_kinds(line)
        first.append("changed")  # a caller changing its list changes nothing remembered
        assert line_kinds(line) == ["text", "num", "rag"]
        with kinds_remembered():  # nested: the same memory
            assert line_kinds(line) == ["text", "num", "rag"]
    other = _line("Total", "2,000")
    assert line_kinds(other) == ["text", "num"]  # outside any block: worked out each time


@pytest.mark.parametrize("pdf", sorted(GENERATED.glob("*.pdf"))[:6], ids=lambda p: p.stem)
def test_tables_found_with_remembered_kinds_equal_those_without(pdf: Path) -> None:
    """The remembered kinds are the same as working them out at every question: the
    same tables and figures from generated papers."""

    def found(extract: Callable[..., tables.TablesResult]) -> str:
        pages = read_paper(pdf)
        lines = [page_lines(p) for p in pages]
        running = running_lines(lines, pages)
        content = [[ln for ln in page if id(ln) not in running] for page in lines]
        got = extract(pages, content)
        return repr((got.tables, got.figures, got.side_text))

    assert found(tables.extract_tables) == found(tables._extract_tables)
