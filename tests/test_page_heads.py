"""Each page's head (pages/page_head.py) reaches MkDocs as data: the plugin gives a page the
head the build's map holds for its path, and a page the map does not know (one added by
hand beside the generator's) keeps only a head its own front matter gives as fields."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.engine.plugin import BriefingPlugin

HEAD = {"canonical": "https://briefing.example/de/deals/x/",
        "meta": [{"property": "og:title", "content": "<b>X</b>"}]}


def page_read_from(tmp_path: Path, path: str, markdown: str) -> tuple[Page, MkDocsConfig]:
    """A page as MkDocs reads it from docs_dir: its front matter in ``page.meta``."""
    docs = tmp_path / "docs"
    (docs / path).parent.mkdir(parents=True, exist_ok=True)
    (docs / path).write_text(markdown, encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(docs),
                      "site_dir": str(tmp_path / "site")})
    errors, _warnings = config.validate()
    assert errors == []
    page = Page(None, File(path, str(docs), str(tmp_path / "site"), True), config)
    page.read_source(config)
    return page, config


def test_a_page_gets_the_head_the_build_holds_for_its_path(tmp_path: Path) -> None:
    page, config = page_read_from(tmp_path, "deals/x.md", "---\ntitle: X\n---\n\nText\n")
    plugin = BriefingPlugin()
    plugin.heads = {"deals/x.md": HEAD, "deals/y.md": {"canonical": "elsewhere"}}
    assert plugin.on_page_markdown("Text\n", page=page, config=config, files=None) == "Text\n"
    assert page.meta["head"] is HEAD  # the data itself, not a text of it


def test_a_page_the_map_does_not_know_builds_with_no_head_or_its_own(tmp_path: Path) -> None:
    plugin = BriefingPlugin()
    plugin.heads = {"deals/x.md": HEAD}
    # Added by hand, no head: none (the theme prints no canonical, no Open Graph).
    page, config = page_read_from(tmp_path, "hand.md", "# By hand\n")
    plugin.on_page_markdown("# By hand\n", page=page, config=config, files=None)
    assert "head" not in page.meta
    # A head written as text (an older build's Markdown, or a typo): dropped, never parsed.
    page, config = page_read_from(
        tmp_path, "old.md", "---\nhead: '{\"canonical\": \"https://elsewhere.example/\"}'\n---\n")
    plugin.on_page_markdown("", page=page, config=config, files=None)
    assert "head" not in page.meta
    # One written as fields by whoever wrote the page: kept (the theme escapes each value).
    page, config = page_read_from(
        tmp_path, "own.md", "---\nhead:\n  canonical: https://briefing.example/own/\n---\n")
    plugin.on_page_markdown("", page=page, config=config, files=None)
    assert page.meta["head"] == {"canonical": "https://briefing.example/own/"}
