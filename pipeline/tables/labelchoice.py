"""Which of several text columns names the rows: the header's word for what a column
holds, and the cells' own form, when more than one column names every row differently.

A schedule may carry a directorate, a service and a description beside each other, each
distinct row to row. A reader takes the rows' names from the column whose header says it
names them ("Description", "Proposal") rather than groups or assigns them ("Directorate",
"Lead officer"), whose cells read as phrases rather than names of units, and where a
total's label stands; a column another describes ("Key Service" beside "Key Service
Description") names the rows it describes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.normalise import looks_like_total

#: headers of columns that group or assign rows rather than name them
LABEL_HEADER_RE = re.compile(
    r"\s*(?:items?|assets?|asset\s+description|description|title(?:\s*/\s*description)?|name)\s*",
    re.IGNORECASE,
)
#: headers of the column naming who a payment or grant went to
COUNTERPARTY_HEADER_RE = re.compile(
    r"\s*(?:payee|supplier|supplier\s+name|beneficiary|recipient|grantee|applicant|vendor"
    r"|creditor|paid\s+to|to\s+whom(?:\s+paid)?|organi[sz]ation|organi[sz]ation\s+name|name\s+of\s+organi[sz]ation)"
    r"(?:\s*\(s\))?\s*",
    re.IGNORECASE,
)
ATTRIBUTE_HEADER_RE = re.compile(
    r"\s*(?:(?:lead|responsible|cabinet)\s+)?(?:portfolio|directorate|service area|department"
    r"|division|category|theme|lead|officer|owner|member|manager|ref\.?|reference|code|status"
    r"|comments?|commentary|progress(?: update)?|update|notes?|mitigation|risks?)"
    r"(?:\s+(?:officer|holder|member|owner|name))?\s*",
    re.IGNORECASE,
)


#: headers of columns that assign rows to someone or something larger, never name them
_GROUP_HEADER_RE = re.compile(
    r"\s*(?:(?:lead|responsible|cabinet)\s+)?(?:portfolio|directorate|department|division"
    r"|lead|officer|owner|member|manager)(?:\s+(?:officer|holder|member|owner|name))?\s*",
    re.IGNORECASE,
)
#: headers of columns that describe each row (looser than LABEL_HEADER_RE: only to
#: choose between columns that each name every row)
_DESCRIBES_HEADER_RE = re.compile(
    r".*\b(?:description|proposals?|savings?|schemes?|projects?|items?|heading|title|details?"
    r"|initiatives?|activit(?:y|ies)|measures?)\s*",
    re.IGNORECASE,
)
#: short words a proper name keeps in lower case ("Place and Environment")
_NAME_LINKS = frozenset(
    {"and", "&", "of", "the", "for", "in", "to", "on", "with", "at", "by", "or"}
)


def _header_grade(head: str) -> int:
    """How a header presents its column: 1 describes rows (Description, Proposal),
    -2 assigns them (Directorate, Portfolio, Lead Officer), -1 groups them (Service
    Area, Category), 0 says neither."""
    if LABEL_HEADER_RE.fullmatch(head) or _DESCRIBES_HEADER_RE.fullmatch(head):
        return 1
    if _GROUP_HEADER_RE.fullmatch(head):
        return -2
    return -1 if ATTRIBUTE_HEADER_RE.fullmatch(head) else 0


def _phrases(texts: Sequence[str]) -> float:
    """The share of a column's cells of several words set as a phrase ("Nursing care
    placements"), not as a proper name with every word capitalised ("Adult Social Care"):
    an organisation's units are named, a row's subject is described."""
    multi = [t.split() for t in texts if len(t.split()) > 1]
    if not multi:
        return 0.0
    lower = sum(
        1
        for words in multi
        if any(w[:1].islower() and w.lower() not in _NAME_LINKS for w in words[1:])
    )
    return lower / len(multi)


def label_among(naming: Sequence[int], cells: Sequence[Sequence[str]], heads: Sequence[str]) -> int:
    """Of several text columns that each name every row differently (a directorate and
    its proposal, a few rows each), the label column: the one the total row's label
    stands in; with no total to decide, the one a reader takes for the rows' names -- its
    header describes rather than assigns, its cells read as phrases rather than as names
    of units -- and only then the leftmost. A column holding the total's label alone (a
    "Total" set in the margin left of a grid whose rows are named in its last column)
    names no other row: the column naming several is the label."""

    def values(i: int) -> list[str]:
        return [t.strip() for t in cells[i] if t.strip()]

    margin = [i for i in naming if values(i) and all(looks_like_total(t) for t in values(i))]
    if margin and any(values(i) for i in naming if i not in margin):
        naming = [i for i in naming if i not in margin]
    totals = [i for i in naming if any(looks_like_total(t) for t in cells[i])]
    if len(totals) == 1:
        return totals[0]
    if (described := _described(naming, heads)) is not None:
        return described

    def grade(i: int) -> tuple[int, int]:
        head = heads[i] if i < len(heads) else ""
        vals = [t.strip() for t in cells[i] if t.strip()]
        return _header_grade(head), round(2 * _phrases(vals))

    best = max(grade(i) for i in naming)
    return next(i for i in naming if grade(i) == best)


def _described(naming: Sequence[int], heads: Sequence[str]) -> int | None:
    """The column another's header says it describes ("Key Service" beside "Key Service
    Description", "Project" beside "Description of Project"): the thing described names
    the row; its description is an attribute."""
    for j in naming:
        head = heads[j] if j < len(heads) else ""
        stem = re.sub(r"(?i)\s*description\s*$|^\s*description\s+of\s+(?:the\s+)?", "", head)
        if not stem or stem == head:
            continue
        for i in naming:
            if i != j and i < len(heads) and heads[i].lower().endswith(stem.lower()):
                return i
    return None


def within_groups(wordy: Sequence[int], cells: Sequence[Sequence[str]]) -> int | None:
    """The column naming rows within groups, where a column left of it names the groups:
    its names run in the same order under each group ("Total Income", "Expenditure",
    "Surplus" under On-street, then again under Off-street), the group's name printed
    once beside them (a cell merged down its rows). The repeated names are the rows'
    labels; the group's name is kept as an attribute."""
    for j in wordy:
        vals = [t.strip() for t in cells[j] if t.strip()]
        if not _repeats_in_blocks(vals):
            continue
        for i in wordy:
            groups = [t for t in cells[i] if t.strip()]
            if i < j and 2 <= len(groups) <= len(vals) / 2 and len(set(groups)) == len(groups):
                return j
    return None


#: the most names a group's block repeats (a section's lines: income, costs, net ...)
_MAX_BLOCK = 12


def _repeats_in_blocks(vals: Sequence[str]) -> bool:
    """Two identical blocks of two short names or more, one after the other, anywhere in
    the column ("Total income", "Expenditure", "Surplus" under On-street, again under
    Off-street, after On-street's own "Fees and permits"), compared as words ("Off-street"
    is "Off street"); lines of a description repeated row to row are no names."""
    keys = [" ".join(re.findall(r"[a-z0-9]+", v.lower())) for v in vals]
    short = [len(v.split()) <= 5 for v in vals]
    for k in range(2, min(len(keys) // 2, _MAX_BLOCK) + 1):
        for s in range(len(keys) - 2 * k + 1):
            block = keys[s : s + k]
            if (
                keys[s] == keys[s + k]
                and len(set(block)) == k
                and block == keys[s + k : s + 2 * k]
                and all(short[s : s + 2 * k])
            ):
                return True
    return False
