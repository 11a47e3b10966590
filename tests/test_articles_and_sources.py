"""Articles show their own facts and sources, one-language articles reach the other
language's readers, and editors' remarks on sources never reach anyone else."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import EDGE, fixture_config

from generator.build import pipeline
from generator.content.model import Source, Text
from generator.engine.config import load_site_config
from generator.render.renderer import Citations

ROOT = Path(__file__).resolve().parent.parent
CONFIG, _RAW = load_site_config(ROOT / "mkdocs.yml")
LUXEMBOURG = "articles/amazon-luxemburg-stellenabbau"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_key_facts_are_those_of_the_deal_the_article_names(built_site: Path) -> None:
    # About no one deal: no box, though the article covers (and cites) a deal.
    luxembourg = soup(built_site / "de" / LUXEMBOURG / "index.html")
    assert luxembourg.select(".key-facts") == []
    bets = soup(built_site / "en/articles/amazon-ai-bets/index.html")
    assert bets.select(".key-facts") == []
    # key_facts: amazon-openai-investment.
    story = soup(built_site / "en/articles/amazon-openai-from-talks-to-stake/index.html")
    [box] = story.select(".key-facts")
    assert box.select_one("a")["href"].endswith("deals/amazon-openai-investment/")
    assert "up to $50 billion" in box.get_text(" ").replace("\u00a0", " ")


def test_an_articles_own_sources_stay_its_own(built_site: Path) -> None:
    luxembourg = soup(built_site / "de" / LUXEMBOURG / "index.html")
    entries = [li.get_text(" ", strip=True).replace("\u00a0", " ") for li in luxembourg.select("ol.sources > li")]
    assert entries[0].startswith("The Indian Express (Bloomberg), Dezember 2025.")
    # It covers no deal (no source links the job cuts to one) and cites its own source only;
    # an own entry beside a deal's is test_a_deal_source_never_replaces_the_articles_own_entry.
    assert len(entries) == 1


def test_a_deal_source_never_replaces_the_articles_own_entry() -> None:
    own = Source("notes", Text({"*": "Testzeitung"}), "de", title="Bericht", kind="print-edition")
    same_from_deal = Source("notes", Text({"*": "Testzeitung"}), "de", title="Bericht",
                            kind="print-edition")
    cite = Citations({"notes": own, "deal/notes": same_from_deal})
    assert cite.number("deal/notes") == cite.number("notes") == 1  # one publication, one number
    assert cite.entries == [own] and cite.entries[0] is own
    cite = Citations({"notes": own, "deal/notes": same_from_deal})
    cite.number("notes")
    cite.number("deal/notes")
    assert cite.entries[0] is own


def test_the_notice_page_is_found_by_the_other_languages_search(built_site: Path) -> None:
    from generator.engine import pagefind_search

    pages = pagefind_search.indexed_pages(built_site / "en")
    entries = [d for d in pages if str(d["url"]).startswith(f"/{LUXEMBOURG}/")]
    assert entries, "the English notice page is not in the English search index"
    page = entries[0]
    assert page["meta"]["title"] == (  # type: ignore[index]
        "Available in German only: Amazon cuts 370 jobs at its European "
        "headquarters in Luxembourg")
    words = " ".join(str(d["content"]) for d in entries).lower()
    for word in ("luxembourg", "cutting", "jobs"):
        assert word in words, word
    # And it still says plainly where the full text is.
    notice = soup(built_site / "en" / LUXEMBOURG / "index.html")
    assert "The full text of this article is available in German only:" in notice.get_text()
    assert notice.select_one('a[href*="/de/articles/amazon-luxemburg-stellenabbau/"]')


def test_editors_remarks_never_reach_a_page_or_a_file(built_site: Path) -> None:
    edge = pipeline.generate(fixture_config(EDGE))
    assert edge.pages and all("REMARK-NEVER-SHOWN" not in text
                              for text in edge.pages.values() if isinstance(text, str))
    files = [p for p in built_site.rglob("*") if p.is_file() and p.suffix in (
        ".html", ".xml", ".json", ".csv")]
    assert len(files) > 50
    for path in files:
        text = path.read_text("utf-8")
        # Remarks in the sample: "Seed 004 …", "Title not on file."
        assert "Seed 004" not in text and "Title not on file" not in text, path


def test_the_sources_index_names_the_articles_citing_a_source_beside_the_deals(
        sample_generated: pipeline.Generated) -> None:
    """An article citing a deal's source ([@deal-id/source-id], or in the key facts it
    shows) is a page citing it: the index names it beside the deal, once."""
    pages = sample_generated.pages
    for lang, article, title in (
            ("de", "articles/amazon-openai-von-gespraechen-zur-beteiligung.md",
             "Amazon und OpenAI: Von den ersten Berichten"),
            ("en", "articles/amazon-openai-from-talks-to-stake.md",
             "Amazon and OpenAI: from first reports")):
        index = str(pages[f"{lang}/sources.md"]).replace("\u00a0", " ")
        entry = next(block for block in index.split("\n- ")
                     if "tomshardware.com/tech-industry/amazon-invests-50-billion" in block)
        assert "(deals/amazon-openai-investment.md)" in entry
        assert f"({article})" in entry and title in entry.replace("\u2011", "-")
        assert entry.count(f"({article})") == 1
    # An article that only mentions a deal (the Luxembourg job cuts, whose shortened text
    # now cites only its own source) is named beside that source, and the deal's page does
    # not list it as an article about the deal.
    german = str(pages["de/sources.md"])
    entry = next(block for block in german.split("\n- ") if "indianexpress.com" in block)
    assert "(articles/amazon-luxemburg-stellenabbau.md)" in entry
    assert "amazon-luxemburg-stellenabbau" not in str(
        pages["de/deals/amazon-openai-investment.md"]).split("## Quellen")[0]
