"""Files generated from code are committed up to date."""

from orchestration import dbt_sources, reference


def test_dbt_sources_match_the_raw_families():
    assert dbt_sources.SOURCES_YML.read_text(encoding="utf-8") == dbt_sources.render(), (
        "run `python -m orchestration.dbt_sources`"
    )


def test_countries_seed_matches_pycountry():
    assert reference.COUNTRIES_CSV.read_text(encoding="utf-8") == reference.render_countries()


def test_currencies_seed_matches_pycountry():
    assert reference.CURRENCIES_CSV.read_text(encoding="utf-8") == reference.render_currencies()


def test_country_numbers_seed_matches_pycountry():
    assert (
        reference.COUNTRY_NUMBERS_CSV.read_text(encoding="utf-8")
        == reference.render_country_numbers()
    )
