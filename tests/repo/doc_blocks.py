"""The documentation's files, its fenced code blocks and its relative links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import REPO_ROOT

# A ```sql block with a line starting like this may return no row (say why after it).
MAY_BE_EMPTY = "-- may be empty"

FENCE = re.compile(r"^( *)```(\w*)[^\n]*\n(.*?)^\1```[ \t]*$", re.MULTILINE | re.DOTALL)
# `duckdb ... "select ..."` in a shell block: the quoted statement is tested like a sql block.
DUCKDB_CALL = re.compile(r'duckdb\b[^"\n]*"([^"]+)"')
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    sql: str

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO_ROOT)}:{self.line}"

    @property
    def may_be_empty(self) -> bool:
        return any(line.strip().startswith(MAY_BE_EMPTY) for line in self.sql.splitlines())


def doc_files() -> list[Path]:
    """README.md and every page of docs/ (raw/README.md is the input contract: no SQL)."""
    return [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]


def fences(path: Path) -> list[tuple[int, str, str]]:
    """(line of the opening fence, language, body) of every fenced block in ``path``."""
    text = path.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m.group(2), m.group(3)) for m in FENCE.finditer(text)
    ]


def sql_blocks(paths: list[Path]) -> list[Block]:
    """Every ```sql block, and every quoted statement a shell block passes to `duckdb`."""
    blocks = []
    for path in paths:
        for line, language, body in fences(path):
            if language == "sql":
                blocks.append(Block(path, line, body))
            elif language in ("bash", "sh", "shell"):
                joined = body.replace("\\\n", " ")
                blocks += [Block(path, line, m.group(1)) for m in DUCKDB_CALL.finditer(joined)]
    return blocks


def heading_anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a markdown file (outside code blocks)."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    anchors = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def relative_links(path: Path) -> list[str]:
    """Targets of the markdown links in ``path`` that are not URLs (code blocks left out)."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]
