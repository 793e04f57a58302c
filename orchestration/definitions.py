"""The code location: ``dagster dev -m orchestration.definitions``.

Every asset, check, job, schedule and sensor at module scope in ``orchestration/defs/`` is
discovered, so a new module there cannot be silently left out.
"""

from __future__ import annotations

import warnings

import dagster as dg

import orchestration.defs
from orchestration import settings
from orchestration.defs.dbt import dbt_resource
from orchestration.defs.resources import WarehouseFiles
from orchestration.sqlite_storage import quick_commits

# Every process that loads the code location and runs (`make run`, a run worker) stores its
# events in the local instance; see orchestration/sqlite_storage.py.
quick_commits()

# The loader is marked "preview" in Dagster 1.13 (its successor, load_from_defs_folder, needs a
# components project layout); it has been stable since 1.9 and the snapshot test guards it.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", dg.PreviewWarning)
    defs = dg.load_definitions_from_package_module(
        orchestration.defs,
        resources={
            "dbt": dbt_resource(),
            # A run's as-of date is its run config; LEDGER_AS_OF only sets the default.
            "warehouse_files": WarehouseFiles(as_of=settings.as_of()),
        },
    )
