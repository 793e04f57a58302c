"""dbt's unit tests (``unit_tests:`` in the models' YAML) on DuckDB.

They test the rules (partial dates, bound kinds, corrections, FX choice, the envelope,
interval arithmetic, ...) with fixed rows, so the refresh job leaves them out and they run
here, once, against a copy of a build file that holds every model's parents.
"""

from __future__ import annotations

import shutil

from dbt.cli.main import dbtRunner

from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import patched_env


def test_every_unit_test_passes_on_duckdb(shipped_run, tmp_path):
    build = tmp_path / "warehouse.duckdb"
    shutil.copyfile(shipped_run.build, build)
    with patched_env({"LEDGER_BUILD_DB": str(build)}):
        result = dbtRunner().invoke(
            [
                "test",
                "--select",
                "test_type:unit",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(tmp_path / "target"),
            ]
        )
    statuses = {r.node.name: str(r.status) for r in result.result or []}
    assert len(statuses) >= 14, statuses  # one per rule in models/**/_*.yml
    assert result.success, {name: s for name, s in statuses.items() if s != "pass"}
