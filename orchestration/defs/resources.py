"""The warehouse as a Dagster resource: where the build file, the published file and the raw
folder are, the date the marts are built as of, and connections to the build file, passed to
every asset, check and sensor that needs them. Its fields are the run config of a refresh
(``resources.warehouse_files.config`` in the launchpad)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import Field

from orchestration import settings
from orchestration.ingest import refresh_plan


class WarehouseFiles(dg.ConfigurableResource):
    """One warehouse: its files and the date its marts are built as of. Empty paths fall back
    to ``orchestration.settings`` (the ``LEDGER_*`` environment variables, then the defaults
    under ``data/`` and ``raw/``); the build file sits beside the published one."""

    build_path: str = Field(
        default="", description="The private build file; empty: .build/ beside the published one."
    )
    published_path: str = Field(
        default="",
        description="The warehouse analysts open; empty: LEDGER_WAREHOUSE or data/warehouse.duckdb.",
    )
    raw_dir: str = Field(default="", description="The raw families; empty: LEDGER_RAW_DIR or raw/.")
    as_of: str | None = Field(
        default=None,
        description=(
            "Build the marts as of this date (YYYY-MM-DD): only figures known by then count. "
            "Empty: as of today. A run that changes it rebuilds everything."
        ),
    )

    def build(self) -> Path:
        return Path(self.build_path) if self.build_path else settings.build_path(self.published())

    def published(self) -> Path:
        return Path(self.published_path) if self.published_path else settings.published_path()

    def raw(self) -> Path:
        return Path(self.raw_dir) if self.raw_dir else settings.raw_dir()

    def validation(self) -> Path:
        """The run's validation reports, beside its published warehouse."""
        return settings.validation_dir(self.published())

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the private build file (created on first write)."""
        path = self.build()
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        with duckdb.connect(str(path), read_only=read_only) as con:
            yield con

    def as_of_date(self) -> str | None:
        """The as-of date (YYYY-MM-DD) or None for today; a clear error for anything else."""
        return settings.check_as_of(self.as_of or None)

    def plan_refresh(self, check_build: bool = True) -> refresh_plan.Plan:
        """What the next refresh of these files must run (``refresh_plan.plan``)."""
        return refresh_plan.plan(
            self.published(), self.build(), self.raw(), self.as_of_date(), check_build
        )

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseFiles]:
        self.as_of_date()  # a mistyped date fails the run before any step starts
        if context.dagster_run is None:  # a sensor tick: it reads files, dbt does not run
            yield self
            return
        # dbt's profiles.yml reads the build file from LEDGER_BUILD_DB, and dagster-dbt 0.29's
        # DbtCliResource.cli() takes no per-invocation environment: it passes the process's
        # own. So the path is exported for the run here, never inside an asset body, and the
        # previous value is back afterwards (the next run in this process may build elsewhere).
        build = self.build()
        build.parent.mkdir(parents=True, exist_ok=True)
        saved = os.environ.get("LEDGER_BUILD_DB")
        os.environ["LEDGER_BUILD_DB"] = str(build)
        try:
            yield self
        finally:
            if saved is None:
                os.environ.pop("LEDGER_BUILD_DB", None)
            else:
                os.environ["LEDGER_BUILD_DB"] = saved
