"""The sample site's languages as its tests read them, whatever its mkdocs.yml lists: the
first is the original, every other one a translation. What follows from the content for
each language is read from the content itself (the articles a language lacks, the text a
page shows where a record has none), so that a test of the sample says what it checks
without assuming that the site has exactly German and English."""

from __future__ import annotations

from typing import Any

import yaml
from conftest import LANGUAGES, ROOT

from generator.text.i18n import translations

ORIGINAL = LANGUAGES[0]
TRANSLATIONS = LANGUAGES[1:]


def others(lang: str) -> tuple[str, ...]:
    """The site's languages but ``lang``, in the site's order."""
    return tuple(code for code in LANGUAGES if code != lang)


def shown_text(text: str | dict[str, Any], lang: str) -> Any:
    """The text a page in ``lang`` shows for a record's text: a neutral one as it is, else
    its version in ``lang``, else (with a notice) that of the first language that has one."""
    if isinstance(text, str):
        return text
    return text[lang] if lang in text else next(text[code] for code in LANGUAGES if code in text)


def interface_words(table: dict[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
    """Words of the interface a test expects on a page in ``lang``: as the table spells them
    for the languages it names (those a test checks letter by letter), and for any other
    language of the site the translations its catalog gives of the English ones."""
    if lang in table:
        return table[lang]
    catalog = translations(lang)
    return tuple(catalog.gettext(word) for word in table["en"])


def front_matter(file_text: str) -> dict[str, Any]:
    data = yaml.safe_load(file_text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def article_versions() -> dict[str, dict[str, str]]:
    """Every story of the sample's articles (its translation_key) with the slug of each
    language's version of it: {story: {language: slug}}."""
    stories: dict[str, dict[str, str]] = {}
    for file in sorted((ROOT / "content" / "articles").glob("*.*.md")):
        slug, lang = file.name.removesuffix(".md").rsplit(".", 1)
        story = front_matter(file.read_text("utf-8")).get("translation_key", slug)
        stories.setdefault(story, {})[lang] = slug
    return stories


def notice_slugs(lang: str) -> set[str]:
    """The articles a page in ``lang`` says are in other languages only: one notice per
    story without a version in ``lang``, at the slug of its version in the first of the
    site's languages that has one."""
    return {next(versions[code] for code in LANGUAGES if code in versions)
            for versions in article_versions().values() if lang not in versions}
