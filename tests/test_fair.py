"""Fair comparisons (issue 12 item 4): per head and real terms, in trends, charts and views.

Per-head figures divide by the ONS mid-year population of the council (by GSS
code), real-terms figures use HM Treasury GDP deflators; both are exact
decimals, and every row they cannot work out is NULL with a reason and counted
in the notes, never dropped without a word.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import VIEWS
from pipeline.load import connect, load_extraction
from pipeline.research import reference
from tests.test_research import PLAN_21, PLAN_21_22, PLAN_22, extraction, rows_to_figures

ROOT = Path(__file__).resolve().parents[1]
PLAN_19 = ("Agreed saving 2019/20 £", "approved", (2019, 2019))
PLAN_20 = ("Agreed saving 2020/21 £", "approved", (2020, 2020))
PLAN_25 = ("Agreed saving 2025/26 £", "approved", (2025, 2025))
PLAN_31 = ("Agreed saving 2031/32 £", "approved", (2031, 2031))

runner = CliRunner()


def population(code: str, year: int) -> int:
    return next(
        p.population for p in reference.populations() if (p.code, p.mid_year) == (code, year)
    )


def deflator(year: int) -> Decimal:
    return next(d.index for d in reference.deflators() if d.first_fy == year)


def exact(a: Decimal, b: Decimal) -> Decimal:
    """a ÷ b to 6 places, as the warehouse keeps derived money."""
    with localcontext() as ctx:
        ctx.prec = 50
        return (a / b).quantize(Decimal("0.000001"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Leeds (2021/22, 2022/23; 2025/26: no estimate, and a forecast deflator),
    Kent (2021/22, a 2021-23 span, 2031/32: no deflator) and Buckinghamshire County
    Council, before and after its abolition."""
    path = tmp_path_factory.mktemp("fair") / "w.duckdb"
    leeds = rows_to_figures(
        [("Telecare", None, "Green", ["1200000", "2400000", "900000"])],
        [PLAN_21, PLAN_22, PLAN_25],
    )
    kent = rows_to_figures(
        [("Telecare", None, "Green", ["3000000", "5000000", "7000000"])],
        [PLAN_21, PLAN_21_22, PLAN_31],  # type: ignore[list-item]
    )
    bucks = rows_to_figures(
        [("Day services", None, "Red", ["500000", "600000"])], [PLAN_19, PLAN_20]
    )
    with connect(path, views=VIEWS) as con:
        load_extraction(con, extraction("a" * 64, "Leeds City Council", "E08000035", 2021, leeds))
        load_extraction(con, extraction("b" * 64, "Kent County Council", "E10000016", 2021, kent))
        load_extraction(
            con, extraction("c" * 64, "Buckinghamshire County Council", "E10000002", 2019, bucks)
        )
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def rows(out: str) -> list[dict[str, object]]:
    return json.loads(out, parse_float=Decimal)  # type: ignore[no-any-return]


def test_per_head_divides_by_the_councils_population_exactly(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--per-head", "-f", "json")
    assert code == 0, err
    got = {(r["authority_code"], r["fiscal_year"]): r for r in rows(out)}
    leeds = got[("E08000035", "2021/22")]
    assert leeds["population"] == population("E08000035", 2021)
    assert leeds["saving_per_head_gbp"] == exact(
        Decimal("1200000"), Decimal(population("E08000035", 2021))
    )
    kent = got[("E10000016", "2021/22")]
    assert kent["saving_per_head_gbp"] == exact(
        Decimal("3000000"), Decimal(population("E10000016", 2021))
    )
    assert got[("E08000035", "2022/23")]["saving_per_head_gbp"] == exact(
        Decimal("2400000"),
        Decimal(820802),  # Leeds, mid-2022 (ONS mid-2023 release)
    )
    bucks = got[("E10000002", "2019/20")]
    assert bucks["population"] == population("E10000002", 2019)
    # Rows it cannot work out are not in the sums, and the notes say which and why.
    assert ("E08000035", "2025/26") not in got
    assert ("E10000002", "2020/21") not in got
    assert "left out by --per-head: 4 row(s)" in err
    assert "no ONS estimate for mid-2025" in err
    assert "E10000002 in mid-2020: the council was abolished on 1 April 2020" in err
    assert "spans several fiscal years" in err
    assert "how: per head = saving ÷ the ONS mid-year population" in err


def test_per_head_always_groups_by_authority_and_year(warehouse: Path) -> None:
    code, out, _err = run("trends", "-w", str(warehouse), "--per-head", "--by", "category")
    assert code == 0
    header = out.splitlines()[0]
    assert "authority" in header and "fiscal_year" in header and "saving_per_head_gbp" in header


def test_real_terms_at_the_default_and_a_chosen_base_year(warehouse: Path) -> None:
    base = reference.default_base_year()
    assert base == 2024  # the latest outturn year of the March 2026 release
    code, out, err = run(
        "trends", "-w", str(warehouse), "--real-terms", "-a", "Leeds", "-f", "json"
    )
    assert code == 0, err
    got = {r["fiscal_year"]: r for r in rows(out)}
    factor = (deflator(base) / deflator(2021)).quantize(reference.QUANTUM)
    assert got["2021/22"]["real_gbp"] == (Decimal("1200000") * factor).quantize(Decimal("0.000001"))
    assert got["2021/22"]["prices"] == "2024/25 prices"
    assert got["2025/26"]["real_gbp"] < Decimal("900000")  # a forecast deflator, kept and said
    assert "1 row(s) from 2025/26 on use OBR forecast deflators" in err
    assert "how: real terms = saving × deflator(2024/25) ÷ deflator(year)" in err

    code, out, err = run(
        "trends", "-w", str(warehouse), "--prices", "2021/22", "-a", "Leeds", "-f", "json"
    )
    assert code == 0, err
    got = {r["fiscal_year"]: r for r in rows(out)}
    assert got["2021/22"]["real_gbp"] == Decimal("1200000")  # its own prices: unchanged
    assert got["2021/22"]["prices"] == "2021/22 prices"


def test_real_terms_leave_out_spans_and_years_without_a_deflator(warehouse: Path) -> None:
    code, out, err = run("trends", "-w", str(warehouse), "--real-terms", "-a", "Kent")
    assert code == 0
    assert "2031/32" not in out
    assert "left out by --real-terms: 2 row(s)" in err
    assert "no GDP deflator for 2031/32: the shipped HM Treasury series covers 2000/01" in err
    assert "spans several fiscal years: no one deflator" in err


def test_unknown_base_year_is_refused(warehouse: Path) -> None:
    code, _out, err = run("trends", "-w", str(warehouse), "--prices", "1990")
    assert code != 0
    assert "no GDP deflator for 1990/91" in err


def test_chart_per_head_in_real_terms(warehouse: Path, tmp_path: Path) -> None:
    out_png = tmp_path / "c.png"
    code, out, err = run(
        "chart",
        str(out_png),
        "-w",
        str(warehouse),
        "--per-head",
        "--real-terms",
        "--series",
        "authority",
    )
    assert code == 0, err
    assert out_png.stat().st_size > 1000
    assert "Saving per head (2024/25 prices) by year and authority" in out
    assert "left out by --per-head" in err and "left out by --real-terms" in err


def test_views_give_null_and_the_reason(warehouse: Path) -> None:
    with connect(warehouse, read_only=True) as con:
        per_head = con.execute(
            "select authority_code, fiscal_year, saving_per_head_gbp, per_head_note"
            " from savings_per_head order by authority_code, first_fy, last_fy"
        ).fetchall()
        real = con.execute(
            "select authority_code, fiscal_year, real_gbp, real_note, base_year"
            " from savings_real where authority_code = 'E10000016' order by first_fy, last_fy"
        ).fetchall()
    notes = {(c, y): n for c, y, _v, n in per_head}
    assert notes[("E10000002", "2019/20")] is None
    assert "the council was abolished on 1 April 2020 (reorganisation" in str(
        notes[("E10000002", "2020/21")]
    )
    assert notes[("E08000035", "2022/23")] is None
    assert "no ONS estimate for mid-2025" in str(notes[("E08000035", "2025/26")])
    assert [(y, v is None, n is None, b) for _c, y, v, n, b in real] == [
        ("2021/22", False, True, "2024/25"),
        ("2021/22-2022/23", True, False, "2024/25"),
        ("2031/32", True, False, "2024/25"),
    ]


def test_a_council_no_release_gives_is_reported(tmp_path: Path) -> None:
    """Dorset County Council (E10000009, abolished 2019): every shipped release is on later
    areas, and none matches its own (Christchurch went to BCP). The City of Edinburgh in
    2023/24: the mid-2023 release shipped covers England and Wales only."""
    path = tmp_path / "w.duckdb"
    dorset = rows_to_figures([("Reablement", None, None, ["100000"])], [PLAN_16])
    edinburgh = rows_to_figures([("Reablement", None, None, ["100000"])], [PLAN_23])
    with connect(path, views=VIEWS) as con:
        load_extraction(
            con, extraction("d" * 64, "Dorset County Council", "E10000009", 2016, dorset)
        )
        load_extraction(
            con, extraction("2" * 64, "City of Edinburgh Council", "S12000036", 2023, edinburgh)
        )
    code, _out, err = run("trends", "-w", str(path), "--per-head")
    assert code == 0
    assert "E10000009 in any year shipped (mid-2010 to mid-2023): no shipped release" in err
    assert "S12000036 in mid-2023: the latest shipped for this code is mid-2022" in err


PLAN_15 = ("Agreed saving 2015/16 £", "approved", (2015, 2015))
PLAN_16 = ("Agreed saving 2016/17 £", "approved", (2016, 2016))
PLAN_23 = ("Agreed saving 2023/24 £", "approved", (2023, 2023))


def test_per_head_across_the_years_and_reorganisations(tmp_path: Path) -> None:
    """Figures from 2015/16 to 2023/24 per head, each ÷ the ONS estimate exactly: Kent's
    mid-2015 (1,517,016 in ONS's revised series), Northamptonshire County Council's mid-2016
    (abolished 2021: North plus West Northamptonshire, 341,647 + 405,019, whose area is exactly
    the county's) and Cumberland Council's mid-2023 (276,876; created April 2023)."""
    path = tmp_path / "w.duckdb"
    papers = [
        ("e", "Kent County Council", "E10000016", 2015, "3034032", PLAN_15),
        ("f", "Northamptonshire County Council", "E10000021", 2016, "1000000", PLAN_16),
        ("1", "Cumberland Council", "E06000063", 2023, "553752", PLAN_23),
    ]
    with connect(path, views=VIEWS) as con:
        for sha, name, code, year, amount, plan_ in papers:
            figures = rows_to_figures([("Telecare", None, None, [amount])], [plan_])
            load_extraction(con, extraction(sha * 64, name, code, year, figures))
        got = {
            (c, y): (p, v, n)
            for c, y, p, v, n in con.execute(
                "select authority_code, fiscal_year, population, saving_per_head_gbp,"
                " per_head_note from savings_per_head"
            ).fetchall()
        }
    assert got[("E10000016", "2015/16")] == (1517016, Decimal("2.000000"), None)
    assert got[("E06000063", "2023/24")] == (276876, Decimal("2.000000"), None)
    pop, per_head, note = got[("E10000021", "2016/17")]
    assert pop == population("E06000061", 2016) + population("E06000062", 2016) == 746666
    assert note is None and per_head == exact(Decimal("1000000"), Decimal(746666))
    release = next(
        p.release for p in reference.populations() if (p.code, p.mid_year) == ("E10000021", 2016)
    )
    assert "MYE4" in release and "E06000061 + E06000062, the same area" in release


def test_reference_files_say_where_they_come_from() -> None:
    pop = " ".join(reference.header("population.csv"))
    assert "Office for National Statistics" in pop and "Years covered: mid-2010 to mid-2023" in pop
    assert "published 2024-07-15" in pop and "revised since first published" in pop
    defl = " ".join(reference.header("deflators.csv"))
    assert "HM Treasury" in defl and "March 2026" in defl and "2000-01 to 2024-25" in defl
    codes = {p.code for p in reference.populations()}
    assert "E10000016" in codes  # Kent County Council, joined by GSS code


def test_reference_build_refuses_a_workbook_it_does_not_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    import reference_population as rp

    monkeypatch.setattr(rp, "SOURCES", tmp_path)
    monkeypatch.setattr(rp, "ROOT", tmp_path.parent)
    with pytest.raises(SystemExit, match=r"mye23tablesew\.xlsx is missing: copy it"):
        rp.workbook("mye23tablesew.xlsx")
    (tmp_path / "mye23tablesew.xlsx").write_bytes(b"not the ONS workbook")
    with pytest.raises(SystemExit, match=r"is not the file SOURCES\.md names"):
        rp.workbook("mye23tablesew.xlsx")


def test_reference_files_rebuild_from_the_kept_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Needs the ONS workbooks, which are not committed (SOURCES.md says where they are)."""
    pytest.importorskip("xlrd")
    pytest.importorskip("openpyxl")
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    from reference_population import missing_workbooks

    if missing_workbooks():
        pytest.skip(f"not on this machine: {', '.join(missing_workbooks())} (see SOURCES.md)")
    done = subprocess.run(
        [sys.executable, "tools/build_reference_data.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "mid-2011 to mid-2019: 212 of 215 councils" in done.stdout
    assert "mid-2023: 175 of 215 councils; none for all 32 Scottish councils" in done.stdout
    assert "Checked: mid-2011 agrees in all 710 estimates" in done.stdout


def test_reference_tables_are_exact_and_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference tables hold every quotient exactly (1 ÷ population, to 18 places,
    however small), and are made when the warehouse is new or the files changed, not
    on every connect: made on every connect they cost seconds a command."""
    from pipeline.research import views

    calls: list[int] = []
    made = views.install_reference

    def counted(con: object) -> None:
        calls.append(1)
        made(con)

    monkeypatch.setattr(views, "install_reference", counted)
    path = tmp_path / "w.duckdb"
    for _ in range(3):
        with connect(path, views=VIEWS):
            pass
    assert len(calls) == 1
    with connect(path, read_only=True) as con:
        got = dict(
            con.execute(
                "select population, per_person from _population order by population desc limit 3"
            ).fetchall()
        )
        factors = con.execute("select count(*), count(factor) from _price_factor").fetchone()
    with localcontext() as ctx:
        ctx.prec = 50
        for pop, per in got.items():
            assert per == (Decimal(1) / Decimal(pop)).quantize(Decimal(1).scaleb(-18))
    n = len(reference.deflators())
    assert factors == (n * n, n * n)
