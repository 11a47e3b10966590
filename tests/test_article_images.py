"""Pictures in articles: kept in content/images/, listed in the front matter with alt text,
credit and size, placed as [[figure:id]], published beside the pages by the writer, and
shown with a credit line in the page's language. (The check's messages for a picture
without alt, credit or size, a web address, a path out of content/, a missing file or one
that is no picture are cases of tests/bad_inputs/.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

EDGE = ROOT / "tests" / "golden" / "edge" / "content"
CREDIT_WORD = {"de": "Bild:", "en": "Image:"}
ARTICLES = {"de": "gepaart", "en": "paired"}


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_the_picture_is_in_the_site_and_shown_with_alt_size_and_credit(
        edge_site: Path, lang: str) -> None:
    page = edge_site / lang / "articles" / ARTICLES[lang] / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    figures = soup.select("article figure.article-figure")
    assert len(figures) == 1
    image = figures[0].find("img")
    src = image["src"]
    assert "://" not in src and not src.startswith("//")  # nothing fetched from elsewhere
    published = (page.parent / src).resolve()
    assert published == (edge_site / lang / "images" / "test-bars.png").resolve()
    assert published.read_bytes() == (EDGE / "images" / "test-bars.png").read_bytes()
    assert (image["width"], image["height"]) == ("400", "225")
    assert image["alt"].strip() and image["alt"] != src
    credit = figures[0].select_one("figcaption .figure-credit").get_text()
    assert credit.startswith(CREDIT_WORD[lang]) and len(credit) > len(CREDIT_WORD[lang]) + 3


def test_captions_are_text_not_markup(edge_site: Path) -> None:
    page = edge_site / "en" / "articles" / "paired" / "index.html"
    caption = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(
        "figure.article-figure figcaption")
    assert caption.get_text().startswith('Kept in content/images/ & shown "as is".')


def test_only_pictures_articles_show_are_published(edge_site: Path) -> None:
    pictures = sorted(p.relative_to(edge_site).as_posix()
                      for p in edge_site.glob("*/images/**/*") if p.is_file())
    assert pictures == ["de/images/test-bars.png", "en/images/test-bars.png"]
