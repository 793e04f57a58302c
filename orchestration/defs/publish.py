"""Publishing: the last step, reached only when every upstream asset and check succeeded."""

import dagster as dg

from orchestration.defs.dbt import ledger_dbt_models
from orchestration.defs.raw import WAREHOUSE_POOL
from orchestration.defs.resources import WarehouseFiles
from orchestration.ingest import refresh_plan
from orchestration.publish import table_comments, warehouse

MART_KEYS = [key for key in ledger_dbt_models.keys if key.path[0] == "marts"]


@dg.asset(
    key=dg.AssetKey(["publish", "warehouse"]),
    group_name="publish",
    deps=MART_KEYS,
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    description=(
        "The published warehouse analysts query (data/warehouse.duckdb unless LEDGER_WAREHOUSE "
        "is set): a copy of the audited build file swapped in atomically."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse_files: WarehouseFiles
) -> dg.MaterializeResult:
    build = warehouse_files.build()
    target = warehouse_files.published()
    with warehouse_files.connect() as con:
        refresh_plan.record_code_version(con, context.run_id, warehouse_files.as_of_date())
    warehouse.record_publication(build, context.run_id)
    table_comments.document_warehouse(build)
    warehouse.publish(build, target)
    counts = warehouse.table_counts(target)
    context.log.info(f"published {target} ({len(counts)} tables)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target)),
            "size_bytes": target.stat().st_size,
            "tables": dg.MetadataValue.md(
                "| table | rows |\n|---|---:|\n"
                + "\n".join(f"| {t} | {n} |" for t, n in counts.items())
            ),
        }
    )
