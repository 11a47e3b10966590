"""What a reader does: switch language, search, open a reader question."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect

from browser.conftest import Reader
from generator.typography import tie

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


def search(page: Page, words: str) -> list[str]:
    """Type into Material's search box key by key (it listens to key events) and return the
    addresses of the results."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(words, delay=50)
    page.locator(".md-search-result__item").first.wait_for()
    return [link.get_attribute("href") or ""
            for link in page.locator(".md-search-result__item a.md-search-result__link").all()]


def index_mentions(site: Path, lang: str, word: str) -> bool:
    index = json.loads((site / lang / "search" / "search_index.json").read_text("utf-8"))
    return any(word.lower() in (doc["text"] + doc["title"]).lower() for doc in index["docs"])


@pytest.mark.parametrize(("lang", "word"), [
    ("de", "Beteiligung"),  # a German word
    ("de", "Trainium"),     # a name on pages of both languages
    ("en", "Trainium"),
])
def test_search_finds_pages_of_its_own_language_only(reader: Reader, built_site: Path,
                                                      lang: str, word: str) -> None:
    other = "en" if lang == "de" else "de"
    if word == "Trainium":
        # Only then can the other language's pages turn up at all.
        assert index_mentions(built_site, other, word)
    page = reader.open(f"{lang}/")
    results = search(page, word)
    assert results, f"no results for {word!r}"
    paths = [urlsplit(href).path for href in results]
    assert all(path.startswith(f"/{lang}/") for path in paths), paths
    assert any(path.startswith((f"/{lang}/deals/", f"/{lang}/articles/")) for path in paths)
    # A result leads to a page that exists and contains the word.
    first = reader.open(results[0])
    assert word.lower() in first.locator("article").inner_text().lower()
    assert reader.errors == []


def index_requests(reader: Reader, lang: str) -> list[str]:
    return [url for url in reader.requests
            if urlsplit(url).path == f"/{lang}/search/search_index.json"]


@pytest.mark.parametrize("opens", ["click", "key"])
def test_search_index_is_fetched_only_once_the_reader_opens_search(reader: Reader,
                                                                   opens: str) -> None:
    # At 2,000 deals the index is 24 MB and building it costs every page view seconds of
    # processor time (search_on_demand.js): a reader who does not search never pays.
    page = reader.open(f"de/deals/{DEAL}/")
    page.wait_for_timeout(500)  # a request Material would send after the load has gone out
    assert index_requests(reader, "de") == []
    if opens == "key":
        page.keyboard.press("/")  # Material's key for the search: focuses the box
        expect(page.locator(".md-search__input")).to_be_focused()
    else:
        page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Trainium", delay=50)
    page.locator(".md-search-result__item").first.wait_for()
    assert len(index_requests(reader, "de")) == 1
    assert reader.errors == []


def test_page_opened_from_a_search_result_highlights_the_words(reader: Reader) -> None:
    # A result's link carries ?h=<words>; Material highlights them with the index's word
    # separator, so such a page fetches the index at once.
    page = reader.open(f"en/deals/{DEAL}/?h=Trainium")
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    assert {text.lower() for text in marks.all_text_contents()} == {"trainium"}
    assert len(index_requests(reader, "en")) == 1
    assert reader.errors == []


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
