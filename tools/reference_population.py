"""pipeline/data/population.csv from ONS's own files (tools/reference_sources/, see SOURCES.md).

One estimate per council (GSS code in authorities.csv) and mid-year, from the first source
below that gives it, each row naming its source:

1. ONS's mid-2023 release for England and Wales (``mye23tablesew.xlsx``, table MYE4): the
   series mid-2011 to mid-2023 on April 2023 codes, with mid-2012 to mid-2022 as revised after
   the 2021 Census, so a council's years are one consistent series;
2. ONS's June 2021 release for the UK (``ukpopestimatesmid2020on2021geography.xls``, MYE4):
   mid-2010 (the first budget year of the papers) and the Scottish councils to mid-2020;
3. ONS's mid-2021 estimates by district (``pop2021.csv.gz``): the Scottish councils, mid-2021;
4. ONS's mid-2022 release for the UK (``mye22final.xlsx``, MYE4): the Scottish councils,
   mid-2022.

A council abolished in a reorganisation whose area its successors cover exactly (SAME_AREA)
gets their sum from the same source, for the years it existed. Nothing else is filled in:
where no source gives a council and year, there is no row, and the header says which.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "reference_sources"
DATA = ROOT / "pipeline" / "data"

Years = dict[int, dict[str, int]]  # mid-year → GSS code → all-ages population

REVISED_FILE = "mye23tablesew.xlsx"
REVISED = "ONS mid-2023 (published 2024-07-15), England and Wales MYE4 series, April 2023 codes"
OLD_FILE = "ukpopestimatesmid2020on2021geography.xls"
OLD = "ONS mid-2020 (published 2021-06-25), UK MYE4 series, April 2021 codes"
MID_2021 = "ONS mid-2021 (released 2022-12), UK by district, April 2021 codes"
UK22_FILE = "mye22final.xlsx"
UK22 = "ONS mid-2022 (published 2024-03-26), UK MYE4, April 2023 codes"
#: The ONS workbooks are not committed (fetched data stays out of the repository): SOURCES.md
#: says where each is kept; the build checks each is the very file it names.
WORKBOOKS = {
    REVISED_FILE: "96dcbb73d01c2965a0e8173bdf736f04a16d91dc189c4a52220919792e5e2c94",
    OLD_FILE: "3bee62ad857942ae02dbfd8f808e14542e2d9df70003161e60b49a5112e20cd8",
    UK22_FILE: "08ec80f73a2029701c598f9dd521851be94cc487ea5c319229d8a7626fe42696",
}
#: Papers start at 2010/11; the June 2021 series goes back to mid-2001, which no paper needs.
FIRST_YEAR = 2010

#: Councils abolished in a reorganisation whose area is exactly that of their successors (each
#: unitary council was made from the whole county), so the successors' estimates add up to the
#: old council's area for the years it existed. Dorset County Council, Bournemouth and Poole are
#: not here: Christchurch moved from Dorset into the new BCP council, so no later area is theirs.
SAME_AREA = {
    "E10000002": ("E06000060",),  # Buckinghamshire CC → Buckinghamshire Council, April 2020
    "E10000021": ("E06000061", "E06000062"),  # Northamptonshire CC → North, West; April 2021
    "E10000006": ("E06000063", "E06000064"),  # Cumbria CC → Cumberland, Westmorland and F.; 2023
    "E10000023": ("E06000065",),  # North Yorkshire CC → North Yorkshire Council, April 2023
    "E10000027": ("E06000066",),  # Somerset CC → Somerset Council, April 2023
}


@lru_cache(maxsize=1)
def authorities() -> dict[str, tuple[str, int | None]]:
    """code → (name, the year it was abolished on 1 April, if it was)."""
    with (DATA / "authorities.csv").open(encoding="utf-8", newline="") as fh:
        return {
            r["gss_code"]: (r["name"], int(r["valid_to"]) if r["valid_to"] else None)
            for r in csv.DictReader(fh)
        }


def missing_workbooks() -> list[str]:
    return [name for name in WORKBOOKS if not (SOURCES / name).is_file()]


def workbook(name: str) -> Path:
    """The path of a kept ONS workbook, after checking it is the file SOURCES.md names."""
    path = SOURCES / name
    if not path.is_file():
        raise SystemExit(
            f"{path.relative_to(ROOT)} is missing: copy it from the repository and commit"
            " tools/reference_sources/SOURCES.md names (it is not committed here)"
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WORKBOOKS[name]:
        raise SystemExit(f"{path.relative_to(ROOT)} is not the file SOURCES.md names ({digest})")
    return path


def _whole(value: object, where: str) -> int:
    number = Decimal(str(value))
    if number != number.to_integral_value():
        raise SystemExit(f"{where}: not a whole number of people: {value!r}")
    return int(number)


def _mye4(rows: Iterable[Iterable[object]], name: str) -> Years:
    """mid-year → code → population from an MYE4 sheet's rows (a "Code, Name, Geography,
    Mid-YYYY…" table under a few lines of notes). Some codes carry a trailing no-break space,
    which is stripped."""
    table = [list(r) for r in rows]
    head = next(i for i, r in enumerate(table) if str(r[0]).strip() == "Code")
    years = {
        j: int(str(c).strip().removeprefix("Mid-"))
        for j, c in enumerate(table[head])
        if j > 2 and c not in (None, "")
    }
    out: Years = defaultdict(dict)
    for r in table[head + 1 :]:
        code = str(r[0] or "").strip(" \xa0")
        for j, year in years.items():
            if code and year >= FIRST_YEAR:
                out[year][code] = _whole(r[j], f"{name} MYE4 {code} mid-{year}")
    return dict(out)


def xls_mye4(name: str) -> Years:
    import xlrd  # a dev dependency: the reader for ONS's old .xls workbooks

    sheet = xlrd.open_workbook(str(workbook(name))).sheet_by_name("MYE4")
    return _mye4((sheet.row_values(i) for i in range(sheet.nrows)), name)


def xlsx_mye4(name: str) -> Years:
    import openpyxl  # a dev dependency: the reader for ONS's .xlsx workbooks

    book = openpyxl.load_workbook(workbook(name), read_only=True, data_only=True)
    try:
        return _mye4(book["MYE4"].iter_rows(values_only=True), name)
    finally:
        book.close()


def mid_2021() -> Years:
    """mid-2021 by district (a Scottish council area is a district)."""
    by_lad: dict[str, int] = defaultdict(int)
    with gzip.open(SOURCES / "pop2021.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            by_lad[r["ladcode21"]] += int(r["population_2021"])
    return {2021: dict(by_lad)}


def sources() -> list[tuple[str, Years]]:
    """(release, estimates), most preferred first."""
    return [
        (REVISED, xlsx_mye4(REVISED_FILE)),
        (OLD, xls_mye4(OLD_FILE)),
        (MID_2021, mid_2021()),
        (UK22, xlsx_mye4(UK22_FILE)),
    ]


def estimate(code: str, year: int, found: list[tuple[str, Years]]) -> tuple[int, str] | None:
    """The estimate for one council and year and the release it comes from, if any source
    gives it (directly, or as its successors' sum while the council existed)."""
    valid_to = authorities()[code][1]
    if valid_to is not None and year >= valid_to:
        return None
    parts = SAME_AREA.get(code, ())
    for release, years in found:
        values = years.get(year, {})
        if code in values:
            return values[code], release
        if parts and all(p in values for p in parts):
            return sum(values[p] for p in parts), f"{release}: {' + '.join(parts)}, the same area"
    return None


def check_agreement(found: list[tuple[str, Years]]) -> str:
    """Mid-2011 (the Census year, revised by no later release) must be the same in every
    source that gives it: the files are then the releases they claim, read right."""
    compared = 0
    by_release = {release: years.get(2011, {}) for release, years in found}
    base = by_release[REVISED]
    for release, values in by_release.items():
        if release == REVISED:
            continue
        for code in set(base) & set(values):
            compared += 1
            if base[code] != values[code]:
                raise SystemExit(f"{code} mid-2011: {REVISED} and {release} differ")
    return f"Checked: mid-2011 agrees in all {compared} estimates two sources both give"


def _said(missing: list[str]) -> str:
    nations: dict[str, list[str]] = defaultdict(list)
    for code in missing:
        nations[code[0]].append(code)
    said = []
    if len(nations.get("S", [])) > 10:
        said.append(f"all {len(nations.pop('S'))} Scottish councils")
    said += [c for cs in nations.values() for c in cs]
    return ", ".join(said) if said else "no council"


def span(years: list[int]) -> str:
    return f"mid-{years[0]}" if len(years) == 1 else f"mid-{years[0]} to mid-{years[-1]}"


def coverage(missing: dict[int, list[str]]) -> list[str]:
    """One line per run of consecutive years with the same councils missing."""
    total = len(authorities())
    lines: list[str] = []
    years = sorted(missing)
    start = 0
    for i, year in enumerate(years):
        if i + 1 == len(years) or missing[years[i + 1]] != missing[year]:
            found = total - len(missing[year])
            lines.append(
                f"{span(years[start : i + 1])}: {found} of {total} councils;"
                f" none for {_said(missing[year])}"
            )
            start = i + 1
    return lines


@lru_cache(maxsize=1)
def population_rows() -> tuple[list[list[str]], list[str], str]:
    """The CSV rows, the coverage lines, and what was checked."""
    found = sources()
    checked = check_agreement(found)
    all_years = sorted({y for _, years in found for y in years})
    rows: list[list[str]] = []
    missing: dict[int, list[str]] = {}
    for year in all_years:
        missing[year] = []
        for code, (name, _valid_to) in sorted(authorities().items()):
            got = estimate(code, year, found)
            if got is None:
                missing[year].append(code)
            else:
                rows.append([code, name, str(year), str(got[0]), got[1]])
    return rows, coverage(missing), checked
