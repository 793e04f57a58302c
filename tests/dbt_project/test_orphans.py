"""The on-run-end hook (macros/orphans.sql) drops the tables no model builds any more.

A renamed model leaves its old table in the persistent build file, which is published whole:
without the hook (and its commit) the old table would be published beside its successor.
"""

from __future__ import annotations

import shutil

import duckdb
from dbt.cli.main import dbtRunner

from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import patched_env


def test_a_table_no_model_builds_is_dropped(shipped_run, tmp_path):
    build = tmp_path / "warehouse.duckdb"
    shutil.copyfile(shipped_run.build, build)
    with duckdb.connect(str(build)) as con:
        con.execute("CREATE TABLE intermediate.int_renamed_away AS SELECT 1 AS x")
    with patched_env({"LEDGER_BUILD_DB": str(build)}):
        result = dbtRunner().invoke(
            [
                "run",
                "--select",
                "int_knowledge_states_listed",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(tmp_path / "target"),
            ]
        )
    assert result.success
    with duckdb.connect(str(build)) as con:  # as dbt opened it (same process)
        tables = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'intermediate'"
            ).fetchall()
        }
    assert "int_renamed_away" not in tables
    assert "int_knowledge_states_listed" in tables
