"""The same dbt project on Apache Spark: every mart equals the DuckDB build's.

One DuckDB refresh on the shipped figures plus a small generated customs sample, then the
validated raw tables are landed in a local Spark session (warehouse and Derby metastore in a
temporary folder) and dbt builds the `spark` target once for the whole module. Needs the
`scale` extra and Java 17 (`make test` and `.ci/run` install them).
"""

from __future__ import annotations

import shutil

import pytest

from bench.synthetic import write_trade_records
from orchestration import parity
from tests.conftest import copy_shipped_raw, run_pipeline, shipped_rows, write_figures

# Two calendar years of customs records, so that mirror trade growth (a full year over the
# previous one) is computed too.
MONTHS = [f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13)]


def open_period_count() -> dict[str, str]:
    """A generated count of meetings with an open period: it cannot be spread over months, so
    marts.not_computed (empty on the shipped figures) has a row to compare."""
    base = next(r for r in shipped_rows() if r["metric"] == "high_level_meetings")
    return {
        **base,
        "figure_id": "PARITY1",
        "period_end": "",
        "source_org": "Test fixture outlet",
        "source_title": "Parity fixture",
        "source_url": "https://example.org/fixtures/parity",
        "note": "test fixture",
    }


def _require_spark() -> None:
    if shutil.which("java") is None:
        pytest.fail("Java is missing: install openjdk-17-jre-headless (`.ci/run` does)")
    pytest.importorskip("pyspark", reason="the `scale` extra is not installed (make test does)")


@pytest.fixture(scope="module")
def duckdb_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    raw = copy_shipped_raw(root)
    write_figures(raw / "figures" / "parity_fixture.csv", [open_period_count()])
    for i, month in enumerate(MONTHS):
        write_trade_records(raw / "trade_records" / f"{month}.csv", 15, month=month, seed=i)
    run = run_pipeline(root)
    assert run.success, f"refresh failed in {run.failed_steps}, checks {run.failed_checks}"
    return run


@pytest.fixture(scope="module")
def spark_build(duckdb_run, tmp_path_factory):
    _require_spark()
    from orchestration import spark_engine

    work = tmp_path_factory.mktemp("spark")
    spark = spark_engine.local_session(work)
    landed = spark_engine.land_tables(spark, duckdb_run.build, work / "landing")
    build = spark_engine.dbt_build(work / "target")
    yield spark, landed, build, work
    spark.stop()


@pytest.fixture(scope="module")
def duckdb_marts(duckdb_run):
    return parity.duckdb_tables(str(duckdb_run.published))


@pytest.fixture(scope="module")
def spark_marts(spark_build, duckdb_marts):
    spark, _, build, _ = spark_build
    assert build.success, "dbt build on Spark failed:\n" + "\n".join(build.failures)
    return {name: spark.table(f"marts.{name}").toPandas() for name in duckdb_marts}


def test_raw_tables_land_with_their_lineage(spark_build, duckdb_run):
    spark, landed, _, _ = spark_build
    assert landed["raw.trade_records"] == 15 * len(MONTHS)
    assert landed["raw.figures"] == len(shipped_rows()) + 1
    columns = [f.name for f in spark.table("raw.figures").schema.fields]
    assert columns[-4:] == ["_source_file", "_source_row", "_file_sha256", "_loaded_at"]
    assert "audit.rejections" in landed


def test_every_mart_is_built_on_spark(spark_marts, duckdb_marts):
    assert set(spark_marts) == set(duckdb_marts)
    assert len(duckdb_marts) >= 13
    # The comparison covers the customs path and the claims path, not just empty tables.
    assert len(duckdb_marts["trade_mirror"]) == 2 * len(MONTHS)
    assert [name for name in duckdb_marts if len(duckdb_marts[name]) == 0] == []


def test_every_mart_equals_the_duckdb_build(spark_marts, duckdb_marts):
    """Every table of the marts schema, whatever models are added later: same rows, numbers
    equal within 1e-9 relative."""
    problems = parity.differences(duckdb_marts, spark_marts, sorted(duckdb_marts))
    assert problems == [], "\n".join(problems)


def test_comparison_finds_a_difference(duckdb_marts):
    """The comparison itself can fail: a changed number beyond 1e-9 relative is reported."""
    left = duckdb_marts["balance"]
    right = left.copy()
    column = "prk_to_rus_usd_high"
    row = right[column].first_valid_index()
    right.loc[row, column] = right.loc[row, column] * (1 + 1e-6)
    assert parity.table_differences("balance", left, right) != []
    right.loc[row, column] = left.loc[row, column] * (1 + 1e-12)
    assert parity.table_differences("balance", left, right) == []


def test_a_removed_file_leaves_the_incremental_trade_models_on_spark(spark_build, spark_marts):
    """On Spark each raw file is a partition of the incremental trade models (Parquet has no
    row deletes): when a file leaves raw/, the next build drops its partition."""
    from orchestration import spark_engine

    spark, _, _, work = spark_build
    gone = spark.sql("select min(_file_sha256) from raw.trade_records").first()[0]
    kept = spark.table("raw.trade_records").where(f"_file_sha256 <> '{gone}'").localCheckpoint()
    kept.write.mode("overwrite").saveAsTable("raw.trade_records_kept")
    spark.sql("drop table raw.trade_records")
    spark.sql("alter table raw.trade_records_kept rename to raw.trade_records")

    models = [
        "stg_trade_records",
        "int_trade_records_summed_by_month",
        "int_trade_mirrored_from_partners",
        "trade_mirror",
    ]
    build = spark_engine.dbt_build(work / "target", select=models)
    assert build.success, build.failures

    def files(table: str) -> int:
        return spark.sql(f"select count(distinct file_sha256) from {table}").first()[0]

    assert files("staging.stg_trade_records") == files(
        "intermediate.int_trade_records_summed_by_month"
    )
    assert files("staging.stg_trade_records") == len(MONTHS) - 1
    assert spark.sql("show partitions staging.stg_trade_records").count() == len(MONTHS) - 1
    mirror = spark.sql("select sum(records) from marts.trade_mirror").first()[0]
    assert mirror == 15 * (len(MONTHS) - 1)
