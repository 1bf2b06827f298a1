"""Artefacts round-trip exactly, so the warehouse can be rebuilt without parsing again."""

from __future__ import annotations

import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import BBox, Check, DocumentInfo, Extraction, Figure, Mention, TableInfo
from pipeline.store import (
    _jsonable_part,
    dump_indented,
    from_jsonable,
    list_artefacts,
    read_extraction,
    write_extraction,
)


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


@dataclasses.dataclass
class _Record:
    name: Any
    value: Any


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False).map(Decimal)
)
_KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_KEYS, inner, max_size=4)
        | st.builds(_Record, inner, inner)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_dump_indented_writes_what_json_dump_writes(value: Any) -> None:
    """The artefact writer's encoder against json's own, as `_write_local` called it."""
    want, got = io.StringIO(), io.StringIO()
    json.dump(value, want, ensure_ascii=False, indent=1, default=_jsonable_part)
    dump_indented(value, got, default=_jsonable_part)
    assert got.getvalue() == want.getvalue()


def test_dump_indented_writes_a_long_list_in_pieces() -> None:
    """More pieces than it holds at once: written as it goes, the same text in the end."""
    value = [{"n": i, "x": [i / 7, str(i)]} for i in range(5000)]
    want, got = io.StringIO(), io.StringIO()
    json.dump(value, want, ensure_ascii=False, indent=1)
    dump_indented(value, got, default=_jsonable_part)
    assert got.getvalue() == want.getvalue()


def test_dump_indented_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        dump_indented({(1, 2): 3}, io.StringIO(), default=_jsonable_part)
    with pytest.raises(TypeError):
        dump_indented([object()], io.StringIO(), default=_jsonable_part)


def test_an_object_of_another_version_is_read_field_by_field() -> None:
    """An object lacking a field takes the field's default; one with a key this version
    does not know ignores it; one with every field reads the same as with keywords."""
    whole = {
        "page": 2, "table_index": 0, "row_index": 3, "section": None, "row_label": "Homecare",
        "rag": "Red", "column_label": "2019/20", "measure": "saving", "first_fy": 2019,
        "last_fy": 2019, "amount_gbp": "-1234.50", "printed": "(1,234.5)", "unit": "1",
        "is_total": False, "footnote": None,
        "bbox": {"x0": 1.5, "top": 2.0, "x1": 3.0, "bottom": 4.0},
        "ref": "A1", "attributes": {"Lead": "Jo"}, "unit_source": "cell",
        "period_source": "column",
    }  # fmt: skip
    figure = from_jsonable(Figure, whole)
    assert figure.amount_gbp == Decimal("-1234.50") and isinstance(figure.unit, Decimal)
    assert figure.bbox == BBox(1.5, 2.0, 3.0, 4.0) and figure.attributes == {"Lead": "Jo"}
    older = {k: v for k, v in whole.items() if k not in ("ref", "attributes")}
    assert from_jsonable(Figure, older) == dataclasses.replace(figure, ref=None, attributes={})
    newer = {**whole, "confidence": 0.5}
    assert from_jsonable(Figure, newer) == figure
    swapped = {**{k: v for k, v in whole.items() if k != "ref"}, "confidence": 0.5}
    assert from_jsonable(Figure, swapped) == dataclasses.replace(figure, ref=None)
    with pytest.raises(TypeError):  # a required field missing is an error, as it was
        from_jsonable(Figure, {k: v for k, v in whole.items() if k != "page"})
