"""The one loop every raw family's files go through: find → hash → skip duplicates and files
already loaded → read → check → insert or reject, whole files only.

What differs between families is declared, not coded here: the family's ``reader`` (which
files are data, what identifies a loaded file, how a file is read and a read error
explained) and a ``Landing`` (where rows are inserted, the checks run per file, and what
happens at the end: the whole family replaced, or files that left the folder deleted).
``replacing.ReplacingLanding`` and ``incremental.IncrementalLanding`` are the two landings.
A rejected file is never moved or changed; every problem goes to ``audit.rejections``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import duckdb

from orchestration.ingest.comtrade_files import COMTRADE_FILES
from orchestration.ingest.load_report import (
    LoadedFile,
    LoadReport,
    Rejection,
    ensure_audit_schema,
    record_rejections,
)
from orchestration.ingest.raw_files import UnreadableFile, discover, sha256_of, unreadable_reason
from orchestration.ingest.readers import CONTRACT_CSV, CUSTOMS_FILES, FileSource

if TYPE_CHECKING:
    from orchestration.families.contract import RawFamily

log = logging.getLogger(__name__)


class Landing(Protocol):
    def prepare(self) -> set[tuple]:
        """Create what the landing needs; return the keys of the files already loaded."""

    def insert(self, source: FileSource, rel: str, sha: str) -> int:
        """Insert one file's rows; return how many."""

    def check(self, source: FileSource, rel: str, sha: str) -> tuple[list[Rejection], object]:
        """The problems of the file just inserted, and the suite result that found them."""

    def discard(self, sha: str) -> None:
        """Remove the rows of a file (rejected, or about to be inserted again)."""

    def accept(self, sha: str, result: object) -> None:
        """Keep what an accepted file's checks found (e.g. its rule counts)."""

    def finish(self, report: LoadReport, kept: set[tuple], gone: set[tuple]) -> None:
        """After every file: validate across files, replace the table or delete ``gone``."""


# The readers a family can name (``RawFamily.reader``); a family that names none is read in the
# contract's CSV dialect.
READERS = {"customs_files": CUSTOMS_FILES, "comtrade_files": COMTRADE_FILES}


def reader_of(family: RawFamily):
    """How a file of ``family`` is read."""
    return READERS[family.reader] if family.reader is not None else CONTRACT_CSV


@dataclass
class _Run:
    family: RawFamily
    landing: Landing
    raw_dir: Path
    report: LoadReport = field(default_factory=LoadReport)
    present: set[tuple] = field(default_factory=set)
    kept: set[tuple] = field(default_factory=set)  # keys of the files now in the table
    seen: dict[str, str] = field(default_factory=dict)  # content hash -> the file that has it
    results: list = field(default_factory=list)

    @property
    def reader(self):
        return reader_of(self.family)

    def reject(self, rel: str, reason: str, **where) -> None:
        self.report.rejections.append(Rejection(self.family.name, rel, reason, **where))


def load_files(
    con: duckdb.DuckDBPyConnection,
    family: RawFamily,
    raw_dir: Path,
    landing: Landing,
    loaded_at: datetime | None = None,
) -> LoadReport:
    """Load every data file of ``family`` through ``landing``."""
    loaded_at = loaded_at or datetime.now(UTC).replace(tzinfo=None)
    ensure_audit_schema(con)
    run = _Run(family, landing, raw_dir)
    run.present = landing.prepare()
    for path in discover(family, raw_dir):
        if run.reader.is_data(path):
            _take(run, path)
    run.report.validation = run.results[-1] if run.results else None
    run.report.unchanged = len(run.kept & run.present)
    landing.finish(run.report, run.kept, run.present - run.kept)
    record_rejections(con, family, run.report.rejections, loaded_at)
    return run.report


def _take(run: _Run, path: Path) -> None:
    """One file: skip it (duplicate, already loaded), or land it whole or reject it whole."""
    raw_dir = run.raw_dir
    rel = path.relative_to(raw_dir).as_posix()
    reason = unreadable_reason(path, raw_dir.resolve())
    if reason:
        run.reject(rel, reason)
        return
    resolved = path.resolve()
    sha = sha256_of(resolved)
    if sha in run.seen:
        run.report.duplicates.append((rel, run.seen[sha]))
        log.info("%s has the same content as %s; not loaded twice", rel, run.seen[sha])
        return
    key = run.reader.key(path, sha)
    if key not in run.present:
        loaded = _land(run, path, rel, sha)
        if loaded is None:
            return
        run.report.loaded.append(loaded)
        log.info("landed %s: %d rows (sha256 %s)", rel, loaded.rows, sha[:12])
    run.seen[sha] = rel
    run.kept.add(key)


def _land(run: _Run, path: Path, rel: str, sha: str) -> LoadedFile | None:
    """Read, insert and check one file; on any problem its rows go and its problems are
    recorded. Returns the loaded file, or None."""
    family, landing = run.family, run.landing
    try:
        source = run.reader.open(path, family)
        missing = source.missing(family)
        if not missing:
            if any(key[0] == sha for key in run.present):  # same bytes, e.g. a new sidecar
                landing.discard(sha)
            rows = landing.insert(source, rel, sha)
    except (duckdb.Error, UnreadableFile) as exc:
        landing.discard(sha)
        run.reject(rel, run.reader.explain(path, exc))
        return None
    if missing:
        header = f" (header has: {', '.join(source.header)})"
        for column in missing:
            run.reject(rel, "required column is missing" + header, column_name=column)
        return None
    if rows == 0 and not family.allow_empty:
        landing.discard(sha)
        run.reject(rel, "file has a header but no rows")
        return None
    problems, result = landing.check(source, rel, sha)
    if result is not None:
        run.results.append(result)
    if problems:
        landing.discard(sha)
        run.report.rejections += problems
        log.warning("%s rejected: %d problem(s) listed", rel, len(problems))
        return None
    landing.accept(sha, result)
    return LoadedFile(rel, sha, rows, source.extra(family))
