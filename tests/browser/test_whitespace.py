"""The collapsed page reads exactly as the indented one, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.engine.whitespace import BLOCKS, collapse_whitespace

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


@pytest.mark.parametrize("beside_blocks", [False, True])
def test_collapsed_and_indented_page_show_the_same(browser: Browser,
                                                   beside_blocks: bool) -> None:
    indented = _as_read(browser, INDENTED_PAGE)
    collapsed = _as_read(browser, collapse_whitespace(INDENTED_PAGE,
                                                      beside_blocks=beside_blocks))
    assert collapsed == indented
    assert "Erstes Wort fett kursiv, Verweis" in str(indented["text"])


# Every line break that collapse_whitespace(..., beside_blocks=True) takes out, put back: in
# the head between tags, and after each block's start tag and before each end tag.
_BLOCK = "|".join(BLOCKS)
_LOOSEN = re.compile(rf"(<(?:{_BLOCK})(?:[\s/][^<>]*)?>)(?!\n)|(?<!\n)(</(?:{_BLOCK})>)")


def _loosened(html: str) -> str:
    head, body = html.split("<body", 1)
    head = re.sub(r">(?=<)", ">\n", head)
    pieces = re.split(r"(<(?:pre|textarea|script|style)\b.*?</(?:pre|textarea|script|style)>)",
                      "<body" + body, flags=re.DOTALL)
    body = "".join(piece if index % 2 else _LOOSEN.sub(
        lambda m: f"{m.group(1)}\n" if m.group(1) else f"\n{m.group(2)}", piece)
        for index, piece in enumerate(pieces))
    return head + body


_LAYOUT = """() => ({
    text: document.body.innerText,
    boxes: [...document.querySelectorAll('body *')].map(e => {
        const r = e.getBoundingClientRect();
        return [e.tagName, Math.round(r.x), Math.round(r.y), Math.round(r.width),
                Math.round(r.height)].join(' ');
    }),
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_built_pages_lay_out_as_with_every_line_break(
        browser: Browser, site_address: str, built_site: Path, width: int) -> None:
    """The sample's pages, as built, and the same pages with every line break the pass may
    take back in place: the same text and the same boxes, on a wide and a narrow screen."""
    paths = ["de/", "en/deals/", next((built_site / "de" / "deals").glob("*/index.html")),
             next((built_site / "en" / "companies").glob("*/index.html")), "de/glossary/",
             "en/articles/"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        for path in paths:
            relative = (path.parent.relative_to(built_site).as_posix() + "/"
                        if isinstance(path, Path) else path)
            built = (built_site / relative / "index.html").read_text("utf-8")
            loose = _loosened(built)
            assert loose.count("\n") > built.count("\n") + 50, relative
            seen = []
            for html in (built, loose):
                page = context.new_page()
                page.route(f"{site_address}{relative}", lambda route, _request, body=html: route.fulfill(
                    body=body, content_type="text/html; charset=utf-8"))
                page.goto(f"{site_address}{relative}", wait_until="networkidle")
                seen.append(page.evaluate(_LAYOUT))
                page.close()
            assert seen[0]["text"] == seen[1]["text"], relative
            assert seen[0]["boxes"] == seen[1]["boxes"], relative
    finally:
        context.close()
