"""The JSON Schemas of the record kinds, as files editors' YAML tools read directly."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema.validators
import jsonschema_rs
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).parent
# Only used in memory, to resolve the schemas' relative $refs to each other; the files
# carry no $id so that editors resolve them relative to where they lie.
BASE_URI = "https://briefing.invalid/schemas/"
KINDS = ("deal", "company", "author", "article", "topics", "glossary")
COMMON = "common.schema.json"


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    """Every schema file's contents by its in-memory URI."""
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        contents["$id"] = BASE_URI + path.name
        schemas[BASE_URI + path.name] = contents
    return schemas


@cache
def _whole_text_pattern(pattern: str) -> re.Pattern[str]:
    """A schema's pattern as JSON Schema means it: in ECMAScript, whose ``$`` matches only
    at the very end. Python's also matches before a final line break, so that the id
    ``"acme\\n"`` would pass here while editors' tools and the fast validator refuse it."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any,
             ) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not _whole_text_pattern(pattern).search(
            instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_ExplainingValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"pattern": _pattern})


@cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    """The validator that explains: every error with its path, for editors' messages."""
    registry = Registry().with_resources(
        (uri, Resource.from_contents(contents)) for uri, contents in _schemas().items())
    schema = registry.contents(BASE_URI + f"{kind}.schema.json")
    explaining: jsonschema.Draft202012Validator = _ExplainingValidator(schema, registry=registry)
    return explaining


@cache
def _fast_validator(kind: str) -> Any:
    registry = jsonschema_rs.Registry(list(_schemas().items()))
    return jsonschema_rs.validator_for(_schemas()[BASE_URI + f"{kind}.schema.json"],
                                       registry=registry)


def is_valid(kind: str, data: Any) -> bool:
    """Whether ``data`` is a valid record of ``kind``, answered fast.

    The pure-Python validator takes about 10 ms for a rich deal even when there is nothing
    to report, which at 2,000 deals was a third of the generator's time; a compiled
    validator answers in microseconds. Only a record it rejects goes to ``validator`` for
    the explained errors. Data it cannot take (YAML types JSON does not have) counts as
    not known to be valid, so the explaining validator sees it.
    """
    try:
        return bool(_fast_validator(kind).is_valid(data))
    except Exception:  # noqa: BLE001 - any refusal means: ask the explaining validator
        return False


def over_long_lists(kind: str, data: Any) -> list[tuple[tuple[str | int, ...], int]]:
    """Every list in ``data`` longer than its schema's ``maxItems``: its path and the limit,
    found by the compiled validator, so that a record of 10,000 sources is known to be one
    before anything walks its entries (the explaining validator took 15 s over them)."""
    try:
        errors = list(_fast_validator(kind).iter_errors(data))
    except Exception:  # noqa: BLE001 - data JSON has no type for: the check says so anyway
        return []
    return [(tuple(error.instance_path), int(error.kind.limit)) for error in errors
            if type(error.kind).__name__ == "MaxItems"]


# --- facts the schemas hold, for the Python that needs them -----------------------------------

def _common_definitions() -> dict[str, Any]:
    definitions: dict[str, Any] = json.loads(
        (SCHEMA_DIR / COMMON).read_text(encoding="utf-8"))["$defs"]
    return definitions


def _unanchored(pattern: str) -> str:
    """A schema's whole-value pattern as a part of others: no anchors, and its groups
    non-capturing, so that it leaves the numbering of a larger pattern's groups alone."""
    return re.sub(r"\((?!\?)", "(?:", pattern.removeprefix("^").removesuffix("$"))


# An id (of a record, a source, a tag) and an article's slug: the schemas' one definition.
ID_PATTERN = _unanchored(_common_definitions()["id"]["pattern"])
# A citation in a text: [@source-id], or [@deal-id/source-id] for a deal's source cited on
# an article; records, the check and the renderer read it from here.
CITATION = re.compile(rf"\[@({ID_PATTERN}(?:/{ID_PATTERN})?)\]")
# The key of a text's version in one language: two lower-case letters (which of them a site
# has is the check's business, so that the schema files stay the same for every site).
LANGUAGE_KEY = next(iter(_common_definitions()["localized_text"]["patternProperties"]))
# Definitions whose value may be a text in several languages.
_LOCALIZED_DEFINITIONS = (f"{COMMON}#/$defs/localized_text", f"{COMMON}#/$defs/name",
                          "#/$defs/localized_text", "#/$defs/name")


def _schema_files() -> dict[str, dict[str, Any]]:
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


def _localized_fields() -> tuple[str, ...]:
    """Every field name whose value is a text in several languages, in any schema."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, definition in node.get("properties", {}).items():
                if isinstance(definition, dict) and definition.get("$ref") in (
                        _LOCALIZED_DEFINITIONS):
                    found.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for contents in _schema_files().values():
        walk(contents)
    return tuple(sorted(found))


LOCALIZED_FIELDS = _localized_fields()


def enums() -> dict[str, tuple[Any, ...]]:
    """Every list of allowed values in the schemas, by where it stands: "deal.status",
    "deal.parties.role", "common.money.qualifier" (a schema file's name without
    ".schema.json", then the fields and definitions down to it)."""
    found: dict[str, tuple[Any, ...]] = {}

    def walk(node: Any, where: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        if "enum" in node:
            found[".".join(where)] = tuple(node["enum"])
        for name, definition in node.get("properties", {}).items():
            walk(definition, (*where, name))
        for name, definition in node.get("$defs", {}).items():
            walk(definition, (*where, name))
        for key in ("items", "additionalProperties"):
            walk(node.get(key), where)

    for file, contents in _schema_files().items():
        walk(contents, (file.removesuffix(".schema.json"),))
    return found


@cache
def length_limits(kind: str) -> dict[str, int]:
    """A record kind's word limits by field path ("gist[].text"), from its schema's
    ``x-length-limits`` (a keyword validators ignore): over one, the check warns."""
    limits = _schema_files().get(f"{kind}.schema.json", {}).get("x-length-limits", {})
    return {path: words for path, words in limits.items() if isinstance(words, int)}
