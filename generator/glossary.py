"""The glossary's terms explained where a page first uses them.

A page's Markdown is read as text and everything that is not prose is stepped over: headings,
admonition titles, link texts and targets, code, HTML tags and the elements whose text is
interactive or a citation (``<summary>``, ``<a>``, ``<sup>``, an ``<abbr>`` already there).
In the prose, the first use of each term (or of one of its forms, in the page's language,
whatever the case) becomes an ``<abbr>`` whose title is the definition: the browser shows it
on hover, the theme's style on keyboard focus (``tabindex``) and on paper (print.css).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape

from .model import Term

# What is not prose, in the order the alternatives are tried.
_NOT_PROSE = re.compile(
    r"^[ \t]*#[^\n]*"  # a heading
    r"|^!!![^\n]*"  # an admonition's title line
    r"|<(summary|a|sup|abbr|code|pre|script|style|svg)\b[\s\S]*?</\1\s*>"  # kept whole
    r"|<[^>]*>"  # any other tag
    r"|!?\[(?:\\.|[^\]\\])*\]\([^)]*\)"  # a Markdown link or image, text and target
    r"|`[^`\n]*`"  # code
    r"|\{:[^}\n]*\}"  # an attribute list
    r"|\\.",  # an escaped character
    re.MULTILINE | re.IGNORECASE)


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
        return (f'<abbr class="term" title="{escape(definition, quote=True)}" '
                f'tabindex="0">{match.group(0)}</abbr>')

    pieces: list[str] = []
    start = 0
    for skipped in _NOT_PROSE.finditer(markdown):
        pieces.append(pattern.sub(explain, markdown[start:skipped.start()]))
        pieces.append(skipped.group(0))
        start = skipped.end()
    pieces.append(pattern.sub(explain, markdown[start:]))
    return "".join(pieces)
