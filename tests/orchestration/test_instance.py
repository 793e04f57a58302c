"""$DAGSTER_HOME/dagster.yaml: SQLite by default, PostgreSQL from DAGSTER_PG_* without secrets."""

from __future__ import annotations

import secrets

import dagster as dg
import pytest
import yaml

from orchestration.instance import TEMPLATE, write_instance_config

PG_ENV = {
    "DAGSTER_PG_HOST": "db.internal",
    "DAGSTER_PG_PORT": "6543",
    "DAGSTER_PG_USER": "dagster",
    "DAGSTER_PG_PASSWORD": secrets.token_urlsafe(16),
    "DAGSTER_PG_DB": "dagster",
}


def test_default_is_the_repo_config_with_sqlite_storage(tmp_path):
    path = write_instance_config(tmp_path, env={})
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config == yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert "storage" not in config
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert type(instance.run_storage).__name__ == "SqliteRunStorage"
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1


def test_postgres_storage_refers_to_the_environment_only(tmp_path):
    path = write_instance_config(tmp_path, env=PG_ENV)
    text = path.read_text(encoding="utf-8")
    for value in PG_ENV.values():
        if value != "dagster":
            assert value not in text
    config = yaml.safe_load(text)
    db = config["storage"]["postgres"]["postgres_db"]
    assert db.pop("scheme") == "postgresql+psycopg2"
    assert db == {
        "hostname": {"env": "DAGSTER_PG_HOST"},
        "port": {"env": "DAGSTER_PG_PORT"},
        "username": {"env": "DAGSTER_PG_USER"},
        "password": {"env": "DAGSTER_PG_PASSWORD"},
        "db_name": {"env": "DAGSTER_PG_DB"},
    }
    # Everything else (run queue, pools, retention) is the same as with SQLite.
    del config["storage"]
    assert config == yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))


def test_port_and_password_are_optional(tmp_path):
    env = {k: v for k, v in PG_ENV.items() if k not in ("DAGSTER_PG_PORT", "DAGSTER_PG_PASSWORD")}
    config = yaml.safe_load(write_instance_config(tmp_path, env=env).read_text(encoding="utf-8"))
    assert set(config["storage"]["postgres"]["postgres_db"]) == {
        "hostname",
        "username",
        "db_name",
        "scheme",
    }


def test_incomplete_postgres_settings_name_what_is_missing(tmp_path):
    with pytest.raises(ValueError, match="DAGSTER_PG_USER, DAGSTER_PG_DB are not set"):
        write_instance_config(tmp_path, env={"DAGSTER_PG_HOST": "db.internal"})
    assert not (tmp_path / "dagster.yaml").exists()


def test_a_symlinked_config_is_replaced_not_written_through(tmp_path):
    """Older checkouts linked .dagster/dagster.yaml to the repo's file; never overwrite that."""
    original = tmp_path / "repo_dagster.yaml"
    original.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").symlink_to(original)
    path = write_instance_config(home, env=PG_ENV)
    assert not path.is_symlink()
    assert "postgres" in path.read_text(encoding="utf-8")
    assert original.read_text(encoding="utf-8") == "telemetry:\n  enabled: false\n"


def test_tls_mode_is_passed_to_the_driver(tmp_path):
    env = {**PG_ENV, "DAGSTER_PG_SSLMODE": "verify-full"}
    config = yaml.safe_load(write_instance_config(tmp_path, env=env).read_text(encoding="utf-8"))
    assert config["storage"]["postgres"]["postgres_db"]["params"] == {"sslmode": "verify-full"}
