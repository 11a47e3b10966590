"""Plain text split into sentences, the way a reader of each language splits it: the page's
description (pages/page_head.py) and the check's repeated-sentence notice (rules/editorial.py)
use the same split."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..content.languages import DEFAULT_SITE_LANGUAGES, abbreviations

# A word before a full stop that does not end a sentence ("50 Mrd. US-Dollar", "Inc."): each
# language's abbreviations (languages.py), and single letters ("U.S.") and German ordinals
# ("27. Februar": one or two digits) in every language.
# Sentence-ending punctuation, closing quotes or brackets, then space and a capital or digit.
_BOUNDARY = re.compile(r"([.!?…][\"'”’»)\]]*)\s+(?=[\"'„“‚‘«(\[]?[A-ZÄÖÜ0-9])")


def sentences(text: str, languages: Iterable[str] = DEFAULT_SITE_LANGUAGES) -> list[str]:
    """Plain text split into sentences, whitespace collapsed; the abbreviations of
    ``languages`` (the site's: a text may be shown untranslated) do not split."""
    text = " ".join(text.split())
    known = abbreviations(languages)
    found, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if match.group(1)[0] == "." and _is_abbreviation(text[start:match.start()], known):
            continue
        found.append(text[start:match.end(1)])
        start = match.end()
    if text[start:]:
        found.append(text[start:])
    return found


def _is_abbreviation(before: str, known: frozenset[str]) -> bool:
    word = before.rsplit(" ", 1)[-1].lstrip("(\"'„“‚‘«[").rsplit(".", 1)[-1]
    if word.isdigit():
        return len(word) <= 2
    return len(word) == 1 and word.isalpha() or word.lower() in known
