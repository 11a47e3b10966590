"""The real `mkdocs build --strict` of the sample site, read as HTML."""

from __future__ import annotations

import posixpath
import re
from itertools import permutations
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGES
from sample_languages import interface_words

ROOT = Path(__file__).resolve().parent.parent
DEAL = "deals/amazon-openai-investment/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def text_of(page: BeautifulSoup) -> str:
    # Babel puts no-break spaces between figure and unit ("50 Mrd."); readers see a space.
    # and a hyphen that does not break the unit ("US‑Dollar"); readers see a hyphen.
    return re.sub(r"\s+", " ", page.get_text(" ").replace("\u00a0", " ").replace("\u2011", "-"))


def record(name: str) -> dict:
    return yaml.safe_load((ROOT / "content" / "deals" / f"{name}.yml").read_text("utf-8"))


def test_every_language_and_root_chooser(built_site: Path) -> None:
    for lang in LANGUAGES:
        assert (built_site / lang / DEAL).is_file()
    root = soup(built_site, "index.html")
    links = {a["hreflang"]: a["href"] for a in root.select("main a[hreflang]")}
    assert links == {lang: f"{lang}/" for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_language(built_site: Path, lang: str) -> None:
    pages = sorted((built_site / lang).rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, path


def switch_target(page_path: str, page: BeautifulSoup, lang: str) -> str:
    link = page.select_one(f"a.md-select__link[hreflang={lang}]")
    assert link is not None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), link["href"]))


@pytest.mark.parametrize("lang,other", list(permutations(LANGUAGES, 2)))
def test_language_switch_leads_to_the_same_page(built_site: Path, lang: str, other: str) -> None:
    here = f"{lang}/{DEAL}"
    assert switch_target(here, soup(built_site, here), other) == (
        f"{other}/{posixpath.dirname(DEAL)}")


def test_language_switch_pairs_articles_by_translation_key(built_site: Path) -> None:
    # Articles whose slugs differ between languages are paired by translation_key.
    article = "de/articles/amazon-openai-von-gespraechen-zur-beteiligung/index.html"
    assert switch_target(article, soup(built_site, article), "en") == (
        "en/articles/amazon-openai-from-talks-to-stake")


def test_deal_page_cites_every_source_and_shows_the_faq(built_site: Path) -> None:
    data = record("amazon-openai-investment")
    for lang in LANGUAGES:
        page = soup(built_site, f"{lang}/{DEAL}")
        entries = page.select("ol.sources > li")
        assert len(entries) == len(data["sources"])
        assert [li["id"] for li in entries] == [f"source-{n}" for n in
                                                 range(1, len(entries) + 1)]
        cited = {a["href"] for a in page.select("sup.cite a")}
        assert cited == {f"#source-{n}" for n in range(1, len(entries) + 1)}
        questions = [s.get_text(" ", strip=True) for s in page.select("details.faq > summary")]
        assert questions == [q["question"][lang] for q in data["faq"]]
        url = next(s["url"] for s in data["sources"] if "url" in s)
        assert page.select_one(f'ol.sources a[href="{url}"]') is not None


def test_amounts_and_dates_are_formatted_per_language(built_site: Path) -> None:
    de = text_of(soup(built_site, f"de/{DEAL}"))
    en = text_of(soup(built_site, f"en/{DEAL}"))
    # The one tranche without conditions has its own row: the amount's row does not repeat it.
    assert "Betrag bis zu 50 Mrd. US-Dollar [ 1 ] davon sofort 15 Mrd. US-Dollar" in de
    assert "Amount up to $50 billion [ 1 ] of which upfront $15 billion" in en
    assert "Bewertung 730 Mrd. US-Dollar (vor der Kapitalerhöhung)" in de
    assert "Valuation $730 billion (pre-money)" in en
    assert "Stand: 27. Februar 2026" in de  # in the line under the standfirst
    assert "As of February 27, 2026" in en
    microsoft_de = text_of(soup(built_site, "de/deals/microsoft-openai-investment/index.html"))
    microsoft_en = text_of(soup(built_site, "en/deals/microsoft-openai-investment/index.html"))
    assert "rund 13 Mrd. US-Dollar" in microsoft_de
    assert "about $13 billion" in microsoft_en
    assert "rund 27 %" in microsoft_de
    assert "about 27%" in microsoft_en


def test_timeline_goes_from_talks_to_announced(built_site: Path) -> None:
    page = soup(built_site, f"en/{DEAL}")
    heading = next(h for h in page.select("h2") if h.get_text(strip=True) == "Timeline")
    items = [li.get_text(" ", strip=True).replace("\u00a0", " ")
             for li in heading.find_next("ul").select("li")]
    assert items[0].startswith("December 16, 2025 · In talks")
    assert items[-1].startswith("February 27, 2026 · Announced")
    # No statement of Amazon's or OpenAI's own is among the sources: the status in the head
    # line says whose reports it rests on (FACTS.md), not that the parties confirmed it.
    assert page.select_one(".record-meta .status--confirmed") is None
    status = page.select_one(".record-meta .status--attributed").get_text(strip=True)
    assert status == ("Announced: according to Tom’s Hardware, The Batch (DeepLearning.AI), "
                      "and Duckbill")
    # Microsoft's own filing backs the completed recapitalisation.
    page = soup(built_site, "en/deals/microsoft-openai-investment/index.html")
    status = page.select_one(".record-meta .status--confirmed").get_text(strip=True)
    assert status == "Completed: confirmed by the parties"


def test_missing_translation_gets_a_notice_not_a_copy(built_site: Path) -> None:
    path = "en/articles/amazon-luxemburg-stellenabbau/index.html"
    page = soup(built_site, path)
    text = text_of(page)
    assert "The full text of this article is available in German only:" in text
    german = soup(built_site, "de/articles/amazon-luxemburg-stellenabbau/index.html")
    german_body = german.select_one("article").find_all("p")[3].get_text(strip=True)
    assert german_body and german_body not in text  # the German text is not copied over
    link = page.select_one('article a[href*="/de/articles/amazon-luxemburg-stellenabbau/"]')
    assert link is not None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link["href"]))
    assert target == "de/articles/amazon-luxemburg-stellenabbau"
    assert page.select_one('meta[name="robots"][content="noindex"]') is not None


@pytest.mark.parametrize("lang,other", list(permutations(LANGUAGES, 2)))
def test_each_language_has_its_own_search_index(built_site: Path, lang: str, other: str) -> None:
    from generator.engine import pagefind_search

    assert pagefind_search.languages(built_site / lang) == [lang]
    pages = pagefind_search.indexed_pages(built_site / lang)
    assert any(page["url"] == "/deals/amazon-openai-investment/" for page in pages)
    words = " ".join(str(page["content"]) for page in pages)
    heading = {"de": ("Leserfragen",), "en": ("Reader questions",)}
    (own,), (foreign,) = interface_words(heading, lang), interface_words(heading, other)
    assert own in words and foreign not in words


def test_no_page_loads_anything_from_another_host(built_site: Path,
                                                  built_pages: dict[str, list[Path]]) -> None:
    files = sorted(built_site.rglob("*.html"))
    # Every page, the root chooser and not-found page, and each language's not-found page.
    assert len(files) == sum(len(paths) for paths in built_pages.values()) + 2 + len(LANGUAGES)
    loaded = 0
    for path in files:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("script[src], link[href], img[src], iframe[src]"):
            if tag.name == "link" and tag.get("rel") and set(tag["rel"]) & {
                    "canonical", "alternate"}:
                continue  # addresses of this site's own pages, not loaded by the browser
            address = tag.get("src") or tag.get("href")
            assert not re.match(r"^(https?:)?//", address), (path, address)
            loaded += 1
    assert loaded > len(files)  # every page loads the theme's scripts and styles
