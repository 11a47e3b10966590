"""A briefing on paper: printed (Chromium's PDF, as a reader's "Print" makes it) it is the
page's content alone on A4, every reader question answered, every address written out,
and no question, facts table or source split across two sheets."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, run_mkdocs
from playwright.sync_api import Browser, Page

from browser.conftest import Reader, open_reader, serve

DEAL = "de/deals/amazon-openai-investment/"
ARTICLE = "en/articles/amazon-ai-bets/"
# What a screen shows around the briefing; none of it belongs on paper.
FURNITURE = {
    "header": ".md-header",
    "search": ".md-search",
    "language menu": ".md-select",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "footer": ".md-footer",
    "back to top": ".md-top",
}


# An element's text as paper shows it: a glossary term followed by its explanation in
# brackets (print.css writes the <abbr>'s title after it).
PRINTED_TEXT = """nodes => nodes.map(node => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll('abbr.term').forEach(a => a.append(` (${a.title})`));
    return copy.textContent;
})"""


def squeeze(text: str) -> str:
    """Text without any whitespace, ligatures unfolded: how a line-wrapped PDF and the page
    can be compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed(page: Page, pdf_path: Path) -> list[str]:
    """Print the page as Chromium does, at the size its stylesheet asks for; the text of
    each sheet."""
    page.emulate_media(media="print")
    page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: run `bash .ci/setup test` (poppler-utils)"
    text = subprocess.run([pdftotext, "-layout", str(pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [sheet for sheet in text.split("\f") if sheet.strip()]


def sheet_with(sheets: list[str], text: str) -> int:
    found = [number for number, sheet in enumerate(sheets) if squeeze(text) in squeeze(sheet)]
    assert found, f"not printed: {text!r}"
    return found[0]


def visible(page: Page, selector: str) -> list[bool]:
    # checkVisibility() is false inside a closed <details>, whose content the browser skips.
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.checkVisibility())")


@pytest.mark.parametrize("path", [DEAL, ARTICLE])
def test_print_shows_the_briefing_alone_with_every_answer_open(reader: Reader,
                                                               path: str) -> None:
    page = reader.open(path)
    answers = "details.faq > :not(summary)"
    shown = visible(page, "details.faq[open] > :not(summary)")
    closed = visible(page, "details.faq:not([open]) > :not(summary)")
    assert shown and all(shown)  # the first answer is open on screen,
    assert closed and not any(closed)  # the others are closed
    for selector in FURNITURE.values():
        assert page.locator(selector).first.is_visible(), selector
    page.emulate_media(media="print")
    hidden = {name: page.locator(selector).first.is_hidden()
              for name, selector in FURNITURE.items()}
    assert hidden == {name: True for name in FURNITURE}
    assert all(visible(page, answers))
    assert all(visible(page, "ol.sources > li"))
    # The open/close chevron is screen furniture too.
    chevron = page.eval_on_selector(
        "details.faq > summary", "s => getComputedStyle(s, '::after').display")
    assert chevron == "none"


def test_printed_deal_is_a4_and_complete(reader: Reader, tmp_path: Path) -> None:
    page = reader.open(DEAL)
    title = page.locator("h1").inner_text()
    questions = page.locator("details.faq > summary").all_inner_texts()
    answers = [details.locator(":scope > :not(summary)").evaluate_all(PRINTED_TEXT)
               for details in page.locator("details.faq").all()]
    addresses = [a.get_attribute("href") for a in page.locator("ol.sources a").all()]
    assert questions and addresses
    sheets = printed(page, tmp_path / "deal.pdf")

    info = subprocess.run(["pdfinfo", str(tmp_path / "deal.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"^Page size: .*\(A4\)$", info, re.MULTILINE), info  # not Letter
    whole = "\f".join(sheets)
    assert squeeze(title) in squeeze(sheets[0])
    for text in questions + [part for answer in answers for part in answer]:
        assert squeeze(text) in squeeze(whole), text
    for address in addresses:
        assert squeeze(address) in squeeze(whole), address
    for words in ("Inhaltsverzeichnis", "Über uns", "Suche", "English", "Made with",
                  "Material for MkDocs"):
        assert words not in whole, words
    # Citations point inside the page: their targets are not written out.
    assert "#source-" not in whole


def test_printed_pages_break_between_entries(reader: Reader, tmp_path: Path) -> None:
    page = reader.open(DEAL)
    entries = [(details.locator("summary").inner_text(),
                details.locator(":scope > :not(summary)").evaluate_all(PRINTED_TEXT)[-1])
               for details in page.locator("details.faq").all()]
    rows = page.locator("article table").first.locator("tr").all_inner_texts()
    sources = page.locator("ol.sources > li").all_inner_texts()
    sheets = printed(page, tmp_path / "deal.pdf")
    assert len(sheets) > 1  # otherwise nothing could break
    for question, answer in entries:
        last_words = " ".join(answer.split()[-6:])
        # Answers may end alike: the question's sheet holds its own answer's end.
        assert squeeze(last_words) in squeeze(sheets[sheet_with(sheets, question)]), question
    first_row, last_row = rows[1], rows[-1]
    assert sheet_with(sheets, first_row) == sheet_with(sheets, last_row)
    for source in sources:
        assert sheet_with(sheets, source[:40]) == sheet_with(sheets, source[-40:]), source


@pytest.fixture(scope="module")
def site_with_a_link_in_the_text(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site, one of whose English articles links an address in its text (the
    address of a source the article already cites)."""
    project = copy_project(tmp_path_factory.mktemp("linked") / "project")
    deal = yaml.safe_load((project / "content/deals/amazon-openai-investment.yml").read_text(
        "utf-8"))
    url = next(s["url"] for s in deal["sources"] if s["id"] == "tomshardware-2026-02-27")
    article = project / "content/articles/amazon-ai-bets.en.md"
    article.write_text(article.read_text("utf-8") +
                       f"\nThe announcement is summed up by [Tom’s Hardware]({url}).\n", "utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as address:
        yield address


def test_printed_links_show_their_address(browser: Browser, site_with_a_link_in_the_text: str,
                                          tmp_path: Path) -> None:
    reader = open_reader(browser, site_with_a_link_in_the_text)
    try:
        page = reader.open(ARTICLE)
        link = page.locator("article p a[href^='https://www.tomshardware.com/']")
        url = link.get_attribute("href")
        assert url
        whole = "\f".join(printed(page, tmp_path / "article.pdf"))
    finally:
        reader.page.context.close()
    assert squeeze(f"Tom’s Hardware ({url})") in squeeze(whole)
    assert reader.errors == []
