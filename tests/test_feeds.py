"""The Atom feeds of the real `mkdocs build --strict`, read by feedparser as a feed reader
would: one per language, the briefings and articles of that language, newest first."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import EDGE, LANGUAGES, fixture_config
from sample_languages import TRANSLATIONS, notice_slugs, shown_text

from generator.build import pipeline
from generator.engine.config import load_site_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG, _RAW = load_site_config(ROOT / "mkdocs.yml")
SITE_URL = CONFIG.site_url


def plain(text: str) -> str:
    return " ".join(text.split())


def stamp(date: str) -> str:
    """A record's own date (always a day) as Atom writes it."""
    assert len(date) == 10, date  # never a month or year filled in to a day
    return date + "T00:00:00Z"


def last_changed(data: dict) -> str:
    """The day of a record's last substantive change: updated, or a later correction."""
    return max([data.get("updated", data["published"]),
                *(c["date"] for c in data.get("corrections", []))])


def expected_entries(lang: str) -> list[dict]:
    """What the records say each entry of the feed in ``lang`` should be."""
    entries = []
    for file in sorted((ROOT / "content" / "deals").glob("*.yml")):
        data = yaml.safe_load(file.read_text("utf-8"))
        entries.append({"link": f"{SITE_URL}{lang}/deals/{data['id']}/",
                        "title": shown_text(data["headline"], lang),
                        "summary": plain(shown_text(data["summary"], lang)),
                        "updated": stamp(last_changed(data)),
                        "published": stamp(data["published"])})
    for file in sorted((ROOT / "content" / "articles").glob(f"*.{lang}.md")):
        front = yaml.safe_load(file.read_text("utf-8").split("---\n")[1])
        slug = file.name.removesuffix(f".{lang}.md")
        entries.append({"link": f"{SITE_URL}{lang}/articles/{slug}/", "title": front["title"],
                        "summary": plain(front["summary"]),
                        "updated": stamp(last_changed(front)),
                        "published": stamp(front["published"])})
    return entries


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_is_valid_atom_with_every_story_of_its_language(built_site: Path,
                                                              lang: str) -> None:
    raw = (built_site / lang / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert feed.feed.title == CONFIG.site_name[lang]
    assert feed.feed.id == f"{SITE_URL}{lang}/feed.xml"
    got = [{"link": e.link, "title": e.title, "summary": e.summary,
            "updated": e.updated, "published": e.published} for e in feed.entries]
    expected = expected_entries(lang)
    assert sorted(got, key=lambda e: e["link"]) == sorted(expected, key=lambda e: e["link"])
    assert all(e.id == e.link for e in feed.entries)  # stable: the page's address
    # Newest first by the day each entry last changed.
    updated = [e["updated"] for e in got]
    assert updated == sorted(updated, reverse=True)
    # The feed's own date comes from the content (the newest entry), not from the clock.
    assert feed.feed.updated == max(updated)
    # Every entry leads to a page of this language that exists.
    for entry in got:
        path = entry["link"].removeprefix(SITE_URL)
        assert (built_site / path / "index.html").is_file(), path


def test_feed_entries_are_in_the_feeds_language(built_site: Path) -> None:
    german = feedparser.parse((built_site / "de" / "feed.xml").read_bytes())
    english = feedparser.parse((built_site / "en" / "feed.xml").read_bytes())
    german_titles = {e.title for e in german.entries}
    english_titles = {e.title for e in english.entries}
    assert "Amazon investiert bis zu 50 Mrd. US-Dollar in OpenAI, davon 15 Mrd. sofort" in (
        german_titles)
    assert "Amazon to invest up to $50 billion in OpenAI, $15 billion of it upfront" in (
        english_titles)
    assert not german_titles & english_titles
    # The German-only article is in the German feed only; its notices are in none.
    assert any("/de/articles/amazon-luxemburg-stellenabbau/" in e.link for e in german.entries)
    assert not any("amazon-luxemburg" in e.link for e in english.entries)
    for lang in TRANSLATIONS:
        feed = feedparser.parse((built_site / lang / "feed.xml").read_bytes())
        notices = {f"{SITE_URL}{lang}/articles/{slug}/" for slug in notice_slugs(lang)}
        assert notices and not notices & {e.link for e in feed.entries}, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_every_feed(built_pages: dict[str, list[Path]], lang: str) -> None:
    for path in built_pages[lang]:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        links = page.select('link[rel="alternate"][type="application/atom+xml"]')
        # A company page names its own feed first (tests/test_company_feeds.py).
        links = [link for link in links if "/companies/" not in link["href"]]
        assert [link["href"] for link in links] == [  # the page's own language first
            f"{SITE_URL}{code}/feed.xml" for code in sorted(LANGUAGES, key=lambda c: c != lang)]
        assert all(link.get("title") for link in links)
        # No hreflang: a crawler would take the feed for a second version of the page.
        assert not any(link.has_attr("hreflang") for link in links), path


def test_language_chooser_links_every_feed(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    links = page.select('link[rel="alternate"][type="application/atom+xml"]')
    assert [link["href"] for link in links] == [f"{SITE_URL}{lang}/feed.xml"
                                                for lang in LANGUAGES]
    # Each feed's title in its own language: spelled out for German and English.
    spelled = {"de": "Deal-Briefing: Briefings und Artikel auf Deutsch",
               "en": "Deal Briefing: briefings and articles in English"}
    titles = dict(zip(LANGUAGES, (link["title"] for link in links), strict=True))
    for lang, title in titles.items():
        assert title == spelled.get(lang, title) and title.startswith(CONFIG.site_name[lang])
    assert len(set(titles.values())) == len(titles)
    assert not any(link.has_attr("hreflang") for link in links)


def test_feed_text_is_escaped_xml_in_its_own_language(edge_feed: bytes) -> None:
    feed = feedparser.parse(edge_feed)
    assert not feed.bozo, feed.get("bozo_exception")
    ET.fromstring(edge_feed)  # well-formed without feedparser's leniency
    titles = [e.title for e in feed.entries]
    assert "Alpha said to buy *Beta* [rumour] | 1 & 2" in titles
    # A summary not yet translated is given in German and says so.
    licence = next(e for e in feed.entries if e.link.endswith("/deals/gamma-licence/"))
    assert licence.summary == "Ein bestätigter Lizenzvertrag."
    assert licence.summary_detail.language == "de"
    assert licence.title_detail.language == "en"


@pytest.fixture(scope="module")
def edge_feed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The English feed of the edge-case content, one deal summary left untranslated."""
    content = tmp_path_factory.mktemp("edge") / "content"
    shutil.copytree(EDGE, content)
    licence = content / "deals" / "gamma-licence.yml"
    text = licence.read_text("utf-8")
    text = text.replace(", en: A confirmed licence agreement.}", "}")
    assert "A confirmed licence" not in text
    licence.write_text(text, "utf-8")
    config = replace(fixture_config(EDGE), content_dir=content)  # the edge case's settings
    return pipeline.generate(config).pages["en/feed.xml"].encode("utf-8")
