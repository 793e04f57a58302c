"""A real `dagster dev` (webserver + daemon) on a free port, against temporary data."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, copy_shipped_raw, free_port

# The default sensor interval (5 s); LEDGER_UI_TEST_SENSOR_INTERVAL=15 measures a longer one.
SENSOR_INTERVAL = int(os.environ.get("LEDGER_UI_TEST_SENSOR_INTERVAL", "5"))


@dataclass
class Server:
    url: str
    root: Path
    log: Path

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = json.loads(response.read())
        assert "errors" not in payload, payload
        return payload["data"]

    @property
    def published(self) -> Path:
        return self.root / "data" / "warehouse.duckdb"


def _reset_signals() -> None:
    # A server started from a script may inherit ignored SIGINT/SIGTERM; restore them so
    # teardown can always stop it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    pgid = os.getpgid(proc.pid)
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):  # children share the process group
        os.killpg(pgid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    root = tmp_path_factory.mktemp("ui")
    copy_shipped_raw(root)
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "LEDGER_RAW_DIR": str(root / "raw"),
        "LEDGER_WAREHOUSE": str(root / "data" / "warehouse.duckdb"),
        "LEDGER_BUILD_DB": str(root / "data" / ".build" / "warehouse.duckdb"),
        "LEDGER_SENSOR_INTERVAL_SECONDS": str(SENSOR_INTERVAL),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log = root / "dagster_dev.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "dagster"),
                "dev",
                "-m",
                "orchestration.definitions",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_reset_signals,
        )
    srv = Server(url=f"http://127.0.0.1:{port}", root=root, log=log)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if srv.graphql("{ version }")["version"]:
                    break
            except Exception as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"dagster dev did not come up:\n{log.read_text()[-3000:]}"
                    ) from exc
                time.sleep(1)
        yield srv
    finally:
        _stop(proc)
