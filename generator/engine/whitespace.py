"""Drop the indentation and blank lines that MkDocs' and Material's templates leave in every
page: about a tenth of a deal page's bytes, none of which a browser shows.

Browsers collapse any run of white space outside ``<pre>`` and ``<textarea>`` to one space
when they lay text out, so a line break with the indentation and blank lines after it may
become one line break without changing what the page shows. ``<pre>``, ``<textarea>``,
``<script>`` and ``<style>`` keep every byte (white space there is content, or code that
may depend on it), and so does any tag's attribute list, where a line break inside a
quoted value is data.
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


def collapse_whitespace(html: str) -> str:
    """``html`` with each line break and the white space after it (indentation, blank
    lines) turned into one line break, outside the kept elements and tags."""
    return outside_kept_elements(html, _collapse)


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


def _collapse(markup: str) -> str:
    if _TAG_WITH_BREAK.search(markup) is None:
        return collapse_where_no_tag_breaks(markup)
    return collapse_around_tags(markup)


def collapse_where_no_tag_breaks(markup: str) -> str:
    """The fast way, for markup in which no tag holds a line break (nearly every page)."""
    return _BREAK_RUN.sub("\n", markup)


def collapse_around_tags(markup: str) -> str:
    """The way that steps over every tag, leaving line breaks inside them as they are."""
    return _BREAK_RUN_OR_TAG.sub(lambda m: m.group(1) or "\n", markup)
