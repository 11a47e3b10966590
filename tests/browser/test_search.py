"""The site's search as a reader uses it: the header's box (or the "/" key), words typed
key by key, the first results read. Each query names the page a reader would look for; it
must be among the first three results. Pagefind's index (generator/engine/pagefind_search.py) is
fetched only once the search is opened, in pieces, from this site alone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import LOCAL_HOST, Reader

DEAL = "deals/amazon-openai-investment/"

# (language, what a reader types, the page they look for)
QUERIES = [
    # Words next to quotation marks and punctuation: „Frontier“-Modelle, “AGI milestone”,
    # (AWS), „AGI-Meilenstein“. Material's search kept the marks in its tokens.
    ("de", "Frontier", DEAL),
    ("en", "Frontier", DEAL),
    ("de", "AGI", DEAL),
    ("en", "AGI milestone", DEAL),
    # Inflected forms: the index stems German and English.
    ("de", "Beteiligungen", "articles/amazon-openai-von-gespraechen-zur-beteiligung/"),
    ("en", "investments", "deals/amazon-anthropic-investment/"),
    # Abbreviations, names in any case.
    ("de", "PBC", "deals/microsoft-openai-investment/"),
    ("de", "aws", "deals/aws-openai-cloud-agreement/"),
    ("en", "ANTHROPIC", "companies/anthropic/"),
    ("de", "anthropic", "deals/amazon-anthropic-investment/"),
    # Amounts as the page writes them.
    ("de", "50 Mrd.", DEAL),
    ("en", "$50 billion", DEAL),
    # The English site finds the German-only article by its English title and summary.
    ("en", "job cuts Luxembourg", "articles/amazon-luxemburg-stellenabbau/"),
]


def search(page: Page, words: str) -> list[str]:
    """Open the search with its key, type key by key, and return the results' paths."""
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(words, delay=30)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)  # the answer to the last key, not to a word half typed
    return [urlsplit(link.get_attribute("href") or "").path for link in
            page.locator(".md-search-result__item a.md-search-result__link").all()]


@pytest.mark.parametrize(("lang", "words", "expected"), QUERIES,
                         ids=[f"{lang}-{words}" for lang, words, _ in QUERIES])
def test_what_readers_type_is_found(reader: Reader, lang: str, words: str,
                                    expected: str) -> None:
    page = reader.open(f"{lang}/")
    results = search(page, words)
    assert f"/{lang}/{expected}" in results[:3], results
    assert all(path.startswith(f"/{lang}/") for path in results), results
    assert reader.errors == []


def test_a_deals_own_page_comes_before_pages_that_mention_it(reader: Reader) -> None:
    # The deal's headline; the articles on it and the company pages listing it come after.
    page = reader.open("en/")
    results = search(page, "Amazon to invest up to $50 billion in OpenAI")
    assert results[0] == f"/en/{DEAL}", results


ANSWERED = "document.querySelector('.md-search-result__list').dataset.query === word"


def test_a_reader_typing_is_answered_for_the_word_not_its_first_letters(reader: Reader) -> None:
    """At a reader's pace (a key every 150 ms: each key a query of its own) one or two
    letters, which match most words of a large site (0.19 s for one letter at 10,000
    deals), are searched only once the reader pauses: while the reader types, the list
    answers no query shorter than three letters, and at the end it answers the word. A
    letter typed alone is answered once the reader stops."""
    page = reader.open("de/")
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    page.evaluate("""() => {
        window.answered = [];
        const list = document.querySelector('.md-search-result__list');
        new MutationObserver(() => window.answered.push(list.dataset.query))
            .observe(list, {attributes: true, attributeFilter: ['data-query']});
    }""")
    box.press_sequentially("Frontier", delay=150)
    page.wait_for_function(f"word => {ANSWERED}", arg="Frontier")
    answered = page.evaluate("window.answered")
    assert answered and answered[-1] == "Frontier", answered
    assert all(len(query) >= 3 for query in answered), answered
    box.fill("")
    box.press_sequentially("F")
    page.wait_for_function(f"word => {ANSWERED}", arg="F")
    assert reader.errors == []


def test_the_search_runs_off_the_pages_thread_and_hands_over_only_what_is_shown(
        reader: Reader) -> None:
    """Pagefind searches in the box's own worker, which tells the page the number of
    results and the excerpts shown, not every result: Pagefind's own worker sent the page
    a message per result and took one back for each (10,000 each way for a word on every
    page at 10,000 deals; with Chromium slowed four times the page stopped taking keys)."""
    page = reader.open("de/")
    page.evaluate("""() => {
        const Real = window.Worker;
        window.heard = [];
        window.workers = [];
        window.Worker = function (url, options) {
            const worker = new Real(url, options);
            window.workers.push(String(url));
            worker.addEventListener('message', event => window.heard.push(event.data));
            return worker;
        };
    }""")
    results = search(page, "und")  # on nearly every page
    assert len(results) == 10, results
    workers = page.evaluate("window.workers")
    assert len(workers) == 1 and urlsplit(workers[0]).path == (
        "/de/assets/javascripts/pagefind_worker.js"), workers
    heard = page.evaluate("window.heard")
    latest = max(said["id"] for said in heard)
    answer = [said for said in heard if said["id"] == latest]
    [count] = [said["count"] for said in answer if "count" in said]
    assert count > 10  # more results than shown, so that the test can tell
    excerpts = [said for said in answer if "rank" in said]
    assert sorted(said["rank"] for said in excerpts) == list(range(10))
    assert len(answer) == 11, answer
    assert set(excerpts[0]["data"]) == {"url", "title", "excerpt"}  # no page text
    # Pagefind's own worker is never started.
    assert not [url for url in reader.requests if url.endswith("/pagefind-worker.js")]
    assert reader.errors == []


def test_a_search_that_cannot_load_says_so_and_the_next_query_tries_again(
        reader: Reader) -> None:
    """Pagefind's script not there (a half-uploaded site, a lost connection): the box
    says it found nothing, not "initializing" for ever, and nothing is thrown; once the
    script answers again, the reader's next query loads it and is answered."""
    page = reader.open("de/")
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=503, body=""))
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    box.press_sequentially("Frontier", delay=30)
    none = page.locator("[data-briefing-search]").get_attribute("data-words-none")
    expect(page.locator(".md-search-result__meta")).to_have_text(none or "")
    assert page.locator(".md-search-result__item").count() == 0
    page.unroute("**/pagefind/pagefind.js")
    box.fill("")
    box.press_sequentially("Frontier", delay=30)
    page.wait_for_function(f"word => {ANSWERED} && document.querySelector("
                           "'.md-search-result__item')", arg="Frontier")
    # The failed load's own lines (the 503, the warning), and nothing else.
    assert all("503" in error or "search:" in error or "pagefind.js" in error
               for error in reader.errors), reader.errors


def pagefind_requests(reader: Reader) -> list[str]:
    return [url for url in reader.requests if "/pagefind/" in urlsplit(url).path]


@pytest.mark.parametrize("opens", ["key", "click"])
def test_a_page_view_fetches_nothing_for_search_until_it_is_opened(reader: Reader,
                                                                    opens: str) -> None:
    page = reader.open(f"de/{DEAL}")
    page.wait_for_timeout(500)
    assert pagefind_requests(reader) == []
    if opens == "key":
        page.keyboard.press("/")
    else:
        page.locator(".md-search__input").click()  # the box in the header, on a desktop
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially("Trainium", delay=30)
    page.locator(".md-search-result__item").first.wait_for()
    fetched = pagefind_requests(reader)
    assert fetched and all(urlsplit(url).path.startswith("/de/pagefind/") for url in fetched)
    # Per query: the index chunks of its words and the shown results' excerpts, never
    # the whole language.
    assert any(urlsplit(url).path.endswith(".pf_index") for url in fetched)
    assert reader.foreign_requests() == []
    assert reader.errors == []


def test_search_speaks_the_pages_language(reader: Reader) -> None:
    page = reader.open("de/")
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    assert box.get_attribute("placeholder") == "Suche"
    box.press_sequentially("Xylophonquartett", delay=30)
    expect(page.locator(".md-search-result__meta")).to_have_text("Keine Suchergebnisse")
    box.fill("")
    box.press_sequentially("Trainium", delay=30)
    expect(page.locator(".md-search-result__meta")).to_contain_text("Suchergebnis")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    assert reader.errors == []


def test_results_show_text_never_markup(reader: Reader) -> None:
    # Titles and excerpts are text nodes; Pagefind's <mark> around the words found is
    # the only element an excerpt may bring.
    page = reader.open("en/")
    search(page, "Trainium")
    tags = page.evaluate("""() => [...document.querySelectorAll(
        '.md-search-result__article *')].map(e => e.tagName)""")
    assert set(tags) <= {"H1", "P", "MARK"}, tags
    assert "MARK" in tags


def test_no_request_leaves_the_site(reader: Reader) -> None:
    page = reader.open("en/")
    search(page, "AGI")
    assert all(urlsplit(url).hostname == LOCAL_HOST for url in reader.requests
               if urlsplit(url).scheme in ("http", "https"))
