"""The dependency audit's machinery (tests/test_dependency_audit.py): every page rendered
with each read of a record's attribute written down against the page, and held to what
the page's kind declared it depends on.

A page that reads a record it does not declare is left stale by the preview when that
record changes (incremental.py renders again only the pages whose dependencies a change
touches). The declarations are written by hand beside each context (pages/, one module per family); this
audit checks them by construction: whatever a context, a template or a written file reads
is recorded, with no list of fields to keep up to date.

How reads are recorded: while the audit runs, the model's classes (the records, Deal,
Company, Author, Article, and the values inside them, Party, Source, Text, Money …) get a
``__getattribute__`` that notes which record the object belongs to. Each object's record
is known from the document it was built from, keyed by ``incremental.record_key`` (the
key the preview matches changes with). Wrapping each object in a proxy instead would
change what the page code sees (``isinstance``, the ``is`` checks of kept parts); patching
the classes changes nothing but the recording, and is undone when the audit ends.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

from generator.content import model
from generator.content.load import Document
from generator.content.model import Content, build_content
from generator.preview import incremental
from generator.preview.kept_model import KeptModel
from generator.render.renderer import LanguageRenderer, PlannedPage
from generator.settings import SiteConfig

Dependency = tuple[str, str]
# (the record's key, the attribute read: "headline", "Text.get", and for a value inside a
# record, the id of the value object read: a fact may hold the very object).
Read = tuple[Dependency, str, int]


def registry() -> ModuleType:
    """The module that holds the page registry (KINDS, FACTS, ALL, FACT)."""
    from generator.pages import registry
    return registry


# The records: reading one of their attributes reads that record.
RECORD_CLASSES: tuple[type, ...] = (model.Deal, model.Company, model.Author, model.Article)
# What records are made of: reading one of their attributes reads the record that holds it.
VALUE_CLASSES: tuple[type, ...] = (
    model.Text, model.Money, model.Source, model.Party, model.Cited, model.Tranche,
    model.Correction, model.Stake, model.Event, model.Question, model.Term, model.Figure)
# A record's key: what names it, not what it says (a changed id is another record).
IDENTITY = frozenset({"id", "slug", "lang", "file"})
# Links the model fills in from the records at their other end: a company's deals come
# from the deals' parties, a deal's articles from the articles' deals, an article's
# translations from the other versions' translation_key. Reading one reads those records.
DERIVED: Mapping[tuple[type, str], str] = {
    (model.Company, "deals"): "parties", (model.Deal, "articles"): "deals",
    (model.Article, "translations"): "translation_key"}


class Recorder:
    """Which record each model object belongs to, and what the page being rendered read."""

    def __init__(self, owner: dict[int, Dependency]):
        self.owner = owner  # id of a model object → its record's key
        self.page: str | None = None  # the page being rendered: reads are noted against it
        self.quiet = 0  # inside __eq__ or __hash__: comparing records shows nothing
        self.reads: dict[str, set[Read]] = {}

    def note(self, obj: Any, name: str, value: Any) -> None:
        if self.page is None or self.quiet or name.startswith("__"):
            return
        found = self.reads.setdefault(self.page, set())
        cls = type(obj)
        derived = DERIVED.get((cls, name))
        if derived is not None:
            linked = value.values() if isinstance(value, dict) else value
            for other in linked:
                record = other[0] if isinstance(other, tuple) else other  # (deal, role)
                found.add((self.owner[id(record)], derived, 0))
            return
        if cls in RECORD_CLASSES:
            if name in IDENTITY:
                return
            found.add((self.owner[id(obj)], name, 0))
        else:
            key = self.owner.get(id(obj))
            if key is not None:  # else made on the fly (a sum of parts): read via its record
                found.add((key, f"{cls.__name__}.{name}", id(obj)))


_ACTIVE: list[Recorder] = []


def _getattribute(obj: Any, name: str) -> Any:
    value = object.__getattribute__(obj, name)
    if _ACTIVE:
        _ACTIVE[-1].note(obj, name, value)
    return value


def _quietly(method: Callable[..., Any]) -> Callable[..., Any]:
    def quiet(*args: Any) -> Any:
        recorder = _ACTIVE[-1] if _ACTIVE else None
        if recorder is not None:
            recorder.quiet += 1
        try:
            return method(*args)
        finally:
            if recorder is not None:
                recorder.quiet -= 1
    return quiet


@contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """The model's classes note every attribute read into ``recorder`` until the end."""
    classes = (*RECORD_CLASSES, *VALUE_CLASSES)
    saved = {cls: {name: cls.__dict__[name] for name in ("__getattribute__", "__eq__", "__hash__")
                   if name in cls.__dict__} for cls in classes}
    for cls in classes:
        # type.__setattr__: a frozen dataclass refuses setattr on its instances, not its class.
        type.__setattr__(cls, "__getattribute__", _getattribute)
        for name in ("__eq__", "__hash__"):
            method = cls.__dict__.get(name)
            if method is not None:
                type.__setattr__(cls, name, _quietly(method))
    _ACTIVE.append(recorder)
    try:
        yield recorder
    finally:
        _ACTIVE.pop()
        for cls in classes:
            for name in ("__getattribute__", "__eq__", "__hash__"):
                if name in saved[cls]:
                    type.__setattr__(cls, name, saved[cls][name])
                elif name in cls.__dict__:
                    type.__delattr__(cls, name)


def _own_values(value: Any, key: Dependency, owner: dict[int, Dependency]) -> None:
    """Every value object inside a record's fields belongs to the record; the records it
    links to (a deal's companies, its related deals) belong to themselves."""
    if isinstance(value, RECORD_CLASSES):
        return
    if isinstance(value, VALUE_CLASSES):
        owner.setdefault(id(value), key)
        for item in dataclasses.fields(value):
            _own_values(object.__getattribute__(value, item.name), key, owner)
    elif isinstance(value, dict):
        for item in value.values():
            _own_values(item, key, owner)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _own_values(item, key, owner)


def model_with_keys(documents: list[Document]) -> tuple[Content, dict[int, Dependency]]:
    """The content model, and for each of its objects the key of its record: the key
    ``incremental.record_key`` gives the document it was built from."""
    kept = KeptModel()  # it tells which document each record object was built from
    content = build_content(documents, kept)
    owner: dict[int, Dependency] = {}
    for doc, record in kept.by_file.values():
        owner[id(record)] = incremental.record_key(doc)
    for doc, record in kept.by_file.values():
        for item in dataclasses.fields(record):
            _own_values(object.__getattribute__(record, item.name), owner[id(record)], owner)
    # The site's single files (topics, glossary) are made anew each build, not kept.
    singles = {doc.kind: incremental.record_key(doc) for doc in documents
               if doc.kind in ("topics", "glossary")}
    if "topics" in singles:
        _own_values(list(content.topics.values()), singles["topics"], owner)
    if "glossary" in singles:
        _own_values(content.glossary, singles["glossary"], owner)
    return content, owner


@dataclass
class FactReads:
    """What a fact's part reads of a record, as (kind, attribute), and the value objects
    its parts hold (a deal's headline, compared as a whole when the fact is compared)."""

    attributes: set[tuple[str, str]] = field(default_factory=set)
    held: set[int] = field(default_factory=set)


def _held(value: Any, found: set[int]) -> None:
    if isinstance(value, VALUE_CLASSES):
        found.add(id(value))
    if isinstance(value, RECORD_CLASSES):
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _held(object.__getattribute__(value, item.name), found)
    elif isinstance(value, dict):
        for item in value.values():
            _held(item, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _held(item, found)


def fact_reads(content: Content, owner: dict[int, Dependency]) -> dict[str, FactReads]:
    """What each fact reads of the records: a page depending on the fact may read those
    attributes of any record of the fact's kinds, and the values the fact holds (the
    headlines the charts name), since the fact differs when one of them does."""
    kinds = registry()
    recorder = Recorder(owner)
    found: dict[str, FactReads] = {}
    values: dict[str, Any] = {}
    with recording(recorder):
        for fact in kinds.FACTS:
            reads = found[fact.name] = FactReads()
            if fact.of is not None:  # made from the fact before it, as incremental.py does
                values[fact.name] = fact.summary(values[fact.of.name])
                reads.attributes = set(found[fact.of.name].attributes)
            else:
                recorder.page = fact.name
                parts = {(kind, ident): fact.part(record) for kind in fact.kinds
                         for ident, record in kinds.records_of(content, kind).items()}
                recorder.page = None
                values[fact.name] = fact.summary(parts)
                reads.attributes = {(key[0], attribute) for key, attribute, _holder
                                    in recorder.reads.get(fact.name, ())}
            _held(values[fact.name], reads.held)
    return found


@dataclass
class PageReads:
    lang: str
    path: str
    kind: Any  # PageKind
    declared: frozenset[Dependency]
    reads: set[Read] = field(default_factory=set)


def _pages_of(renderer: LanguageRenderer, kinds: Iterable[Any]) -> list[PlannedPage]:
    """The pages of a language as the registry's kinds give them (renderer.plan's walk, on
    the kinds given: the audit's cases register kinds of their own)."""
    planned: dict[str, PlannedPage] = {}
    for kind in kinds:
        for item in kind.items(renderer):
            path = kind.path_of(item)
            planned.setdefault(path, PlannedPage(path, kind, item))
    return list(planned.values())


def read_pages(content: Content, config: SiteConfig, today: date,
               owner: dict[int, Dependency]) -> list[PageReads]:
    """Every page of every language, rendered with its reads recorded. A page's plan (its
    items, its declared dependencies) is made first and unrecorded: choosing which deals a
    listing shows is what the declaration is made of. What one page makes for others
    (``r.shared``, ``r.reused``) is made again for each page, so that every page's reads
    are its own."""
    kinds = registry().KINDS
    recorder = Recorder(owner)
    pages: list[PageReads] = []
    with recording(recorder):
        for lang in config.languages:
            renderer = LanguageRenderer(content, config, lang, today)
            planned = _pages_of(renderer, kinds)
            declared = {page.path: page.depends_on(renderer) for page in planned}
            shared, reused = dict(renderer._shared), dict(renderer._reused)
            for page in planned:
                # The parts as planning left them (made again where a page needs more).
                renderer._shared, renderer._reused = dict(shared), dict(reused)
                name = f"{lang}/{page.path}"
                recorder.page = name
                renderer.page(page)
                recorder.page = None
                pages.append(PageReads(lang, page.path, page.kind, declared[page.path],
                                       recorder.reads.get(name, set())))
    return pages


def _covered(read: Read, declared: frozenset[Dependency],
             facts: Mapping[str, FactReads]) -> bool:
    kinds = registry()
    key, attribute, holder = read
    if key in declared or (key[0], kinds.ALL) in declared:
        return True
    for dep in declared:
        if dep[0] == kinds.FACT:
            fact = facts[dep[1]]
            if (key[0], attribute) in fact.attributes or holder in fact.held:
                return True
    return False


def audit(documents: list[Document], config: SiteConfig, today: date) -> list[str]:
    """What is wrong with the declarations, one line per page and record: empty when
    every page read only what its kind declared, and every kind whose pages' dependencies
    differ by language says so (needs_language)."""
    content, owner = model_with_keys(documents)
    facts = fact_reads(content, owner)
    pages = read_pages(content, config, today, owner)
    # The preview finds a page's dependencies in one language and uses them in every
    # other unless its kind needs_language: whichever language comes first.
    by_path: dict[str, list[PageReads]] = {}
    for page in pages:
        by_path.setdefault(page.path, []).append(page)
    problems: list[str] = []
    for page in pages:
        found: dict[Dependency, set[str]] = {}
        for read in page.reads:
            if not _covered(read, page.declared, facts):
                found.setdefault(read[0], set()).add(read[1])
        for key, attributes in sorted(found.items()):
            # The record's own attributes name what was read; the reads inside its values
            # (Text.get) only where nothing else does.
            shown = {name for name in attributes if "." not in name} or attributes
            problems.append(f"{page.lang}/{page.path} ({page.kind.name}): reads "
                            f"{key[0]} {key[1]} ({', '.join(sorted(shown))}) but its "
                            f"kind does not declare it")
        if page.kind.needs_language:
            continue
        for other in by_path[page.path]:
            if other.lang == page.lang or other.kind is not page.kind:
                continue
            missing = sorted({read[0] for read in page.reads
                              if _covered(read, page.declared, facts)
                              and not _covered(read, other.declared, facts)})
            if missing:
                problems.append(
                    f"{page.lang}/{page.path} ({page.kind.name}): reads "
                    f"{', '.join(f'{k} {i}' for k, i in missing)}, which the {other.lang} "
                    f"page's dependencies lack, and its kind does not say needs_language")
    return problems


def pages_of_kind(documents: list[Document], config: SiteConfig, today: date,
                  name: str) -> list[str]:
    """The pages a kind has (a case's own kind was rendered at all)."""
    content, _owner = model_with_keys(documents)
    found = []
    for lang in config.languages:
        renderer = LanguageRenderer(content, config, lang, today)
        found += [f"{lang}/{page.path}" for page in _pages_of(renderer, registry().KINDS)
                  if page.kind.name == name]
    return found
