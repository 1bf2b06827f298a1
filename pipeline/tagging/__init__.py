"""Tagging narrative: money, fiscal years, partners, funds and claims (see ``core``).

The package itself imports nothing heavy, so that reading the register of bodies
(``register``) or checking a folder for unchanged papers does not load spaCy;
``tag_blocks``, ``TagResult`` and ``build_nlp`` live in :mod:`pipeline.tagging.core`
and are found here on first use.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    from pipeline.tagging import core

    return getattr(core, name)
