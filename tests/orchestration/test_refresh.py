"""An in-process refresh on the shipped figures: the published warehouse and its headlines."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from orchestration.settings import REPO_ROOT
from tests.conftest import shipped_figure_count, shipped_rows


def accepted_measures() -> set[str]:
    """The impact measures the dbt test on marts.economic_impact accepts (_economic_impact.yml)."""
    path = REPO_ROOT / "dbt_project/models/marts/_economic_impact.yml"
    marts = yaml.safe_load(path.read_text("utf-8"))
    [model] = [m for m in marts["models"] if m["name"] == "economic_impact"]
    [measure] = [c for c in model["columns"] if c["name"] == "measure"]
    [accepted] = [t["accepted_values"] for t in measure["data_tests"] if "accepted_values" in t]
    return set(accepted["arguments"]["values"])


def test_claims_hold_every_shipped_figure_once(shipped_run):
    ids = [r["figure_id"] for r in shipped_rows()]
    assert ids and len(set(ids)) == len(ids)  # the shipped ids are unique: "once" means once
    got = shipped_run.query("SELECT figure_id FROM marts.claims")
    assert sorted(r[0] for r in got) == sorted(ids)
    missing = shipped_run.one(
        "SELECT count(*) FROM marts.claims WHERE source_url IS NULL OR source_id IS NULL"
    )
    assert missing == (0,)


def test_balance_for_the_two_fnf_studies(shipped_run):
    rows = shipped_run.query(
        """SELECT source_id, prk_to_rus_usd_low, prk_to_rus_usd_high, rus_to_prk_usd_low,
                  rus_to_prk_usd_high, net_usd_low, net_usd_high, ratio_low, ratio_high
           FROM marts.balance WHERE source_id LIKE 'fnf-%' ORDER BY source_id"""
    )
    assert [r[0] for r in rows] == ["fnf-2024-putins-partner", "fnf-2025-unequal-partnership"]
    _, prk_lo, prk_hi, rus_lo, rus_hi, net_lo, net_hi, ratio_lo, ratio_hi = rows[0]
    assert (prk_lo, prk_hi) == (1.7e9, 5.5e9)
    assert (rus_lo, rus_hi, net_lo, net_hi, ratio_lo, ratio_hi) == (None,) * 6  # no return flow
    _, prk_lo, prk_hi, rus_lo, rus_hi, net_lo, net_hi, ratio_lo, ratio_hi = rows[1]
    assert (prk_lo, prk_hi) == (5.6e9, 9.8e9)
    assert (rus_lo, rus_hi) == (457e6, 1.2e9)
    assert net_lo == pytest.approx(4.4e9) and net_hi == pytest.approx(9.343e9)
    assert round(ratio_lo, 1) == 4.7 and round(ratio_hi, 1) == 21.4


def test_each_side_of_the_balance_says_what_it_covers(shipped_run):
    # FNF 2024 values arms (category arms_total) since the invasion, FNF 2025 arms, ammunition
    # and troops since 2023 and Russia's direct compensation; Bloomberg only shells.
    rows = shipped_run.query(
        """SELECT source_id, prk_to_rus_scope, prk_to_rus_period_start::varchar,
                  prk_to_rus_period_end::varchar, rus_to_prk_scope
           FROM marts.balance ORDER BY published_from"""
    )
    assert [r[1:] for r in rows] == [
        ("artillery shells", "2023-08-01", "2024-01-31", None),
        ("arms", "2022-02-24", "2024-10-31", None),
        ("arms ammunition and troops", "2023-01-01", "2025-09-30", "direct compensation"),
    ]


def test_relays_of_one_study_count_once(shipped_run):
    # Eight figures from five outlets, one balance row.
    row = shipped_run.one(
        "SELECT len(figure_ids) FROM marts.balance WHERE source_id = 'fnf-2025-unequal-partnership'"
    )
    assert row == (8,)
    roots = shipped_run.query(
        """SELECT DISTINCT root_source_id FROM marts.claims
           WHERE metric = 'arms_transfer_value' AND period_end_text = '2025-09'"""
    )
    assert roots == [("fnf-2025-unequal-partnership",)]


def test_economic_impact_headlines(shipped_run):
    loss = shipped_run.one(
        """SELECT value_low, value_high, period_start::varchar, period_end::varchar
           FROM marts.economic_impact
           WHERE measure = 'kpw_value_loss_vs_usd' AND subject = 'Pyongyang'
             AND year(period_start) = 2024 AND year(period_end) = 2024"""
    )
    assert loss[0] == pytest.approx(0.605, abs=0.001) and loss[0] == loss[1]
    assert loss[2:] == ("2024-01-07", "2024-12-07")
    # FNF 2024: 1.7–5.5 bn USD of arms over 24 Feb 2022 – 31 Oct 2024 against a GDP of 23.7 bn
    # USD; the headline is per year of that period, the other the whole period's gross value.
    years = ((date(2024, 10, 31) - date(2022, 2, 24)).days + 1) / 365.25
    per_year = shipped_run.one(
        """SELECT value_low, value_high, unit, basis FROM marts.economic_impact
           WHERE measure = 'arms_value_share_of_gdp_per_year'
             AND subject LIKE 'Putin''s Partner%'"""
    )
    assert per_year[0] == pytest.approx(1.7 / years / 23.7)
    assert per_year[1] == pytest.approx(5.5 / years / 23.7)
    assert per_year[2] == "fraction_per_year" and "same source cites" in per_year[3]
    share = shipped_run.one(
        """SELECT value_low, value_high, basis FROM marts.economic_impact
           WHERE measure = 'arms_value_over_period_to_one_year_gdp'
             AND subject LIKE 'Putin''s Partner%'"""
    )
    assert share[0] == pytest.approx(1.7 / 23.7) and share[1] == pytest.approx(5.5 / 23.7)
    assert "same source cites" in share[2]
    # Two readings in Feb and Mar 2023 are labelled by their months, not as a calendar year.
    start, end, basis = shipped_run.one(
        """SELECT period_start::varchar, period_end::varchar, basis FROM marts.economic_impact
           WHERE measure = 'kpw_value_loss_vs_usd' AND subject = 'Pyongyang'
             AND year(period_start) = 2023"""
    )
    assert (start, end) == ("2023-02-05", "2023-03-19")  # the two shipped readings' days
    assert basis.startswith("Feb–Mar 2023") and "calendar year" not in basis
    assert "8370" in basis and "8210" in basis  # the two readings, as published
    growth = shipped_run.one(
        """SELECT value_low FROM marts.economic_impact
           WHERE measure = 'official_trade_growth' AND subject LIKE 'Putin''s Partner%'"""
    )
    assert growth[0] == pytest.approx(52.9 * 2 / 34.4 - 1)
    measures = {
        r[0] for r in shipped_run.query("SELECT DISTINCT measure FROM marts.economic_impact")
    }
    assert measures == accepted_measures()  # the shipped figures give every measure


def test_lineage_points_back_to_the_raw_row(shipped_run):
    source_file, source_row, sha = shipped_run.one(
        "SELECT source_file, source_row, file_sha256 FROM marts.claims WHERE figure_id = 'F0388'"
    )
    path = shipped_run.raw / source_file
    import csv
    import hashlib

    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert rows[source_row - 1]["figure_id"] == "F0388"
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()


def test_published_file_opens_in_duckdb_cli(shipped_run):
    cli = Path(sys.executable).parent / "duckdb"
    out = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            str(shipped_run.published),
            "SELECT count(*) FROM marts.claims",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["count_star()", str(shipped_figure_count())]


def test_run_is_recorded_in_the_published_warehouse(shipped_run):
    assert shipped_run.one("SELECT run_id FROM audit.publications") == (shipped_run.run_id,)
    assert shipped_run.one("SELECT count(*) FROM audit.rejections") == (0,)


def test_materialisations_carry_counts_previews_and_charts(shipped_run):
    meta = shipped_run.materializations
    assert meta["marts/claims"]["dagster/row_count"].value == shipped_figure_count()
    assert "figure_id" in meta["marts/claims"]["preview"].value
    for key in ("marts/balance", "marts/economic_impact", "marts/kpw_market_rates"):
        assert meta[key]["chart"].value.startswith("![chart](data:image/png;base64,"), key
    assert meta["raw/figures"]["dagster/row_count"].value == shipped_figure_count()
    assert meta["publish/warehouse"]["size_bytes"].value > 0
