"""The report page answers each question from the published warehouse: every section holds
the rows its mart says it should (counted and valued from the warehouse, not from the page
code), an empty section says so in words, and a failing section query fails the report step
instead of leaving a silently empty section."""

from __future__ import annotations

import re
import shutil

import dagster as dg
import duckdb
import pytest
import yaml
from markupsafe import escape

from orchestration.defs.downloads import report
from orchestration.defs.resources import WarehouseFiles
from orchestration.publish import charts, report_page
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def html(shipped_run):
    return report_page.render(shipped_run.published)


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(1)


def _row_anchors(section: str, prefix: str) -> set[str]:
    return set(re.findall(rf'<td class="figs" id="({prefix}-[\d-]+)"', section))


def _figures(section: str) -> set[str]:
    return set(re.findall(r'<a href="#(F\d+)">', section))


def test_sections_come_in_the_order_of_the_questions(html):
    order = [
        "balance",
        "comparisons",
        "conflicts",
        "revisions",
        "series",
        "impact",
        "claims",
        "glossary",
    ]
    positions = [html.index(f'<section id="{s}">') for s in order]
    assert positions == sorted(positions)
    assert html.count('class="how"') == len(order)  # each says how to read it


def test_the_page_names_its_publication(shipped_run, html):
    (run_id,) = shipped_run.query("SELECT run_id FROM audit.publications")[0]
    assert run_id == shipped_run.run_id and run_id in html
    assert "figures as known on the day of publication" in html


def test_balance_shows_each_side_with_its_scope_and_period(shipped_run, html):
    section = _section(html, "balance")
    rows = shipped_run.query(
        """SELECT figure_ids, prk_to_rus_scope, strftime(prk_to_rus_period_start, '%Y-%m-%d'),
                  rus_to_prk_scope, strftime(rus_to_prk_period_end, '%Y-%m-%d')
           FROM marts.balance"""
    )
    assert len(_row_anchors(section, "balance")) == len(rows) > 0
    for figure_ids, prk_scope, prk_start, rus_scope, rus_end in rows:
        assert set(figure_ids) <= _figures(section)
        for text in (prk_scope, prk_start, rus_scope, rus_end):
            assert text is None or text in section, text


def test_comparisons_hold_every_like_for_like_group_of_more_than_one(shipped_run, html):
    section = _section(html, "comparisons")
    groups = shipped_run.query(
        """SELECT like_for_like_group, count(*), flatten(list(figure_ids))
           FROM marts.source_comparison GROUP BY 1 HAVING count(*) > 1"""
    )
    assert len(groups) > 1
    assert section.count("<h4>") == len(groups)
    assert len(_row_anchors(section, "cmp")) == sum(n for _, n, _ in groups)
    assert {f for *_, ids in groups for f in ids} == _figures(section)
    # the spread of each group is shown (the gdp estimates of 2022 disagree by 0.6 %)
    assert "spread 1.01" in section


def test_conflicts_show_the_whole_below_its_part(shipped_run, html):
    section = _section(html, "conflicts")
    rows = shipped_run.query(
        "SELECT whole_value_low, whole_value_high, part_value_low, part_value_high, unit "
        "FROM marts.conflicts"
    )
    assert len(_row_anchors(section, "conflict")) == len(rows) > 0
    for whole_low, whole_high, part_low, part_high, unit in rows:
        assert report_page.amount(whole_low, whole_high, unit) in section
        assert report_page.amount(part_low, part_high, unit) in section
    # Russia–North Korea trade 2024: 34.0 m for the year against 52.9 m for its first half
    assert "34.00 m USD" in section and "52.90 m USD" in section


def test_revisions_show_chains_of_more_than_one_vintage_with_identity_and_period(shipped_run, html):
    section = _section(html, "revisions")
    chains = shipped_run.query(
        """SELECT body, count(*), list(change_kind), list(strftime(period_start, '%Y-%m-%d'))
           FROM marts.estimate_revisions GROUP BY metric, flow_from, flow_to, body_id, body, unit
           HAVING count(DISTINCT vintage) > 1"""
    )
    assert section.count("<h4>") == len(chains) > 0
    assert len(_row_anchors(section, "rev")) == sum(n for _, n, *_ in chains)
    for body, _, kinds, starts in chains:
        assert escape(body) in section
        assert {k.replace("_", " ") for k in kinds} <= set(
            re.findall(r"<td>([a-z ]+)</td>", section)
        )
        assert set(starts) - {None} <= set(re.findall(r"(\d{4}-\d\d-\d\d) →", section))


def test_series_show_every_growing_series(shipped_run, html):
    section = _section(html, "series")
    (series, points) = shipped_run.query(
        "SELECT count(DISTINCT series_id), count(*) FROM marts.estimate_series"
    )[0]
    assert section.count("<h4>") == series > 0
    assert len(_row_anchors(section, "series")) == points


def test_impact_names_gdp_share_trade_growth_the_won_and_rice(shipped_run, html):
    section = _section(html, "impact")
    for words in ("Share of GDP", "Official trade growth", "The won", "Rice"):
        assert words in section, words
    (rows,) = shipped_run.query("SELECT count(*) FROM marts.economic_impact")[0]
    assert len(_row_anchors(section, "impact")) == rows
    # the headline measure comes first, with its basis
    assert section.index("Share of GDP") < section.index("Official trade growth")
    (basis,) = shipped_run.query(
        "SELECT basis FROM marts.economic_impact "
        "WHERE measure = 'arms_value_share_of_gdp_per_year' LIMIT 1"
    )[0]
    assert escape(basis) in section


@pytest.fixture
def warehouse_copy(shipped_run, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(shipped_run.published, copy)
    return copy


def test_an_empty_section_says_so(warehouse_copy):
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute("DELETE FROM marts.conflicts")
    section = _section(report_page.render(warehouse_copy), "conflicts")
    assert "No conflicts between sources in this publication." in section


def test_a_failing_section_query_fails_the_step_and_keeps_the_previous_page(
    warehouse_copy, tmp_path
):
    folder = tmp_path / "report"
    previous = report_page.write_report(warehouse_copy, folder).read_text(encoding="utf-8")
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute("DROP TABLE marts.conflicts")
    with pytest.raises(duckdb.CatalogException, match="conflicts"):
        report_page.write_report(warehouse_copy, folder)
    assert (folder / "index.html").read_text(encoding="utf-8") == previous
    assert [p.name for p in folder.iterdir()] == ["index.html"]
    result = dg.materialize(
        [report],
        resources={"warehouse_files": WarehouseFiles(published_path=str(warehouse_copy))},
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "conflicts" in str(failure.step_failure_data.error)
    assert (folder / "index.html").read_text(encoding="utf-8") == previous


def test_won_lines_break_across_gaps_and_groups_of_cities_are_labelled(shipped_run):
    with duckdb.connect(str(shipped_run.published), read_only=True) as con:
        readings = charts.won_readings(con)
    fig = charts.won_figure(readings)
    labels = {t.get_text() for t in fig.axes[0].get_legend().get_texts()}
    groups = {r["location"] for r in readings if "/" in r["location"]}
    assert groups and {f"group of {len(g.split('/'))} cities: {g}" for g in groups} <= labels
    # Sinuiju: March 2023, then June 2024 on: two lines, not one across the gap
    sinuiju = [(r["day"], r["rate"], r["anchor"]) for r in readings if r["location"] == "Sinuiju"]
    runs = charts._segments(sinuiju)
    assert len(runs) >= 2
    assert all(b[0][0] - a[-1][0] > charts.GAP for a, b in zip(runs, runs[1:], strict=False))
    lines = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) > 0]
    assert len(lines) == sum(
        len(charts._segments([(r["day"], r["rate"], None) for r in readings if r["location"] == p]))
        for p in {r["location"] for r in readings}
    )


def _yaml_description(table: str, column: str) -> str:
    models = yaml.safe_load((REPO_ROOT / f"dbt_project/models/marts/_{table}.yml").read_text())
    model = next(m for m in models["models"] if m["name"] == table)
    return next(c["description"] for c in model["columns"] if c["name"] == column)


def test_the_glossary_quotes_the_dbt_yaml_descriptions(html):
    section = _section(html, "glossary")
    terms = re.findall(r"<dt><b>(.*?)</b>.*?</dt><dd>(.*?)</dd>", section, re.S)
    assert [t for t, _ in terms] == list(report_page.GLOSSARY)
    for term, text in terms:
        table, column = report_page.GLOSSARY[term]
        expected = " ".join(_yaml_description(table, column).split())
        assert " ".join(text.split()) == escape(expected), term


def test_a_later_publication_names_the_one_before(shipped_run, warehouse_copy):
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute(
            "INSERT INTO audit.publications VALUES "
            "('later-run', (SELECT max(published_at) FROM audit.publications) + INTERVAL 1 DAY, '')"
        )
    (before,) = shipped_run.one(
        "SELECT strftime(published_at, '%Y-%m-%d %H:%M:%S') FROM audit.publications"
    )
    html = report_page.render(warehouse_copy)
    assert "Dagster run later-run" in html
    assert f"The previous publication was of {before} UTC." in html
