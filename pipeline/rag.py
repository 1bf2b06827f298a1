"""RAG ratings read from a cell's words or its fill colour: Red, Amber, Green, Blue
(often "delivered"), and compounds like Amber/Green. Split from :mod:`pipeline.normalise`,
which re-exports both functions."""

from __future__ import annotations

import colorsys
import re

_RAG_WORDS = {
    "red": "Red",
    "r": "Red",
    "amber": "Amber",
    "a": "Amber",
    "yellow": "Amber",  # a lone "Y" is Yes (a flag column), not Yellow
    "green": "Green",
    "g": "Green",
    "blue": "Blue",
    "b": "Blue",
    "complete": "Blue",
    "completed": "Blue",
    "delivered": "Blue",
}
_RAG_SPLIT = re.compile(r"\s*[/\\&,-]\s*|\s+to\s+|\s+")


def parse_rag(text: str, allow_letters: bool = True) -> str | None:
    """Canonical RAG rating of a cell: Red, Amber, Green, Blue, or compounds like Amber/Green."""
    s = re.sub("[\u00a0\u2009\u202f]", " ", text).strip().strip(" .*#").lower()
    if not s or len(s) > 24:
        return None
    parts = [p for p in _RAG_SPLIT.split(s) if p]
    if not parts or len(parts) > 3:
        return None
    out: list[str] = []
    for p in parts:
        if len(p) == 1 and not allow_letters:
            return None
        if p in {"complete", "completed", "delivered"} and len(parts) > 1:
            return None
        rag = _RAG_WORDS.get(p)
        if rag is None and len(p) >= 3:
            # A word cut short by a narrow cell ("Amber/Gree").
            rag = next((v for k, v in _RAG_WORDS.items() if len(k) > 3 and k.startswith(p)), None)
        if rag is None:
            return None
        if rag not in out:
            out.append(rag)
    return "/".join(out)


def rag_from_rgb(rgb: tuple[float, float, float]) -> str | None:
    """The RAG colour a cell fill shows, or None for white, grey or an unrelated tint."""
    r, g, b = rgb
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    if s < 0.25 or light > 0.93 or light < 0.08:
        return None
    deg = h * 360
    if deg < 20 or deg >= 330:
        return "Red"
    if deg < 65:
        return "Amber"
    if 75 <= deg < 170:
        return "Green"
    if 190 <= deg < 260:
        return "Blue"
    return None
