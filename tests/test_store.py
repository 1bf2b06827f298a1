"""Artefacts round-trip exactly, so the warehouse can be rebuilt without parsing again."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pipeline.models import BBox, Check, DocumentInfo, Extraction, Figure, Mention, TableInfo
from pipeline.store import list_artefacts, read_extraction, write_extraction


def test_store_round_trip_is_exact(tmp_path: Path) -> None:
    ex = Extraction(
        document=DocumentInfo(sha256="ab" * 32, source_file="x.pdf", pages=2, authority="Kent"),
        generator="test",
        figures=[
            Figure(
                1,
                0,
                0,
                "S",
                "Homecare",
                "Red",
                "2019/20",
                "saving",
                2019,
                2019,
                Decimal("-1234567.89"),
                "(1,234.56789)",
                Decimal(1000),
                False,
                "*",
                BBox(1.5, 2, 3, 4),
            )
        ],
        tables=[TableInfo(0, 1, 2, BBox(0, 0, 1, 1), None, "ruled", ["a", "b"], None, 1, 1)],
        checks=[Check(1, 0, "Total", "c", Decimal(1), Decimal(2), Decimal(1), False, "rows")],
        mentions=[Mention(1, "MONEY", "£1.2m", "s", 0, 0, 5, amount_gbp=Decimal("1200000"))],
    )
    path = write_extraction(tmp_path, ex)
    assert path.name == "ab" * 32 + ".json"
    back = read_extraction(path)
    assert back == ex
    assert isinstance(back.figures[0].amount_gbp, Decimal)
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_write_in_progress_is_no_artefact(tmp_path: Path) -> None:
    """Workers write artefacts; one killed mid-write leaves its temporary file, which a
    rebuild must not read as a paper."""
    (tmp_path / ".tmp-abc.json").write_text('{"document": {', encoding="utf-8")
    (tmp_path / ("cd" * 32 + ".json")).write_text("{}", encoding="utf-8")
    assert list_artefacts(tmp_path) == [tmp_path / ("cd" * 32 + ".json")]
