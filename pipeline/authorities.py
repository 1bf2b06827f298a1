"""The councils that publish adult social care papers, and which one wrote a given paper.

The table (``data/authorities.csv``) is editable data: one row per council with
its ONS GSS code, the name forms people print, and ``valid_to`` for councils
abolished by reorganisation (the year of the 1 April they ceased to exist).

``find_authority`` weighs evidence instead of taking the first name it sees,
because papers name many places: partner NHS trusts ("Leeds Teaching Hospitals
NHS Trust"), regions ("Greater Manchester"), neighbourhoods ("Hackney Wick")
and comparator councils. The rules, in order of weight:

* a full council name ("Kent County Council", "London Borough of Hackney") is
  strong; a bare place ("Hackney") is weaker; both count more near the start,
  where the title is, and less after a comparator cue ("compared with", "than");
* a place name in the file name counts like a bare place in the title;
* acronyms (MCC, KCC, LBH) are ambiguous, so they only add weight to a council
  that already has other evidence;
* a winner needs a minimum score and twice the runner-up, else None. So a
  title naming the council in full outranks a file name that disagrees, while a
  bare place in the title against a disagreeing file name is a tie (None).

Places shared by a council and its successor ("Dorset", "Somerset") are
resolved with the paper's fiscal year; without one the mention is ignored.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath

from pipeline.authority_table import (
    CODE_RE,
    COLUMNS,
    KINDS,
    NATIONS,
    Authority,
    AuthorityTableError,
    district_councils,
    load_authorities,
)
from pipeline.authority_table import COUNCIL_WORDS as _COUNCIL_WORDS
from pipeline.authority_table import WORD_RE as _WORD_RE
from pipeline.authority_table import fold as _fold
from pipeline.authority_table import name_key as _key
from pipeline.normalise import find_fiscal_years

# Evidence weights and the decision rule (see the module docstring).
FULL_NAME = 6.0
PLACE = 3.0
ACRONYM = 1.5
FILE_PLACE = 9.0
FILE_COMMON_WORD = 3.0
FILE_ACRONYM = 3.0
SUPPORT_CAP = 6.0
COMPARATOR_FACTOR = 0.3
THRESHOLD = 8.0
MARGIN = 2.0
#: Characters over which the early-text bonus (x3 at the start) decays towards x1.
POSITION_SCALE = 1500.0

# A word before a place that turns it into another area: "Greater Manchester", "East Kent".
_PRECEDING_BLOCK = frozenset(
    {
        "greater",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "mid",
        "inner",
        "outer",
        "upper",
        "lower",
        "little",
        "old",
        "new",
        "nhs",
        "healthwatch",
    }
)
# "<word> of <place>" that names something other than the council.
_OF_BLOCK = frozenset(
    {"university", "diocese", "bishop", "archbishop", "port", "duke", "duchess", "earl"}
)
# A word in the capitalised run after a place that makes it another body.
_ORG_WORDS = frozenset(
    {
        "nhs",
        "trust",
        "trusts",
        "hospital",
        "hospitals",
        "ccg",
        "ccgs",
        "icb",
        "pct",
        "clinical",
        "university",
        "universities",
        "college",
        "police",
        "constabulary",
        "fire",
        "ambulance",
        "airport",
        "fc",
        "afc",
        "united",
        "diocese",
        "cathedral",
        "chamber",
        "court",
        "prison",
        "voluntary",
        "cvs",
    }
)
# After a full council name only these mean another body: "Hackney Council for Voluntary Service".
_FULL_ORG_WORDS = frozenset({"voluntary", "faith", "faiths", "mosques", "churches", "racial"})
# A first word after a place that makes it a neighbourhood or a site: "Hackney Wick".
_SUBPLACE_WORDS = frozenset(
    {
        "wick",
        "downs",
        "central",
        "coldfield",
        "pagnell",
        "marsh",
        "marshes",
        "road",
        "street",
        "lane",
        "park",
        "square",
        "station",
        "piccadilly",
        "stadium",
        "arena",
        "heath",
        "common",
        "cross",
        "bridge",
        "gate",
        "green",
        "hill",
        "village",
        "docks",
        # buildings named after a place: "the Reading Room, Cwmifor" (a village hall)
        "room",
        "rooms",
        "hall",
        "house",
        "centre",
        "center",
        "library",
        "school",
        "church",
        "chapel",
    }
)
_CONNECTORS = frozenset({"and", "of", "for", "the"})
# Bodies named "NHS <places>": every place in the list belongs to them ("NHS Kent and Medway").
_ORG_PREFIXES = frozenset({"nhs", "healthwatch"})
_NATIONAL_BODY_WORDS = frozenset({"", "england", "wales", "scotland", "improvement", "digital"})
# Places that are also everyday words: not trusted at a sentence start or in a file name.
_COMMON_WORDS = frozenset({"reading", "bury", "harrow", "slough", "highland", "hull"})

_ACRONYM_SHAPE = re.compile(r"[A-Za-z&]{2,8}")
_ACRONYM_TOKEN_RE = re.compile(r"(?<![\w&])[A-Za-z]+(?:&[A-Za-z]+)*(?![\w&])")
_PHRASE_GAP = re.compile(r"[\s\-.,'\u2019]*")
_ADJACENT_GAP = re.compile(r"[ \t]*[-'\u2019]?[ \t]*")
_RUN_GAP = re.compile(r"[ \t]*[-'\u2019,]?[ \t]*")
_CUE_RE = re.compile(
    r"\b(?:compared?|comparisons?|comparators?|than|similar|benchmark\w*|neighbour\w*"
    r"|such\s+as|e\.g|like|versus|vs)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;\n\u2022]")
_BARE_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


# --------------------------------------------------------------------------- index


def is_acronym(form: str) -> bool:
    """True for forms like KCC, LBH, B&NES, BwD: matched case-sensitively, support only."""
    return bool(_ACRONYM_SHAPE.fullmatch(form)) and sum(c.isupper() for c in form) >= 2


@dataclass(frozen=True, slots=True)
class _Entry:
    full: bool
    common: bool
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    authorities: tuple[Authority, ...]
    #: first token -> (phrase key, entry), longest phrase first.
    phrases: dict[str, list[tuple[tuple[str, ...], _Entry]]]
    #: phrase keys written as one word, for file names like "towerhamlets".
    joined: dict[str, _Entry]
    acronyms: dict[str, tuple[int, ...]]
    acronyms_folded: dict[str, tuple[int, ...]]
    names: dict[str, tuple[int, ...]]
    codes: dict[str, int]
    valid_from: tuple[int | None, ...]


@lru_cache(maxsize=8)
def _index(path: Path | None) -> _Index:
    table = load_authorities(path)
    known = {a.code for a in table}
    # district councils write papers too: found by name, never by a bare place name
    authorities = (*table, *(a for a in district_councils() if a.code not in known))
    phrase_rows: dict[tuple[str, ...], dict[int, bool]] = defaultdict(dict)
    acronyms: dict[str, list[int]] = defaultdict(list)
    names: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(authorities):
        for form in a.names:
            key = _key(form)
            names[" ".join(key)].append(i)
            if is_acronym(form) and form != a.name:
                acronyms[form].append(i)
                continue
            full = form == a.name or bool(set(key) & _COUNCIL_WORDS)
            phrase_rows[key][i] = phrase_rows[key].get(i, False) or full
    phrases: dict[str, list[tuple[tuple[str, ...], _Entry]]] = defaultdict(list)
    joined: dict[str, _Entry] = {}
    for key, rows in phrase_rows.items():
        entry = _Entry(
            full=all(rows.values()),
            common=len(key) == 1 and key[0] in _COMMON_WORDS,
            rows=tuple(sorted(rows)),
        )
        phrases[key[0]].append((key, entry))
        if len(key) > 1:
            joined.setdefault("".join(key), entry)
    for cands in phrases.values():
        cands.sort(key=lambda c: -len(c[0]))
    folded: dict[str, list[int]] = defaultdict(list)
    for form, acronym_rows in acronyms.items():
        folded[_fold(form.replace("&", ""))].extend(acronym_rows)
    return _Index(
        authorities=authorities,
        phrases=dict(phrases),
        joined=joined,
        acronyms={k: tuple(dict.fromkeys(v)) for k, v in acronyms.items()},
        acronyms_folded={k: tuple(dict.fromkeys(v)) for k, v in folded.items()},
        names={k: tuple(dict.fromkeys(v)) for k, v in names.items()},
        codes={a.code: i for i, a in enumerate(authorities)},
        valid_from=_successor_starts(authorities, phrase_rows),
    )


def _successor_starts(
    authorities: tuple[Authority, ...], phrase_rows: dict[tuple[str, ...], dict[int, bool]]
) -> tuple[int | None, ...]:
    """A council sharing a place name with an abolished one begins when that one ended."""
    start: list[int | None] = [None] * len(authorities)
    for rows in phrase_rows.values():
        if len(rows) < 2:
            continue
        ends = [e for e in (authorities[r].valid_to for r in rows) if e is not None]
        for r in rows:
            own_end = authorities[r].valid_to
            earlier = [e for e in ends if own_end is None or e < own_end]
            previous = start[r]
            if earlier:
                start[r] = max(earlier) if previous is None else max(previous, *earlier)
    return tuple(start)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Token:
    norm: str
    start: int
    end: int
    upper_initial: bool


@dataclass(frozen=True, slots=True)
class _Mention:
    entry: _Entry
    start: int
    comparator: bool


def _tokenise(text: str) -> list[_Token]:
    return [
        _Token(_fold(m.group()), m.start(), m.end(), m.group()[0].isupper())
        for m in _WORD_RE.finditer(text)
    ]


def _longest_phrase(
    index: _Index, toks: list[_Token], i: int, text: str | None
) -> tuple[int, _Entry] | None:
    for key, entry in index.phrases.get(toks[i].norm, ()):
        n = len(key)
        if i + n > len(toks):
            continue
        if all(toks[i + k].norm == key[k] for k in range(1, n)) and (
            text is None
            or all(
                _PHRASE_GAP.fullmatch(text, toks[i + k - 1].end, toks[i + k].start)
                for k in range(1, n)
            )
        ):
            return n, entry
    return None


def _text_mentions(index: _Index, text: str) -> Iterator[_Mention]:
    toks = _tokenise(text)
    i = 0
    while i < len(toks):
        found = _longest_phrase(index, toks, i, text)
        if found is None:
            i += 1
            continue
        n, entry = found
        if toks[i].norm == "the" and not toks[i].upper_initial:
            # "the Highland Council" in prose: the name without its article, found next.
            i += 1
            continue
        if _accept_in_text(text, toks, i, i + n, entry):
            yield _Mention(entry, toks[i].start, _after_cue(text, toks[i].start))
        i += n


def _accept_in_text(text: str, toks: list[_Token], i: int, j: int, entry: _Entry) -> bool:
    start, end = toks[i].start, toks[j - 1].end
    if not toks[i].upper_initial:
        return False
    # Part of a hyphenated name: "Newcastle-under-Lyme", "Anglo-Scottish".
    if re.match(r"-[^\W\d_]", text[end : end + 2]) or re.search(
        r"[^\W\d_]-$", text[max(0, start - 2) : start]
    ):
        return False
    if entry.common and _at_sentence_start(text, start):
        return False
    if i > 0 and _ADJACENT_GAP.fullmatch(text, toks[i - 1].end, start):
        before = toks[i - 1].norm
        if before in _PRECEDING_BLOCK:
            return False
        if (
            before == "of"
            and i > 1
            and toks[i - 2].norm in _OF_BLOCK
            and _ADJACENT_GAP.fullmatch(text, toks[i - 2].end, toks[i - 1].start)
        ):
            return False
    run = _following_run(text, toks, j)
    if entry.full:
        return not (run and run[0] in {"for", "of"} and set(run) & _FULL_ORG_WORDS)
    if _named_by_local_body(_preceding_run(text, toks, i)):
        return False
    content = [t for t in run if t not in _CONNECTORS]
    if run and run[0] in _SUBPLACE_WORDS:
        return False
    return not set(content) & _ORG_WORDS


def _preceding_run(text: str, toks: list[_Token], i: int, limit: int = 6) -> list[str]:
    """The capitalised list a name ends, back to its start: "NHS Kent and" before "Medway"."""
    run: list[str] = []
    k = i - 1
    while k >= 0 and len(run) < limit:
        if not _RUN_GAP.fullmatch(text, toks[k].end, toks[k + 1].start):
            break
        tok = toks[k]
        if tok.norm == "and" or tok.upper_initial:
            run.append(tok.norm)
            k -= 1
            continue
        break
    return run


def _named_by_local_body(before: list[str]) -> bool:
    """True when the list before a place starts with a local NHS body, not "NHS England"."""
    in_order = before[::-1]
    for k, word in enumerate(in_order):
        if word in _ORG_PREFIXES:
            nxt = in_order[k + 1] if k + 1 < len(in_order) else ""
            return nxt not in _NATIONAL_BODY_WORDS
    return False


def _following_run(text: str, toks: list[_Token], j: int, limit: int = 8) -> list[str]:
    """The capitalised words that continue a name on the same line: "Teaching Hospitals NHS"."""
    run: list[str] = []
    k = j
    while k < len(toks) and len(run) < limit:
        if not _RUN_GAP.fullmatch(text, toks[k - 1].end, toks[k].start):
            break
        tok = toks[k]
        if tok.norm in _CONNECTORS or tok.upper_initial:
            run.append(tok.norm)
            k += 1
            continue
        break
    return run


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t\"'\u2018\u201c(")
    return not before or bool(_SENTENCE_END.match(before[-1]))


def _after_cue(text: str, start: int) -> bool:
    window = text[max(0, start - 80) : start]
    cut = max(window.rfind(c) for c in ".!?\n")
    return bool(_CUE_RE.search(window[cut + 1 :]))


def _text_acronyms(index: _Index, text: str) -> Iterator[tuple[tuple[int, ...], int]]:
    for m in _ACRONYM_TOKEN_RE.finditer(text):
        rows = index.acronyms.get(m.group())
        if rows:
            yield rows, m.start()


def _filename_tokens(filename: str) -> list[str]:
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", PurePath(filename).name)
    stem = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem)
    return [_fold(t) for t in _WORD_RE.findall(stem.replace("&", " and "))]


def _filename_evidence(
    index: _Index, filename: str
) -> tuple[list[tuple[_Entry, float]], list[tuple[int, ...]]]:
    toks = _filename_tokens(filename)
    places: list[tuple[_Entry, float]] = []
    acronyms: list[tuple[int, ...]] = []
    as_tokens = [_Token(t, 0, 0, False) for t in toks]
    i = 0
    while i < len(toks):
        found = _longest_phrase(index, as_tokens, i, None)
        if found is None and toks[i] in index.joined:
            found = (1, index.joined[toks[i]])
        if found is None:
            rows = index.acronyms_folded.get(toks[i])
            if rows:
                acronyms.append(rows)
            i += 1
            continue
        n, entry = found
        blocked = (i > 0 and toks[i - 1] in _PRECEDING_BLOCK) or (
            i + n < len(toks)
            and (toks[i + n] in _SUBPLACE_WORDS or set(toks[i + n : i + n + 4]) & _ORG_WORDS)
        )
        if not blocked:
            places.append((entry, FILE_COMMON_WORD if entry.common else FILE_PLACE))
        i += n
    return places, acronyms


def _paper_year(text: str, filename: str | None) -> int | None:
    """The fiscal year a paper is about: the file name's, else the first one in the text."""
    if filename:
        stem = PurePath(filename).name.replace("_", " ")
        spans = find_fiscal_years(stem)
        if spans:
            return spans[0].first_fy
        m = _BARE_YEAR.search(stem)
        if m:
            return int(m.group(1))
    spans = find_fiscal_years(text[:5000])
    return spans[0].first_fy if spans else None


def _resolve(index: _Index, rows: tuple[int, ...], year: int | None) -> int | None:
    """One council for a mention; a shared place needs the paper's year to pick one."""
    if len(rows) == 1:
        return rows[0]
    if year is None:
        return None
    live = [r for r in rows if _in_office(index, r, year)]
    return live[0] if len(live) == 1 else None


def _in_office(index: _Index, row: int, year: int) -> bool:
    start, end = index.valid_from[row], index.authorities[row].valid_to
    return (start is None or start <= year) and (end is None or year < end)


def _position_weight(pos: int) -> float:
    return 1.0 + 2.0 * math.exp(-pos / POSITION_SCALE)


def score_authorities(
    text: str, *, filename: str | None = None, table: Path | None = None
) -> dict[str, float]:
    """Evidence score per GSS code; what ``find_authority`` decides on, exposed for debugging."""
    index = _index(table)
    year = _paper_year(text, filename)
    scores: dict[int, float] = defaultdict(float)
    support: dict[int, float] = defaultdict(float)
    for m in _text_mentions(index, text):
        r = _resolve(index, m.entry.rows, year)
        if r is None:
            continue
        weight = (FULL_NAME if m.entry.full else PLACE) * _position_weight(m.start)
        scores[r] += weight * (COMPARATOR_FACTOR if m.comparator else 1.0)
    for rows, pos in _text_acronyms(index, text):
        for r in rows:
            support[r] += ACRONYM * _position_weight(pos)
    if filename:
        places, acronyms = _filename_evidence(index, filename)
        for entry, weight in places:
            r = _resolve(index, entry.rows, year)
            if r is not None:
                scores[r] += weight
        for rows in acronyms:
            for r in rows:
                support[r] += FILE_ACRONYM
    return {
        index.authorities[r].code: s + min(support[r], SUPPORT_CAP)
        for r, s in scores.items()
        if s > 0
    }


def find_authority(
    text: str, *, filename: str | None = None, table: Path | None = None
) -> Authority | None:
    """The council that wrote a paper, from its title and first pages and its file name.

    None when the evidence is thin or two councils are close: a wrong council
    silently mislabels every figure, while None asks for ``--authority``.
    """
    scores = score_authorities(text, filename=filename, table=table)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best_code, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < THRESHOLD or best < MARGIN * second:
        return None
    index = _index(table)
    return index.authorities[index.codes[best_code]]


def authorities_named(name: str, *, table: Path | None = None) -> list[Authority]:
    """Every council a GSS code or printed name could mean (case-insensitive)."""
    index = _index(table)
    query = name.strip()
    if query.upper() in index.codes:
        return [index.authorities[index.codes[query.upper()]]]
    rows = index.names.get(" ".join(_key(query)), ())
    return [index.authorities[r] for r in rows]


def authority_by_name(name: str, *, table: Path | None = None) -> Authority | None:
    """The one council a ``--authority`` value means; None if unknown or ambiguous (MCC, Dorset)."""
    found = authorities_named(name, table=table)
    return found[0] if len(found) == 1 else None


__all__ = [
    "CODE_RE",
    "COLUMNS",
    "KINDS",
    "NATIONS",
    "Authority",
    "AuthorityTableError",
    "authorities_named",
    "authority_by_name",
    "find_authority",
    "is_acronym",
    "load_authorities",
    "score_authorities",
]
