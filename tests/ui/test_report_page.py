"""The report page of a publication renders offline in a real browser (headless Chromium),
with its charts drawn and every number linked to the figures and their source URLs."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from PIL import Image

from tests.conftest import REPO_ROOT
from tests.ui.test_lineage_page import _chromium

SCREENSHOTS = REPO_ROOT / "test-output" / "ui"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.local: list[str] = []
        self.external: list[str] = []
        self.remote_resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        href = attrs.get("href") or ""
        if href.startswith("#"):
            self.local.append(href[1:])
        elif href:
            self.external.append(href)
        if tag in ("script", "img", "link", "iframe") and (attrs.get("src") or href):
            self.remote_resources.append(f"{tag} {attrs.get('src') or href}")


@pytest.fixture(scope="module")
def page(shipped_run):
    return shipped_run.published.parent / "report" / "index.html"


def test_report_renders_charts_in_headless_chromium(shipped_run, page, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "report_page.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path, "--window-size=1280,2600", f"--screenshot={shot}", page.as_uri())
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    # matplotlib's inline SVG: the balance, the won and one per growing series
    (series,) = shipped_run.one("SELECT count(DISTINCT series_id) FROM marts.estimate_series")
    assert dom.count("<svg") == 2 + series
    assert "<path" in dom and "<polyline" not in dom  # no hand-drawn SVG left
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    painted = {rgb for _, rgb in colours}
    # the balance chart's red (PRK→RUS) and blue (RUS→PRK) bars were painted
    assert (0xC0, 0x39, 0x2B) in painted and (0x24, 0x71, 0xA3) in painted
    white = sum(n for n, rgb in colours if min(rgb) > 245)
    assert white < 0.95 * image.width * image.height  # not a blank page


def test_every_number_links_to_its_figures_and_their_urls(shipped_run, page):
    html = page.read_text(encoding="utf-8")
    links = _Links()
    links.feed(html)
    assert not links.remote_resources, "the page must read offline"
    assert set(links.local) <= links.ids, set(links.local) - links.ids
    # every mark of a chart links to a row of figures or to a figure on the page
    marks = re.findall(r'<a xlink:href="#([^"]+)"', html)
    assert marks and set(marks) <= links.ids, set(marks) - links.ids
    assert any(m.startswith("balance-") for m in marks) and any(m.startswith("F") for m in marks)
    figures = {r[0] for r in shipped_run.query("SELECT figure_id FROM marts.claims")}
    balance = {f for r in shipped_run.query("SELECT figure_ids FROM marts.balance") for f in r[0]}
    assert balance <= links.ids and balance <= set(links.local)
    assert figures <= links.ids  # every figure is listed with its source
    urls = {r[0] for r in shipped_run.query("SELECT DISTINCT source_url FROM marts.claims")}
    assert urls <= set(links.external)
    # the FNF 2025 study's range, net and ratio appear, each linked
    for number in ("5.60–9.80", "0.46–1.20", "4.40–9.34", "4.7–21.4"):
        assert re.search(rf'<a href="#balance-\d+">{number}( bn USD)?</a>', html), number


def _rows_mentioning(html: str, words: str) -> int:
    """Rows of the figures table whose text (tags stripped) contains ``words``."""
    rows = re.findall(r'<tr id="F\d+">(.*?)</tr>', html, re.S)
    return sum(words in unescape(re.sub(r"<[^>]+>", "", r)).lower() for r in rows)


def test_typing_into_the_filter_shrinks_the_figures_table(shipped_run, page, devtools, tmp_path):
    html = page.read_text(encoding="utf-8")
    (figures,) = shipped_run.one("SELECT count(*) FROM marts.claims")
    browser = devtools(page.as_uri())
    visible = "document.querySelectorAll('#figures tr[id]:not([hidden])').length"
    # collapsed by default: the list is closed, all rows in it, the filter shown by the script
    assert browser.evaluate("document.getElementById('figure-list').open") is False
    assert browser.evaluate(visible) == figures
    assert browser.evaluate("document.getElementById('figure-filter').hidden") is False
    height = "document.documentElement.scrollHeight"
    collapsed = browser.evaluate(height)
    browser.evaluate(
        "document.getElementById('figure-list').open = true;"
        "document.getElementById('figure-filter').focus()"
    )
    assert collapsed < browser.evaluate(height) / 2  # the figures were most of the page
    browser.type("rice")
    expected = _rows_mentioning(html, "rice")
    assert 0 < expected < figures
    assert browser.evaluate(visible) == expected
    assert f"{expected} of {figures} figures" in browser.evaluate(
        "document.getElementById('figure-count').textContent"
    )
    shot = browser.screenshot(tmp_path / "report_filtered.png")
    image = Image.open(shot)
    assert image.width >= 1000 and image.height > 900
