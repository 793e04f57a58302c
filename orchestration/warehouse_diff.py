"""Compare two warehouse files table by table: same tables, same columns, same rows.

Used to prove that a refactoring of the models changed no published number:

    python -m orchestration.warehouse_diff before.duckdb after.duckdb [--schemas marts reference]

Rows are compared as multisets (order does not count); numbers match within ``tolerance``
(relative, as in the Spark parity test, whose cell comparison this shares), so that a changed
order of summation does not count as a change.
Columns that record when a row was loaded differ between any two builds and are left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from orchestration.parity import normalise, same_value, sort_key

DEFAULT_SCHEMAS = ("marts", "reference")
IGNORED_COLUMNS = frozenset({"loaded_at", "_loaded_at"})


def _tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> dict[str, list[str]]:
    rows = con.execute(
        """SELECT table_schema || '.' || table_name, column_name
           FROM information_schema.columns
           WHERE table_schema IN (SELECT unnest(?))
           ORDER BY table_schema, table_name, ordinal_position""",
        [list(schemas)],
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[tuple]:
    select = ", ".join(f'"{c}"' for c in columns)
    rows = con.execute(f"SELECT {select} FROM {table}").fetchall()
    return sorted((tuple(normalise(v) for v in r) for r in rows), key=sort_key)


def _table_differences(
    before: duckdb.DuckDBPyConnection,
    after: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    tolerance: float,
) -> list[str]:
    left, right = _rows(before, table, columns), _rows(after, table, columns)
    if len(left) != len(right):
        return [f"{table}: {len(left)} rows before, {len(right)} after"]
    for number, (a, b) in enumerate(zip(left, right, strict=True)):
        changed = [
            c for c, x, y in zip(columns, a, b, strict=True) if not same_value(x, y, tolerance)
        ]
        if changed:
            return [f"{table}: row {number} differs in {', '.join(changed)}: {a} != {b}"]
    return []


def compare(
    before: Path,
    after: Path,
    schemas: tuple[str, ...] = DEFAULT_SCHEMAS,
    tolerance: float = 1e-9,
) -> list[str]:
    """Every difference between the two files in ``schemas``, one sentence each; [] = same."""
    with (
        duckdb.connect(str(before), read_only=True) as left,
        duckdb.connect(str(after), read_only=True) as right,
    ):
        old, new = _tables(left, schemas), _tables(right, schemas)
        problems = [f"{t}: only before" for t in sorted(old.keys() - new.keys())]
        problems += [f"{t}: only after" for t in sorted(new.keys() - old.keys())]
        for table in sorted(old.keys() & new.keys()):
            if old[table] != new[table]:
                problems.append(f"{table}: columns {old[table]} before, {new[table]} after")
                continue
            columns = [c for c in old[table] if c not in IGNORED_COLUMNS]
            problems += _table_differences(left, right, table, columns, tolerance)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--schemas", nargs="+", default=list(DEFAULT_SCHEMAS))
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args(argv)
    problems = compare(args.before, args.after, tuple(args.schemas), args.tolerance)
    for problem in problems:
        print(problem)
    print("same" if not problems else f"{len(problems)} tables differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
