"""Commits of the local Dagster instance (SQLite in ``$DAGSTER_HOME``) without a disk flush each.

A run stores every event (step starts, materialisations, one evaluation per dbt test: about
800 for a full refresh) in SQLite, and Dagster opens a new connection for each write. The
files are in WAL mode, but SQLite's default ``synchronous=FULL`` flushes the log to disk on
every commit, and closing the only connection to a file checkpoints it (another flush): on
this machine 10-25 ms per write, seconds to tens of seconds per run. With
``synchronous=NORMAL`` (SQLite's recommended setting for WAL) and one connection held open per
file, a write takes a fraction of a millisecond. The files stay consistent after any crash;
a power loss may drop the last events of the run history, never corrupt it. PostgreSQL
storage is not touched.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict

# Files kept open at once (runs.db, index.db, schedules.db and the shard of the running run);
# a long-lived process that touches many run shards closes the oldest.
KEEP_OPEN = 8

_held: OrderedDict[str, sqlite3.Connection] = OrderedDict()
_lock = threading.Lock()


def _on_connect(dbapi_connection, _connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            return  # a file Dagster has not switched to WAL yet (its first connection)
        cursor.execute("PRAGMA synchronous=NORMAL")
        path = cursor.execute("PRAGMA database_list").fetchone()[2]
    finally:
        cursor.close()
    if path:
        _hold_open(path)


def _hold_open(path: str) -> None:
    """Keep one idle connection to ``path``, so closing Dagster's does not checkpoint it."""
    with _lock:
        if path in _held:
            _held.move_to_end(path)
            return
        held = sqlite3.connect(path, check_same_thread=False)
        held.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file
        _held[path] = held
        while len(_held) > KEEP_OPEN:
            _held.popitem(last=False)[1].close()


def quick_commits() -> None:
    """Apply the settings above to every SQLite connection this process opens from now on."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


def held_files() -> list[str]:
    """The files a connection is held open to (for tests and diagnostics)."""
    with _lock:
        return list(_held)
