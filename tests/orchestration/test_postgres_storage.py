"""The refresh job with the Dagster instance's run and event storage in a real PostgreSQL server.

The server is Debian's `postgresql` package (`.ci/run` installs it), started with initdb and
pg_ctl in a temporary folder on a free port and stopped afterwards. Dagster reaches it the way a
deployment does: `$DAGSTER_HOME/dagster.yaml` written by `orchestration.instance` with the
`DAGSTER_PG_*` variables set, over TCP with a password.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.instance import write_instance_config
from tests.conftest import copy_shipped_raw, free_port, ledger_env, patched_env

PG_USER = "dagster"
PG_DB = "dagster"


def _missing(reason: str) -> None:
    """CI must run this test; a developer without PostgreSQL gets a clear skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: .ci/run should have installed it)")
    pytest.skip(reason)


def pg_bin_dir() -> Path | None:
    """Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin, off PATH."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "pg_ctl").exists()]
    found = [p for p in found if (p / "initdb").exists()]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


@dataclass
class Postgres:
    host: str
    port: int
    user: str
    password: str
    db: str

    def env(self) -> dict[str, str]:
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USER": self.user,
            "DAGSTER_PG_PASSWORD": self.password,
            "DAGSTER_PG_DB": self.db,
        }

    def connect(self):
        import psycopg2

        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=self.db
        )


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: use the postgres account Debian's package made.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str]) -> None:
    done = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )


def _create_role_and_db(sockets: Path, port: int, password: str) -> None:
    """A login role with a password owning its database, as a deployment would have it."""
    import psycopg2
    from psycopg2 import sql

    con = psycopg2.connect(host=str(sockets), port=port, user="postgres", dbname="postgres")
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(sql.Identifier(PG_USER)), [password]
        )
        cur.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(PG_DB), sql.Identifier(PG_USER)
            )
        )
    con.close()


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        _missing(
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
            "/usr/lib/postgresql/*/bin: apt-get install -y postgresql"
        )
    try:
        import dagster_postgres  # noqa: F401
        import psycopg2  # noqa: F401
    except ImportError as exc:
        _missing(f"{exc.name} is not installed: the `scale` extra (make test installs it)")
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
    data, port, password = root / "data", free_port(), secrets.token_urlsafe(16)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
              "--locale=C", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256"])  # fmt: skip
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
              "-o", options, "-w", "-t", "60", "start"])  # fmt: skip
        try:
            _create_role_and_db(root, port, password)
            yield Postgres("127.0.0.1", port, PG_USER, password, PG_DB)
        finally:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def refresh_on_postgres(postgres, tmp_path_factory):
    """One refresh of the shipped figures, recorded in the PostgreSQL instance."""
    import dagster as dg

    from orchestration.definitions import defs

    root = tmp_path_factory.mktemp("pg_refresh")
    copy_shipped_raw(root)
    home = root / "dagster_home"
    with patched_env(postgres.env()):
        write_instance_config(home)
        with dg.DagsterInstance.from_config(str(home)) as instance, ledger_env(root):
            result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
                instance=instance, raise_on_error=False
            )
            yield instance, result, home


def test_instance_storage_is_postgres(refresh_on_postgres):
    from dagster_postgres import (
        PostgresEventLogStorage,
        PostgresRunStorage,
        PostgresScheduleStorage,
    )

    instance, _, home = refresh_on_postgres
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    # Nothing fell back to the SQLite files a default instance keeps under DAGSTER_HOME.
    assert not list(home.rglob("*.db")), list(home.rglob("*.db"))


def test_run_status_and_events_through_the_instance(refresh_on_postgres):
    import dagster as dg

    instance, result, _ = refresh_on_postgres
    assert result.success, [e.step_key for e in result.all_events if e.is_step_failure]
    run = instance.get_run_by_id(result.run_id)
    assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
    assert run.job_name == "refresh_warehouse"
    events = instance.all_logs(result.run_id)
    types = {e.dagster_event.event_type for e in events if e.dagster_event}
    expected = {"RUN_START", "RUN_SUCCESS", "ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION"}
    assert {dg.DagsterEventType[name] for name in expected} <= types
    latest = instance.get_latest_materialization_event(dg.AssetKey(["publish", "warehouse"]))
    assert latest is not None and latest.run_id == result.run_id


def test_run_and_events_are_rows_in_postgres(postgres, refresh_on_postgres):
    """Read the tables directly, without Dagster: the records really live in the server."""
    import dagster as dg

    instance, result, _ = refresh_on_postgres
    with postgres.connect() as con, con.cursor() as cur:
        cur.execute("SELECT pipeline_name, status FROM runs WHERE run_id = %s", [result.run_id])
        assert cur.fetchall() == [("refresh_warehouse", "SUCCESS")]
        cur.execute(
            "SELECT dagster_event_type, count(*) FROM event_logs WHERE run_id = %s "
            "GROUP BY dagster_event_type",
            [result.run_id],
        )
        counts = dict(cur.fetchall())
        cur.execute(
            "SELECT DISTINCT asset_key FROM event_logs WHERE run_id = %s "
            "AND dagster_event_type = 'ASSET_MATERIALIZATION'",
            [result.run_id],
        )
        materialized = {row[0] for row in cur.fetchall()}
    # The table holds Dagster's stored names (RUN_SUCCESS is still "PIPELINE_SUCCESS" there).
    assert counts.get(dg.DagsterEventType.RUN_SUCCESS.value) == 1
    assert counts.get(dg.DagsterEventType.STEP_FAILURE.value) is None
    assert sum(counts.values()) == len(instance.all_logs(result.run_id))
    assert '["publish", "warehouse"]' in materialized
    assert '["marts", "balance"]' in materialized


def test_server_refuses_a_wrong_password(postgres):
    """The storage test proves the password from DAGSTER_PG_PASSWORD reached the driver."""
    import psycopg2

    wrong = Postgres(
        postgres.host, postgres.port, postgres.user, "not-" + postgres.password, postgres.db
    )
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        wrong.connect()
