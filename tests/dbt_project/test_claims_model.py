"""dbt staging and marts on small generated fixtures: partial dates, bounds, source links."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SHIPPED_RAW, run_pipeline, shipped_rows, write_figures


def _row(base: dict[str, str], **changes: str) -> dict[str, str]:
    return {**base, **changes}


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixtures")
    (root / "raw").mkdir()
    shutil.copy(SHIPPED_RAW / "sources.csv", root / "raw" / "sources.csv")
    base = next(r for r in shipped_rows() if r["figure_id"] == "F0001")
    blank = {"value_low": "", "value_high": "", "value_point": ""}
    rows = [
        _row(
            base,
            figure_id="T1",
            period_start="2024",
            period_end="2024-10",
            published_on="2024-10-28",
            **{**blank, "value_high": "5500000000"},
        ),
        _row(
            base,
            figure_id="T2",
            period_start="2023-02-05",
            period_end="2023-02-05",
            published_on="2024",
            **{**blank, "value_low": "1700000000"},
        ),
        _row(
            base,
            figure_id="T3",
            period_start="2023-02",
            period_end="2024",
            published_on="2024-02",
            **{**blank, "value_point": "3000000000"},
        ),
        _row(
            base,
            figure_id="T4",
            period_start="",
            period_end="",
            published_on="",
            **{**blank, "value_low": "1", "value_high": "2"},
        ),
        _row(
            base,
            figure_id="T5",
            source_url="https://example.org/not-registered",
            source_org="Some outlet",
            source_title="Some article",
        ),
        _row(base, figure_id="T6", source_url="http://www.presseportal.de/pm/43315/5896710/"),
    ]
    write_figures(root / "raw" / "figures" / "fixture.csv", rows)
    run = run_pipeline(root)
    assert run.success, (run.failed_steps, run.failed_checks)
    return run


def claim(run, figure_id: str, columns: str):
    return run.one(f"SELECT {columns} FROM marts.claims WHERE figure_id = ?", [figure_id])


@pytest.mark.parametrize(
    "figure_id, expected",
    [
        ("T1", ("2024-01-01", "year", "2024-10-31", "month", "2024-10-28", "2024-10-28", "day")),
        ("T2", ("2023-02-05", "day", "2023-02-05", "day", "2024-01-01", "2024-12-31", "year")),
        ("T3", ("2023-02-01", "month", "2024-12-31", "year", "2024-02-01", "2024-02-29", "month")),
        ("T4", (None, None, None, None, None, None, None)),
    ],
)
def test_partial_dates_keep_their_precision(fixture_run, figure_id, expected):
    got = claim(
        fixture_run,
        figure_id,
        """period_start::varchar, period_start_precision, period_end::varchar,
           period_end_precision, published_from::varchar, published_to::varchar,
           published_precision""",
    )
    assert got == expected


@pytest.mark.parametrize(
    "figure_id, expected",
    [
        ("T1", ("up_to", None, 5.5e9)),
        ("T2", ("at_least", 1.7e9, None)),
        ("T3", ("point", 3e9, 3e9)),
        ("T4", ("range", 1.0, 2.0)),
    ],
)
def test_bounds_are_classified_and_unknown_stays_null(fixture_run, figure_id, expected):
    assert claim(fixture_run, figure_id, "bound_kind, range_low, range_high") == expected


def test_currency_comes_from_the_unit(fixture_run):
    assert claim(fixture_run, "T1", "unit, quantity_kind, currency") == ("USD", "money", "USD")


def test_unregistered_source_is_derived_and_its_own_root(fixture_run):
    source_id, registered, root = claim(
        fixture_run, "T5", "source_id, source_registered, root_source_id"
    )
    assert source_id.startswith("derived-") and not registered and root == source_id
    origin = fixture_run.one("SELECT origin FROM marts.sources WHERE source_id = ?", [source_id])
    assert origin == ("derived",)


def test_registered_url_links_to_the_study_it_relays(fixture_run):
    # Scheme, www. and the trailing slash differ from the registry's URL.
    got = claim(fixture_run, "T6", "source_id, source_registered, root_source_id, root_title")
    assert got == (
        "fnf-2024-press-release",
        True,
        "fnf-2024-putins-partner",
        "Putin's Partner (Putins Partner)",
    )
