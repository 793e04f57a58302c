"""dbt in this process against a copy of a build file, so a test can change what it holds."""

from __future__ import annotations

import shutil
from pathlib import Path

from dbt.cli.main import dbtRunner, dbtRunnerResult

from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import patched_env


def copy_build(build: Path, tmp_path: Path) -> Path:
    """A copy of ``build`` in ``tmp_path`` (the shipped run's build file holds every model)."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(build, copy)
    return copy


def invoke_dbt(build: Path, tmp_path: Path, *args: str) -> dbtRunnerResult:
    """``dbt <args>`` on the project with ``build`` as its DuckDB file, its artefacts in
    ``tmp_path/target``."""
    with patched_env({"LEDGER_BUILD_DB": str(build)}):
        return dbtRunner().invoke(
            [
                *args,
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(tmp_path / "target"),
            ]
        )
