"""Keeping the warehouse current: a daily refresh, a sensor for new raw files, run pruning."""

import os
from datetime import UTC, datetime, timedelta

import dagster as dg

from orchestration.defs.dbt import SEED_SCHEMA
from orchestration.defs.jobs import refresh_selection, refresh_warehouse
from orchestration.defs.resources import WarehouseFiles
from orchestration.ingest import fingerprints, refresh_plan

REFRESH_CRON = "0 6 * * *"
REFRESH_TIMEZONE = "Europe/Berlin"

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_warehouse,
    cron_schedule=REFRESH_CRON,
    execution_timezone=REFRESH_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Refresh everything every day at 06:00 Berlin time, whatever changed.",
)


def _sensor_interval() -> int:
    return int(os.environ.get("LEDGER_SENSOR_INTERVAL_SECONDS", "5"))


@dg.sensor(
    name="raw_files_sensor",
    job=refresh_warehouse,
    minimum_interval_seconds=_sensor_interval(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Watches every raw family folder by content hash and refreshes the raw assets whose "
        "content differs from the published warehouse, and everything downstream. The same "
        "content never triggers twice (run key = hash set)."
    ),
)
def raw_files_sensor(context: dg.SensorEvaluationContext, warehouse_files: WarehouseFiles):
    before = fingerprints.load_cursor(context.cursor)
    after = fingerprints.scan(warehouse_files.raw(), before)
    seen = fingerprints.changed_families(before, after)
    context.update_cursor(fingerprints.dump_cursor(after))
    if not seen:
        return dg.SkipReason(_nothing_new(before, after))
    # What differs from the published warehouse decides the selection (the build file may be
    # held by a running refresh, so it is not opened here); unchanged tables are carried over.
    plan = warehouse_files.plan_refresh(check_build=False)
    if not warehouse_files.build().exists():
        plan = refresh_plan.Plan(True, (), "no build file")
    if plan.nothing_to_do:
        return dg.SkipReason("the raw content matches the published warehouse")
    selection = refresh_selection(None if plan.full else plan.families)
    if plan.full:
        # Seeds are tested against even where no model reads them; they are tiny.
        selection = selection | dg.AssetSelection.groups(SEED_SCHEMA)
    keys = selection.resolve(context.repository_def.asset_graph)
    context.log.info(f"{plan.reason}: refreshing {len(keys)} assets")
    return dg.RunRequest(
        run_key=fingerprints.content_key(after),
        asset_selection=sorted(keys, key=lambda k: k.to_user_string()),
        tags={"ledger/trigger": "raw_files_sensor"},
    )


def _nothing_new(before: dict, after: dict) -> str:
    """Why a tick runs nothing, naming the files it saw whose content was already known."""
    known = sorted(set(after) - set(before))
    if not known:
        return "no new or changed raw content"
    return f"no new or changed raw content: {', '.join(known)} only repeat content already seen"


@dg.op(description="Deletes finished runs older than LEDGER_RUN_RETENTION_DAYS (default 30).")
def prune_old_runs(context: dg.OpExecutionContext) -> int:
    days = int(os.environ.get("LEDGER_RUN_RETENTION_DAYS", "30"))
    cutoff = datetime.now(UTC) - timedelta(days=days)
    records = context.instance.get_run_records(
        dg.RunsFilter(
            statuses=[
                dg.DagsterRunStatus.SUCCESS,
                dg.DagsterRunStatus.FAILURE,
                dg.DagsterRunStatus.CANCELED,
            ],
            created_before=cutoff,
        )
    )
    for record in records:
        context.instance.delete_run(record.dagster_run.run_id)
    context.log.info(f"deleted {len(records)} runs older than {days} days")
    return len(records)


@dg.job(description="Run retention: prune the run history of the local instance.")
def prune_run_history():
    prune_old_runs()


weekly_prune = dg.ScheduleDefinition(
    name="weekly_run_pruning",
    job=prune_run_history,
    cron_schedule="30 5 * * 0",
    execution_timezone=REFRESH_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
