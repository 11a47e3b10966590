"""What search engines and link previews read, checked on the real `mkdocs build --strict`:
hreflang, canonical, meta description, Open Graph, Twitter cards and schema.org JSON-LD on
every page of every language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGES
from sample_languages import ORIGINAL, article_versions, notice_slugs, others, shown_text

from generator.content.languages import LANGUAGES as REGISTRY
from generator.engine.config import load_site_config
from generator.pages.page_head import sentences, short_description
from generator.pages.structured_data import script_json

ROOT = Path(__file__).resolve().parent.parent
CONFIG, _RAW = load_site_config(ROOT / "mkdocs.yml")
SITE_URL = CONFIG.site_url
# Spelled out for German and English; any further language's is its entry's.
LOCALES = {"de": "de_DE", "en": "en_US"}


def og_locale(lang: str) -> str:
    return LOCALES.get(lang) or REGISTRY[lang].og_locale


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def plain(text: str) -> str:
    # Pages show "US-Dollar" after a figure with a hyphen no line ends at (U+2011); their
    # head and structured data, read by machines, keep the ordinary one.
    return " ".join(text.replace("\u2011", "-").split())


def pages(site: Path, built_pages: dict[str, list[Path]]) -> dict[str, BeautifulSoup]:
    """Every page of every language by its public address (not-found pages aside); the
    built_pages fixture has checked that these are all the pages there are."""
    found = {}
    for lang in LANGUAGES:
        for path in built_pages[lang]:
            relative = path.parent.relative_to(site).as_posix()
            found[f"{SITE_URL}{relative}/"] = soup(path)
    assert len(found) == sum(len(paths) for paths in built_pages.values())
    return found


def meta(page: BeautifulSoup, key: str, attribute: str = "property") -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={attribute: key})]


def one_meta(page: BeautifulSoup, key: str, attribute: str = "property") -> str:
    values = meta(page, key, attribute)
    assert len(values) == 1, (key, values)
    return values[0]


def alternates(page: BeautifulSoup) -> dict[str, str]:
    """The page's language versions, as a crawler reads them: every alternate link with an
    hreflang, whatever its type (a feed's too), each language code once."""
    links = page.select('link[rel="alternate"][hreflang]')
    found = {link["hreflang"]: link["href"] for link in links}
    assert len(found) == len(links), "two targets for one hreflang"
    return found


def is_noindex(page: BeautifulSoup) -> bool:
    return page.select_one('meta[name="robots"][content="noindex"]') is not None


def json_ld(page: BeautifulSoup) -> list[dict]:
    nodes = []
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        assert data["@context"] == "https://schema.org"
        nodes.extend(data["@graph"])
    return nodes


def node(page: BeautifulSoup, kind: str) -> dict:
    found = [n for n in json_ld(page) if n["@type"] == kind]
    assert len(found) == 1, (kind, found)
    return found[0]


def record(kind: str, name: str) -> dict:
    return yaml.safe_load((ROOT / "content" / kind / f"{name}.yml").read_text("utf-8"))


def article_record(file: Path) -> dict:
    return yaml.safe_load(file.read_text("utf-8").split("---\n")[1])


# --- hreflang and canonical ------------------------------------------------------------------

def test_hreflang_sets_are_complete_and_reciprocal(built_site: Path,
        built_pages: dict[str, list[Path]]) -> None:
    site = pages(built_site, built_pages)
    site[SITE_URL] = soup(built_site / "index.html")  # the language chooser
    assert len(site) > 50
    notices = {url for url, page in site.items() if is_noindex(page)}
    # One notice per language an article lacks (the sample has a German-only article).
    assert notices and notices == {f"{SITE_URL}{lang}/articles/{slug}/"
                                   for lang in LANGUAGES for slug in notice_slugs(lang)}
    listed: set[str] = set()
    for url, page in site.items():
        versions = alternates(page)
        if url in notices:
            assert versions == {}, url  # a notice is no version of the article
            continue
        lang = url.removeprefix(SITE_URL).split("/")[0] or None
        if lang:
            assert versions[lang] == url, (url, versions)  # each version lists itself
        assert set(versions) >= {"x-default"} and set(versions) - {"x-default"}, url
        for href in versions.values():
            assert href.startswith(SITE_URL), (url, href)  # absolute, on this site
            assert href in site, (url, href)  # a page that exists
            # Reciprocal: every version lists exactly the same set.
            assert alternates(site[href]) == versions, (url, href)
            listed.add(href)
        if lang and url != f"{SITE_URL}{lang}/":
            # The counterpart page, never a language's home page.
            homes = {SITE_URL, *(f"{SITE_URL}{code}/" for code in LANGUAGES)}
            assert not homes & set(versions.values()), (url, versions)
    assert not listed & notices


def test_every_page_with_a_counterpart_lists_it(built_site: Path,
        built_pages: dict[str, list[Path]]) -> None:
    site = pages(built_site, built_pages)
    for url, page in site.items():
        if is_noindex(page):
            continue
        lang = url.removeprefix(SITE_URL).split("/")[0]
        for other in others(lang):
            same_path = f"{SITE_URL}{other}/" + url.removeprefix(f"{SITE_URL}{lang}/")
            if same_path in site and not is_noindex(site[same_path]):
                assert alternates(page)[other] == same_path, url
    # Articles paired by translation_key have different slugs and still list each other.
    german = site[f"{SITE_URL}de/articles/amazon-openai-von-gespraechen-zur-beteiligung/"]
    assert alternates(german)["en"] == f"{SITE_URL}en/articles/amazon-openai-from-talks-to-stake/"
    # The German-only article has no English version to list.
    only_german = site[f"{SITE_URL}de/articles/amazon-luxemburg-stellenabbau/"]
    assert alternates(only_german) == {
        "de": f"{SITE_URL}de/articles/amazon-luxemburg-stellenabbau/",
        "x-default": f"{SITE_URL}de/articles/amazon-luxemburg-stellenabbau/"}


def test_x_default_is_the_chooser_for_home_pages_and_the_original_elsewhere(
        built_site: Path, built_pages: dict[str, list[Path]]) -> None:
    site = pages(built_site, built_pages)
    for lang in LANGUAGES:
        assert alternates(site[f"{SITE_URL}{lang}/"])["x-default"] == SITE_URL
        deal = site[f"{SITE_URL}{lang}/deals/amazon-openai-investment/"]
        assert alternates(deal)["x-default"] == (
            f"{SITE_URL}{ORIGINAL}/deals/amazon-openai-investment/")
    chooser = soup(built_site / "index.html")
    assert alternates(chooser) == {**{lang: f"{SITE_URL}{lang}/" for lang in LANGUAGES},
                                   "x-default": SITE_URL}


def test_canonical_is_the_page_itself(built_site: Path,
        built_pages: dict[str, list[Path]]) -> None:
    for url, page in pages(built_site, built_pages).items():
        canonical = [link["href"] for link in page.select('link[rel="canonical"]')]
        assert canonical == ([] if is_noindex(page) else [url]), url


# --- description, Open Graph, Twitter --------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_social_tags_in_its_language(
        built_site: Path, built_pages: dict[str, list[Path]], lang: str) -> None:
    for url, page in pages(built_site, built_pages).items():
        if not url.startswith(f"{SITE_URL}{lang}/"):
            continue
        description = one_meta(page, "description", "name")
        assert 0 < len(description) <= 220, (url, description)
        heading = plain(page.select_one("article h1").get_text(" "))
        assert plain(one_meta(page, "og:title")) == heading, url
        assert one_meta(page, "og:description") == description
        assert one_meta(page, "og:url") == url
        assert one_meta(page, "og:site_name") == CONFIG.site_name[lang]
        assert one_meta(page, "og:locale") == og_locale(lang)
        versions = alternates(page)
        assert meta(page, "og:locale:alternate") == [
            og_locale(other) for other in others(lang) if other in versions], url
        path = url.removeprefix(f"{SITE_URL}{lang}/")
        is_story = re.fullmatch(r"(deals|articles)/[a-z0-9-]+/", path) and not is_noindex(page)
        assert one_meta(page, "og:type") == ("article" if is_story else "website"), url
        # A deal page has its own preview picture (test_social_images.py), others none.
        is_deal = re.fullmatch(r"deals/[a-z0-9-]+/", path) is not None
        assert one_meta(page, "twitter:card", "name") == (
            "summary_large_image" if is_deal else "summary"), url
        assert bool(meta(page, "og:image")) == is_deal, url
        # X takes title, description and picture from Open Graph: not said twice.
        for twice in ("twitter:title", "twitter:description", "twitter:image"):
            assert not page.head.find("meta", attrs={"name": twice}), (url, twice)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deal_descriptions_are_the_summary_cut_at_a_sentence(built_site: Path,
                                                             lang: str) -> None:
    for file in sorted((ROOT / "content" / "deals").glob("*.yml")):
        data = record("deals", file.stem)
        page = soup(built_site / lang / "deals" / file.stem / "index.html")
        description = one_meta(page, "description", "name")
        summary = plain(shown_text(data["summary"], lang))
        assert summary.startswith(description), file.stem
        rest = summary[len(description):]
        assert rest == "" or rest.startswith(" "), (file.stem, description)
        assert description[-1] in ".!?", description  # whole sentences
        assert len(description) > 60  # not cut at an abbreviation such as "Mrd."
        assert one_meta(page, "og:title") == shown_text(data["headline"], lang)


def test_notice_page_describes_itself_in_its_own_language(built_site: Path) -> None:
    page = soup(built_site / "en/articles/amazon-luxemburg-stellenabbau/index.html")
    # What the article is about, in English, from its front matter's other_languages.
    assert one_meta(page, "description", "name") == (
        "Amazon cuts 370 jobs at its European headquarters in Luxembourg. This article is "
        "available in German only.")


def test_sentences_respect_abbreviations_and_ordinals() -> None:
    assert sentences("Amazon zahlt 50 Mrd. US-Dollar. Am 27. Februar 2026 kam die Zusage. "
                     "Die U.S. Börsenaufsicht prüft z. B. Angaben.") == [
        "Amazon zahlt 50 Mrd. US-Dollar.", "Am 27. Februar 2026 kam die Zusage.",
        "Die U.S. Börsenaufsicht prüft z. B. Angaben."]
    assert sentences("It closed in 2025. Then “Frontier” came.") == [
        "It closed in 2025.", "Then “Frontier” came."]


def test_short_description_keeps_whole_sentences_or_cuts_at_a_word() -> None:
    first = "A" * 100 + "."
    assert short_description(f"{first} {'B' * 70}. Short.") == first
    assert short_description(f"{first} Short. {'B' * 70}.") == f"{first} Short."
    # A first sentence is kept whole up to 220 characters; a longer one is cut at a word.
    long_first = " ".join(["word"] * 40) + "."  # 200 characters
    assert short_description(f"{long_first} Next.") == long_first
    long_sentence = " ".join(["word"] * 60) + "."
    cut = short_description(long_sentence)
    assert len(cut) <= 160 and cut.endswith("word…")
    assert short_description("") == ""


# --- JSON-LD ---------------------------------------------------------------------------------

def visible_faq(page: BeautifulSoup) -> list[tuple[str, str]]:
    """The reader questions as a reader sees them: question and answer text."""
    entries = []
    for details in page.select("details.faq"):
        details = BeautifulSoup(str(details), "html.parser").details
        # Citations, notices and the label of a question a reader sent in are no part of
        # the question or its answer.
        for hidden in details.select("sup.cite, .untranslated, .reader-question"):
            hidden.decompose()
        # Text as the browser joins it: an explained term (<abbr>) is part of its sentence.
        question = plain(details.summary.get_text())
        details.summary.decompose()
        answer = "\n\n".join(plain(p.get_text()) for p in details.find_all("p"))
        entries.append((question, answer))
    return entries


def structured_faq(page: BeautifulSoup) -> list[tuple[str, str]]:
    faq = [n for n in json_ld(page) if n["@type"] == "FAQPage"]
    if not faq:
        return []
    assert len(faq) == 1
    return [(q["name"], q["acceptedAnswer"]["text"]) for q in faq[0]["mainEntity"]]


def test_faq_markup_matches_the_faq_on_every_page(built_site: Path,
        built_pages: dict[str, list[Path]]) -> None:
    with_faq = 0
    for url, page in pages(built_site, built_pages).items():
        shown = visible_faq(page)
        assert structured_faq(page) == shown, url
        with_faq += bool(shown)
    assert with_faq >= 14  # every deal and article in both languages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deal_pages_are_news_articles(built_site: Path, lang: str) -> None:
    # The sample's Impressum is a placeholder: the publisher is named by the site's name.
    publisher = CONFIG.site_name[lang]
    for file in sorted((ROOT / "content" / "deals").glob("*.yml")):
        data = record("deals", file.stem)
        url = f"{SITE_URL}{lang}/deals/{file.stem}/"
        page = soup(built_site / lang / "deals" / file.stem / "index.html")
        article = node(page, "NewsArticle")
        assert article["url"] == url and article["inLanguage"] == lang
        assert article["headline"] == shown_text(data["headline"], lang)
        # The page's own dates, not those of the events it reports.
        assert article["datePublished"] == data["published"]
        assert article["dateModified"] == max([data.get("updated", data["published"]), *(
            c["date"] for c in data.get("corrections", []))])
        assert article["publisher"]["name"] == publisher
        assert article["author"]["@type"] in ("Organization", "Person")
        companies = {p["company"] for p in data["parties"]}
        names = {shown_text(record("companies", c)["name"], lang) for c in companies}
        assert {o["name"] for o in article["about"]} == names
        assert all(o["@type"] == "Organization" for o in article["about"])
        # The sources the page lists, in its order, with their addresses where known.
        listed = page.select("ol.sources > li")
        assert len(article["citation"]) == len(listed) == len(data["sources"])
        for source in data["sources"]:
            cited = [c for c in article["citation"] if c.get("url") == source.get("url")
                     and c["inLanguage"] == source["language"]
                     and c.get("datePublished") == source.get("published")]
            assert cited, source["id"]
        counterparts = {other: f"{SITE_URL}{other}/deals/{file.stem}/" for other in LANGUAGES}
        if lang == ORIGINAL:  # the site's first language is the original
            assert [w["url"] for w in article["workTranslation"]] == [
                counterparts[other] for other in others(lang)]
            assert "translationOfWork" not in article
        else:
            assert article["translationOfWork"]["url"] == counterparts[ORIGINAL]
            assert "workTranslation" not in article
        money = [m for m in article.get("mentions", []) if m["@type"] == "MonetaryAmount"]
        if "amount" not in data:  # a deal of parts: their sum is ours, not the deal's amount
            assert not money
            continue
        amount = data["amount"]
        assert money[0]["currency"] == amount["currency"]
        if amount["qualifier"] in ("exact", "about"):
            assert money[0]["value"] == amount["value"]


def test_article_pages_name_their_author_and_translation(built_site: Path) -> None:
    # Each version of an article in two languages at least (the same slug in each).
    versions = article_versions()["amazon-ai-bets"]
    assert len(versions) >= 2 and set(versions.values()) == {"amazon-ai-bets"}
    author = yaml.safe_load((ROOT / "content/authors/redaktion.yml").read_text("utf-8"))
    kind = {"person": "Person", "organization": "Organization"}[author.get("kind", "person")]
    found = {}
    for lang in versions:
        page = soup(built_site / f"{lang}/articles/amazon-ai-bets/index.html")
        article = found[lang] = node(page, "NewsArticle")
        front = article_record(ROOT / f"content/articles/amazon-ai-bets.{lang}.md")
        assert article["headline"] == front["title"]
        assert article["author"] == {"@type": kind, "name": shown_text(author["name"], lang)}
        assert article["datePublished"] == front["published"]
        assert article["dateModified"] == max([front.get("updated", front["published"]), *(
            c["date"] for c in front.get("corrections", []))])
        assert article["inLanguage"] == lang
        assert {o["name"] for o in article["about"]} >= {"Amazon", "Anthropic", "OpenAI"}
    # The original names every translation; each translation names the original.
    original = found[ORIGINAL]
    assert [w["url"] for w in original["workTranslation"]] == [
        found[lang]["url"] for lang in others(ORIGINAL) if lang in found]
    assert "translationOfWork" not in original
    for lang, article in found.items():
        if lang != ORIGINAL:
            assert article["translationOfWork"]["url"] == original["url"]
            assert "workTranslation" not in article
    for lang in LANGUAGES:
        for slug in notice_slugs(lang):
            notice = soup(built_site / f"{lang}/articles/{slug}/index.html")
            assert json_ld(notice) == []


def test_json_ld_cannot_end_its_script_element(built_site: Path) -> None:
    hostile = {"name": "</script><script>alert(1)</script> <!-- & -->"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile
    for path in built_site.rglob("*.html"):
        for script in soup(path).select('script[type="application/ld+json"]'):
            raw = script.string
            assert "<" not in raw and "&" not in raw, path


# --- awkward content: escaping and untranslated text -----------------------------------------

def test_head_values_are_escaped_and_exact(edge_site: Path) -> None:
    page = soup(edge_site / "en/deals/alpha-beta-rumour/index.html")
    headline = "Alpha said to buy *Beta* [rumour] | 1 & 2"
    assert one_meta(page, "og:title") == headline
    assert node(page, "NewsArticle")["headline"] == headline
    assert structured_faq(page) == visible_faq(page) == [
        ("Is this confirmed?", "No. Price < EUR 1.2bn & > EUR 0.5bn."),
        ("Who asked?", "A reader.")]
    amount = node(page, "NewsArticle")["mentions"][0]
    assert (amount["minValue"], amount["maxValue"]) == (500_000_000, 1_200_000_000)


def test_untranslated_faq_is_marked_with_its_language(edge_site: Path) -> None:
    checked = 0
    for path in sorted(edge_site.glob("*/*/*/index.html")):
        page = soup(path)
        assert structured_faq(page) == visible_faq(page), path
        lang = path.relative_to(edge_site).parts[0]
        for question in (n for n in json_ld(page) if n["@type"] == "FAQPage"):
            for entity in question["mainEntity"]:
                checked += 1
                assert entity.get("inLanguage", lang) in ("de", "en")
    assert checked
