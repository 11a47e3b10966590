"""The first family of rules: each record against its JSON Schema, in an editor's words.

jsonschema's own messages name keywords ("'x' is not one of [...]"); ``_explain`` says the
same in plain language, at the line and column of the value. A list beyond its schema's
maxItems is said once, and only its entries within the limit are explained one by one
(``schema_problems`` and ``within_limits``): 10,000 sources gave 30,000 messages in 15 s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, cast

import jsonschema

from ..content.languages import names as language_names
from ..content.languages import names_with_codes
from ..content.load import Document, Path_, field_name
from ..errors import Problem
from ..schemas import LANGUAGE_KEY, is_valid, over_long_lists, validator
from ..text import markup
from .reporting import both, either

Suggest = Callable[[str, Iterable[Any]], str]


def _problems(doc: Document, languages: tuple[str, ...],
                     suggest: Suggest) -> Iterator[Problem]:
    if is_valid(doc.kind, doc.data):
        return  # the common case, answered without the slow explaining validator
    for error in validator(doc.kind).iter_errors(doc.data):
        yield from _explain(doc, error, languages, suggest)


def _is_text_in_languages(schema: Any) -> bool:
    """Whether a (sub)schema is the common one of a text in the site's languages."""
    return isinstance(schema, dict) and set(schema.get("patternProperties", {})) == {
        LANGUAGE_KEY}


def _explain(doc: Document, error: jsonschema.ValidationError,
             languages: tuple[str, ...], suggest: Suggest) -> Iterator[Problem]:
    path: Path_ = tuple(error.absolute_path)
    # What the schema said (its keyword and value), where, and about which value.
    kind, expected = error.validator, cast(Any, error.validator_value)
    schema, value = cast(Any, error.schema), cast(Any, error.instance)

    def at(p: Path_, message: str, key: bool = False) -> Problem:
        line, column = doc.locate(p, key)
        return Problem(doc.file, line, column, field_name(p), message)

    if kind == "required":
        for name in expected:
            if isinstance(value, dict) and name not in value:
                yield at(path + (name,), "missing (this field is required)")
    elif kind == "additionalProperties" and _is_text_in_languages(schema):
        for name in value:
            if not (isinstance(name, str) and re.fullmatch(LANGUAGE_KEY, name)):
                yield at(path + (name,), f"unknown field{suggest(str(name), languages)} "
                                         f"(expected a language: "
                                         f"{either(languages)})", key=True)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in value:
            if name not in allowed:
                yield at(path + (name,), f"unknown field{suggest(name, allowed)} "
                                         f"(expected one of: {', '.join(allowed)})", key=True)
    elif kind == "type" and _is_text_in_languages(schema):
        keys = " and ".join(", ".join(f"{code}: …" for code in languages).rsplit(", ", 1))
        yield at(path, f"expected a text in {language_names(languages)} ({keys} on their own "
                       f"lines below), got {describe(value)}")
    elif kind == "type":
        quote = " (put it in quotes to make it text)" if expected == "string" and (
            isinstance(value, (int, float)) and not isinstance(value, bool)) else ""
        yield at(path, f"expected {_type_words(expected)}, got "
                       f"{describe(value)}{quote}")
    elif kind == "enum":
        options = [str(o) for o in expected]
        wrong = "has no value" if value is None else f"{describe(value)} is not allowed"
        yield at(path, f"{wrong}{suggest(str(value), options)} "
                       f"(expected one of: {', '.join(options)})")
    elif kind == "pattern" and path and path[-1] == "url" and (
            url_problem := markup.unsafe_url(value)):
        yield at(path, url_problem)
    elif kind == "pattern":
        expected = schema.get("description") or f"text matching {expected}"
        yield at(path, f"{describe(value)} is not valid (expected {_lower_first(expected)})")
    elif kind in _BOUNDS:
        size, bound = _BOUNDS[kind]
        yield at(path, f"{describe(value)} is too {size} (expected {bound} "
                       f"{expected})")
    elif kind == "minItems":
        count = len(value)
        yield at(path, f"has {count} entr{'y' if count == 1 else 'ies'} (expected at least "
                       f"{expected})")
    elif kind == "maxItems":  # found first (over_long_lists); kept for any other way in
        yield at(path, _too_many(len(value), expected))
    elif kind == "minLength":
        yield at(path, "is empty (expected some text)")
    elif kind == "maxLength":
        yield at(path, f"is {len(value)} characters long (expected at most "
                       f"{expected})")
    elif kind == "uniqueItems":
        yield at(path, "lists the same entry more than once")
    elif kind == "minProperties":
        yield at(path, f"is empty (expected a text in {names_with_codes(languages)})")
    elif kind == "dependentRequired":
        for name, needs in expected.items():
            if isinstance(value, dict) and name in value:
                for other in needs:
                    if other not in value:
                        yield at(path + (name,), f"goes with '{other}', which is missing",
                                 key=True)
    elif kind == "not" and isinstance(value, dict) and "qualifier" in value:
        if value.get("qualifier") == "range":
            yield at(path, "a range has min and max, not value")
        else:
            yield at(path, "min and max belong to qualifier 'range'; use value")
    elif kind == "oneOf":
        yield at(path, f"expected a text or a mapping with {both(languages)}, got "
                       f"{describe(value)}")
    else:
        yield at(path, error.message)


# JSON Schema's numeric bounds, in the words of the message: (too what, expected how).


_BOUNDS = {"minimum": ("small", "at least"), "exclusiveMinimum": ("small", "more than"),
           "maximum": ("large", "at most"), "exclusiveMaximum": ("large", "less than")}


def _lower_first(text: str) -> str:
    # "Lower-case letters…" reads on as "lower-case letters…"; "ISO 4217…" stays as it is.
    if text[1:2].isupper():
        return text.rstrip(".")
    return text[:1].lower() + text[1:].rstrip(".")


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
               "object": "a mapping of fields", "array": "a list", "boolean": "true or false"}


def _type_words(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else expected
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (put text in quotes)"
    if isinstance(value, float):
        return f"the decimal number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    if len(text) <= 60:
        return text
    return text[:57] + ("...'" if isinstance(value, str) else "...")


def _too_many(count: int, limit: int) -> str:
    # The limits (README, "What the check refuses") stand well above any real record: each
    # entry is shown, and a list without end makes a page without end.
    return (f"has {count:,} entries (expected at most {limit}; keep the {limit} that "
            f"matter most, or split the record)")


def _at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def _beyond(field: str, over_long: list[tuple[Path_, int]]) -> bool:
    """Whether a problem's field is an entry of an over-long list past its limit."""
    for path, limit in over_long:
        inside = re.match(re.escape(field_name(path)) + r"\[(\d+)\]", field)
        if inside and int(inside.group(1)) >= limit:
            return True
    return False


def _shortened(data: Any, over_long: list[tuple[Path_, int]]) -> Any:
    """``data`` with each over-long list cut to its limit, copying only what leads to one
    (the entries kept are the same objects, at the same paths, so marks still fit)."""
    def cut(node: Any, path: Path_, limit: int) -> Any:
        if not path:
            return node[:limit]
        step, rest = path[0], path[1:]
        try:
            inner = node[step]
        except (KeyError, IndexError, TypeError):
            return node  # inside a list already cut
        if isinstance(node, dict):
            return {**node, step: cut(inner, rest, limit)}
        return [*node[:int(step)], cut(inner, rest, limit), *node[int(step) + 1:]]
    for path, limit in sorted(over_long, key=lambda item: len(item[0])):
        data = cut(data, path, limit)
    return data


def over_long(doc: Document) -> list[tuple[Path_, int]]:
    """The record's lists beyond their schema's maxItems, each with its limit."""
    return over_long_lists(doc.kind, doc.data) if isinstance(doc.data, dict) else []


def schema_problems(doc: Document, languages: tuple[str, ...], suggest: Suggest,
                    too_long: list[tuple[Path_, int]]) -> list[Problem]:
    """The record's schema problems, its over-long lists (``over_long``) cut to their
    limits first: the rest is said once by ``within_limits``."""
    if too_long:
        doc = replace(doc, data=_shortened(doc.data, too_long))
    return list(_problems(doc, languages, suggest))


def within_limits(doc: Document, problems: list[Problem],
                  too_long: list[tuple[Path_, int]]) -> list[Problem]:
    """Each over-long list said once, and every family's problems beyond a limit dropped:
    the rules read the whole record (a citation of the 10,001st source is one of a source
    that is there), but an entry past the limit is not looked at one by one."""
    if not too_long:
        return problems
    return [Problem(doc.file, *doc.locate(path), field_name(path), _too_many(
        len(_at(doc.data, path)), limit)) for path, limit in too_long] + [
        problem for problem in problems if not _beyond(problem.field, too_long)]

