"""The second generator reads each row's page back from its own PDF by the row label's
words in order (tools/tablegen/truth.py): a word Word broke in a narrow cell with no
hyphen ("transformatio" over "n") is found as its pieces. Seed 476942 failed to generate
for want of this."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from tablegen.truth import _subsequence


def test_a_label_word_broken_over_two_lines_is_found_as_its_pieces() -> None:
    # the label's lines interleaved with the next column's ("Head of High ways")
    toks = ["internal", "audit", "head", "digital", "of", "transformatio", "high", "n", "ways"]
    assert _subsequence(toks, 0, ["internal", "audit", "digital", "transformation"], 16)


def test_a_piece_must_be_followed_by_the_rest_of_its_word() -> None:
    assert not _subsequence(["remodel", "pe", "control"], 0, ["remodel", "pest", "control"], 16)
    # two letters do not begin a broken word: "of" is a word of its own
    assert not _subsequence(["head", "of", "fice"], 0, ["head", "office"], 16)
    assert _subsequence(["head", "of", "high", "ways"], 0, ["head", "of", "high", "ways"], 16)


def test_a_word_that_begins_the_one_wanted_need_not_be_its_piece() -> None:
    """Seed 312135: "Communications - service" then the row's rating "Red", with
    "redesign" wrapped under: "red" was taken as the first piece of "redesign", and the
    whole word after it no longer matched, so the row was not found and the run failed."""
    toks = ["communications", "service", "resources", "j", "okafor", "red", "redesign"]
    assert _subsequence(toks, 0, ["communications", "service", "redesign"], 16)
