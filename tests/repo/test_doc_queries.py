"""Every SQL example in README.md and docs/*.md runs against the published warehouse of the
shipped figures (one shared refresh), read-only, and returns rows unless it says it may not.

A block that may rightly return nothing carries a line starting `-- may be empty` (with the
reason). SQL for other engines (Spark, PostgreSQL) goes in another fence, never ```sql.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.repo.doc_blocks import doc_files, sql_blocks

BLOCKS = sql_blocks(doc_files())


def test_the_docs_have_sql_examples():
    assert len(BLOCKS) >= 3


@pytest.fixture(scope="module")
def published(shipped_run):
    with duckdb.connect(str(shipped_run.published), read_only=True) as con:
        yield con


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.name)
def test_sql_example_runs_on_the_published_warehouse(published, block):
    cursor = published.cursor()
    cursor.execute(block.sql)
    if cursor.description is None:  # not a query
        return
    rows = cursor.fetchall()
    assert rows or block.may_be_empty, f"{block.name} returned no row:\n{block.sql}"
