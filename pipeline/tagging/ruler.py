"""spaCy's EntityRuler, passing over a Doc in which none of its patterns can match.

Why: its Matcher walks every pattern at every token; replaying the tag stage on the Kent
papers, the fixtures and the corpus, the ruler was most of the stage's Matcher time,
though each of its patterns needs a fixed word ("£", "%", "million", "per", "Green"...)
that many blocks never print. ``Needs.met_by_tokens`` checks those words against the
Doc's tokens, word for word. A Doc passed over keeps its entities as they were, which
is what the ruler would have left with no match (it sets the same, empty, entities; the
gazetteer after it sets them again in any case). Token patterns only: a phrase pattern
makes every Doc go through.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from pipeline.tagging.needs import Needs


class GatedRuler(EntityRuler):
    """The EntityRuler, run only on a Doc holding a word one of its patterns needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.needs = Needs()
        super().__init__(*args, **kwargs)

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        for p in patterns:
            pattern = p["pattern"]
            if isinstance(pattern, list):
                self.needs.add(pattern)
            else:
                self.needs.always = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.needs.met_by_tokens(doc):
            return doc
        return super().__call__(doc)


@Language.factory("bp_entity_ruler", default_config={"overwrite_ents": False, "validate": False})
def make_ruler(nlp: Language, name: str, overwrite_ents: bool, validate: bool) -> GatedRuler:
    return GatedRuler(nlp, name, overwrite_ents=overwrite_ents, validate=validate)
