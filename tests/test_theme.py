"""The theme overrides (templates/theme/) need nothing but what the engine gives every
template: what they use beyond that, they import or set themselves. Material's base.html
hands its partials `lang` and `features`; an engine, or a Material, that renders a partial
without it would otherwise fail on the first page."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.meta
import pytest
from conftest import ROOT
from mkdocs.config import load_config
from mkdocs.utils.templates import TemplateContext

THEME = ROOT / "templates" / "theme"
OVERRIDES = sorted(path for path in THEME.rglob("*") if path.suffix in (".html", ".xml"))
# What MkDocs puts into every template's context, and ProperDocs' own version (asked for
# with `is defined` only).
ENGINE_GIVES = set(TemplateContext.__annotations__) | {"properdocs_version"}


@pytest.fixture(scope="module")
def environment() -> jinja2.Environment:
    """The theme's own Jinja environment, with MkDocs' filters and Material's templates."""
    return load_config(str(ROOT / "mkdocs.yml")).theme.get_env()


def needs(environment: jinja2.Environment, source: str) -> set[str]:
    return jinja2.meta.find_undeclared_variables(environment.parse(source))


@pytest.mark.parametrize("path", OVERRIDES, ids=lambda path: path.relative_to(THEME).as_posix())
def test_an_override_needs_only_what_the_engine_gives(environment: jinja2.Environment,
                                                      path: Path) -> None:
    assert needs(environment, path.read_text("utf-8")) <= ENGINE_GIVES


def test_the_overrides_are_found_and_the_check_sees_a_missing_import(
        environment: jinja2.Environment) -> None:
    assert {p.relative_to(THEME).as_posix() for p in OVERRIDES} >= {
        "main.html", "sitemap.xml", "partials/toc.html", "partials/search.html",
        "partials/alternate.html"}
    assert {"config", "page", "nav", "base_url", "pages", "mkdocs_version"} <= ENGINE_GIVES
    search = (THEME / "partials" / "search.html").read_text("utf-8")
    without = search.replace('{% import "partials/language.html" as lang with context -%}', "")
    assert without != search and "lang" in needs(environment, without)
