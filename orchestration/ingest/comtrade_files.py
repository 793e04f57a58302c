"""What a UN Comtrade download is before it is read: its encoding, its header and where it came
from (the sidecar ``<file>.source.json``, else the Comtrade+ website's file name).

The website exports CSV in UTF-8, sometimes with a byte-order mark, and sometimes in
ISO-8859-1; the encoding is detected from the bytes (a file that is valid UTF-8 is read as
UTF-8, anything else as ISO-8859-1, which every byte sequence is) and recorded per file.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from orchestration.ingest.raw_files import UnreadableFile, first_line, sha256_of
from orchestration.ingest.readers import FileSource, parquet_columns, read_csv_sql

BOM = codecs.BOM_UTF8
UTF8, UTF8_BOM, LATIN1, PARQUET = "UTF-8", "UTF-8 with BOM", "ISO-8859-1", "Parquet"
# DuckDB's read_csv name for each encoding (its UTF-8 reader skips a byte-order mark).
DUCKDB_ENCODING = {UTF8: "utf-8", UTF8_BOM: "utf-8", LATIN1: "latin-1"}
PYTHON_ENCODING = {UTF8: "utf-8", UTF8_BOM: "utf-8-sig", LATIN1: "iso-8859-1"}

SIDECAR_SUFFIX = ".source.json"
# The Comtrade+ website names its exports TradeData_<month>_<day>_<year>_<h>_<m>_<s>.csv.
WEBSITE_NAME = re.compile(r"TradeData_(\d{1,2})_(\d{1,2})_(\d{4})_\d{1,2}_\d{1,2}_\d{1,2}")
WEBSITE_URL = "https://comtradeplus.un.org/TradeFlow"
URL = re.compile(r"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?(?:[/?#]\S*)?$")


class NotAComtradeFile(UnreadableFile):
    """The file cannot be read at all; the message says why."""


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8, else ISO-8859-1."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        first = fh.read(1 << 20)
        has_bom = first.startswith(BOM)
        chunk = first
        try:
            while chunk:
                if b"\x00" in chunk:
                    raise NotAComtradeFile("binary content (NUL bytes), not a CSV text file")
                decoder.decode(chunk)
                chunk = fh.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if has_bom:
                raise NotAComtradeFile(
                    "starts with a UTF-8 byte-order mark but is not UTF-8"
                ) from None
            return LATIN1
    return UTF8_BOM if has_bom else UTF8


def csv_header(path: Path, encoding: str) -> list[str]:
    with path.open("rb") as fh:
        line = fh.readline().decode(PYTHON_ENCODING[encoding])
    header = [name.strip() for name in next(csv.reader([line]), [])]
    if not header or any(not name for name in header):
        raise NotAComtradeFile("the header row has empty column names")
    if len(set(header)) != len(header):
        raise NotAComtradeFile("the header names a column twice")
    return header


@dataclass(frozen=True)
class Provenance:
    url: str
    downloaded_on: date
    basis: str  # "sidecar" or "file name"
    sidecar_sha256: str = ""


def provenance(path: Path, sidecar_sha256: str | None) -> Provenance:
    """URL and download day of a Comtrade file; NotAComtradeFile when there is none."""
    sidecar = sidecar_of(path)
    if sidecar.is_file():
        return _from_sidecar(sidecar, sidecar_sha256 or "")
    match = WEBSITE_NAME.search(path.name)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return Provenance(WEBSITE_URL, date(year, month, day), "file name")
        except ValueError:
            pass
    raise NotAComtradeFile(
        f"no provenance: add {sidecar.name} with the download's url and downloaded_on "
        "(see raw/README.md), or keep the website's name TradeData_<month>_<day>_<year>_"
        "<hour>_<minute>_<second>"
    )


def _from_sidecar(sidecar: Path, sha: str) -> Provenance:
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAComtradeFile(f"{sidecar.name} is not UTF-8 JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise NotAComtradeFile(f"{sidecar.name} must hold a JSON object")
    url = meta.get("url")
    if not isinstance(url, str) or not URL.match(url.strip()):
        raise NotAComtradeFile(f"{sidecar.name}: url is missing or not a well-formed http(s) URL")
    try:
        downloaded = date.fromisoformat(str(meta.get("downloaded_on", ""))[:10])
    except ValueError:
        raise NotAComtradeFile(
            f"{sidecar.name}: downloaded_on is missing or not a YYYY-MM-DD date"
        ) from None
    if downloaded > datetime.now(UTC).date():
        raise NotAComtradeFile(f"{sidecar.name}: downloaded_on {downloaded} is in the future")
    return Provenance(url.strip(), downloaded, "sidecar", sha)


class ComtradeFiles:
    """The reader of ``raw/comtrade/``: a data file (not a sidecar) is identified by its bytes
    and its sidecar's, read in its detected encoding (or as Parquet), every column as text,
    and carries its provenance on every row."""

    key_columns = ("_file_sha256", "_sidecar_sha256")  # a new sidecar reloads the file

    def is_data(self, path: Path) -> bool:
        return not is_sidecar(path)

    def key(self, path: Path, sha: str) -> tuple:
        sidecar = sidecar_of(path)
        return (sha, sha256_of(sidecar) if sidecar.is_file() else "")

    def open(self, path: Path, family) -> FileSource:
        origin = provenance(path, self.key(path, "")[1])
        if path.suffix.lower() == ".parquet":
            types = parquet_columns(path)
            reader = "read_parquet(?, file_row_number = true)"
            encoding, row_number = PARQUET, "file_row_number + 1"
        else:
            encoding, row_number = detect_encoding(path), None
            types = {name: "VARCHAR" for name in csv_header(path, encoding)}
            reader = read_csv_sql(types, encoding=DUCKDB_ENCODING[encoding])
        lineage = (encoding, origin.url, origin.downloaded_on.isoformat(), origin.basis)
        return FileSource(
            reader, list(types), path, row_number, (*lineage, origin.sidecar_sha256), types=types
        )

    def explain(self, path: Path, error: Exception) -> str:
        if isinstance(error, duckdb.Error):
            return f"cannot be read as a Comtrade CSV or Parquet file (truncated?): {first_line(error)}"
        return first_line(error)


COMTRADE_FILES = ComtradeFiles()


def write_sidecar(path: Path, url: str, downloaded_at: datetime, query: dict) -> Path:
    """The sidecar the fetch command writes next to a download."""
    sidecar = sidecar_of(path)
    sidecar.write_text(
        json.dumps(
            {
                "source": "UN Comtrade",
                "url": url,
                "downloaded_on": downloaded_at.date().isoformat(),
                "downloaded_at": downloaded_at.isoformat(timespec="seconds"),
                "query": query,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return sidecar
