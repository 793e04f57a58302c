"""Are two builds of the marts the same? Same rows, numbers equal within a relative tolerance.

Used by the Spark parity test (DuckDB against Spark), the incremental-equals-full test and
``orchestration.publish.warehouse_diff`` (two warehouse files before and after a change to the models).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pandas as pd

RELATIVE_TOLERANCE = 1e-9


def normalise(value):
    """One comparable Python value per cell, whatever engine and driver produced it."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp | datetime):
        return value.date() if value == pd.Timestamp(value).normalize() else value
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        value = value.tolist()
    if isinstance(value, list | tuple):
        return tuple(normalise(v) for v in value)
    if isinstance(value, int | bool | float | str | date):
        return value
    return str(value)


def same_value(a, b, rel: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=rel, abs_tol=0.0) or a == b
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_value(x, y, rel) for x, y in zip(a, b, strict=True))
    return a == b


def sort_key(row: tuple) -> tuple:
    # Numbers rounded so that rows equal within the tolerance sort alike.
    return tuple(
        (0, "") if v is None else (1, f"{v:.6e}" if isinstance(v, float) else repr(v)) for v in row
    )


def table_differences(
    name: str,
    left: pd.DataFrame,
    right: pd.DataFrame,
    rel: float = RELATIVE_TOLERANCE,
    ignore: Iterable[str] = (),
) -> list[str]:
    """What differs between two versions of one table (empty when they agree); columns in
    ``ignore`` are left out."""
    left, right = (df.drop(columns=[c for c in ignore if c in df.columns]) for df in (left, right))
    left_cols, right_cols = set(left.columns), set(right.columns)
    if left_cols != right_cols:
        return [
            f"{name}: columns differ: only left {sorted(left_cols - right_cols)}, "
            f"only right {sorted(right_cols - left_cols)}"
        ]
    columns = sorted(left_cols)
    rows = [
        sorted(
            (tuple(normalise(v) for v in r) for r in df[columns].itertuples(index=False)),
            key=sort_key,
        )
        for df in (left, right)
    ]
    if len(rows[0]) != len(rows[1]):
        return [f"{name}: {len(rows[0])} rows against {len(rows[1])}"]
    problems = []
    for a, b in zip(*rows, strict=True):
        for column, x, y in zip(columns, a, b, strict=True):
            if not same_value(x, y, rel):
                row = dict(zip(columns, a, strict=True))
                problems.append(f"{name}.{column}: {x!r} against {y!r} (row {str(row)[:300]})")
                break
        if len(problems) >= 5:
            break
    return problems


def duckdb_tables(path: str, schema: str = "marts") -> dict[str, pd.DataFrame]:
    with duckdb.connect(path, read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "order by table_name",
                [schema],
            ).fetchall()
        ]
        return {n: con.execute(f'select * from "{schema}"."{n}"').df() for n in names}


def differences(
    left: dict[str, pd.DataFrame],
    right: dict[str, pd.DataFrame],
    names: Iterable[str],
    ignore: Iterable[str] = (),
) -> list[str]:
    problems = []
    for name in names:
        if name not in left or name not in right:
            problems.append(f"{name}: missing on the {'left' if name not in left else 'right'}")
            continue
        problems += table_differences(name, left[name], right[name], ignore=ignore)
    return problems
