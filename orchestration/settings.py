"""Where things live. Every path can be overridden by an environment variable (see README).

The folders next to the warehouse (build file, validation reports, exports, report page, docs)
follow the published file they belong to: pass ``published`` when a run writes somewhere else
than the default (``python -m orchestration.cli run --as-of``), else the environment decides.
"""

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


def _beside(published: Path | None) -> Path:
    return (published or published_path()).parent


def build_path(published: Path | None = None) -> Path:
    """The private file a run builds into; never opened by readers."""
    return _path("LEDGER_BUILD_DB", _beside(published) / ".build" / "warehouse.duckdb")


def ensure_dbt_on_path() -> None:
    """dagster-dbt looks for a ``dbt`` executable on PATH (also when preparing the manifest);
    make the one installed next to this interpreter findable even if the venv isn't active."""
    import sys

    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def validation_dir(published: Path | None = None) -> Path:
    """Where each run writes its human-readable validation report."""
    return _path("LEDGER_VALIDATION_DIR", _beside(published) / "validation")


def exports_dir(published: Path | None = None) -> Path:
    """Where each publication's open-data downloads go (``<publication>/`` and ``latest``)."""
    return _path("LEDGER_EXPORTS_DIR", _beside(published) / "exports")


def report_dir(published: Path | None = None) -> Path:
    """Where the report page of the latest publication is written (``index.html``)."""
    return _path("LEDGER_REPORT_DIR", _beside(published) / "report")


def docs_dir() -> Path:
    """Where ``make docs`` writes the documentation site."""
    return _path("LEDGER_DOCS_DIR", _beside(None) / "docs")


def as_of() -> str | None:
    """The deployment's default as-of date (``LEDGER_AS_OF``): a code location that keeps a
    warehouse frozen at a date for its schedule and sensor, which have no run config. A run
    sets its own in the launchpad (``WarehouseFiles.as_of``); see README."""
    return check_as_of(os.environ.get("LEDGER_AS_OF") or None)


def check_as_of(value: str | None) -> str | None:
    """``value`` if it is a YYYY-MM-DD date (or None); a clear error otherwise."""
    if value is not None:
        from datetime import date

        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"as_of must be a date written YYYY-MM-DD, not {value!r}") from None
    return value


def ecb_dir() -> Path:
    """Where the daily refresh keeps the ECB rate history it downloaded (see README)."""
    return _path("LEDGER_ECB_DIR", published_path().parent / "ecb")
