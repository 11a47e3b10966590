"""A briefing that briefs: key points at the top, why it matters, risks and what comes next,
each cited; the topic, byline and author box; terms explained on first use; a reader's
question to the desk. Read from the real `mkdocs build --strict` of the sample site."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import EDGE, LANGUAGES, MINIMAL, ROOT, SAMPLE_CONFIG, fixture_config
from sample_languages import ORIGINAL, interface_words, notice_slugs

from generator.build import pipeline
from generator.render.renderer import LanguageRenderer

DEAL = "deals/amazon-openai-investment/index.html"
SECTIONS = {
    "de": ("Das Wichtigste in Kürze", "Warum das wichtig ist", "Risiken", "Wie es weitergeht"),
    "en": ("Key points", "Why it matters", "Risks", "What’s next"),
}
KEY_FACTS = {"de": ("Eckdaten",), "en": ("Key facts",)}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(page: BeautifulSoup) -> Tag:
    found = page.select_one("article")
    assert found is not None
    return found


def section(page: BeautifulSoup, heading: str) -> list[Tag]:
    """The elements between a heading of the page and the next heading."""
    h2 = next((h for h in article(page).select("h2") if h.get_text(strip=True) == heading),
              None)
    assert h2 is not None, f"no section '{heading}'"
    found = []
    for sibling in h2.find_next_siblings():
        if sibling.name in ("h2", "h1"):
            break
        found.append(sibling)
    return found


def cited(element: Tag, page: BeautifulSoup) -> bool:
    """Whether an element carries a citation that leads to an entry of the source list."""
    links = element.select("sup.cite a[href^='#source-']")
    return bool(links) and all(page.select_one(link["href"]) is not None for link in links)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_gist_and_the_sections_render_with_citations(built_site: Path, lang: str) -> None:
    page = soup(built_site / lang / DEAL)
    key_points, why, risks, next_ = interface_words(SECTIONS, lang)
    gist = article(page).select_one(".gist")
    assert gist is not None and gist.select_one("h2").get_text(strip=True) == key_points
    points = gist.select("li")
    assert len(points) == 5 and all(cited(point, page) for point in points)
    # The gist comes before the key facts.
    headings = [h.get_text(strip=True) for h in article(page).select("h2")]
    assert headings.index(key_points) < headings.index(interface_words(KEY_FACTS, lang)[0])
    paragraphs = [p for p in section(page, why) if p.name == "p"]
    assert len(paragraphs) >= 1 and all(cited(p, page) for p in paragraphs)
    for heading in (risks, next_):
        items = [li for block in section(page, heading) for li in block.select("li")]
        assert len(items) >= 2 and all(cited(item, page) for item in items), heading


def test_every_deal_opens_with_three_to_five_cited_key_points(
        built_pages: dict[str, list[Path]]) -> None:
    deals = 0
    for lang, paths in built_pages.items():
        for path in paths:
            if path.parent.parent.name != "deals" or path.parent.name == "deals":
                continue
            page = soup(path)
            gist = article(page).select_one(".gist")
            assert gist is not None, path
            points = gist.select("li")
            assert 3 <= len(points) <= 5 and all(cited(p, page) for p in points), path
            assert gist.select_one("h2").get_text(strip=True) == interface_words(
                SECTIONS, lang)[0]
            deals += 1
    assert deals == 5 * len(LANGUAGES)  # the sample's five deals in every language


@pytest.mark.parametrize("lang,kicker,byline,box", [
    ("de", "KI", "Von der Deal-Briefing-Redaktion", "Über die Redaktion"),
    ("en", "AI", "By the Deal Briefing desk", "About the desk"),
])
def test_topic_byline_and_desk_box(built_site: Path, lang: str, kicker: str, byline: str,
                                   box: str) -> None:
    page = soup(built_site / lang / DEAL)
    body = article(page)
    first = body.find(["p", "h1"])
    assert first is not None and "kicker" in first.get("class", [])  # above the headline
    assert first.get_text(strip=True) == kicker
    # Under the headline: the standfirst, then one line that starts with the byline.
    assert body.select_one("h1 + p.standfirst") is not None
    meta = body.select_one("h1 + p.standfirst + p.record-meta")
    assert meta is not None and meta.get_text(strip=True).startswith(byline)
    author_box = body.select_one(".author-box")
    assert author_box.select_one("h2").get_text(strip=True) == box
    assert author_box.get_text().count("Deal") >= 1


def test_a_persons_byline_and_box(tmp_path: Path) -> None:
    """An author of kind person (the minimal fixture's): "By <name>", "About the author"."""
    pages = pipeline.generate(fixture_config(MINIMAL)).pages
    deal = pages["de/deals/acme-globex-investment.md"]
    assert '<p class="record-meta" markdown>Von Testredaktion · ' in deal
    assert "## Über den Autor" in deal
    assert "## About the author" in pages["en/deals/acme-globex-investment.md"]
    assert 'class="kicker"' not in deal  # no tags, no topic


def test_a_question_from_a_reader_is_labelled_and_the_first_answer_is_open() -> None:
    pages = pipeline.generate(fixture_config(EDGE)).pages
    for lang, label in (("de", "Leserfrage"), ("en", "Reader question")):
        page = pages[f"{lang}/deals/alpha-beta-rumour.md"]
        entries = re.findall(r'<details class="faq"( open)? markdown>\n<summary markdown>(.*)'
                             r'</summary>', page)
        assert [opened for opened, _summary in entries] == [" open", ""]
        assert entries[1][1].startswith(f'<span class="reader-question">{label}</span> ')
        assert "reader-question" not in entries[0][1]


def test_the_reader_question_link_writes_to_the_desk_about_the_page(
        sample_generated: pipeline.Generated) -> None:
    """Not while the Impressum's address is a placeholder (the sample's): no reader may see
    one. With a real address, an e-mail with the page's title as its subject."""
    config = replace(SAMPLE_CONFIG, impressum={**SAMPLE_CONFIG.impressum,
                                                "email": "leserfragen@deal-briefing.de"})
    content = pipeline.prepare(config)[0]
    renderer = LanguageRenderer(content, config, "de", pipeline.today())
    pages = renderer.pages()
    deal = pages["deals/amazon-openai-investment.md"]
    match = re.search(r'<p class="ask" markdown>\*\*Haben Sie eine Frage zu diesem Briefing\?\*\* '
                      r'<a href="([^"]+)">Schreiben Sie der Redaktion</a></p>', deal)
    assert match is not None
    link = urlsplit(match.group(1).replace("&amp;", "&"))
    assert (link.scheme, link.path) == ("mailto", "leserfragen@deal-briefing.de")
    subject = parse_qs(link.query)["subject"][0]
    assert subject == "Amazon investiert bis zu 50 Mrd. US-Dollar in OpenAI, davon 15 Mrd. sofort"
    assert "%20" in match.group(1) and " " not in match.group(1)  # one address, no gaps
    assert "Haben Sie eine Frage zu diesem Artikel?" in pages[
        "articles/amazon-ai-bets.md"]
    sample = sample_generated.pages
    assert not any("mailto:" in text for text in sample.values() if isinstance(text, str))


# --- the glossary ---------------------------------------------------------------------------

GLOSSARY = yaml.safe_load((ROOT / "content" / "glossary.yml").read_text(encoding="utf-8"))


def definitions(lang: str) -> dict[str, str]:
    return {term["id"]: " ".join(term["definition"][lang].split())
            for term in GLOSSARY["terms"]}


def explained_terms(paths: list[Path], lang: str) -> set[str]:
    """The terms (by id) the pages explain, each checked: explained once a page, by its
    definition in the page's language, never inside a link, a summary, a heading or a
    citation."""
    ids = {definition: ident for ident, definition in definitions(lang).items()}
    explained: set[str] = set()
    for path in paths:
        terms = article(soup(path)).select("abbr.term")
        titles = [abbr["title"] for abbr in terms]
        assert len(titles) == len(set(titles)), f"{path}: a term explained twice"
        for abbr in terms:
            assert abbr["title"] in ids and abbr.get("tabindex") == "0"
            assert abbr.find_parent(["a", "summary", "h1", "h2", "sup"]) is None, path
        explained |= {ids[title] for title in titles}
    return explained


@pytest.mark.parametrize("lang", LANGUAGES)
def test_terms_are_explained_where_a_page_first_uses_them(
        built_pages: dict[str, list[Path]], lang: str) -> None:
    explained_anywhere = explained_terms(built_pages[lang], lang)
    # Every term is used, and explained, somewhere: in a translation too, but for terms the
    # original explains in an article the translation lacks (its notice explains nothing).
    lacking = notice_slugs(lang)
    excused = explained_terms([path for path in built_pages[ORIGINAL]
                               if path.parent.parent.name == "articles"
                               and path.parent.name in lacking], ORIGINAL)
    every_term = {term["id"] for term in GLOSSARY["terms"]}
    assert every_term - excused <= explained_anywhere <= every_term


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_first_use_carries_the_explanation(built_site: Path, lang: str) -> None:
    page = article(soup(built_site / lang / DEAL))
    trainium = definitions(lang)["trainium"]
    [abbr] = [a for a in page.select("abbr.term") if a["title"] == trainium]
    assert abbr.get_text() == "Trainium"
    # No earlier "Trainium" in the page's prose (headings and link texts aside).
    before = "".join(str(s) for s in abbr.find_all_previous(string=True)
                     if s.find_parent(["h1", "h2", "a", "summary", "script", "style"]) is None)
    assert "Trainium" not in before.split("</h1>")[-1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_page_lists_every_term(built_site: Path, lang: str) -> None:
    page = article(soup(built_site / lang / "glossary" / "index.html"))
    listed = {h2["id"]: h2.get_text(strip=True) for h2 in page.select("h2[id]")}
    assert set(listed) == {term["id"] for term in GLOSSARY["terms"]}
    for term in GLOSSARY["terms"]:
        assert listed[term["id"]] == term["term"][lang]
    assert list(listed.values()) == sorted(listed.values(), key=str.casefold)
    assert page.select("abbr.term") == []  # the glossary explains itself in full


# --- the start page and the sources index ----------------------------------------------------

def test_the_start_page_lists_the_deals_last_changed_first(built_site: Path) -> None:
    from generator.content.model import PartialDate

    content = pipeline.prepare(SAMPLE_CONFIG)[0]
    for lang, updated, published in (("de", "aktualisiert am ", "veröffentlicht am "),
                                     ("en", "updated ", "published ")):
        renderer = LanguageRenderer(content, SAMPLE_CONFIG, lang, pipeline.today())
        page = article(soup(built_site / lang / "index.html"))
        items = page.select("ul.latest-deals > li")
        assert len(items) == len(content.deals) >= 5
        shown = []
        for item in items:
            link = item.select_one("strong > a")
            deal_id = link["href"].rstrip("/").rsplit("/", 1)[-1]
            deal = content.deals[deal_id]
            # On the page "US-Dollar" after a figure has a hyphen no line ends at.
            assert link.get_text().replace("\u2011", "-").split() == renderer.name(
                deal.headline).split()
            facts = item.select_one(".deal-facts").get_text().replace("\u2011", "-")
            label = updated if deal.last_changed != deal.published else published
            facts = " ".join(facts.split())
            assert facts.startswith(" ".join((label + renderer.day(deal.last_changed)).split()))
            if deal.amount:
                assert " ".join(renderer.money(deal.amount).split()) in facts
            assert renderer.words.status_label(deal.status) in facts
            line = " ".join(item.get_text().replace("\u2011", "-").rsplit("\n", 1)[-1].split())
            assert line and " ".join(renderer.plain(deal.summary).split()).startswith(line)
            shown.append(deal)
        keys = [(d.last_changed, d.as_of) for d in shown]
        assert keys == sorted(keys, reverse=True)
        assert all(isinstance(d.last_changed, PartialDate) for d in shown)
        assert page.select_one("a[href='sources/']") is not None  # the sources index


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sources_index_lists_every_source_with_the_deals_citing_it(
        built_site: Path, lang: str) -> None:
    from generator.pages.sources import source_key

    content = pipeline.prepare(SAMPLE_CONFIG)[0]
    page = article(soup(built_site / lang / "sources" / "index.html"))
    entries = page.select("li:has(> .cited-by)")
    citing: dict[tuple[str, ...], set[str]] = {}
    for deal in content.deals.values():
        for source in deal.sources.values():
            citing.setdefault(source_key(source), set()).add(f"../deals/{deal.id}/")
    assert len(entries) >= len(citing) > 10
    listed = {}
    for entry in entries:
        links = {a["href"] for a in entry.select(".cited-by a")}
        address = entry.select_one("a[href^='http']")
        listed[address["href"] if address else entry.get_text()[:40]] = links
    for key, deals in citing.items():
        if key[0]:  # a source with an address: its entry names every deal citing it
            assert deals <= listed[key[0]], key
    assert sum(bool(key[0]) for key in citing) > 5


def test_a_deal_updated_today_leads_the_start_page_whatever_its_date() -> None:
    """Sorted by the last change in substance (update, correction), not by the day the
    facts are as of: an old deal corrected today comes first."""
    from generator.content.model import PartialDate

    content = pipeline.prepare(SAMPLE_CONFIG)[0]
    oldest = min(content.deals.values(), key=lambda d: d.as_of)
    # A day after every other deal's last change (the sample's corrections are today's).
    newest = max(d.last_changed for d in content.deals.values() if d.id != oldest.id)
    later = PartialDate.parse((newest.as_date() + timedelta(days=1)).isoformat())
    content.deals[oldest.id] = replace(oldest, updated=later)
    renderer = LanguageRenderer(content, SAMPLE_CONFIG, "en", pipeline.today())
    assert renderer.latest_deals()[0].id == oldest.id
    home = renderer.pages()["index.md"]
    assert home.index(f"deals/{oldest.id}.md") < min(
        home.index(f"deals/{d.id}.md") for d in content.deals.values() if d.id != oldest.id)
