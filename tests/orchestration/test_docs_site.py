"""`make docs`: dbt's static site with the catalog of the published warehouse and the
validation reports, linked from one index page."""

from __future__ import annotations

import re

from orchestration.publish import docs_site
from tests.conftest import ledger_env


def test_docs_index_links_dbt_site_validation_report_and_downloads(shipped_run):
    root = shipped_run.published.parent.parent
    before = shipped_run.published.read_bytes()
    with ledger_env(root):
        assert docs_site.main() == 0
    index = shipped_run.published.parent / "docs" / "index.html"
    text = index.read_text(encoding="utf-8")
    targets = re.findall(r"href='([^']+)'", text)
    assert targets and all((index.parent / t).resolve().exists() for t in targets), targets
    assert f"validation/{shipped_run.run_id}/index.html" in text
    assert "../report/index.html" in text and "datapackage.json" in text
    site = (index.parent / "dbt" / "index.html").read_text(encoding="utf-8")
    # the catalog of the published file: real column types and the persisted comments
    assert re.search(r'"net_usd_low": \{"type": "DOUBLE"', site)
    assert "interval arithmetic" in site
    assert shipped_run.published.read_bytes() == before  # dbt never touched the published file
