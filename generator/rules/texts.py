"""Rules on the texts of one record, whatever its kind: plain text only (no HTML, no
Markdown links, no invisible or control characters), no field still saying TODO, a text for
each of the site's languages, and the curly quotation marks of the pages' language.

A record's texts are shown on pages as plain text: markup in them would be escaped into
visible tags, or, were it not, would be an editor's way to inject HTML.
"""

from __future__ import annotations

import re
from typing import Any

from ..content.languages import LANGUAGES
from ..content.load import Document, Path_, field_name
from ..errors import Problem
from ..schemas import LANGUAGE_KEY, LOCALIZED_FIELDS
from ..text import markup, typography
from ..text.messages import Message, either, language_names, msg
from .reporting import RecordRules

STILL_TODO = msg("still says TODO (fill it in)")
EMPTY_TEXT = msg("is empty (expected some text)")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--|<\?|<!\[CDATA\[|<![A-Za-z]")
MARKDOWN_LINK = re.compile(r"\]\s*[\(\[]|^\s*\[[^\]]+\]:\s", re.MULTILINE)
# A text with neither character cannot hold HTML or a Markdown link: most texts are let
# through by this one search instead of two.
_SUSPECT = re.compile(r"[<\]\[]")
# Fields of one text for every language that pages show in their prose.
SHOWN_NAMES = frozenset({"publisher", "title", "author", "name", "legal_name"})


def check_texts(rules: RecordRules, doc: Document, value: Any, path: Path_) -> None:
    if isinstance(value, dict):
        if path and path[-1] in LOCALIZED_FIELDS or _is_localized(value):
            check_localized(rules, doc, value, path)
        for key, item in value.items():
            if isinstance(key, str):
                check_field_name(rules, doc, key, path + (key,))
            check_texts(rules, doc, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_texts(rules, doc, item, path + (i,))
    elif isinstance(value, str):
        check_plain_text(rules, doc, value, path)
        if path and path[-1] in SHOWN_NAMES:
            # A name or title in one form for every language ("Tom's Hardware"): the
            # pages show it beside their curly quotes all the same.
            check_quotes(rules, doc, path, value, doc.lang or rules.languages[0])


def check_localized(rules: RecordRules, doc: Document, value: dict[str, Any], path: Path_) -> None:
    for key, text in value.items():
        # A language the schema lets through (any two letters) that this site has not:
        # its text would never be shown.
        if isinstance(text, str) and key not in rules.languages and isinstance(
                key, str) and re.fullmatch(LANGUAGE_KEY, key):
            line, column = doc.locate(path + (key,), key=True)
            rules.problems.append(Problem(
                doc.file, line, column, field_name(path + (key,)),
                msg("'{key}' is not one of the site's languages (expected {languages}; the "
                    "languages are plugins.briefing.languages in mkdocs.yml)",
                    key=key, languages=either(rules.languages))))
    for key, text in value.items():
        if isinstance(text, str) and key in rules.languages:
            check_quotes(rules, doc, path + (key,), text, key)
    present = [lang for lang in rules.languages if isinstance(value.get(lang), str)]
    if not present:
        return  # the schema has already said what is wrong
    if doc.kind == "glossary" and path and path[-1] in ("term", "definition"):
        return  # an untranslated term is an error (check_glossary)
    for lang in rules.languages:
        if lang not in present:
            rules.add(doc, path, msg("no {language} text ({lang}); the page shows the "
                                     "{shown} text with a notice", language=language_names([lang]),
                                     lang=lang, shown=language_names([present[0]])),
                     "error" if rules.strict else "warning")


def check_quotes(rules: RecordRules, doc: Document, path: Path_, text: str, lang: str,
                 markdown: bool = False) -> None:
    """Straight quotation marks in prose, beside the curly ones of every page: the
    language's own („…“, “…”, « … ») and its apostrophe (’) belong there."""
    found = typography.straight_quote(text, markdown)
    if found is not None and lang in LANGUAGES:
        rules.add(doc, path, straight_quote_message(found, lang), "warning")


def check_plain_text(rules: RecordRules, doc: Document, text: str, path: Path_) -> None:
    if path and path[-1] in ("url",):
        return  # an address: markup.unsafe_url says what is wrong with it
    if text.lstrip().startswith("TODO"):
        rules.add(doc, path, STILL_TODO)
    if text and not text.strip():
        rules.add(doc, path, EMPTY_TEXT)  # a headline of spaces is an empty headline
    refused = markup.refused_character(text)
    if refused:
        rules.add(doc, path, msg("contains {refused} (expected plain text; delete it)",
                                 refused=refused))
    if not _SUSPECT.search(text):
        return
    if HTML_TAG.search(text):
        rules.add(doc, path, msg("contains HTML; record texts are plain text (write it without "
                                 "tags)"))
    elif MARKDOWN_LINK.search(text):
        rules.add(doc, path, msg("contains a Markdown link; record texts are plain text (cite a "
                                 "source instead)"))


def check_field_name(rules: RecordRules, doc: Document, name: str, path: Path_) -> None:
    refused = markup.refused_character(name, line_breaks=False)
    if refused:
        line, column = doc.locate(path, key=True)
        rules.problems.append(Problem(doc.file, line, column, field_name(path),
                                      msg("field name contains {refused} (expected plain "
                                          "letters; delete it)",
                                          refused=refused)))


def straight_quote_message(found: str, lang: str) -> Message:
    opening, closing = LANGUAGES[lang].quotes
    if found == "'":
        return msg("a straight apostrophe (') beside the pages' curly quotes (expected ’)")
    return msg("straight quotation marks (\") beside the pages' curly ones (expected "
               "{opening}…{closing})", opening=opening, closing=closing)


def _is_localized(value: dict[str, Any]) -> bool:
    return bool(value) and all(isinstance(k, str) and re.fullmatch(LANGUAGE_KEY, k)
                               for k in value)
