"""A Doc's text, read once.

spaCy's ``Doc.text`` is not stored: every read joins the text of every token again
(a Python ``Token`` made per token). The tagger's components and ``core`` read it many
times per block (each span's printed text, each pattern search), which cProfile put at
about a tenth of the tagging stage on the Kent papers. A Doc's tokens never change
after the tokenizer made it (no component retokenizes), so its text is the same at
every read: the tokenizer (`nlp.MoneyAwareTokenizer`) keeps the text it was given,
which is the Doc's text, and this reads it back.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: where the tokenizer leaves the text in ``Doc.user_data``
KEY = "bp_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the tokenizer's copy when it left one."""
    text = doc.user_data.get(KEY)
    if text is None:
        text = doc.user_data[KEY] = doc.text
    return str(text)
