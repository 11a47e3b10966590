"""MkDocs keeps every page's Markdown and HTML until its build ends; the plugin lets go of
each once nothing reads it again (engine/page_memory.py), and a page's title, which MkDocs
may look for in either, stays what it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from test_page_heads import page_read_from

from generator.engine.page_memory import text_read_later
from generator.engine.plugin import BriefingPlugin


def converted(tmp_path: Path, path: str, markdown: str
              ) -> tuple[Any, BriefingPlugin, MkDocsConfig, str | None]:
    """A page read and converted as MkDocs' build does, the plugin's events around it;
    with the plugin, the configuration and the page's title before conversion."""
    page, config = page_read_from(tmp_path, path, markdown)
    plugin = BriefingPlugin()
    errors, _warnings = plugin.load_config({})
    assert errors == []
    page.markdown = plugin.on_page_markdown(page.markdown, page=page, config=config,
                                            files=Files([]))
    title_before = page.title
    page.render(config, Files([page.file]))
    page.content = plugin.on_page_content(page.content, page=page, config=config,
                                          files=Files([]))
    return page, plugin, config, title_before


def test_a_page_with_a_title_lets_go_of_its_markdown_then_its_html(tmp_path: Path) -> None:
    page, plugin, config, _ = converted(tmp_path, "deals/x.md",
                                        "---\ntitle: Über X\n---\n\n## Kernpunkte\n\nText\n")
    assert page.markdown == ""  # converted: nothing reads it again
    assert "Kernpunkte" in page.content  # the theme has yet to put it in the page
    output = plugin.on_post_page("<html><body>Text</body></html>", page=page, config=config)
    assert "Text" in output
    assert page.content is None
    assert page.title == "Über X"
    assert [item.title for item in page.toc] == ["Kernpunkte"]  # the anchors stay


def test_a_title_from_the_first_heading_stays_once_both_are_gone(tmp_path: Path) -> None:
    page, plugin, config, _ = converted(tmp_path, "hand.md", "# Von Hand\n\nText\n")
    plugin.on_post_page("<p>Text</p>", page=page, config=config)
    assert (page.markdown, page.content) == ("", None)
    assert page.title == "Von Hand"


def test_a_page_whose_title_would_be_looked_for_keeps_its_text(tmp_path: Path) -> None:
    # No title in the front matter and no heading: MkDocs falls back to the file name
    # only while the page still has its HTML, so both stay.
    page, plugin, config, title_before = converted(tmp_path, "notes/mehr-zahlen.md",
                                                   "Nur Text\n")
    plugin.on_post_page("<p>Nur Text</p>", page=page, config=config)
    assert page.markdown == "Nur Text\n"
    assert page.content is not None
    assert page.title == "Mehr zahlen"
    assert title_before == page.title


def test_with_a_plugin_that_reads_pages_later_every_page_keeps_its_text(
        tmp_path: Path) -> None:
    # Material's blog makes each post's excerpt from its Markdown when it writes the
    # listings, after the post itself.
    assert text_read_later({"material/blog": None, "briefing": None})
    assert text_read_later(["search", "blog"])
    assert not text_read_later({"search": None, "briefing": None})
    page, config = page_read_from(tmp_path, "deals/x.md", "---\ntitle: X\n---\n\nText\n")
    plugin = BriefingPlugin()
    assert plugin.load_config({}) == ([], [])
    plugin.keep_page_text = True
    page.render(config, Files([page.file]))
    plugin.on_page_content(page.content, page=page, config=config, files=Files([]))
    plugin.on_post_page("<p>Text</p>", page=page, config=config)
    assert "Text" in page.markdown
    assert page.content is not None
