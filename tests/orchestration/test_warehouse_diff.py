"""orchestration.publish.warehouse_diff: two warehouse files compared table by table."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.publish import warehouse_diff


def warehouse(path: Path, *statements: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        for statement in statements:
            con.execute(statement)
    return path


BALANCE = "CREATE TABLE marts.balance (source_id VARCHAR, usd DOUBLE, figure_ids VARCHAR[])"
ROWS = "INSERT INTO marts.balance VALUES ('a', 1.5e9, ['F1']), ('b', NULL, ['F2', 'F3'])"


@pytest.fixture
def before(tmp_path) -> Path:
    return warehouse(tmp_path / "before.duckdb", BALANCE, ROWS)


def test_same_rows_in_another_order_within_the_tolerance_are_the_same(before, tmp_path):
    after = warehouse(
        tmp_path / "after.duckdb",
        BALANCE,
        "INSERT INTO marts.balance VALUES ('b', NULL, ['F2', 'F3']), ('a', 1.5e9 + 1e-7, ['F1'])",
    )
    assert warehouse_diff.compare(before, after) == []
    assert warehouse_diff.main([str(before), str(after)]) == 0


def test_a_changed_number_names_table_and_column(before, tmp_path):
    after = warehouse(
        tmp_path / "after.duckdb",
        BALANCE,
        "INSERT INTO marts.balance VALUES ('a', 1.6e9, ['F1']), ('b', NULL, ['F2', 'F3'])",
    )
    [problem] = warehouse_diff.compare(before, after)
    assert problem.startswith("marts.balance.usd: 1500000000.0 against 1600000000.0")
    assert warehouse_diff.main([str(before), str(after)]) == 1


def test_missing_tables_columns_and_rows_are_reported(before, tmp_path):
    after = warehouse(
        tmp_path / "after.duckdb",
        "CREATE TABLE marts.balance (source_id VARCHAR, usd DOUBLE)",
        "CREATE TABLE marts.claims (figure_id VARCHAR)",
    )
    assert warehouse_diff.compare(before, after) == [
        "marts.claims: only after",
        "marts.balance: columns ['source_id', 'usd', 'figure_ids'] before, "
        "['source_id', 'usd'] after",
    ]
    fewer = warehouse(
        tmp_path / "fewer.duckdb", BALANCE, "INSERT INTO marts.balance VALUES ('a', 1.5e9, ['F1'])"
    )
    assert warehouse_diff.compare(before, fewer) == ["marts.balance: 2 rows against 1"]
