"""The full refresh of the shipped figures in one process, broken down by stage.
Usage: python -m bench.small_refresh OUT.json (LEDGER_* and DAGSTER_HOME point at a temporary
root). The run is stored in the instance in DAGSTER_HOME, as `make run` stores it; the dbt
step is split by dbt's own log into start-up, parse, models and tests, and what Dagster does
with dbt's events after dbt has exited."""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

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


# dbt's structured log events that bound its phases.
DBT_MARKS = {
    "MainReportVersion": "started",
    "FoundStats": "parsed",
    "ConcurrencyLine": "nodes_started",
    "CommandCompleted": "finished",
}


def dbt_phases(run_id: str, step_start: float, step_end: float) -> dict[str, float]:
    """The dbt step by phase, from the dbt.log of this run's dbt invocation."""
    from orchestration.settings import DBT_PROJECT_DIR

    logs = sorted((DBT_PROJECT_DIR / "target").glob(f"ledger_dbt_models-{run_id[:7]}-*/dbt.log"))
    if not logs:
        return {}
    marks = {}
    for line in Path(logs[-1]).read_text(encoding="utf-8").splitlines():
        try:
            info = json.loads(line)["info"]
        except (ValueError, KeyError):
            continue
        if info["name"] in DBT_MARKS:
            marks.setdefault(
                DBT_MARKS[info["name"]], datetime.fromisoformat(info["ts"]).timestamp()
            )
    if len(marks) < len(DBT_MARKS):
        return {}
    return {
        "dbt_process_start": marks["started"] - step_start,
        "dbt_parse": marks["parsed"] - marks["started"],
        "dbt_models_and_tests": marks["finished"] - marks["nodes_started"],
        "dbt_events_to_dagster": step_end - marks["finished"],
    }


def main(out: str) -> None:
    instance = dg.DagsterInstance.get()
    result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
        instance=instance, raise_on_error=True
    )
    finished = time.monotonic()
    starts, stages, dbt = {}, defaultdict(float), {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value == "STEP_SUCCESS":
            stages[stage(event.step_key)] += entry.timestamp - starts[event.step_key]
            if event.step_key == "ledger_dbt_models":
                dbt = dbt_phases(result.run_id, starts[event.step_key], entry.timestamp)
    stages["imports"] = imported - started
    stages.update(dbt)
    with open(out, "w") as fh:
        json.dump({"total_s": finished - started, "stages_s": dict(stages)}, fh)


if __name__ == "__main__":
    main(sys.argv[1])
