"""dbt's unit tests (``unit_tests:`` in the models' YAML) on DuckDB.

They test the rules (partial dates, bound kinds, corrections, FX choice, the envelope,
interval arithmetic, ...) with fixed rows, so the refresh job leaves them out and they run
here, once, against a copy of a build file that holds every model's parents.
"""

from __future__ import annotations

from tests.dbt_project.dbt_on_a_copy import copy_build, invoke_dbt


def test_every_unit_test_passes_on_duckdb(shipped_run, tmp_path):
    build = copy_build(shipped_run.build, tmp_path)
    result = invoke_dbt(build, tmp_path, "test", "--select", "test_type:unit")
    statuses = {r.node.name: str(r.status) for r in result.result or []}
    assert len(statuses) >= 14, statuses  # one per rule in models/**/_*.yml
    assert result.success, {name: s for name, s in statuses.items() if s != "pass"}
