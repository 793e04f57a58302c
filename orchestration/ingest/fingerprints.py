"""What is in the raw folders right now, by content: the sensor's view of the world.

Files are fingerprinted by SHA-256; the (mtime, size) pair only decides whether a file must
be hashed again, so a touched file with the same bytes is not news and a rewritten file with
a preserved mtime still is once its size changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from orchestration.families import FAMILIES, RawFamily
from orchestration.ingest.raw_files import discover, sha256_of


@dataclass(frozen=True)
class Fingerprint:
    family: str
    mtime_ns: int
    size: int
    sha256: str


def scan(
    raw_dir: Path,
    previous: dict[str, Fingerprint] | None = None,
    families: list[str] | None = None,
) -> dict[str, Fingerprint]:
    previous = previous or {}
    current: dict[str, Fingerprint] = {}
    for family in FAMILIES:  # families without a raw folder (pattern None) discover nothing
        if families is not None and family.name not in families:
            continue
        for path in discover(family, raw_dir):
            try:
                stat = path.stat()
            except OSError:  # a dangling symlink: ingestion will report it
                continue
            rel = path.relative_to(raw_dir).as_posix()
            old = previous.get(rel)
            if old and (old.mtime_ns, old.size) == (stat.st_mtime_ns, stat.st_size):
                current[rel] = old
            else:
                current[rel] = Fingerprint(
                    family.name, stat.st_mtime_ns, stat.st_size, sha256_of(path)
                )
    return current


def content_key(fingerprints: dict[str, Fingerprint]) -> str:
    """One key for a set of contents: the same bytes under other names give the same key."""
    hashes = sorted({(f.family, f.sha256) for f in fingerprints.values()})
    return hashlib.sha256(json.dumps(hashes).encode()).hexdigest()


def changed_family_names(before: dict[str, Fingerprint], after: dict[str, Fingerprint]) -> set[str]:
    """Names of the families whose set of contents changed (new, changed or removed)."""
    old = {(f.family, f.sha256) for f in before.values()}
    new = {(f.family, f.sha256) for f in after.values()}
    return {family for family, _ in old ^ new}


def changed_families(
    before: dict[str, Fingerprint], after: dict[str, Fingerprint]
) -> list[RawFamily]:
    """Families whose set of contents changed (new, changed or removed content)."""
    names = changed_family_names(before, after)
    return [f for f in FAMILIES if f.name in names]


def dump_cursor(fingerprints: dict[str, Fingerprint]) -> str:
    return json.dumps(
        {k: [f.family, f.mtime_ns, f.size, f.sha256] for k, f in fingerprints.items()}
    )


def load_cursor(cursor: str | None) -> dict[str, Fingerprint]:
    if not cursor:
        return {}
    return {k: Fingerprint(*v) for k, v in json.loads(cursor).items()}
