"""The dbt project as Dagster assets; dbt tests run as asset checks in the same run."""

import importlib.metadata
import json
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)
from packaging import version

from orchestration import charts
from orchestration.dbt_project import dbt_project, prepared_manifest
from orchestration.defs.raw import WAREHOUSE_POOL
from orchestration.defs.resources import WarehouseFiles

SEED_SCHEMA = "reference"


class LedgerTranslator(DagsterDbtTranslator):
    """Keys mirror the warehouse: raw/figures, staging/stg_figures, marts/balance, ..."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)  # meta.dagster.asset_key
        schema = dbt_resource_props["config"].get("schema") or "main"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["config"].get("schema") or "dbt"


translator = LedgerTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=prepared_manifest(),
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool=WAREHOUSE_POOL,
)
def ledger_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse_files: WarehouseFiles
):
    # dbt reloads an existing seed table with its old columns; seeds are tiny, so whenever
    # a run rebuilds them all, recreate them and a column added to a seed never needs a
    # manual --full-refresh.
    # (``context.assets_def`` is the selected subset in a narrower run; ask the whole one.)
    seeds = {key for key in ledger_dbt_models.keys if key.path[0] == SEED_SCHEMA}
    if seeds and seeds <= set(context.selected_asset_keys):
        with warehouse_files.connect() as con:
            con.execute(f"DROP SCHEMA IF EXISTS {SEED_SCHEMA} CASCADE")
    # dbt holds the DuckDB file while it runs, so the metadata that reads the tables (row
    # counts, previews, charts) is attached once it has exited.
    events, failure = [], None
    try:
        args = ["build"]
        if as_of := warehouse_files.as_of_date():
            context.log.info(f"building the marts as of {as_of}")
            args += ["--vars", json.dumps({"as_of": as_of})]
        for event in dbt.cli(args, context=context).stream():
            events.append(event)
    except Exception as exc:  # re-raised below, after the successful models are recorded
        failure = exc
    with warehouse_files.connect(read_only=True) as con:
        for event in events:
            if isinstance(event, dg.Output):
                key = context.asset_key_for_output(event.output_name)
                event = event.with_metadata({**event.metadata, **table_metadata(con, key)})
            yield event
    if failure is not None:
        raise failure


def table_metadata(con: duckdb.DuckDBPyConnection, key: dg.AssetKey) -> dict:
    table = ".".join(f'"{part}"' for part in key.path)
    try:
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        preview = con.execute(f"SELECT * FROM {table} LIMIT 5").df()
    except duckdb.Error as exc:  # e.g. a model dbt skipped: no table to describe
        dg.get_dagster_logger().warning(f"no table metadata for {table}: {exc}")
        return {}
    meta = {
        "dagster/row_count": rows,
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    }
    chart = charts.CHARTS.get(tuple(key.path))
    if chart is not None:
        meta["chart"] = dg.MetadataValue.md(chart(con))
    return meta


class LedgerDbtCliResource(DbtCliResource):
    """dagster-dbt, minus two fixed costs paid before every dbt command: a ``dbt --version``
    subprocess (the version is the installed dbt-core's) and an in-process dbt adapter, which
    only serves column metadata this project does not fetch. Seconds per run on two cores."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - signature of the parent
        return None


def dbt_resource() -> DbtCliResource:
    return LedgerDbtCliResource(project_dir=dbt_project)
