"""The same dbt project on Apache Spark: every mart equals the DuckDB build's.

One raw folder (the shipped figures, a small generated customs sample and a file with bad
rows) is refreshed once on DuckDB and ingested once for Spark: in a local Spark session
(warehouse and Derby metastore in a temporary folder) every family's GX suite runs on Spark
DataFrames, then dbt builds the `spark` target, once for the whole module. Needs the `scale`
extra and Java 17 (`make test` and `.ci/run` install them).
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from bench.synthetic import write_trade_records
from orchestration.publish import parity
from orchestration.transform.project import prepared_manifest
from tests.conftest import (
    copy_shipped_raw,
    ledger_env,
    run_pipeline,
    shipped_rows,
    write_figures,
)

# Two calendar years of customs records, so that mirror trade growth (a full year over the
# previous one) is computed too; one file per year (a file is a partition on Spark).
YEARS = (2023, 2024)
MONTHS = [f"{year}-{month:02d}" for year in YEARS for month in range(1, 13)]
RECORDS_PER_MONTH = 15
BAD_FILE = "figures/zz_bad_rows.csv"
# dbt's own generic tests (dbt-spark's SQL) are left out of the Spark build here: every mart
# equals the DuckDB build's, where they all pass. The project's own generic tests and its unit
# tests (SQL written here, to be kept portable) run on Spark.
DBT_BUILTIN_TESTS = [
    f"test_name:{name}" for name in ("not_null", "unique", "accepted_values", "relationships")
]


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


def bad_rows() -> list[dict[str, str]]:
    """A file whose rows each break one rule of the figures suite (one needs the suite's
    pandas row condition, rewritten for Spark) plus one good row: the file is rejected whole."""
    base = next(r for r in shipped_rows() if r["unit"] == "USD" and r["value_point"])
    return [
        {**base, "figure_id": "BAD0"},
        {**base, "figure_id": "BAD1", "value_point": "-5", "value_low": "", "value_high": ""},
        {**base, "figure_id": "BAD2", "metric": "no_such_metric"},
        {**base},  # a figure_id already taken
        {**base, "figure_id": "BAD3", "value_low": "10", "value_high": "5", "value_point": ""},
    ]


def write_customs_year(path, year: int, seed: int) -> None:
    """Twelve months of generated customs records in one CSV."""
    lines: list[str] = []
    for month in range(1, 13):
        part = path.with_name(f".{year}-{month:02d}.csv")
        write_trade_records(part, RECORDS_PER_MONTH, month=f"{year}-{month:02d}", seed=seed + month)
        header, *rows = part.read_text(encoding="utf-8").splitlines()
        lines += ([header] if not lines else []) + rows
        part.unlink()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _require_spark() -> None:
    if shutil.which("java") is None:
        pytest.fail("Java is missing: install openjdk-17-jre-headless (`.ci/run` does)")
    pytest.importorskip("pyspark", reason="the `scale` extra is not installed (make test does)")


@pytest.fixture(scope="module")
def duckdb_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    raw = copy_shipped_raw(root)
    write_figures(raw / "figures" / "parity_fixture.csv", [open_period_count()])
    write_figures(raw / BAD_FILE, bad_rows())
    (raw / "trade_records").mkdir(exist_ok=True)
    for year in YEARS:
        write_customs_year(raw / "trade_records" / f"{year}.csv", year, seed=year)
    run = run_pipeline(root)
    assert run.success, f"refresh failed in {run.failed_steps}, checks {run.failed_checks}"
    return run


@pytest.fixture(scope="module")
def spark_build(duckdb_run, tmp_path_factory):
    """The raw folder ingested for Spark (GX on Spark DataFrames), then `dbt build` there."""
    _require_spark()
    from orchestration.transform import spark_engine

    work = tmp_path_factory.mktemp("spark")
    spark = spark_engine.local_session(work)
    with ledger_env(duckdb_run.raw.parent):
        reports = spark_engine.land_raw(spark, duckdb_run.raw, work)
    build = spark_engine.dbt_build(work / "target", exclude=DBT_BUILTIN_TESTS)
    yield spark, reports, build, work
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
    spark, reports, _, _ = spark_build
    assert spark.table("raw.trade_records").count() == RECORDS_PER_MONTH * len(MONTHS)
    assert spark.table("raw.figures").count() == len(shipped_rows()) + 1
    assert reports["figures"].validation.rows == len(shipped_rows()) + 1 + len(bad_rows())
    columns = [f.name for f in spark.table("raw.figures").schema.fields]
    assert columns[-4:] == ["_source_file", "_source_row", "_file_sha256", "_loaded_at"]
    with duckdb.connect(str(duckdb_run.build), read_only=True) as con:
        duck_columns = [r[0] for r in con.execute("DESCRIBE raw.figures").fetchall()]
    assert columns == duck_columns


def test_bad_rows_are_rejected_on_spark_as_on_duckdb(spark_build, spark_marts, duckdb_run):
    """The figures suite ran on Spark: each bad row is in Spark's audit.rejections with file,
    row, column and reason, exactly as the DuckDB build recorded it, and no row of the file
    reaches the Spark marts."""
    spark, _, _, _ = spark_build
    columns = "family, source_file, source_row, column_name, value, reason"
    on_spark = sorted(
        tuple(r) for r in spark.sql(f"select {columns} from audit.rejections").collect()
    )
    with duckdb.connect(str(duckdb_run.build), read_only=True) as con:
        on_duckdb = sorted(con.execute(f"select {columns} from audit.rejections").fetchall())
    assert on_spark == on_duckdb
    by_row = {(r[2], r[3]): r[5] for r in on_spark if r[1] == BAD_FILE}
    assert by_row == {
        (2, "value_point"): "values and counts cannot be negative",
        (3, "metric"): "unknown metric (see dbt_project/seeds/metrics.csv)",
        (4, "figure_id"): "figure_id must be unique across all files",
        (5, "value_low"): "value_low is above value_high",
    }
    assert spark.sql(f"select * from raw.figures where _source_file = '{BAD_FILE}'").count() == 0
    bad_ids = {r["figure_id"] for r in bad_rows()} - {bad_rows()[3]["figure_id"]}
    assert set(spark_marts["claims"]["figure_id"]) & bad_ids == set()


def test_every_mart_is_built_on_spark(spark_build, spark_marts, duckdb_marts):
    assert set(spark_marts) == set(duckdb_marts)
    ran = spark_build[2].ran
    assert ran["seed"] >= 5 and ran["model"] >= 40, ran
    # Every dbt unit test of the project runs on Spark too.
    unit_tests = json.loads(prepared_manifest().read_text("utf-8"))["unit_tests"]
    assert ran["unit_test"] == len(unit_tests) >= 14 and ran["test"] >= 40, ran
    assert len(duckdb_marts) >= 13
    # The comparison covers the customs path and the claims path, not just empty tables.
    assert len(duckdb_marts["trade_mirror"]) == 2 * len(MONTHS)
    assert "claims" in duckdb_marts
    assert [name for name in duckdb_marts if len(duckdb_marts[name]) == 0] == []


def test_every_mart_equals_the_duckdb_build(spark_marts, duckdb_marts):
    """Every table of the marts schema, whatever models are added later: same rows, numbers
    equal within 1e-9 relative."""
    # Each engine loaded the raw files itself, at its own time.
    problems = parity.differences(
        duckdb_marts, spark_marts, sorted(duckdb_marts), ignore=["loaded_at"]
    )
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
    from orchestration.transform import spark_engine

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
    assert files("staging.stg_trade_records") == len(YEARS) - 1
    assert spark.sql("show partitions staging.stg_trade_records").count() == len(YEARS) - 1
    mirror = spark.sql("select sum(records) from marts.trade_mirror").first()[0]
    assert mirror == RECORDS_PER_MONTH * 12 * (len(YEARS) - 1)
