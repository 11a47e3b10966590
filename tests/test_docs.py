"""Documentation that cannot drift: every record field and plugin option is in the README."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.content.languages import LANGUAGES
from generator.engine.options import option_names
from generator.schemas import SCHEMA_DIR

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README's section under ``## title``, up to the next section of that level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README,
                      re.MULTILINE | re.DOTALL)
    assert match, f"no section '{title}' in the README"
    return match.group(1)


def documented_fields(text: str) -> set[str]:
    """Names a section documents: in backticks in its prose and tables, or as a key at the
    start of a line in one of its YAML examples."""
    names = set(re.findall(r"`([a-z_]+)`", text))
    for block in re.findall(r"^```yaml\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        names |= set(re.findall(r"^\s*(?:- )?\{?([a-z_]+):", block, re.MULTILINE))
        names |= set(re.findall(r"[{,]\s*([a-z_]+):", block))  # flow mappings: {company: …}
    return names


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


def test_every_record_field_is_documented_in_the_content_model() -> None:
    fields: set[str] = set()
    for path in SCHEMA_DIR.glob("*.schema.json"):
        fields |= property_names(json.loads(path.read_text(encoding="utf-8")))
    fields -= set(LANGUAGES)  # the language keys of a text, in the registry
    assert len(fields) > 40
    assert sorted(fields - documented_fields(section("The content model"))) == []


def test_every_plugin_option_is_documented_in_the_settings() -> None:
    options = option_names()
    assert len(options) > 10
    assert sorted(set(options) - documented_fields(section("Site settings"))) == []
