"""The dbt project on Apache Spark (dbt-spark, `spark` target of dbt_project/profiles.yml).

``land_raw`` ingests the raw families for Spark with the ingestion code of the default build:
DuckDB's readers parse the files (the CSV contract's dialect, lineage, file-level rejections),
and every family's Great Expectations suite runs on the landed rows as a Spark DataFrame (GX's
Spark data source, ``checks.spark_suite``). The accepted rows and ``audit.rejections`` then
become Spark tables of the same schema, name and columns (lineage included), and dbt builds
staging, intermediate and marts on Spark from there. Needs the `scale` extra (pyspark,
dbt-spark) and Java 17.

A local session keeps its warehouse and its Derby metastore in one folder; Derby admits one
process at a time, so one process owns a folder (the parity test uses a temporary one).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.families import FAMILIES, RawFamily
from orchestration.feeds.loaders import loader_of
from orchestration.ingest.incremental import load_raw
from orchestration.ingest.load_report import LoadReport
from orchestration.settings import DBT_PROJECT_DIR, as_of

# The schemas the ingestion assets write and dbt reads as sources.
LANDED_SCHEMAS = ("raw", "audit")


def local_session(workdir: Path):
    """A local Spark session with its warehouse and metastore under ``workdir``."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    workdir.mkdir(parents=True, exist_ok=True)
    metastore = workdir / "metastore_db"
    return (
        SparkSession.builder.master("local[2]")
        .appName("ledger")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", str(workdir / "warehouse"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={metastore};create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={workdir}")
        .enableHiveSupport()
        .getOrCreate()
    )


def land_raw(spark, raw_dir: Path, workdir: Path) -> dict[str, LoadReport]:
    """Ingest every raw family from ``raw_dir`` into Spark tables ``raw.<family>``, validated by
    its GX suite on Spark; every rejection lands in Spark's ``audit.rejections``. DuckDB only
    reads the files, into a scratch file under ``workdir``."""
    from orchestration.checks.gx_suite import validating_on_spark

    reader = workdir / "reader.duckdb"
    reader.parent.mkdir(parents=True, exist_ok=True)
    reader.unlink(missing_ok=True)
    with duckdb.connect(str(reader)) as con, validating_on_spark(spark):
        reports = {family.name: _ingest(con, family, raw_dir) for family in FAMILIES}
    land_tables(spark, reader, workdir / "landing")
    return reports


def _ingest(con: duckdb.DuckDBPyConnection, family: RawFamily, raw_dir: Path) -> LoadReport:
    """One family, loaded the way its ingestion asset loads it (orchestration/defs/raw.py)."""
    if family.loader is None:
        return load_raw(con, family, raw_dir)
    # A bundled family (ECB rates) is one file, kept whole or not at all: its suite blocks
    # the build, as its blocking asset check does on DuckDB.
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {family.table.split('.')[0]}")
    loader_of(family)(con, family.table)
    from orchestration.checks.gx_suite import validate_family

    report = LoadReport(validation=validate_family(con, family))
    if not report.validation.success:
        raise RuntimeError(
            f"{family.table} fails its suite on Spark: "
            + "; ".join(f"{o.column}: {o.reason}" for o in report.validation.failed)
        )
    return report


def land_tables(spark, build_db: Path, staging: Path) -> dict[str, int]:
    """Copy the raw and audit tables of a DuckDB file into Spark tables; rows per table."""
    staging.mkdir(parents=True, exist_ok=True)
    landed = {}
    with duckdb.connect(str(build_db), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema in {LANDED_SCHEMAS} and table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            path = staging / f"{schema}.{table}.parquet"
            con.execute(f'copy "{schema}"."{table}" to \'{path}\' (format parquet)')
            spark.sql(f"create database if not exists `{schema}`")
            frame = spark.read.parquet(str(path))
            frame.write.mode("overwrite").format("parquet").saveAsTable(f"`{schema}`.`{table}`")
            landed[f"{schema}.{table}"] = frame.count()
    return landed


@dataclass
class SparkBuild:
    success: bool
    seconds: float
    failures: list[str]
    ran: Counter  # nodes run per resource type (model, seed, test, unit_test)


def dbt_build(
    target_path: Path,
    target: str = "spark",
    select: list[str] | None = None,
    exclude: list[str] | None = None,
) -> SparkBuild:
    """`dbt build` of the whole project on Spark, in this process (the session is shared):
    seeds, models, data tests and dbt's unit tests (fixtures portable through
    ``macros/spark_unit_fixtures.sql``)."""
    from dbt.cli.main import dbtRunner

    args = [
        "build",
        "--target",
        target,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(target_path / "logs"),
    ]
    if select:
        args += ["--select", *select]
    if exclude:
        args += ["--exclude", *exclude]
    if as_of():
        args += ["--vars", f"{{as_of: '{as_of()}'}}"]
    started = time.monotonic()
    result = dbtRunner().invoke(args)
    failures = [
        f"{r.node.unique_id}: {r.status}: {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
    ]
    ran = Counter(r.node.resource_type.value for r in (result.result or []))
    return SparkBuild(result.success, time.monotonic() - started, failures, ran)
