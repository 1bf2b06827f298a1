"""The gazetteer's names found in text with a PhraseMatcher, then checked for case.

Thousands of names (every NHS trust, CCG, PCT, ICB and council of the register) are too
many for token patterns: the Matcher walks every pattern at every token. A PhraseMatcher
on lower-case text finds the candidates in one pass; each is then held to the case rule
of the gazetteer (``gazetteer._token_spec``): acronyms and odd casing exactly ("GMMH",
"iBCF"), capitalised words in any casing but all lower case, lower-case words in any case;
funds of two words or more in any case. Line breaks inside a name ("Ashford Borough" /
"Council") are read as spaces.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.tagging.gazetteer import FUND, Gazetteer, gazetteer


def _case_ok(alias_tok: str, tok: str, any_case: bool) -> bool:
    if any_case or not alias_tok[:1].isalpha():
        return any_case or alias_tok == tok
    if alias_tok.isupper() or any(c.isupper() for c in alias_tok[1:]):
        return alias_tok == tok
    if alias_tok[0].isupper():
        return tok.lower() == alias_tok.lower() and not tok.islower()
    return tok.lower() == alias_tok


class GazetteerPhrases:
    """Every alias of every body and fund, one PhraseMatcher key per alias."""

    def __init__(self, nlp: Language, gaz: Gazetteer) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.aliases: dict[str, tuple[str, str, list[str], bool]] = {}
        for body in gaz.bodies.values():
            label = "FUND" if body.kind == FUND else "PARTNER"
            for alias in body.aliases:
                doc = nlp.make_doc(alias)
                toks = [t.text for t in doc if not t.is_space]
                if not toks:
                    continue
                key = f"{label}|{body.canonical}|{alias}"
                any_case = body.kind == FUND and len(toks) > 1
                self.aliases[key] = (label, body.canonical, toks, any_case)
                self.matcher.add(key, [doc])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        flat = self.nlp.make_doc(text.replace("\n", " ").replace("\t", " ").replace("\r", " "))
        found: list[Span] = []
        for key, start, end in self.matcher(flat):
            label, canonical, toks, any_case = self.aliases[doc.vocab.strings[key]]
            got = [t.text for t in flat[start:end] if not t.is_space]
            if len(got) != len(toks) or not all(
                _case_ok(a, g, any_case) for a, g in zip(toks, got, strict=True)
            ):
                continue
            a, b = flat[start].idx, flat[end - 1].idx + len(flat[end - 1])
            span = doc.char_span(a, b, label=label, alignment_mode="expand")
            if span is not None:
                found.append(Span(doc, span.start, span.end, label=label, span_id=canonical))
        doc.ents = filter_spans([*doc.ents, *found])
        return doc


@Language.factory("bp_gazetteer", default_config={})
def make_gazetteer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return GazetteerPhrases(nlp, gazetteer())
