"""The check's messages, said in the editor's language.

A message is built from a template with named parameters, ``msg("'{value}' is not a date
on the calendar", value=value)``: the template is the English text and the message id of
the ``check`` catalog (generator/locales/<lang>/LC_MESSAGES/check.po), whose translation
says the same in another language with the same parameters. A ``Message`` is a ``str``
holding its English text, so that everything that reads a problem as text (the JSON and
GitHub formats, the expected messages of the tests, the rules that compare messages) reads
what it always read; ``in_language(lang)`` says it in another language.

A parameter that is itself a ``Message`` (a did-you-mean, "de or en", a language's name) is
said in the same language; any other parameter (a value the editor wrote, a field's name, a
number) is shown as it is. Messages joined with ``+`` stay messages, part by part.

Extraction: ``pybabel extract -F generator/locales/check.cfg -k msg -k msg_n:1,2
--no-default-keywords``; tests/test_check_language.py derives the set the same way and fails
on any template without a German translation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any, Self

from babel.numbers import get_decimal_symbol, get_group_symbol

from ..content.languages import LANGUAGES
from .i18n import LOCALES_DIR, SOURCE_LANGUAGE, translations

DOMAIN = "check"


def said_languages() -> tuple[str, ...]:
    """The languages the check's messages can be said in: English, and each language with
    a ``check`` catalog."""
    return (SOURCE_LANGUAGE, *sorted(
        path.parent.parent.name for path in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        if path.parent.parent.name != SOURCE_LANGUAGE))


class _NumbersOf(Formatter):
    """``str.format`` with the figures written as the language writes them: "10,0 MB",
    "1.000 Einträge" in German, where a template's ``{size:.1f}`` gives "10.0"."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        locale = LANGUAGES[lang].locale if lang in LANGUAGES else lang
        self.symbols = str.maketrans({",": get_group_symbol(locale),
                                      ".": get_decimal_symbol(locale)})

    def format_field(self, value: Any, format_spec: str) -> str:
        text = format(value, format_spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return text.translate(self.symbols)
        return text


@cache
def _formatter(lang: str) -> Formatter:
    return Formatter() if lang == SOURCE_LANGUAGE else _NumbersOf(lang)


@dataclass(frozen=True)
class _Part:
    template: str
    plural: str | None
    count: int | None
    params: tuple[tuple[str, Any], ...]
    # Text added to a message as it is, not from a template (an empty did-you-mean, a line
    # of a tool's own output): said the same in every language.
    verbatim: bool = False

    def say(self, lang: str) -> str:
        if self.verbatim:
            return self.template
        if lang == SOURCE_LANGUAGE:
            template = self.template if self.plural is None or self.count == 1 else self.plural
        else:
            catalog = translations(lang, DOMAIN)
            template = (catalog.gettext(self.template) if self.plural is None
                        else catalog.ngettext(self.template, self.plural, self.count or 0))
        values = {name: value.in_language(lang) if isinstance(value, Message) else value
                  for name, value in self.params}
        return _formatter(lang).vformat(template, (), values)


class Message(str):
    """A message of the check: its English text, and its parts to say it in another
    language."""

    _parts: tuple[_Part, ...]

    def __new__(cls, parts: tuple[_Part, ...]) -> Self:
        self = super().__new__(cls, "".join(part.say(SOURCE_LANGUAGE) for part in parts))
        self._parts = parts
        return self

    def in_language(self, lang: str) -> str:
        return "".join(part.say(lang) for part in self._parts)

    @property
    def templates(self) -> tuple[str, ...]:
        """The templates this message was made of (the git guard's is looked for by the
        editor's panel), its parameters' included."""
        found: list[str] = []
        for part in self._parts:
            if not part.verbatim:
                found.append(part.template)
            found.extend(t for _name, value in part.params if isinstance(value, Message)
                         for t in value.templates)
        return tuple(found)

    @property
    def untranslatable(self) -> tuple[str, ...]:
        """Text added as it is, which no catalog translates (the tests look for words)."""
        found = [part.template for part in self._parts if part.verbatim and part.template]
        found.extend(t for part in self._parts for _name, value in part.params
                     if isinstance(value, Message) for t in value.untranslatable)
        return tuple(found)

    def __add__(self, other: str) -> Message:
        return Message(self._parts + _parts_of(other))

    def __radd__(self, other: str) -> Message:
        return Message(_parts_of(other) + self._parts)

    def __reduce__(self) -> tuple[Any, ...]:
        # Kept checks travel between processes (a preview's worker): the parts go along.
        return (Message, (self._parts,))


def _parts_of(text: str) -> tuple[_Part, ...]:
    if isinstance(text, Message):
        return text._parts
    if not isinstance(text, str):
        return NotImplemented
    return (_Part(text, None, None, (), verbatim=True),) if text else ()


def msg(template: str, **params: Any) -> Message:
    """A message from its English template (``str.format`` fields, named)."""
    return Message((_Part(template, None, None, tuple(params.items())),))


def msg_n(singular: str, plural: str, count: int, **params: Any) -> Message:
    """A message whose words follow a number: ``msg_n("{count} error", "{count} errors",
    n)``; ``count`` is a parameter too."""
    return Message((_Part(singular, plural, count, (("count", count), *params.items())),))


def in_language(text: str, lang: str) -> str:
    """Any message in ``lang``; a text that is no ``Message`` as it is."""
    return text.in_language(lang) if isinstance(text, Message) else text


def join(items: Sequence[Any], last: Callable[[Any, Any], Message] | None = None) -> Message:
    """Items written as "a, b and c" (``last`` joins the last two: ``msg("{some} and
    {last}")``), each item a message or a value shown as it is."""
    if not items:
        return Message(())
    if len(items) == 1:
        return msg("{item}", item=items[0])
    joined = msg("{first}", first=items[0])
    for item in items[1:-1]:
        joined = joined + msg(", {item}", item=item)
    return (last or and_words)(joined, items[-1])


def and_words(some: Any, last: Any) -> Message:
    return msg("{some} and {last}", some=some, last=last)


def or_words(some: Any, last: Any) -> Message:
    return msg("{some} or {last}", some=some, last=last)


def either(items: Sequence[Any]) -> Message:
    """ "de, en or fr" """
    return join(items, or_words)


def both(items: Sequence[Any]) -> Message:
    """ "de, en and fr" """
    return join(items, and_words)


# The languages' names in the check's messages ("no German text (de)"), each a template of
# its own so that a catalog says it in its language.
_LANGUAGE_NAMES = {"de": msg("German"), "en": msg("English"), "fr": msg("French")}


def language_name(code: str) -> Message:
    """A language by its name, or by its code where the check has no name for it."""
    return _LANGUAGE_NAMES.get(code) or msg("{code}", code=code)


def language_names(codes: Any) -> Message:
    """ "German and English" """
    return both([language_name(code) for code in codes])


def commas(items: Any) -> Message:
    """Items written as "a, b, c", each a message or a value shown as it is."""
    items = list(items)
    if not items:
        return Message(())
    joined = msg("{first}", first=items[0])
    for item in items[1:]:
        joined = joined + msg(", {item}", item=item)
    return joined


def names_with_codes(codes: Any) -> Message:
    """ "German, de, and English, en": each language with the key its texts have."""
    parts = [msg("{name}, {code}", name=language_name(code), code=code) for code in codes]
    if len(parts) < 2:
        return join(parts)
    return join(parts, lambda some, last: msg("{some}, and {last}", some=some, last=last))


# The kinds of record, as the check's messages name them: "no company 'acme' in
# content/companies/", "expected the fields of a deal".
KIND_WORDS = {"deal": msg("deal"), "company": msg("company"), "author": msg("author"),
              "article": msg("article"), "topics": msg("topics"), "glossary": msg("glossary")}
A_KIND = {"deal": msg("a deal"), "company": msg("a company"), "author": msg("an author"),
          "article": msg("an article"), "topics": msg("the topics"),
          "glossary": msg("the glossary")}


def kind_word(kind: str) -> Message:
    return KIND_WORDS.get(kind) or msg("{kind}", kind=kind)


def a_kind(kind: str) -> Message:
    return A_KIND.get(kind) or msg("{kind}", kind=kind)


def extract_descriptions(fileobj: Any, keywords: Any, comment_tags: Any,
                         options: Any) -> Any:
    """Babel's extractor for the schemas (generator/locales/check.cfg): every
    ``description`` of a JSON Schema is a message, since the web editor's form shows them
    as its hints (editor/cms_config.py), said in the form's language."""
    import json

    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                found.append(node["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(fileobj.read().decode("utf-8")))
    for text in found:
        yield 1, None, text, []
