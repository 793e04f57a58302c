"""Runs stored in the local SQLite instance: every event kept, commits without a flush each."""

from __future__ import annotations

import dagster as dg
import sqlalchemy as sa

from orchestration import sqlite_storage


@dg.op
def many_materialisations():
    for i in range(20):
        yield dg.AssetMaterialization(asset_key=f"table_{i}")
    yield dg.Output(None)


@dg.job
def small_job():
    many_materialisations()


def test_a_run_in_a_sqlite_instance_keeps_every_event(tmp_path):
    sqlite_storage.quick_commits()
    sqlite_storage.quick_commits()  # idempotent: one listener, not two
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        result = small_job.execute_in_process(instance=instance)
        assert result.success
        stored = instance.all_logs(result.run_id)
        materialised = [e for e in stored if e.dagster_event_type == "ASSET_MATERIALIZATION"]
        assert len(materialised) == 20
        assert instance.get_run_by_id(result.run_id).is_success
        assert instance.get_latest_materialization_event(dg.AssetKey("table_19")) is not None
    held = sqlite_storage.held_files()
    assert any(path.endswith(f"{result.run_id}.db") for path in held), held
    engine = sa.create_engine(f"sqlite:///{held[-1]}")
    with engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()
