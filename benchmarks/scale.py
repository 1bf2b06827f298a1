"""The research views at scale: a synthetic warehouse of 1,000,000 figures, timed.

    .venv/bin/python benchmarks/scale.py                 # 1,000,000 figures, temporary folder
    .venv/bin/python benchmarks/scale.py --figures 200000 --keep /tmp/scale.duckdb

The warehouse is made with the project's own schema and views (`pipeline.load.connect`
with the research views), then filled by SQL from ``range()`` with hashed, repeatable
values: 1,000 papers of 30 councils, 25 tables a paper (two in five with a RAG column,
one in ten not money), 10 rows of 4 columns a table (approved / revised / forecast /
achieved, each for a fiscal year), 100,000 distinct labels made of the
taxonomy's own words so the category CASE does real work, some sections and labels
missing (the null-safe joins see nulls), and 100,000 claims.

For each research view it times the group-by a researcher typically runs on it, and
`pipeline trends` with its default grouping (the library call behind the command:
view check, filters, notes). Each is the median of ``--repeat`` runs on a warm
connection, wall and CPU time (DuckDB's threads included: on a busy shared machine
the wall time is mostly waiting for a core). Targets (issue 10): under 500 ms a view,
under 1 s for trends. Not a test.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import VIEWS  # noqa: E402
from pipeline.load import connect, refresh_derived  # noqa: E402
from pipeline.research.filters import TrendQuery  # noqa: E402
from pipeline.research.trends import run_trends  # noqa: E402
from pipeline.research.views import refresh_categories  # noqa: E402

TABLES_PER_PAPER = 25
ROWS_PER_TABLE = 10
MEASURES = ("approved", "revised", "forecast", "achieved")
#: Distinct scheme labels (real papers: about one distinct label for seven figures).
LABELS = 100_000

#: Words the labels are made of: many match a taxonomy rule, some none.
WORDS = (
    "homecare",
    "residential",
    "nursing",
    "reablement",
    "learning disability",
    "mental health",
    "extra care",
    "direct payments",
    "prevention",
    "carers",
    "income",
    "charging",
    "NHS",
    "better care fund",
    "commissioning",
    "contracts",
    "staffing",
    "back office",
    "transport",
    "libraries",
    "waste",
    "highways",
    "review of",
    "redesign of",
)

#: The typical question asked of each view: a group-by over all of it.
QUERIES = {
    "savings_research": "select authority, fiscal_year, category, measure, "
    "sum(saving_gbp), count(*) from savings_research where not is_total group by all",
    "savings_by_category": "select authority, fiscal_year, category, measure, "
    "sum(saving_gbp), sum(schemes) from savings_by_category group by all",
    "rag_mix": "select authority, paper_year, rag, sum(schemes), sum(planned_gbp) "
    "from rag_mix group by all",
    "planned_vs_delivered": "select authority, fiscal_year, category, sum(planned_gbp), "
    "sum(delivered_gbp), avg(delivered_share) from planned_vs_delivered group by all",
    "scheme_history": "select authority, count(distinct scheme_key), max(papers) "
    "from scheme_history group by all",
    "claims_research": "select category, kind, fiscal_year, sum(amount_gbp), count(*) "
    "from claims_research group by all",
    "taxonomy": "select category, count(*) from taxonomy group by all",
}


def build(path: Path, figures: int) -> None:
    """The synthetic warehouse at `path`: schema and views first, then the data by SQL."""
    papers = max(1, figures // (TABLES_PER_PAPER * ROWS_PER_TABLE * len(MEASURES)))
    words = ", ".join("'" + w.replace("'", "''") + "'" for w in WORDS)
    with connect(path, views=VIEWS) as con:
        con.execute("begin")
        con.execute(
            f"""
            insert into _documents (document_id, source_file, sha256, authority,
                authority_code, title, first_fy, pages, status, ingested_at, generator)
            select printf('%016x', i), 'papers/' || i || '.pdf', printf('%064x', i),
                   'Council ' || (i % 30), printf('E%08d', i % 30), 'Budget ' || i,
                   2010 + (i % 14), 40, 'ok',
                   timestamp '2026-01-01' + to_seconds(i), 'scale.py'
            from range({papers}) t(i);

            insert into _tables (document_id, table_index, page, last_page, caption, strategy,
                columns, unit, n_rows, n_figures, sign_rule, sign, kind)
            select printf('%016x', d), t, 1 + t, 1 + t, 'Table ' || t, 'synthetic',
                   ['Scheme', 'approved', 'revised', 'forecast', 'achieved'], 1000,
                   {ROWS_PER_TABLE}, {ROWS_PER_TABLE * len(MEASURES)},
                   'synthetic', case when hash(d, t) % 7 = 0 then -1 else 1 end,
                   case when hash(d, t, 'k') % 10 = 0 then 'staffing' else 'money' end
            from range({papers}) a(d), range({TABLES_PER_PAPER}) b(t);

            insert into _figures (document_id, page, table_index, row_index, section,
                row_label, rag, column_label, measure, first_fy, last_fy, amount_gbp,
                printed, unit, is_total, x0, top, x1, bottom, unit_source, period_source)
            with w as (select list_value({words}) as ws),
            f as (
                select d, t, r, c, hash(d, t, r) as h, hash(d, t, r) % {LABELS} as l,
                       2010 + (d % 14) + (c % 2) as fy
                from range({papers}) a(d), range({TABLES_PER_PAPER}) b(t),
                     range({ROWS_PER_TABLE}) e(r), range({len(MEASURES)}) g(c))
            select printf('%016x', d), 1 + t, t, r,
                   case when l % 5 = 0 then null else 'Section ' || (l % 40) end,
                   case when h % 97 = 0 then null
                        when r = {ROWS_PER_TABLE - 1} then 'Total'
                        else ws[1 + (l % {len(WORDS)})::int] || ' '
                             || ws[1 + ((l // {len(WORDS)}) % {len(WORDS)})::int] || ' '
                             || (l // {len(WORDS) ** 2}) end,
                   case when hash(d, t, 'r') % 5 < 2 and r < {ROWS_PER_TABLE - 1}
                        then ['Red', 'Amber', 'Green', 'Blue'][1 + (h % 4)::int] end,
                   ['approved', 'revised', 'forecast', 'achieved'][1 + c] || ' ' || fy,
                   ['approved', 'revised', 'forecast', 'achieved'][1 + c],
                   case when h % 50 = 0 then null else fy end,
                   case when h % 50 = 0 then null else fy end,
                   cast(((hash(d, t, r, c) % 2000000) * 10) as DECIMAL(18,2)) / 100,
                   '' || (hash(d, t, r, c) % 2000000), 1000, r = {ROWS_PER_TABLE - 1},
                   100.0 + 80 * c, 100.0 + 12 * r, 150.0 + 80 * c, 110.0 + 12 * r,
                   'column', case when h % 50 = 0 then 'none: no period stated' else 'column' end
            from f, w;

            insert into _claims (document_id, page, kind, text, amount_gbp, first_fy, last_fy,
                subject, sentence, block_order)
            with w as (select list_value({words}) as ws)
            select printf('%016x', i % {papers}), 1 + i % 40,
                   ['saving', 'cost', 'budget', 'funding'][1 + (i % 4)::int],
                   '£' || (i % 900) || 'k', (i % 900) * 1000, 2010 + i % 14, 2010 + i % 14,
                   case when i % 9 = 0 then null else ws[1 + (hash(i) % {len(WORDS)})::int] end,
                   'We will save on ' || ws[1 + (hash(i, 's') % {len(WORDS)})::int] || '.',
                   i % 500
            from range({max(1, figures // 10)}) t(i), w;
            """
        )
        start = time.perf_counter()
        refresh_derived(con, None)  # as the loaders do for the papers they load
        refresh_categories(con)  # as every ingest does once its papers are loaded
        con.execute("commit")
        print(f"derived tables made in {time.perf_counter() - start:.1f} s")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds (DuckDB's threads included) of `repeat` runs, after one
    run to warm caches. On a busy shared machine wall time is mostly waiting for a core;
    CPU time is what the query costs."""
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _line(name: str, wall: float, cpu: float, target: float) -> str:
    flag = "ok" if wall < target else f"over {target * 1000:.0f} ms"
    return f"  {name:22s} {wall * 1000:8.0f} {cpu * 1000:8.0f}  {flag}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--figures", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", type=Path, default=None, help="build (or reuse) this warehouse")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="scale-")
    wh = args.keep or Path(tmp.name) / "scale.duckdb"
    if not wh.exists():
        start = time.perf_counter()
        build(wh, args.figures)
        print(f"built {wh} in {time.perf_counter() - start:.1f} s")
    with connect(wh, read_only=True) as con:
        n = con.execute("select count(*) from _figures").fetchone()[0]
        docs = con.execute("select count(*) from _documents").fetchone()[0]
        print(f"{n:,} figures in {docs:,} papers; median of {args.repeat} runs each")
        print(f"  {'':22s} {'wall ms':>8s} {'cpu ms':>8s}")
        for view, sql in QUERIES.items():
            wall, cpu = timed(lambda sql=sql: con.execute(sql).fetchall(), args.repeat)
            print(_line(view, wall, cpu, 0.5))
    wall, cpu = timed(lambda: run_trends(wh, TrendQuery()), args.repeat)
    print(_line("pipeline trends", wall, cpu, 1.0))
    tmp.cleanup()


if __name__ == "__main__":
    main()
