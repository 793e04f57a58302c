"""Run a list of GX 1.x expectations on a pandas frame and keep what people need to see.

GX is imported lazily: it costs seconds, and only the steps that validate should pay it.
Each expectation carries ``meta={"reason": ..., "column": ...}``: the reason is the message a
curator reads, the column is the input column to blame (derived helper columns start with _).
"""

from __future__ import annotations

import contextvars
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from orchestration.checks import spark_suite
from orchestration.checks.outcomes import SuiteResult, outcome_of

ExpectationsBuilder = Callable[[Any], list]  # receives great_expectations.expectations


_context = None
# The Spark session suites run on inside ``validating_on_spark``; None: pandas.
_SPARK: contextvars.ContextVar = contextvars.ContextVar("ledger_gx_spark", default=None)


@contextmanager
def validating_on_spark(spark) -> Iterator[None]:
    """Within this block every suite runs on a Spark DataFrame in ``spark`` (GX's Spark data
    source), not on pandas: the frame is handed to Spark and GX computes every expectation
    there. The same suites, the same results; see ``spark_suite``."""
    token = _SPARK.set(spark)
    try:
        yield
    finally:
        _SPARK.reset(token)


def _without_spark_connect() -> None:
    """GX probes for Spark Connect when pyspark is installed (the `scale` extra). In a process
    whose __main__ has neither a spec nor a file (Dagster's run workers), pyspark.sql.connect
    takes itself for a doctest run and calls sys.exit(0) when its extra dependencies are
    missing, killing the run. There GX is told Spark Connect is absent (an ImportError, which
    GX handles); other processes are left alone."""
    main = sys.modules.get("__main__")
    if (
        "pyspark.sql.connect" not in sys.modules
        and getattr(main, "__spec__", None) is None
        and not hasattr(main, "__file__")
        and not hasattr(sys, "ps1")
        and importlib.util.find_spec("pyspark") is not None
    ):
        sys.modules["pyspark.sql.connect"] = None  # type: ignore[assignment]


def _gx_context():
    global _context
    if _context is None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        _without_spark_connect()
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        _context = gx.get_context(mode="ephemeral")
        _context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return _context


def expectations_module():
    _without_spark_connect()
    import great_expectations.expectations as gxe

    return gxe


def run_suite(name: str, frame: pd.DataFrame, build: ExpectationsBuilder) -> SuiteResult:
    """Validate ``frame`` (its index must be 0..n-1) against the expectations ``build`` makes:
    as a pandas DataFrame, or inside ``validating_on_spark`` as a Spark DataFrame."""
    _without_spark_connect()
    import great_expectations as gx

    frame = frame.reset_index(drop=True)
    expectations: Sequence = build(expectations_module())
    spark = _SPARK.get()
    if spark is None:
        batch = _batch_definition("pandas", name).get_batch(batch_parameters={"dataframe": frame})
        suite = gx.ExpectationSuite(name=f"{name}_suite", expectations=list(expectations))
        result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
        return SuiteResult(name, len(frame), [outcome_of(r, int) for r in result.results])
    outcomes = spark_suite.validate(
        spark, _batch_definition("spark", name), name, frame, expectations
    )
    return SuiteResult(name, len(frame), outcomes)


def _batch_definition(engine: str, name: str):
    """The whole-dataframe batch of an ephemeral ``engine`` (pandas or spark) data source."""
    context = _gx_context()
    source_name = f"ledger_{engine}_{name}"
    try:
        source = context.data_sources.get(source_name)
    except (KeyError, ValueError):
        add = getattr(context.data_sources, f"add_{engine}")
        source = add(source_name)
    try:
        asset = source.get_asset(name)
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset(name)
    try:
        return asset.get_batch_definition("whole")
    except (KeyError, ValueError):
        return asset.add_batch_definition_whole_dataframe("whole")


def validate_family(con, family) -> SuiteResult:
    """The family's suite on its loaded table (with the helper columns its ``derived`` adds),
    as the blocking ``gx_suite`` check runs it."""
    from orchestration.families.sql import with_derived

    frame = con.execute(with_derived(family.table, family.derived)).df()
    return run_suite(f"raw_{family.name}", frame, family.expectations)
