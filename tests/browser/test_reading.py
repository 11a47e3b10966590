"""What a reader does: switch language, open a reader question (searching:
test_search.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect

from browser.conftest import Reader
from generator.text.typography import tie

ROOT = Path(__file__).resolve().parents[2]
DEAL = "amazon-openai-investment"


def deal_record(deal_id: str) -> dict:
    return yaml.safe_load((ROOT / "content" / "deals" / f"{deal_id}.yml").read_text("utf-8"))


def choose_language(page: Page, name: str) -> None:
    """Open the header's language menu and click a language, as a reader would."""
    page.locator(".md-header .md-select > button").click()
    entry = page.locator(".md-header .md-select__list").get_by_role("link", name=name, exact=True)
    expect(entry).to_be_visible()
    with page.expect_navigation():
        entry.click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("german", "english"), [
    (f"de/deals/{DEAL}/", f"en/deals/{DEAL}/"),
    # An article whose versions have different slugs, paired by translation_key.
    ("de/articles/amazon-openai-von-gespraechen-zur-beteiligung/",
     "en/articles/amazon-openai-from-talks-to-stake/"),
])
def test_language_switch_goes_to_the_same_page_and_back(reader: Reader, german: str,
                                                         english: str) -> None:
    page = reader.open(german)
    german_title = page.locator("h1").inner_text()
    choose_language(page, "English")
    assert urlsplit(page.url).path == f"/{english}"
    assert page.locator("html").get_attribute("lang") == "en"
    english_title = page.locator("h1").inner_text()
    assert english_title != german_title
    choose_language(page, "Deutsch")
    assert urlsplit(page.url).path == f"/{german}"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == german_title


def test_language_switch_shows_the_deal_in_the_chosen_language(reader: Reader) -> None:
    headline = deal_record(DEAL)["headline"]
    page = reader.open(f"de/deals/{DEAL}/")
    # The page ties "US-Dollar" after a figure with a hyphen no line ends at (U+2011).
    expect(page.locator("h1")).to_have_text(tie(headline["de"]))
    choose_language(page, "English")
    expect(page.locator("h1")).to_have_text(tie(headline["en"]))


# The search (Pagefind: the box, what it finds, when its index is fetched) is read in
# tests/browser/test_search.py.


def test_reader_question_opens_on_click(reader: Reader) -> None:
    entry = deal_record(DEAL)["faq"][1]  # the first answer is open from the start
    page = reader.open(f"de/deals/{DEAL}/")
    question = page.locator("details.faq").nth(1)
    answer = question.locator("p").first
    expect(question.locator("summary")).to_have_text(entry["question"]["de"])
    expect(answer).to_be_hidden()
    question.locator("summary").click()
    expect(question).to_have_attribute("open", "")
    expect(answer).to_be_visible()
    first_words = " ".join(entry["answer"]["de"].split()[:6])
    expect(answer).to_contain_text(first_words)
    question.locator("summary").click()
    expect(answer).to_be_hidden()
