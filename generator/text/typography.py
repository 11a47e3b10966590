"""Spaces that must not break: between a figure and its unit or currency, and inside a date.

„50 Mrd. US-Dollar“, "$50 billion", „23. November 2026“ and "November 23, 2026" read as
one thing, and a line that ends in "50" with "Mrd. US-Dollar" on the next is what a
German desk editor sends back. Babel's figures and dates are written with no-break spaces
where they are made (formatting.py); editors type ordinary spaces, so every plain text that
goes into a page passes ``tie`` (markup.escape_inline), and so does an article's body.

The words come from the language registry: each language's units (``Language.units``)
and Babel's names of the months. A text shown in another language than its page's (not
yet translated) is tied by its own words, so every language's words count on every page.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from ..content.languages import LANGUAGES

NBSP = "\u00a0"
# The hyphen of "US-Dollar" after a figure: it looks like "-" and never ends a line.
NON_BREAKING_HYPHEN = "\u2011"
# A figure as newsrooms write it: "50", "6,6", "4.370", "1 250" with a narrow no-break space.
_FIGURE = r"\d(?:[\d.,\u202f]*\d)?"
# An ISO code before a figure, where a currency has no symbol: "CHF 750.000".
_CODE_BEFORE_FIGURE = re.compile(r"(?<![\w-])([A-Z]{3}) (?=\d)")


def _alternatives(words: set[str]) -> str:
    # Longest first, so that "Milliarden" is not taken for "Milliarde".
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


@cache
def _month_names() -> str:
    names: set[str] = set()
    for lang in LANGUAGES.values():
        months = Locale.parse(lang.locale).months
        for context in ("format", "stand-alone"):
            names.update(str(name) for name in months[context]["wide"].values())
    return _alternatives(names)


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    units = _alternatives({unit for lang in LANGUAGES.values() for unit in lang.units})
    months = _month_names()
    joiners = _alternatives({joiner for lang in LANGUAGES.values() for joiner in lang.unit_joiners})
    after_unit = rf"(?:[ ]+(?:(?:{joiners})[ ]*)?(?:{units})(?![\w-]))" if joiners else (
        rf"(?:[ ]+(?:{units})(?![\w-]))")
    return (
        # A figure and the units after it: "50 Mrd. US-Dollar", "50 milliards de dollars".
        re.compile(rf"(?<![\w]){_FIGURE}{after_unit}+"),
        # Day, month and year: "23. November 2026", "23 novembre 2026", "1er mars".
        re.compile(rf"(?<![\w.])(?:\d{{1,2}}\.?|1er)[ ]+(?:{months})(?:[ ]+\d{{4}})?(?![\w])"),
        # Month, day and year: "November 23, 2026".
        re.compile(rf"(?<![\w])(?:{months})[ ]+\d{{1,2}}(?:,[ ]+\d{{4}})?(?![\w])"),
        # Month and year: "Dezember 2025".
        re.compile(rf"(?<![\w])(?:{months})[ ]+\d{{4}}(?![\w])"),
    )


@cache
def _hyphenated_units() -> re.Pattern[str]:
    """A unit with a hyphen ("US-Dollar") after a tied figure: a browser would break the
    line at its hyphen ("50 Mrd. US-" | "Dollar")."""
    units = {unit for lang in LANGUAGES.values() for unit in lang.units if "-" in unit}
    return re.compile(rf"(?<={NBSP})(?:{_alternatives(units)})(?![\w-])") if units else (
        re.compile(r"(?!)"))


def _glued(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", NBSP)


# A digit as the patterns below see one (\d): most texts have none and are left as they
# are (at 2,000 deals a test character by character was 8.6 million calls of a build).
_ANY_DIGIT = re.compile(r"\d")


def tie(text: str) -> str:
    """``text`` with the spaces inside each figure-and-unit and each date made no-break."""
    if not _ANY_DIGIT.search(text):
        return text
    for pattern in _patterns():
        text = pattern.sub(_glued, text)
    text = _hyphenated_units().sub(lambda m: m.group(0).replace("-", NON_BREAKING_HYPHEN),
                                   text)
    return _CODE_BEFORE_FIGURE.sub(lambda m: m.group(1) + NBSP, text)


# Quotation marks and apostrophes as a typewriter writes them, beside the curly ones every
# page uses („…“, “…”, « … », ’): in prose, a straight one is a typing habit, never meant.
_STRAIGHT = re.compile(r"\"|(?<=\w)'(?=\w)|(?<=\ws)'(?=[\s.,;:!?]|$)")
# What an article's Markdown writes in straight quotes on purpose: code, link targets and
# titles, attribute lists, HTML tags.
_MARKDOWN_SYNTAX = re.compile(r"`[^`]*`|\]\([^)]*\)|\{[^}]*\}|<[^>]*>")


# A table this wide fills a phone's screen: one of its columns cannot hold "50 Mrd. US-Dollar"
# whole, and a table wider than the screen hides its last columns (tests/browser/test_narrow.py).
WIDE_TABLE_COLUMNS = 4


def unit_hyphens_may_break_in_wide_tables(markdown: str) -> str:
    """In a Markdown table of WIDE_TABLE_COLUMNS or more columns, the unit's hyphen is an
    ordinary one again ("15 Mrd. US-" | "Dollar" inside a narrow cell, the figure still with
    "Mrd."); everywhere else "US-Dollar" after a figure stays whole."""
    if NON_BREAKING_HYPHEN not in markdown:
        return markdown
    lines = markdown.split("\n")
    wide = False
    for number, line in enumerate(lines):
        if not line.startswith("|"):
            wide = False
            continue
        if number == 0 or not lines[number - 1].startswith("|"):  # a table's header row
            wide = len(re.findall(r"(?<!\\)\|", line.strip().strip("|"))) + 1 >= WIDE_TABLE_COLUMNS
        if wide:
            lines[number] = line.replace(NON_BREAKING_HYPHEN, "-")
    return "\n".join(lines)


def straight_quote(text: str, markdown: bool = False) -> str | None:
    """The first straight quotation mark or apostrophe in ``text`` (prose), or None."""
    if markdown:
        text = _MARKDOWN_SYNTAX.sub("", text)
    found = _STRAIGHT.search(text)
    return found.group(0) if found else None
