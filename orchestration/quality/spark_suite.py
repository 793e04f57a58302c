"""The GX suites on Spark DataFrames (GX 1.x's Spark data source), for builds on Spark.

The suites are written once, for pandas (``families.py``, ``marts.py``); here they run on a
Spark DataFrame instead. Two things differ between the engines and are bridged here:

- a row has no index in Spark, so the frame gets a ``_row`` column (its pandas row number) and
  GX reports the unexpected rows by it (``unexpected_index_column_names``);
- a ``row_condition`` written for pandas (``unit in [...]``, ``metric not in [...]``) is
  rewritten as the Spark SQL filter with the same meaning, NULL included (pandas counts a
  missing value as "not in" the list; SQL would drop the row).

A clean suite is validated once with counts only; only the expectations that failed are
validated again for the rows that break them, so that a clean batch costs the fewest Spark jobs.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

ROW = "_row"


def spark_condition(condition: str) -> str:
    """The Spark SQL form of a pandas row condition ``column in [...]`` / ``not in [...]``."""
    node = ast.parse(condition, mode="eval").body
    if not (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.left, ast.Name)
        and isinstance(node.ops[0], ast.In | ast.NotIn)
    ):
        raise ValueError(f"no Spark form for the row condition {condition!r}")
    values = ast.literal_eval(node.comparators[0])
    column = f"`{node.left.id}`"
    listed = ", ".join(_sql_literal(v) for v in values)
    if isinstance(node.ops[0], ast.In):
        return f"{column} IN ({listed})" if values else "false"
    return f"({column} IS NULL OR {column} NOT IN ({listed}))" if values else "true"


def _sql_literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"no Spark literal for {value!r} in a row condition")
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def for_spark(expectation):
    """The expectation with a pandas row condition rewritten for Spark (others unchanged)."""
    if getattr(expectation, "condition_parser", None) != "pandas":
        return expectation
    # GX 1.x keeps a string condition as a pass-through condition object.
    condition = getattr(expectation.row_condition, "pass_through_filter", expectation.row_condition)
    fields = expectation.dict()
    fields.update(row_condition=spark_condition(condition), condition_parser="spark")
    fields.pop("type", None)
    return type(expectation)(**fields)


def spark_frame(spark, frame: pd.DataFrame):
    """``frame`` as a cached Spark DataFrame with its row numbers in ``_row``. Columns Spark
    cannot take from pandas as they are (lists, pandas' own string and NA types) go through
    Arrow; every expectation then sees the same values as on pandas."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame.assign(**{ROW: range(len(frame))}), preserve_index=False)
    return spark.createDataFrame(table).cache()


def _key(config) -> str:
    return json.dumps([config.type, config.kwargs, config.meta], sort_keys=True, default=str)


def validate(spark, batch_definition, name: str, frame: pd.DataFrame, expectations: Sequence):
    """Outcomes of ``expectations`` on ``frame`` handed to Spark, in the suite's order."""
    import great_expectations as gx

    from orchestration.quality.gx_suite import _outcome

    data = spark_frame(spark, frame)
    try:
        batch = batch_definition.get_batch(batch_parameters={"dataframe": data})
        suite = [for_spark(e) for e in expectations]
        first = batch.validate(
            gx.ExpectationSuite(name=f"{name}_suite", expectations=suite),
            result_format={"result_format": "SUMMARY"},
        )
        results = list(first.results)
        failed = [r.expectation_config for r in results if not r.success]
        if failed:
            again = batch.validate(
                gx.ExpectationSuite(
                    name=f"{name}_failed", expectations=[c.to_domain_obj() for c in failed]
                ),
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
            )
            detailed = {_key(r.expectation_config): r for r in again.results}
            outcomes = [
                _outcome(detailed[_key(r.expectation_config)], lambda entry: int(entry[ROW]))
                if not r.success
                else _outcome(r, int)
                for r in results
            ]
        else:
            outcomes = [_outcome(r, int) for r in results]
        return outcomes
    finally:
        data.unpersist()
