"""A briefing read top-down (in Chromium): the key points (their heading and first two
points) are within the first screen on a desktop (1280×800) and within one and a half
screens on a phone (390×844); on a phone a
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

# Where the key points' heading and their first two points have ended, from the top of the
# document, in CSS pixels: a reader who opens the page sees them without scrolling.
KEY_POINTS_BOTTOM = """() => {
  const points = document.querySelectorAll('article .gist li');
  if (!document.querySelector('article .gist h2') || !points.length) return null;
  const second = points[Math.min(1, points.length - 1)];
  return second.getBoundingClientRect().bottom + window.scrollY;
}"""


@pytest.mark.parametrize("path", DEALS)
@pytest.mark.parametrize("viewport,screens", [(DESKTOP, 1.0), (PHONE, 1.5)],
                         ids=["desktop", "phone"])
def test_the_first_key_points_are_on_the_first_screen(browser: Browser, site_address: str, path: str,
                                                    viewport: dict[str, int],
                                                    screens: float) -> None:
    reader = open_reader(browser, site_address, viewport=viewport)
    try:
        page = reader.open(path)
        bottom = page.evaluate(KEY_POINTS_BOTTOM)
        assert bottom is not None, f"{path}: no key points"
        limit = viewport["height"] * screens
        assert bottom <= limit, (f"{path} at {viewport['width']} px: the first key points end "
                                 f"at {bottom:.0f} px, beyond {limit:.0f} px")
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
