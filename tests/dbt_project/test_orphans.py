"""The on-run-end hook (macros/orphans.sql) drops the tables no model builds any more.

A renamed model leaves its old table in the persistent build file, which is published whole:
without the hook (and its commit) the old table would be published beside its successor.
"""

from __future__ import annotations

import duckdb

from tests.dbt_project.dbt_on_a_copy import copy_build, invoke_dbt


def test_a_table_no_model_builds_is_dropped(shipped_run, tmp_path):
    build = copy_build(shipped_run.build, tmp_path)
    with duckdb.connect(str(build)) as con:
        con.execute("CREATE TABLE intermediate.int_renamed_away AS SELECT 1 AS x")
    result = invoke_dbt(build, tmp_path, "run", "--select", "int_knowledge_states_listed")
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
