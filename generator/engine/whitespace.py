"""Drop the indentation and blank lines that MkDocs' and Material's templates leave in every
page: about a tenth of a deal page's bytes, none of which a browser shows.

Browsers collapse any run of white space outside ``<pre>`` and ``<textarea>`` to one space
when they lay text out, so a line break with the indentation and blank lines after it may
become one line break without changing what the page shows. ``<pre>``, ``<textarea>``,
``<script>`` and ``<style>`` keep every byte (white space there is content, or code that
may depend on it), and so does any tag's attribute list, where a line break inside a
quoted value is data.

With ``beside_blocks`` (as pages are built), that one line break goes too where CSS drops
it anyway: between the tags of the head, which is never shown, and just inside a block's
box, after its start tag or before its end tag (``<li>\n<a``, ``</a>\n</li>``): white
space at the start or end of a block's lines is not laid out. That is true of any box
that holds its own lines (block, list item, inline block, flex, table cell), so only an
element shown ``display: inline`` would differ; none of the elements in ``BLOCKS`` is,
in Material (9.8) or the site's styles (tests/test_html_whitespace.py reads them), but for
the list items of Material's blog sidebar and any element with a style attribute, and a
page with either keeps its line breaks in the body. About 200 bytes of a deal page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Elements copied byte for byte.
_KEPT_ELEMENT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>",
                           re.DOTALL | re.IGNORECASE)
# A tag, read as HTML reads it: a quoted attribute value may hold ">" (a title such as
# "a > b"), so the tag ends at the first ">" outside quotes; a comment ends at "-->".
_TAG = r"<!--.*?-->|<[A-Za-z/!?](?:[^<>\"']|\"[^\"]*\"|'[^']*')*>"
# The start of a tag with a line break inside, in a quoted value or between attributes:
# rare, so looked for before taking the slow way.
_TAG_WITH_BREAK = re.compile(r"<!--[^\n]*?(?:-->)?\n|<[A-Za-z/!?](?:[^<>\"'\n]|\"[^\"\n]*\"|"
                             r"'[^'\n]*')*(?:\n|\"[^\"]*\n|'[^']*\n)")
# HTML's white space: space, tab, line feed, carriage return, form feed. A no-break space
# is text and shows: "\n\u00a0\u00a08 Mrd." keeps both.
_BREAK_RUN = re.compile(r"\n[ \t\n\r\f]+")
_BREAK_RUN_OR_TAG = re.compile(rf"({_TAG})|\n[ \t\n\r\f]+", re.DOTALL)


def collapse_whitespace(html: str, *, beside_blocks: bool = False) -> str:
    """``html`` with each line break and the white space after it (indentation, blank
    lines) turned into one line break, outside the kept elements and tags; with
    ``beside_blocks``, without the line breaks in the head and just inside a block."""
    if not beside_blocks:
        return outside_kept_elements(html, _collapse)
    in_body = _in_body_dropper(html)
    head = [_BODY.search(html) is not None]  # a fragment without <body> is all body

    def collapse(markup: str) -> str:
        if not head[0]:
            return _collapse(markup, in_body)
        body = _BODY.search(markup)
        if body is None:
            return _collapse(markup, _drop_in_head)
        head[0] = False
        # The line break right after <body ...> starts the body's content.
        content = _collapse(markup[body.end():], in_body)
        return (_collapse(markup[:body.end()], _drop_in_head)
                + (content[1:] if in_body is not _keep and content.startswith("\n")
                   else content))

    return outside_kept_elements(html, collapse)


def outside_kept_elements(html: str, collapse: Callable[[str], str]) -> str:
    """``collapse`` applied to every stretch of ``html`` between the kept elements."""
    pieces: list[str] = []
    start = 0
    for kept in _KEPT_ELEMENT.finditer(html):
        pieces.append(collapse(html[start:kept.start()]))
        pieces.append(kept.group(0))
        start = kept.end()
    pieces.append(collapse(html[start:]))
    return "".join(pieces)


def _collapse(markup: str, drop: Callable[[str], str] | None = None) -> str:
    """One stretch collapsed; ``drop`` then takes out the line breaks that cannot show,
    where no tag holds a line break (elsewhere they all stay: the slow way is rare)."""
    if _TAG_WITH_BREAK.search(markup) is None:
        collapsed = collapse_where_no_tag_breaks(markup)
        return drop(collapsed) if drop else collapsed
    return collapse_around_tags(markup)


def collapse_where_no_tag_breaks(markup: str) -> str:
    """The fast way, for markup in which no tag holds a line break (nearly every page)."""
    return _BREAK_RUN.sub("\n", markup)


def collapse_around_tags(markup: str) -> str:
    """The way that steps over every tag, leaving line breaks inside them as they are."""
    return _BREAK_RUN_OR_TAG.sub(lambda m: m.group(1) or "\n", markup)


# Elements whose box holds its own lines wherever Material (9.8) and the site's styles put
# them: never display: inline. Not <table>, which Material shows as an inline block in an
# article: the same for what is inside it, but kept out for plainness.
BLOCKS = ("html", "head", "body", "header", "footer", "main", "nav", "article", "section",
          "aside", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
          "dt", "dd", "details", "summary", "blockquote", "figure", "figcaption", "form",
          "hr", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
# Material's blog sidebar shows its list items inline (.md-sidebar--post .md-nav__item).
INLINE_LIST_ITEMS = "md-sidebar--post"

# Lower case, as every page here is written (a tag in upper case keeps its line breaks).
_BODY = re.compile(r"<body(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?>")
_BLOCK_NAME = "|".join(sorted(BLOCKS, key=len, reverse=True))
_BLOCK_NAMES = frozenset(BLOCKS)
# A line break after a start tag (of a block, if its name says so: quicker than naming the
# blocks here), and one before a block's end tag.
_AFTER_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?:[\s/][^<>]*)?>\n")
_BEFORE_END = re.compile(rf"\n(?=</(?:{_BLOCK_NAME})\s*>)")
# A block with a style attribute: it may be shown inline.
_STYLED_BLOCK = re.compile(rf"<(?:{_BLOCK_NAME})\s[^<>]*\bstyle\s*=", re.IGNORECASE)
# In the head: a line break between tags (or a tag and a kept element).
_HEAD_BREAK = re.compile(r"(?:(?<=>)|\A)\n(?=<|\Z)")


def _keep(markup: str) -> str:
    return markup


def _drop_in_head(markup: str) -> str:
    return _HEAD_BREAK.sub("", markup)


def _drop_in_blocks(markup: str) -> str:
    return _BEFORE_END.sub("", _AFTER_START.sub(_without_break_after_block, markup))


def _without_break_after_block(start_tag: re.Match[str]) -> str:
    tag = start_tag.group(0)
    return tag[:-1] if start_tag.group(1).lower() in _BLOCK_NAMES else tag


def _in_body_dropper(html: str) -> Callable[[str], str]:
    """What the body's stretches lose: the line breaks just inside blocks, unless the page
    may show one of its blocks inline."""
    if INLINE_LIST_ITEMS in html or ("style=" in html and _STYLED_BLOCK.search(html)):
        return _keep
    return _drop_in_blocks
