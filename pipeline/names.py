"""What a person typed against the names we know: a did-you-mean for one-line errors.

Used wherever a value given by hand must name something that exists (an
``--authority`` override, a trend filter), so a typo is caught with a suggestion
instead of matching nothing or being stored as it is.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

#: Words most council names share, left out when looking for the one a typo meant.
COUNCIL_WORDS = frozenset(
    {"council", "city", "county", "borough", "district", "metropolitan", "london", "royal"}
    | {"of", "the", "and"}
)


def did_you_mean(
    value: str,
    known: Iterable[str],
    *,
    cutoff: float = 0.7,
    ignore: Collection[str] = (),
) -> str | None:
    """The known value closest to what was typed, matched whole or by any word in it.

    Words count so that 'Leedz' finds 'Leeds City Council' and 'manchster' finds
    'Manchester City Council'; a whole-name match wins over a word match, which
    wins over a match of one word typed. Words in
    `ignore` (say 'council') are dropped from both sides first, so that a shared
    'Council' does not make 'Narnia Council' look like 'Barnet Council'.
    """
    drop = {w.lower() for w in ignore}

    def norm(text: str) -> str:
        return " ".join(w for w in text.lower().replace("/", " ").split() if w not in drop)

    whole: dict[str, str] = {}
    words: dict[str, str] = {}
    for k in known:
        whole.setdefault(norm(k), k)
        for word in norm(k).split():
            if len(word) >= 4:
                words.setdefault(word, k)
    typed = norm(value)
    tries = [(typed, whole), (typed, words)]
    tries += [(w, words) for w in typed.split() if len(w) >= 4]  # 'Kent Countyy' → 'kent'
    for text, table in tries:
        best = difflib.get_close_matches(text, [t for t in table if t], n=1, cutoff=cutoff)
        if best:
            return table[best[0]]
    return None
