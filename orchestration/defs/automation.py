"""Keeping the warehouse current: a daily refresh, a sensor for new raw files, run pruning."""

import os
from datetime import UTC, datetime, timedelta

import dagster as dg

from orchestration import landing, settings
from orchestration.defs.dbt import SEED_SCHEMA
from orchestration.defs.jobs import refresh_warehouse

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
    return int(os.environ.get("LEDGER_SENSOR_INTERVAL_SECONDS", "15"))


@dg.sensor(
    name="raw_files_sensor",
    job=refresh_warehouse,
    minimum_interval_seconds=_sensor_interval(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Watches every raw family folder by content hash and refreshes the affected raw assets "
        "and everything downstream. The same content never triggers twice (run key = hash set)."
    ),
)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    before = landing.load_cursor(context.cursor)
    after = landing.scan(settings.raw_dir(), before)
    families = landing.changed_families(before, after)
    context.update_cursor(landing.dump_cursor(after))
    if not families:
        return dg.SkipReason("no new or changed raw content")
    raw_keys = [dg.AssetKey(["raw", f.name]) for f in families]
    # Everything downstream of the changed families, plus what those assets read (seeds, ECB
    # rates, unchanged families), so a run on a fresh build file has all its inputs. Loads of
    # unchanged content are cheap: large families skip files already loaded.
    # The reference seeds are tested against even where no model reads them; they are tiny.
    selection = dg.AssetSelection.assets(*raw_keys).downstream().upstream() | (
        dg.AssetSelection.groups(SEED_SCHEMA)
    )
    keys = selection.resolve(context.repository_def.asset_graph)
    context.log.info(
        f"new raw content in {[f.name for f in families]}: refreshing {len(keys)} assets"
    )
    return dg.RunRequest(
        run_key=landing.content_key(after),
        asset_selection=sorted(keys, key=lambda k: k.to_user_string()),
        tags={"ledger/trigger": "raw_files_sensor"},
    )


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
