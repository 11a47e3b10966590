"""The articles' and the companies' overviews stay small at any size: above a limit of
entries the articles' overview lists the newest and links a page per period of their last
change (as the deal overview does), the companies' a page per first letter. Here on a
synthetic site of 50 deals with the limits lowered (as tests/small_site.py does), so that
a few entries show every shape: periods split into months, a letter in parts, stories in
one language only, names filed under A for Ä and under "others" for a digit."""

from __future__ import annotations

import posixpath
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import LANGUAGES, ROOT, copy_project

from generator.build import pipeline
from generator.build.pipeline import Generated
from generator.content.model import Article
from generator.engine.config import load_site_config
from generator.pages import articles as article_kinds
from generator.pages import companies as company_kinds
from generator.render import renderer as renderer_module

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is a folder of scripts

DEALS = 50  # stories 3 and 4 are in one language only (benchmarks/synth.py)
LIMITS = {article_kinds: {"ARTICLE_ROWS": 2, "LATEST_ARTICLE_ROWS": 2},
          company_kinds: {"COMPANY_INDEX_ROWS": 2}}
# Names whose letter a German reader knows: Ä under A, Ö under O, a digit under others.
EXTRA_COMPANIES = {"aerzte-holding": "Ärztehaus Holding", "oeko-tech": "ökoTech",
                   "drei-d-druck": "3D Druck AG", "anker-werke": "Anker Werke",
                   "aachen-labs": "aachen labs"}
# The new interface words, in English: none may stand on a German page.
ENGLISH = ("Articles by year", "Newest articles", "All articles", "Every article",
           "Companies by first letter", "All companies", "0–9 and others", "| Letter |",
           "# Articles ", "# Companies: ", "The articles of this period", "whose names begin")

LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def lower(monkeypatch: pytest.MonkeyPatch) -> None:
    for module, limits in LIMITS.items():
        for name, value in limits.items():
            monkeypatch.setattr(module, name, value)


def add_companies(content: Path) -> None:
    template = next((content / "companies").glob("*.yml")).read_text(encoding="utf-8")
    data = yaml.safe_load(template)
    for ident, name in EXTRA_COMPANIES.items():
        (content / "companies" / f"{ident}.yml").write_text(yaml.safe_dump(
            {**data, "id": ident, "name": name, "legal_name": name}, allow_unicode=True),
            encoding="utf-8")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, Path]:
    """The site rendered with the limits lowered, and only while it renders: the other
    tests of this process see the real ones."""
    project = copy_project(tmp_path_factory.mktemp("paging") / "project")
    synth.write_content(project / "content", DEALS)
    add_companies(project / "content")
    # An English version changed later than its German one: the languages' pages differ,
    # and the language menu of the English page of that period has no German twin.
    english = min((project / "content" / "articles").glob("*.en.md"))
    later = "updated: '2026-10-30'\nreviewed: '2026-10-30'"
    english.write_text(re.sub(r"(?m)^reviewed: .*$", later, english.read_text(encoding="utf-8"),
                              count=1), encoding="utf-8")
    config, _raw = load_site_config(project / "mkdocs.yml")
    with pytest.MonkeyPatch.context() as monkeypatch:
        lower(monkeypatch)
        return pipeline.generate(replace(config, templates_dir=ROOT / "templates")), project


def resolve(page: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target.replace("\\", "")))


def links(pages: dict[str, str], page: str) -> list[str]:
    return [resolve(page, target) for target in LINK.findall(pages[page])]


def front(text: str) -> dict[str, object]:
    found: dict[str, object] = yaml.safe_load(text.split("---\n")[1])
    return found


def switch_target(pages: dict[str, str], url: str) -> str:
    """The Markdown page of a language menu's address (``en/articles/year/2026/``)."""
    stem = url.rstrip("/")
    found = [path for path in (f"{stem}.md", f"{stem}/index.md") if path in pages]
    assert found, url
    return found[0]


def entries(pages: dict[str, str], lang: str, folder: str) -> dict[str, str]:
    return {path: text for path, text in pages.items()
            if path.startswith(f"{lang}/{folder}/") and path.endswith(".md")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_large_articles_overview_lists_every_entry_once_on_pages_within_the_limit(
        large: tuple[Generated, Path], lang: str) -> None:
    generated, _project = large
    pages = generated.pages
    limit = LIMITS[article_kinds]["ARTICLE_ROWS"]
    years = entries(pages, lang, "articles/year")
    assert len(years) >= 3, sorted(years)
    # Each article of this language and each notice of a story in another: its page.
    stories = {path for path in pages if re.fullmatch(rf"{lang}/articles/[^/]+\.md", path)
               and path != f"{lang}/articles/index.md"}
    assert len(stories) > limit
    listed: list[str] = []
    for path, text in years.items():
        rows = [line for line in text.splitlines() if line.startswith("- [")]
        assert 0 < len(rows) <= limit or "](" in text.split("\n## ")[0], path
        assert len(rows) <= limit, path
        listed += [resolve(path, LINK.search(row).group(1)) for row in rows]  # type: ignore[union-attr]
    assert Counter(listed) == Counter(stories)  # each entry exactly once
    # Stories in another language only are among them (synth's stories 3 and 4).
    elsewhere = len([a for a in generated.content.articles if a.lang != lang
                     and lang not in a.translations])
    assert elsewhere > 0
    # The overview: the newest few, and every year's page; each page reachable from it.
    index = f"{lang}/articles/index.md"
    rows = [line for line in pages[index].splitlines() if line.startswith("- [")]
    assert len(rows) == LIMITS[article_kinds]["LATEST_ARTICLE_ROWS"]
    reached, todo = set(), [index]
    while todo:
        page = todo.pop()
        for target in links(pages, page):
            assert target in pages, (page, target)  # every link leads to a page
            if target in years and target not in reached:
                reached.add(target)
                todo.append(target)
    assert reached == set(years)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_period_pages_have_titles_dates_and_a_language_menu(
        large: tuple[Generated, Path], lang: str) -> None:
    generated, _project = large
    pages = generated.pages
    by_slug = {(a.lang, a.slug): a for a in generated.content.articles}
    word = {"de": "Artikel", "en": "Articles"}[lang]
    twins = 0  # pages of a period the other language has no page for
    for path, text in entries(pages, lang, "articles/year").items():
        meta = front(text)
        name = path.split("/")[-1][:-3]
        assert re.match(rf"# {word} (\d{{4}}|\w+ \d{{4}}|\d)", text.split("---\n", 2)[2].lstrip()), path
        # The sitemap's date: the newest last change of what it lists (a story elsewhere
        # with its newest version's).
        listed = [by_slug.get((lang, target.split("/")[-1][:-3])) or next(
            a for a in generated.content.articles if a.slug == target.split("/")[-1][:-3])
            for target in links(pages, path) if re.fullmatch(
                rf"{lang}/articles/[^/]+\.md", target) and not target.endswith("index.md")]
        versions: list[Article] = [v for a in listed for v in (a, *a.translations.values())
                                   if a.lang == lang and v is a or a.lang != lang]
        newest = max(v.last_changed.iso for v in versions)
        assert meta["lastmod"] == newest, path
        # The menu leads to the same page in the other language where it has one, else to
        # the page holding its period, else to that language's overview.
        switch = meta["language_switch"]
        assert isinstance(switch, dict)
        for code, url in switch.items():
            target = switch_target(pages, url)
            twins += code != lang and f"{code}/articles/year/{name}.md" not in pages
            if f"{code}/articles/year/{name}.md" in pages:
                assert target == f"{code}/articles/year/{name}.md"
            else:
                assert target == f"{code}/articles/index.md" or name.startswith(
                    target.split("/")[-1][:-3]), (path, target)
    assert twins > 0 if lang == "en" else True


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_large_companies_overview_has_a_page_per_letter(
        large: tuple[Generated, Path], lang: str) -> None:
    generated, _project = large
    pages = generated.pages
    limit = LIMITS[company_kinds]["COMPANY_INDEX_ROWS"]
    letters = entries(pages, lang, "companies/letter")
    firsts = {path for path in letters if "-part-" not in path}
    assert any("-part-" in path for path in letters), sorted(letters)  # a letter in parts
    names = {c.id: str(c.name.get(lang)) for c in generated.content.companies.values()}
    listed: list[str] = []
    index = f"{lang}/companies/index.md"
    assert set(links(pages, index)) == firsts
    for path, text in letters.items():
        letter = path.split("/")[-1][:-3].split("-part-")[0]
        rows = re.findall(r"^\| \[[^]]+\]\(\.\./([a-z0-9-]+)\.md\) \| \d+ \|$", text,
                          flags=re.MULTILINE)
        assert 0 < len(rows) <= limit, path
        for company in rows:  # filed under the letter its name begins with
            assert company_kinds.initial(names[company]) == letter, (path, company)
        listed += rows
        # The letters at the top: every letter's first page, and the list of all.
        targets = set(links(pages, path))
        assert firsts | {index} <= targets, path
        assert targets <= set(pages), path
        switch = front(text)["language_switch"]
        assert isinstance(switch, dict)
        for code, url in switch.items():
            assert switch_target(pages, url) in (
                path.replace(f"{lang}/", f"{code}/", 1), f"{code}/companies/index.md",
                f"{code}/companies/letter/{letter}.md")
    assert Counter(listed) == Counter(list(names))  # every company exactly once
    filed = {company: path.split("/")[-1][:-3] for path, text in letters.items()
             for company in re.findall(r"\]\(\.\./([a-z0-9-]+)\.md\)", text)}
    # Ä under A, after "aachen labs" and "Anker Werke" (on the second part), ö under O, a
    # digit under the others.
    assert [filed["aachen-labs"], filed["anker-werke"], filed["aerzte-holding"]] == [
        "a", "a", "a-part-2"]
    assert (filed["oeko-tech"], filed["drei-d-druck"]) == ("o", "other")
    assert "\n# Unternehmen: A (2/2)\n" in pages["de/companies/letter/a-part-2.md"]
    title = {"de": "Unternehmen: 0–9 und andere", "en": "Companies: 0–9 and others"}[lang]
    assert f"\n# {title}\n" in pages[f"{lang}/companies/letter/other.md"]


def test_letters_are_filed_as_readers_expect() -> None:
    initial = company_kinds.initial
    assert [initial(name) for name in ("Äpfel", "äpfel", "Apfel", "Østergaard", "Éclair",
                                       "ßtrasse", "Zeta")] == list("aaaoesz")
    assert initial("3D Systems") == initial("(Klammer)") == initial("") == "other"


def test_no_english_word_reaches_a_german_overview_page(
        large: tuple[Generated, Path]) -> None:
    generated, _project = large
    german = {path: text for path, text in generated.pages.items()
              if re.match(r"de/(articles|companies)/(index|year/|letter/)", path)}
    assert len(german) > 10
    for path, text in german.items():
        for words in ENGLISH:
            assert words not in text, (path, words)
    assert "## Artikel nach Jahr" in generated.pages["de/articles/index.md"]
    assert "Unternehmen nach Anfangsbuchstaben:" in generated.pages["de/companies/index.md"]


def test_listings_are_kept_from_the_search(large: tuple[Generated, Path]) -> None:
    generated, _project = large
    for path, text in generated.pages.items():
        if re.match(r"\w+/(articles/year|companies/letter)/", path):
            body = text.split("---\n", 2)[2]
            assert '<div data-pagefind-ignore="all" markdown>' in body, path


def test_the_sample_keeps_one_page_per_overview(sample_generated: Generated) -> None:
    pages = sample_generated.pages
    assert not [p for p in pages if re.search(r"/(articles/year|companies/letter)/", p)]
    for lang in LANGUAGES:
        index = pages[f"{lang}/companies/index.md"]
        companies = len(sample_generated.content.companies)
        assert len(re.findall(r"^\| \[", index, flags=re.MULTILINE)) == companies


OVERVIEWS = re.compile(r"\w+/(articles|companies)/(index|year/|letter/)")


def test_a_new_article_or_company_renders_only_the_overview_pages_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview's save renders again the overview pages whose text the save changes, and
    no other (tests/test_incremental.py holds the whole site to a clean build)."""
    lower(monkeypatch)
    project = copy_project(tmp_path / "project")
    synth.write_content(project / "content", DEALS)
    add_companies(project / "content")
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    pipeline.build_markdown(config, generator=kept)
    rendered: list[str] = []
    page = renderer_module.LanguageRenderer.page

    def recording(self: renderer_module.LanguageRenderer, planned: object) -> object:
        rendered.append(f"{self.lang}/{planned.path}")  # type: ignore[attr-defined]
        return page(self, planned)  # type: ignore[arg-type]

    def saved(save: Callable[[], None]) -> tuple[set[str], set[str]]:
        """The overview pages a save rendered, and those whose text it changed."""
        before = pipeline.generate(config).pages
        save()
        monkeypatch.setattr(renderer_module.LanguageRenderer, "page", recording)
        pipeline.build_markdown(config, generator=kept)
        monkeypatch.setattr(renderer_module.LanguageRenderer, "page", page)
        after = pipeline.generate(config).pages
        changed = {path for path in after if before.get(path) != after[path]}
        overview = {path for path in rendered if OVERVIEWS.match(path)}
        rendered.clear()
        return overview, {path for path in changed if OVERVIEWS.match(path)}

    # A German article of a story of its own, dated as one on a period's page with room for
    # one more (so that the pages stay as they are): that page in each language (in English
    # among the stories in other languages) and the overviews' numbers.
    pages = pipeline.generate(config).pages
    limit = LIMITS[article_kinds]["ARTICLE_ROWS"]
    roomy = next(path for path, text in sorted(entries(pages, "de", "articles/year").items())
                 if len(re.findall(r"(?m)^- \[", text)) < limit)
    slug = next(target.split("/")[-1][:-3] for target in links(pages, roomy)
                if (config.content_dir / "articles" / f"{target.split('/')[-1][:-3]}.de.md")
                .is_file())
    source = config.content_dir / "articles" / f"{slug}.de.md"
    text = source.read_text(encoding="utf-8")

    def add_article() -> None:
        source.with_name("neuer-artikel.de.md").write_text(
            re.sub(r"(?m)^translation_key: .*\n", "", text).replace(
                "\ntitle: '", "\ntitle: 'Neu – ", 1), encoding="utf-8")
    overview, changed = saved(add_article)
    assert overview == changed, (sorted(overview), sorted(changed))
    assert {"de/articles/index.md", "en/articles/index.md", roomy} < changed
    assert len([p for p in changed if "/articles/year/" in p]) == 2, sorted(changed)

    # A company: the pages of its letter and the list of letters, in each language.
    data = yaml.safe_load((config.content_dir / "companies" / "oeko-tech.yml").read_text(
        encoding="utf-8"))

    def add_company() -> None:
        (config.content_dir / "companies" / "zebra-ag.yml").write_text(yaml.safe_dump(
            {**data, "id": "zebra-ag", "name": "Zebra AG", "legal_name": "Zebra AG"},
            allow_unicode=True), encoding="utf-8")
    overview, changed = saved(add_company)
    assert overview == changed, (sorted(overview), sorted(changed))
    assert {"de/companies/index.md", "de/companies/letter/z.md"} < changed
