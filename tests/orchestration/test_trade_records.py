"""The trade-records family on small generated fixtures: parsing (CSV and Parquet),
quarantine of a bad file, incremental loading, mirror totals."""

from __future__ import annotations

import duckdb
import pytest

from bench.synthetic import write_trade_records
from orchestration.families import TRADE_RECORDS
from orchestration.ingest.incremental import load_incremental
from tests.conftest import copy_shipped_raw, run_pipeline


@pytest.fixture
def con():
    with duckdb.connect() as c:
        yield c


def test_csv_and_parquet_load_with_lineage(con, tmp_path):
    raw = tmp_path / "raw"
    write_trade_records(raw / "trade_records" / "a.csv", 50, month="2024-01")
    write_trade_records(raw / "trade_records" / "b.parquet", 40, month="2024-02")
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert sorted((f.path, f.rows) for f in report.loaded) == [
        ("trade_records/a.csv", 50),
        ("trade_records/b.parquet", 40),
    ]
    rows = con.execute(
        "SELECT _source_file, min(_source_row), max(_source_row) FROM raw.trade_records "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [("trade_records/a.csv", 1, 50), ("trade_records/b.parquet", 1, 40)]


def test_second_file_is_loaded_without_rereading_the_first(con, tmp_path):
    raw = tmp_path / "raw"
    write_trade_records(raw / "trade_records" / "2024-01.parquet", 30, month="2024-01")
    load_incremental(con, TRADE_RECORDS, raw)
    write_trade_records(raw / "trade_records" / "2024-02.parquet", 20, month="2024-02")
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert [f.path for f in report.loaded] == ["trade_records/2024-02.parquet"]
    assert report.unchanged == 1
    assert con.execute("SELECT count(*) FROM raw.trade_records").fetchone() == (50,)
    (raw / "trade_records" / "2024-01.parquet").unlink()
    load_incremental(con, TRADE_RECORDS, raw)
    assert con.execute("SELECT count(*) FROM raw.trade_records").fetchone() == (20,)


def test_bad_file_is_quarantined_with_reasons(con, tmp_path):
    raw = tmp_path / "raw"
    good = write_trade_records(raw / "trade_records" / "good.csv", 10, month="2024-01")
    bad = raw / "trade_records" / "bad.csv"
    text = good.read_text().replace(",PRK,", ",North Korea,", 3).replace(",export,", ",sold,", 1)
    bad.write_text(text)
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert [f.path for f in report.loaded] == ["trade_records/good.csv"]
    problems = {(r.column_name, r.reason) for r in report.rejections}
    assert ("partner", "partner is not an ISO 3166-1 alpha-3 code (or WLD)") in problems
    assert ("flow", "flow must be export or import") in problems
    assert all(r.source_file == "trade_records/bad.csv" and r.source_row for r in report.rejections)
    assert bad.exists() and con.execute(
        "SELECT count(*) FROM raw.trade_records WHERE _source_file = 'trade_records/bad.csv'"
    ).fetchone() == (0,)


def test_malformed_csv_rows_are_reported_by_line(con, tmp_path):
    raw = tmp_path / "raw"
    good = write_trade_records(raw / "trade_records" / "good.csv", 10, month="2024-01")
    lines = good.read_bytes().splitlines(keepends=True)
    ragged = list(lines)
    ragged[3] = ragged[3].rstrip(b"\n") + b",one too many\n"  # data row 3
    ragged[5] = ragged[5].rstrip(b"\n") + b",two,too many\n"  # data row 5
    (raw / "trade_records" / "ragged.csv").write_bytes(b"".join(ragged))
    latin1 = list(lines)
    latin1[6] = latin1[6].replace(b"synthetic", b"synth\xe9tic")  # data row 6: not UTF-8
    (raw / "trade_records" / "latin1.csv").write_bytes(b"".join(latin1))
    header, _, rest = good.read_bytes().partition(b"\n")
    twice = header + b",value\n" + rest  # a header naming "value" twice rejects the file
    (raw / "trade_records" / "twice.csv").write_bytes(twice)
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert [f.path for f in report.loaded] == ["trade_records/good.csv"]
    found = {(r.source_file, r.source_row): r.reason for r in report.rejections}
    assert "names a column twice" in found["trade_records/twice.csv", None]
    # Ragged rows come from DuckDB's rejects table, each with its row number.
    assert {("trade_records/ragged.csv", 3), ("trade_records/ragged.csv", 5)} <= set(found)
    assert "too many columns" in found["trade_records/ragged.csv", 3]
    # A byte that is not UTF-8 makes the whole file suspect: the sniffer names the likely
    # encoding and the line (header = line 1, so data row 6 is line 7).
    latin1_reason = found["trade_records/latin1.csv", None]
    assert "Latin-1" in latin1_reason and "line 7" in latin1_reason
    assert con.execute(
        "SELECT count(*) FROM raw.trade_records WHERE _source_file <> 'trade_records/good.csv'"
    ).fetchone() == (0,)
    stored = con.execute(
        "SELECT source_row FROM audit.rejections WHERE source_file = 'trade_records/ragged.csv'"
        " ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in stored] == [3, 5]


def test_mirror_totals_on_a_small_fixture(tmp_path):
    raw = copy_shipped_raw(tmp_path)
    path = write_trade_records(raw / "trade_records" / "2024-03.csv", 200, month="2024-03")
    run = run_pipeline(tmp_path)
    assert run.success, (run.failed_steps, run.failed_checks)
    with duckdb.connect() as con:
        expected = dict(
            (r[0], r[1:])
            for r in con.execute(
                f"""SELECT reporter, sum(value::DOUBLE) FILTER (WHERE flow = 'export'),
                           sum(value::DOUBLE) FILTER (WHERE flow = 'import')
                    FROM read_csv('{path}', all_varchar = true) GROUP BY 1"""
            ).fetchall()
        )
    got = run.query(
        "SELECT reporter, prk_imports_usd, prk_exports_usd FROM marts.trade_mirror "
        "WHERE period_month = DATE '2024-03-01'"
    )
    assert {r[0]: (pytest.approx(r[1]), pytest.approx(r[2])) for r in got} == expected


def test_rows_land_typed_and_cleaned(con, tmp_path):
    raw = tmp_path / "raw"
    path = write_trade_records(raw / "trade_records" / "a.csv", 5, month="2024-01")
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",export,", ", Export ,").replace(",import,", ", Import ,")
    path.write_text("".join(lines))
    write_trade_records(raw / "trade_records" / "b.parquet", 5, month="2024-02")
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert report.rejections == [] and len(report.loaded) == 2
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = 'raw' AND table_name = 'trade_records'"
        ).fetchall()
    )
    assert (types["period"], types["value"], types["quantity"]) == ("DATE", "DOUBLE", "DOUBLE")
    periods = con.execute(
        "SELECT DISTINCT _source_file, period FROM raw.trade_records ORDER BY 1"
    ).fetchall()
    assert [p[1].isoformat() for p in periods] == ["2024-01-01", "2024-02-01"]
    flows = {r[0] for r in con.execute("SELECT flow FROM raw.trade_records").fetchall()}
    assert flows <= {"export", "import"}


def test_csv_values_that_do_not_parse_are_rejected_with_row_and_column(con, tmp_path):
    raw = tmp_path / "raw"
    good = write_trade_records(raw / "trade_records" / "good.csv", 8, month="2024-01")
    lines = good.read_text().splitlines(keepends=True)
    lines[2] = lines[2].replace(",2024-01,", ",2024-13,", 1)  # data row 2: no such month
    fields = lines[4].split(",")
    fields[6] = "5.5 bn"  # data row 4: value is not a number
    lines[4] = ",".join(fields)
    (raw / "trade_records" / "bad.csv").write_text("".join(lines))
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert [f.path for f in report.loaded] == ["trade_records/good.csv"]
    found = {(r.source_row, r.column_name): (r.reason, r.value) for r in report.rejections}
    assert found == {
        (2, "period"): ("period must be a month, YYYY-MM", "2024-13"),
        (4, "value"): ("value must be a number >= 0", "5.5 bn"),
    }
    assert con.execute(
        "SELECT source_row, column_name, value FROM audit.rejections ORDER BY 1"
    ).fetchall() == [(2, "period", "2024-13"), (4, "value", "5.5 bn")]


def test_parquet_text_that_does_not_parse_is_rejected_with_row_and_column(con, tmp_path):
    raw = tmp_path / "raw"
    path = write_trade_records(raw / "trade_records" / "a.parquet", 6, month="2024-01")
    con.execute(
        f"""COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 3
                  THEN 'lots' ELSE quantity END AS quantity)
                  FROM read_parquet('{path}', file_row_number = true))
            TO '{raw / "trade_records" / "b.parquet"}' (FORMAT PARQUET)"""
    )
    path.unlink()
    report = load_incremental(con, TRADE_RECORDS, raw)
    assert report.loaded == []
    assert [(r.source_row, r.column_name, r.value, r.reason) for r in report.rejections] == [
        (4, "quantity", "lots", "quantity must be a number >= 0")
    ]
