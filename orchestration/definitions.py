"""The code location: ``dagster dev -m orchestration.definitions``."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation import (
    daily_refresh,
    prune_run_history,
    raw_files_sensor,
    weekly_prune,
)
from orchestration.defs.checks import (
    aggregate_checks,
    corrections_still_apply,
    family_checks,
    mart_checks,
)
from orchestration.defs.dbt import dbt_resource, ledger_dbt_models
from orchestration.defs.downloads import publication_exports, report
from orchestration.defs.jobs import refresh_warehouse
from orchestration.defs.publish import published_warehouse
from orchestration.defs.raw import raw_assets

defs = dg.Definitions(
    assets=[*raw_assets, ledger_dbt_models, published_warehouse, publication_exports, report],
    asset_checks=[*family_checks, *aggregate_checks, *mart_checks, corrections_still_apply],
    jobs=[refresh_warehouse, prune_run_history],
    schedules=[daily_refresh, weekly_prune],
    sensors=[raw_files_sensor],
    resources={"dbt": dbt_resource()},
)
