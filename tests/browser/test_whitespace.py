"""The collapsed page reads exactly as the indented one, in a real browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from generator.engine.whitespace import collapse_whitespace

# Indented like Material's templates, with everything whose white space is content.
INDENTED_PAGE = (Path(__file__).parent.parent / "fixtures" / "indented_page.html").read_text(
    encoding="utf-8")


def _as_read(browser: Browser, html: str) -> dict[str, object]:
    page = browser.new_page()
    try:
        page.set_content(html)
        return page.evaluate("""() => ({
            text: document.body.innerText,
            textarea: document.getElementById('t').value,
            script: window.kept,
            after: getComputedStyle(document.querySelector('p'), '::after').content,
            title: document.querySelector('a').title,
            height: document.body.scrollHeight,
        })""")
    finally:
        page.close()


def test_collapsed_and_indented_page_show_the_same(browser: Browser) -> None:
    indented = _as_read(browser, INDENTED_PAGE)
    collapsed = _as_read(browser, collapse_whitespace(INDENTED_PAGE))
    assert collapsed == indented
    assert "Erstes Wort fett kursiv, Verweis" in str(indented["text"])
