"""Build pipeline/data/organisations.csv, the organisation register, from the public files
kept in tools/register_sources/ (each file's header or README says where it came from).

    .venv/bin/python tools/build_register.py            # rewrite the register
    .venv/bin/python tools/build_register.py --check    # exit 1 when the committed file is stale

Councils are not copied here: the tagger reads them from pipeline/data/authorities.csv (ONS GSS
codes) so there is one table of councils. Nothing here touches the network.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "register_sources"
TARGET = ROOT / "pipeline" / "data" / "organisations.csv"

HEADER = """\
# The organisation register: one row per body, read by the tagger (pipeline/tagging/register.py).
# Built by tools/build_register.py on 2026-11-29 from the files in tools/register_sources/:
#   nhs_trust   ODS etr.csv (NHS trusts, England, as published by the Organisation Data Service):
#               names from the copy dated 2026-07-08 in github.com/Riyaburman-analytics/
#               UK-healthcare-analysis, former names from the copy dated 2021-01-04 in
#               github.com/jah-photoshop/nhsparse; title-cased; open and close dates from the
#               file; acronyms from trust_variants.csv
#   icb_ccg_pct ICBs: icb_2022.csv (ONS ICB22 names and codes + ODS codes); CCGs and PCTs:
#               pct_ccg_2013.json (ONS/NHS PCO to CCG lookup, April 2013, in
#               github.com/elahmo/dsfood: PCT ODS code, CCG ODS code and ONS code); CCG
#               mergers and CCG -> ICB from
#               ccg_successors.csv (ODS successor file, as quoted there)
#   government, regulator, nhs_england, other: national_bodies.csv (GOV.UK organisations list)
#   local_authority: councils missing from pipeline/data/authorities.csv (districts):
#               local_authorities_govuk.json (GSS code, tier and official name as in GOV.UK's local
#               links manager data, copy dated 2024-03-11 in github.com/defra-design/aqie-prototype)
# Councils with social care duties (ONS GSS codes) come from pipeline/data/authorities.csv.
# Columns: canonical name; kind; code (ODS or ONS code, else a slug of the name); code_system
# (ods, ons, slug); variants (|-separated printed forms, acronyms); successors (|-separated codes
# of the bodies that took over); valid_from, valid_to (ISO dates where known); source.
"""

_KEEP_UPPER = {"NHS", "UK", "CCG", "PCT", "ICB", "HM", "II"}
_SMALL = {"and", "of", "the", "upon", "on", "in", "with", "for", "at", "by", "under"}


def title(name: str) -> str:
    """ODS prints names in capitals: 'GUY'S AND ST THOMAS' NHS FOUNDATION TRUST'."""
    out: list[str] = []
    for i, w in enumerate(name.split()):
        if w in _KEEP_UPPER:
            out.append(w)
        elif i > 0 and w.lower() in _SMALL:
            out.append(w.lower())
        else:
            parts = re.split(r"([-'’])", w.lower())
            out.append(
                "".join(
                    p
                    if p in {"-", "'", "’"}
                    or (j > 0 and parts[j - 1] in {"'", "’"} and len(p) <= 1)
                    else p[:1].upper() + p[1:]
                    for j, p in enumerate(parts)
                )
            )
    return " ".join(out)


def slug(name: str) -> str:
    s = name.lower().replace("&", " and ").replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _date(ods: str) -> str:
    return f"{ods[:4]}-{ods[4:6]}-{ods[6:8]}" if re.fullmatch(r"\d{8}", ods or "") else ""


def _rows(path: Path) -> list[dict[str, str]]:
    text = "\n".join(
        x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")
    )
    return list(csv.DictReader(io.StringIO(text)))


def trust_variants(name: str) -> list[str]:
    """Printed forms of a trust's ODS name: also without 'NHS' and without 'The'."""
    out = [name]
    bare = re.sub(r"\bNHS\s+(?=(?:Foundation\s+)?Trust\b)", "", name)
    out.append(bare)
    if name.startswith("The "):
        out += [name[4:], bare[4:]]
    return list(dict.fromkeys(v for v in out if v))


def trusts() -> list[dict[str, str]]:
    """The newest ODS file names each trust; an older file's name of the same code (a
    renamed trust keeps its code) becomes a variant."""
    extra = {r["ods_code"]: r["variants"] for r in _rows(SOURCES / "trust_variants.csv")}
    older = {
        rec[0]: title(rec[1])
        for rec in csv.reader((SOURCES / "ods_etr_2021.csv").open(encoding="utf-8"))
    }
    out = []
    for rec in csv.reader((SOURCES / "ods_etr_2026.csv").open(encoding="utf-8")):
        code, name = rec[0], title(rec[1])
        variants = trust_variants(name)
        if code in older and older[code] != name:
            variants += trust_variants(older[code])
        variants += [v for v in extra.get(code, "").split("|") if v]
        out.append(
            dict(
                canonical=name,
                kind="nhs_trust",
                code=code,
                code_system="ods",
                variants=variants,
                successors="",
                valid_from=_date(rec[10]),
                valid_to=_date(rec[11]),
                source="ods etr.csv",
            )
        )
    return out


def icbs() -> list[dict[str, str]]:
    out = []
    for r in _rows(SOURCES / "icb_2022.csv"):
        name = r["name"]
        place = name.removeprefix("NHS ").removesuffix(" Integrated Care Board")
        # "NHS Kent and Medway" is the operating name ICBs use of themselves
        variants = [
            name,
            f"NHS {place} ICB",
            f"{place} ICB",
            f"{place} Integrated Care Board",
            f"NHS {place}",
        ]
        out.append(
            dict(
                canonical=name,
                kind="icb_ccg_pct",
                code=r["ods_code"],
                code_system="ods",
                variants=variants,
                successors="",
                valid_from="2022-07-01",
                valid_to="",
                source=f"icb_2022.csv ({r['source']})",
            )
        )
    return out


def ccgs_and_pcts() -> list[dict[str, str]]:
    succ: dict[str, list[str]] = {}
    merged: dict[str, str] = {}
    for r in _rows(SOURCES / "ccg_successors.csv"):
        succ.setdefault(r["old_code"], []).append(r["new_code"])
        merged[r["new_code"]] = r["new_name"]
    data = json.loads((SOURCES / "pct_ccg_2013.json").read_text(encoding="utf-8"))
    ccgs: dict[str, tuple[str, str]] = {}
    out = []
    for pco in data:
        links = pco["CCG"] if isinstance(pco["CCG"], list) else [pco["CCG"]]
        links = sorted(links, key=lambda c: -float(c.get("pcd_percent") or 0))
        for c in links:
            ccgs[c["code"]] = (c["name"], c.get("onscode", ""))
        place = pco["name"]
        short = re.sub(r"\s+Teaching$", "", place)
        name = f"{place} Primary Care Trust"
        variants = [
            name,
            f"{place} PCT",
            f"NHS {place}",
            f"{short} PCT",
            f"{short} Primary Care Trust",
        ]
        out.append(
            dict(
                canonical=name,
                kind="icb_ccg_pct",
                code=pco["nhscode"],
                code_system="ods",
                variants=variants,
                successors="|".join(c["code"] for c in links),
                valid_from="",
                valid_to="2013-03-31",
                source="pct_ccg_2013.json",
            )
        )
    for new_code, new_name in merged.items():
        if new_code not in ccgs and not new_code.startswith("Q"):
            ccgs[new_code] = (new_name, "")
    for code, (name, _ons) in sorted(ccgs.items()):
        place = name.removeprefix("NHS ").removesuffix(" CCG")
        full = f"NHS {place} Clinical Commissioning Group"
        variants = [full, name, f"{place} CCG", f"{place} Clinical Commissioning Group"]
        out.append(
            dict(
                canonical=full,
                kind="icb_ccg_pct",
                code=code,
                code_system="ods",
                variants=variants,
                successors="|".join(succ.get(code, [])),
                valid_from="2013-04-01" if code not in merged else "2020-04-01",
                valid_to="2022-06-30" if code in merged or code in succ else "",
                source="pct_ccg_2013.json" if code not in merged else "ccg_successors.csv",
            )
        )
    return out


def councils() -> list[dict[str, str]]:
    """Councils missing from pipeline/data/authorities.csv (district councils, mostly)."""
    have = {
        r["gss_code"]
        for r in csv.DictReader((ROOT / "pipeline" / "data" / "authorities.csv").open())
    }
    out = []
    for la in json.loads((SOURCES / "local_authorities_govuk.json").read_text(encoding="utf-8")):
        if la["gss"] in have or not la["name"]:
            continue
        name = la["name"]
        place = re.sub(
            r"\s+(?:(?:Metropolitan |County )?Borough|District|City|County)?\s*Council$", "", name
        )
        variants = [name, f"{place} Council"]
        if " and " in name:
            variants.append(name.replace(" and ", " & "))
        out.append(
            dict(
                canonical=name,
                kind="local_authority",
                code=la["gss"],
                code_system="ons",
                variants=variants,
                successors="",
                valid_from="",
                valid_to="",
                source="local_authorities_govuk.json",
            )
        )
    return out


def national() -> list[dict[str, str]]:
    out = []
    for r in _rows(SOURCES / "national_bodies.csv"):
        variants = [r["canonical"], *[v for v in (r["variants"] or "").split("|") if v]]
        out.append(
            dict(
                canonical=r["canonical"],
                kind=r["kind"],
                code=slug(r["canonical"]),
                code_system="slug",
                variants=variants,
                successors="",
                valid_from="",
                valid_to="",
                source="national_bodies.csv",
            )
        )
    return out


def _key(name: str) -> str:
    s = name.replace("’", "'").replace("&", " and ")
    s = re.sub(r"^\s*the\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"'s\b", "s", s).replace("'", "")
    return re.sub(r"[\s,.]+", " ", s).strip().lower()


def one_body_per_form(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A printed form names one body: a form an earlier row already uses ("NHS Devon" of
    the ICB, then of the 2013 PCT) is left off the later row, so nothing is guessed."""
    seen: set[str] = set()
    for r in rows:
        kept = [
            v for v in dict.fromkeys(r["variants"]) if v == r["canonical"] or _key(v) not in seen
        ]
        seen.update(_key(v) for v in kept)
        r["variants"] = kept
    return rows


def render(rows: Iterable[dict[str, object]]) -> str:
    buf = io.StringIO()
    buf.write(HEADER)
    cols = [
        "canonical",
        "kind",
        "code",
        "code_system",
        "variants",
        "successors",
        "valid_from",
        "valid_to",
        "source",
    ]
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        row = dict(r)
        row["variants"] = "|".join(dict.fromkeys(str(v) for v in row["variants"]))  # type: ignore[attr-defined]
        w.writerow(row)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    rows = one_body_per_form([*trusts(), *icbs(), *ccgs_and_pcts(), *councils(), *national()])
    text = render(rows)
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("register is current" if same else f"{TARGET} is stale: run tools/build_register.py")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"{len(rows)} bodies -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
