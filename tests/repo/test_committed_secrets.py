"""No password is committed: every tracked configuration refers to the environment instead."""

from __future__ import annotations

import subprocess

import pytest

from orchestration.settings import REPO_ROOT
from tests.repo.committed_secrets import scan_repo, scan_text

LITERAL_YAML = (
    "storage:\n  postgres:\n    postgres_db:\n      password: hunter2\n"  # pragma: allowlist secret
)


def test_no_tracked_file_holds_a_password():
    findings = scan_repo(REPO_ROOT)
    assert not findings, (
        "passwords written into tracked files (read them from the environment or a secret "
        "store instead, e.g. `password: {env: DAGSTER_PG_PASSWORD}`):\n"
        + "\n".join(map(str, findings))
    )


# Each of these spells out a password and must be found.
LITERALS = [
    ("dagster.yaml", "      password: hunter2"),  # pragma: allowlist secret
    ("dagster.yaml", '      password: "hunter2"  # for now'),  # pragma: allowlist secret
    ("profiles.yml", "      password: 'hunter2'"),  # pragma: allowlist secret
    ("setup.ini", "db_password = hunter2"),  # pragma: allowlist secret
    ("pyproject.toml", 'password = "hunter2"'),  # pragma: allowlist secret
    ("settings.py", 'PG_PASSWORD = "hunter2"'),  # pragma: allowlist secret
    ("settings.py", 'connect(user="x", password="hunter2")'),  # pragma: allowlist secret
    ("settings.py", 'config = {"password": "hunter2"}'),  # pragma: allowlist secret
    ("settings.py", 'def connect(password: str = "hunter2"):'),  # pragma: allowlist secret
    ("README.md", "postgresql://dagster:hunter2@db:5432/dagster"),  # pragma: allowlist secret
    ("profiles.yml", "      token: dapi0123456789abcdef"),  # pragma: allowlist secret
    ("settings.py", 'SECRET_KEY = "0123456789abcdef"'),  # pragma: allowlist secret
]

# Each of these refers to a password kept elsewhere (or has none) and must pass.
REFERENCES = [
    ("dagster.yaml", "      password: {env: DAGSTER_PG_PASSWORD}"),
    ("dagster.yaml", "      password:"),
    ("dagster.yaml", "      password: null"),
    ("profiles.yml", "      password: \"{{ env_var('SPARK_PASSWORD') }}\""),
    ("settings.py", 'password = os.environ["DAGSTER_PG_PASSWORD"]'),
    ("settings.py", "connect(user=user, password=password)"),
    ("settings.py", 'password = os.getenv("PG_PASSWORD", "")'),
    ("settings.py", "def connect(password: str | None = None):"),
    ("settings.py", 'FIELDS = {"password": "DAGSTER_PG_PASSWORD"}'),
    ("settings.py", 'password = ""'),
    ("run.sh", 'export PGPASSWORD="$DAGSTER_PG_PASSWORD"'),
    ("dagster.yaml", "      password_file: /run/secrets/dagster_pg"),
    ("README.md", "postgresql://dagster:${DAGSTER_PG_PASSWORD}@db:5432/dagster"),
    ("README.md", "The password comes from the environment."),
    ("profiles.yml", "      token: \"{{ env_var('DATABRICKS_TOKEN') }}\""),
    ("dagster.yaml", "    env_secrets: [ledger-postgres]"),
    ("parser.py", 'separator_token = ","'),
]


@pytest.mark.parametrize(("path", "line"), LITERALS)
def test_scanner_finds_a_literal_password(path, line):
    assert [f.line for f in scan_text(f"# header\n{line}\n", path)] == [2]


@pytest.mark.parametrize(("path", "line"), REFERENCES)
def test_scanner_accepts_references_to_the_environment(path, line):
    assert scan_text(line, path) == []


def test_allow_marker_exempts_one_line():
    text = "password: hunter2  # pragma: allowlist secret\npassword: hunter3\n"  # pragma: allowlist secret
    assert [f.line for f in scan_text(text, "x.yml")] == [2]


def test_repo_scan_reads_tracked_files_only(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "dagster.yaml").write_text(LITERAL_YAML, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(LITERAL_YAML, encoding="utf-8")  # not a scanned type
    (tmp_path / "local.yaml").write_text(LITERAL_YAML, encoding="utf-8")  # never added
    subprocess.run(["git", "-C", str(tmp_path), "add", "dagster.yaml", "notes.txt"], check=True)
    findings = scan_repo(tmp_path)
    assert [(f.path, f.line) for f in findings] == [("dagster.yaml", 4)]
