"""The suites written for pandas, made ready for GX's Spark data source (no Spark needed here;
tests/orchestration/test_spark_parity.py runs them on Spark)."""

from __future__ import annotations

import pytest

from orchestration.checks.gx_suite import expectations_module
from orchestration.checks.spark_suite import columns_of, for_spark, spark_condition
from orchestration.families import FAMILIES


def test_a_pandas_membership_condition_becomes_its_spark_filter():
    assert spark_condition("unit in ['USD', 'EUR']") == "`unit` IN ('USD', 'EUR')"
    # pandas counts a missing value as "not in" the list; SQL's NOT IN alone would drop it.
    assert (
        spark_condition("metric not in [\"it's\", 'a\\\\b']")
        == "(`metric` IS NULL OR `metric` NOT IN ('it\\'s', 'a\\\\b'))"
    )
    assert spark_condition("unit in []") == "false"
    assert spark_condition("unit not in []") == "true"


def test_a_condition_without_a_spark_form_is_refused():
    with pytest.raises(ValueError, match="no Spark form"):
        spark_condition("value > 0 and unit == 'USD'")


def test_every_family_suite_has_a_spark_form():
    """Each suite's pandas conditions are rewritten; nothing else changes."""
    gxe = expectations_module()
    for family in FAMILIES:
        if family.expectations is None:
            continue
        for expectation in family.expectations(gxe):
            spark = for_spark(expectation)
            assert type(spark) is type(expectation)
            assert spark.condition_parser in (None, "spark")
            rest = ("row_condition", "condition_parser")
            assert {k: v for k, v in spark.dict().items() if k not in rest} == {
                k: v for k, v in expectation.dict().items() if k not in rest
            }


def test_the_columns_a_suite_reads():
    gxe = expectations_module()
    suite = [
        gxe.ExpectColumnValuesToBeBetween(
            column="_value", min_value=0, row_condition="unit in ['USD']", condition_parser="pandas"
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="_high", column_B="_low"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["rate_date", "currency"]),
    ]
    assert columns_of(suite) == {"_value", "unit", "_high", "_low", "rate_date", "currency"}
