"""The GX suites on Spark DataFrames (GX 1.x's Spark data source), for builds on Spark.

The suites are written once, for pandas (``orchestration/families/``); here they run on a Spark
DataFrame instead. Two things differ between the engines and are bridged here:

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

from orchestration.checks.outcomes import outcome_of

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


def columns_of(expectations: Sequence) -> set[str]:
    """The columns a suite reads: its expectations' columns and those of their conditions."""
    names: set[str] = set()
    for e in expectations:
        names.update(
            v for v in (getattr(e, a, None) for a in ("column", "column_A", "column_B")) if v
        )
        names.update(getattr(e, "column_list", None) or [])
        condition = getattr(e.row_condition, "pass_through_filter", e.row_condition)
        if isinstance(condition, str):
            names.update(n.id for n in ast.walk(ast.parse(condition)) if isinstance(n, ast.Name))
    return names


def spark_frame(spark, frame: pd.DataFrame, columns: set[str]):
    """The ``columns`` of ``frame`` as a cached Spark DataFrame, with the pandas row numbers in
    ``_row``. The frame goes through Arrow, which carries pandas' string and NA types as Spark
    strings and NULLs: every expectation sees the values it sees on pandas."""
    import pyarrow as pa

    kept = frame[[c for c in frame.columns if c in columns]]
    table = pa.Table.from_pandas(kept.assign(**{ROW: range(len(frame))}), preserve_index=False)
    return spark.createDataFrame(table).cache()


def _key(config) -> str:
    return json.dumps([config.type, config.kwargs, config.meta], sort_keys=True, default=str)


def validate(spark, batch_definition, name: str, frame: pd.DataFrame, expectations: Sequence):
    """Outcomes of ``expectations`` on ``frame`` handed to Spark."""
    import great_expectations as gx

    suite = [for_spark(e) for e in expectations]
    data = spark_frame(spark, frame, columns_of(expectations))
    try:
        batch = batch_definition.get_batch(batch_parameters={"dataframe": data})
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
                outcome_of(detailed[_key(r.expectation_config)], lambda entry: int(entry[ROW]))
                if not r.success
                else outcome_of(r, int)
                for r in results
            ]
        else:
            outcomes = [outcome_of(r, int) for r in results]
        return outcomes
    finally:
        data.unpersist()
