"""The full refresh of the shipped figures in one process, broken down by stage.
Usage: python -m bench.small_refresh OUT.json (LEDGER_* point at a temporary root)."""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict

started = time.monotonic()
import dagster as dg  # noqa: E402

from orchestration.definitions import defs  # noqa: E402

imported = time.monotonic()


def stage(step_key: str) -> str:
    if step_key.startswith("raw__") and not step_key.endswith(
        ("gx_suite", "gx_aggregates", "apply")
    ):
        return "ingest"
    if step_key == "ledger_dbt_models":
        return "dbt"
    if step_key.startswith("publish"):
        return "publish"
    return "checks"


def main(out: str) -> None:
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
        instance=instance, raise_on_error=True
    )
    finished = time.monotonic()
    starts, stages = {}, defaultdict(float)
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value == "STEP_SUCCESS":
            stages[stage(event.step_key)] += entry.timestamp - starts[event.step_key]
    stages["imports"] = imported - started
    with open(out, "w") as fh:
        json.dump({"total_s": finished - started, "stages_s": dict(stages)}, fh)


if __name__ == "__main__":
    main(sys.argv[1])
