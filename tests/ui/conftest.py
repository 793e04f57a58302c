"""A real `dagster dev` (webserver + daemon) on a free port, against temporary data."""

from __future__ import annotations

import base64
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


class DevTools:
    """A headless Chromium page driven over the DevTools protocol (websocket): evaluate
    JavaScript, type text, take screenshots."""

    def __init__(self, socket):
        self._socket = socket
        self._id = 0

    def send(self, method: str, **params) -> dict:
        self._id += 1
        self._socket.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=60))
            if message.get("id") == self._id:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def type(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def screenshot(self, path: Path) -> Path:
        metrics = self.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 1}
        shot = self.send(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@pytest.fixture
def devtools(tmp_path):
    """Open a URL in headless Chromium and drive it: ``devtools(url)`` gives a ``DevTools``
    once the page has loaded; the browser is stopped after the test."""
    from websockets.sync.client import connect

    from tests.ui.test_lineage_page import FLAGS

    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    profile = tmp_path / "devtools-profile"
    flags = [f for f in FLAGS if not f.startswith(("--window-size", "--virtual-time"))]
    opened: list[tuple[subprocess.Popen, object]] = []

    def open_page(url: str) -> DevTools:
        proc = subprocess.Popen(
            [
                browser,
                *flags,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
                url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            assert proc.poll() is None and time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.2)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=30) as response:
            page = next(t for t in json.loads(response.read()) if t["type"] == "page")
        socket = connect(page["webSocketDebuggerUrl"], max_size=None)
        opened.append((proc, socket))
        tools = DevTools(socket)
        loaded = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        while not tools.evaluate(loaded):
            assert time.monotonic() < deadline, "the page did not load"
            time.sleep(0.2)
        return tools

    yield open_page
    for proc, socket in opened:
        socket.close()
        _stop(proc)
