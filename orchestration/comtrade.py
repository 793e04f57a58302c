"""Loading UN Comtrade downloads (``raw/comtrade/``) into ``raw.comtrade``.

Like ``trade_records``, the family loads incrementally through the one loading loop
(``loading.load_files`` with ``incremental.IncrementalLanding``): a file whose bytes (and
sidecar) are already in the table is not read again, a file that left the folder takes its
rows with it. Its reader (``comtrade_files.ComtradeFiles``) reads each new file whole (CSV in
its detected encoding, or Parquet) and gives every row its provenance (URL, download day,
encoding); the file is validated by aggregates: DuckDB counts the rows breaking each rule of
the family, and a file with any bad row is deleted again and reported in
``audit.rejections`` (file, row, column, reason).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.families.contract import RawFamily
from orchestration.incremental import load_incremental
from orchestration.load_report import LoadReport


def load_comtrade(con: duckdb.DuckDBPyConnection, family: RawFamily, raw_dir: Path) -> LoadReport:
    return load_incremental(con, family, raw_dir)
