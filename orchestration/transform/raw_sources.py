"""Generates the dbt source definitions from the raw family descriptions.

Run ``python -m orchestration.transform.raw_sources`` (``make prepare`` does) after editing
a family in ``orchestration/families/``; a test fails if the committed file is out of date.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from orchestration.families import FAMILIES, RAW_SCHEMA
from orchestration.generated import write_if_changed
from orchestration.settings import DBT_PROJECT_DIR

SOURCES_YML = DBT_PROJECT_DIR / "models" / "staging" / "_raw_sources.yml"
COLUMNS_MACRO = DBT_PROJECT_DIR / "macros" / "raw_columns.sql"

HEADER = (
    "# Generated from orchestration/families/ by `python -m orchestration.transform.prepare`.\n"
)


def render() -> str:
    tables = []
    for family in FAMILIES:
        columns = [
            {"name": c.name, "description": c.description}
            | ({"data_type": c.type.lower()} if c.type != "VARCHAR" else {})
            for c in family.columns
        ]
        columns += [{"name": name, "description": text} for name, text in family.lineage]
        tables.append(
            {
                "name": family.name,
                "description": family.description,
                "meta": {"dagster": {"asset_key": [RAW_SCHEMA, family.name]}},
                "columns": columns,
            }
        )
    doc = {
        "version": 2,
        "sources": [
            {
                "name": RAW_SCHEMA,
                "schema": RAW_SCHEMA,
                "description": (
                    "Raw families as landed by the ingestion assets: text, except the "
                    "columns a family declares typed (data_type)."
                ),
                "tables": tables,
            }
        ],
    }
    return HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def render_columns_macro() -> str:
    """``ledger.raw_columns(family)``: the columns a family declares, in order (no lineage).
    A macro, not the sources' YAML read through ``graph``: dbt compiles unit tests without
    the graph."""
    columns = {f.name: [c.name for c in f.columns] for f in FAMILIES}
    return (
        "{#- Generated from orchestration/families/ by `python -m orchestration.transform.prepare`. -#}\n"
        "{% macro raw_columns(family) -%}\n"
        f"    {{{{ return({columns!r}[family]) }}}}\n"
        "{%- endmacro %}\n"
    )


def write(path: Path = SOURCES_YML) -> bool:
    """Write the file; return True if it changed."""
    return write_if_changed(path, render())


if __name__ == "__main__":
    print(f"{SOURCES_YML}: {'updated' if write() else 'up to date'}")
