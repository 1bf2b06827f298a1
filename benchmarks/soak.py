"""Issue 9's soak: random operations on one warehouse, then every view against a clean build.

    nice -n 10 .venv/bin/python benchmarks/soak.py --ops 200 --seed 9

Each operation runs the real `pipeline` command in a subprocess, as a user would: `ingest`,
`ingest --force`, `rebuild`, `query`, `export`; some start in the background so the next ones
run beside them (at most one at a time), and `kill` sends SIGKILL to a running ingest, forced
ingest or rebuild at a random moment (to the command alone, then checks 2 s later that none of
its workers survive, and clears its process group). Between commands the input folder changes:
a paper is removed (with its copies), a removed one comes back, a paper is copied under another
name (a `duplicate`), or a file is rewritten with the same bytes.

The folder changes only in ways whose end state a single clean build can reproduce: papers
are keyed by their bytes and never unloaded, so a file whose content was replaced by another
paper's, or a paper removed for good, stays in the warehouse by design, and no build of one
folder could match it. Each paper therefore lives only under its own name (copies are named
after it and exist only beside it), and at the end every paper and every copy ever made is put
back. Then a plain `pipeline ingest` of the folder converges the soak warehouse, a fresh
sequential ingest (`--jobs 1`, its own `extracted/`) of the same folder builds the reference,
and `same_views.py` compares every view and table, row for row.

Expected failures are tolerated and counted (a command killed, one refused because another
held the warehouse too long, a read before the first load made the warehouse); any other
non-zero exit or a traceback is an unexpected error, printed with the operation's number.
Exit status 1 on any difference or unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from same_views import compare  # noqa: E402

PIPELINE = Path(sys.executable).with_name("pipeline")
#: Operation kinds and their weights: cheap reads often, writers often, forced ingests seldom.
WEIGHTS = {
    "ingest": 16,
    "force": 5,
    "rebuild": 10,
    "query": 18,
    "export": 12,
    "background": 12,
    "kill": 10,
    "mutate": 17,
}
#: Phrases of a command that gave up on a warehouse another command held: an expected refusal.
LOCKED = ("lock", "in use", "waited")


def pool(n: int) -> list[Path]:
    """Small papers: `n` generated fixtures and the two papers in raw/."""
    gen = sorted((ROOT / "tests" / "fixtures" / "generated").glob("*.pdf"))
    return gen[:n] + sorted((ROOT / "raw").glob("*.pdf"))


@dataclass
class Soak:
    work: Path
    papers: list[Path]
    rng: random.Random
    jobs: int
    folder: Path = field(init=False)
    warehouse: Path = field(init=False)
    extracted: Path = field(init=False)
    copies: dict[str, Path] = field(default_factory=dict)  # copy name -> the paper it copies
    counts: Counter[str] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    bg: tuple[int, str, subprocess.Popen[str]] | None = None
    survivors: int = 0
    kills_with_workers: int = 0

    def __post_init__(self) -> None:
        self.folder = self.work / "in"
        self.folder.mkdir()
        self.warehouse = self.work / "soak.duckdb"
        self.extracted = self.work / "soak-extracted"
        for p in self.rng.sample(self.papers, k=max(3, len(self.papers) * 2 // 3)):
            shutil.copy(p, self.folder / p.name)

    def command(self, kind: str) -> list[str]:
        common = ["--warehouse", str(self.warehouse)]
        store = ["--extracted", str(self.extracted)]
        if kind in ("ingest", "force"):
            extra = ["--force"] if kind == "force" else []
            jobs = ["--jobs", str(self.jobs)]
            return [str(PIPELINE), "ingest", str(self.folder), *common, *store, *jobs, "-q", *extra]
        if kind == "rebuild":
            return [str(PIPELINE), "rebuild", *common, *store]
        if kind == "query":
            sql = self.rng.choice(
                [
                    "select count(*) from savings",
                    "select status, count(*) from documents group by all order by all",
                    "select count(*) from mentions",
                ]
            )
            return [str(PIPELINE), "query", sql, *common, "--format", "csv"]
        view = self.rng.choice(["savings", "documents", "savings_by_category", "mentions"])
        out = self.work / f"export.{self.rng.choice(['csv', 'parquet'])}"
        return [str(PIPELINE), "export", view, str(out), *common]

    def start(self, kind: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(kind),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: the workers can be found
        )

    def judge(self, n: int, kind: str, proc: subprocess.Popen[str], killed: bool = False) -> str:
        """Wait for a command and sort its outcome: ok, killed, locked or unexpected."""
        out, err = proc.communicate()
        if killed and proc.returncode == -signal.SIGKILL:
            return "killed"
        if proc.returncode == 0 and "Traceback" not in err:
            return "ok"
        text = (out + err).strip()
        if proc.returncode != 0 and "no warehouse at" in text:
            self.counts["refused (no warehouse yet)"] += 1
            return "no warehouse yet"
        if proc.returncode != 0 and "Traceback" not in err and any(w in text for w in LOCKED):
            self.counts["refused (lock)"] += 1
            return "locked"
        tail = " | ".join(text.splitlines()[-3:])[:300]
        self.unexpected.append(f"op {n} {kind}: exit {proc.returncode}: {tail}")
        return "UNEXPECTED"

    def reap(self) -> None:
        if self.bg is not None:
            n, kind, proc = self.bg
            self.bg = None
            print(f"      (background op {n} {kind}: {self.judge(n, kind, proc)})", flush=True)

    def kill(self, n: int) -> str:
        """SIGKILL a writer at a random moment; its workers must die with it."""
        if self.bg is not None and self.bg[2].poll() is None:
            _, kind, proc = self.bg
            self.bg = None
            time.sleep(self.rng.uniform(0.0, 2.0))
        else:
            self.reap()
            kind = self.rng.choice(["ingest", "force", "force", "rebuild"])
            proc = self.start(kind)
            if kind == "force" and self.rng.random() < 0.5:
                # half of them while workers run: those start after imports and a warm-up
                deadline = time.monotonic() + 20.0
                while not descendants(proc.pid) and proc.poll() is None:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
                time.sleep(self.rng.uniform(0.0, 1.0))
            else:
                time.sleep(self.rng.uniform(0.3, 12.0 if kind == "force" else 6.0))
        workers = descendants(proc.pid)
        self.kills_with_workers += bool(workers)
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        verdict = self.judge(n, kind, proc, killed=True)
        self.counts[f"kill:{kind}:{verdict}"] += 1
        deadline = time.monotonic() + 2.0
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if alive(w)]
        if left:
            self.survivors += 1
            self.unexpected.append(f"op {n} kill {kind}: {len(left)} workers survived 2 s")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        return f"kill {kind} ({len(workers)} workers then, {len(left)} left): {verdict}"

    def mutate(self) -> str:
        """Change the folder in a way a clean build of its final state can reproduce."""
        self.reap()  # a file vanishing under a running ingest is not what this checks
        present = sorted(p for p in self.papers if (self.folder / p.name).exists())
        absent = [p for p in self.papers if p not in present]
        choices = ["copy", "touch"] + (["remove"] if len(present) > 3 else [])
        choices += ["add", "add"] if absent else []
        what = self.rng.choice(choices)
        self.counts[f"mutate:{what}"] += 1
        if what == "add":
            p = self.rng.choice(absent)
            shutil.copy(p, self.folder / p.name)
            for name, src in self.copies.items():
                if src == p and self.rng.random() < 0.5:
                    shutil.copy(p, self.folder / name)
            return f"add {p.name}"
        p = self.rng.choice(present)
        if what == "remove":
            (self.folder / p.name).unlink()
            for name, src in self.copies.items():
                if src == p:
                    (self.folder / name).unlink(missing_ok=True)
            return f"remove {p.name}"
        if what == "copy":
            # named to sort after every paper: the paper itself is always the one loaded
            name = f"zz-copy-{len(self.copies)}-{p.name}"
            self.copies[name] = p
            shutil.copy(p, self.folder / name)
            return f"copy {p.name} as {name}"
        (self.folder / p.name).write_bytes(p.read_bytes())
        return f"touch {p.name}"

    def step(self, n: int) -> str:
        kind = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        self.counts[kind] += 1
        if kind == "kill":
            return self.kill(n)
        if kind == "mutate":
            return self.mutate()
        if kind == "background":
            self.reap()
            what = self.rng.choice(["ingest", "ingest", "force", "rebuild"])
            self.counts[f"background:{what}"] += 1
            self.bg = (n, what, self.start(what))
            return f"background {what}"
        if self.bg is not None and self.bg[2].poll() is not None:
            self.reap()
        return f"{kind}: {self.judge(n, kind, self.start(kind))}"

    def restore(self) -> None:
        """Every paper and every copy ever made back in the folder."""
        for p in self.papers:
            shutil.copy(p, self.folder / p.name)
        for name, src in self.copies.items():
            shutil.copy(src, self.folder / name)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (the forked workers, and any helper they started)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for kid in children.get(todo.pop(), []):
            out.add(kid)
            todo.append(kid)
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def finish(soak: Soak, work: Path) -> int:
    """Converge the soak warehouse, build the reference, compare; returns relations differing."""
    soak.reap()
    soak.restore()
    final = run(soak.command("ingest"))
    print(f"final ingest of the restored folder: exit {final.returncode}")
    if final.returncode != 0:
        soak.unexpected.append(f"final ingest: {(final.stdout + final.stderr).strip()[-300:]}")
    ref = work / "reference.duckdb"
    common = ["--warehouse", str(ref), "--extracted", str(work / "ref-extracted")]
    clean = run([str(PIPELINE), "ingest", str(soak.folder), *common, "--jobs", "1", "-q"])
    print(f"reference: fresh sequential ingest of the same folder: exit {clean.returncode}")
    leftovers = sorted(p.name for p in work.iterdir() if p.name.startswith("soak.duckdb."))
    print(f"files beside the soak warehouse: {leftovers or 'none'}")
    return compare(ref, soak.warehouse)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ops", type=int, default=200)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--papers", type=int, default=12, help="generated papers in the pool")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the work folder even when equal")
    args = ap.parse_args()
    print(f"soak: {args.ops} operations, seed {args.seed}, jobs {args.jobs}", flush=True)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    soak = Soak(work, pool(args.papers), random.Random(args.seed), args.jobs)
    print(f"pool of {len(soak.papers)} papers; work folder {work}", flush=True)
    for n in range(1, args.ops + 1):
        t = time.monotonic()
        what = soak.step(n)
        print(f"{n:4d} {time.monotonic() - started:6.0f}s {what} ({time.monotonic() - t:.1f} s)")
        sys.stdout.flush()
    ops_seconds = time.monotonic() - started
    differ = finish(soak, work)
    print(f"\noperations: {args.ops} in {ops_seconds:.0f} s (seed {args.seed})")
    for kind, k in sorted(soak.counts.items()):
        print(f"  {kind:28s} {k}")
    kills = sum(k for kind, k in soak.counts.items() if kind.endswith(":killed"))
    print(
        f"kills: {kills} of {soak.counts['kill']} kill operations found their command running "
        f"({soak.kills_with_workers} while workers ran); workers left alive: {soak.survivors}"
    )
    print(f"unexpected errors: {len(soak.unexpected)}")
    for line in soak.unexpected:
        print(f"  {line}")
    print(f"differences from a clean sequential build: {differ} relation(s)")
    print(f"total {time.monotonic() - started:.0f} s")
    if differ or soak.unexpected or args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if differ or soak.unexpected else 0)


if __name__ == "__main__":
    main()
