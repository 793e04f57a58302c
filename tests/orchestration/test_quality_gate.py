"""The quality gate: bad files are rejected whole with every reason, good files still publish,
a failing blocking check keeps the published warehouse byte for byte."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_shipped_raw, run_pipeline, shipped_rows, write_figures

ROWS = {r["figure_id"]: r for r in shipped_rows()}
ARMS = ROWS["F0002"]  # a PRK→RUS range in USD
NEXT_YEAR = (date.today() + timedelta(days=366)).isoformat()


@dataclass
class Case:
    name: str
    reason: str
    column: str | None = None
    base: dict | None = None
    defect: dict | None = None
    content: Callable[[list[dict]], bytes] | None = None


def _csv(rows: list[dict], sep: str = ",", encoding: str = "utf-8") -> bytes:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=sep, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


# Rows with one defect each (name, words of the reason, the column blamed, the shipped row it
# starts from if not ARMS, the defect): a table of data, in bad_figure_rows.json.
ROW_CASES = [
    Case(c["name"], c["reason"], c["column"], ROWS.get(c.get("base")), c["defect"])
    for c in json.loads((Path(__file__).parent / "bad_figure_rows.json").read_text("utf-8"))
]
CASES = [
    *ROW_CASES,
    Case(
        "published_in_future", "in the future", "published_on", defect={"published_on": NEXT_YEAR}
    ),
    Case(
        "missing_column",
        "required column is missing",
        "unit",
        content=lambda rows: _csv([{k: v for k, v in r.items() if k != "unit"} for r in rows]),
    ),
    Case("empty_file", "file is empty", content=lambda rows: b""),
    Case("header_only", "no rows", content=lambda rows: _csv(rows).splitlines(keepends=True)[0]),
    Case(
        "excel_named_csv",
        "Excel .xlsx workbook",
        content=lambda rows: b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\xc3(" * 40,
    ),
    Case(
        "latin1_encoding",
        "most likely Latin-1 text",
        content=lambda rows: _csv(
            [{**r, "source_org": "Stiftung für die Freiheit"} for r in rows], encoding="latin-1"
        ),
    ),
    Case("semicolons", "semicolon-separated", content=lambda rows: _csv(rows, sep=";")),
    Case(
        "ragged_row",
        "cannot be read",
        content=lambda rows: _csv(rows) + b"X1,too,many,fields" + b",x" * 30 + b"\n",
    ),
]


def _rows_for(index: int, case: Case) -> list[dict]:
    base = case.base or ARMS
    good = {**base, "figure_id": f"BAD{index:02d}A"}
    bad = {**base, "figure_id": f"BAD{index:02d}B", **(case.defect or {})}
    if case.name == "id_twice_in_file":
        good["figure_id"] = "SAME"
    return [good, bad]


@pytest.fixture(scope="module")
def gate_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    raw = copy_shipped_raw(root)
    files = {}
    for i, case in enumerate(CASES):
        path = raw / "figures" / f"bad_{case.name}.csv"
        rows = _rows_for(i, case)
        path.write_bytes(case.content(rows) if case.content else _csv(rows))
        files[case.name] = (path, path.read_bytes())
    outside = write_figures(root / "outside.csv", _rows_for(99, Case("x", "")))
    (raw / "figures" / "bad_symlink.csv").symlink_to(outside)
    multi = [
        {**ARMS, "figure_id": "M1", "metric": "nope"},
        {**ARMS, "figure_id": "M2", "unit": "bn"},
        {**ARMS, "figure_id": "M3", "value_low": "-5"},
    ]
    files["several_defects"] = (write_figures(raw / "figures" / "bad_several.csv", multi), None)
    run = run_pipeline(root)
    return run, files


def test_at_least_twenty_kinds_of_bad_input_are_each_rejected(gate_run):
    run, files = gate_run
    rejected = {r[0] for r in run.query("SELECT DISTINCT source_file FROM audit.rejections")}
    bad = {f"figures/{path.name}" for path, _ in files.values()} | {"figures/bad_symlink.csv"}
    assert bad <= rejected, bad - rejected
    assert len(bad) >= 20


def test_good_files_publish_exactly_the_good_figures(gate_run):
    run, _ = gate_run
    assert run.success, (run.failed_steps, run.failed_checks)
    got = sorted(r[0] for r in run.query("SELECT figure_id FROM marts.claims"))
    assert got == sorted(ROWS)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_file_is_rejected_with_its_reason(gate_run, case):
    run, files = gate_run
    path, content = files[case.name]
    rejections = run.query(
        "SELECT source_row, column_name, value, reason FROM audit.rejections WHERE source_file = ?",
        [f"figures/{path.name}"],
    )
    assert rejections, f"{path.name} was not rejected"
    matching = [r for r in rejections if case.reason in r[3]]
    assert matching, rejections
    if case.column:
        assert any(r[1] == case.column for r in matching), matching
    if case.defect:  # row-level: the defective row is named, with its value
        assert any(r[0] == 2 for r in matching), matching
    assert path.exists() and path.read_bytes() == content  # never moved or edited


def test_every_problem_of_a_file_is_recorded(gate_run):
    run, _ = gate_run
    reasons = run.query(
        "SELECT source_row, column_name FROM audit.rejections "
        "WHERE source_file = 'figures/bad_several.csv' ORDER BY source_row"
    )
    assert reasons == [(1, "metric"), (2, "unit"), (3, "value_low")]


def test_symlink_outside_raw_is_rejected(gate_run):
    run, _ = gate_run
    assert run.query(
        "SELECT reason FROM audit.rejections WHERE source_file = 'figures/bad_symlink.csv'"
    )[0][0].startswith("symlink points outside the raw folder")


def test_validation_report_is_written(gate_run):
    run, _ = gate_run
    report = run.published.parent / "validation" / run.run_id / "raw_figures_landing.html"
    text = report.read_text(encoding="utf-8")
    assert "bad_unknown_metric.csv" in text and "unknown metric" in text


# A dbt data test on a mart (_balance.yml): dagster-dbt runs it as a blocking asset check.
RATIO_NOT_NEGATIVE = "not_negative_balance_ratio_low"


def test_failing_dbt_test_on_a_mart_blocks_publication(shipped_run, tmp_path):
    """Flip marts.balance into an impossible state in the build file, then let the gate run."""
    import dagster as dg

    from orchestration.definitions import defs
    from tests.conftest import ledger_env

    shutil.copytree(shipped_run.raw, tmp_path / "raw")
    (tmp_path / "data" / ".build").mkdir(parents=True)
    shutil.copy(shipped_run.build, tmp_path / "data" / ".build" / "warehouse.duckdb")
    published = tmp_path / "data" / "warehouse.duckdb"
    shutil.copy(shipped_run.published, published)
    before = published.read_bytes()
    with duckdb.connect(str(tmp_path / "data" / ".build" / "warehouse.duckdb")) as con:
        con.execute("UPDATE marts.balance SET ratio_low = -ratio_low WHERE ratio_low > 0")
        negative = con.execute("SELECT count(*) FROM marts.balance WHERE ratio_low < 0").fetchone()

    # Run the dbt test and everything downstream of it, as a scheduled refresh would.
    balance = dg.AssetKey(["marts", "balance"])
    subset = defs.resolve_job_def("refresh_warehouse").get_subset(
        asset_selection={dg.AssetKey(["publish", "warehouse"])},
        asset_check_selection={dg.AssetCheckKey(balance, RATIO_NOT_NEGATIVE)},
    )
    instance = dg.DagsterInstance.ephemeral()
    with ledger_env(tmp_path):
        result = subset.execute_in_process(instance=instance, raise_on_error=False)
    evaluations = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    failed = evaluations[RATIO_NOT_NEGATIVE]
    assert failed.passed is False
    assert failed.metadata["dagster_dbt/failed_row_count"].value == negative[0] > 0
    materialized = {
        e.asset_key for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert dg.AssetKey(["publish", "warehouse"]) not in materialized
    assert published.read_bytes() == before
    _assert_publish_held_back_by(result, instance, "ledger_dbt_models")


def _assert_publish_held_back_by(result, instance, dbt_step: str) -> None:
    """Publish never started, and the run says it was because the dbt step failed its test."""
    failures = {
        e.step_key: e.step_failure_data.error for e in result.all_events if e.is_step_failure
    }
    assert list(failures) == [dbt_step], failures
    # dbt exits non-zero on the failed test; the step re-raises it after recording the check.
    error = failures[dbt_step]
    assert error.cls_name == "DagsterDbtCliRuntimeError", error
    assert RATIO_NOT_NEGATIVE in error.message, error.message
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert not any(key.startswith("publish") for key in started), started
    held_back = [
        r.user_message
        for r in instance.all_logs(result.run_id)
        if r.user_message.startswith("Dependencies for step publish")
    ]
    assert held_back and f"failed: ['{dbt_step}']" in held_back[0], held_back
