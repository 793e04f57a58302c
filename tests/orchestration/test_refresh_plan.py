"""What a refresh plans from the recorded build state, the raw files and its as-of run config
(no pipeline run: the state is recorded as the raw assets and publish record it)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from orchestration.defs.resources import WarehouseFiles
from orchestration.families import FAMILIES
from orchestration.ingest import refresh_plan
from tests.conftest import copy_shipped_raw, shipped_rows, write_figures


def _published(root: Path, as_of: str | None) -> WarehouseFiles:
    """A published file recording the shipped raw files, built as of ``as_of``."""
    raw = copy_shipped_raw(root)
    published = root / "data" / "warehouse.duckdb"
    published.parent.mkdir(parents=True)
    with duckdb.connect(str(published)) as con:
        for family in FAMILIES:
            refresh_plan.record_raw_content(con, family.name, raw)
        refresh_plan.record_code_version(con, "a-run", as_of)
    return WarehouseFiles(raw_dir=str(raw), published_path=str(published), as_of=as_of)


def test_same_as_of_and_files_plan_nothing(tmp_path):
    as_of = (date.today() - timedelta(days=400)).isoformat()
    files = _published(tmp_path, as_of)
    plan = files.plan_refresh(check_build=False)
    assert plan.nothing_to_do, plan


def test_another_as_of_in_the_run_config_rebuilds_everything(tmp_path):
    files = _published(tmp_path, None)
    as_of = (date.today() - timedelta(days=400)).isoformat()
    plan = files.model_copy(update={"as_of": as_of}).plan_refresh(check_build=False)
    assert plan.full and "as-of date" in plan.reason


def test_a_new_figures_file_plans_its_family_and_what_checks_it(tmp_path):
    files = _published(tmp_path, None)
    write_figures(Path(files.raw_dir) / "figures" / "new.csv", shipped_rows()[:1])
    plan = files.plan_refresh(check_build=False)
    assert not plan.full and plan.families == ("figures", "corrections"), plan
