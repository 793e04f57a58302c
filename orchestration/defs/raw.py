"""One ingestion asset per raw family, generated from its declarative description."""

import html
from pathlib import Path

import dagster as dg

from orchestration.checks import suite_report
from orchestration.defs.resources import WarehouseFiles
from orchestration.families import FAMILIES, RawFamily
from orchestration.feeds.loaders import loader_of
from orchestration.ingest import refresh_plan
from orchestration.ingest.incremental import load_raw
from orchestration.ingest.load_report import LoadReport
from orchestration.publish import warehouse

WAREHOUSE_POOL = "warehouse"  # one writer at a time: DuckDB allows a single writing process


def _load_bundled(context, family: RawFamily, warehouse_files: WarehouseFiles) -> dict:
    """A family that does not come from raw/: its own loader, its provenance as metadata."""
    with warehouse_files.connect() as con:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {family.table.split('.')[0]}")
        provenance = loader_of(family)(con, family.table)
        preview = con.execute(f"SELECT * FROM {family.table} LIMIT 5").df()
    context.log.info(f"loaded {family.table}: {provenance}")
    return {
        "dagster/row_count": provenance.pop("rows"),
        **{k: str(v) for k, v in provenance.items()},
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    }


def _load_raw_files(context, family: RawFamily, warehouse_files: WarehouseFiles) -> dict:
    """The family's files through the loading loop: replaced whole, or incrementally."""
    raw_dir = warehouse_files.raw()
    context.log.info(f"loading {family.pattern} from {raw_dir} into {family.table}")
    with warehouse_files.connect() as con:
        # What this build is made from, so the next refresh can skip unchanged families;
        # taken before loading, so a file changed meanwhile counts as changed next time.
        refresh_plan.record_raw_content(con, family.name, raw_dir)
        report = load_raw(con, family, raw_dir)
        warehouse.crash_point("landing")  # build file open for writing, WAL not folded in
        preview = con.execute(f"SELECT * FROM {family.table} LIMIT 5").df()
    _log_report(context, report, warehouse_files.validation())
    return {
        "dagster/row_count": report.rows,
        "files_loaded": len(report.loaded),
        "files_unchanged_not_read": report.unchanged,
        "files_rejected": len({r.source_file for r in report.rejections}),
        "files": dg.MetadataValue.md(
            "\n".join(
                f"- `{f.path}`: {f.rows} rows, sha256 `{f.sha256[:12]}`" for f in report.loaded
            )
            or "(none)"
        ),
        "rejections": dg.MetadataValue.md(
            "\n".join(f"- {r.message()}" for r in report.rejections) or "(none)"
        ),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    }


def _log_report(context, report: LoadReport, validation: Path) -> None:
    """Every loaded, duplicate and rejected file in the run log; the suite's HTML report."""
    for loaded in report.loaded:
        extra = f"; extra columns ignored: {loaded.extra_columns}" if loaded.extra_columns else ""
        context.log.info(f"{loaded.path}: {loaded.rows} rows{extra}")
    for dup, original in report.duplicates:
        context.log.warning(f"{dup}: same content as {original}; not loaded twice")
    for rejection in report.rejections:
        context.log.error(f"rejected {rejection.message()}")
    if report.validation is None:
        return
    rejected_html = "".join(f"<li>{html.escape(r.message())}</li>" for r in report.rejections)
    suite_report.write_suite_report(
        validation,
        context.run_id,
        report.validation,
        extra_html=(
            f"<h2>Rejections ({len(report.rejections)})</h2><ul>{rejected_html}</ul>"
            "<p>The table below is the suite run on every landed row, before the files "
            "with problems were set aside.</p>"
        ),
    )


def build_raw_asset(family: RawFamily) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", family.name]),
        group_name="raw",
        description=family.description,
        kinds={"duckdb", "csv"},
        pool=WAREHOUSE_POOL,
        metadata={"raw_pattern": family.pattern or "(bundled)", "table": family.table},
    )
    def _raw_asset(
        context: dg.AssetExecutionContext, warehouse_files: WarehouseFiles
    ) -> dg.MaterializeResult:
        if family.loader is not None:
            return dg.MaterializeResult(metadata=_load_bundled(context, family, warehouse_files))
        return dg.MaterializeResult(metadata=_load_raw_files(context, family, warehouse_files))

    return _raw_asset


raw_assets = [build_raw_asset(family) for family in FAMILIES]
