"""The published warehouse explains itself: every table and column has a comment."""

from __future__ import annotations

from orchestration.publish import table_comments


def test_every_mart_column_has_a_description(shipped_run):
    # Derived from the published file, so a column added to a mart without a description in
    # its YAML (dbt_project/models/marts/_<mart>.yml) fails here.
    missing = table_comments.undocumented(shipped_run.published, "marts")
    assert missing == [], f"describe these in dbt_project/models/marts/_<mart>.yml: {missing}"


def test_every_table_and_column_of_the_published_file_has_a_comment(shipped_run):
    assert table_comments.undocumented(shipped_run.published) == []


def test_comments_come_from_dbt_yaml_families_and_audit_texts(shipped_run):
    comment = dict(
        ((s, t, c), text)
        for s, t, c, text in shipped_run.query(
            "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns()"
        )
    )
    assert comment[("marts", "balance", "net_usd_low")].startswith("PRK→RUS low − RUS→PRK high")
    assert comment[("raw", "figures", "figure_id")].startswith("Unique id")
    assert "offending value" in comment[("audit", "rejections", "value")]
    assert "ISO 4217" in comment[("reference", "currencies", "alpha_3")]
    tables = dict(
        ((s, t), text)
        for s, t, text in shipped_run.query(
            "SELECT schema_name, table_name, comment FROM duckdb_tables()"
        )
    )
    assert tables[("marts", "claims")].startswith("One row per published figure")
    assert "envelope rule" in tables[("intermediate", "int_estimates_pooled_by_vintage")]
