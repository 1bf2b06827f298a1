"""A Doc's text, and the lower case of its words, read once.

spaCy's ``Doc.text`` is not stored: every read joins the text of every token again
(a Python ``Token`` made per token). The tagger's components and ``core`` read it many
times per block (each span's printed text, each pattern search), which cProfile put at
about a tenth of the tagging stage on the Kent papers. A Doc's tokens never change
after the tokenizer made it (no component retokenizes), so its text is the same at
every read: the tokenizer (`nlp.MoneyAwareTokenizer`) keeps the text it was given,
which is the Doc's text, and this reads it back. The set of its tokens' ``LOWER`` ids
and of their ``ORTH`` ids are read once for the matchers' gates
(`needs.Needs.met_by_tokens`) in the same way.
"""

from __future__ import annotations

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc

#: where the tokenizer leaves the text in ``Doc.user_data``
KEY = "bp_text"
#: where the sets of the tokens' ORTH and LOWER ids are kept in ``Doc.user_data``
WORDS = "bp_words"


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the tokenizer's copy when it left one."""
    text = doc.user_data.get(KEY)
    if text is None:
        text = doc.user_data[KEY] = doc.text
    return str(text)


def doc_words(doc: Doc) -> tuple[frozenset[int], frozenset[int]]:
    """The ``ORTH`` and the ``LOWER`` ids (string hashes) of the Doc's tokens, read in one
    array."""
    got = doc.user_data.get(WORDS)
    if got is None:
        both = doc.to_array([ORTH, LOWER])
        got = doc.user_data[WORDS] = (
            frozenset(both[:, 0].tolist()),
            frozenset(both[:, 1].tolist()),
        )
    return (frozenset(got[0]), frozenset(got[1]))
