"""What readers who never open Dagster get from each publication: open-data downloads and a
report page. Both read the published file (read-only) and run only after it was published,
so a failed run leaves the last good downloads and report as they were."""

from collections.abc import Callable
from pathlib import Path

import dagster as dg

from orchestration.defs.publish import published_warehouse
from orchestration.defs.resources import WarehouseFiles
from orchestration.publish import exports, report_page


def _from_publication(
    name: str, kinds: set[str], description: str, write: Callable[[Path], tuple[Path, dict]]
) -> dg.AssetsDefinition:
    """An asset ``publish/<name>`` written by ``write(published warehouse)``, which returns the
    path it wrote and the metadata to show beside it."""

    @dg.asset(
        key=dg.AssetKey(["publish", name]),
        group_name="publish",
        deps=[published_warehouse],
        kinds=kinds,
        description=description,
    )
    def _asset(
        context: dg.AssetExecutionContext, warehouse_files: WarehouseFiles
    ) -> dg.MaterializeResult:
        path, metadata = write(warehouse_files.published())
        context.log.info(f"wrote {path}")
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), **metadata})

    return _asset


def _exports(published: Path) -> tuple[Path, dict]:
    folder = exports.export_publication(published)
    files = sorted(p.name for p in folder.iterdir())
    return folder, {"files": dg.MetadataValue.md("\n".join(f"- {name}" for name in files))}


def _report(published: Path) -> tuple[Path, dict]:
    page = report_page.write_report(published)
    return page, {"size_bytes": page.stat().st_size}


publication_exports = _from_publication(
    "exports",
    {"csv", "parquet"},
    "Every mart of the publication as CSV and Parquet plus a Frictionless data package "
    "(datapackage.json: schema, descriptions, sources, licence, run id, git commit) in "
    "data/exports/<publication>/; data/exports/latest points at the newest.",
    _exports,
)
report = _from_publication(
    "report",
    {"html"},
    "A self-contained report page (data/report/index.html, readable offline), one section "
    "per question: the balance, how sure we are (like-for-like comparisons, conflicts), how "
    "the estimates moved (revision chains, growing series) and what it means for North "
    "Korea's economy, every number linked to its figures and their source URLs. A failing "
    "section query fails this step and leaves the previous page.",
    _report,
)
