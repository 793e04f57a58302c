"""Facts about the files of the raw folder before anything reads them: which files a family
has, their content hash, and whether they can be opened at all."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orchestration.families.contract import RawFamily


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(family: RawFamily, raw_dir: Path) -> list[Path]:
    if family.pattern is None:
        return []
    patterns = (family.pattern,) if isinstance(family.pattern, str) else family.pattern
    return sorted(
        p for pattern in patterns for p in raw_dir.glob(pattern) if p.is_file() or p.is_symlink()
    )


def unreadable_reason(path: Path, raw_root: Path) -> str | None:
    """Why a file cannot be read at all before opening it, or None."""
    resolved = path.resolve()
    if not resolved.is_relative_to(raw_root):
        return f"symlink points outside the raw folder (to {resolved}); not read"
    if not resolved.is_file():
        return "not a regular file"
    if resolved.stat().st_size == 0:
        return "file is empty"
    return None


def first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
