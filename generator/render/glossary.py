"""The glossary's terms explained where a page first uses them.

A page's Markdown is read as text and everything that is not prose is stepped over: headings,
admonition titles, links (text, target and reference definitions), code (spans, fenced and
indented blocks), HTML tags with their attributes, comments, character references and the
elements whose text is interactive or a citation (``<summary>``, ``<a>``, ``<sup>``, an
``<abbr>`` already there). In the prose, the first use of each term (or of one of its forms,
in the page's language, whatever the case) becomes an ``<abbr>`` whose title is the
definition: the browser shows it on hover, the theme's style on keyboard focus
(``tabindex``) and on paper (print.css). The definition is plain text, and the title is made
from it as text (``attribute_text``), never from rendered Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape

from ..content.model import Term

# What is not prose, in the order the alternatives are tried at each place. A term found
# inside any of these would put an <abbr> where Markdown or HTML reads something else: in a
# code block it shows as text, in a tag, an attribute, an address or a character reference
# it breaks them (``&gt;`` holds "gt").
_NOT_PROSE = re.compile(
    r"^(?P<fence>[ \t]*(?P<mark>`{3,}|~{3,}))[^\n]*\n(?:[\s\S]*?\n(?P=fence)[ \t]*(?=\n|$)"
    r"|[\s\S]*)"  # a fenced code block, to its closing fence or to the end
    r"|^[ ]{0,3}\[[^\]\n]+\]:[^\n]*"  # a reference or footnote definition's line
    r"|^[ \t]*#[^\n]*"  # a heading
    r"|^[ \t]*(?:!!!|\?\?\?)[^\n]*"  # an admonition's or a collapsible block's title line
    r"|<(?P<kept>summary|a|sup|abbr|code|pre|script|style|svg)\b[\s\S]*?</(?P=kept)\s*>"
    r"|<!--[\s\S]*?-->"  # a comment
    r"|<[^>]*>"  # any other tag, with its attributes
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"  # a character reference
    r"|!?\[(?:\\.|[^\]\\])*\](?:\([^)]*\)|\[[^\]]*\])?"  # a link or image, its target
    r"|(?<!\\)(?P<ticks>`+)(?:(?!\n[ \t]*\n)[\s\S])+?(?<!`)(?P=ticks)(?!`)"  # code
    r"|\{:[^}\n]*\}"  # an attribute list
    r"|\\.",  # an escaped character
    re.MULTILINE | re.IGNORECASE)
# Indented lines after a blank line are code, unless they continue the block that the line
# before the blank opened: a list item, an admonition, a collapsible block, a footnote.
_INDENTED = re.compile(r"(?:\A|(?<=\n\n))(?:(?:[ ]{4}|\t)[^\n]*(?:\n|\Z))+")
_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+\.[ \t]|!!!|\?\?\?|\[\^[^\]]*\]:)")

# Characters of a definition that Markdown would still read inside the <abbr>'s title
# attribute, because its inline patterns run before the tag is kept as raw HTML: a backtick
# opens code that swallows the rest of the tag, brackets make a link of "[x]" (with a
# reference defined anywhere on the page), a backslash escapes, and a pipe splits a table
# row. Written as character references, they are text to both Markdown and the browser.
_ACTIVE_IN_ATTRIBUTE = re.compile(r"[`\\\[\]|]")


def attribute_text(text: str) -> str:
    """Plain text as the value of an attribute of raw HTML inside a page's Markdown: what
    the reader's browser shows is ``text``, and nothing in it is read as Markdown or HTML."""
    return _ACTIVE_IN_ATTRIBUTE.sub(lambda m: f"&#{ord(m.group(0))};",
                                    escape(text, quote=True))


# A term in one language: its id, its words and its definition.
_Entry = tuple[str, tuple[str, ...], str]


@lru_cache(maxsize=16)
def _words(entries: tuple[_Entry, ...]) -> tuple[re.Pattern[str] | None, dict[str, _Entry]]:
    """One pattern of every word of every term, and the term each word names."""
    by_word: dict[str, _Entry] = {}
    for entry in entries:
        for word in entry[1]:
            by_word.setdefault(" ".join(word.split()).casefold(), entry)
    if not by_word:
        return None, by_word
    ordered = sorted(by_word, key=len, reverse=True)  # "Pre-Money-Bewertung" before "Money"
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    # Whole words, or the first part of a compound: "Trainium-Kapazität".
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)", re.IGNORECASE), by_word


def explain_terms(markdown: str, terms: Iterable[Term], lang: str) -> str:
    """``markdown`` with each term's first use in its prose explained (see the module)."""
    pattern, by_word = _words(tuple(
        (term.id, term.words(lang), " ".join((term.definition.get(lang) or "").split()))
        for term in terms))
    if pattern is None:
        return markdown
    explained: set[str] = set()

    def explain(match: re.Match[str]) -> str:
        ident, _words_of_term, definition = by_word[" ".join(match.group(0).split()).casefold()]
        if ident in explained:
            return match.group(0)
        explained.add(ident)
        return (f'<abbr class="term" title="{attribute_text(definition)}" '
                f'tabindex="0">{match.group(0)}</abbr>')

    pieces: list[str] = []
    start = 0
    for skipped_start, skipped_end in _not_prose(markdown):
        pieces.append(pattern.sub(explain, markdown[start:skipped_start]))
        pieces.append(markdown[skipped_start:skipped_end])
        start = skipped_end
    pieces.append(pattern.sub(explain, markdown[start:]))
    return "".join(pieces)


def _not_prose(markdown: str) -> Iterator[tuple[int, int]]:
    """Where the parts of ``markdown`` that are not prose start and end, in order."""
    position = 0
    code = _next_code_block(markdown, 0)
    while True:
        found = _NOT_PROSE.search(markdown, position)
        if code is not None and code[0] < position:
            code = _next_code_block(markdown, position)
        if code is not None and (found is None or code[0] <= found.start()):
            yield code
            position = code[1]
            continue
        if found is None:
            return
        yield found.span()
        # An empty match (a fence's rest at the very end) must not stop the search here.
        position = max(found.end(), found.start() + 1)


def _next_code_block(markdown: str, position: int) -> tuple[int, int] | None:
    for block in _INDENTED.finditer(markdown, position):
        if _is_code(markdown, block.start()):
            return block.span()
    return None

def _is_code(markdown: str, start: int) -> bool:
    """Whether the indented lines from ``start`` (after a blank line) are a code block:
    they are when the last unindented line before them opens no block they belong to."""
    for line in reversed(markdown[:start].split("\n")):
        if line.strip() and not line.startswith((" ", "\t")):
            return not _CONTAINER.match(line)
    return True
