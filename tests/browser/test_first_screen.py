"""A briefing read top-down (in Chromium): the key points start within the first screen on
a desktop (1280×800) and within one and a half screens on a phone (390×844); on a phone a
company's graph stays inside the column, scrolls in its own figure with a visible cue, and
shows the company the page is about."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from browser.conftest import open_reader

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DEALS = ["de/deals/amazon-openai-investment/", "en/deals/amazon-openai-investment/",
         "de/deals/aws-openai-cloud-agreement/", "en/deals/microsoft-openai-investment/"]

# Where the key points' heading starts, from the top of the document, in CSS pixels.
KEY_POINTS_TOP = """() => {
  const heading = document.querySelector('article .gist h2');
  return heading ? heading.getBoundingClientRect().top + window.scrollY : null;
}"""


@pytest.mark.parametrize("path", DEALS)
@pytest.mark.parametrize("viewport,screens", [(DESKTOP, 1.0), (PHONE, 1.5)],
                         ids=["desktop", "phone"])
def test_key_points_start_near_the_top(browser: Browser, site_address: str, path: str,
                                       viewport: dict[str, int], screens: float) -> None:
    reader = open_reader(browser, site_address, viewport=viewport)
    try:
        page = reader.open(path)
        top = page.evaluate(KEY_POINTS_TOP)
        assert top is not None, f"{path}: no key points"
        # The heading and the first point's first line must be in view, not only the top.
        limit = viewport["height"] * screens - 80
        assert top <= limit, f"{path} at {viewport['width']} px: key points at {top:.0f} px"
    finally:
        reader.page.context.close()


GRAPH = """() => {
  const figure = document.querySelector('article figure.chart#investments');
  if (!figure) return null;
  const frame = figure.getBoundingClientRect();
  const focus = figure.querySelector('.node.focus rect').getBoundingClientRect();
  const hint = document.querySelector('article .scroll-hint');
  return {left: frame.left, right: frame.right, page: document.documentElement.scrollWidth,
          scrolls: figure.classList.contains('chart--scrolls'),
          shadow: getComputedStyle(figure).backgroundImage,
          hint: hint ? hint.getBoundingClientRect().height : 0,
          focusLeft: focus.left, focusRight: focus.right};
}"""


@pytest.mark.parametrize("path", ["de/companies/openai/", "en/companies/amazon/",
                                  "de/companies/nvidia/"])
def test_the_company_graph_fits_a_phone_and_shows_its_company(
        browser: Browser, site_address: str, path: str) -> None:
    reader = open_reader(browser, site_address, viewport=PHONE)
    try:
        graph = reader.open(path).evaluate(GRAPH)
    finally:
        reader.page.context.close()
    assert graph is not None, f"{path}: no graph"
    # The figure stays in the column; the page itself never scrolls sideways.
    assert graph["left"] >= 0 and graph["right"] <= PHONE["width"] + 0.5, graph
    assert graph["page"] <= PHONE["width"], graph
    # Wider than the column, it scrolls in its figure, with a cue a reader can see.
    assert graph["scrolls"] and "gradient" in graph["shadow"] and graph["hint"] > 0, graph
    # The company the page is about is in view, whatever column it is drawn in.
    assert graph["focusLeft"] >= graph["left"] - 0.5, graph
    assert graph["focusRight"] <= graph["right"] + 0.5, graph


SIDEBAR = """() => Array.from(document.querySelectorAll('.md-sidebar--primary .md-nav--primary *'))
  .filter(e => e.children.length === 0 && e.offsetParent !== null)
  .map(e => e.textContent.trim()).filter(Boolean)"""


@pytest.mark.parametrize("lang,site_name", [("de", "Deal-Briefing"), ("en", "Deal Briefing")])
def test_the_sidebar_names_the_site_once_and_the_feed_is_linked(
        browser: Browser, site_address: str, lang: str, site_name: str) -> None:
    reader = open_reader(browser, site_address, viewport={"width": 1280, "height": 800})
    try:
        page = reader.open(f"{lang}/deals/amazon-openai-investment/")
        shown = page.evaluate(SIDEBAR)
        feed = page.locator('.md-copyright a[type="application/atom+xml"]')
        feed_visible, feed_href = feed.is_visible(), feed.get_attribute("href")
    finally:
        reader.page.context.close()
    assert shown.count(site_name) == 1, shown
    assert feed_visible and feed_href is not None and feed_href.endswith("feed.xml"), feed_href
