"""The code location loads, and its asset graph is the one we expect (snapshot)."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs


def render_graph() -> str:
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        parents = ", ".join(sorted(p.to_user_string() for p in node.parent_keys))
        lines.append(f"{key.to_user_string()} [{node.group_name}] <- {parents}")
    checks = sorted(c.to_user_string() for c in graph.asset_check_keys)
    return "\n".join(lines + ["", f"{len(checks)} asset checks:"] + checks) + "\n"


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("refresh_warehouse") is not None


def test_asset_graph_matches_snapshot(snapshot):
    """After a deliberate change: `pytest tests/orchestration/test_definitions.py --snapshot-update`
    (rewrites __snapshots__/test_definitions.ambr; review its diff)."""
    assert render_graph() == snapshot


def test_raw_families_feed_dbt_sources():
    graph = defs.resolve_asset_graph()
    stg = graph.get(dg.AssetKey(["staging", "stg_figures"]))
    assert dg.AssetKey(["raw", "figures"]) in stg.parent_keys
    publish = graph.get(dg.AssetKey(["publish", "warehouse"]))
    assert {dg.AssetKey(["marts", "balance"]), dg.AssetKey(["marts", "economic_impact"])} <= set(
        publish.parent_keys
    )


def test_dbt_tests_are_asset_checks():
    checks = {c.to_user_string() for c in defs.resolve_asset_graph().asset_check_keys}
    assert any(c.startswith("marts/balance:bounds_ordered") for c in checks), checks
    assert "marts/claims:unique_claims_figure_id" in checks


def test_as_of_is_run_config_with_a_default_and_a_description():
    """What the launchpad shows under resources.warehouse_files.config."""
    schema = defs.resolve_job_def("refresh_warehouse").run_config_schema.config_type
    warehouse = schema.fields["resources"].config_type.fields["warehouse_files"]
    field = warehouse.config_type.fields["config"].config_type.fields["as_of"]
    assert not field.is_required and field.default_provided and field.default_value is None
    assert "YYYY-MM-DD" in field.description


def test_a_mistyped_as_of_fails_the_run_before_any_step(tmp_path):
    result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
        run_config={"resources": {"warehouse_files": {"config": {"as_of": "2025-13-01"}}}},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    assert not result.success
    assert not [e for e in result.all_events if e.is_step_start]
    failure = next(e for e in result.all_events if e.is_failure)
    assert "as_of must be a date written YYYY-MM-DD, not '2025-13-01'" in str(
        failure.event_specific_data
    )


def test_loading_the_code_location_draws_and_parses_nothing():
    """Webserver, daemon and every run worker load the code location: matplotlib (charts),
    GX (checks) and a `dbt parse` wait until something needs them."""
    import subprocess
    import sys

    from orchestration.settings import REPO_ROOT
    from orchestration.transform.project import prepared_manifest

    manifest = prepared_manifest()
    parsed_at = manifest.stat().st_mtime_ns
    code = (
        "import sys, orchestration.definitions; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'great_expectations'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
    assert manifest.stat().st_mtime_ns == parsed_at
