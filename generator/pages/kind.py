"""What a page kind is, and what it may use of the renderer.

A kind says where its pages go (a path rule of paths.py), which template makes them and
what that template is given, whether they are in the navigation, which pages of the kind a
language has, and which content each depends on. The kinds live by family (deals.py,
companies.py, articles.py, sources.py, site.py, data.py), each with its entry, context,
dependencies and facts side by side; registry.py assembles them.

A page depends on records, (kind, id), or on every record of a kind and which there are,
(kind, ALL), or on a fact: a summary of every record of a kind that a listing shows (the
years there are deals in, what the charts count), compared between builds (``Fact``), so
that a listing of 2,000 deals is not rendered again for every change to one of them.

Page kinds see the renderer only as ``PageContext``: the protocol below names everything
they use of it, and the renderer (render/renderer.py) satisfies it. So pages/ never imports
the renderer, and a kind's needs are written down in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup

from ..content.model import Article, Company, Content, Deal, PartialDate, Question, Source, Text
from ..settings import SiteConfig
from . import social_image
from .structured_data import Node


class Citations:
    """The numbered source list of one page, filled in the order the page cites.

    Keys with a "/" are a deal's sources cited on an article; the others are the page's
    own. The same publication listed by an article and by its deal gets one number, and
    the list shows the article's own entry: a deal's never replaces it.
    """

    def __init__(self, sources: dict[str, Source]):
        self.sources = sources
        self.entries: list[Source] = []
        self._identity: dict[tuple[Any, ...], int] = {}
        self._own: set[int] = set()  # numbers whose entry is the page's own source

    def number(self, key: str) -> int:
        source = self.sources[key]
        own = "/" not in key
        identity = (source.url,) if source.url else (
            tuple(sorted(source.publisher.versions.items())) if source.publisher else None,
            source.author, source.title, source.kind, source.published)
        number = self._identity.get(identity)
        if number is None:
            self.entries.append(source)
            number = self._identity[identity] = len(self.entries)
        elif own and number not in self._own:
            self.entries[number - 1] = source
        if own:
            self._own.add(number)
        return number

    def __call__(self, refs: Iterable[str], prefix: str = "") -> Markup:
        numbers = sorted({self.number(prefix + ref) for ref in refs})
        links = ", ".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
        return Markup(f'<sup class="cite">[{links}]</sup>')


@dataclass(frozen=True)
class PageParts:
    """What the renderer makes one Markdown page from, besides its template and path.

    ``title`` heads the page; ``meta`` holds its description (the full summary: the head
    gets the sentences that fit) and dates; ``sources`` are what its citations number;
    ``switch`` and ``versions`` its addresses in each language (the language menu; the
    versions that exist, for hreflang); ``structured`` makes its schema.org data from the
    sources the page cited and its short description; ``own_feed`` and ``image`` go into
    its head; ``story``: a news article to search engines and link previews, with its own
    dates; ``explain_terms``: the glossary's terms explained where first used;
    ``template`` is what the template gets of its own."""

    title: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    switch: Mapping[str, str] | None = None
    versions: Mapping[str, str] | None = None
    structured: Callable[[Citations, str], list[Node]] | None = None
    own_feed: Mapping[str, str] | None = None
    image: Mapping[str, Any] | None = None
    story: bool = False
    explain_terms: bool = False
    template: Mapping[str, Any] = field(default_factory=dict)

    # The keys of a kind's context that are parts of the page, not the template's own.
    PARTS = ("title", "meta", "sources", "switch", "versions", "structured", "own_feed",
             "image")

    @classmethod
    def of(cls, context: Mapping[str, Any], *, story: bool, explain_terms: bool) -> PageParts:
        """A kind's context split into the page's parts and what its template gets (the
        title goes to both: the template prints it as the heading)."""
        parts = {key: context[key] for key in cls.PARTS if context.get(key) is not None}
        own = {key: value for key, value in context.items() if key not in cls.PARTS}
        return cls(**parts, story=story, explain_terms=explain_terms, template=own)


class LanguageWords(Protocol):
    """What page kinds use of a language's words (render/renderer.py's ``Words``)."""

    def status_label(self, status: str) -> str: ...

    def sort_key(self, text: str) -> tuple[str, str]: ...

    def languages_named(self, codes: Iterable[str]) -> str: ...


class PageContext(Protocol):
    """Everything a page kind uses of the renderer of one language: the content and the
    site, the language's words, the pieces every page shares, and stores for what several
    pages (``shared``) or several renders (``reused``) reuse. The renderer passes itself
    as this to every kind's ``items``, ``context``, ``depends_on`` and ``write``; mypy
    checks there that it has all of it."""

    @property
    def content(self) -> Content: ...

    @property
    def config(self) -> SiteConfig: ...

    @property
    def lang(self) -> str: ...

    @property
    def words(self) -> LanguageWords: ...

    @property
    def deals(self) -> list[Deal]: ...

    @property
    def deals_by_year(self) -> list[tuple[int, list[Deal]]]: ...

    @property
    def articles(self) -> list[Article]: ...

    @property
    def missing_articles(self) -> list[Article]: ...

    def gettext(self, message: str) -> str: ...

    def shared(self, name: str, make: Callable[[], Any]) -> Any: ...

    def reused(self, name: str, key: str, make: Callable[[], Any], *,
               same: tuple[object, ...] = (), equal: object = None) -> Any: ...

    def money(self, money: Any) -> str: ...

    def day(self, when: PartialDate) -> str: ...

    def language_name(self, code: str) -> str: ...

    def name(self, text: Text) -> str: ...

    def plain(self, text: Text) -> str: ...

    def latest_deals(self) -> list[Deal]: ...

    def first_sentence(self, text: Text) -> str: ...

    def first_sentence_marked(self, text: Text, *, full_stop: bool = True) -> Markup: ...

    def absolute(self, path: str, lang: str | None = None) -> str: ...

    def publisher_name(self) -> str: ...

    def ask_link(self, title: str) -> Markup | None: ...

    def organizations(self, companies: Iterable[Company]) -> list[Node]: ...

    def citations(self, cite: Citations) -> list[Node]: ...

    def faq_page(self, url: str, faq: list[Question]) -> list[Node]: ...

    def article_body(self, article: Article) -> Any: ...


# What a page is made from: (kind of record, id). A deal is ("deal", id), a company
# ("company", id), an author ("author", id), an article ("article", "<slug>.<lang>", its
# file's name). ALL in place of the id: every record of that kind, and which there are.
# ("fact", name): one of FACTS.
Dependency = tuple[str, str]
ALL = "*"
FACT = "fact"

# The site's single files (load.FILES) count as one record each: ("topics", ALL).
TOPICS: Dependency = ("topics", ALL)

# Every page explains the glossary's terms where it first uses them (render/renderer.py).
GLOSSARY: Dependency = ("glossary", ALL)


def _one(_renderer: PageContext) -> Iterable[Any]:
    return (None,)


def settings_only(_r: PageContext, _item: Any) -> Iterable[Dependency]:
    """What a page that shows the settings and nothing of the content depends on: nothing
    a record can change (a change of settings renders every page again)."""
    return ()


@dataclass(frozen=True)
class PageKind:
    name: str
    # Where a page of this kind goes below its language's folder; {field} is filled in from
    # ``address(item)``.
    path: str
    # The template in templates/pages/ (None: a file no template makes, written by ``write``).
    template: str | None
    in_nav: bool
    # What the template gets besides what every page gets: the page's parts (PageParts:
    # title, meta, sources, structured…) and the template's own, split by PageParts.of.
    context: Callable[[PageContext, Any], dict[str, Any]] = field(
        default=lambda _r, _item: {})
    # The pages of this kind in a language: one item each (the default: one page).
    items: Callable[[PageContext], Iterable[Any]] = _one
    # The fields of the path rule for an item.
    address: Callable[[Any], Mapping[str, object]] = field(default=lambda _item: {})
    # What an item's page shows, and so which records' changes can change it.
    depends_on: Callable[[PageContext, Any], Iterable[Dependency]] = settings_only
    # Whether what a page of this kind depends on differs between languages (its articles,
    # say); else the dependencies found in one language hold in every other.
    needs_language: bool = False
    # A news story (a briefing, an article): og:type article, its dates in the head.
    story: bool = False
    # For a file without a template: its text, its bytes (a picture copied), or a picture
    # drawn when the writer needs it.
    write: Callable[[PageContext, Any], str | bytes | social_image.Picture] | None = None
    # Whether its text explains the glossary's terms on first use (every page of text but
    # the glossary itself).
    explains_terms: bool = True

    def path_of(self, item: Any) -> str:
        return self.path.format(**self.address(item))

    def dependencies(self, r: PageContext, item: Any) -> frozenset[Dependency]:
        """What an item's page depends on: its own declaration, and for every page of
        text the glossary, whose terms it explains where it first uses them."""
        declared = frozenset(self.depends_on(r, item))
        return declared | {GLOSSARY} if self.explains_terms and self.is_markdown else declared

    @property
    def glob(self) -> str:
        """The paths of this kind as a pattern: ``deals/*.md``."""
        return re.sub(r"\{[^}]*\}", "*", self.path)

    @property
    def is_markdown(self) -> bool:
        return self.template is not None


def deal_key(deal: Deal) -> Dependency:
    return ("deal", deal.id)


def company_key(company: Company) -> Dependency:
    return ("company", company.id)


def article_key(article: Article) -> Dependency:
    return ("article", f"{article.slug}.{article.lang}")


@dataclass(frozen=True)
class Fact:
    """A summary of every record of some kinds, which listing pages show: ``part`` is what
    one record adds to it and reads only that record (so after a change only the changed
    records' parts are made again), ``summary`` makes the fact from every record's part,
    keyed by (kind, id). A page that depends on a fact is rendered again when the fact
    differs from the last build's. A fact ``of`` another is made from that one's value
    (``summary`` gets it, not the parts): what a listing shows of a costlier summary."""

    name: str
    kinds: tuple[str, ...]
    part: Callable[[Any], Any]
    summary: Callable[[Any], Any]
    of: Fact | None = None


def fact(of: Fact) -> Dependency:
    return (FACT, of.name)


def records_of(content: Content, kind: str) -> Mapping[str, Any]:
    """The records of one kind by id: what a fact summarizes."""
    if kind == "deal":
        return content.deals
    if kind == "company":
        return content.companies
    if kind == "author":
        return content.authors
    return {f"{a.slug}.{a.lang}": a for a in content.articles}
