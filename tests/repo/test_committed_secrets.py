"""No password is committed: every tracked configuration refers to the environment instead."""

from __future__ import annotations

import subprocess
from pathlib import Path

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


def _examples(verdict: str) -> list[tuple[str, str]]:
    """(file name, line) of the examples in secret_examples.tsv with this verdict."""
    text = Path(__file__).with_name("secret_examples.tsv").read_text(encoding="utf-8")
    rows = [row.split("\t") for row in text.splitlines() if row and not row.startswith("#")]
    return [(path, line) for kind, path, line in rows if kind == verdict]


LITERALS = _examples("found")  # each spells out a password and must be found
REFERENCES = _examples("accepted")  # each refers to a password kept elsewhere and must pass


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
