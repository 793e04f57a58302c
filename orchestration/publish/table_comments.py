"""Table and column comments in the warehouse, so the published file explains itself.

Written just before publication into the build file: models and seeds from their dbt YAML
descriptions (read from the manifest), the raw tables from the family descriptions
(``orchestration/families/``), the audit tables from the texts below, and, for staging and intermediate
models, whatever their YAML leaves open: the table from the comment heading its SQL, a column
from the same-named column of the model it is passed through from unchanged (the manifest's
lineage), else a pointer to the SQL that computes it. Readers see them with ``duckdb_tables()``
and ``duckdb_columns()``.

This does what dbt's ``persist_docs`` does, for every table at once: ``persist_docs`` queries
the columns and comments each model separately inside ``dbt build`` and cost about 3 s of a
~22 s build here, against a fraction of a second for this.
"""

from __future__ import annotations

import json
import re
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.families import FAMILIES

AUDIT_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "audit.rejections": (
        "One row per problem found in a raw file; the file was not loaded and stays in raw/ "
        "untouched until it changes.",
        {
            "family": "Raw family of the file (figures, sources, corrections, trade_records, ...)",
            "source_file": "The rejected file, relative to the raw folder",
            "source_row": "Data row with the problem (1 = first row after the header); NULL "
            "when the whole file is concerned",
            "column_name": "Column with the problem; NULL when the whole row or file is concerned",
            "value": "The offending value as written in the file",
            "reason": "What is wrong and, where it can tell, what to do",
            "detected_at": "When the run that found the problem loaded the family (UTC)",
        },
    ),
    "audit.publications": (
        "One row per publication of this warehouse: the Dagster run that published it.",
        {
            "run_id": "Dagster run id of the publishing run",
            "published_at": "When the file was published (UTC)",
            "duckdb_version": "DuckDB version that wrote the file",
        },
    ),
    "audit.raw_content": (
        "What this build was made from: per raw family, the files its raw asset last loaded. "
        "A refresh compares the raw folder with it to run only the families that changed.",
        {
            "family": "Raw family (figures, sources, trade_records, comtrade, ...)",
            "path": "The file, relative to the raw folder",
            "mtime_ns": "Modification time when loaded (ns since the epoch); decides only "
            "whether the file needs hashing again",
            "size": "Size in bytes when loaded",
            "sha256": "SHA-256 of the file's content when loaded",
        },
    ),
    "audit.refresh_state": (
        "The code and as-of date this build was made with; a change of either runs everything.",
        {
            "code_version": "Hash of the orchestration code, the dbt project and requirements.lock",
            "as_of": "The as-of date of the build (YYYY-MM-DD); NULL for a build as of today",
            "run_id": "Dagster run id of the run that published the build",
            "recorded_at": "When it was recorded (UTC)",
        },
    ),
    "audit.batch_rule_counts": (
        "Per accepted file of an incrementally loaded family (trade_records, comtrade) and per "
        "row rule: rows and rows breaking the rule, counted when the file was loaded, so the "
        "whole-table check adds these up instead of reading every row again.",
        {
            "family": "Raw family of the file",
            "file_sha256": "SHA-256 of the file's content",
            "rule_column": "The column whose rule was counted",
            "rows": "Rows of the file",
            "bad_rows": "Rows breaking the rule (0 for an accepted file)",
            "counted_at": "When the file was counted (UTC)",
        },
    ),
}

_HEADING = re.compile(r"\A(?:\s*--[^\n]*\n)+")


def _comment(con: duckdb.DuckDBPyConnection, target: str, text: str) -> None:
    # COMMENT ON takes no parameters; the text is a quoted literal.
    literal = "'" + text.replace("'", "''") + "'"
    con.execute(f"COMMENT ON {target} IS {literal}")


def _existing(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        """SELECT schema_name || '.' || table_name, column_name FROM duckdb_columns()
           WHERE database_name = current_database()"""
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def _document(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, set[str]],
    table: str,
    description: str,
    columns: dict[str, str],
) -> None:
    if table not in tables:
        return
    schema, name = table.split(".")
    if description:
        _comment(con, f'TABLE "{schema}"."{name}"', description)
    for column, text in columns.items():
        if text and column in tables[table]:
            _comment(con, f'COLUMN "{schema}"."{name}"."{column}"', text)


def _dbt_nodes() -> dict[str, dict]:
    """schema.table -> the dbt model or seed: its YAML descriptions (table and columns), and
    for models the SQL path, the comment heading it, its parents and its SQL."""
    manifest = settings.DBT_PROJECT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        return {}
    data = json.loads(manifest.read_text(encoding="utf-8"))
    relation = {}
    for uid, node in {**data["nodes"], **data["sources"]}.items():
        if node["resource_type"] in ("model", "seed", "source"):
            relation[uid] = f"{node['schema']}.{node.get('alias') or node['name']}"
    nodes = {}
    for uid, node in data["nodes"].items():
        if node["resource_type"] not in ("model", "seed"):
            continue
        heading = _HEADING.match(node.get("raw_code", ""))
        nodes[relation[uid]] = {
            "kind": node["resource_type"],
            "description": node.get("description") or "",
            "columns": {c: v.get("description") or "" for c, v in node["columns"].items()},
            "sql": f"dbt_project/{node['original_file_path']}",
            "heading": " ".join(
                line.strip().removeprefix("--").strip()
                for line in (heading.group(0) if heading else "").splitlines()
            ).strip(),
            "parents": [relation[p] for p in node["depends_on"].get("nodes", []) if p in relation],
            "sql_text": node.get("raw_code", ""),
        }
    return nodes


def _comments(con: duckdb.DuckDBPyConnection) -> tuple[dict, dict]:
    tables = dict(
        con.execute(
            """SELECT schema_name || '.' || table_name, comment FROM duckdb_tables()
               WHERE database_name = current_database()"""
        ).fetchall()
    )
    columns = {
        (t, c): text
        for t, c, text in con.execute(
            """SELECT schema_name || '.' || table_name, column_name, comment
               FROM duckdb_columns() WHERE database_name = current_database()"""
        ).fetchall()
    }
    return tables, columns


def _fill_model_gaps(con: duckdb.DuckDBPyConnection, nodes: dict[str, dict]) -> None:
    """Comments for model tables and columns their YAML leaves undocumented."""
    table_comments, column_comments = _comments(con)
    models = {t: n for t, n in nodes.items() if n["kind"] == "model"}
    # Parents first, so a column passed through several models inherits all the way down.
    order = TopologicalSorter(
        {t: [p for p in m["parents"] if p in models] for t, m in models.items()}
    )
    for table in order.static_order():
        model = models[table]
        if table not in table_comments:
            continue
        schema, name = table.split(".")
        if not table_comments[table] and model["heading"]:
            _comment(con, f'TABLE "{schema}"."{name}"', model["heading"])
        for (owner, column), text in sorted(column_comments.items()):
            if owner != table or text:
                continue
            # A column the SQL computes (``... AS name``) means something new; only columns
            # passed through unchanged take their parent's description.
            computed = re.search(rf"\bas\s+{re.escape(column)}\b", model["sql_text"], re.I)
            inherited = (
                None
                if computed
                else next(
                    (
                        column_comments.get((parent, column))
                        for parent in model["parents"]
                        if column_comments.get((parent, column))
                    ),
                    None,
                )
            )
            _comment(
                con,
                f'COLUMN "{schema}"."{name}"."{column}"',
                inherited or f"Computed in {model['sql']} (see that file and the dbt docs).",
            )
            column_comments[(owner, column)] = inherited


def document_warehouse(path: Path) -> None:
    """Write the comments dbt does not into the warehouse file at ``path``."""
    with duckdb.connect(str(path)) as con:
        # One transaction: hundreds of COMMENT statements, each committed alone, cost seconds.
        con.execute("BEGIN TRANSACTION")
        tables = _existing(con)
        for family in FAMILIES:
            _document(
                con,
                tables,
                family.table,
                family.description,
                {c.name: c.description for c in family.columns} | dict(family.lineage),
            )
        for table, (description, columns) in AUDIT_TABLES.items():
            _document(con, tables, table, description, columns)
        nodes = _dbt_nodes()
        for table, node in nodes.items():
            _document(con, tables, table, node["description"], node["columns"])
        _fill_model_gaps(con, nodes)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")


def undocumented(path: Path, schema: str | None = None) -> list[str]:
    """Tables and columns (schema.table[.column]) of a warehouse file without a comment."""
    where = "AND schema_name = ?" if schema else ""
    params = [schema] if schema else []
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            f"""SELECT schema_name || '.' || table_name FROM duckdb_tables()
                WHERE database_name = current_database() AND coalesce(comment, '') = '' {where}
                UNION ALL
                SELECT schema_name || '.' || table_name || '.' || column_name
                FROM duckdb_columns()
                WHERE database_name = current_database() AND coalesce(comment, '') = '' {where}
                ORDER BY 1""",
            params * 2,
        ).fetchall()
    return [r[0] for r in rows]
