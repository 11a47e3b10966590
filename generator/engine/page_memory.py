"""What MkDocs keeps of each page after it needs it, let go of as soon as it is done.

MkDocs reads and converts every page before it writes the first, and keeps each page's
Markdown and HTML until the build ends: at 10,000 deals that was most of a language
process's 1.6 GB. Once a page is converted its Markdown is needed no more, and once it is
written its HTML neither: the navigation of the pages after it reads titles, the anchor
check reads the anchors each page recorded while it was converted, the sitemap reads
addresses and dates. A page whose title would be looked for in its Markdown or HTML (one
with no title in its front matter and no first heading) keeps both, so that its title
stays what MkDocs would make it. A site with a plugin that reads other pages' text after
they are written keeps every page's (Material's blog makes each post's excerpt from its
Markdown when it writes the listings).
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

# Plugins, as mkdocs.yml names them, that read a page's Markdown or HTML after the page
# itself is written.
READ_LATER_BY = ("blog", "material/blog")


def text_read_later(plugins: Container[str]) -> bool:
    """Whether a plugin of ``plugins`` reads pages' text after they are written."""
    return any(name in plugins for name in READ_LATER_BY)


def _title_kept_without_text(page: Any) -> bool:
    """Whether the page's title no longer reads its Markdown or HTML (mkdocs Page.title:
    the front matter's title, else the first heading found while converting)."""
    return "title" in page.meta or bool(getattr(page, "_title_from_render", None))


def let_go_of_markdown(page: Any) -> None:
    """After conversion: the page's Markdown, of which nothing is read again."""
    if _title_kept_without_text(page):
        page.markdown = ""  # not None: Page.title reads None as "not read yet"


def let_go_of_content(page: Any) -> None:
    """After the page's HTML file is made: its converted HTML."""
    if _title_kept_without_text(page):
        page.content = None
