"""Office files and web pages to PDF with the producers' own engines: LibreOffice for .xlsx and
.docx (in batches, with a throwaway profile), headless Chromium for HTML."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice_convert(files: list[Path], outdir: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory(prefix="gen-lo-") as prof:
        for i in range(0, len(files), 40):
            subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation=file://{prof}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *map(str, files[i : i + 40]),
                ],
                check=True,
                capture_output=True,
                timeout=900,
            )


def chromium_convert(src: Path, pdf: Path) -> None:
    exe = next(
        (x for x in ("chromium", "chromium-browser", "google-chrome") if shutil.which(x)), None
    )
    if not exe:
        raise SystemExit("Chromium is needed")
    with tempfile.TemporaryDirectory(prefix="gen-chrome-") as prof:
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={prof}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                src.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
