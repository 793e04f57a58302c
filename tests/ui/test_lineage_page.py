"""The asset lineage page renders in a real browser (headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT

# Flags known to work on this closed network: without the networking ones Chromium stalls
# trying to reach Google's hosts.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=2400,2400",  # tall enough for the whole marts group
    "--virtual-time-budget=30000",
]


def _chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


# The graph is virtualised: only nodes inside the 2400 px window are in the DOM, and where the
# layout places each one changes with the graph. So a group passes when at least this many of
# its assets (as the code location lists them) are rendered by name.
GROUP_MIN_RENDERED = {"raw": 2, "staging": 2, "marts": 4, "publish": 1}


def _group_assets(server, group: str) -> list[str]:
    nodes = server.graphql("{ assetNodes { groupName assetKey { path } } }")["assetNodes"]
    return [n["assetKey"]["path"][-1] for n in nodes if n["groupName"] == group]


@pytest.mark.parametrize("group", GROUP_MIN_RENDERED)
def test_asset_lineage_page_renders_asset_names(server, tmp_path, group):
    # The first visit shows a "join the community" dialog over the graph; mark it as seen,
    # as a person clicking "Skip" would.
    server.graphql("mutation { setNuxSeen }")
    location = server.graphql(
        "{ repositoriesOrError { ... on RepositoryConnection { nodes { location { name } } } } }"
    )["repositoriesOrError"]["nodes"][0]["location"]["name"]
    url = f"{server.url}/locations/{location}/asset-groups/{group}/lineage"
    out = REPO_ROOT / "test-output" / "ui"
    out.mkdir(parents=True, exist_ok=True)
    screenshot = out / f"asset_lineage_{group}.png"
    screenshot.unlink(missing_ok=True)
    _chromium(tmp_path, f"--screenshot={screenshot}", url)
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    names = _group_assets(server, group)
    assert len(names) >= GROUP_MIN_RENDERED[group], names
    rendered = [name for name in names if f">{name}<" in dom or f'"{name}"' in dom]
    assert len(rendered) >= GROUP_MIN_RENDERED[group], (url, names, rendered)
