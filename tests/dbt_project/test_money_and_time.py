"""Currencies, vintages, competing sources and corrections, through whole pipeline runs.

The rules themselves (which rate, how far back, KPW market rates, corrections) are dbt unit
tests (in the YAML beside each model, dbt_project/models/intermediate/_int_*.yml); these prove the wiring: the bundled ECB
file reaches the claims, a converted estimate joins its comparison and balance, a correction
is traceable in the marts and a stale one stops the run. Expected dollar values are computed
here from the ECB file with the csv module, independently of the DuckDB/dbt path under test.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import date, timedelta

import pytest

from orchestration.feeds.ecb_history import history_zip
from tests.conftest import copy_shipped_raw, fixture_figure, run_pipeline, write_figures


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


FIXTURES = [
    # An "up to 8 trillion won" arms estimate, period ending on a Sunday.
    fixture_figure(
        "KRW1",
        unit="KRW",
        period_start="2022-02-24",
        period_end="2024-12-15",
        value_high="8000000000000",
        published_on="2024-12-16",
    ),
    fixture_figure(
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
    fixture_figure(
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


def test_eur_and_cny_convert_at_ecb_cross_rates(money_run):
    rate, day = ecb_usd_per_unit("EUR", date(2024, 6, 28))
    assert usd(money_run, "EUR1")[1] == pytest.approx(1e9 * rate)
    assert usd(money_run, "EUR1")[4:] == (day.isoformat(), "ecb_same_day")
    rate, day = ecb_usd_per_unit("CNY", date(2024, 3, 31))
    assert usd(money_run, "CNY1")[1] == pytest.approx(7e8 * rate)
    assert usd(money_run, "CNY1")[4] == day.isoformat()


def test_krw_estimate_lands_in_usd_in_the_comparisons_and_the_balance(money_run):
    rows = money_run.query(
        """SELECT source_id, value_high, comparison_id FROM marts.source_comparison
           WHERE metric = 'arms_transfer_value' AND flow_from = 'PRK' AND flow_to = 'RUS'"""
    )
    by_source = {r[0]: r for r in rows}
    krw = next(r for s, r in by_source.items() if s.startswith("derived-") and r[1] and r[1] > 5e9)
    assert {"fnf-2024-putins-partner", "fnf-2025-unequal-partnership"} <= set(by_source)
    # February 2022 to mid-December 2024 is neither FNF period: never one comparison with them
    assert krw[2] != by_source["fnf-2025-unequal-partnership"][2]
    assert "2022-02-24/2024-12-15" in krw[2]
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
