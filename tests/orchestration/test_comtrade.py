"""The UN Comtrade family on small generated downloads in the real Comtrade+ layout:
encodings, Parquet, provenance, incremental loading, bad files rejected whole, and through the
pipeline the totals counted once, the mirror view and the reconciliation with relayed figures."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.families import COMTRADE
from orchestration.ingest import fingerprints
from orchestration.ingest.incremental import load_incremental
from tests.conftest import copy_shipped_raw, run_pipeline
from tests.orchestration.comtrade_fixtures import (
    COLUMNS,
    all_levels,
    row,
    to_csv_text,
    write_csv,
    write_parquet,
    write_sidecar,
)


@pytest.fixture
def con():
    with duckdb.connect() as c:
        yield c


def loaded(con) -> dict[str, tuple]:
    return {
        r[0]: r[1:]
        for r in con.execute(
            """SELECT _source_file, any_value(_encoding), count(*), max("cmdDesc"), any_value(_source_url),
                      any_value(_downloaded_on), any_value(_provenance)
               FROM raw.comtrade GROUP BY 1"""
        ).fetchall()
    }


def test_encodings_are_detected_and_recorded(con, tmp_path):
    raw = tmp_path / "raw"
    rows = [row("TOTAL", 10.0, desc="Céréales, préparations")]
    write_csv(raw / "comtrade" / "utf8.csv", rows, encoding="utf-8")
    write_csv(raw / "comtrade" / "bom.csv", rows, encoding="utf-8-sig")
    write_csv(raw / "comtrade" / "latin1.csv", rows, encoding="iso-8859-1")
    report = load_incremental(con, COMTRADE, raw)
    assert report.rejections == []
    got = loaded(con)
    assert {f: (v[0], v[2]) for f, v in got.items()} == {
        "comtrade/utf8.csv": ("UTF-8", "Céréales, préparations"),
        "comtrade/bom.csv": ("UTF-8 with BOM", "Céréales, préparations"),
        "comtrade/latin1.csv": ("ISO-8859-1", "Céréales, préparations"),
    }


def test_parquet_saved_from_the_clients_dataframe_loads(con, tmp_path):
    raw = tmp_path / "raw"
    write_parquet(raw / "comtrade" / "api.parquet", all_levels("202405", "M"))
    write_parquet(raw / "comtrade" / "floats.parquet", all_levels("202406", "M"), float_codes=True)
    report = load_incremental(con, COMTRADE, raw)
    assert report.rejections == []
    assert [(f.path, f.rows) for f in report.loaded] == [
        ("comtrade/api.parquet", 8),
        ("comtrade/floats.parquet", 8),
    ]
    assert con.execute(
        """SELECT DISTINCT _encoding, "reporterCode", "period", "aggrLevel", "isAggregate"
           FROM raw.comtrade WHERE "cmdCode" = 'TOTAL' ORDER BY ALL"""
    ).fetchall() == [
        ("Parquet", "156", "202405", "0", "true"),
        ("Parquet", "156.0", "202406", "0.0", "true"),
    ]


def test_provenance_from_sidecar_or_website_name_else_rejected(con, tmp_path):
    raw = tmp_path / "raw"
    folder = raw / "comtrade"
    write_csv(folder / "chn_prk_2024.csv", [row("TOTAL", 5.0)], downloaded_on="2026-02-03")
    write_csv(folder / "TradeData_3_14_2026_10_28_46.csv", [row("TOTAL", 6.0)], skip=True)
    orphan = write_csv(folder / "no_provenance.csv", [row("TOTAL", 7.0)], skip=True)
    report = load_incremental(con, COMTRADE, raw)
    got = loaded(con)
    assert got["comtrade/chn_prk_2024.csv"][3:] == (
        "https://comtradeapi.un.org/data/v1/get/C/A/HS?reporterCode=156&partnerCode=408",
        "2026-02-03",
        "sidecar",
    )
    assert got["comtrade/TradeData_3_14_2026_10_28_46.csv"][3:] == (
        "https://comtradeplus.un.org/TradeFlow",
        "2026-03-14",
        "file name",
    )
    [rejection] = report.rejections
    assert rejection.source_file == "comtrade/no_provenance.csv"
    assert rejection.reason.startswith("no provenance: add no_provenance.csv.source.json")
    assert orphan.exists()


def test_loads_incrementally_by_content_and_sidecar(con, tmp_path):
    raw = tmp_path / "raw"
    first = write_csv(raw / "comtrade" / "2023.csv", all_levels("2023"))
    load_incremental(con, COMTRADE, raw)
    write_csv(raw / "comtrade" / "2024.csv", all_levels("2024"))
    report = load_incremental(con, COMTRADE, raw)
    assert [f.path for f in report.loaded] == ["comtrade/2024.csv"] and report.unchanged == 1
    # A corrected sidecar reloads its file with the new provenance; nothing else is read.
    write_sidecar(first, url="https://comtradeapi.un.org/data/v1/get/C/A/HS?period=2023")
    report = load_incremental(con, COMTRADE, raw)
    assert [f.path for f in report.loaded] == ["comtrade/2023.csv"] and report.unchanged == 1
    assert loaded(con)["comtrade/2023.csv"][3].endswith("period=2023")
    assert con.execute("SELECT count(*) FROM raw.comtrade").fetchone() == (16,)
    first.unlink()
    load_incremental(con, COMTRADE, raw)
    assert set(loaded(con)) == {"comtrade/2024.csv"}


def _without_primary_value(path):
    columns = [c for c in COLUMNS if c != "primaryValue"]
    path.write_text(to_csv_text(all_levels(), columns), encoding="utf-8")


def _set(cell: str, value, index: int = 2, **more):
    def write(path):
        rows = all_levels()
        rows[index].update({cell: value, **more})
        path.write_text(to_csv_text(rows), encoding="utf-8")

    return write


def _truncated(path):
    text = to_csv_text(all_levels())
    path.write_text(text[: len(text) - 150], encoding="utf-8")


def _cut_in_last_field(path):
    text = to_csv_text(all_levels())
    path.write_text(text[: len(text) - 5], encoding="utf-8")  # "...,True,Fal"


def _monthly_with_annual_period(path):
    rows = all_levels()
    for r in rows:
        r["freqCode"] = "M"
    path.write_text(to_csv_text(rows), encoding="utf-8")


@pytest.mark.parametrize(
    ("make_bad", "column", "reason"),
    [
        (_without_primary_value, "primaryValue", "required column is missing"),
        (_set("primaryValue", -250.0), "primaryValue", "primaryValue must be a number >= 0"),
        (_set("netWgt", -3), "netWgt", "netWgt must be a number >= 0"),
        (_set("reporterCode", 999, reporterISO=""), "reporterCode", "unknown reporter code"),
        # Comtrade's "Other Asia, nes" is no country: not a partner of ours.
        (_set("partnerCode", 490, partnerISO="S19"), "partnerCode", "unknown partner code"),
        (_set("period", "202401"), "period", "period does not match its frequency"),
        (_monthly_with_annual_period, "period", "period does not match its frequency"),
        (_truncated, None, "cannot be read as a Comtrade CSV or Parquet file (truncated?)"),
        (_cut_in_last_field, "isAggregate", "isAggregate must be true or false"),
    ],
)
def test_bad_file_is_rejected_whole_and_the_others_load(con, tmp_path, make_bad, column, reason):
    raw = tmp_path / "raw"
    write_csv(raw / "comtrade" / "good.csv", all_levels())
    bad = raw / "comtrade" / "bad.csv"
    make_bad(bad)
    write_sidecar(bad)
    before = bad.read_bytes()
    report = load_incremental(con, COMTRADE, raw)
    assert [f.path for f in report.loaded] == ["comtrade/good.csv"]
    assert report.rejections, "the bad file was not rejected"
    assert {r.source_file for r in report.rejections} == {"comtrade/bad.csv"}
    assert any(
        r.column_name == column and r.reason.startswith(reason) for r in report.rejections
    ), [r.message() for r in report.rejections]
    if column is not None and reason != "required column is missing":
        assert all(r.source_row is not None for r in report.rejections)  # row-level problems
    assert bad.read_bytes() == before
    assert set(loaded(con)) == {"comtrade/good.csv"}
    assert con.execute(
        "SELECT count(*) FROM audit.rejections WHERE family = 'comtrade' AND source_file = ?",
        ["comtrade/bad.csv"],
    ).fetchone()[0] == len(report.rejections)


def test_usa_under_comtrades_own_code_and_world_partner_are_known(con, tmp_path):
    raw = tmp_path / "raw"
    write_csv(raw / "comtrade" / "usa.csv", [row("TOTAL", 1.0, reporter=842, partner=0)])
    report = load_incremental(con, COMTRADE, raw)
    assert report.rejections == [] and len(report.loaded) == 1


def test_a_sidecar_added_later_is_news_for_the_sensor(tmp_path):
    raw = tmp_path / "raw"
    data = write_csv(raw / "comtrade" / "chn.csv", [row("TOTAL", 1.0)], skip=True)
    before = fingerprints.scan(raw)
    write_sidecar(data)
    after = fingerprints.scan(raw, before)
    assert [f.name for f in fingerprints.changed_families(before, after)] == ["comtrade"]


# --- through the pipeline ----------------------------------------------------------------------

JAN_JUL_2024 = [f"2024{m:02d}" for m in range(1, 8)]


@pytest.fixture(scope="module")
def comtrade_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("comtrade")
    raw = copy_shipped_raw(root)
    folder = raw / "comtrade"
    # Annual 2024, all aggregation levels in one file, both flows; UTF-8.
    write_csv(folder / "chn_prk_2024_A.csv", all_levels("2024", "X") + all_levels("2024", "M"))
    # China's monthly trade with North Korea, January to July 2024: one Parquet file for the
    # exports, an ISO-8859-1 CSV for the imports; headings and leaves only (no TOTAL).
    exports = [r for p in JAN_JUL_2024 for r in all_levels(p, "X")[3:5]]  # headings: 1000 a month
    imports = [r for p in JAN_JUL_2024 for r in all_levels(p, "M")[5:8]]  # leaves: 1000 a month
    imports[0]["cmdDesc"] = "Riz décortiqué (synthetic)"  # not ASCII: the file is ISO-8859-1
    write_parquet(folder / "chn_prk_2024_M_exports.parquet", exports)
    write_csv(folder / "chn_prk_2024_M_imports.csv", imports, encoding="iso-8859-1")
    # Russia 2023: a TOTAL that its chapters do not add up to (reported, not blocking).
    write_csv(folder / "rus_prk_2023_A.csv", all_levels("2023", "X", reporter=643, total=1500.0))
    run = run_pipeline(root)
    assert run.success, (run.failed_steps, run.failed_checks)
    return run


def test_totals_are_counted_once_across_aggregation_levels(comtrade_run):
    rows = comtrade_run.query(
        """SELECT reporter, frequency, period_start::VARCHAR, prk_imports_usd, prk_exports_usd,
                  prk_imports_valuation, prk_exports_valuation, total_basis
           FROM marts.trade_mirror WHERE source = 'un_comtrade' AND frequency = 'year'
           ORDER BY reporter"""
    )
    assert rows == [
        ("CHN", "year", "2024-01-01", 1000.0, 1000.0, "FOB", "CIF", "TOTAL"),
        ("RUS", "year", "2023-01-01", 1500.0, None, "FOB", None, "TOTAL"),
    ]
    monthly = comtrade_run.query(
        """SELECT count(*), sum(prk_imports_usd), sum(prk_exports_usd), list(DISTINCT total_basis)
           FROM marts.trade_mirror WHERE source = 'un_comtrade' AND frequency = 'month'"""
    )
    assert monthly == [(7, 7000.0, 7000.0, ["sum of aggrLevel 4, sum of aggrLevel 6"])]


def test_total_differing_from_its_chapters_is_reported(comtrade_run):
    assert comtrade_run.query(
        """SELECT reporter, total_usd, chapters_usd, within_rounding
           FROM intermediate.int_comtrade_totals_checked_against_chapters ORDER BY reporter, flow_code"""
    ) == [
        ("CHN", 1000.0, 1000.0, True),
        ("CHN", 1000.0, 1000.0, True),
        ("RUS", 1500.0, 1000.0, False),
    ]
    [name] = [n for n in comtrade_run.failed_checks if "within_rounding" in n]
    assert "int_comtrade_totals_checked_against_chapters" in name


def test_every_comtrade_row_keeps_its_provenance(comtrade_run):
    assert comtrade_run.query(
        """SELECT DISTINCT source_org, encoding, downloaded_on::VARCHAR, provenance
           FROM staging.stg_comtrade ORDER BY encoding"""
    ) == [
        ("UN Comtrade", "ISO-8859-1", "2026-01-15", "sidecar"),
        ("UN Comtrade", "Parquet", "2026-01-15", "sidecar"),
        ("UN Comtrade", "UTF-8", "2026-01-15", "sidecar"),
    ]


def test_reconciliation_sets_customs_beside_the_relayed_figures(comtrade_run):
    rows = comtrade_run.query(
        """SELECT figure_id, prk_flow, customs_source, customs_frequency, customs_periods,
                  customs_usd, relayed_usd, difference_usd, relayed_by
           FROM marts.trade_reconciliation
           WHERE period_start = DATE '2024-01-01' AND period_end = DATE '2024-07-31'
           ORDER BY figure_id"""
    )
    # China customs' January-July 2024 totals as TASS relayed them (raw/figures/trade.csv).
    via_tass = "China General Administration of Customs via TASS (Pledge Times)"
    assert rows == [
        (
            "F0275",
            "two_way",
            "un_comtrade",
            "month",
            7,
            14000.0,
            1110000000.0,
            1110000000.0 - 14000.0,
            via_tass,
        ),
        (
            "F0276",
            "prk_exports",
            "un_comtrade",
            "month",
            7,
            7000.0,
            198000000.0,
            198000000.0 - 7000.0,
            via_tass,
        ),
        (
            "F0277",
            "prk_imports",
            "un_comtrade",
            "month",
            7,
            7000.0,
            914000000.0,
            914000000.0 - 7000.0,
            via_tass,
        ),
    ]
    annual = comtrade_run.query(
        """SELECT figure_id, customs_usd, customs_frequency FROM marts.trade_reconciliation
           WHERE prk_partner = 'CHN' AND period_start = DATE '2024-01-01'
             AND period_end = DATE '2024-12-31' ORDER BY figure_id"""
    )
    assert annual == [("F0287", 2000.0, "year")]
