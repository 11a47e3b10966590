"""Every word of a page in the page's language: the site's own footer (with the Impressum
once it is filled in) in place of Material's English line, a 404 page per language, and no
interface word of one language on a page of another (the word list is the catalogs')."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import permutations
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import LANGUAGES, SAMPLE_CONFIG
from sample_languages import interface_words

from generator.build.pipeline import Generated
from generator.engine.theme_words import theme_words
from generator.text.i18n import LOCALES_DIR, SOURCE_LANGUAGE

ABOUT = {"de": ("Über uns",), "en": ("About",)}
NOT_FOUND = {"de": ("Seite nicht gefunden", "Startseite"), "en": ("Page not found", "Start page")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_is_the_sites_own_in_the_pages_language(
        built_site: Path, built_pages: dict[str, list[Path]], lang: str) -> None:
    name, (about,) = SAMPLE_CONFIG.site_name[lang], interface_words(ABOUT, lang)
    about_page = (built_site / lang / "about" / "index.html").resolve()
    assert len(built_pages[lang]) > 20
    for path in built_pages[lang]:
        page = soup(path)
        footer = page.select_one("footer .md-copyright")
        assert footer is not None, path
        assert "Material for MkDocs" not in page.get_text(), path
        assert footer.select_one("nav span").get_text() == name
        links = {a.get_text(): a["href"] for a in footer.select("a")}
        assert (path.parent / links[about] / "index.html").resolve() == about_page, path


def test_the_footer_links_the_impressum_once_it_is_filled_in() -> None:
    assert [link["label"] for link in theme_words(SAMPLE_CONFIG, "de")["footer"]] == [
        "Über uns", "Quellen"]  # the sample's Impressum is placeholders
    filled = replace(SAMPLE_CONFIG, impressum={
        **SAMPLE_CONFIG.impressum, "publisher": "Deal Briefing GmbH",
        "address": "Musterstraße 1, 10115 Berlin"})
    for lang, label in (("de", "Impressum"), ("en", "Legal notice")):
        footer = theme_words(filled, lang)["footer"]
        assert {"label": label, "path": "about/#impressum"} in footer


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(built_site: Path, lang: str) -> None:
    page = soup(built_site / lang / "404.html")
    assert page.html["lang"] == lang
    body = page.select_one("article")
    title, home = interface_words(NOT_FOUND, lang)
    assert body.select_one("h1").get_text() == title
    assert "404 - Not found" not in page.get_text()
    links = {a.get_text(): a["href"] for a in body.select("li a")}
    # Absolute addresses into this language's site: the page is served at any depth.
    assert links[home] == f"/{lang}/"
    assert all(href.startswith(f"/{lang}/") for href in links.values()), links
    for href in links.values():
        assert (built_site / href.lstrip("/") / "index.html").is_file(), href


# --- no interface word of another language ---------------------------------------------------

def catalog_words(lang: str) -> tuple[set[str], set[str]]:
    """(English ids, their translations) of the catalog of ``lang``, where they differ;
    placeholders split a message into the phrases around them."""
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    english, translated = set(), set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source, target in zip(ids, strings, strict=False):
            if not target or source == target:
                continue
            english |= phrases(source)
            translated |= phrases(target)
    return english - translated, translated - english


def phrases(message: str) -> set[str]:
    """The parts of a message a page shows verbatim: a whole message of two words at
    least (a single word may be a name or a loan word in either language), or the text
    between its placeholders, of three words at least ("Deals in" is German too)."""
    parts = re.split(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}", message)
    least = 2 if len(parts) == 1 else 3
    return {" ".join(p.split()).strip(" ,.:;") for p in parts
            if len(p.split()) >= least and not re.search(r"[<>`(){}]", p)}


def shown_text(path: Path, lang: str) -> str:
    """What a reader of the page reads in its language: the text outside scripts and
    outside anything marked as written in another language (quoted titles, the language
    menu)."""
    page = soup(path)
    for element in page.select("script, style, [lang]:not(html)"):
        if element.get("lang") != lang or element.name in ("script", "style"):
            element.decompose()
    return " ".join(page.get_text(" ").split())


def foreign_words(lang: str, other: str) -> set[str]:
    """The phrases of the interface of ``other`` that a page in ``lang`` never shows:
    English is the catalogs' source language, and has no catalog of its own."""
    if other == SOURCE_LANGUAGE:
        return catalog_words(lang)[0]
    translated = catalog_words(other)[1]
    return translated if lang == SOURCE_LANGUAGE else translated - catalog_words(lang)[1]


@pytest.mark.parametrize("lang,other", list(permutations(LANGUAGES, 2)))
def test_no_interface_words_of_another_language(
        built_pages: dict[str, list[Path]], lang: str, other: str) -> None:
    foreign = foreign_words(lang, other)
    assert len(foreign) > 100
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)"
                                  for p in sorted(foreign, key=len, reverse=True)))
    checked = 0
    for path in built_pages[lang]:
        found = pattern.findall(shown_text(path, lang))
        assert not found, f"{path}: {found[:5]}"
        checked += 1
    assert checked > 20


# Wordings a desk editor sent back (issue 13), each fixed where it was made; none may return.
SENT_BACK = {
    "de": ["Eckdatum", "| Angabe |", "Diese Seite verfolgt", "Mrd. Bewertung", ": Sofort",
           "bestätigt: von den Beteiligten bestätigt", "::"],
    "en": ["on conditions", "At once", "at once", "before the new money", "on which terms",
           "What's next"],
}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang in SENT_BACK])
def test_wordings_sent_back_stay_gone(lang: str, sample_generated: Generated) -> None:
    pages = {path: " ".join(text.split()) for path, text in
             sample_generated.pages.items()
             if path.startswith(f"{lang}/") and isinstance(text, str)}  # not the pictures
    assert len(pages) > 20
    for path, text in pages.items():
        body = text.split("\n---\n", 1)[-1] if "\n---\n" in text else text
        found = [phrase for phrase in SENT_BACK[lang] if phrase in body.replace("https://", "")]
        assert not found, f"{path}: {found}"
