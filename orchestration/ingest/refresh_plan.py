"""Which assets a refresh has to run: the raw families whose content changed, and downstream.

The build file persists between runs, so a table whose inputs did not change is already
there and the published warehouse (a copy of the whole build file) carries it over. What a
build was made from is recorded in it: ``audit.raw_content`` lists, per family, the files its
raw asset last loaded (with their SHA-256), and ``audit.refresh_state`` the version of the code
(dbt project and orchestration) and the ``as_of`` date of the last published run.

A refresh runs everything when the code, the ``as_of`` date or a file is missing or differs
from the published warehouse; otherwise only the families whose content differs from what
the published warehouse (or the build file, after a failed run) was made from, and
everything downstream of them. Nothing changed: nothing runs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.families import FAMILIES
from orchestration.ingest import fingerprints

RAW_CONTENT_TABLE = "audit.raw_content"
STATE_TABLE = "audit.refresh_state"
_CODE_GLOBS = (
    "orchestration/**/*.py",
    "dbt_project/models/**/*",
    "dbt_project/macros/**/*",
    "dbt_project/seeds/**/*",
    "dbt_project/dbt_project.yml",
    "dbt_project/profiles.yml",
    "requirements.lock",  # e.g. the ECB rates bundled in a package
)


# A family whose blocking check reads another family runs whenever that one changes (the
# corrections must still match the figures).
CHECKED_WITH = {"figures": ("corrections",)}


@dataclass(frozen=True)
class Plan:
    full: bool
    families: tuple[str, ...]  # families whose raw asset (and everything downstream) runs
    reason: str

    @property
    def nothing_to_do(self) -> bool:
        return not self.full and not self.families


def code_version(as_of: str | None) -> str:
    """Hash of everything that decides what a build contains besides the raw files: the code
    and the as-of date (None: today)."""
    digest = hashlib.sha256()
    root = settings.REPO_ROOT
    for path in sorted({p for pattern in _CODE_GLOBS for p in root.glob(pattern)}):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps(as_of).encode())
    return digest.hexdigest()


def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def read_state(path: Path) -> tuple[str | None, dict[str, fingerprints.Fingerprint]]:
    """The code version and the raw fingerprints a warehouse file was built from."""
    if not path.exists():
        return None, {}
    with duckdb.connect(str(path), read_only=True) as con:
        version = None
        if _table_exists(con, STATE_TABLE):
            row = con.execute(f"SELECT code_version FROM {STATE_TABLE}").fetchone()
            version = row[0] if row else None
        prints = {}
        if _table_exists(con, RAW_CONTENT_TABLE):
            for family, rel, mtime_ns, size, sha in con.execute(
                f"SELECT family, path, mtime_ns, size, sha256 FROM {RAW_CONTENT_TABLE}"
            ).fetchall():
                prints[rel] = fingerprints.Fingerprint(family, mtime_ns, size, sha)
    return version, prints


def record_raw_content(con: duckdb.DuckDBPyConnection, family: str, raw_dir: Path) -> None:
    """After a raw asset ran: the files of ``family`` it saw (hashing only changed files)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {RAW_CONTENT_TABLE} (family VARCHAR NOT NULL,
            path VARCHAR NOT NULL, mtime_ns BIGINT, size BIGINT, sha256 VARCHAR NOT NULL)"""
    )
    previous = {
        rel: fingerprints.Fingerprint(family, mtime_ns, size, sha)
        for rel, mtime_ns, size, sha in con.execute(
            f"SELECT path, mtime_ns, size, sha256 FROM {RAW_CONTENT_TABLE} WHERE family = ?",
            [family],
        ).fetchall()
    }
    current = fingerprints.scan(raw_dir, previous, families=[family])
    con.execute(f"DELETE FROM {RAW_CONTENT_TABLE} WHERE family = ?", [family])
    if current:
        con.executemany(
            f"INSERT INTO {RAW_CONTENT_TABLE} VALUES (?, ?, ?, ?, ?)",
            [(f.family, rel, f.mtime_ns, f.size, f.sha256) for rel, f in current.items()],
        )


def record_code_version(con: duckdb.DuckDBPyConnection, run_id: str, as_of: str | None) -> None:
    """Before publishing: the code and the as-of date this build was made with."""
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute(
        f"""CREATE OR REPLACE TABLE {STATE_TABLE} (code_version VARCHAR, as_of VARCHAR,
            run_id VARCHAR, recorded_at TIMESTAMP)"""
    )
    con.execute(
        f"INSERT INTO {STATE_TABLE} VALUES (?, ?, ?, ?)",
        [code_version(as_of), as_of, run_id, datetime.now(UTC).replace(tzinfo=None)],
    )


def plan(
    published_path: Path,
    build_path: Path,
    raw_dir: Path,
    as_of: str | None,
    check_build: bool = True,
) -> Plan:
    """What the next refresh of a warehouse (published file, build file and raw folder, built
    as of ``as_of``; None: today) must run. ``check_build=False`` (the sensor, which must not
    open the build file a run may hold) compares with the published warehouse only."""
    published_version, published = read_state(published_path)
    if published_version is None:
        return Plan(True, (), "no published warehouse with a recorded build state")
    if published_version != code_version(as_of):
        return Plan(True, (), "the code, the dbt project or the as-of date changed")
    changed = set()
    if check_build:
        build_version, built = read_state(build_path)
        if build_version is None:
            return Plan(True, (), "no build file")
        changed |= fingerprints.changed_family_names(
            built, published
        )  # a failed run left the build file ahead
        current = fingerprints.scan(raw_dir, built)
    else:
        current = fingerprints.scan(raw_dir, published)
    changed |= fingerprints.changed_family_names(published, current)
    changed |= {other for name in list(changed) for other in CHECKED_WITH.get(name, ())}
    names = tuple(f.name for f in FAMILIES if f.name in changed)
    reason = f"new, changed or removed content in {', '.join(names)}" if names else "no change"
    return Plan(False, names, reason)
