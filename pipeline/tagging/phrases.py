"""The gazetteer's names found in text with a PhraseMatcher, then checked for case.

Thousands of names (every NHS trust, CCG, PCT, ICB and council of the register) are too
many for token patterns: the Matcher walks every pattern at every token. A PhraseMatcher
on lower-case text finds the candidates in one pass; each is then held to the case rule
of the gazetteer (``gazetteer._token_spec``): acronyms and odd casing exactly ("GMMH",
"iBCF"), capitalised words in any casing but all lower case, lower-case words in any case;
funds of two words or more in any case, and a fund's name before a lower-case "grant",
"funding" or "fund" ("Public Health funding"). Line breaks inside a name ("Ashford Borough" /
"Council") are read as spaces.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.tagging.doctext import doc_text
from pipeline.tagging.gazetteer import FUND, Gazetteer, gazetteer

_HEADS = {"Grant", "Fund"}


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
        self.aliases: dict[str, tuple[str, str, list[str], list[bool]]] = {}
        for body in gaz.bodies.values():
            label = "FUND" if body.kind == FUND else "PARTNER"
            for alias in body.aliases:
                toks = [t.text for t in nlp.make_doc(alias) if not t.is_space]
                any_case = body.kind == FUND and len(toks) > 1
                self._add(
                    f"{label}|{body.canonical}|{alias}",
                    label,
                    body.canonical,
                    toks,
                    [any_case] * len(toks),
                )
            stem = body.canonical.split()[:-1]
            if body.kind == FUND and len(stem) >= 2 and body.canonical.split()[-1] in _HEADS:
                # "Public Health funding", "Active Travel grant": the name, capitalised as
                # printed, with a lower-case head
                for head in ("grant", "funding", "fund"):
                    toks = [*stem, head]
                    self._add(
                        f"FUND|{body.canonical}|{' '.join(toks)}",
                        "FUND",
                        body.canonical,
                        toks,
                        [False] * len(stem) + [True],
                    )

    def _add(
        self, key: str, label: str, canonical: str, toks: list[str], loose: list[bool]
    ) -> None:
        if toks and key not in self.aliases:
            self.aliases[key] = (label, canonical, toks, loose)
            self.matcher.add(key, [self.nlp.make_doc(" ".join(toks))])

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        flat_text = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        # no line break to read as a space (nearly every block): the Doc is already the
        # tokenizer's reading of this very text, so it is not tokenized a second time
        flat = doc if flat_text == text else self.nlp.make_doc(flat_text)
        found: list[Span] = []
        for key, start, end in self.matcher(flat):
            label, canonical, toks, loose = self.aliases[doc.vocab.strings[key]]
            got = [t.text for t in flat[start:end] if not t.is_space]
            if len(got) != len(toks) or not all(
                _case_ok(a, g, c) for a, g, c in zip(toks, got, loose, strict=True)
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
