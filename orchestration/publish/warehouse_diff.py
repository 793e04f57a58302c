"""Compare two warehouse files table by table: same tables, same columns, same rows.

Used to prove that a refactoring of the models changed no published number:

    python -m orchestration.publish.warehouse_diff before.duckdb after.duckdb [--schemas marts reference]

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

from orchestration.publish import parity

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


def compare(
    before: Path,
    after: Path,
    schemas: tuple[str, ...] = DEFAULT_SCHEMAS,
    tolerance: float = parity.RELATIVE_TOLERANCE,
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
            before_rows, after_rows = (
                c.execute(f"SELECT * FROM {table}").df() for c in (left, right)
            )
            problems += parity.table_differences(
                table, before_rows, after_rows, rel=tolerance, ignore=IGNORED_COLUMNS
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--schemas", nargs="+", default=list(DEFAULT_SCHEMAS))
    parser.add_argument("--tolerance", type=float, default=parity.RELATIVE_TOLERANCE)
    args = parser.parse_args(argv)
    problems = compare(args.before, args.after, tuple(args.schemas), args.tolerance)
    for problem in problems:
        print(problem)
    print("same" if not problems else f"{len(problems)} tables differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
