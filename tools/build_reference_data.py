"""Rebuild pipeline/data/population.csv and pipeline/data/deflators.csv from the source files.

The sources (official ONS and HM Treasury releases, as kept in public
repositories) are in tools/reference_sources/ with SOURCES.md saying where each
came from. Run from the repository root, with no network:

    .venv/bin/python tools/build_reference_data.py          # write both CSVs
    .venv/bin/python tools/build_reference_data.py --check  # exit 1 if they differ

Population (tools/reference_population.py says from which releases, in which order)
is kept only for the councils in pipeline/data/authorities.csv (the GSS codes the
warehouse joins on); the coverage it could not give is printed and written into
the CSV's header, never filled in.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from decimal import Decimal

from reference_population import (
    DATA,
    MID_2021,
    OLD,
    REVISED,
    ROOT,
    SOURCES,
    UK22,
    population_rows,
    span,
)

ONS_DATASET = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland"
)
HMT_COLLECTION = (
    "https://www.gov.uk/government/collections/gdp-deflators-at-market-prices-and-money-gdp"
)


def population_csv() -> str:
    rows, gaps, checked = population_rows()
    years = sorted({int(r[2]) for r in rows})
    used = [r for r in (REVISED, OLD, MID_2021, UK22) if any(x[4].startswith(r) for x in rows)]
    head = [
        "ONS mid-year population estimates, all ages, for the councils in authorities.csv.",
        "Publisher: Office for National Statistics (Open Government Licence v3.0).",
        f"Source: {ONS_DATASET}",
        "Releases, in the order preferred (each row names its own): " + "; ".join(used) + ".",
        f"Years covered: {span(years)} (a fiscal year Y/Y+1 uses mid-Y).",
        "England and Wales mid-2011 to mid-2023 are one series, the latest ONS gives (mid-2012 to"
        " mid-2022 revised since first published, after the 2021 Census); an abolished county"
        " council gets its successors' sum (same area), named in the row's release.",
        "Coverage: " + " | ".join(gaps),
        checked + ".",
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
    _rows, gaps, checked = population_rows()
    for line in [*gaps, checked]:
        print(line)
    if stale:
        print(f"stale: {', '.join(stale)}; run tools/build_reference_data.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
