from __future__ import annotations

import dagster as dg

# In-process: the steps share one DuckDB file, and a process per step costs seconds each
# on two cores while fighting over the file lock.
refresh_warehouse = dg.define_asset_job(
    name="refresh_warehouse",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Load every raw family, build and test the dbt models, publish the warehouse.",
    # The run queue lets one warehouse-writing run at a time through (dagster.yaml).
    tags={"ledger/writes-warehouse": "true"},
)


def refresh_selection(families: tuple[str, ...] | None) -> dg.AssetSelection:
    """Everything (``None``), or the raw assets of ``families`` and everything downstream:
    the other tables are already in the build file and carried over to the published one."""
    if families is None:
        return dg.AssetSelection.all()
    return dg.AssetSelection.assets(*(dg.AssetKey(["raw", f]) for f in families)).downstream()
