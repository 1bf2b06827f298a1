"""What a text must hold for a token Matcher's patterns to have any chance of matching.

Why: the form matchers (``org_forms``, ``fund_forms``, ``partner_forms``) open with runs
of capitalised words (``"OP": "{1,6}"`` over a REGEX), so spaCy's Matcher follows many
partial matches through every block, although a match also needs a fixed head word
("Council", "Trust", "Grant") that most blocks never print. Each pattern's first
required token that names its word (``ORTH``/``TEXT``/``LOWER``, one word or ``IN`` a
list) is a word the block's text must contain; a block containing none of them is
passed over, and the Matcher would have found nothing in it. A pattern with no such
token (or a word whose lower case may come from non-ASCII capitals) makes the check
pass for every text, so the check only ever skips work, never a match.

``met_by_tokens`` asks the same of a tokenized Doc, word for word rather than as
substrings: a token matching a word by its text (``ORTH``/``TEXT``) has that word as its
``ORTH``, and one matching by ``LOWER`` has it as its ``LOWER``, so a Doc with no such
token holds no match. It reads the Doc's ``ORTH`` and ``LOWER`` columns once, in one
array, with no Python object per token (`doctext.doc_words`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc

from pipeline.tagging.doctext import doc_words

#: Operators under which a pattern token must be matched at least once.
_REQUIRED_OPS = {None, "+", "1"}


class Needs:
    """The words a text must contain, one of them at least, for any pattern to match."""

    def __init__(self, patterns: Iterable[list[dict[str, Any]]] = ()) -> None:
        self.exact: set[str] = set()  # a token's text: a substring of the text
        self.lower: set[str] = set()  # a token's lower case: a substring of the lower text
        self.always = False
        self._ids: tuple[frozenset[int], frozenset[int]] | None = None  # made on first use
        for pattern in patterns:
            self.add(pattern)

    def add(self, pattern: list[dict[str, Any]]) -> None:
        for token in pattern:
            if token.get("OP") not in _REQUIRED_OPS:
                continue
            for key in ("ORTH", "TEXT", "LOWER"):
                words = _words(token.get(key))
                if words is None or (key == "LOWER" and not all(w.isascii() for w in words)):
                    continue
                (self.lower if key == "LOWER" else self.exact).update(words)
                self._ids = None
                return
        self.always = True  # nothing required to look for: every text may match

    def met_by_tokens(self, doc: Doc) -> bool:
        """Whether `doc` may hold a match (False only when no token is a needed word)."""
        if self.always:
            return True
        if self._ids is None:
            strings = doc.vocab.strings  # hashes: no string is added
            self._ids = (
                frozenset(strings.as_int(w) for w in self.exact),
                frozenset(strings.as_int(w) for w in self.lower),
            )
        orths, lowers = doc_words(doc)
        return not (self._ids[0].isdisjoint(orths) and self._ids[1].isdisjoint(lowers))

    def met(self, text: str) -> bool:
        """Whether `text` may hold a match (False only when it certainly holds none)."""
        if self.always or any(w in text for w in self.exact):
            return True
        if not self.lower:
            return False
        low = text.lower()
        return any(w in low for w in self.lower)


def _words(value: Any) -> list[str] | None:
    """The words a token predicate allows, or None when it is not a list of words."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        words = value["IN"]
        if words and all(isinstance(w, str) for w in words):
            return list(words)
    return None
