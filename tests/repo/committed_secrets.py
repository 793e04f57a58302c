"""Find passwords (and other credentials) written into tracked files instead of read from the
environment.

Credentials come from the environment or a secret store (README, "Who may reach what"): a
configuration refers to them (`{env: DAGSTER_PG_PASSWORD}` in dagster.yaml, `env_var('...')` in
dbt, `os.environ[...]` in Python, `${VAR}` in a shell), it never holds them. A line that must
show an example value (a test of this scanner) carries `pragma: allowlist secret`.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCANNED_SUFFIXES = {
    ".py", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".env", ".json", ".md", ".sh", ".sql",
}  # fmt: skip
SCANNED_NAMES = {"Makefile", "run", ".env"}
ALLOW_MARKER = "pragma: allowlist secret"

# A key naming a credential, then `:` or `=`, optionally after a Python annotation. In Python
# "token" mostly means a parser's token, so there only passwords, secrets and keys count.
_ASSIGNMENT = r"""(?ix)
    (?P<key>[\w.-]*(?:{words})[\w.-]*)["']?
    \s*(?::\s*[\w\[\]|., ]+?\s*(?==))?   # `password: str = ...`
    [:=]\s*(?P<value>.*)"""
_PY_WORDS = r"password|passwd|pwd|secret|api_?key|access_?key"
_ASSIGNMENT_PY = re.compile(_ASSIGNMENT.format(words=_PY_WORDS))
_ASSIGNMENT_CONFIG = re.compile(_ASSIGNMENT.format(words=_PY_WORDS + "|token"))
# Keys naming where a credential is found, not the credential itself.
_POINTER_KEY = re.compile(
    r"(?i)(_file|_path|_env|_var|_variable|_command|_cmd|_name|_secrets)$|^env_"
)
# user:password@ inside a URL.
_URL_CREDENTIALS = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<value>[^\s/@]+)@")
_QUOTED = re.compile(r"""^[rbuf]*(?P<q>["'])(?P<s>.*?)(?P=q)""", re.IGNORECASE)
# How a value refers to a secret kept elsewhere: an env reference, a template, a placeholder
# (`<password>`, `***`, `...`) or the name of the variable holding it (`DAGSTER_PG_PASSWORD`).
_REFERENCE = re.compile(
    r"""(?x) ^\{\s*env\s*: | env_var\s*\( | os\.environ | getenv\s*\( | ^\$ | \{\{ | ^<.*>$
    | ^\*+$ | ^\.\.\.$ | ^[A-Z][A-Z0-9_]*(PASSWORD|PASSWD|PWD)[A-Z0-9_]*$"""
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text.strip()}"


def _literal(value: str, python: bool) -> bool:
    """Whether ``value`` (what follows `password:`/`=`) spells out a password."""
    value = value.strip()
    quoted = _QUOTED.match(value)
    if quoted:
        text = quoted.group("s").strip()
    elif python:
        return False  # a name or a call: computed, not written down
    else:
        text = re.split(r"\s+#|,|;", value, maxsplit=1)[0].strip()
        if text.lower() in ("null", "none", "~", "[]", "{}") or text.startswith("{%"):
            return False
    return bool(text) and not _REFERENCE.search(text)


def scan_text(text: str, path: str) -> list[Finding]:
    python = path.endswith(".py")
    assignment = _ASSIGNMENT_PY if python else _ASSIGNMENT_CONFIG
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ALLOW_MARKER in line:
            continue
        hits = [
            m.group("value")
            for m in assignment.finditer(line)
            if not _POINTER_KEY.search(m.group("key"))
        ]
        hits += [m.group("value") for m in _URL_CREDENTIALS.finditer(line)]
        if any(_literal(value, python) for value in hits):
            findings.append(Finding(path, number, line))
    return findings


def tracked_files(repo: Path) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True
    ).stdout.decode()
    paths = [repo / p for p in out.split("\0") if p]
    return [p for p in paths if p.suffix in SCANNED_SUFFIXES or p.name in SCANNED_NAMES]


def scan_repo(repo: Path) -> list[Finding]:
    findings = []
    for path in tracked_files(repo):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            findings += scan_text(text, str(path.relative_to(repo)))
    return findings
