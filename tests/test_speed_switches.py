"""The speed tricks are switches (fast_search_index, collapse_whitespace in mkdocs.yml): with
both off, the sample site is the same site to readers and to its search, only slower to
build and larger (benchmarks/README.md has the figures)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, copy_project, run_mkdocs

from generator.engine import pagefind_search


def plain(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@pytest.fixture(scope="module")
def site_without_tricks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("no-tricks") / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - briefing:\n", "  - briefing:\n      fast_search_index: false\n"
                                               "      collapse_whitespace: false\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def reading(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """A page as a reader meets it: its text, and its links with their words."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.select("script, style"):
        tag.decompose()
    links = [(str(a.get("href")), plain(a.get_text(" "))) for a in soup.select("a")]
    return plain(soup.get_text(" ")), links


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_the_tricks_the_site_reads_and_searches_the_same(
        built_site: Path, built_pages: dict[str, list[Path]], site_without_tricks: Path,
        lang: str) -> None:
    slow_pages = sorted((site_without_tricks / lang).rglob("index.html"))
    assert [p.relative_to(site_without_tricks) for p in slow_pages] == [
        p.relative_to(built_site) for p in built_pages[lang]]
    larger = 0
    for fast, slow in zip(built_pages[lang], slow_pages, strict=True):
        assert reading(slow) == reading(fast), slow
        larger += slow.stat().st_size > fast.stat().st_size
    assert larger == len(slow_pages)  # the whitespace pass was off: every page is larger

    def entries(site: Path) -> list[tuple[str, str, str]]:
        return [(str(page["url"]), str(page["meta"]), plain(str(page["content"])))
                for page in pagefind_search.indexed_pages(site / lang)]

    assert len(entries(built_site)) > 20
    assert entries(site_without_tricks) == entries(built_site)
