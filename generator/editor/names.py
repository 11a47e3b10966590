"""A name that is one text or one text per language (the schemas' ``name``), shown in the
form as one box per language.

The form has no field for "a text or a mapping of texts": given a single name it showed
``Map { "de": … }``. So the form is handed each single name as the same text in every
language, and a save writes it back as a single name while every language's version is the
same; once they differ, the record holds one per language, which the schemas allow too.
"""

from __future__ import annotations

from typing import Any

import yaml

from . import merge
from .cms_config import kind_of, name_fields

Path_ = tuple[str, ...]


def _places(data: Any, path: Path_) -> list[tuple[Any, Any]]:
    """(container, key) of every value ``path`` names in ``data``."""
    current: list[tuple[Any, Any]] = []
    nodes: list[Any] = [data]
    for step in path:
        current = []
        for node in nodes:
            if step == "*" and isinstance(node, list):
                current += [(node, index) for index in range(len(node))]
            elif step != "*" and isinstance(node, dict) and step in node:
                current.append((node, step))
        nodes = [container[key] for container, key in current]
    return current


def for_form(relative: str, text: str, languages: tuple[str, ...]) -> str:
    """The file's text as the form is given it: every single name as one per language."""
    kind = kind_of(relative)
    paths = name_fields(kind) if kind else []
    if not paths:
        return text
    article = relative.endswith(".md")
    try:
        front, body = merge.split_front_matter(text) if article else (text, "")
        data = yaml.safe_load(front)
    except (merge.MergeError, yaml.YAMLError):
        return text  # the form shows what it can; the check names the fault
    changed = False
    for path in paths:
        for container, key in _places(data, path):
            if isinstance(container[key], str):
                container[key] = {code: container[key] for code in languages}
                changed = True
    if not changed:
        return text
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 20)
    return f"---\n{dumped}---\n{body}" if article else dumped


def from_form(relative: str, sent: dict[str, Any], existing: str | None) -> dict[str, Any]:
    """What the form sent, with each name that was single on disk (or is new) single
    again when every language's version is the same."""
    kind = kind_of(relative)
    paths = name_fields(kind) if kind else []
    if not paths:
        return sent
    try:
        old = yaml.safe_load(existing or "") if not relative.endswith(".md") else \
            yaml.safe_load(merge.split_front_matter(existing or "---\n---\n")[0])
    except (merge.MergeError, yaml.YAMLError):
        old = None
    for path in paths:
        old_values = {tuple(_trail(container, key)): container[key]
                      for container, key in _places(old, path)}
        for container, key in _places(sent, path):
            value = container[key]
            if not isinstance(value, dict):
                continue
            texts = {text for text in value.values() if isinstance(text, str) and text}
            was = old_values.get(tuple(_trail(container, key)))
            if len(texts) == 1 and not isinstance(was, dict):
                container[key] = texts.pop()
    return sent


def _trail(container: Any, key: Any) -> list[Any]:
    # Places are compared by their key within the list or mapping and the mapping's id
    # is not stable across two loads, so only the key counts: a name at sources[3] on
    # disk and in the form is the same name.
    return [key, _index_hint(container)]


def _index_hint(container: Any) -> Any:
    if isinstance(container, dict):
        return container.get("id")
    return None
