"""Which pages a change touches: the pages of each language as the last render planned them,
with what each depends on, and the facts listings show (pages/registry.py).

After a save, a preview renders again only the pages that a changed record, a changed fact
or a new or removed page concerns (pipeline.Generator); every other page is left as it was
written. A page is rendered again when what it depended on last time, or depends on now,
changed: a deal that leaves a year's list touches that year's page through the old
dependencies, the year it joins through the new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content.load import FILES, Document
from ..content.model import Content
from ..pages import registry
from ..pages.registry import ALL, Dependency
from ..render.renderer import PlannedPage

_ABSENT = object()  # no part yet: a new record, or one gone


def record_key(doc: Document) -> Dependency:
    """The dependency a content file is: ("deal", id), ("article", "<slug>.<lang>"), …"""
    if doc.kind == "article":
        return ("article", f"{doc.slug}.{doc.lang}")
    if doc.kind in FILES:  # one file for the whole site: pages/kind.py TOPICS, GLOSSARY
        return (doc.kind, ALL)
    return (doc.kind, str(doc.data["id"]))


@dataclass
class KeptPages:
    """What the last render of each language planned (each page's kind and dependencies),
    and every fact with each record's part of it."""

    planned: dict[str, dict[str, tuple[str, frozenset[Dependency]]]] = field(
        default_factory=dict)  # language → path → (kind, dependencies)
    fact_parts: dict[str, dict[Dependency, Any]] = field(
        default_factory=dict)  # fact → (kind, id) → part
    fact_values: dict[str, Any] = field(default_factory=dict)

    def update_facts(self, content: Content,
                     changed: set[Dependency] | None) -> set[Dependency]:
        """Each fact after the records ``changed`` (None: every record) changed; returns the
        facts that differ from the last build's."""
        differ: set[Dependency] = set()
        for fact in registry.FACTS:
            if fact.of is not None:  # made from a fact before it in FACTS
                self._compare(fact, fact.summary(self.fact_values[fact.of.name]), differ)
                continue
            parts = self.fact_parts.get(fact.name)
            moved = True  # whether any record's part of the fact is not as it was
            if parts is None or changed is None:
                parts = {(kind, ident): fact.part(record) for kind in fact.kinds
                         for ident, record in registry.records_of(content, kind).items()}
            else:
                moved = False
                for kind, ident in changed:
                    if kind not in fact.kinds:
                        continue
                    records = registry.records_of(content, kind)
                    before = parts.get((kind, ident), _ABSENT)
                    if ident in records:
                        parts[(kind, ident)] = fact.part(records[ident])
                    else:
                        parts.pop((kind, ident), None)
                    moved = moved or parts.get((kind, ident), _ABSENT) != before
            self.fact_parts[fact.name] = parts
            if moved or fact.name not in self.fact_values:
                # Else the same parts make the same summary (at 2,000 deals the sources
                # index's plan takes a tenth of a second to make).
                self._compare(fact, fact.summary(parts), differ)
        return differ

    def _compare(self, fact: registry.Fact, value: Any, differ: set[Dependency]) -> None:
        if fact.name not in self.fact_values or self.fact_values[fact.name] != value:
            differ.add(registry.fact(fact))
        self.fact_values[fact.name] = value

    def touched(self, lang: str, planned: Iterable[PlannedPage],
                needs: Mapping[str, frozenset[Dependency]],
                triggers: set[Dependency]) -> tuple[list[PlannedPage], list[str]]:
        """The pages of ``lang`` to render again, and the paths of pages that are no more,
        given what each page needs now and the changed records and facts (``triggers``,
        with (kind, ALL) for each kind of record that changed)."""
        before = self.planned.get(lang, {})
        render: list[PlannedPage] = []
        paths = set()
        for page in planned:
            paths.add(page.path)
            earlier = before.get(page.path)
            if (earlier is None or earlier[0] != page.kind.name
                    or not triggers.isdisjoint(needs[page.path])
                    or not triggers.isdisjoint(earlier[1])):
                render.append(page)
        return render, sorted(set(before) - paths)

    def remember(self, lang: str, planned: Iterable[PlannedPage],
                 needs: Mapping[str, frozenset[Dependency]]) -> None:
        self.planned[lang] = {page.path: (page.kind.name, needs[page.path]) for page in planned}


def triggers(changed: set[Dependency], facts: set[Dependency]) -> set[Dependency]:
    """What a page's dependencies are matched against: each changed record, every record
    of each kind that changed ((kind, ALL)), each changed fact."""
    return changed | {(kind, ALL) for kind, _ident in changed} | facts

