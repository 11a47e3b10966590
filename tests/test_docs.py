"""Documentation that cannot drift: every record field and plugin option is in the README."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.mkdocs_plugin import BriefingOptions
from generator.schemas import SCHEMA_DIR

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def property_names(node: object) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        names.update(node.get("properties", {}))
        for value in node.values():
            names |= property_names(value)
    elif isinstance(node, list):
        for item in node:
            names |= property_names(item)
    return names


def mentioned(name: str) -> bool:
    return re.search(rf"(`{re.escape(name)}`|^\s*-?\s*{re.escape(name)}:|\b{re.escape(name)}:)",
                     README, re.MULTILINE) is not None


def test_every_record_field_is_documented() -> None:
    fields: set[str] = set()
    for path in SCHEMA_DIR.glob("*.schema.json"):
        fields |= property_names(json.loads(path.read_text(encoding="utf-8")))
    fields -= {"de", "en"}  # the language keys of every text
    assert sorted(f for f in fields if not mentioned(f)) == []


def test_every_plugin_option_is_documented() -> None:
    options = [name for name in vars(BriefingOptions) if not name.startswith("_")]
    assert options
    assert sorted(o for o in options if not mentioned(o)) == []
