"""The README stays short and every link between the README and docs/ leads somewhere."""

from __future__ import annotations

import pytest

from orchestration.settings import REPO_ROOT
from tests.repo.doc_blocks import doc_files, fences, heading_anchors, relative_links

README_MAX_LINES = 250


def test_readme_is_short():
    lines = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def test_docs_pages_exist():
    assert len(doc_files()) > 1, "docs/*.md is missing"


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_relative_links_point_to_existing_files_and_headings(path):
    broken = []
    for target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    assert broken == []


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_code_blocks_are_closed_and_name_their_language(path):
    """An unclosed fence would hide the rest of the page from the SQL test; a fence without a
    language could hide SQL from it."""
    text = path.read_text(encoding="utf-8")
    opened = sum(1 for line in text.splitlines() if line.strip().startswith("```"))
    assert opened == 2 * len(fences(path)), "a ``` fence is not closed (or nested)"
    unnamed = [line for line, language, body in fences(path) if not language]
    assert unnamed == [], f"fences without a language at lines {unnamed}"
