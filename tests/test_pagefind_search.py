"""generator/engine/pagefind_search.py on real pages and a real Pagefind: what it indexes, what it
refuses, and the settings that choose it (the browser's side: tests/browser/test_search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs

from generator.engine import pagefind_search

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav>Navigation words</nav><article><div data-pagefind-body>
<h1>{title}</h1><p>{text}</p>
<div data-pagefind-ignore="all"><h2>Related deals</h2><p>Listingword</p></div>
</div></article><footer>Footerword</footer></body></html>"""


def write_page(site: Path, path: str, title: str, text: str, lang: str = "de") -> None:
    target = site / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(lang=lang, title=title, text=text), encoding="utf-8")


def test_only_the_marked_article_is_indexed_and_markup_stays_text(tmp_path: Path) -> None:
    site = tmp_path / "de"
    write_page(site, "deals/a", "„Frontier“-Modelle", "Ein &lt;script&gt;alert(1)&lt;/script&gt; "
               "im Text, (AGI) und 50&nbsp;Mrd. US‑Dollar.")
    (site / "404.html").write_text("<html lang='de'><body>Nicht gefunden</body></html>",
                                   encoding="utf-8")
    report = pagefind_search.index_language(site)
    assert report.pages == 1 and report.bytes > 0
    assert pagefind_search.languages(site) == ["de"]
    [page] = pagefind_search.indexed_pages(site)
    assert page["url"] == "/deals/a/"
    content = str(page["content"])
    assert "<script>alert(1)</script>" in content  # the page's text, as text: the box
    # writes it into text nodes (tests/browser/test_search.py)
    for left_out in ("Navigation words", "Listingword", "Footerword", "Nicht gefunden"):
        assert left_out not in content
    # Pagefind's own interfaces are not shipped: the site has its own box.
    assert not any((site / "pagefind" / name).exists() for name in pagefind_search.UNUSED)


def test_a_second_run_replaces_the_first(tmp_path: Path) -> None:
    site = tmp_path / "en"
    write_page(site, "deals/a", "Alpha", "First words", lang="en")
    write_page(site, "deals/b", "Beta", "Second words", lang="en")
    pagefind_search.index_language(site)
    first = sorted(p.name for p in (site / "pagefind").rglob("*"))
    (site / "deals" / "b" / "index.html").unlink()
    pagefind_search.index_language(site)
    assert [p["url"] for p in pagefind_search.indexed_pages(site)] == ["/deals/a/"]
    # The same pages give the same files: a preview's index is a clean build's.
    write_page(site, "deals/b", "Beta", "Second words", lang="en")
    pagefind_search.index_language(site)
    assert sorted(p.name for p in (site / "pagefind").rglob("*")) == first


def test_a_site_with_no_marked_page_is_refused_plainly(tmp_path: Path) -> None:
    site = tmp_path / "de"
    site.mkdir()
    (site / "index.html").write_text("<html lang='de'><body><p>Kein Artikel</p></body></html>",
                                     encoding="utf-8")
    with pytest.raises(pagefind_search.SearchIndexFailed, match="no page to index"):
        pagefind_search.index_language(site)
    assert (site / "index.html").is_file()


@pytest.mark.parametrize(("edit", "message"), [
    # Material's search plugin listed beside Pagefind: two searches, one box.
    (lambda text: text.replace("\nnav:", "  - search\n\nnav:", 1),
     "Material's search plugin is listed while the briefing plugin's 'search' is 'pagefind'"),
    # Material's search chosen without its plugin.
    (lambda text: text.replace("  - briefing:\n", "  - briefing:\n      search: material\n", 1),
     "'material' needs Material's search plugin"),
    (lambda text: text.replace("  - briefing:\n", "  - briefing:\n      search: lunr\n", 1),
     "search"),
])
def test_a_wrong_search_setting_stops_the_build_with_the_line_to_change(
        tmp_path: Path, edit: object, message: str) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
