"""Open-data downloads of every publication: each mart as CSV and Parquet plus a Frictionless
data package (``datapackage.json``) with the schema, the descriptions, the sources, the licence
and the run and commit that built it.

Written from the published file (read-only) into ``<exports>/<publication>/`` through a
temporary folder renamed into place, so a folder that exists is complete; ``latest`` then
points at it. The marts are listed from the warehouse itself, so a new mart or column is
exported with no change here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.ingest.raw_files import sha256_of

EXPORTED_SCHEMA = "marts"
PACKAGE_NAME = "rus-prk-ledger"
# The project's choice for what it adds (selection, structure, typing, conversions and
# derived values); it does not re-license the figures, which remain their publishers' work.
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International: the project's licence for this "
    "compilation (selection, structure, typing, conversions and derived values). It is the "
    "project's choice, not a licence granted by the publishers of the figures.",
}
RIGHTS = (
    "Every figure is a claim quoted from a third-party publication (source_url in "
    "claims.csv); the copyright in the original publications stays with their publishers, and "
    "no licence for them is stated or implied here. Cite the original publication with any "
    "figure you reuse."
)

# DuckDB type (prefix) -> Frictionless Table Schema type
_TYPES = (
    ("BOOLEAN", "boolean"),
    ("TINYINT", "integer"),
    ("SMALLINT", "integer"),
    ("INTEGER", "integer"),
    ("BIGINT", "integer"),
    ("HUGEINT", "integer"),
    ("UBIGINT", "integer"),
    ("UINTEGER", "integer"),
    ("DOUBLE", "number"),
    ("FLOAT", "number"),
    ("DECIMAL", "number"),
    ("DATE", "date"),
    ("TIMESTAMP", "datetime"),
)


@dataclass(frozen=True)
class Publication:
    run_id: str
    published_at: datetime

    @property
    def folder_name(self) -> str:
        """Sorts chronologically; the run id keeps two publications in one second apart."""
        return f"{self.published_at:%Y-%m-%dT%H%M%SZ}_{self.run_id[:8]}"


def frictionless_type(duckdb_type: str) -> str:
    if duckdb_type.endswith("[]"):
        return "array"
    for prefix, kind in _TYPES:
        if duckdb_type.startswith(prefix):
            return kind
    return "string"


def git_commit() -> dict:
    """The commit of the code that built the data (``LEDGER_GIT_COMMIT`` where there is no
    checkout), and whether the work tree had uncommitted changes."""
    if os.environ.get("LEDGER_GIT_COMMIT"):
        return {"commit": os.environ["LEDGER_GIT_COMMIT"], "dirty": None}

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", "-C", str(settings.REPO_ROOT), *args],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def latest_publication(con: duckdb.DuckDBPyConnection) -> Publication:
    run_id, at = con.execute(
        "SELECT run_id, published_at FROM audit.publications ORDER BY published_at DESC LIMIT 1"
    ).fetchone()
    return Publication(run_id, at)


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    return con.execute(
        """SELECT table_name, comment FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name = ? ORDER BY table_name""",
        [EXPORTED_SCHEMA],
    ).fetchall()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    return con.execute(
        """SELECT column_name, data_type, comment FROM duckdb_columns()
           WHERE database_name = current_database() AND schema_name = ? AND table_name = ?
           ORDER BY column_index""",
        [EXPORTED_SCHEMA, table],
    ).fetchall()


def _write_table(con, table: str, columns: list, folder: Path) -> None:
    source = f'"{EXPORTED_SCHEMA}"."{table}"'
    # CSV has no lists: a list column is written as a JSON array, which Table Schema's
    # "array" type reads back; timestamps in ISO 8601 with a T.
    select = ", ".join(
        f'to_json("{name}") AS "{name}"'
        if kind.endswith("[]")
        else f'strftime("{name}", \'%Y-%m-%dT%H:%M:%S\') AS "{name}"'
        if kind.startswith("TIMESTAMP")
        else f'"{name}"'
        for name, kind, _ in columns
    )
    csv_path = str(folder / f"{table}.csv").replace("'", "''")
    parquet_path = str(folder / f"{table}.parquet").replace("'", "''")
    con.execute(f"COPY (SELECT {select} FROM {source}) TO '{csv_path}' (FORMAT csv, HEADER)")
    con.execute(f"COPY {source} TO '{parquet_path}' (FORMAT parquet)")


def _schema(columns: list) -> dict:
    return {
        "fields": [
            {
                "name": name,
                "type": frictionless_type(kind),
                "description": comment or "",
                "duckdbType": kind,
            }
            for name, kind, comment in columns
        ]
    }


def _sources(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every root publication the marts rest on, with the URL it is cited by where known."""
    try:
        rows = _root_publications(con)
    except duckdb.CatalogException:  # a warehouse without those marts exports what it has
        return []
    return [
        {
            "title": title,
            "path": url,
            "description": ", ".join(str(part) for part in (org, published_on) if part),
        }
        if url
        else {"title": title, "description": ", ".join(str(p) for p in (org, published_on) if p)}
        for title, org, published_on, url in rows
    ]


def _root_publications(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        """SELECT s.title, s.org, s.published_on,
                  coalesce(s.url, (SELECT min(c.source_url) FROM marts.claims c
                                   WHERE c.root_source_id = s.source_id)) AS url
           FROM marts.sources s
           WHERE s.source_id IN (SELECT root_source_id FROM marts.claims)
           ORDER BY s.published_from NULLS LAST, s.source_id"""
    ).fetchall()


def _descriptor(con, publication: Publication, resources: list[dict]) -> dict:
    return {
        "name": PACKAGE_NAME,
        "title": "Russia–North Korea ledger: the marts of one publication",
        "description": "Cited figures on the economics of the Russia–North Korea military "
        "partnership and the tables derived from them (balance, revisions, comparisons, "
        "market rates, economic impact). Every row traces to the figures (figure_ids) and "
        "every figure to the URL where it was found (claims.csv). " + RIGHTS,
        "version": publication.folder_name,
        "created": publication.published_at.replace(tzinfo=UTC).isoformat(),
        "licenses": [LICENCE],
        "sources": _sources(con),
        "dagsterRunId": publication.run_id,
        "gitCommit": git_commit(),
        "duckdbVersion": duckdb.__version__,
        "resources": resources,
    }


def _resources(table: str, comment: str | None, schema: dict, folder: Path) -> list[dict]:
    """The CSV is the tabular resource (Table Schema types hold for it); the Parquet file is
    listed as a file with its checksum: its native types (lists, dates) need no schema."""
    description = comment or ""
    return [
        {
            "name": table,
            "type": "table",
            "path": f"{table}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": description,
            **_integrity(folder / f"{table}.csv"),
            "schema": schema,
        },
        {
            "name": f"{table}-parquet",
            "type": "file",
            "path": f"{table}.parquet",
            "scheme": "file",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": f"{description} (the same table as Parquet, with native types)",
            **_integrity(folder / f"{table}.parquet"),
        },
    ]


def _integrity(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "hash": f"sha256:{sha256_of(path)}"}


def export_publication(published: Path, root: Path | None = None) -> Path:
    """Export every mart of the published warehouse; return the publication's folder."""
    root = root or settings.exports_dir(published)
    root.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(published), read_only=True) as con:
        publication = latest_publication(con)
        target = root / publication.folder_name
        staging = root / f".{publication.folder_name}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        resources = []
        for table, comment in _tables(con):
            columns = _columns(con, table)
            _write_table(con, table, columns, staging)
            resources += _resources(table, comment, _schema(columns), staging)
        descriptor = _descriptor(con, publication, resources)
    (staging / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False, default=str) + "\n",
        encoding="utf-8",
    )
    shutil.rmtree(target, ignore_errors=True)  # a re-export of the same publication
    os.replace(staging, target)
    point_latest(root, target.name)
    return target


def point_latest(root: Path, name: str) -> None:
    """Swap ``root/latest`` to ``name`` atomically (a relative symlink)."""
    latest = root / "latest"
    tmp = root / f".latest.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(name)
    os.replace(tmp, latest)


if __name__ == "__main__":  # re-export the published warehouse: `make exports`
    print(export_publication(settings.published_path()))
