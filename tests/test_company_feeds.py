"""Follow a company: one Atom feed per company and language (companies/<id>.xml), read by
feedparser as a feed reader would, and linked from the company's page (visibly, and in
its head for readers that discover feeds)."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT, SAMPLE_CONFIG
from sample_languages import article_versions, shown_text
from test_feeds import last_changed, plain, stamp

from generator.text.i18n import translations

SITE_URL = SAMPLE_CONFIG.site_url
FOLLOW = "Follow %(company)s: new deals and articles as an Atom feed"


def records(folder: str) -> dict[str, dict]:
    return {file.stem: yaml.safe_load(file.read_text("utf-8"))
            for file in sorted((ROOT / "content" / folder).glob("*.yml"))}


def expected_entries(company: str, lang: str) -> list[dict]:
    """What the records say the company's feed in ``lang`` holds: each deal it is a party
    to, and each article in that language on one of those deals."""
    deals = {deal_id: data for deal_id, data in records("deals").items()
             if any(party["company"] == company for party in data["parties"])}
    entries = [{"link": f"{SITE_URL}{lang}/deals/{deal_id}/",
                "title": shown_text(data["headline"], lang),
                "summary": plain(shown_text(data["summary"], lang)),
                "updated": stamp(last_changed(data)), "published": stamp(data["published"])}
               for deal_id, data in deals.items()]
    for file in sorted((ROOT / "content" / "articles").glob(f"*.{lang}.md")):
        front = yaml.safe_load(file.read_text("utf-8").split("---\n")[1])
        if set(front.get("deals", [])) & set(deals):
            slug = file.name.removesuffix(f".{lang}.md")
            entries.append({"link": f"{SITE_URL}{lang}/articles/{slug}/",
                            "title": front["title"], "summary": plain(front["summary"]),
                            "updated": stamp(last_changed(front)),
                            "published": stamp(front["published"])})
    return sorted(entries, key=lambda e: e["link"])


def companies_in_deals() -> list[str]:
    return sorted({party["company"] for data in records("deals").values()
                   for party in data["parties"]})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_company_in_a_deal_has_a_feed_with_its_deals_and_articles(
        built_site: Path, lang: str) -> None:
    companies = companies_in_deals()
    feeds = sorted((built_site / lang / "companies").glob("*.xml"))
    assert len(companies) >= 8
    assert [feed.stem for feed in feeds] == companies
    with_articles = 0
    for company in companies:
        name = shown_text(records("companies")[company]["name"], lang)
        feed = feedparser.parse((built_site / lang / "companies" / f"{company}.xml").read_bytes())
        assert not feed.bozo, (company, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.language == lang
        assert feed.feed.id == f"{SITE_URL}{lang}/companies/{company}.xml"
        assert name in feed.feed.title and SAMPLE_CONFIG.site_name[lang] in feed.feed.title
        assert feed.feed.link == f"{SITE_URL}{lang}/companies/{company}/"
        got = sorted(({"link": e.link, "title": e.title, "summary": e.summary,
                       "updated": e.updated, "published": e.published}
                      for e in feed.entries), key=lambda e: e["link"])
        expected = expected_entries(company, lang)
        assert got == expected, company
        with_articles += any("/articles/" in e["link"] for e in got)
        # True dates: the records' own days, newest first, the feed dated by its newest.
        updated = [e.updated for e in feed.entries]
        assert updated == sorted(updated, reverse=True)
        assert feed.feed.updated == max(updated)
        for entry in feed.entries:
            target = entry.link.removeprefix(SITE_URL)
            assert (built_site / target / "index.html").is_file(), entry.link
    # The sample's articles on Amazon's and OpenAI's deals, where the language has them.
    if any(lang in versions for versions in article_versions().values()):
        assert with_articles >= 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_company_page_links_to_its_feed(built_site: Path, lang: str) -> None:
    companies = companies_in_deals()
    assert companies
    for company in companies:
        page = built_site / lang / "companies" / company / "index.html"
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        href = f"{SITE_URL}{lang}/companies/{company}.xml"
        head_links = [link for link in soup.head.find_all("link", rel="alternate")
                      if link.get("type") == "application/atom+xml"]
        assert head_links[0]["href"] == href  # its own feed first, then the site's
        assert head_links[0]["title"]
        # No hreflang on feed links: a crawler would take a feed for a version of the page.
        assert not any(link.has_attr("hreflang") for link in head_links), company
        visible = soup.select("article a.follow-feed")
        assert len(visible) == 1, company
        assert (page.parent / visible[0]["href"]).resolve() == (
            built_site / lang / "companies" / f"{company}.xml").resolve()
        assert visible[0]["type"] == "application/atom+xml"
        # Its words are the page's language (German catalog on German pages, and so on).
        text = visible[0].get_text()
        assert {"de": "folgen", "en": "Follow"}.get(lang, "") in text
        words = translations(lang).gettext(FOLLOW).split("%(company)s")
        assert all(part.strip() in text for part in words)
