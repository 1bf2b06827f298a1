"""The NHS body that wrote a paper, when its heading names one as its own.

NHS bodies publish finance papers too: a clinical commissioning group's monthly list of
payments over £25,000 ("NHS Waltham Forest CCG / Payments over £30,000 / As at 30 June
2020" over every page), a trust's expenditure report. Such a paper names no council, so
without this it would stay unattributed, or take the council its folder's other papers
name (``pipeline.attribution``), which is wrong: the CCG is its author. The heading is
read like a council's (its first lines on page 1 and the running head its pages repeat),
and the name found there is resolved in the organisation register to the body and its
ODS code, only when exactly one NHS body fits (``Register.resolve``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.tagging.register import Organisation, register

#: an NHS body's name as a heading prints it: "NHS Waltham Forest CCG", "South East London
#: CCG" (after an ODS code and a dash), "Homerton University Hospital NHS Foundation Trust"
_NHS_NAME_RE = re.compile(
    r"^(?:[0-9][0-9A-Z]{2}\s*[-‐–—]?\s*)?(?P<name>(?:NHS\s+)?(?:[A-Z][\w'’&.-]*\s+(?:(?:and|&)\s+)?){1,7}"
    r"(?:CCG|Clinical\s+Commissioning\s+Group|ICB|Integrated\s+Care\s+Board"
    r"|NHS\s+(?:Foundation\s+)?Trust|NHS\s+FT))\b"
)
_NHS_KINDS = frozenset({"nhs_trust", "icb_ccg_pct", "nhs_england"})


def nhs_author(heading: Sequence[str]) -> Organisation | None:
    """The NHS body the first heading line opening with one's name names; None when none.

    The name must open the line (after its ODS code, if printed: "07L NHS Barking and
    Dagenham CCG Invoices over £25k"), as a title does: a council's paper names NHS
    partners inside its sentences ("… with Kent and Medway ICB"), and a list of payments
    names the trusts it paid below its own name. The first, as a title comes before the
    table under it.
    """
    for text in heading:
        for line in text.splitlines():
            m = _NHS_NAME_RE.match(" ".join(line.split()))
            org = register().resolve(m.group("name")) if m else None
            if org is not None and org.kind in _NHS_KINDS:
                return org
    return None
