"""What readers who never open Dagster get from each publication: open-data downloads and a
report page. Both read the published file (read-only) and run only after it was published,
so a failed run leaves the last good downloads and report as they were."""

import dagster as dg

from orchestration import exports, report_page, settings
from orchestration.defs.publish import published_warehouse
from orchestration.defs.resources import WarehouseFiles


@dg.asset(
    key=dg.AssetKey(["publish", "exports"]),
    group_name="publish",
    deps=[published_warehouse],
    kinds={"csv", "parquet"},
    description=(
        "Every mart of the publication as CSV and Parquet plus a Frictionless data package "
        "(datapackage.json: schema, descriptions, sources, licence, run id, git commit) in "
        "data/exports/<publication>/; data/exports/latest points at the newest."
    ),
)
def publication_exports(
    context: dg.AssetExecutionContext, warehouse_files: WarehouseFiles
) -> dg.MaterializeResult:
    published = warehouse_files.published()
    folder = exports.export_publication(published, settings.exports_dir(published))
    files = sorted(p.name for p in folder.iterdir())
    context.log.info(f"exported {len(files)} files to {folder}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(folder)),
            "files": dg.MetadataValue.md("\n".join(f"- {name}" for name in files)),
        }
    )


@dg.asset(
    key=dg.AssetKey(["publish", "report"]),
    group_name="publish",
    deps=[published_warehouse],
    kinds={"html"},
    description=(
        "A self-contained report page (data/report/index.html, readable offline): the balance "
        "per source, the won's fall per city, revisions between vintages and competing "
        "estimates, every number linked to its figures and their source URLs."
    ),
)
def report(
    context: dg.AssetExecutionContext, warehouse_files: WarehouseFiles
) -> dg.MaterializeResult:
    published = warehouse_files.published()
    page = report_page.write_report(published, settings.report_dir(published))
    context.log.info(f"wrote {page}")
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(page)), "size_bytes": page.stat().st_size}
    )
