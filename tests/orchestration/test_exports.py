"""Open-data downloads of a publication: every mart as CSV and Parquet plus a Frictionless
data package that validates, written only after a good publication."""

from __future__ import annotations

import json
import shutil
import subprocess

import dagster as dg
import duckdb
import frictionless
import pytest

from tests.conftest import ledger_env


@pytest.fixture(scope="module")
def package(shipped_run):
    latest = shipped_run.published.parent / "exports" / "latest"
    descriptor = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    return latest, descriptor


def _marts(run) -> list[str]:
    return [
        r[0]
        for r in run.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "ORDER BY 1"
        )
    ]


def test_package_validates_with_frictionless(package):
    latest, _ = package
    report = frictionless.validate(latest / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])


def test_every_mart_is_exported_as_csv_and_parquet(shipped_run, package):
    latest, descriptor = package
    names = {r["name"] for r in descriptor["resources"]}
    for table in _marts(shipped_run):
        assert {table, f"{table}-parquet"} <= names
        assert (latest / f"{table}.csv").stat().st_size > 0


def test_parquet_reads_back_identical_to_the_warehouse(shipped_run, package):
    latest, _ = package
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{shipped_run.published}' AS w (READ_ONLY)")
        for table in _marts(shipped_run):
            parquet = str(latest / f"{table}.parquet")
            counts = con.execute(
                f"""SELECT (SELECT count(*) FROM w.marts.{table}),
                           (SELECT count(*) FROM read_parquet(?)),
                           (SELECT count(*) FROM (SELECT * FROM w.marts.{table}
                                                  EXCEPT ALL SELECT * FROM read_parquet(?)))""",
                [parquet, parquet],
            ).fetchone()
            assert counts[0] == counts[1] and counts[2] == 0, (table, counts)


def test_schema_has_types_and_descriptions_of_every_column(shipped_run, package):
    _, descriptor = package
    balance = next(r for r in descriptor["resources"] if r["name"] == "balance")
    fields = {f["name"]: f for f in balance["schema"]["fields"]}
    columns = shipped_run.query(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
        "AND table_name = 'balance' ORDER BY column_index"
    )
    assert list(fields) == [c[0] for c in columns]
    assert fields["prk_to_rus_usd_low"]["type"] == "number"
    assert fields["figure_ids"]["type"] == "array"
    assert fields["published_from"]["type"] == "date"
    assert all(f["description"] for f in fields.values())


def test_package_names_run_commit_sources_and_licence(shipped_run, package):
    _, descriptor = package
    assert descriptor["dagsterRunId"] == shipped_run.run_id
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:
        assert descriptor["gitCommit"]["commit"] == head.stdout.strip()
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "no licence for them is stated" in descriptor["description"]
    urls = {r[0] for r in shipped_run.query("SELECT DISTINCT source_url FROM marts.claims")}
    cited = [s["path"] for s in descriptor["sources"] if "path" in s]
    assert cited and set(cited) <= urls


def test_latest_points_at_the_newest_publication(shipped_run, package):
    latest, descriptor = package
    folders = sorted(p.name for p in latest.parent.iterdir() if p.is_dir() and not p.is_symlink())
    assert latest.resolve().name == folders[-1] == descriptor["version"]
    assert shipped_run.run_id[:8] in descriptor["version"]


def test_a_failed_publication_exports_nothing(shipped_run, tmp_path):
    """A blocking dbt test fails: no publication, hence no downloads and no report."""
    from orchestration.definitions import defs

    shutil.copytree(shipped_run.raw, tmp_path / "raw")
    (tmp_path / "data" / ".build").mkdir(parents=True)
    build = tmp_path / "data" / ".build" / "warehouse.duckdb"
    shutil.copy(shipped_run.build, build)
    with duckdb.connect(str(build)) as con:
        con.execute("UPDATE marts.balance SET ratio_low = -ratio_low WHERE ratio_low IS NOT NULL")
    balance = dg.AssetKey(["marts", "balance"])
    subset = defs.resolve_job_def("refresh_warehouse").get_subset(
        asset_selection={
            dg.AssetKey(["publish", "warehouse"]),
            dg.AssetKey(["publish", "exports"]),
            dg.AssetKey(["publish", "report"]),
        },
        asset_check_selection={dg.AssetCheckKey(balance, "not_negative_balance_ratio_low")},
    )
    with ledger_env(tmp_path):
        result = subset.execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
    assert not result.success
    assert not (tmp_path / "data" / "exports").exists()
    assert not (tmp_path / "data" / "report").exists()
