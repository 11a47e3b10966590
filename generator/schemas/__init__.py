"""The JSON Schemas of the record kinds, as files editors' YAML tools read directly."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).parent
# Only used in memory, to resolve the schemas' relative $refs to each other; the files
# carry no $id so that editors resolve them relative to where they lie.
BASE_URI = "https://briefing.invalid/schemas/"
KINDS = ("deal", "company", "author", "article")


@cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        contents["$id"] = BASE_URI + path.name
        resources.append((BASE_URI + path.name, Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    schema = registry.contents(BASE_URI + f"{kind}.schema.json")
    return jsonschema.Draft202012Validator(schema, registry=registry)
