"""Restore the other councils' real papers (tests/real_other/papers/) from local git mirrors.

The PDFs the other-councils test scores are public documents taken from public GitHub
repositories. They are kept out of this repository (git ignores them), so they are lost with
the machine that held them. tests/real_other/papers/MANIFEST.tsv names, for each file, the
repository, commit and path that give its exact bytes, and SHA256SUMS holds their checksums.
This script copies every file back out of clones or mirrors of those repositories and checks
it, so the restore is reproducible without reading SOURCES.md by hand:

    .venv/bin/python tools/restore_other_papers.py --mirrors DIR [--dest DIR]

DIR holds one git repository (bare, mirror or clone) per source repository owner/name, as any
of DIR/owner+name/ (the layout of the search tool's fetch, with the git directory at repo/ or
repo/.git inside it), DIR/owner/name/ or DIR/name/ (a trailing .git on the last part is
allowed too). Each file is taken with `git show <commit>:<path>`, checked against SHA256SUMS
and only then written to --dest (default tests/real_other/papers). One line is printed for
each file that fails (repository, commit or path missing, or checksum mismatch), then a count;
the exit status is 1 if any file failed. Nothing here touches the network: get the mirrors
first (the search tool's fetch, or `git clone --mirror https://github.com/owner/name`).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAPERS = ROOT / "tests" / "real_other" / "papers"
MANIFEST = PAPERS / "MANIFEST.tsv"
SUMS = PAPERS / "SHA256SUMS"
COLUMNS = ["file", "repository", "commit", "path"]


@dataclass(frozen=True)
class Entry:
    """One line of MANIFEST.tsv: where the bytes of `file` are."""

    file: str
    repository: str
    commit: str
    path: str


def read_manifest(manifest: Path) -> list[Entry]:
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != COLUMNS:
        raise SystemExit(f"{manifest}: the header should be {COLUMNS} (tab-separated)")
    entries: list[Entry] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            raise SystemExit(f"{manifest}:{number}: expected {len(COLUMNS)} tab-separated fields")
        entries.append(Entry(*row))
    return entries


def read_sums(sums: Path) -> dict[str, str]:
    """SHA256SUMS as sha256sum writes it: "<hex>  <file>" (a "*" before the file is allowed)."""
    checksums: dict[str, str] = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            checksums[name.removeprefix("*")] = digest.lower()
    return checksums


def is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir()


def find_git_dir(mirrors: Path, repository: str) -> Path | None:
    """The git directory of owner/name under `mirrors`, in a layout the module docstring names."""
    owner, _, name = repository.partition("/")
    places: list[Path] = []
    for base in (mirrors / f"{owner}+{name}", mirrors / owner / name, mirrors / name):
        places += [base, base.with_name(base.name + ".git")]
    for place in places:
        for candidate in (place / "repo" / ".git", place / "repo", place / ".git", place):
            if is_git_dir(candidate):
                return candidate
    return None


def git(git_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, check=False)


def restore(entry: Entry, mirrors: Path, dest: Path, expected: str | None) -> str | None:
    """Write one file; return why it failed, or None when it was restored and checked."""
    if expected is None:
        return "not listed in SHA256SUMS"
    git_dir = find_git_dir(mirrors, entry.repository)
    if git_dir is None:
        return f"missing repository {entry.repository} under {mirrors}"
    if git(git_dir, "cat-file", "-e", f"{entry.commit}^{{commit}}").returncode != 0:
        return f"missing commit {entry.commit} in {entry.repository} ({git_dir})"
    shown = git(git_dir, "show", "--no-textconv", f"{entry.commit}:{entry.path}")
    if shown.returncode != 0:
        return f"missing path {entry.path!r} at {entry.repository}@{entry.commit}"
    actual = hashlib.sha256(shown.stdout).hexdigest()
    if actual != expected:
        return f"checksum mismatch: got {actual}, SHA256SUMS says {expected}"
    target = dest / entry.file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(shown.stdout)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--mirrors", type=Path, required=True, help="folder of git mirrors or clones"
    )
    parser.add_argument(
        "--dest", type=Path, default=PAPERS, help="where to write the papers (default: %(default)s)"
    )
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="default: %(default)s")
    parser.add_argument("--sums", type=Path, default=SUMS, help="default: %(default)s")
    args = parser.parse_args(argv)
    mirrors: Path = args.mirrors
    dest: Path = args.dest
    if not mirrors.is_dir():
        parser.error(f"--mirrors {mirrors} is not a folder")

    entries = read_manifest(args.manifest)
    checksums = read_sums(args.sums)
    failed = 0
    for entry in entries:
        problem = restore(entry, mirrors, dest, checksums.get(entry.file))
        if problem is not None:
            failed += 1
            print(f"FAILED {entry.file}: {problem}")
    listed = {entry.file for entry in entries}
    for name in sorted(set(checksums) - listed):
        failed += 1
        print(f"FAILED {name}: in SHA256SUMS but not in {args.manifest.name}")
    total = len(listed | set(checksums))
    print(f"{total - failed} of {total} restored and checked into {dest}; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
