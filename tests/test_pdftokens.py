"""playa's lexer is trusted with a content stream only where it reads it as pdfminer does.

The property: for generated streams (numbers in several spellings, names, literal and
hex strings with escapes and raw line ends, arrays, dictionaries, comments, operators,
stray characters, inline images, glued or split across two streams),
``content_objects`` either declines (None: pdfminer's parser reads the stream) or
gives exactly the objects pdfminer's ``PDFContentParser`` gives. Then whole pages:
the lean backend's records equal pdfplumber's on hand-written streams, each of the
risky ones read by pdfminer's parser and the plain one by playa's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from pipeline.parse import read_pdf_paper
from pipeline.pdftokens import STATS, content_objects
from tests.conftest import one_page_pdf


def pdfminer_objects(datas: list[bytes]) -> list[Any]:
    streams = []
    for i, data in enumerate(datas):
        s = PDFStream({}, data)
        s.set_objid(i + 1, 0)
        streams.append(s)
    parser = PDFContentParser(streams)
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


_NUMBERS = st.one_of(
    st.integers(-100000, 100000).map(lambda n: str(n).encode()),
    st.sampled_from([b"1.5", b".5", b"-.25", b"5.", b"+3", b"-0", b"0.0", b"1..2", b"12e3"]),
)
_NAMES = st.sampled_from([b"/F1", b"/Span", b"/MCID", b"/A#20B", b"/\xe9t\xe9", b"/", b"/P"])
_STRING_PARTS = [b"a", b"Z", b" ", b"\\(", b"\\)", b"\\\\", b"\\n", b"\\r", b"\\q", b"\\0"]
_STRING_PARTS += [b"\\101", b"\\777", b"\\\r\n", b"\\\n", b"\r", b"\n", b"\r\n", b"\x00", b"%"]
_STRING_BYTES = st.lists(
    st.sampled_from([*_STRING_PARTS, b"<", b"(x)"]),
    max_size=6,
).map(lambda parts: b"(" + b"".join(parts) + b")")
_HEX = st.sampled_from([b"<48656C6C6F>", b"<4 8 6>", b"<>", b"<0g>", b"<00410042>", b"<a>"])
_OPS = st.sampled_from(
    [b"Tj", b"TJ", b"Td", b"Tf", b"BT", b"ET", b"q", b"Q", b"re", b"f", b"cm", b"T*", b"'",
     b'"', b"BDC", b"EMC", b"true", b"false", b"null", b"R", b"-", b">", b"\x00", b"}", b"{"]
)  # fmt: skip
_MISC = st.sampled_from(
    [b"[", b"]", b"<<", b">>", b"% note\n", b"%end", b"BI /W 1 /H 1 ID \x00\x01 EI", b"1 0 R"]
)
_TOKENS = st.one_of(_NUMBERS, _NAMES, _STRING_BYTES, _HEX, _OPS, _MISC)
_SPACES = st.sampled_from([b" ", b"\n", b"\r\n", b"\r", b"", b"\t"])


@st.composite
def streams(draw: st.DrawFn) -> list[bytes]:
    parts = draw(st.lists(st.tuples(_TOKENS, _SPACES), max_size=14))
    data = b"".join(t + s for t, s in parts)
    if draw(st.booleans()) and len(data) > 1:
        cut = draw(st.integers(1, len(data) - 1))
        return [data[:cut], data[cut:]]
    return [data]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams())
def test_playa_objects_are_pdfminers_or_declined(datas: list[bytes]) -> None:
    try:
        expected = pdfminer_objects(datas)
    except Exception:
        assert content_objects(datas) is None  # pdfminer fails its own way
        return
    got = content_objects(datas)
    if got is not None:
        assert got == expected
        assert [type(x) for x in got] == [type(x) for x in expected]


_PLAIN_TOKENS = st.one_of(
    st.integers(-100000, 100000).map(lambda n: str(n).encode()),
    st.sampled_from([b"1.5", b".5", b"-.25", b"5.", b"+3", b"-0", b"0.0", b"0.1215686274"]),
    st.sampled_from([b"/F1", b"/Span", b"/MCID", b"/P", b"/GS0", b"/a.b-c+d_e"]),
    st.sampled_from([b"(Homecare)", b"()", b"(a b\n)", b"(\xe9t\xe9)"]),
    st.sampled_from([b"(\\(a\\))", b"(\\243000s)", b"(\\0)", b"(\\12)", b"(\\t\\b\\f\\r\\n)"]),
    st.sampled_from([b"<0041>", b"<48656C6C6f>", b"<01>"]),
    st.sampled_from([b"Tj", b"TJ", b"Td", b"Tf", b"BT", b"ET", b"q", b"Q", b"re", b"f*", b"T*"]),
    st.sampled_from([b"'", b'"', b"BDC", b"EMC", b"d0", b"true", b"false"]),
)


@st.composite
def plain_streams(draw: st.DrawFn) -> bytes:
    """Tokens of the plainest syntax, with arrays and dictionaries well formed."""
    out = []
    for _ in range(draw(st.integers(0, 12))):
        shape = draw(st.sampled_from(["token", "array", "dict"]))
        if shape == "array":
            items = draw(
                st.lists(_PLAIN_TOKENS.filter(lambda t: t[:1] in b"0123456789+-.(</"), max_size=5)
            )
            out.append(b"[" + b" ".join(items) + b"]")
        elif shape == "dict":
            keys = draw(st.lists(st.sampled_from([b"/MCID", b"/Lang", b"/A"]), max_size=3))
            out.append(b"<<" + b"".join(k + b" 3" for k in keys) + b">>")
        else:
            out.append(draw(_PLAIN_TOKENS))
        out.append(draw(st.sampled_from([b" ", b"\n", b"\r\n", b"\t"])))
    return b"".join(out)


@settings(max_examples=300, deadline=None)
@given(plain_streams())
def test_the_plainest_syntax_is_read_by_our_lexer_as_pdfminer_reads_it(data: bytes) -> None:
    """Office exports write little but numbers, words, names, plain strings and TJ arrays:
    those are read a regular expression a token, and must come out as pdfminer's objects."""
    STATS.clear()
    got = content_objects([data])
    expected = pdfminer_objects([data])
    assert got == expected
    assert [type(x) for x in got] == [type(x) for x in expected]
    assert set(STATS) == {"ours"}


def test_ordinary_streams_are_read_by_playa() -> None:
    """The property is not met by declining everything: real syntax goes to playa (or to
    our lexer, where it is the plainest)."""
    data = (
        b"q 0.5 0 0 1 72 72 cm BT /F1 12 Tf 72 700 Td [(Hel) -20 (lo)] TJ "
        b"<0041> Tj T* (a\\(b\\)) ' ET /P <</MCID 3>> BDC 0 0 10 10 re f EMC Q\r\n"
    )
    got = content_objects([data])
    assert got is not None
    assert got == pdfminer_objects([data])


@pytest.mark.parametrize(
    ("data", "playa_reads"),
    [
        (b"(carriage\rreturn)", b"carriage\nreturn"),  # playa: CR to LF in strings
        (b"(\\qx)", b"qx"),  # pdfminer drops an unknown escape's character
        (b"<414>", b"A@"),  # odd hex digit: pdfminer 0x04, playa 0x40
    ],
)
def test_where_the_lexers_differ_pdfminer_reads(data: bytes, playa_reads: bytes) -> None:
    from playa.parser import ObjectParser

    assert [obj for _, obj in ObjectParser(data)] == [playa_reads]
    assert pdfminer_objects([data]) != [playa_reads]
    assert content_objects([data]) is None


# ---------------------------------------------------------------- whole pages


def _pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF with Helvetica as /F1 and ``content`` as its (compressed) stream."""
    path.write_bytes(one_page_pdf(content))
    return path


_PAGE = (
    b"BT /F1 11 Tf 72 760 Td (Savings 2019/20) Tj 0 -14 Td "
    b"[(Home) -250 (care) 120 (\\050net\\051)] TJ 0 -14 Td "
    b"2 Tc (spaced) Tj 0 Tc 150 Tz (wide) Tj 100 Tz 0 -14 Td 3 Ts (rise) Tj 0 Ts ET "
    b"0.8 0.1 0.1 rg 72 600 200 30 re f 0 G 1 w 72 590 m 400 590 l S "
    b"0 0 1 0 k 72 500 100 20 re f 0.5 g 300 500 80 20 re B "
    b"q 0 1 -1 0 500 300 cm BT /F1 9 Tf 0 0 Td (turned) Tj ET Q "
)


@pytest.mark.parametrize(
    ("extra", "lexer"),
    [
        (b"", "ours"),
        (b"BT /F1 9 Tf 72 400 Td (line\rbreak) Tj ET", "pdfminer: carriage return in a string"),
        (b"BT /F1 9 Tf 72 400 Td <41424> Tj ET", "pdfminer: hex string"),
        (b"BT /F1 9 Tf 72 400 Td (odd\\qescape) Tj ET", "pdfminer: escape"),
        (b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI BT /F1 9 Tf 72 400 Td (x) Tj ET", None),
        (b"BT /F1 9 Tf 72 400 Td - (stray) Tj ET", "pdfminer: an operator that is not a word"),
    ],
)
def test_lean_pages_equal_pdfplumbers(tmp_path: Path, extra: bytes, lexer: str | None) -> None:
    pdf = _pdf(tmp_path / "page.pdf", _PAGE + extra)
    ref = read_pdf_paper(pdf, reference=True)
    STATS.clear()
    lean = read_pdf_paper(pdf, backend="lean")
    assert lean.pages == ref.pages
    assert lean.lost == ref.lost
    assert read_pdf_paper(pdf, backend="layout").pages == ref.pages
    words = [w.text for w in lean.pages[0].words]
    assert "Savings" in words and "care(net)" in words and len(words) > 8  # turned: by letter
    assert lean.pages[0].fills and lean.pages[0].rules
    if lexer is not None:
        assert set(STATS) == {lexer}
    else:
        assert "playa" not in STATS


def test_long_content_goes_to_pdfminers_streaming_parser() -> None:
    """playa's objects are held whole before a page runs: past MAX_BYTES they are not."""
    from pipeline.pdftokens import MAX_BYTES

    line = b"10 20 m 30 40 l S\n"
    short = line * (MAX_BYTES // len(line) // 2)
    assert content_objects([short]) is not None
    STATS.clear()
    assert content_objects([short, short, line * 2]) is None
    assert set(STATS) == {"pdfminer: over 4 MB"}
