"""Build the docx papers into tests/fixtures/docx/ (PDF + truth JSON per paper).

.venv/bin/python -m tests.docx_papers [--out DIR] [--keep-docx] [--only SLUG …]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.docx_papers.budget_papers import (
    paper_cardiff,
    paper_devon,
    paper_islington,
    paper_liverpool,
    paper_newcastle,
    paper_swansea,
)
from tests.docx_papers.model import Row, colsum
from tests.docx_papers.paper import Paper
from tests.docx_papers.plans_and_monitoring import (
    paper_cheshire_east,
    paper_croydon,
    paper_hertfordshire,
    paper_nottingham,
    paper_oxfordshire,
)
from tests.docx_papers.savings_schedules import (
    paper_coventry,
    paper_essex,
    paper_southampton,
    paper_tower_hamlets,
    paper_wirral,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "docx"

PAPERS: list[Callable[[], Paper]] = [
    paper_swansea,
    paper_liverpool,
    paper_devon,
    paper_hertfordshire,
    paper_tower_hamlets,
    paper_newcastle,
    paper_croydon,
    paper_coventry,
    paper_cardiff,
    paper_nottingham,
    paper_southampton,
    paper_cheshire_east,
    paper_islington,
    paper_oxfordshire,
    paper_wirral,
    paper_essex,
]


# --------------------------------------------------------------------------- checks + main


def check_totals(p: Paper) -> None:
    """Subtotals add up their section, the last total adds up every scheme row."""
    for t in p.tables:
        section: list[Row] = []
        for r in t.rows:
            if r.kind == "heading":
                section = []
            elif r.kind == "data":
                assert any(v is not None for v in r.values), (p.slug, r.label)
                section.append(r)
            elif r.kind == "subtotal":
                assert r.values == colsum(section), (p.slug, t.name, r.label)
        assert t.rows[-1].kind == "total", (p.slug, t.name)
        assert t.rows[-1].values == colsum(t.data_rows()), (p.slug, t.name)


def convert(docx_files: list[Path], out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, docx_files),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--keep-docx", action="store_true", help="also keep the .docx files")
    ap.add_argument("--only", nargs="*", help="slugs (or substrings) to build")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    papers = [f() for f in PAPERS]
    if args.only:
        papers = [p for p in papers if any(s in p.slug for s in args.only)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = []
        for p in papers:
            check_totals(p)
            path = work / f"{p.slug}.docx"
            p.doc.save(str(path))
            files.append(path)
            if args.keep_docx:
                shutil.copy(path, out / path.name)
        convert(files, work)
        for p in papers:
            pdf = out / f"{p.slug}.pdf"
            shutil.copy(work / f"{p.slug}.pdf", pdf)
            truth = p.truth(pdf)
            (out / f"{p.slug}.truth.json").write_text(
                json.dumps(truth, indent=1, ensure_ascii=False) + "\n"
            )
            n = len(truth["savings"])
            print(
                f"{pdf.name:56s} pages {truth['pages']:2d} figures {n:4d} "
                f"{pdf.stat().st_size // 1024:4d} KB"
            )


if __name__ == "__main__":
    main()
