"""The Dagster instance configuration in $DAGSTER_HOME: SQLite by default, PostgreSQL on request.

``python -m orchestration.instance`` (run by ``make prepare``) writes ``$DAGSTER_HOME/dagster.yaml``
from the repo's ``dagster.yaml``. When ``DAGSTER_PG_HOST`` is set, it adds run, event log and
schedule storage in PostgreSQL whose every connection setting is an ``{env: ...}`` reference, so
no credential is ever written to a file: Dagster reads the variables when the instance loads.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

from orchestration.settings import REPO_ROOT

TEMPLATE = REPO_ROOT / "dagster.yaml"

# dagster-postgres `postgres_db` field -> environment variable; port and password may be left
# unset (port 5432; no password, or libpq's own PGPASSWORD / .pgpass). DAGSTER_PG_SSLMODE
# (optional) asks for TLS.
PG_VARIABLES = {
    "hostname": "DAGSTER_PG_HOST",
    "port": "DAGSTER_PG_PORT",
    "username": "DAGSTER_PG_USER",
    "password": "DAGSTER_PG_PASSWORD",
    "db_name": "DAGSTER_PG_DB",
}
PG_REQUIRED = ("DAGSTER_PG_HOST", "DAGSTER_PG_USER", "DAGSTER_PG_DB")


def uses_postgres(env: Mapping[str, str]) -> bool:
    return bool(env.get("DAGSTER_PG_HOST"))


def postgres_storage(env: Mapping[str, str]) -> dict:
    """The ``storage`` block for PostgreSQL, referring to the variables that are set."""
    missing = [var for var in PG_REQUIRED if not env.get(var)]
    if missing:
        raise ValueError(
            "DAGSTER_PG_HOST is set, so the Dagster instance would keep its runs in PostgreSQL, "
            f"but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set"
        )
    db = {field: {"env": var} for field, var in PG_VARIABLES.items() if env.get(var)}
    # dagster-postgres needs psycopg2; SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3.
    db["scheme"] = "postgresql+psycopg2"
    if env.get("DAGSTER_PG_SSLMODE"):
        # `params` takes no env references; the mode (require, verify-full) is not a secret.
        db["params"] = {"sslmode": env["DAGSTER_PG_SSLMODE"]}
    return {"storage": {"postgres": {"postgres_db": db}}}


def instance_config(env: Mapping[str, str]) -> str:
    """The text of ``$DAGSTER_HOME/dagster.yaml`` for this environment."""
    header = (
        f"# Written by `python -m orchestration.instance` from {TEMPLATE.name} in the repo: edit "
        "that file, not this one.\n"
    )
    text = header + TEMPLATE.read_text(encoding="utf-8")
    if not uses_postgres(env):
        return text
    block = yaml.safe_dump(postgres_storage(env), sort_keys=False, default_flow_style=None)
    return (
        f"{text.rstrip()}\n\n# Runs, event logs and schedules in PostgreSQL (DAGSTER_PG_HOST is set);\n"
        f"# Dagster reads the values from the environment when the instance loads.\n{block}"
    )


def write_instance_config(home: Path, env: Mapping[str, str] | None = None) -> Path:
    """Write ``home/dagster.yaml``; a symlink left by an older checkout is replaced, not followed."""
    env = os.environ if env is None else env
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    text = instance_config(env)
    if target.is_symlink() or not target.exists() or target.read_text(encoding="utf-8") != text:
        tmp = target.with_name(".dagster.yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    return target


def main() -> int:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        print("DAGSTER_HOME is not set (make sets it to .dagster/)", file=sys.stderr)
        return 2
    try:
        target = write_instance_config(Path(home))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    storage = "PostgreSQL" if uses_postgres(os.environ) else "SQLite"
    print(f"Dagster instance: {storage} storage ({target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
