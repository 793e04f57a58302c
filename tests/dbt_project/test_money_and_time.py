"""Currencies, vintages, competing sources and corrections, on generated fixtures.

Expected dollar values are computed here from the ECB file with the csv module, independently
of the DuckDB/dbt path under test.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import date, timedelta

import pytest

from orchestration.fx import history_zip
from tests.conftest import copy_shipped_raw, run_pipeline, shipped_rows, write_figures

BASE = next(r for r in shipped_rows() if r["figure_id"] == "F0002")
BLANK = {
    "value_low": "",
    "value_point": "",
    "value_high": "",
    "location": "",
    "note": "test fixture",
}


def ecb_usd_per_unit(currency: str, day: date, max_back: int = 7) -> tuple[float, date] | None:
    with zipfile.ZipFile(history_zip()) as archive:
        [member] = [n for n in archive.namelist() if n.endswith(".csv")]
        rows = {r["Date"]: r for r in csv.DictReader(io.TextIOWrapper(archive.open(member)))}
    for back in range(max_back + 1):
        row = rows.get((day - timedelta(days=back)).isoformat())
        column = "USD" if currency == "EUR" else currency
        if row and row.get(column) not in (None, "", "N/A"):
            usd = float(row["USD"])
            return (usd if currency == "EUR" else usd / float(row[currency])), day - timedelta(
                days=back
            )
    return None


def fixture(figure_id: str, **values) -> dict:
    return {
        **BASE,
        **BLANK,
        "figure_id": figure_id,
        "source_org": "Test fixture outlet",
        "source_title": f"Fixture {figure_id}",
        "source_url": f"https://example.org/fixtures/{figure_id}",
        **values,
    }


FIXTURES = [
    # An "up to 8 trillion won" arms estimate, period ending on a Sunday.
    fixture(
        "KRW1",
        unit="KRW",
        period_start="2022-02-24",
        period_end="2024-12-15",
        value_high="8000000000000",
        published_on="2024-12-16",
    ),
    fixture(
        "EUR1",
        metric="compensation_value",
        flow_from="RUS",
        flow_to="PRK",
        category="direct_compensation_total",
        unit="EUR",
        period_start="2024-01",
        period_end="2024-06-28",
        value_point="1000000000",
        published_on="2024-07",
    ),
    fixture(
        "CNY1",
        metric="bilateral_trade_value",
        flow_from="CHN",
        flow_to="PRK",
        category="exports_CHN_to_PRK",
        unit="CNY",
        period_start="2024-03-01",
        period_end="2024-03-31",
        value_point="700000000",
        published_on="2024-04-20",
    ),
    fixture(
        "KPW1",
        metric="missile_test_cost",
        flow_from="",
        flow_to="",
        category="missile_tests_PRK",
        unit="KPW",
        location="Pyongyang",
        period_start="2024-12-07",
        period_end="2024-12-07",
        value_point="21000000000",
        published_on="2024-12",
    ),
    fixture(
        "KPW2",
        metric="missile_test_cost",
        flow_from="",
        flow_to="",
        category="missile_tests_PRK",
        unit="KPW",
        location="Wonsan",
        period_start="2024-12-08",
        period_end="2024-12-08",
        value_point="21000000000",
        published_on="2024-12",
    ),
    # No ECB rate within 7 days: the last bundled rate is weeks before this period's end.
    fixture(
        "KRW2",
        unit="KRW",
        period_start="2026-11-01",
        period_end="2026-11-20",
        value_point="1000000000000",
        published_on="2026-11-21",
    ),
]


@pytest.fixture(scope="module")
def money_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("money")
    raw = copy_shipped_raw(root)
    write_figures(raw / "figures" / "fixtures.csv", FIXTURES)
    (raw / "corrections.csv").write_text(
        "figure_id,column,old_value,new_value,reason,reported_upstream\n"
        "F0017,value_high,1190000000,1200000000,FNF's own text gives at most 1.2 bn,no\n",
        encoding="utf-8",
    )
    run = run_pipeline(root)
    assert run.success, (run.failed_steps, run.failed_checks)
    return run


def usd(run, figure_id):
    return run.one(
        """SELECT value_usd_low, value_usd_point, value_usd_high, fx_rate, fx_rate_date::varchar,
                  fx_method FROM marts.claims WHERE figure_id = ?""",
        [figure_id],
    )


def test_krw_converts_at_the_previous_ecb_day(money_run):
    rate, day = ecb_usd_per_unit("KRW", date(2024, 12, 15))
    assert day == date(2024, 12, 13)  # Friday before the Sunday
    low, point, high, fx_rate, fx_date, method = usd(money_run, "KRW1")
    assert (low, point) == (None, None)
    assert high == pytest.approx(8e12 * rate) and fx_rate == pytest.approx(rate)
    assert (fx_date, method) == ("2024-12-13", "ecb_previous_publication_day")


def test_eur_and_cny_convert_at_ecb_cross_rates(money_run):
    rate, day = ecb_usd_per_unit("EUR", date(2024, 6, 28))
    assert usd(money_run, "EUR1")[1] == pytest.approx(1e9 * rate)
    assert usd(money_run, "EUR1")[4:] == (day.isoformat(), "ecb_same_day")
    rate, day = ecb_usd_per_unit("CNY", date(2024, 3, 31))
    assert usd(money_run, "CNY1")[1] == pytest.approx(7e8 * rate)
    assert usd(money_run, "CNY1")[4] == day.isoformat()


def test_kpw_converts_at_the_market_rate(money_run):
    # Pyongyang, 7 Dec 2024: 21,000 won per dollar (Daily NK).
    _, point, _, fx_rate, fx_date, method = usd(money_run, "KPW1")
    assert point == pytest.approx(1e6) and fx_rate == pytest.approx(1 / 21000)
    assert (fx_date, method) == ("2024-12-07", "kpw_market_same_location")
    proxy = usd(money_run, "KPW2")
    assert proxy[1] == pytest.approx(1e6) and proxy[5] == "kpw_market_national_proxy"


def test_no_rate_nearby_is_flagged_not_converted(money_run):
    assert ecb_usd_per_unit("KRW", date(2026, 11, 20)) is None
    low, point, high, fx_rate, fx_date, method = usd(money_run, "KRW2")
    assert (point, fx_rate, fx_date) == (None, None, None)
    assert method.startswith("unconvertible: nearest ECB rate more than 7 days")


def test_krw_estimate_lands_beside_the_fnf_estimates(money_run):
    rows = money_run.query(
        """SELECT source_id, value_high, comparison_id FROM marts.source_comparison
           WHERE metric = 'arms_transfer_value' AND flow_from = 'PRK' AND flow_to = 'RUS'"""
    )
    by_source = {r[0]: r for r in rows}
    krw = next(r for s, r in by_source.items() if s.startswith("derived-") and r[1] and r[1] > 5e9)
    assert {"fnf-2024-putins-partner", "fnf-2025-unequal-partnership"} <= set(by_source)
    assert krw[2] == by_source["fnf-2025-unequal-partnership"][2]  # same comparison
    balance = money_run.query(
        "SELECT prk_to_rus_usd_high FROM marts.balance WHERE figure_ids = ['KRW1']"
    )
    assert balance and balance[0][0] == pytest.approx(krw[1])


def test_valid_correction_is_applied_and_traceable(money_run):
    assert money_run.one(
        "SELECT value_high, corrections_applied FROM marts.claims WHERE figure_id = 'F0017'"
    ) == (1.2e9, ["corrections.csv:1"])


def test_fnf_revision_from_2024_to_2025(shipped_run):
    rows = shipped_run.query(
        """SELECT source_id, previous_source_id, value_low, value_high, change_low, change_high
           FROM marts.estimate_revisions
           WHERE metric = 'arms_transfer_value' AND source_id LIKE 'fnf-%' ORDER BY vintage_date"""
    )
    assert rows[0][:4] == ("fnf-2024-putins-partner", None, 1.7e9, 5.5e9)
    assert rows[1][:4] == ("fnf-2025-unequal-partnership", "fnf-2024-putins-partner", 5.6e9, 9.8e9)
    assert rows[1][4] == pytest.approx(3.9e9) and rows[1][5] == pytest.approx(4.3e9)


def test_build_as_of_2025_01_01_leaves_out_the_2025_study(tmp_path):
    copy_shipped_raw(tmp_path)
    run = run_pipeline(tmp_path, as_of="2025-01-01")
    assert run.success, (run.failed_steps, run.failed_checks)
    sources = {r[0] for r in run.query("SELECT source_id FROM marts.balance")}
    assert "fnf-2024-putins-partner" in sources and "fnf-2025-unequal-partnership" not in sources
    latest = run.one("SELECT max(vintage_date)::varchar FROM marts.claims")[0]
    assert latest <= "2025-01-01"


def test_stale_correction_fails_the_run_naming_it(shipped_run, tmp_path):
    shutil.copytree(shipped_run.raw, tmp_path / "raw")
    (tmp_path / "data").mkdir()
    published = tmp_path / "data" / "warehouse.duckdb"
    shutil.copy(shipped_run.published, published)
    before = published.read_bytes()
    (tmp_path / "raw" / "corrections.csv").write_text(
        "figure_id,column,old_value,new_value,reason,reported_upstream\n"
        "F0017,value_high,999,1200000000,rounding in the relay,yes\n",
        encoding="utf-8",
    )
    run = run_pipeline(tmp_path)
    assert not run.success
    assert run.failed_checks == ["corrections_still_apply"]
    assert published.read_bytes() == before
    message = run.check_metadata["corrections_still_apply"]["stale_corrections"].value
    assert "correction corrections.csv:1" in message
    assert "F0017.value_high is now '1190000000', the correction expects '999'" in message
    assert "rounding in the relay" in message
