"""The warehouse as a Dagster resource: where the build file, the published file and the raw
folder are, and connections to the build file, passed to every asset and check that needs them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import settings


class WarehouseFiles(dg.ConfigurableResource):
    """Paths of one warehouse. Empty fields fall back to ``orchestration.settings`` (the
    ``LEDGER_*`` environment variables, then the defaults under ``data/`` and ``raw/``)."""

    build_path: str = ""
    published_path: str = ""
    raw_dir: str = ""

    def build(self) -> Path:
        return Path(self.build_path) if self.build_path else settings.build_path()

    def published(self) -> Path:
        return Path(self.published_path) if self.published_path else settings.published_path()

    def raw(self) -> Path:
        return Path(self.raw_dir) if self.raw_dir else settings.raw_dir()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the private build file (created on first write)."""
        path = self.build()
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        with duckdb.connect(str(path), read_only=read_only) as con:
            yield con

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # dbt's profiles.yml reads the build file from LEDGER_BUILD_DB, and dagster-dbt 0.29's
        # DbtCliResource.cli() takes no per-invocation environment: it passes the process's
        # own. So the path is exported once per run here, never inside an asset body.
        self.build().parent.mkdir(parents=True, exist_ok=True)
        os.environ["LEDGER_BUILD_DB"] = str(self.build())
