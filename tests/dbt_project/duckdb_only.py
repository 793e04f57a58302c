"""DuckDB-only SQL outside the dispatched macros of dbt_project/macros/portability.sql.

Models and the shared macros must be portable (README, "When one machine is not enough"): an
engine-specific construct goes into a macro with `duckdb__` and `spark__` implementations.
This scans the SQL as written, with Jinja expressions, Jinja and SQL comments and the bodies of
adapter implementations (`duckdb__x`, `spark__x`) removed, for constructs Spark 4 rejects or reads differently.
"""

from __future__ import annotations

import re
from pathlib import Path

# (pattern, what it is); matched case-insensitively on SQL outside Jinja.
FORBIDDEN = [
    (r"\blist_\w+\s*\(", "list_* function"),
    (r"\blist\s*\(", "list() aggregate"),
    (r"\bflatten\s*\(", "flatten()"),
    (r"\b(try_)?strptime\s*\(", "strptime"),
    (r"\bdate_diff\s*\(", "date_diff"),
    (r"\bregexp_full_match\s*\(", "regexp_full_match"),
    (r"\*\s*(exclude|replace)\s*\(", "select * exclude/replace"),
    (r"\[\s*\]|\[\s*'", "list literal"),
    (r"\w\s*\[\s*-?\d*\s*:?\s*-?\d*\s*\]", "list index or string slice"),
    (r"\barg_(max|min)(_null)?\s*\(", "arg_max/arg_min"),
    (r"\bgenerate_series\s*\(", "generate_series"),
    (r"::", ":: cast"),
    (r"\bgroup\s+by\s+all\b", "group by all"),
    (r"\bprintf\s*\(", "printf"),
    (r"\bstruct_pack\s*\(", "struct_pack"),
    (r"\bany_value\s*\(", "any_value (skips NULLs only on DuckDB)"),
    (r"\basof\b", "asof join"),
    (r"\bstarts_with\s*\(", "starts_with"),
    (r"\blen\s*\(", "len()"),
    (r"\bstring_agg\s*\(", "string_agg"),
    (r'"\w+"', "double-quoted identifier (a string literal on Spark)"),
]

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# An adapter's implementation of a dispatched macro (duckdb__x, spark__x) is engine SQL by design.
_ADAPTER_MACRO = re.compile(
    r"\{%-?\s*macro\s+[a-z]+__\w+.*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL | re.IGNORECASE
)
_LINE_COMMENT = re.compile(r"--[^\n]*")


def plain_sql(text: str) -> str:
    """The SQL a model or macro writes itself, outside Jinja and comments."""
    text = _ADAPTER_MACRO.sub(" ", text)
    text = _JINJA.sub(" ", text)
    return _LINE_COMMENT.sub(" ", text)


def duckdb_only_constructs(text: str) -> list[str]:
    sql = plain_sql(text)
    found = []
    for pattern, what in FORBIDDEN:
        for m in re.finditer(pattern, sql, re.IGNORECASE):
            line = sql.count("\n", 0, m.start()) + 1
            found.append(f"line {line}: {what}: {m.group(0)!r}")
    return found


def scan(root: Path) -> dict[str, list[str]]:
    """File -> DuckDB-only constructs, for dbt_project/models and dbt_project/macros."""
    problems = {}
    for path in sorted([*root.glob("models/**/*.sql"), *root.glob("macros/**/*.sql")]):
        found = duckdb_only_constructs(path.read_text(encoding="utf-8"))
        if found:
            problems[str(path.relative_to(root))] = found
    return problems
