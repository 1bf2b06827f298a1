"""Rebuild pipeline/data/population.csv and pipeline/data/deflators.csv from the source files.

The sources (official ONS and HM Treasury releases, as kept in public
repositories) are in tools/reference_sources/ with SOURCES.md saying where each
came from. Run from the repository root, with no network:

    .venv/bin/python tools/build_reference_data.py          # write both CSVs
    .venv/bin/python tools/build_reference_data.py --check  # exit 1 if they differ

Population is kept only for the councils in pipeline/data/authorities.csv (the
GSS codes the warehouse joins on); the coverage it could not give is printed
and written into the CSV's header, never filled in.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "reference_sources"
DATA = ROOT / "pipeline" / "data"

ONS_DATASET = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland"
)
HMT_COLLECTION = (
    "https://www.gov.uk/government/collections/gdp-deflators-at-market-prices-and-money-gdp"
)

#: mid-year → (release, how the source gives it)
RELEASES = {
    2019: "ONS mid-2019 (released 2020-06-24), UTLA April 2019 codes",
    2020: "ONS mid-2020 (released 2021-06-25), UTLA April 2020 codes",
    2021: "ONS mid-2021 (released 2022-12), LAD April 2021 codes summed to UTLA",
}


def _rda(name: str) -> list[dict[str, object]]:
    import pyreadr  # a dev dependency: only this script reads R data files

    frame = next(iter(pyreadr.read_r(str(SOURCES / name)).values()))
    records: list[dict[str, object]] = frame.to_dict("records")
    return records


def _authorities() -> dict[str, str]:
    with (DATA / "authorities.csv").open(encoding="utf-8", newline="") as fh:
        return {r["gss_code"]: r["name"] for r in csv.DictReader(fh)}


def utla_estimates(name: str, year: int) -> dict[str, int]:
    """code → all-ages population from one demographr UTLA file."""
    suffix = f"utla{str(year)[2:]}"
    out: dict[str, int] = {}
    for r in _rda(name):
        value = Decimal(str(r["total_population"]))
        if value != value.to_integral_value():
            raise SystemExit(f"{name}: {r[f'{suffix}_code']} has a fractional population")
        out[str(r[f"{suffix}_code"])] = int(value)
    return out


def mid_2021() -> dict[str, int]:
    """code → all-ages population, mid-2021: districts, and counties as the sum of theirs."""
    by_lad: dict[str, int] = defaultdict(int)
    with gzip.open(SOURCES / "pop2021.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            by_lad[r["ladcode21"]] += int(r["population_2021"])
    out = dict(by_lad)
    counties: dict[str, int] = defaultdict(int)
    for r in _rda("lookup_ltla21_utla21.rda"):
        lad, utla = str(r["ltla21_code"]), str(r["utla21_code"])
        if lad != utla:
            if lad not in by_lad:
                raise SystemExit(f"lookup: district {lad} of {utla} has no mid-2021 estimate")
            counties[utla] += by_lad[lad]
    out.update(counties)
    return out


def population_rows() -> tuple[list[list[str]], list[str]]:
    """The CSV rows, and lines saying which councils have no estimate in which year."""
    councils = _authorities()
    years = {
        2019: utla_estimates("population19_utla19.rda", 2019),
        2020: utla_estimates("population20_utla20.rda", 2020),
        2021: mid_2021(),
    }
    rows: list[list[str]] = []
    gaps: list[str] = []
    for year, values in years.items():
        missing = []
        for code, name in sorted(councils.items()):
            if code in values:
                rows.append([code, name, str(year), str(values[code]), RELEASES[year]])
            else:
                missing.append(code)
        nations = defaultdict(list)
        for code in missing:
            nations[code[0]].append(code)
        said = []
        if len(nations.get("S", [])) > 10:
            said.append(f"all {len(nations.pop('S'))} Scottish councils")
        said += [c for cs in nations.values() for c in cs]
        found = len(councils) - len(missing)
        gaps.append(
            f"mid-{year}: {found} of {len(councils)} councils;"
            f" none for {', '.join(said) if said else 'no council'}"
        )
    return rows, gaps


def population_csv() -> str:
    rows, gaps = population_rows()
    head = [
        "ONS mid-year population estimates, all ages, for the councils in authorities.csv.",
        "Publisher: Office for National Statistics (Open Government Licence v3.0).",
        f"Source: {ONS_DATASET}",
        "Releases: " + "; ".join(RELEASES[y] for y in sorted(RELEASES)) + ".",
        "Years covered: mid-2019, mid-2020, mid-2021 (a fiscal year Y/Y+1 uses mid-Y).",
        "Coverage: " + " | ".join(gaps),
        "Built by tools/build_reference_data.py from tools/reference_sources/ (see SOURCES.md).",
    ]
    out = io.StringIO()
    for line in head:
        out.write(f"# {line}\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["gss_code", "name", "mid_year", "population", "release"])
    w.writerows(rows)
    return out.getvalue()


def deflators_csv() -> str:
    with (SOURCES / "uk_cost_indices.csv").open(encoding="utf-8", newline="") as fh:
        src = list(csv.DictReader(fh))
    outturn = [r for r in src if r["is_forecast"] == "false"]
    forecast = [r for r in src if r["is_forecast"] == "true"]
    head = [
        "HM Treasury GDP deflator at market prices, by financial year, 2024-25 = 100.",
        "Publisher: HM Treasury, 'GDP deflators at market prices, and money GDP:"
        " March 2026 (Quarterly National Accounts)' (Open Government Licence v3.0).",
        f"Source: {HMT_COLLECTION}",
        f"Years covered: {outturn[0]['fiscal_year']} to {outturn[-1]['fiscal_year']} outturn"
        f" (ONS series L8GG); {forecast[0]['fiscal_year']} to {forecast[-1]['fiscal_year']}"
        " OBR forecasts (is_forecast = true), chained from HM Treasury's per cent changes.",
        "Built by tools/build_reference_data.py from tools/reference_sources/ (see SOURCES.md).",
    ]
    out = io.StringIO()
    for line in head:
        out.write(f"# {line}\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["first_fy", "fiscal_year", "gdp_deflator", "is_forecast"])
    for r in src:
        index = Decimal(r["gdp_deflator"])
        label = f"{r['fiscal_year'][:4]}/{r['fiscal_year'][5:]}"
        w.writerow([r["fiscal_year_start"], label, f"{index}", r["is_forecast"]])
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the CSVs differ")
    args = parser.parse_args()
    built = {"population.csv": population_csv(), "deflators.csv": deflators_csv()}
    stale = []
    for name, text in built.items():
        path = DATA / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for line in population_rows()[1]:
        print(line)
    if stale:
        print(f"stale: {', '.join(stale)}; run tools/build_reference_data.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
