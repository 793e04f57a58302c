"""Like for like: estimate identity, revisions, comparisons, points in time and composed units.

One refresh on the shipped figures plus a small fixture file; a second file with an unknown
currency is rejected in the same run. The history tables are checked against builds as of
three dates on the same raw files.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date

import duckdb
import pytest

from tests.conftest import (
    copy_shipped_raw,
    fixture_figure,
    run_pipeline,
    shipped_rows,
    write_figures,
)
from tests.dbt_project.test_money_and_time import ecb_usd_per_unit

BODY = "Fixture statistics office"


def figure(figure_id: str, publication: str, published_on: str, **values) -> dict:
    """A fixture figure of one publication of BODY (several figures share one URL)."""
    return fixture_figure(
        figure_id,
        source_org=BODY,
        source_title=f"Fixture report {publication}",
        source_url=f"https://example.org/fixtures/{publication}",
        published_on=published_on,
        **values,
    )


def measured(metric: str, unit: str, flow: tuple[str, str] = ("", "")):
    """Fixture figures of one metric and unit: ``make(id, publication, published_on,
    category, (period_start, period_end), value)``."""

    def make(figure_id, pub, published, category, period, value):
        start, end = period
        return figure(
            figure_id,
            pub,
            published,
            metric=metric,
            flow_from=flow[0],
            flow_to=flow[1],
            category=category,
            period_start=start,
            period_end=end,
            value_point=value,
            unit=unit,
        )

    return make


_sector_growth = measured("sector_growth", "percent")


def sector(figure_id, pub, published, category, year, percent):
    return _sector_growth(figure_id, pub, published, category, (year, year), percent)


_oil_deliveries = measured("oil_deliveries", "barrels", ("RUS", "PRK"))


def oil(figure_id, pub, published, category, start, end, barrels):
    return _oil_deliveries(figure_id, pub, published, category, (start, end), barrels)


FIXTURES = [
    # vintage 1: two categories and two periods of one metric: three estimates, never one range
    sector("LL1", "v1", "2024-06-01", "agriculture", "2022", "1.0"),
    sector("LL2", "v1", "2024-06-01", "construction", "2022", "5.0"),
    sector("LL3", "v1", "2024-06-01", "agriculture", "2023", "2.0"),
    # vintage 2 revises agriculture 2023
    sector("LL4", "v2", "2025-02-01", "agriculture", "2023", "2.5"),
    # a scope change: the same year, a wider category
    oil("LL5", "v1", "2024-06-01", "refined_products", "2023", "2023", "1000000"),
    oil("LL6", "v2", "2025-02-01", "refined_and_crude", "2023", "2023", "1500000"),
    # an extension: January–May, then the full year
    oil("LL7", "v1", "2024-06-01", "crude", "2024-01", "2024-05", "100000"),
    oil("LL8", "v2", "2025-02-01", "crude", "2024-01", "2024-12", "250000"),
    # an arms estimate in won with an open period: publishes, cannot be annualised
    figure(
        "LL9",
        "krw",
        "2025-12-01",
        category="arms_total",
        period_start="2025",
        period_end="",
        value_high="8000000000000",
        unit="KRW",
    ),
    # a money rate in won: composed unit, no row in units.csv
    figure(
        "LL10",
        "krw",
        "2025-12-01",
        metric="troop_payment_value",
        flow_from="RUS",
        flow_to="PRK",
        category="soldier_pay",
        period_start="2025-01",
        period_end="2025-06",
        value_point="1000000000000",
        unit="KRW_per_year",
    ),
]

UNKNOWN_CURRENCY = [
    figure("LLX", "bad", "2025-12-01", unit="XYZ_per_year", value_point="1", category="arms_total")
]

AS_OF_DATES = ["2024-12-31", "2025-06-30", "2025-10-15"]
HISTORY = {
    "balance": "balance_history",
    "economic_impact": "economic_impact_history",
    "source_comparison": "source_comparison_history",
    "estimate_revisions": "estimate_revisions_history",
    "estimate_series": "estimate_series_history",
    "conflicts": "conflicts_history",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("like_for_like")
    copy_shipped_raw(root)
    write_figures(root / "raw" / "figures" / "like_for_like.csv", FIXTURES)
    write_figures(root / "raw" / "figures" / "unknown_currency.csv", UNKNOWN_CURRENCY)
    result = run_pipeline(root)
    assert result.success, (result.failed_steps, result.failed_checks)
    return result


@pytest.fixture(scope="module")
def as_of_runs(run, tmp_path_factory):
    runs = {}
    for day in AS_OF_DATES:
        root = tmp_path_factory.mktemp(f"as_of_{day}")
        shutil.copytree(run.raw, root / "raw")
        runs[day] = run_pipeline(root, as_of=day)
        assert runs[day].success, (runs[day].failed_steps, runs[day].failed_checks)
    return runs


def revision(run, figure_id: str, columns: str):
    return run.one(
        f"SELECT {columns} FROM marts.estimate_revisions WHERE list_contains(figure_ids, ?)",
        [figure_id],
    )


def test_same_identity_in_a_later_vintage_is_a_revision(run):
    kind, previous, change = revision(run, "LL4", "change_kind, previous_value_low, change_low")
    assert (kind, previous) == ("revision", 0.02) and change == pytest.approx(0.005)


def test_a_revision_across_a_scope_change_says_so(run):
    got = revision(
        run,
        "LL6",
        "change_kind, scope_changed, period_changed, previous_category, category, change_low",
    )
    assert got == (
        "scope_change",
        True,
        False,
        "refined_products",
        "refined_and_crude",
        500000.0,
    )


def test_shipped_kyodo_full_year_extends_its_january_to_november_total(run):
    rows = run.query(
        """SELECT change_kind, change_low FROM marts.estimate_revisions
           WHERE metric = 'bilateral_trade_value' AND list_contains(figure_ids, 'F0287')"""
    )
    assert rows == [("extension", None)]


def test_fnf_arms_revision_names_the_scope_and_period_change(run):
    got = run.one(
        """SELECT change_kind, previous_category, category, change_low, change_high
           FROM marts.estimate_revisions WHERE source_id = 'fnf-2025-unequal-partnership'
             AND metric = 'arms_transfer_value'"""
    )
    assert got[:3] == ("scope_and_period_change", "arms_total", "arms_ammunition_and_troops_total")
    assert got[3] == pytest.approx(3.9e9) and got[4] == pytest.approx(4.3e9)


def test_artillery_systems_and_shells_never_share_a_comparison(run):
    shared = run.query(
        """SELECT g.comparison_id FROM marts.source_comparison AS g
           JOIN marts.source_comparison AS s USING (comparison_id)
           WHERE g.scope = 'guns_and_launchers' AND s.scope = 'artillery_shells'"""
    )
    assert shared == []
    assert run.one(
        """SELECT max(spread_ratio) < 100 FROM marts.source_comparison
           WHERE metric = 'munitions_quantity'"""
    ) == (True,)


def test_a_reinforcement_is_not_compared_with_deployment_totals(run):
    assert run.one(
        """SELECT estimates_compared FROM marts.source_comparison
           WHERE scope = 'soldiers_reinforcement'"""
    ) == (1,)


def test_every_member_lies_inside_its_envelope(run):
    assert run.check_metadata  # the dbt test ran as a check on the shipped figures
    check = next(
        name
        for name in run.check_metadata
        if "every_member" in name or "coalesce_value_low" in name
    )
    assert check not in run.failed_checks
    outside = run.query(
        """SELECT source_id FROM marts.source_comparison
           WHERE coalesce(value_low, value_high) < envelope_low
              OR coalesce(value_high, value_low) > envelope_high"""
    )
    assert outside == []


def test_money_scopes_of_one_period_stand_side_by_side_with_like_for_like_envelopes(run):
    rows = run.query(
        """SELECT scope, envelope_low, envelope_high, scopes_compared, estimates_compared
           FROM marts.source_comparison
           WHERE metric = 'bilateral_trade_value' AND flow_to = 'CHN'
             AND period_start = DATE '2024-01-01' AND period_end = DATE '2024-07-31'
           ORDER BY scope"""
    )
    # one customs release: North Korea's exports and the two-way total for January–July 2024
    assert [r[0] for r in rows] == ["exports_PRK_to_CHN", "official_trade_total_two_way"]
    assert [r[3:] for r in rows] == [(2, 2), (2, 2)]
    assert rows[0][1] == rows[0][2] and rows[1][1] == rows[1][2] and rows[0][1] < rows[1][1]


def test_estimates_of_different_periods_are_never_one_comparison(run):
    """FNF 2024 (arms since February 2022) and FNF 2025 (since 2023) are not one group; the
    China trade of January–February 2023 never meets the whole of 2023."""
    groups = run.query(
        """SELECT DISTINCT comparison_id FROM marts.source_comparison
           WHERE source_id IN ('fnf-2024-putins-partner', 'fnf-2025-unequal-partnership')
             AND metric = 'arms_transfer_value'"""
    )
    assert len(groups) == 2
    mixed = run.query(
        """SELECT like_for_like_group FROM marts.source_comparison
           GROUP BY like_for_like_group
           HAVING count(DISTINCT coalesce(period_start::varchar, '-')) > 1
               OR count(DISTINCT coalesce(period_end::varchar, '-')) > 1"""
    )
    # only day-precise ends a few days apart share a group (the meetings to 28 / 31 October)
    assert mixed, "the meetings to 28 / 31 October share a group"
    for (group,) in mixed:
        days = run.one(
            """SELECT max(period_end) - min(period_end), max(period_start) - min(period_start)
               FROM marts.source_comparison WHERE like_for_like_group = ?""",
            [group],
        )
        assert max(days) <= 3, group
    check = next(name for name in run.check_metadata if "one_period_per_group" in name)
    assert check not in run.failed_checks


def test_a_cumulative_count_is_a_series_not_a_spread(run):
    """The containers counted since August 2023 grow over time: a series in
    marts.estimate_series, never a spread in the comparisons."""
    points = run.query(
        """SELECT as_of_end::varchar, value_low, body_id, point_number FROM marts.estimate_series
           WHERE metric = 'shipping_containers' AND series_start = DATE '2023-08-01'
           ORDER BY point_number"""
    )
    # the ministry's 6,700 (F0037, to February 2024) and 10,000 (F0041, to June 2024) and the
    # Defense Intelligence Agency's 28,000 (to July 2025) are points of one series
    assert ("2024-02-29", 6700.0, "kor-mnd") in [p[:3] for p in points]
    assert ("2024-06-30", 10000.0, "kor-mnd") in [p[:3] for p in points]
    assert ("2025-07-31", 28000.0, "kor-dia") in [p[:3] for p in points]
    assert len(points) >= 5 and points[-1][3] == len({p[0] for p in points})
    assert (
        run.one(
            """SELECT max(spread_ratio) FROM marts.source_comparison
           WHERE metric = 'shipping_containers'"""
        )[0]
        < 2
    )


def test_ministry_container_counts_chain_across_outlets(run):
    """F0035 (1,000) -> F0037 (6,700) -> F0041 (10,000): relayed by different outlets, one
    body, so the later counts are not first estimates."""
    bodies = run.query(
        "SELECT DISTINCT body_id FROM marts.claims WHERE figure_id IN ('F0035', 'F0037', 'F0041')"
    )
    assert len(bodies) == 1
    for figure_id in ("F0037", "F0041"):
        kind, previous = revision(run, figure_id, "change_kind, previous_source_id")
        assert kind != "first_estimate" and previous is not None, figure_id


def test_a_full_year_below_its_half_year_is_a_conflict(run):
    rows = run.query(
        """SELECT whole_value_high, part_value_low, gap FROM marts.conflicts
           WHERE rule = 'whole_below_part' AND metric = 'bilateral_trade_value'
             AND flow_to = 'RUS' AND list_contains(part_figure_ids, 'F0006')"""
    )
    assert rows and {r[:2] for r in rows} == {(34.0e6, 52.9e6)}
    assert rows[0][2] == pytest.approx(52.9e6 - 34.0e6)


def test_open_and_undated_estimates_appear_in_comparisons(run):
    rows = dict(
        run.query(
            """SELECT value_low, reference_basis FROM marts.source_comparison
               WHERE metric = 'troops_deployed' AND scope = 'soldiers'
                 AND value_low IN (11000, 13000)"""
        )
    )
    assert rows[13000] == "publication date (no period given)"
    assert rows[11000] in ("period start (open end)", "publication date (no period given)")
    open_ones = run.query(
        """SELECT count(*) FROM marts.source_comparison WHERE metric = 'troops_deployed'
           AND reference_basis = 'period start (open end)' AND value_low = 11000"""
    )
    assert open_ones == [(1,)]


def test_known_from_is_the_last_day_of_the_publication_date(run):
    assert run.query(
        """SELECT DISTINCT vintage_text, known_from::varchar FROM marts.claims
           WHERE vintage_text IN ('2025', '2025-09') ORDER BY 1"""
    ) == [("2025", "2025-12-31"), ("2025-09", "2025-09-30")]


def test_as_of_build_excludes_a_year_dated_publication_before_the_year_ends(as_of_runs):
    mid_year = as_of_runs["2025-06-30"]
    assert mid_year.query("SELECT figure_id FROM marts.claims WHERE vintage_text = '2025'") == []
    assert mid_year.one("SELECT max(known_from) <= DATE '2025-06-30' FROM marts.claims") == (True,)
    assert mid_year.query(
        "SELECT count(*) FROM marts.source_comparison WHERE vintage = '2025'"
    ) == [(0,)]


def test_as_of_build_leaves_out_the_studies_published_later(as_of_runs):
    year_end = as_of_runs["2024-12-31"]
    sources = {r[0] for r in year_end.query("SELECT source_id FROM marts.balance")}
    assert "fnf-2024-putins-partner" in sources
    assert "fnf-2025-unequal-partnership" not in sources
    assert year_end.one("SELECT max(vintage_date) <= DATE '2024-12-31' FROM marts.claims") == (
        True,
    )


@pytest.mark.parametrize("day", AS_OF_DATES)
@pytest.mark.parametrize("mart", sorted(HISTORY))
def test_history_tables_equal_the_as_of_builds(run, as_of_runs, mart, day):
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{run.published}' AS hist_db (READ_ONLY)")
        con.execute(f"ATTACH '{as_of_runs[day].published}' AS built_db (READ_ONLY)")
        state = f"""SELECT * EXCLUDE (known_from, known_to) FROM hist_db.marts.{HISTORY[mart]}
                    WHERE DATE '{day}' >= known_from
                      AND (known_to IS NULL OR DATE '{day}' < known_to)"""
        built = f"SELECT * FROM built_db.marts.{mart}"
        count = con.execute(f"SELECT count(*) FROM ({built})").fetchone()[0]
        assert con.execute(f"SELECT count(*) FROM ({state})").fetchone()[0] == count
        assert con.execute(f"{state} EXCEPT ALL {built}").fetchall() == []
        assert con.execute(f"{built} EXCEPT ALL {state}").fetchall() == []
    assert count > 0 or mart in ("balance", "conflicts", "estimate_series")


def test_open_period_krw_arms_estimate_publishes_with_a_not_computed_reason(run):
    source_id = run.one("SELECT root_source_id FROM marts.claims WHERE figure_id = 'LL9'")[0]
    rate, _ = ecb_usd_per_unit("KRW", date(2025, 1, 1))
    balance = run.one(
        "SELECT prk_to_rus_usd_high FROM marts.balance WHERE source_id = ?", [source_id]
    )
    assert balance[0] == pytest.approx(8e12 * rate)
    title = run.one("SELECT title FROM marts.sources WHERE source_id = ?", [source_id])[0]
    measures = run.query(
        "SELECT measure FROM marts.economic_impact WHERE subject = ? ORDER BY 1", [title]
    )
    assert measures == [("arms_value_over_period_to_one_year_gdp",)]
    assert run.query(
        "SELECT measure, reason FROM marts.not_computed WHERE subject = ?", [title]
    ) == [("arms_value_share_of_gdp_per_year", "open period (no end): cannot be annualised")]


def test_krw_per_year_converts(run):
    got = run.one(
        """SELECT quantity_kind, currency, unit_per, value_usd_point, fx_rate, fx_rate_date
           FROM marts.claims WHERE figure_id = 'LL10'"""
    )
    rate, day = ecb_usd_per_unit("KRW", date(2025, 6, 30))
    assert got[:3] == ("money_rate", "KRW", "year")
    assert got[3] == pytest.approx(1e12 * rate) and got[5] == day
    assert revision(run, "LL10", "unit") == ("USD_per_year",)


def test_unknown_currency_is_still_rejected_with_the_reason(run):
    reasons = run.query(
        """SELECT reason FROM audit.rejections
           WHERE source_file LIKE '%unknown_currency.csv' AND column_name = 'unit'"""
    )
    assert reasons and "ISO 4217" in reasons[0][0]


def test_china_north_korea_growth_2019_to_2025(run):
    rows = run.query(
        """SELECT year(period_start), year(period_end), value_low, basis
           FROM marts.economic_impact
           WHERE measure = 'official_trade_growth' AND subject LIKE 'China–North Korea%'
           ORDER BY period_start"""
    )
    assert [(r[0], r[1]) for r in rows] == [(y, y + 1) for y in range(2019, 2025)]
    assert rows[-1][2] == pytest.approx(2.73 / 2.18 - 1)
    assert "calendar year 2025" in rows[-1][3] and "calendar year 2024" in rows[-1][3]


def test_russia_official_growth_beside_fnf_half_year(run):
    rows = dict(
        run.query(
            """SELECT subject, value_low FROM marts.economic_impact
               WHERE measure = 'official_trade_growth' AND basis LIKE '%Russia–North Korea%'"""
        )
    )
    assert rows["Russia–North Korea official trade, calendar years"] == pytest.approx(34 / 34.4 - 1)
    assert rows["Putin's Partner (Putins Partner)"] == pytest.approx(52.9 * 2 / 34.4 - 1)


def test_claims_keep_percent_and_give_the_fraction(run):
    assert run.one(
        """SELECT value_point, value_fraction_point, typeof(period_start), period_start_text
           FROM marts.claims WHERE figure_id = 'LL1'"""
    ) == (1.0, 0.01, "DATE", "2022")


def derived_source_id(row: dict[str, str]) -> str:
    """The documented id of an unregistered source (marts.sources, source_id): "derived-" and
    the first 12 hex digits of the md5 of its org, title, URL and publication date joined by
    "|", computed here from the raw row, not by the pipeline."""
    key = "|".join(row[c] for c in ("source_org", "source_title", "source_url", "published_on"))
    return "derived-" + hashlib.md5(key.encode("utf-8")).hexdigest()[:12]


def test_balance_names_a_derived_source_by_org_and_title(run):
    # F0366, Bloomberg News relayed by an outlet no curator registered.
    raw = next(r for r in shipped_rows() if r["figure_id"] == "F0366")
    expected = derived_source_id(raw)
    assert run.one("SELECT source_id FROM marts.claims WHERE figure_id = 'F0366'") == (expected,)
    name = run.one("SELECT source_name FROM marts.balance WHERE source_id = ?", [expected])[0]
    assert raw["source_org"] in name and raw["source_title"] in name
