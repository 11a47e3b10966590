"""Languages are data (generator/content/languages.py): a third language is an entry there, a catalog
and texts in the records. The proof: tests/fixtures/french/, a site in German, English and
French, built as a site owner would build it, reads as a French newsroom writes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import ROOT, fixture_config, run_mkdocs

from generator.build import pipeline
from generator.content.languages import LANGUAGES
from generator.content.model import PartialDate
from generator.pages.paths import page_url
from generator.schemas import ID_PATTERN, enums
from generator.text import formatting, labels
from generator.text.i18n import LOCALES_DIR, SOURCE_LANGUAGE

FRENCH_SITE = Path(__file__).resolve().parent / "fixtures" / "french"
NB, NNB = "\u00a0", "\u202f"  # no-break space, narrow no-break space


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/french/ built by `mkdocs build --strict` with the project's templates."""
    project = tmp_path_factory.mktemp("french") / "project"
    shutil.copytree(FRENCH_SITE, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def page_text(path: Path) -> str:
    """What a reader sees of a page: its body's text, scripts and styles left out."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.select("script, style"):
        tag.decompose()
    assert soup.body is not None
    # Runs of spaces and line breaks are one space, as a browser shows them; no-break
    # spaces stay what they are.
    return re.sub(r"[ \t\r\n]+", " ", soup.body.get_text(" ")).strip()


def english_words_translated_into(lang: str) -> list[str]:
    """The interface's English phrases that the catalog of ``lang`` says otherwise: the
    literal parts of each message (around its placeholders) that are whole words."""
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    phrases: set[str] = set()
    for message in catalog:
        if not message.id or isinstance(message.id, tuple) or message.string == message.id:
            continue
        for part in re.split(r"%\(\w+\)[sd]", message.id):
            part = part.strip(" .,:;()")
            if len(part) >= 4 and not part.startswith("TODO"):
                phrases.add(part)
    return sorted(phrases)


def test_a_french_site_reads_as_a_french_newsroom_writes(french_site: Path) -> None:
    deal = page_text(french_site / "fr" / "deals" / "acme-globex-investment" / "index.html")
    for written in (
            # The amount, and the one part without conditions in a row of its own.
            f"Montant jusqu’à 50{NB}milliards{NB}de{NB}dollars",
            f"Immédiatement 15{NB}milliards{NB}de{NB}dollars",
            f"environ 8,5{NB}%",  # Babel's percent, no-break space
            f"Publié le 1er{NB}mars{NB}2025",  # the first of a month
            f"Situation au 12{NB}mars{NB}2025",
            f"«{NNB}Acme invests in Globex{NNB}»",  # a title in French quotation marks
            f"En négociation{NB}: information non confirmée",  # a colon after a space
            "Chiffres clés", "Chronologie", "Questions des lecteurs", "Type d’opération",
            "Prise de participation", "En anglais", f"consulté le 2{NB}mars{NB}2025"):
        assert written in deal, written
    assert '<html lang="fr"' in (french_site / "fr" / "index.html").read_text("utf-8")


def test_no_english_interface_word_on_a_french_page(french_site: Path) -> None:
    # The open data page names the files' fields and values, which are English data names
    # in every language (`about`, `accessed`): every other page.
    pages = sorted(p for p in (french_site / "fr").rglob("index.html") if "data" not in p.parts)
    assert len(pages) >= 8
    english = english_words_translated_into("fr")
    assert "Key facts" in english and "Reader questions" in english
    for page in pages:
        text = page_text(page)
        found = [phrase for phrase in english if re.search(rf"\b{re.escape(phrase)}\b", text)]
        assert found == [], page


def test_the_other_languages_know_the_third(french_site: Path) -> None:
    german = (french_site / "de" / "deals" / "acme-globex-investment" / "index.html").read_text(
        "utf-8")
    soup = BeautifulSoup(german, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in soup.select(
        'link[rel="alternate"]:not([type])')}
    assert alternates["fr"] == "https://briefing.example/fr/deals/acme-globex-investment/"
    assert "fr_FR" in [tag["content"] for tag in soup.select(
        'meta[property="og:locale:alternate"]')]
    assert "Français" in [a.get_text(strip=True) for a in soup.select(".md-select__link")]
    chooser = page_text(french_site / "index.html")
    assert "Lire les fiches en français" in chooser and "Die Briefings auf Deutsch lesen" in chooser
    rows = list(csv.reader(io.StringIO((french_site / "fr" / "data" / "deals.csv").read_text(
        "utf-8-sig"))))
    assert rows[0][-9:-3] == ["headline_de", "headline_en", "headline_fr", "url_de", "url_en",
                              "url_fr"]
    assert rows[1][rows[0].index("headline_fr")] == "Acme négocie un investissement dans Globex"
    from generator.engine import pagefind_search

    assert pagefind_search.languages(french_site / "fr") == ["fr"]
    assert any("Chiffres clés" in str(page["content"])
               for page in pagefind_search.indexed_pages(french_site / "fr"))


def test_every_language_switch_leads_to_a_page_of_that_language(tmp_path: Path) -> None:
    """Where an article lacks a language, the language menu leads to the notice there, at
    the address of the version in the site's first language that has one: here a German
    original and a French version with a slug of its own, and no English version."""
    content = shutil.copytree(FRENCH_SITE, tmp_path / "french") / "content"
    articles = content / "articles"
    french = (articles / "acme-globex.fr.md").read_text(encoding="utf-8")
    (articles / "acme-globex.fr.md").unlink()
    (articles / "acme-mise-sur-globex.fr.md").write_text(
        french.replace("author: desk\n", "author: desk\ntranslation_key: acme-globex\n", 1),
        encoding="utf-8")
    pages = pipeline.generate(fixture_config(content)).pages
    assert "fr/articles/acme-mise-sur-globex.md" in pages
    addresses = {f"{lang}/{page_url(path)}" for lang, path in
                 (name.split("/", 1) for name in pages if name.endswith(".md"))}
    checked = 0
    for name, text in pages.items():
        if name.endswith(".md"):
            switch = yaml.safe_load(str(text).split("---\n", 2)[1])["language_switch"]
            assert set(switch) == {"de", "en", "fr"}, name
            for target in switch.values():
                assert target in addresses, (name, target)
                checked += 1
    assert checked > 30


# --- the registry itself --------------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_language_formats_money_dates_and_quotes(lang: str) -> None:
    language = LANGUAGES[lang]
    assert language.code == lang
    amount = formatting.amount_text(2_000_000_000, "USD", lang)
    assert amount.startswith(("2", "$2")) and "2" in amount and "USD" not in amount
    assert formatting.date_text(PartialDate(2025, 12, 16), lang) != "2025-12-16"
    assert formatting.quoted("T", lang) == f"{language.quotes[0]}T{language.quotes[1]}"
    assert language.og_locale.startswith(f"{lang}_")


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != SOURCE_LANGUAGE])
def test_every_language_but_the_source_has_a_catalog(lang: str) -> None:
    assert (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").is_file()


@pytest.mark.parametrize("value,expected", [
    (1_000_000_000, f"1{NB}milliard{NB}de{NB}dollars"),  # Babel alone writes "1 milliards"
    (1_200_000_000, f"1,2{NB}milliard{NB}de{NB}dollars"),
    (2_000_000_000, f"2{NB}milliards{NB}de{NB}dollars"),
    (500_000, f"500{NNB}000{NB}dollars"),
])
def test_french_amounts(value: int, expected: str) -> None:
    assert formatting.amount_text(value, "USD", "fr") == expected
    assert formatting.amount_text(value, "EUR", "fr") == expected.replace(
        f"de{NB}dollars", "d’euros").replace("dollars", "euros")


def test_every_value_records_choose_from_has_a_word_in_every_language() -> None:
    found = enums()
    assert "deal.status" in found and "common.money.qualifier" in found
    assert set(found) == set(labels.TABLES) | set(labels.NOT_SHOWN)
    catalogs = {}
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
                catalogs[lang] = {m.id: m.string for m in read_po(handle) if m.id}
    for where, tables in labels.TABLES.items():
        for table in tables:
            assert set(found[where]) <= set(table), where
            for value, message in table.items():
                for lang, catalog in catalogs.items():
                    assert not message or catalog.get(message), (where, value, lang)


def test_the_id_pattern_is_the_schemas_one() -> None:
    common = json.loads((ROOT / "generator" / "schemas" / "common.schema.json").read_text(
        "utf-8"))
    assert re.sub(r"\((?!\?)", "(?:", common["$defs"]["id"]["pattern"]) == f"^{ID_PATTERN}$"
    article = json.loads((ROOT / "generator" / "schemas" / "article.schema.json").read_text(
        "utf-8"))
    citation = article["properties"]["faq"]["items"]["properties"]["sources"]["items"]
    plain_id = common["$defs"]["id"]["pattern"].strip("^$")
    assert citation["pattern"] == f"^{plain_id}(/{plain_id})?$"
