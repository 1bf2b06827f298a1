"""The load's spool carries every value exactly: what goes in is what DuckDB holds."""

from __future__ import annotations

import json
import math
import os
import random
import struct
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.bulk import COLUMNS, Spool, _plain, _row_encoder, insert, one_thread
from pipeline.load import ensure_schema

_CHECK_COLUMNS = [c for c, _ in COLUMNS["_checks"]]


def _check_row(label: str | None, money: Decimal, ok: bool | None) -> tuple[object, ...]:
    return ("d" * 16, 3, 0, label, "2019/20", money, -money, Decimal("0.00"), ok, "rows")


@settings(max_examples=60, deadline=None)
@given(
    label=st.one_of(st.none(), st.text(max_size=40)),
    pence=st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1),
    ok=st.one_of(st.none(), st.booleans()),
)
def test_text_money_and_nulls_arrive_as_given(
    label: str | None, pence: int, ok: bool | None
) -> None:
    """Any text (quotes, backslashes, newlines, £, empty — never confused with NULL),
    and money to the penny at the edges of DECIMAL(18,2)."""
    if label is not None and any(0xD800 <= ord(c) <= 0xDFFF for c in label):
        label = label.encode("utf-8", "replace").decode("utf-8")
    money = Decimal(pence).scaleb(-2)
    con = duckdb.connect()
    ensure_schema(con)
    insert(con, "_checks", [_check_row(label, money, ok)])
    got = con.execute(f"select {', '.join(_CHECK_COLUMNS)} from _checks").fetchall()
    assert got == [_check_row(label, money, ok)]


def test_doubles_lists_and_times_arrive_bit_for_bit() -> None:
    """Boxes are doubles: every one reads back as the same double, however many digits."""
    rng = random.Random(7)
    doubles = [struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0] for _ in range(4000)]
    doubles = [d for d in doubles if math.isfinite(d)] + [0.1, -0.0, 595.2755905511812]
    rows = [
        ("d" * 16, 1, n, "paragraph", f"text {n}", d, -d, d / 3, d * 7, None, None)
        for n, d in enumerate(doubles)
    ]
    con = duckdb.connect()
    ensure_schema(con)
    insert(con, "_blocks", rows)
    got = con.execute("select x0, top, x1, bottom from _blocks order by block_order").fetchall()
    want = [r[5:9] for r in rows]
    assert [tuple(struct.pack("d", v) for v in g) for g in got] == [
        tuple(struct.pack("d", v) for v in w) for w in want
    ]
    when = datetime(2026, 11, 30, 4, 5, 6, 789012)
    doc = ("e" * 16, "a.pdf", "e" * 64, None, None, "T", 2019, 3, "ok", None, when)
    doc += (None, "gen", None, ["a", "", "b\n"], None)
    insert(con, "_documents", [doc])
    row = con.execute("select ingested_at, warnings from _documents").fetchone()
    assert row == (when, ["a", "", "b\n"])


def test_a_spool_keeps_row_order_and_loads_in_another_process_s_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows load in the order written, over many chunks, and a detached spool loads from
    its folder alone (a worker writes it, the ingesting process loads it); closing
    removes the files."""
    monkeypatch.setattr("pipeline.bulk.CHUNK", 1000)
    spool = Spool(str(tmp_path / "spool"))
    spool.write("_checks", (_check_row(f"r{n}", Decimal(n), None) for n in range(300)))
    spool.detach()
    spool.write("_checks", (_check_row(f"r{n}", Decimal(n), None) for n in range(300, 500)))
    folder = spool.detach()
    chunks = sorted(os.listdir(folder))
    assert len(chunks) > 50 and chunks[0] == "_checks.00000.ndjson"
    assert all(os.path.getsize(os.path.join(folder, c)) <= 1000 for c in chunks)
    con = duckdb.connect()
    ensure_schema(con)
    with Spool(folder) as again:
        again.insert(con, ["_figures", "_checks"])  # a table with no rows is skipped
    labels = [r[0] for r in con.execute("select row_label from _checks order by rowid").fetchall()]
    assert labels == [f"r{n}" for n in range(500)]
    assert not os.path.exists(folder)


def test_one_thread_inside_and_the_thread_count_put_back_even_after_an_error() -> None:
    con = duckdb.connect()
    con.execute("set threads = 3")

    def threads() -> int:
        return int(con.execute("select current_setting('threads')").fetchone()[0])  # type: ignore[index]

    with one_thread(con):
        assert threads() == 1
    assert threads() == 3
    with pytest.raises(duckdb.Error), one_thread(con):
        con.execute("select error('a failed load')").fetchall()
    assert threads() == 3


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.datetimes(),
    st.lists(st.one_of(st.none(), st.text(max_size=8)), max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(row=st.dictionaries(st.text(max_size=12), _VALUES, max_size=8))
def test_the_row_encoder_writes_what_json_s_encoder_writes(row: dict[str, object]) -> None:
    """The spool's encoder (one C encoder made once) gives the very text of
    ``json.JSONEncoder(ensure_ascii=False, default=...)``: any text, NaN and the
    infinities, big integers, money as its digits, times, lists."""
    assert _row_encoder()(row) == json.JSONEncoder(ensure_ascii=False, default=_plain).encode(row)


def test_the_row_encoder_refuses_what_json_refuses() -> None:
    """A value with no JSON form is the same TypeError, naming it, not text of some kind."""
    with pytest.raises(TypeError, match="cannot load a complex value"):
        _row_encoder()({"x": 1j})
