"""Where things live. Every path can be overridden by an environment variable (see README)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def raw_dir() -> Path:
    """Folder holding the raw families (``raw/`` in the repo)."""
    return _path("LEDGER_RAW_DIR", REPO_ROOT / "raw")


def published_path() -> Path:
    """The warehouse analysts open; replaced atomically at the end of a good run."""
    return _path("LEDGER_WAREHOUSE", REPO_ROOT / "data" / "warehouse.duckdb")


def build_path() -> Path:
    """The private file a run builds into; never opened by readers."""
    return _path("LEDGER_BUILD_DB", published_path().parent / ".build" / "warehouse.duckdb")


def ensure_dbt_on_path() -> None:
    """dagster-dbt looks for a ``dbt`` executable on PATH (also when preparing the manifest);
    make the one installed next to this interpreter findable even if the venv isn't active."""
    import sys

    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def validation_dir() -> Path:
    """Where each run writes its human-readable validation report."""
    return _path("LEDGER_VALIDATION_DIR", published_path().parent / "validation")


def exports_dir() -> Path:
    """Where each publication's open-data downloads go (``<publication>/`` and ``latest``)."""
    return _path("LEDGER_EXPORTS_DIR", published_path().parent / "exports")


def report_dir() -> Path:
    """Where the report page of the latest publication is written (``index.html``)."""
    return _path("LEDGER_REPORT_DIR", published_path().parent / "report")


def docs_dir() -> Path:
    """Where ``make docs`` writes the documentation site."""
    return _path("LEDGER_DOCS_DIR", published_path().parent / "docs")


def as_of() -> str | None:
    """Build the marts as of this date (YYYY-MM-DD) instead of today; see README."""
    value = os.environ.get("LEDGER_AS_OF") or None
    if value is not None:
        from datetime import date

        date.fromisoformat(value)  # a clear ValueError for anything but YYYY-MM-DD
    return value


def ecb_dir() -> Path:
    """Where the daily refresh keeps the ECB rate history it downloaded (see README)."""
    return _path("LEDGER_ECB_DIR", published_path().parent / "ecb")
