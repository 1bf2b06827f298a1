"""pipeline.open: views and SQL as DataFrames with exact decimals; exports read as they are."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.errors import PipelineError, QueryError
from pipeline.ingest import VIEWS
from pipeline.load import connect, load_extraction
from pipeline.research import Warehouse
from tests.test_research import PLAN_21, PLAN_22, extraction, paper_a_2021, rows_to_figures

MONEY = pd.ArrowDtype(pa.decimal128(18, 2))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two papers; one figure carries attributes (a JSON column) and pence that floats lose."""
    figures = rows_to_figures(
        [
            ("Telecare", None, "Green", ["0.10", "1000.10"]),
            ("Day services", None, None, ["0.20", "2000.20"]),
        ],
        [PLAN_21, PLAN_22],
    )
    figures[0] = dataclasses.replace(figures[0], attributes={"Directorate": "Adults"})
    path = tmp_path_factory.mktemp("frames") / "w.duckdb"
    with connect(path, views=VIEWS) as con:
        load_extraction(con, paper_a_2021())
        load_extraction(con, extraction("f" * 64, "Leeds City Council", "E08000035", 2021, figures))
    return path


def test_frames_open_gives_exact_decimals(warehouse: Path) -> None:
    wh = pipeline.open(warehouse)
    assert isinstance(wh, Warehouse)
    df = wh.sql("select amount_gbp from savings where authority like 'Leeds%' and first_fy = 2021")
    assert df["amount_gbp"].dtype == MONEY
    total = df["amount_gbp"].sum()
    assert total == Decimal("0.30")  # 0.1 + 0.2 as floats is 0.30000000000000004
    assert isinstance(total, Decimal)
    # What this replaces: DuckDB's own .df() gives float64.
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select amount_gbp from savings").df()["amount_gbp"].dtype == "float64"
    finally:
        con.close()


def test_frames_view_keeps_every_column_arrow_backed_and_nulls_as_na(warehouse: Path) -> None:
    df = pipeline.open(warehouse)["savings_research"]
    assert all(isinstance(t, pd.ArrowDtype) for t in df.dtypes)
    assert df["saving_gbp"].dtype == MONEY
    assert df["attributes"].dtype == pd.ArrowDtype(pa.string())
    assert df["rag"].isna().any()  # the investment and total rows have no RAG
    leeds = df[df["authority"] == "Leeds City Council"]
    assert leeds["saving_gbp"].sum() == Decimal("3000.60")


def test_frames_view_filter_trends_and_list_of_views(warehouse: Path) -> None:
    wh = pipeline.open(warehouse)
    assert {"savings", "savings_research", "rag_mix", "documents"} <= set(wh.views)
    kent = wh.view("savings_research", where="authority_code = 'E10000016' and not is_total")
    assert set(kent["authority"]) == {"Kent County Council"}
    trends = wh.trends(measures="proposed", by=("authority", "year"))
    assert list(trends["measure"].unique()) == ["proposed"]
    assert trends["saving_gbp"].dtype == pd.ArrowDtype(pa.decimal128(18, 2))
    leeds = trends[trends["authority"] == "Leeds City Council"]["saving_gbp"]
    assert leeds.tolist() == [Decimal("3000.30")]


def test_frames_errors_are_one_line_and_name_what_is_wrong(warehouse: Path, tmp_path: Path) -> None:
    wh = pipeline.open(warehouse)
    with pytest.raises(QueryError, match="no view named 'nope'; views: checks, "):
        wh.view("nope")
    with pytest.raises(QueryError, match=r"^query failed: .*no_such_table"):
        wh.sql("select * from no_such_table")
    with pytest.raises(QueryError, match="read-only"):
        wh.sql("create table x (a int)")
    missing = tmp_path / "none.duckdb"
    with pytest.raises(PipelineError, match="no warehouse at"):
        pipeline.open(missing)
    assert not missing.exists()


def test_frames_open_warehouse_does_not_block_a_writer(warehouse: Path) -> None:
    wh = pipeline.open(warehouse)
    wh["documents"]
    con = duckdb.connect(str(warehouse))  # ingest in another process would open it like this
    con.close()
    assert len(wh["documents"]) == 2


def test_frames_parquet_export_reads_as_it_is(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.parquet"
    n = pipeline.open(warehouse).export("savings_research", out)
    schema = pq.read_schema(out)
    assert schema.field("amount_gbp").type == pa.decimal128(18, 2)
    assert schema.field("saving_gbp").type == pa.decimal128(18, 2)
    # Only types every Arrow reader (pandas, R arrow, Polars) knows: no extension types.
    assert not [f.name for f in schema if isinstance(f.type, pa.BaseExtensionType)]
    assert schema.field("attributes").type == pa.string()
    df = pd.read_parquet(out)
    assert len(df) == n
    leeds = df[(df["authority"] == "Leeds City Council") & (df["first_fy"] == 2021)]
    assert sum(leeds["amount_gbp"]) == Decimal("0.30")
    assert '{"Directorate": "Adults"}' in set(df["attributes"].dropna())


def test_frames_csv_export_reads_as_it_is(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    pipeline.open(warehouse).export("savings", out)
    df = pd.read_csv(out, dtype={"amount_gbp": str})
    assert "0.10" in set(df["amount_gbp"])  # the pence as printed, for Decimal(...)
    assert df["is_total"].dtype == bool
    assert '{"Directorate": "Adults"}' in set(df["attributes"].dropna())


def test_frames_open_without_a_path_reads_the_environment(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUDGET_PAPERS_WAREHOUSE", str(warehouse))
    assert pipeline.open().path == warehouse
    monkeypatch.delenv("BUDGET_PAPERS_WAREHOUSE")
    monkeypatch.chdir(warehouse.parent)
    with pytest.raises(PipelineError, match=r"no warehouse at warehouse/budget\.duckdb"):
        pipeline.open()
