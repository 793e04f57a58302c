"""The sensor's run requests, evaluated directly (the daemon test in tests/ui runs it live)."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs
from orchestration.defs.automation import raw_files_sensor
from tests.conftest import copy_shipped_raw, ledger_env, shipped_rows, write_figures


def _evaluate(cursor: str | None):
    context = dg.build_sensor_context(
        cursor=cursor,
        repository_def=defs.get_repository_def(),
        instance=dg.DagsterInstance.ephemeral(),
    )
    return raw_files_sensor.evaluate_tick(context)


def test_new_file_requests_everything_the_refresh_reads(tmp_path):
    copy_shipped_raw(tmp_path)
    with ledger_env(tmp_path):
        first = _evaluate(None)
        [request] = first.run_requests
        keys = {k.to_user_string() for k in request.asset_selection}
        # downstream of the figures, and what those assets read, seeds included
        assert {
            "raw/figures",
            "marts/balance",
            "publish/warehouse",
            "raw/ecb_rates",
            "reference/countries",
            "reference/currencies",
        } <= keys
        again = _evaluate(first.cursor)
        assert again.run_requests == [] and again.skip_message
        write_figures(tmp_path / "raw" / "figures" / "new.csv", shipped_rows()[:1])
        third = _evaluate(first.cursor)
        assert len(third.run_requests) == 1
        assert third.run_requests[0].run_key != request.run_key
