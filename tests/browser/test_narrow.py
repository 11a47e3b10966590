"""On a phone (390 px wide, in Chromium): chart labels stay at least 12 px as rendered, and
every table of deals shows all its columns, none cut off or scrolled out of sight."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from browser.conftest import Reader, open_reader

PHONE = {"width": 390, "height": 844}
# Pages with tables of deals, in both languages, and whether they have pictures.
PAGES = {"de/deals/": True, "en/deals/": True, "de/companies/openai/": True,
         "en/companies/amazon/": True, "en/deals/amazon-openai-investment/": False}

# Each label's rendered size: its font size times the scale its SVG is drawn at.
LABEL_SIZES = """() => Array.from(document.querySelectorAll('svg.chart-picture text'))
  .filter(t => t.textContent.trim())
  .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""

# Cells outside the screen, or cut off inside their column; tables scrolled sideways.
CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  document.querySelectorAll('article table').forEach(table => {
    const box = table.closest('.md-typeset__scrollwrap') || table;
    if (box.scrollWidth > box.clientWidth + 1 || table.scrollWidth > table.clientWidth + 1)
      found.push('scrolls: ' + table.rows[0].textContent.trim());
    table.querySelectorAll('th, td').forEach(cell => {
      const r = cell.getBoundingClientRect();
      if (r.left < -0.5 || r.right > width + 0.5 || cell.scrollWidth > cell.clientWidth + 1)
        found.push('clipped: ' + cell.textContent.trim());
    });
  });
  return [document.querySelectorAll('article table').length, found];
}"""


@pytest.fixture
def phone(browser: Browser, site_address: str) -> Iterator[Reader]:
    reader = open_reader(browser, site_address, viewport=PHONE)
    yield reader
    reader.page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_chart_labels_and_deal_tables_hold_up_on_a_phone(phone: Reader, path: str) -> None:
    page = phone.open(path)
    labels = page.evaluate(LABEL_SIZES)
    assert bool(labels) == PAGES[path], f"{path}: {len(labels)} chart labels"
    small = [(text, round(size, 1)) for text, size in labels if size < 12]
    assert small == [], path
    tables, clipped = page.evaluate(CLIPPED)
    assert tables, f"{path}: no table found"
    assert clipped == [], path


def test_the_overview_shows_every_column_of_every_deal(phone: Reader) -> None:
    """Each deal row's four cells (first reported, deal, amount, status) are on screen."""
    page = phone.open("de/deals/")
    seen = 0
    for row in page.locator("article table tbody tr").all():
        cells = row.locator("td").all()
        if len(cells) != 4:
            continue  # the charts' tables: period, deals, total
        seen += 1
        for cell in cells:
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5
            assert cell.is_visible()
    assert seen == 5  # the sample's five deals


def test_the_start_pages_latest_deals_fit_a_phone(phone: Reader) -> None:
    """The start page lists its deals as entries, not a table: none is wider than the
    screen, and the page does not scroll sideways."""
    page = phone.open("de/")
    entries = page.locator("article ul.latest-deals > li").all()
    assert len(entries) == 5
    for entry in entries:
        box = entry.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
