"""``make docs``: dbt's documentation site (one static page with the catalog of the published
warehouse) and the validation reports, linked from one index page in ``data/docs/``.

dbt reads the catalog from a private copy of the published file, so documenting never
writes to the file readers open, and its target folder is a temporary one, so the manifest
the code location loads is left alone.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from orchestration import settings


def build_dbt_site(published: Path, out: Path) -> Path:
    """Run ``dbt docs generate --static`` against a copy of ``published``; return the page."""
    with tempfile.TemporaryDirectory(prefix="ledger-docs-") as tmp:
        copy = Path(tmp) / "warehouse.duckdb"
        shutil.copyfile(published, copy)
        settings.ensure_dbt_on_path()
        dbt = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")
        target = Path(tmp) / "target"
        result = subprocess.run(
            [
                dbt,
                "docs",
                "generate",
                "--static",
                "--project-dir",
                str(settings.DBT_PROJECT_DIR),
                "--profiles-dir",
                str(settings.DBT_PROJECT_DIR),
                "--target-path",
                str(target),
            ],
            env={**os.environ, "LEDGER_BUILD_DB": str(copy)},
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"dbt docs generate failed:\n{result.stdout[-3000:]}")
        out.mkdir(parents=True, exist_ok=True)
        page = out / "index.html"
        shutil.copyfile(target / "static_index.html", page)
    return page


def _validation_runs() -> list[str]:
    root = settings.validation_dir()
    if not root.is_dir():
        return []
    runs = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
    return [p.name for p in sorted(runs, key=lambda p: p.stat().st_mtime, reverse=True)]


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def write_index(folder: Path) -> Path:
    def link(target: Path, text: str) -> str:
        if not target.exists():
            return f"{html.escape(text)} <em>(not built yet: make run)</em>"
        return f"<a href='{html.escape(_relative(target, folder))}'>{html.escape(text)}</a>"

    runs = _validation_runs()
    validation = settings.validation_dir()
    items = "".join(f"<li>{link(validation / run / 'index.html', run)}</li>" for run in runs[:20])
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Russia–North Korea ledger: documentation</title>
<style>body{{font-family:Georgia,serif;max-width:900px;margin:2em auto;padding:0 1em}}</style>
</head><body><h1>Russia–North Korea ledger: documentation</h1>
<ul>
<li>{link(folder / "dbt" / "index.html", "The warehouse: every model, column and test")}
(dbt docs, with the catalog of the published warehouse)</li>
<li>{link(settings.report_dir() / "index.html", "The report page")}: balance, the won,
revisions, comparisons, every number linked to its figures</li>
<li>{link(settings.exports_dir() / "latest" / "datapackage.json", "Open-data downloads")}:
every mart as CSV and Parquet with a Frictionless data package</li>
<li>{link(validation / "latest" / "index.html", "Validation reports of the latest run")}
(Great Expectations suites, every rejection)</li>
</ul>
<h2>Validation reports per run (newest first)</h2><ul>{items or "<li>none yet</li>"}</ul>
</body></html>"""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main() -> int:
    published = settings.published_path()
    if not published.exists():
        print(f"{published} does not exist yet: run `make run` first", file=sys.stderr)
        return 1
    folder = settings.docs_dir()
    build_dbt_site(published, folder / "dbt")
    print(f"documentation: {write_index(folder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
