"""The page registry (generator/pages/registry.py, kinds by family in pages/): each kind of page declared once, and the
declarations hold: what a page says it depends on is what changes it, the navigation and
the pages outside it are the registry's, and no record can take a page's address."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LANGUAGES, ROOT, SAMPLE_CONFIG, fixture_config
from mkdocs.config.config_options import PathSpec

from generator.build import pipeline
from generator.content.load import Document
from generator.content.model import build_content
from generator.pages import paths, registry
from generator.preview import incremental
from generator.preview.incremental import KeptPages
from generator.render.renderer import LanguageRenderer, plan, render_site

CONTENT = {"sample": ROOT / "content",
           "edge": Path(__file__).resolve().parent / "golden" / "edge" / "content"}


def changed(value: Any) -> Any:
    """A text changed in every language it has."""
    if isinstance(value, dict):
        return {lang: f"{text} (changed)" for lang, text in value.items()}
    return f"{value} (changed)"


def mutate(doc: Document) -> None:
    """Change what readers see of a record: its name or headline, and a figure."""
    data = doc.data
    if doc.kind == "deal":
        data["headline"] = changed(data["headline"])
        data["summary"] = changed(data["summary"])
        if "amount" in data and "value" in data["amount"]:
            data["amount"]["value"] += 1
    elif doc.kind in ("company", "author"):
        data["name"] = changed(data["name"])
    elif doc.kind == "topics":
        for topic in data["topics"]:
            topic["label"] = changed(topic["label"])
    elif doc.kind == "glossary":
        for term in data["terms"]:
            term["definition"] = changed(term["definition"])
    else:
        data["title"] = changed(data["title"])


def declared(content: Any, config: Any, today: Any) -> dict[str, frozenset[Any]]:
    """What each page of each language says it depends on."""
    found = {}
    for lang in config.languages:
        renderer = LanguageRenderer(content, config, lang, today)
        for page in renderer.plan():
            found[f"{lang}/{page.path}"] = page.depends_on(renderer)
    return found


@pytest.mark.parametrize("case", sorted(CONTENT))
def test_a_changed_record_changes_only_the_pages_that_declare_it(case: str) -> None:
    config = fixture_config(CONTENT[case])  # the settings beside the content
    documents, problems = pipeline.check(config)
    assert not [p for p in problems if p.severity == "error"]
    today = pipeline.today()
    content = build_content(copy.deepcopy(documents))
    before = render_site(content, config, today=today)
    depends = declared(content, config, today)
    assert set(depends) == set(before)
    checked = 0
    for i, doc in enumerate(documents):
        mutated = copy.deepcopy(documents)
        mutate(mutated[i])
        changed_content = build_content(mutated)
        after = render_site(changed_content, config, today=today)
        assert set(after) == set(before)
        touched = [path for path in before if after[path] != before[path]]
        assert touched, f"changing {doc.file} changed no page"
        key = incremental.record_key(doc)  # the key a preview matches the change with
        facts = KeptPages()
        facts.update_facts(content, None)
        triggers = incremental.triggers({key}, facts.update_facts(changed_content, {key}))
        depends_after = declared(changed_content, config, today)
        undeclared = [path for path in touched if triggers.isdisjoint(depends[path])
                      and triggers.isdisjoint(depends_after[path])]
        assert undeclared == [], f"{doc.file} changes pages that do not declare it"
        checked += 1
    assert checked == len(documents) >= 8


def test_every_kind_of_page_declares_what_it_depends_on() -> None:
    """A kind of page that declared nothing would never be rendered again after a save:
    only the about page and the privacy notice, which show nothing but the settings, may do
    so, and say so."""
    undeclared = [kind.name for kind in registry.KINDS
                  if kind.depends_on is registry.settings_only]
    assert undeclared == ["about", "privacy"]
    content = build_content(pipeline.check(SAMPLE_CONFIG)[0])
    renderer = LanguageRenderer(content, SAMPLE_CONFIG, SAMPLE_CONFIG.default_language,
                                pipeline.today())
    kinds = {page.kind.name: page for page in renderer.plan()}
    assert len(kinds) >= 12
    assert sorted(name for name, page in kinds.items()
                  if not set(page.kind.depends_on(renderer, page.item))) == ["about"]
    # Every page of text depends on the glossary besides what its kind declares (the
    # glossary's own page declares it).
    assert [name for name, page in kinds.items() if page.kind.is_markdown
            and registry.GLOSSARY not in page.depends_on(renderer)] == []


def test_the_navigation_is_the_registrys() -> None:
    raw = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert raw["nav"] == registry.in_nav()
    assert "not_in_nav" not in raw  # the plugin gives MkDocs the registry's
    # MkDocs reads not_in_nav as gitignore patterns: every page outside the navigation
    # must match one (a page the nav lists is in it whatever it matches).
    outside = PathSpec().validate("\n".join(registry.not_in_nav()))
    content = build_content(pipeline.check(SAMPLE_CONFIG)[0])
    planned = plan(content, SAMPLE_CONFIG, SAMPLE_CONFIG.default_language, pipeline.today())
    markdown = [page for page in planned if page.path.endswith(".md")]
    assert len(markdown) > 20
    assert any(page.kind.in_nav for page in markdown)
    for page in markdown:
        assert page.kind.in_nav or outside.match_file(page.path), page.path
        assert not page.kind.in_nav or page.path in raw["nav"], page.path


def test_every_kind_has_its_template_and_a_path_of_its_own() -> None:
    for kind in registry.KINDS:
        if kind.template is not None:
            assert (ROOT / "templates" / "pages" / kind.template).is_file(), kind.name
        else:
            assert kind.write is not None, kind.name
    fixed = [kind.path for kind in registry.KINDS if "{" not in kind.path]
    assert len(fixed) == len(set(fixed))


def test_no_record_may_take_a_name_the_pages_use() -> None:
    reserved = registry.reserved_names()
    for name in ("index", "deals", "year", "companies", "articles", "about", "data", "feed",
                 "404", "assets", "search", "sitemap"):
        assert name in reserved
    assert "acme" not in reserved


def test_every_planned_page_is_rendered_once(tmp_path: Path) -> None:
    content = build_content(pipeline.check(SAMPLE_CONFIG)[0])
    for lang in LANGUAGES:
        planned = plan(content, SAMPLE_CONFIG, lang, pipeline.today())
        paths = [page.path for page in planned]
        assert len(paths) == len(set(paths)) > 20
        rendered = render_site(content, SAMPLE_CONFIG, [lang], today=pipeline.today())
        assert sorted(f"{lang}/{path}" for path in paths) == sorted(rendered)


def test_every_path_rule_is_a_kind_s_and_every_kind_s_rule_is_listed() -> None:
    """The reserved names come from paths.RULES: a kind whose rule is missing there would
    leave its fixed names free for a record to take, and a rule no kind uses reserves
    names for nothing."""
    assert {kind.path for kind in registry.KINDS} == set(paths.RULES)


def test_a_kind_s_context_splits_into_the_page_s_parts_and_the_template_s_own() -> None:
    """What the renderer makes the page's head from stays out of the template's variables,
    the title goes to both, and a part left at None takes the renderer's default."""
    from generator.pages.kind import PageParts

    parts = PageParts.of({"title": "Deals", "meta": {"description": "All."}, "switch": None,
                          "deals": ["a"]}, story=True, explain_terms=False)
    assert (parts.title, parts.meta, parts.switch, parts.story) == (
        "Deals", {"description": "All."}, None, True)
    assert parts.template == {"deals": ["a"]}
    with pytest.raises(TypeError):
        PageParts.of({"deals": []}, story=False, explain_terms=False)  # no title
