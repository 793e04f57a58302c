"""The dbt project as Dagster assets; dbt tests run as asset checks in the same run."""

import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
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

from orchestration.defs.raw import WAREHOUSE_POOL
from orchestration.defs.resources import WarehouseFiles
from orchestration.publish import charts
from orchestration.transform.project import dbt_project, prepared_manifest

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
    events, failure, invocation = [], None, None
    try:
        # dbt's unit tests check the SQL with fixed inputs, not the data: they run in the
        # test suite (tests/dbt_project/test_unit_tests.py), not in every refresh.
        args = ["build", "--exclude-resource-type", "unit_test"]
        if as_of := warehouse_files.as_of_date():
            context.log.info(f"building the marts as of {as_of}")
            args += ["--vars", json.dumps({"as_of": as_of})]
        invocation = dbt.cli(args, context=context)
        for event in invocation.stream():
            events.append(event)
    except Exception as exc:  # re-raised below, after the successful models are recorded
        failure = exc
        context.log.error(f"dbt build failed: {exc!r}")
    if invocation is not None and isinstance(dbt, LedgerDbtCliResource):
        dbt.save_parse(invocation, args)  # also after failed tests: the parse is good
    if failure is not None:
        # dbt may still hold the build file: the models it finished, without table metadata,
        # then dbt's own error (not a lock error that would hide it)
        yield from events
        raise failure
    with warehouse_files.connect(read_only=True) as con:
        for event in events:
            if isinstance(event, dg.Output):
                key = context.asset_key_for_output(event.output_name)
                event = event.with_metadata({**event.metadata, **table_metadata(con, key)})
            yield event


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


PARTIAL_PARSE = "partial_parse.msgpack"
# Saved parses kept (about 1 MB each; tests and the bench each build into a folder of their own).
KEEP_PARSES = 16


def partial_parse_cache(project_dir: Path, args: Sequence[str]) -> Path:
    """Where the parsed project of this connection and these ``--vars`` is kept.

    dbt re-parses the whole project (seconds) when the profile's connection (the build file's
    path: each test, the bench and every ``as_of`` has its own) or the ``--vars`` differ from
    the parse it finds in its target folder, so one saved parse per connection and vars keeps
    every later run on dbt's partial parse. dbt still compares every file's hash with the
    saved parse, so a changed model is parsed again, never served stale."""
    dbt_vars = args[args.index("--vars") + 1] if "--vars" in args else ""
    key = json.dumps([os.environ.get("LEDGER_BUILD_DB", ""), dbt_vars])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return project_dir / "target" / "partial_parse" / f"{digest}.msgpack"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # evicted by a concurrent run meanwhile
        return 0.0


def _copy_atomically(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)  # a concurrent run reads the old parse or the new, never half


class LedgerDbtCliResource(DbtCliResource):
    """dagster-dbt, minus fixed costs paid before every dbt command: a ``dbt --version``
    subprocess (the version is the installed dbt-core's), an in-process dbt adapter, which
    only serves column metadata this project does not fetch, and a full parse of the project
    when the build file is not the one ``make prepare`` parsed for (:func:`partial_parse_cache`).
    Seconds per run on two cores."""

    def cli(self, args: Sequence[str], *, context=None, target_path: Path | None = None, **kw):
        target_path = target_path or self._get_unique_target_path(context=context)
        if not target_path.is_absolute():
            target_path = Path(self.project_dir) / target_path
        # Without a saved parse, dagster-dbt copies the one `make prepare` wrote.
        with contextlib.suppress(FileNotFoundError):  # none saved yet, or just evicted
            _copy_atomically(
                partial_parse_cache(Path(self.project_dir), args), target_path / PARTIAL_PARSE
            )
        return super().cli(args, context=context, target_path=target_path, **kw)

    def save_parse(self, invocation, args: Sequence[str]) -> None:
        """Keep the parse a finished dbt command wrote, for the next command like it."""
        written = invocation.target_path / PARTIAL_PARSE
        if not written.exists():
            return
        cache = partial_parse_cache(Path(self.project_dir), args)
        _copy_atomically(written, cache)
        saved = sorted(cache.parent.glob("*.msgpack"), key=_mtime)
        for old in saved[:-KEEP_PARSES]:
            old.unlink(missing_ok=True)

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - signature of the parent
        return None


def dbt_resource() -> DbtCliResource:
    return LedgerDbtCliResource(project_dir=dbt_project)


def parse_for_build_file() -> None:
    """``dbt parse`` for the build file in ``LEDGER_BUILD_DB``, kept for the runs that follow:
    what ``make prepare`` does for the checkout's own build file (the bench's roots use it)."""
    dbt = dbt_resource()
    invocation = dbt.cli(["parse"])
    invocation.wait()
    dbt.save_parse(invocation, ["parse"])
