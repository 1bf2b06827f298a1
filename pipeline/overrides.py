"""What a person says about papers by hand (``--authority``, ``--year``, a manifest's
columns), checked before any paper is read.

An override is applied to every figure of every paper it covers, so a typo
('Leedz', year '21') would mislabel them all without a word. Each value must
name one council in ``data/authorities.csv`` (by name, printed variant or GSS
code) and one fiscal year; otherwise a one-line error says what is wrong, with
a did-you-mean, and nothing is ingested.
"""

from __future__ import annotations

from pipeline.authorities import authorities_named
from pipeline.authority_table import district_councils, load_authorities
from pipeline.errors import PipelineError
from pipeline.names import COUNCIL_WORDS, did_you_mean
from pipeline.normalise import read_year

#: Years outside this range are typos (a paper for 2201, or 21 for 2021).
FIRST_YEAR, LAST_YEAR = 1990, 2099


def check_authority(value: str, *, where: str = "authority") -> str:
    """The council's own name for what was given; a PipelineError if it names none or several."""
    found = authorities_named(value)
    if len(found) == 1:
        return found[0].name
    if found:
        options = ", ".join(f"{a.name} ({a.code})" for a in found[:6])
        raise PipelineError(
            f"{where} {value!r} could be {options}: give the full name or the GSS code"
        )
    councils = [*load_authorities(), *district_councils()]
    forms = {form: a.name for a in councils for form in a.names}
    guess = did_you_mean(value, forms, ignore=COUNCIL_WORDS)
    hint = f"; did you mean {forms[guess]!r}?" if guess else ""
    raise PipelineError(
        f"{where} {value!r} is not a council we know{hint} (give a council's name or GSS "
        "code as in pipeline/data/authorities.csv)"
    )


def check_year(value: int | str, *, where: str = "year") -> int:
    """The fiscal year (by its start) for what was given; a PipelineError if it is not one."""
    year = value if isinstance(value, int) else read_year(value)
    if year is None:
        raise PipelineError(f"{where} {value!r} is not a fiscal year; write 2021 or 2021/22")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PipelineError(
            f"{where} {value!r} is not a fiscal year between {FIRST_YEAR} and {LAST_YEAR}; "
            "write 2021 or 2021/22"
        )
    return year
