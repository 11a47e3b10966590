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

from ..content.load import Document, Path_, field_name
from ..errors import Problem
from ..schemas import LANGUAGE_KEY, is_valid, over_long_lists, validator
from ..text import markup, messages
from ..text.messages import Message, language_names, msg, msg_n, names_with_codes
from .reporting import both, either
from .texts import EMPTY_TEXT

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
                yield at(path + (name,), msg("missing (this field is required)"))
    elif kind == "additionalProperties" and _is_text_in_languages(schema):
        for name in value:
            if not (isinstance(name, str) and re.fullmatch(LANGUAGE_KEY, name)):
                yield at(path + (name,), msg("unknown field{suggest} (expected a language: "
                                             "{languages})", suggest=suggest(str(name), languages),
                                             languages=either(languages)), key=True)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in value:
            if name not in allowed:
                yield at(path + (name,), msg("unknown field{suggest} (expected one of: "
                                             "{allowed})", suggest=suggest(name, allowed),
                                             allowed=", ".join(allowed)), key=True)
    elif kind == "type" and _is_text_in_languages(schema):
        keys = both(tuple(f"{code}: …" for code in languages))
        yield at(path, msg("expected a text in {languages} ({keys} on their own lines below), "
                           "got {value}", languages=language_names(languages), keys=keys,
                           value=describe(value)))
    elif kind == "type":
        quote = msg(" (put it in quotes to make it text)") if expected == "string" and (
            isinstance(value, (int, float)) and not isinstance(value, bool)) else ""
        yield at(path, msg("expected {expected}, got {value}{quote}",
                           expected=_type_words(expected), value=describe(value), quote=quote))
    elif kind == "enum":
        options = [str(o) for o in expected]
        wrong = msg("has no value") if value is None else msg("{value} is not allowed",
                                                              value=describe(value))
        yield at(path, msg("{wrong}{suggest} (expected one of: {options})", wrong=wrong,
                           suggest=suggest(str(value), options), options=", ".join(options)))
    elif kind == "pattern" and path and path[-1] == "url" and (
            url_problem := markup.unsafe_url(value)):
        yield at(path, url_problem)
    elif kind == "pattern":
        description = schema.get("description")
        wanted = (_pattern_words(description) if description
                  else msg("text matching {pattern}", pattern=expected))
        yield at(path, msg("{value} is not valid (expected {wanted})", value=describe(value),
                           wanted=wanted))
    elif kind in _BOUNDS:
        yield at(path, _BOUNDS[kind](describe(value), expected))
    elif kind == "minItems":
        yield at(path, msg_n("has {count} entry (expected at least {expected})",
                             "has {count} entries (expected at least {expected})", len(value),
                             expected=expected))
    elif kind == "maxItems":  # found first (over_long_lists); kept for any other way in
        yield at(path, _too_many(len(value), expected))
    elif kind == "minLength":
        yield at(path, EMPTY_TEXT)
    elif kind == "maxLength":
        yield at(path, msg("is {length} characters long (expected at most {expected})",
                           length=len(value), expected=expected))
    elif kind == "uniqueItems":
        yield at(path, msg("lists the same entry more than once"))
    elif kind == "minProperties":
        yield at(path, msg("is empty (expected a text in {languages})",
                           languages=names_with_codes(languages)))
    elif kind == "dependentRequired":
        for name, needs in expected.items():
            if isinstance(value, dict) and name in value:
                for other in needs:
                    if other not in value:
                        yield at(path + (name,), msg("goes with '{other}', which is missing",
                                                     other=other), key=True)
    elif kind == "not" and isinstance(value, dict) and "qualifier" in value:
        if value.get("qualifier") == "range":
            yield at(path, msg("a range has min and max, not value"))
        else:
            yield at(path, msg("min and max belong to qualifier 'range'; use value"))
    elif kind == "oneOf":
        yield at(path, msg("expected a text or a mapping with {languages}, got {value}",
                           languages=both(languages), value=describe(value)))
    else:
        # A keyword no schema of this project uses today: jsonschema's own words.
        yield at(path, msg("{schema_message}", schema_message=error.message))


# JSON Schema's numeric bounds, in the words of the message.
_BOUNDS: dict[str, Callable[[Message, Any], Message]] = {
    "minimum": lambda value, bound: msg("{value} is too small (expected at least {bound})",
                                        value=value, bound=bound),
    "exclusiveMinimum": lambda value, bound: msg("{value} is too small (expected more than "
                                                 "{bound})", value=value, bound=bound),
    "maximum": lambda value, bound: msg("{value} is too large (expected at most {bound})",
                                        value=value, bound=bound),
    "exclusiveMaximum": lambda value, bound: msg("{value} is too large (expected less than "
                                                 "{bound})", value=value, bound=bound),
}

# What the schemas' patterns mean, by their descriptions (generator/schemas/*.json): each
# in the check's words, in every language. A pattern whose description is missing here
# fails tests/test_check_language.py.
PATTERN_WORDS = {
    "A calendar date YYYY-MM-DD, or YYYY-MM or YYYY where only the month or year is known.":
        msg("a calendar date YYYY-MM-DD, or YYYY-MM or YYYY where only the month or year is "
            "known"),
    "A calendar date YYYY-MM-DD.": msg("a calendar date YYYY-MM-DD"),
    "An ISO 4217 code such as USD or EUR, in capitals.":
        msg("an ISO 4217 code such as USD or EUR, in capitals"),
    "An absolute https address.": msg("an absolute https address"),
    "ISO 639-1 language code, lower case.": msg("ISO 639-1 language code, lower case"),
    "Lower-case letters, digits and single hyphens; the same as the file name without .yml.":
        msg("lower-case letters, digits and single hyphens; the same as the file name "
            "without .yml"),
}


def _pattern_words(description: str) -> Message:
    return PATTERN_WORDS.get(description) or msg("{description}",
                                                 description=_lower_first(description))


def _lower_first(text: str) -> str:
    # "Lower-case letters…" reads on as "lower-case letters…"; "ISO 4217…" stays as it is.
    if text[1:2].isupper():
        return text.rstrip(".")
    return text[:1].lower() + text[1:].rstrip(".")


_TYPE_WORDS = {"string": msg("text"), "integer": msg("a whole number"),
               "number": msg("a number"), "object": msg("a mapping of fields"),
               "array": msg("a list"), "boolean": msg("true or false")}


def _type_words(expected: str | list[str]) -> Message:
    names = [expected] if isinstance(expected, str) else expected
    words = [_TYPE_WORDS.get(n) or msg("{type}", type=n) for n in names]
    return messages.join(words, messages.or_words)


def describe(value: Any) -> Message:
    if value is None:
        return msg("nothing")
    if isinstance(value, bool):
        return (msg("true (put text in quotes)") if value
                else msg("false (put text in quotes)"))
    if isinstance(value, float):
        return msg("the decimal number {value!r}", value=value)
    if isinstance(value, dict):
        return msg("a mapping")
    if isinstance(value, list):
        return msg("a list")
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + ("...'" if isinstance(value, str) else "...")
    return msg("{value}", value=text)


def _too_many(count: int, limit: int) -> Message:
    # The limits (README, "What the check refuses") stand well above any real record: each
    # entry is shown, and a list without end makes a page without end.
    return msg("has {count:,} entries (expected at most {limit}; keep the {limit} that "
               "matter most, or split the record)", count=count, limit=limit)


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

