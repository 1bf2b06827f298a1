"""The synthetic layout suite: the generator's own promises, the scorer's fidelity to
the shared scorer, and our extractor measured on every layout the suite draws."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalise import find_fiscal_years, parse_amount
from tests.layouts.build import REQUIRED_KINDS, Paper, build_paper, build_suite
from tests.layouts.scoring import Score, figure_rows, label_match, score, score_loose, table_pairs
from tests.layouts.spec import NumberStyle, format_figure, plan_suite

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"
TRUTH_KEYS = {"file", "authority", "authority_code", "first_fy", "printed_unit", "savings"}
SAVING_KEYS = {
    "page",
    "section",
    "row_label",
    "rag",
    "column_label",
    "measure",
    "first_fy",
    "last_fy",
    "amount_gbp",
    "is_total",
    "footnote",
}


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> list[Paper]:
    return build_suite(tmp_path_factory.mktemp("layouts"), seed=0)


# --------------------------------------------------------------------------- generator


def test_build_suite_writes_pdf_and_truth_per_paper(suite: list[Paper]) -> None:
    assert len(suite) >= 48
    assert len({p.pdf.name for p in suite}) == len(suite)
    for p in suite:
        on_disk = json.loads(p.pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        assert on_disk == p.truth
        assert set(on_disk) >= TRUTH_KEYS and isinstance(on_disk["totals_right"], bool)
        assert on_disk["file"] == p.pdf.name
        assert re.fullmatch(r"E0[6-9]\d{6}|E10\d{6}", on_disk["authority_code"])
        assert on_disk["savings"], p.pdf.name
        for f in on_disk["savings"]:
            assert set(f) == SAVING_KEYS
            assert (f["first_fy"] is None) == (f["last_fy"] is None)


def test_build_suite_covers_every_layout_kind_in_several_papers(suite: list[Paper]) -> None:
    counts = Counter(k for p in suite for k in p.kinds)
    thin = {k: counts[k] for k in REQUIRED_KINDS if counts[k] < 3}
    assert not thin, f"layout kinds in fewer than 3 papers: {thin}"
    assert sum(not p.truth["totals_right"] for p in suite) >= 3


def test_build_suite_totals_add_up_only_when_truth_says_so(suite: list[Paper]) -> None:
    for p in suite:
        wrong = 0
        for table in p.spec.tables:
            for row in table.rows:
                if not row.is_total:
                    continue
                for ci, cell in enumerate(row.cells):
                    assert cell is not None
                    parts = [table.rows[i].cells[ci] for i in row.covers]
                    expected = sum((c.value for c in parts if c is not None), Decimal(0))
                    wrong += expected != cell.value
        assert (wrong == 0) == p.truth["totals_right"], p.pdf.name
        assert wrong <= 2  # a wrong subtotal also upsets the total above it


def test_build_suite_truth_sums_add_up_in_pounds(suite: list[Paper]) -> None:
    """The written truth, not only the plan, keeps its arithmetic: every subtotal and
    total of a right paper is the sum, in pounds, of the rows it covers."""
    for p in (p for p in suite if p.truth["totals_right"]):
        for t_index, table in enumerate(p.spec.tables):
            amounts = _truth_amounts(p, t_index)
            for r_index, row in enumerate(table.rows):
                for col in (c.label for c in table.columns) if row.is_total else ():
                    covered = [amounts.get((i, col), Decimal(0)) for i in row.covers]
                    assert sum(covered, Decimal(0)) == amounts[(r_index, col)], p.pdf.name


def _truth_amounts(p: Paper, t_index: int) -> dict[tuple[int, str], Decimal]:
    """Truth figures of one table keyed by (row index, column label)."""
    table = p.spec.tables[t_index]
    out: dict[tuple[int, str], Decimal] = {}
    it = iter(p.truth["savings"])
    for prior in p.spec.tables[:t_index]:
        for _ in range(sum(c is not None for r in prior.rows for c in r.cells)):
            next(it)
    for r_index, row in enumerate(table.rows):
        for ci, cell in enumerate(row.cells):
            if cell is None:
                continue
            f = next(it)
            assert f["row_label"] == row.label and f["column_label"] == table.columns[ci].label
            out[(r_index, table.columns[ci].label)] = Decimal(str(f["amount_gbp"]))
    return out


def test_build_suite_printed_figures_read_back_exactly(suite: list[Paper]) -> None:
    """What is printed is what the truth says: the project's own parser reads every
    figure (markers included) back to the truth value and footnote."""
    for p in suite:
        for table in p.spec.tables:
            for row in table.rows:
                for cell in row.cells:
                    if cell is None or "<super>" in cell.markup:
                        continue
                    a = parse_amount(cell.plain)
                    assert a is not None, cell.plain
                    unit = a.unit if a.unit is not None else Decimal(1)
                    assert a.value * unit == cell.value, cell.plain
                    if cell.plain != format_figure(cell.value, table.numbers):
                        assert a.footnote == cell.footnote, cell.plain


@given(
    st.integers(-(10**9), 10**9),
    st.sampled_from(["plain", "pounds", "km"]),
    st.integers(0, 3),
    st.sampled_from(["minus", "parens", "unicode"]),
    st.sampled_from(["en_dash", "hyphen", "nil", "zero"]),
)
def test_spec_format_figure_reads_back(
    n: int, kind: str, decimals: int, negative: str, nil: str
) -> None:
    """Every way the suite prints a figure is read back exactly by the project's parser."""
    if kind == "km":
        value, decimals = Decimal(n) * 1000, 0
    elif kind == "pounds":
        value, decimals = Decimal(n), 0
    else:
        value = Decimal(n).scaleb(-decimals)
    text = format_figure(value, NumberStyle(kind, decimals, negative, nil))
    a = parse_amount(text)
    assert a is not None, text
    assert a.value * (a.unit if a.unit is not None else 1) == value, text


def test_build_suite_prose_years_are_the_truth_years(suite: list[Paper]) -> None:
    for p in suite:
        for prose in p.spec.before + p.spec.after:
            found = {(f.first_fy, f.last_fy) for f in find_fiscal_years(prose.text)}
            assert found == set(prose.fiscal_years), prose.text


def test_build_suite_truth_pages_hold_their_figures(suite: list[Paper]) -> None:
    """Each figure is printed on the page its truth names; the page count is right."""
    for p in suite[::3]:
        with pdfplumber.open(p.pdf) as pdf:
            assert len(pdf.pages) == p.truth["pages"]
            texts = [page.extract_text() for page in pdf.pages]
        figures = iter(p.truth["savings"])
        for table in p.spec.tables:
            for row in table.rows:
                for cell in row.cells:
                    if cell is None:
                        continue
                    f = next(figures)
                    digits = re.search(r"\d[\d,.]*", cell.plain)
                    if digits and "<super>" not in cell.markup:
                        assert digits.group(0) in texts[f["page"] - 1], (p.pdf.name, f)


def test_build_suite_is_deterministic(suite: list[Paper], tmp_path: Path) -> None:
    assert plan_suite(0) == plan_suite(0)
    assert plan_suite(0) != plan_suite(1)
    for spec in plan_suite(0)[:3]:
        again = build_paper(spec, tmp_path)
        original = next(p for p in suite if p.pdf.name == again.pdf.name)
        assert again.pdf.read_bytes() == original.pdf.read_bytes()
        assert again.truth == original.truth


# --------------------------------------------------------------------------- scoring


def _truth_rows(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(f) for f in truth["savings"]]


def test_scoring_score_is_perfect_on_the_truth_itself(suite: list[Paper]) -> None:
    total = Score()
    for p in suite:
        total += score(_truth_rows(p.truth), p.truth)
    assert total.figures == total.loose == total.truth == total.used == total.rows


def test_scoring_score_penalises_period_rag_and_extra_rows() -> None:
    truth = {
        "savings": [
            {
                "row_label": "Reablement expansion",
                "amount_gbp": 1_200_000.0,
                "first_fy": 2019,
                "last_fy": 2019,
                "rag": "Green",
            },
            {
                "row_label": "Day services review",
                "amount_gbp": -350_000.0,
                "first_fy": None,
                "last_fy": None,
                "rag": None,
            },
        ]
    }
    ours = [
        {
            "row_label": "Reablement expansion",
            "amount_gbp": Decimal(1_200_000),
            "first_fy": 2020,
            "last_fy": 2020,
            "rag": "Green",
        },
        {
            "row_label": "Day services review.",
            "amount_gbp": Decimal(-350_000),
            "first_fy": 2019,
            "last_fy": 2019,
            "rag": "Red",
        },
        {
            "row_label": "Page 1 of 2",
            "amount_gbp": Decimal(1),
            "first_fy": None,
            "last_fy": None,
            "rag": None,
        },
    ]
    s = score(ours, truth)
    assert (s.figures, s.loose, s.truth, s.used, s.rows) == (1, 2, 2, 2, 3)


def test_scoring_score_loose_reads_printed_units() -> None:
    truth = {
        "savings": [
            {"row_label": "Extra Care housing", "amount_gbp": 1_250_000.0},
            {"row_label": "Assistive technology offer", "amount_gbp": -40_000.0},
            {"row_label": "Homecare recommissioning", "amount_gbp": 0.0},
        ]
    }
    found = [
        ("Extra Care housing Amber", Decimal("1.25")),
        ("Assistive technology offer", Decimal(-40)),
        ("Homecare recommissioning", Decimal(7)),
    ]
    s = score_loose(found, truth)
    assert (s.loose, s.truth, s.used, s.rows) == (2, 3, 2, 3)


def test_scoring_table_pairs_splits_text_from_figures() -> None:
    rows: list[list[str | None]] = [
        ["Scheme", "RAG", "Saving\n2019/20", None],
        ["Learning Disability\nday services review", "Red", "(1,234)", "–"],
        ["Total", "", "£1.2m", "12 *"],
    ]
    assert table_pairs(rows) == [
        ("Learning Disability day services review Red", Decimal(-1234)),
        ("Learning Disability day services review Red", Decimal(0)),
        ("Total", Decimal("1.2")),
        ("Total", Decimal(12)),
    ]
    assert label_match(
        "Learning Disability day services review Red", "Learning Disability day services review"
    )


def _load_shared_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _perturb(truth: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """Rows as an imperfect extractor would give them: lost, misread, doubled, extra."""
    out: list[dict[str, Any]] = []
    for f in truth["savings"]:
        r = dict(f)
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.2:
            r["amount_gbp"] = f["amount_gbp"] * 1000
        elif roll < 0.3 and f["first_fy"] is not None:
            r["first_fy"] = r["last_fy"] = f["first_fy"] + 1
        elif roll < 0.4:
            r["rag"] = "Red" if f["rag"] != "Red" else "Green"
        elif roll < 0.45:
            r["row_label"] = f["row_label"].upper() + " *"
        elif roll < 0.5:
            out.append(dict(r))
        out.append(r)
    out.append({**out[0], "row_label": "Page 2 of 3", "amount_gbp": 2.0, "rag": None})
    return out


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="shared/tools/score.py not beside the repo")
def test_scoring_score_matches_the_shared_scorer(
    suite: list[Paper],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import duckdb

    official = _load_shared_scorer()
    truths = tmp_path / "truth"
    truths.mkdir()
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "create table documents (document_id integer, source_file varchar, "
        "authority varchar, authority_code varchar)"
    )
    con.execute(
        "create table savings (document_id integer, row_label varchar, amount_gbp double, "
        "first_fy integer, last_fy integer, rag varchar)"
    )
    con.execute(
        "create table mentions (document_id integer, label varchar, text varchar, "
        "canonical varchar, amount_gbp double, first_fy integer, last_fy integer)"
    )
    rng = random.Random(7)
    ours: dict[str, Score] = {}
    for doc_id, p in enumerate(suite[::6]):
        shutil.copy(p.pdf.with_suffix(".truth.json"), truths)
        rows = _perturb(p.truth, rng)
        con.execute(
            "insert into documents values (?, ?, ?, ?)",
            [doc_id, str(p.pdf), p.truth["authority"], p.truth["authority_code"]],
        )
        con.executemany(
            "insert into savings values (?, ?, ?, ?, ?, ?)",
            [
                [doc_id, r["row_label"], r["amount_gbp"], r["first_fy"], r["last_fy"], r["rag"]]
                for r in rows
            ],
        )
        ours[p.pdf.name] = score(rows, p.truth)
    con.close()
    monkeypatch.setattr("sys.argv", ["score.py", str(db), str(truths)])
    official.main()
    lines = capsys.readouterr().out.splitlines()
    for line in lines[:-1]:
        name = line.split()[0]
        m = re.search(r"figures (\d+)/(\d+) \(label\+amount (\d+)\) rows (\d+)", line)
        assert m, line
        mine = next(s for k, s in ours.items() if k.startswith(name))
        assert (mine.figures, mine.truth, mine.loose, mine.rows) == tuple(map(int, m.groups()))
    total = sum(ours.values(), Score())
    assert f"figures={total.figure_rate:.3f}" in lines[-1]
    assert f"precision={total.precision:.3f}" in lines[-1]


# --------------------------------------------------------------------------- our extractor


@pytest.fixture(scope="session")
def extracted(suite: list[Paper]) -> dict[str, Any]:
    """Our extraction of every paper, or the exception it raised on that paper."""
    extract = pytest.importorskip("pipeline.extract", reason="pipeline.extract not written yet")
    out: dict[str, Any] = {}
    for p in suite:
        try:
            out[p.pdf.name] = extract.extract_file(p.pdf)
        except Exception as exc:  # reported by the tests below, paper by paper
            out[p.pdf.name] = exc
    return out


def _crashes(extracted: dict[str, Any]) -> list[str]:
    return [
        f"{k}: {type(v).__name__}: {v}" for k, v in extracted.items() if isinstance(v, Exception)
    ]


# The targets of issue 3: figures >= 0.995, precision >= 0.99, and every check right
# (all pass on papers whose totals add up, at least one fails on each that does not).
FIGURES_FLOOR = 0.995
PRECISION_FLOOR = 0.99
RECONCILE_CEILING = 0


@pytest.mark.slow
def test_layout_suite_extract_file_scores(suite: list[Paper], extracted: dict[str, Any]) -> None:
    assert not _crashes(extracted), _crashes(extracted)[:5]
    total = Score()
    per_paper: list[tuple[float, str, Score]] = []
    for p in suite:
        s = score(figure_rows(extracted[p.pdf.name].figures), p.truth)
        total += s
        per_paper.append((s.figure_rate + s.precision, p.pdf.name, s))
    worst = ", ".join(
        f"{name} {s.figures}/{s.truth} prec {s.precision:.2f}"
        for _, name, s in sorted(per_paper)[:5]
    )
    assert total.figure_rate >= FIGURES_FLOOR and total.precision >= PRECISION_FLOOR, (
        f"figures={total.figure_rate:.3f} precision={total.precision:.3f}; worst: {worst}"
    )


@pytest.mark.slow
def test_layout_suite_reconciliation_checks(suite: list[Paper], extracted: dict[str, Any]) -> None:
    assert not _crashes(extracted), _crashes(extracted)[:5]
    wrong: list[str] = []
    for p in suite:
        checks = extracted[p.pdf.name].checks
        if p.truth["totals_right"]:
            bad = [f"{c.row_label}/{c.column_label}" for c in checks if not c.ok]
            if bad:
                wrong.append(f"{p.pdf.name}: failed {bad[:3]}")
        elif not any(not c.ok for c in checks):
            wrong.append(f"{p.pdf.name}: wrong total not caught ({len(checks)} checks)")
    assert len(wrong) <= RECONCILE_CEILING, f"{len(wrong)} papers: " + "; ".join(wrong[:8])
