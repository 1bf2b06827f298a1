"""Issue 9 measured: memory per page count, budgets, a rebuild during an ingest, readers, kills.

Each check runs the `pipeline` command in fresh processes, as a user would, and prints
what it measured. `--code DIR` runs another checkout's package instead (for a before/after
comparison: `git archive <commit> pipeline | tar -x -C DIR`).

    .venv/bin/python benchmarks/reliability.py memory --pages 50 100 300
    .venv/bin/python benchmarks/reliability.py budgets
    .venv/bin/python benchmarks/reliability.py race --papers 20
    .venv/bin/python benchmarks/reliability.py kills --kills 10
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

KENT = Path(__file__).resolve().parent.parent.parent / "shared" / "real" / "kent"


def cli(code: Path | None, *args: str) -> list[str]:
    """The command line that runs `pipeline ARGS` from the given checkout (default: this one)."""
    boot = f"import sys; sys.path.insert(0, {str(code)!r}); " if code else ""
    return [sys.executable, "-c", boot + "from pipeline.cli import main; main()", *args]


def build_pdf(path: Path, pages: int) -> Path:
    """A council-like paper: every page a heading, a paragraph and a ruled savings table."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list[object] = []
    for n in range(pages):
        story.append(
            Paragraph(f"Kent County Council savings 2019/20: directorate {n}", styles["h2"])
        )
        story.append(
            Paragraph(
                "The council will save £2.5m in 2019/20 with NHS Kent and Medway ICB. " * 3,
                styles["BodyText"],
            )
        )
        # each page a directorate's table with its total, as in a long budget book
        rows = [["Scheme", "RAG", "2019/20", "2020/21"], ["", "", "£000", "£000"]]
        values = [(r * 10 + n % 7) * 1000 + r for r in range(18)]
        rows += [[f"Scheme {n}-{r}", "Green", f"{v:,}", "500"] for r, v in enumerate(values)]
        rows.append([f"Total directorate {n}", "", f"{sum(values):,}", f"{500 * len(values):,}"])
        t = Table(rows)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [t, PageBreak()]
    SimpleDocTemplate(str(path)).build(story)  # type: ignore[arg-type]
    return path


def peak(cmd: list[str]) -> tuple[int, float, int, str]:
    """(exit code, seconds, peak RSS in MB of the largest process of the tree, output tail)."""
    started = time.monotonic()
    res = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=False
    )
    seconds = time.monotonic() - started
    rss_kb = int(res.stderr.strip().splitlines()[-1])
    tail = (res.stdout + res.stderr).strip().splitlines()
    return res.returncode, seconds, rss_kb // 1024, " | ".join(tail[-3:-1])[:200]


def stage(code: Path | None, what: str, pdf: Path) -> list[str]:
    """A fresh process that runs one paper through the parse stage or every stage but loading."""
    boot = f"import sys; sys.path.insert(0, {str(code)!r}); " if code else ""
    call = {
        "parse": "from pipeline.parse import open_paper; open_paper(p)",
        "extract": "from pipeline.extract import extract_file; extract_file(p)",
    }[what]
    return [sys.executable, "-c", f"{boot}from pathlib import Path; p = Path({str(pdf)!r}); {call}"]


def memory(args: argparse.Namespace, work: Path) -> None:
    """Peak RSS per page count: parse alone, every stage but loading, and `pipeline ingest`.

    Each in a fresh process, so a column is that step's own peak (with its imports:
    spaCy's pipeline is most of the extract and ingest columns at any page count)."""
    print("pages  parse MB  extract MB  ingest MB  ingest exit  seconds")
    for n in args.pages:
        pdf = build_pdf(work / f"paper-{n}.pdf", n)
        wh, ex = work / f"m{n}.duckdb", work / f"m{n}-ex"
        _, _, parse_mb, _ = peak(stage(args.code, "parse", pdf))
        _, _, extract_mb, _ = peak(stage(args.code, "extract", pdf))
        code, secs, mb, _ = peak(
            cli(args.code, "ingest", str(pdf), "--warehouse", str(wh), "--extracted", str(ex))
        )
        print(f"{n:5d}  {parse_mb:8d}  {extract_mb:10d}  {mb:9d}  {code:11d}  {secs:7.1f}")


def budgets(args: argparse.Namespace, work: Path) -> None:
    big_txt = work / "big.txt"
    with big_txt.open("w") as fh:
        line = "Scheme\t1,000\tGreen\n" * 1000
        for _ in range(100 * 1024 * 1024 // len(line)):
            fh.write(line)
    pdf = build_pdf(work / "long.pdf", 1200)
    good = build_pdf(work / "good.pdf", 2)
    for name, paths in [
        ("100 MB .txt + good paper", [big_txt, good]),
        ("1,200-page PDF + good paper", [pdf, good]),
        ("/dev/zero + good paper", [Path("/dev/zero"), good]),
    ]:
        wh, ex = work / "b.duckdb", work / "b-ex"
        wh.unlink(missing_ok=True)
        shutil.rmtree(ex, ignore_errors=True)
        cmd = cli(
            args.code, "ingest", *map(str, paths), "--warehouse", str(wh), "--extracted", str(ex)
        )
        try:
            code, secs, mb, tail = peak(["timeout", str(args.limit), *cmd])
        except (ValueError, IndexError):
            code, secs, mb, tail = -1, float(args.limit), 0, "killed by the benchmark's time limit"
        print(f"{name}: exit {code} in {secs:.1f} s, peak RSS {mb} MB; {tail}")
        if wh.exists():
            con = duckdb.connect(str(wh), read_only=True)
            print(
                "   ", con.execute("select status, count(*) from documents group by all").fetchall()
            )
            con.close()


def kent_papers(n: int) -> list[Path]:
    found = sorted(KENT.rglob("*.pdf"), key=lambda p: (p.stat().st_size, str(p)))
    return found[:n]


def race(args: argparse.Namespace, work: Path) -> None:
    """`pipeline rebuild` one second into an ingest; then how many papers the warehouse holds.

    Readers poll the warehouse throughout and count how often they got in."""
    papers = kent_papers(args.papers)
    folder = work / "race-in"
    folder.mkdir()
    for n, p in enumerate(papers):
        shutil.copy(p, folder / f"{n:02d}-{p.name}")
    wh, ex = work / "race.duckdb", work / "race-ex"
    common = ["--warehouse", str(wh), "--extracted", str(ex)]
    cmd = cli(args.code, "ingest", str(folder), *common, "--json")
    ing = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    time.sleep(1.0)
    reb = subprocess.Popen(
        cli(args.code, "rebuild", *common), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    ok = busy = 0
    while ing.poll() is None:
        try:
            con = duckdb.connect(str(wh), read_only=True)
            con.execute("select count(*) from documents").fetchone()
            con.close()
            ok += 1
        except duckdb.Error:
            busy += 1
        time.sleep(0.2)
    reb.wait()
    out = ing.stdout.read() if ing.stdout else ""
    import json

    loaded = json.loads(out)["loaded"] if out.strip().startswith("{") else "?"
    con = duckdb.connect(str(wh), read_only=True)
    held = con.execute("select count(*) from documents where status <> 'duplicate'").fetchone()
    con.close()
    print(
        f"{len(papers)} papers: ingest exit {ing.returncode} reports {loaded} loaded; rebuild exit "
        f"{reb.returncode}; warehouse holds {held[0]}; readers during the ingest: {ok} got in, "
        f"{busy} refused"
    )


def descendants(pid: int) -> set[int]:
    kids: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.add(int(stat.parent.name))
    return kids


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kills(args: argparse.Namespace, work: Path) -> None:
    """SIGKILL an ingest at random moments; count workers left alive 2 s later, then converge."""
    papers = kent_papers(args.papers)
    folder = work / "kill-in"
    folder.mkdir()
    for n, p in enumerate(papers):
        shutil.copy(p, folder / f"{n:02d}-{p.name}")
    wh, ex = work / "kill.duckdb", work / "kill-ex"
    common = ["--warehouse", str(wh), "--extracted", str(ex), "--jobs", "2"]
    rng = random.Random(args.seed)
    left = with_workers = 0
    for _ in range(args.kills):
        proc = subprocess.Popen(cli(args.code, "ingest", str(folder), *common, "--force"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(2.0, 8.0))
        workers = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(2.0)
        survivors = [w for w in workers if alive(w)]
        with_workers += bool(workers)
        left += bool(survivors)
        for w in survivors:
            os.kill(w, signal.SIGKILL)
    final = subprocess.run(cli(args.code, "ingest", str(folder), *common), capture_output=True)
    con = duckdb.connect(str(wh), read_only=True)
    held = con.execute("select count(*) from documents where status = 'ok'").fetchone()
    con.close()
    print(
        f"{args.kills} kills ({with_workers} while workers ran): {left} left workers alive 2 s "
        f"later; the re-run exit {final.returncode}, warehouse holds {held[0]} of {len(papers)}"
    )


def damaged(args: argparse.Namespace, work: Path) -> None:
    """Random byte damage to a real paper: how many loads lose words without saying so.

    A mutated copy that still reads is `silent` when it has fewer words than the original
    and the reader reported no loss (old code never does), `partial` when it said so."""
    if args.code:
        sys.path.insert(0, str(args.code))
    from pipeline import parse

    src = Path(args.paper).read_bytes()
    words = sum(len(p.words) for p in parse.read_paper(Path(args.paper)))
    rng = random.Random(args.seed)
    tally = {"failed": 0, "intact": 0, "silent": 0, "partial": 0}
    for n in range(args.n):
        data = bytearray(src)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = work / f"damaged-{n}.pdf"
        path.write_bytes(bytes(data))
        try:
            if hasattr(parse, "open_paper"):
                reading = parse.open_paper(path)
                pages, lost = reading.pages, reading.lost
            else:
                pages, lost = parse.read_paper(path), []
        except Exception:
            tally["failed"] += 1
            continue
        got = sum(len(p.words) for p in pages)
        tally["partial" if lost else "silent" if got < words else "intact"] += 1
    print(f"{args.n} damaged copies of {Path(args.paper).name} ({words} words): {tally}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--code", type=Path, help="root of another checkout to run instead")
    sub = ap.add_subparsers(dest="what", required=True)
    m = sub.add_parser("memory")
    m.add_argument("--pages", type=int, nargs="+", default=[50, 100, 300])
    b = sub.add_parser("budgets")
    b.add_argument("--limit", type=int, default=300, help="seconds before the benchmark gives up")
    r = sub.add_parser("race")
    r.add_argument("--papers", type=int, default=20)
    k = sub.add_parser("kills")
    k.add_argument("--kills", type=int, default=10)
    k.add_argument("--papers", type=int, default=12)
    k.add_argument("--seed", type=int, default=9)
    d = sub.add_parser("damaged")
    d.add_argument("--n", type=int, default=101)
    d.add_argument("--seed", type=int, default=9)
    d.add_argument("--paper", default="raw/manchester-asc-business-plan-2019-20-appendix-3.pdf")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        {"memory": memory, "budgets": budgets, "race": race, "kills": kills, "damaged": damaged}[
            args.what
        ](args, Path(tmp))


if __name__ == "__main__":
    main()
