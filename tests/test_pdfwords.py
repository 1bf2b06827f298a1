"""The parse stage's flat word grouping gives exactly pdfplumber's ``extract_words``.

The property: for generated characters (runs of fonts and sizes, upright and sideways,
lines whose tops differ by less and more than the tolerance, characters overlapping,
touching, out of order and far apart, white space, empty text, ligatures),
``pdfwords.extract_words`` returns the same list of word dicts, key for key and in the
same order, as pdfplumber's ``WordExtractor`` built with the parse stage's settings.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils.text import WordExtractor

from pipeline.pdfobjects import WORD_SETTINGS
from pipeline.pdfwords import EXTRA_ATTRS, X_TOLERANCE, Y_TOLERANCE, extract_words

REFERENCE = WordExtractor(**WORD_SETTINGS)

_TEXT = st.sampled_from(["a", "B", "1", ",", "£", " ", "\t", "", "ﬁ", "ﬀ", "é", "-", "\u00a0"])
# coordinates on a half-point grid, so ties and gaps of exactly a tolerance (1.5, 2.5) are common
_COORD = st.integers(0, 60).map(lambda n: n * 0.5)


@st.composite
def _char(draw: Any) -> dict[str, Any]:
    x0 = draw(_COORD)
    top = draw(_COORD)
    size = draw(st.sampled_from([8.0, 10.0, 10.000000000000002]))
    return {
        "text": draw(_TEXT),
        "x0": x0,
        "x1": x0 + draw(st.sampled_from([0.0, 0.5, 1.5, 3.0])),
        "top": top,
        "bottom": top + size,
        "doctop": top + draw(st.sampled_from([0.0, 792.0])),
        "upright": draw(st.sampled_from([True, True, True, False, 1, 0])),
        "fontname": draw(st.sampled_from(["Arial", "Arial-Bold"])),
        "size": size,
    }


def test_settings_are_the_parse_stages() -> None:
    assert WORD_SETTINGS["x_tolerance"] == X_TOLERANCE
    assert WORD_SETTINGS["y_tolerance"] == Y_TOLERANCE
    assert tuple(WORD_SETTINGS["extra_attrs"]) == EXTRA_ATTRS
    assert not WORD_SETTINGS["keep_blank_chars"] and not WORD_SETTINGS["use_text_flow"]
    assert set(WORD_SETTINGS) == {
        "x_tolerance",
        "y_tolerance",
        "keep_blank_chars",
        "use_text_flow",
        "extra_attrs",
    }


@settings(max_examples=400, deadline=None)
@given(st.lists(_char(), max_size=40))
def test_same_words_as_pdfplumber(chars: list[dict[str, Any]]) -> None:
    want = REFERENCE.extract_words(chars)
    got = extract_words(chars, REFERENCE)
    assert [list(w.items()) for w in got] == [list(w.items()) for w in want]


@settings(max_examples=200, deadline=None)
@given(st.lists(_char(), min_size=1, max_size=30))
def test_one_font_run_over_many_lines(chars: list[dict[str, Any]]) -> None:
    """Every character in one upright run of one font: the line clustering decides."""
    same = [{**c, "upright": True, "fontname": "Arial", "size": 10.0} for c in chars]
    want = REFERENCE.extract_words(same)
    assert [list(w.items()) for w in extract_words(same, REFERENCE)] == [
        list(w.items()) for w in want
    ]


def test_a_character_with_no_text_is_a_word_by_itself() -> None:
    """pdfplumber's ``text in split_at_punctuation`` holds for "" with no punctuation set."""
    base = {"top": 0.0, "bottom": 10.0, "doctop": 0.0, "upright": True}
    base |= {"fontname": "Arial", "size": 10.0}
    chars = [
        {**base, "text": "a", "x0": 0.0, "x1": 5.0},
        {**base, "text": "", "x0": 5.0, "x1": 5.0},
        {**base, "text": "b", "x0": 5.0, "x1": 10.0},
    ]
    got = extract_words(chars, REFERENCE)
    assert [w["text"] for w in got] == ["a", "", "b"]
    assert got == REFERENCE.extract_words(chars)
