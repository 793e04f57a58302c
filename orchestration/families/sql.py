"""DuckDB SQL pieces the families' rules and helper columns are built from."""

from __future__ import annotations


def first_day(col: str) -> str:
    """Days since 1970 of the first day a YYYY / YYYY-MM / YYYY-MM-DD text names."""
    return (
        f"date_diff('day', DATE '1970-01-01', "
        f"try_strptime(trim({col}), ['%Y-%m-%d', '%Y-%m', '%Y'])::DATE)"
    )


def last_day(col: str) -> str:
    """Days since 1970 of the last day a YYYY / YYYY-MM / YYYY-MM-DD text names."""
    return (
        f"date_diff('day', DATE '1970-01-01', CASE length(trim({col}))"
        f" WHEN 4 THEN try_strptime(trim({col}) || '-12-31', '%Y-%m-%d')::DATE"
        f" WHEN 7 THEN last_day(try_strptime(trim({col}), '%Y-%m')::DATE)"
        f" ELSE try_strptime(trim({col}), '%Y-%m-%d')::DATE END)"
    )


def unparseable_date(col: str) -> str:
    return f"({col} IS NOT NULL AND {first_day(col)} IS NULL)::INT"


def not_in_list(column: str, values: list[str]) -> str:
    # list_contains over a constant list is a hash lookup; NOT IN over hundreds of literals
    # is evaluated as a chain of comparisons (a hundred times slower on millions of rows).
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"NOT list_contains([{quoted}], trim({column}))"


def not_number(column: str) -> str:
    return f"try_cast(trim({column}) AS DOUBLE) IS NULL"


def with_derived(relation: str, derived: tuple[tuple[str, str], ...]) -> str:
    """``SELECT`` every column of ``relation`` and the helper columns computed over it."""
    columns = "".join(f', {sql.replace("{rows}", relation)} AS "{name}"' for name, sql in derived)
    return f"SELECT *{columns} FROM {relation}"
