"""Issue 9: no silent loss, no hang, no injection under hostile input, kills and concurrency."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()

HOSTILE = "Homecare [see note 3] [/x] [bold]loud :bomb:"


@pytest.fixture
def deadline() -> Iterator[None]:
    """A hang (reading a pipe, /dev/zero) fails the test after 60 s, not blocking the suite."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("the command hung")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    return {"wh": tmp_path / "wh" / "b.duckdb", "ex": tmp_path / "ex", "in": tmp_path / "in"}


def run(dirs: dict[str, Path], *args: str) -> tuple[int, str]:
    writes = args[0] in {"ingest", "rebuild"}
    extra = ["--extracted", str(dirs["ex"])] if writes else []
    res = runner.invoke(app, [*args, "--warehouse", str(dirs["wh"]), *extra])
    return res.exit_code, res.output


def rows(dirs: dict[str, Path], sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(dirs["wh"]), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def text_paper(path: Path, label: str = "Homecare", body: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "Leeds City Council adult social care savings 2017/18\n\n"
        f"The council will save £1.5m in 2017/18.{body}\n\n"
        f"Scheme\tSaving 2017/18\tRAG\n\t£000\t\n{label}\t1,000\tGreen\nReablement\t500\tRed\n"
        "Total\t1,500\t\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------- 2: markup


def test_issue_9_data_is_printed_as_written_not_as_markup(
    dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taxonomy = tmp_path / "taxonomy.csv"
    taxonomy.write_text(
        "priority,category,pattern,applies_to,note\n10,[/x] care [see note 3],.,any,\n"
    )
    monkeypatch.setenv("BUDGET_PAPERS_TAXONOMY", str(taxonomy))
    paper = text_paper(tmp_path / "odd [bold] [see note 3] 2017-18.txt", label=HOSTILE)
    code, out = run(dirs, "ingest", str(paper))
    assert code == 0, out
    assert "odd [bold] [see note 3] 2017-18.txt" in out
    code, out = run(dirs, "query", 'select row_label, 1 as "[/y]" from savings')
    assert code == 0, out
    assert HOSTILE in out and "[/y]" in out
    code, out = run(dirs, "trends", "--by", "category")
    assert code == 0, out
    assert "[/x] care [see note 3]" in out


def test_issue_9_progress_bar_shows_hostile_file_names(
    dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from pipeline.cli import ingest_cmd

    buf = io.StringIO()
    tty = Console(file=buf, force_terminal=True, width=120, markup=False, emoji=False)
    monkeypatch.setattr(ingest_cmd, "err_console", tty)
    text_paper(dirs["in"] / "a [red] [see 1].txt")
    text_paper(dirs["in"] / "b [bold].txt", label="Day care")
    code, out = run(dirs, "ingest", str(dirs["in"]), "--jobs", "1")
    assert code == 0, out
    assert "2 loaded" in out
    assert "b [bold].txt" in buf.getvalue()  # the bar's last description, as written


# --------------------------------------------------------------------------- 3: --where


@pytest.fixture
def loaded(dirs: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    code, out = run(dirs, "ingest", str(text_paper(tmp_path / "leeds-2017-18.txt")))
    assert code == 0, out
    return dirs


@pytest.mark.parametrize(
    "where",
    [
        "1=1) ; copy (select 42) to '{evil}' ; select * from (select 1",
        "1=1; copy (select 42) to '{evil}'",
        "1=1 union all select * from savings",
        "row_label in (select '{evil}' from read_text('/etc/hostname'))",
        "true group by all",
        "1=1 order by 1",
    ],
)
def test_issue_9_export_where_is_one_expression(
    loaded: dict[str, Path], tmp_path: Path, where: str
) -> None:
    evil = tmp_path / "evil.csv"
    out = tmp_path / "out.csv"
    code, text = run(loaded, "export", "savings", str(out), "--where", where.format(evil=evil))
    assert code == 1, text
    assert text.startswith("Error: --where") and "Traceback" not in text
    assert not evil.exists() and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ex", "leeds-2017-18.txt", "wh"]


def test_issue_9_export_where_still_filters(loaded: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    where = "rag = 'Red' and row_label <> 'a;b' -- a comment"
    code, text = run(loaded, "export", "savings", str(out), "--where", where)
    assert code == 0, text
    assert "wrote 1 rows" in text
    assert "Reablement" in out.read_text()


# --------------------------------------------------------------------------- 5: silent outcomes


def test_issue_9_latin1_text_paper_keeps_its_pounds(dirs: dict[str, Path], tmp_path: Path) -> None:
    paper = text_paper(tmp_path / "leeds-2017-18.txt")
    paper.write_bytes(paper.read_text(encoding="utf-8").encode("latin-1"))
    code, out = run(dirs, "ingest", str(paper))
    assert code == 0, out
    (doc,) = rows(dirs, "select status, warnings from documents")
    assert doc[0] == "ok" and "not UTF-8" in doc[1][0] and "Windows-1252" in doc[1][0]
    texts = [r[0] for r in rows(dirs, "select text from mentions where label = 'MONEY'")]
    assert "£1.5m" in texts and not any("\ufffd" in t for t in texts)
    assert rows(dirs, "select sum(amount_gbp) from savings where not is_total") == [
        (__import__("decimal").Decimal("1500000.00"),)
    ]


def test_issue_9_binary_txt_fails_clearly(dirs: dict[str, Path], tmp_path: Path) -> None:
    paper = tmp_path / "blob.txt"
    paper.write_bytes(b"\x00\x01\x02budget\x00" * 50)
    code, out = run(dirs, "ingest", str(paper))
    assert code == 1 and "binary data, not text" in out
    assert rows(dirs, "select status from documents") == [("failed",)]


def damaged_pdf(make_pdf: object, tmp_path: Path) -> tuple[Path, Path]:
    """A two-page paper, and a copy whose second page's content stream is corrupt."""
    import re

    from reportlab.platypus import PageBreak

    from tests.conftest import SAVINGS_ROWS, build_pdf, para, table

    good = build_pdf(
        tmp_path / "kent-savings-2019-20.pdf",
        [
            para("Kent County Council savings 2019/20", "Title"),
            table(SAVINGS_ROWS),
            PageBreak(),
            para("The council works with the NHS to save £2m in 2019/20. " * 10),
        ],
    )
    data = bytearray(good.read_bytes())
    streams = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    for k in range(10, 30):  # the third stream is page 2's text (reportlab's order)
        data[streams[2] + k] = 0x55
    bad = tmp_path / "kent-savings-2019-20-damaged.pdf"
    bad.write_bytes(bytes(data))
    return good, bad


def test_issue_9_damaged_page_is_partial_not_ok(
    dirs: dict[str, Path], tmp_path: Path, savings_pdf: Path
) -> None:
    good, bad = damaged_pdf(None, tmp_path)
    code, out = run(dirs, "ingest", str(good), str(bad))
    assert code == 0, out
    assert f"PARTIAL {bad}: page 2: a damaged content stream was skipped" in out
    assert "1 loaded, 1 partial" in out
    got = dict(
        (Path(str(f)).name, (s, w))
        for f, s, w in rows(dirs, "select source_file, status, warnings from documents")
    )
    assert got[good.name] == ("ok", [])
    status, warnings = got[bad.name]
    assert status == "partial" and "page 2" in warnings[0]
    # what could be read is kept: page 1's table
    assert rows(dirs, "select count(distinct document_id) from savings") == [(2,)]


@pytest.mark.usefixtures("deadline")
def test_issue_9_fifo_and_device_fail_with_a_row(dirs: dict[str, Path], tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    good = text_paper(tmp_path / "leeds-2017-18.txt")
    code, out = run(dirs, "ingest", str(fifo), "/dev/zero", str(good))
    assert code == 1, out
    assert f"FAILED {fifo}: not a regular file" in out
    assert "FAILED /dev/zero: not a regular file" in out
    assert "1 loaded" in out and "2 failed" in out
    got = rows(dirs, "select source_file, status from documents order by source_file")
    assert got == [("/dev/zero", "failed"), (str(good), "ok"), (str(fifo), "failed")]


# --------------------------------------------------------------------------- 4: budgets


def test_issue_9_paper_over_max_pages_fails_and_batch_goes_on(
    dirs: dict[str, Path], tmp_path: Path, savings_pdf: Path
) -> None:
    from reportlab.platypus import PageBreak

    from tests.conftest import build_pdf, para

    long = build_pdf(
        tmp_path / "long.pdf",
        [x for n in range(4) for x in (para(f"Page {n} of a long paper."), PageBreak())],
    )
    text = text_paper(tmp_path / "long-2017-18.txt", body="\n" * 300)  # 300+ lines: 4 pages
    code, out = run(
        dirs, "ingest", str(long), str(text), str(savings_pdf), "--max-pages", "3", "--jobs", "1"
    )
    assert code == 1, out
    assert f"FAILED {long}: 4 pages, over the budget of 3 pages per paper" in out
    assert f"FAILED {text}: 4 pages of text, over the budget of 3 pages" in out
    assert "1 loaded" in out and "2 failed" in out
    got = dict(rows(dirs, "select source_file, status from documents"))
    assert got == {str(long): "failed", str(text): "failed", str(savings_pdf): "ok"}
    # a raised budget is honoured on the next run: failed papers are tried again
    code, out = run(dirs, "ingest", str(long), str(savings_pdf), "--max-pages", "4")
    assert code == 0, out
    assert "2 papers: 1 loaded, 1 unchanged" in out


def test_issue_9_slow_and_greedy_papers_are_stopped_and_batch_goes_on(
    dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers are forked, so a patched reader stands in for a paper that never ends."""
    import time

    import pipeline.extract

    real = pipeline.extract.extract_file
    hog: list[bytes] = []

    def patched(path: Path, **kw: object) -> object:
        if "slow" in path.name:
            time.sleep(600)
        if "greedy" in path.name:
            for _ in range(100):
                hog.append(b"x" * (10 << 20))  # written, so resident
                time.sleep(0.02)
        return real(path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.extract, "extract_file", patched)
    monkeypatch.setattr("pipeline.ingest.extract_file", patched)
    slow = text_paper(tmp_path / "slow-2017-18.txt", label="Slow")
    greedy = text_paper(tmp_path / "greedy-2017-18.txt", label="Greedy")
    good = text_paper(tmp_path / "good-2017-18.txt")
    started = time.monotonic()
    code, out = run(
        dirs, "ingest", str(slow), str(greedy), str(good),
        "--timeout", "5", "--max-memory", "300", "--jobs", "2",
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert code == 1, out
    assert f"FAILED {slow}: took longer than 5 s (--timeout)" in out
    assert f"FAILED {greedy}: needed more than 300 MB of memory (--max-memory)" in out
    got = dict(rows(dirs, "select source_file, status from documents"))
    assert got == {str(slow): "failed", str(greedy): "failed", str(good): "ok"}


# --------------------------------------------------------------------------- 6: kills

_SLOW_INGEST = """
import sys, time
from pathlib import Path
import pipeline.ingest

def slow(path, **kw):
    time.sleep(600)

pipeline.ingest.extract_file = slow
wh, ex = Path(sys.argv[1]), Path(sys.argv[2])
pipeline.ingest.ingest([Path(p) for p in sys.argv[3:]], warehouse=wh, extracted=ex, jobs=2)
"""


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_issue_9_workers_die_with_a_killed_ingest(dirs: dict[str, Path], tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    papers = [str(text_paper(tmp_path / f"p{n}-2017-18.txt", label=f"S{n}")) for n in range(4)]
    args = [sys.executable, "-c", _SLOW_INGEST, str(dirs["wh"]), str(dirs["ex"]), *papers]
    parent = subprocess.Popen(args, cwd=Path(__file__).parent.parent)
    try:
        deadline = time.monotonic() + 60
        while len(workers := children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 2, "the ingest never started its two workers"
        os.kill(parent.pid, 9)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(w) for w in workers), "workers outlived their killed parent"
    finally:
        parent.kill()
        parent.wait()


# --------------------------------------------------------------------------- 1, 7: concurrency


def four_papers(folder: Path) -> list[Path]:
    return [text_paper(folder / f"p{n}-2017-18.txt", label=f"Scheme {n}") for n in range(4)]


def test_issue_9_rebuild_between_loads_loses_no_paper(dirs: dict[str, Path]) -> None:
    """A rebuild run while an ingest is under way (here: after its second load)."""
    from pipeline.ingest import Outcome, ingest, rebuild

    rebuilt: list[int] = []

    def midway(o: Outcome) -> None:
        if len(rebuilt) == 0 and o.status == "loaded" and len(list(dirs["ex"].glob("*.json"))) >= 2:
            rebuilt.append(rebuild(dirs["ex"], dirs["wh"], wait=5))

    papers = four_papers(dirs["in"])
    report = ingest(papers, warehouse=dirs["wh"], extracted=dirs["ex"], jobs=1, progress=midway)
    assert report.count("loaded") == 4 and rebuilt and rebuilt[0] >= 2
    assert rows(dirs, "select count(*) from documents where status = 'ok'") == [(4,)]
    assert rows(dirs, "select count(distinct document_id) from savings") == [(4,)]


def test_issue_9_readers_query_while_an_ingest_runs(
    dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process reads the warehouse between two loads of one ingest (each paper a
    load of its own here: by default papers extracted within 2 s share one)."""
    import subprocess
    import sys

    from pipeline.ingest import Outcome, ingest

    read = "import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); " + (
        "print(c.execute('select count(*) from documents').fetchone()[0])"
    )
    seen: list[str] = []
    monkeypatch.setattr("pipeline.loading.LOAD_EVERY", 0.0)

    def reader(o: Outcome) -> None:
        res = subprocess.run(
            [sys.executable, "-c", read, str(dirs["wh"])], capture_output=True, text=True
        )
        seen.append(res.stdout.strip() or res.stderr.strip().splitlines()[-1])

    ingest(four_papers(dirs["in"]), warehouse=dirs["wh"], extracted=dirs["ex"], jobs=1,
           progress=reader)  # fmt: skip
    assert seen == ["1", "2", "3", "4"]


def test_issue_9_writers_exclude_each_other(dirs: dict[str, Path]) -> None:
    """A second writer waits for the first, then fails with a clear message."""
    from pipeline.errors import WarehouseBusy
    from pipeline.load import connect
    from pipeline.lock import lock_path

    code = (
        "import fcntl,os,sys,time; fd=os.open(sys.argv[1], os.O_RDWR|os.O_CREAT); "
        "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, b'4242'); print('ready', flush=True); "
        "time.sleep(30)"
    )
    import subprocess
    import sys

    dirs["wh"].parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(lock_path(dirs["wh"]))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        busy = r"written by another pipeline command \(pid 4242"
        with pytest.raises(WarehouseBusy, match=busy), connect(dirs["wh"], wait=0.3):
            pass
        code_, out = run(dirs, "rebuild", "--wait", "0.5")
        assert code_ == 1 and "being written by another pipeline command" in out
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_issue_9_open_view_where_is_one_expression(loaded: dict[str, Path], tmp_path: Path) -> None:
    import pipeline
    from pipeline.errors import QueryError

    wh = pipeline.open(loaded["wh"])
    evil = tmp_path / "evil.csv"
    with pytest.raises(QueryError, match="--where must be one condition"):
        wh.view("savings", where=f"1=1; copy (select 42) to '{evil}'")
    assert not evil.exists()
    assert len(wh.view("savings", where="rag = 'Red'")) == 1
