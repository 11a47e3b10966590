"""Typed content, built from documents that passed the check.

Construction assumes valid input: every reference resolves and every field has the type
its schema promises. Cross-links (a company's deals, a deal's articles) are filled in here
once, so templates only read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from ..schemas import CITATION
from . import pictures
from .load import Document

UNCONFIRMED_STATUSES = frozenset({"rumoured", "talks"})
# Statuses the parties themselves confirm: each rests on a source of a party's own, or the
# page says whose report it rests on („laut …“; editorial.check_party_sources).
PARTY_CONFIRMED_STATUSES = ("announced", "signed", "completed")


@dataclass(frozen=True)
class Text:
    """A text in one or more languages."""

    versions: dict[str, str]

    def get(self, lang: str) -> str | None:
        return self.versions.get(lang, self.versions.get("*"))

    def fallback_language(self, lang: str, languages: tuple[str, ...]) -> str:
        """The language to show when ``lang`` has no version: the first one that does."""
        if lang in self.versions or "*" in self.versions:
            return lang
        return next(code for code in languages if code in self.versions)

    @classmethod
    def of(cls, value: Any) -> Text:
        if isinstance(value, str):
            return cls({"*": value})
        return cls(dict(value))

    def is_neutral(self) -> bool:
        return "*" in self.versions


class PartialDate(NamedTuple):
    """A date known to the day, the month or only the year.

    A tuple, so that dates compare and sort as fast as tuples do: the listings of a large
    site sort thousands of them on every build (a dataclass compared them in Python)."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)

    @property
    def iso(self) -> str:
        return "-".join([f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p])

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def as_date(self) -> date:
        """The day itself; only for a date known to the day (never a filled-in day)."""
        if not self.day:
            raise ValueError(f"{self.iso} is not known to the day")
        return date(self.year, self.month, self.day)


def review_overdue(reviewed: PartialDate, today: date, after_days: int) -> bool:
    """Whether a record last checked against its sources on ``reviewed`` is due for a new
    check on ``today``: it may be out of date."""
    return (today - reviewed.as_date()).days > after_days


@dataclass(frozen=True)
class Money:
    currency: str
    qualifier: str  # exact, about, at-least, up-to, range
    value: int | None
    min: int | None
    max: int | None
    sources: tuple[str, ...]
    computed: bool = False  # our own sum of figures in the sources: shown as our calculation

    @property
    def sort_value(self) -> int:
        return self.value if self.value is not None else (self.max or 0)


@dataclass(frozen=True)
class Source:
    """A source as readers see it. Editors' ``remarks`` are left out on purpose: nothing
    that renders a page or a published file can reach them."""

    id: str
    publisher: Text | None
    language: str
    title: str | None = None
    author: str | None = None
    kind: str | None = None  # filing, press-release, print-edition, analysis: a document
    published: PartialDate | None = None
    url: str | None = None
    accessed: PartialDate | None = None


@dataclass(frozen=True)
class Company:
    id: str
    name: Text
    description: Text
    legal_name: str | None = None
    file: str = ""
    deals: list[tuple[Deal, str]] = field(default_factory=list, compare=False, hash=False)


@dataclass(frozen=True)
class Author:
    id: str
    name: Text
    bio: Text
    kind: str = "person"  # or "organization": a desk
    byline: Text | None = None  # in full, where "By <name>" would not read: a desk's


@dataclass(frozen=True)
class Party:
    company: Company
    role: str
    sources: tuple[str, ...]
    amount: Money | None = None  # its own amount, where a source gives it


@dataclass(frozen=True)
class Cited:
    """A text with the sources that back it: a key point, a condition, a paragraph on why
    a deal matters, a risk, what comes next."""

    text: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Tranche:
    label: Text
    amount: Money
    conditional: bool = False
    date: PartialDate | None = None  # when it was committed, where known


@dataclass(frozen=True)
class Correction:
    """What was wrong and what is right (Pressekodex, Ziffer 3), dated the day it was made."""

    date: PartialDate
    text: Text
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stake:
    holder: Company
    percent: Decimal
    qualifier: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    date: PartialDate
    text: Text
    status: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    question: Text
    answer: Text
    sources: tuple[str, ...]
    from_reader: bool = False  # a reader sent it in: labelled so on the page


@dataclass(frozen=True)
class Term:
    """A term of the glossary: its name, the other forms pages use, and what it means."""

    id: str
    term: Text
    definition: Text
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, lang: str) -> tuple[str, ...]:
        """The term and its other forms in one language, as pages may write them."""
        name = self.term.get(lang)
        return ((name,) if name else ()) + self.forms.get(lang, ())


@dataclass
class Deal:
    id: str
    kind: str
    headline: Text
    summary: Text
    status: str
    as_of: PartialDate
    published: PartialDate
    reviewed: PartialDate
    parties: list[Party]
    timeline: list[Event]
    faq: list[Question]
    sources: dict[str, Source]
    author: Author
    gist: list[Cited]
    updated: PartialDate | None = None
    why_it_matters: list[Cited] = field(default_factory=list)
    risks: list[Cited] = field(default_factory=list)
    whats_next: list[Cited] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    amount: Money | None = None
    tranches: list[Tranche] = field(default_factory=list)
    round_size: Money | None = None
    valuation: Money | None = None
    valuation_basis: str | None = None
    stake: Stake | None = None
    conditions: list[Cited] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[Deal] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    file: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status not in UNCONFIRMED_STATUSES

    @property
    def first_reported(self) -> PartialDate:
        return self.timeline[0].date

    @property
    def status_event(self) -> Event:
        """The latest event that set the current status."""
        return next(e for e in reversed(self.timeline) if e.status)

    def companies_in(self, *roles: str) -> list[Company]:
        return [p.company for p in self.parties if p.role in roles]

    @property
    def last_changed(self) -> PartialDate:
        """The day of the last substantive change: ``updated``, or a later correction."""
        return _last_changed(self.published, self.updated, self.corrections)

    @property
    def key_fact_sources(self) -> list[str]:
        """The sources the key facts table cites (templates/pages/_key_facts.md.j2)."""
        cited = [s for p in self.parties for s in p.sources]
        cited += [*self.status_event.sources, *self.timeline[0].sources]
        moneys = [self.amount, self.round_size, self.valuation, *(t.amount for t in self.tranches)]
        cited += [s for m in moneys if m is not None for s in m.sources]
        cited += list(self.stake.sources) if self.stake else []
        return list(dict.fromkeys(cited))

    @property
    def parts_total(self) -> Money | None:
        """The sum of the tranches, our calculation, where the record gives no amount (a
        sum we computed is never the headline amount): None unless there are two or more
        parts, each with a value, in one currency. As precise as its least precise part."""
        parts = [t.amount for t in self.tranches]
        if self.amount is not None or len(parts) < 2 or any(p.value is None for p in parts) or (
                len({p.currency for p in parts}) != 1):
            return None
        qualifiers = {p.qualifier for p in parts}
        qualifier = ("exact" if qualifiers == {"exact"} else "up-to" if qualifiers <= {
            "exact", "up-to"} else "at-least" if qualifiers <= {"exact", "at-least"} else "about")
        sources = tuple(dict.fromkeys(s for p in parts for s in p.sources))
        return Money(parts[0].currency, qualifier, sum(p.value or 0 for p in parts), None, None,
                     sources, computed=True)

    @property
    def status_reported_by(self) -> list[Text]:
        """Whose reports a status the parties would confirm rests on, when no source of the
        event that set it is a party's own (published under a party's name or legal name):
        the page then says „laut <publisher>“. Empty when a party's own source backs it."""
        if self.status not in PARTY_CONFIRMED_STATUSES:
            return []
        names = set()
        for party in self.parties:
            names |= set(party.company.name.versions.values())
            if party.company.legal_name:
                names.add(party.company.legal_name)
        cited = [self.sources[s] for s in self.status_event.sources if s in self.sources]
        if any(s.publisher and names & set(s.publisher.versions.values()) for s in cited):
            return []
        found: list[Text] = []
        for source in cited:
            who = source.publisher or Text.of(source.author or "")
            if who not in found:
                found.append(who)
        return found

    @property
    def has_conditional_tranche(self) -> bool:
        return any(t.conditional for t in self.tranches)


@dataclass
class Figure:
    """A picture an article shows: a file kept in content/images/, with its bytes (the
    loader read them; the writer publishes them beside the pages)."""
    id: str
    file: str  # below content/: images/<name>
    alt: str
    credit: str
    caption: str | None
    width: int
    height: int
    data: bytes = field(repr=False, compare=False)


@dataclass
class Article:
    slug: str
    lang: str
    title: str
    summary: str
    published: PartialDate
    updated: PartialDate | None
    reviewed: PartialDate
    author: Author
    deals: list[Deal]  # the deals it is about: their pages list it
    translation_key: str
    sources: dict[str, Source]
    faq: list[Question]
    tags: list[str]
    body: str
    file: str = ""
    key_facts: Deal | None = None  # the deal the article is about, said in its front matter
    # Title and summary in the languages the article is not written in: (title, summary).
    other_languages: dict[str, tuple[str, str]] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    translations: dict[str, Article] = field(default_factory=dict)  # other languages
    figures: dict[str, Figure] = field(default_factory=dict)  # by id, as the body names them
    # Deals it mentions (and may cite) without being about them: their pages do not list it.
    mentions: list[Deal] = field(default_factory=list)

    @property
    def cited_deals(self) -> list[Deal]:
        """Every deal whose sources the article may cite: those it is about, those it
        mentions."""
        return [*self.deals, *(d for d in self.mentions if d not in self.deals)]

    @property
    def cited_deal_sources(self) -> list[Source]:
        """The sources of deals the article cites: in its body ([@deal-id/source-id]) and
        in the key facts it shows. The sources index lists the article beside them."""
        deals = {deal.id: deal for deal in self.cited_deals}
        found: dict[str, Source] = {}
        for match in CITATION.finditer(self.body):
            deal_id, _slash, source_id = match.group(1).partition("/")
            deal = deals.get(deal_id)
            if deal is not None and source_id in deal.sources:
                found.setdefault(match.group(1), deal.sources[source_id])
        if self.key_facts is not None:
            for source_id in self.key_facts.key_fact_sources:
                if source_id in self.key_facts.sources:
                    found.setdefault(f"{self.key_facts.id}/{source_id}",
                                     self.key_facts.sources[source_id])
        return list(found.values())

    @property
    def last_changed(self) -> PartialDate:
        """The day of the last substantive change: ``updated``, or a later correction."""
        return _last_changed(self.published, self.updated, self.corrections)


def _last_changed(published: PartialDate, updated: PartialDate | None,
                  corrections: list[Correction]) -> PartialDate:
    return max([updated or published, *(c.date for c in corrections)])


@dataclass
class Content:
    deals: dict[str, Deal]
    companies: dict[str, Company]
    authors: dict[str, Author]
    articles: list[Article]
    topics: dict[str, Text] = field(default_factory=dict)  # tag -> its words (the kicker)
    glossary: list[Term] = field(default_factory=list)

    def topic(self, tags: list[str]) -> Text | None:
        """The topic a page shows above its headline: its first tag that has words."""
        return next((self.topics[tag] for tag in tags if tag in self.topics), None)

    @property
    def newest_date(self) -> PartialDate | None:
        """The latest date anywhere in the content: the site's reproducible build date."""
        dates = [date for d in self.deals.values() for date in (d.as_of, d.last_changed,
                                                                 d.reviewed)]
        dates += [date for a in self.articles for date in (a.last_changed, a.reviewed)]
        return max(dates, default=None)


class MadeAnew:
    """How ``build_content`` gets each record's object: made anew every time, keeping
    nothing (a clean build). A preview's ``KeptModel`` (preview/kept_model.py) gives an
    unchanged document's object again instead."""

    def begin(self) -> None:
        """A call of ``build_content`` starts."""

    def made(self, doc: Document, make: Callable[[], Any]) -> tuple[Any, bool]:
        """The object of ``doc``, and whether it was made anew."""
        return make(), True

    def replaced(self, doc: Document, value: Any) -> None:
        """``doc``'s object was made anew after all (a company or author it links to
        changed): ``value`` is now its object."""

    def end(self) -> None:
        """Every record's object is made and linked."""


def build_content(documents: list[Document], kept: MadeAnew | None = None) -> Content:
    """The typed model of ``documents``. ``kept``: how each record's object is had; by
    default made anew. The links between records (a company's deals, related deals, a
    deal's articles, an article's translations) are made anew each time, so a model that
    reuses unchanged objects is what a build from nothing makes."""
    objects = kept if kept is not None else MadeAnew()
    objects.begin()
    renewed: set[tuple[str, str]] = set()  # (kind, id) of the records made anew

    def made(doc: Document, make: Callable[[], Any]) -> Any:
        value, new = objects.made(doc, make)
        if new:
            renewed.add((doc.kind, doc.data["id"] if doc.kind != "article" else doc.file))
        return value

    by_kind: dict[str, list[Document]] = {}
    for doc in documents:
        by_kind.setdefault(doc.kind, []).append(doc)

    companies: dict[str, Company] = {}
    for d in by_kind.get("company", []):
        companies[d.data["id"]] = made(d, partial(_company, d))
    authors: dict[str, Author] = {}
    for d in by_kind.get("author", []):
        authors[d.data["id"]] = made(d, partial(_author, d.data))
    new_companies = {ident for kind, ident in renewed if kind == "company"}
    new_authors = {ident for kind, ident in renewed if kind == "author"}
    deals: dict[str, Deal] = {}
    for d in by_kind.get("deal", []):
        deal = made(d, partial(_deal, d, companies, authors))
        if (new_companies or new_authors) and (("deal", deal.id) not in renewed) and (
                any(p.company.id in new_companies for p in deal.parties)
                or deal.stake and deal.stake.holder.id in new_companies
                or deal.author.id in new_authors):
            deal = _deal(d, companies, authors)  # a company or the author of it changed
            objects.replaced(d, deal)
            renewed.add(("deal", deal.id))
        deals[d.data["id"]] = deal
    for company in companies.values():
        company.deals.clear()
    for doc in by_kind.get("deal", []):
        deal = deals[doc.data["id"]]
        deal.related = [deals[r] for r in doc.data.get("related", [])]
        deal.articles = []
        roles = set()
        for party in deal.parties:
            if (party.company.id, party.role) not in roles:  # a role of a company once
                roles.add((party.company.id, party.role))
                party.company.deals.append((deal, party.role))

    new_deals = {ident for kind, ident in renewed if kind == "deal"}
    articles = []
    for d in by_kind.get("article", []):
        article = made(d, partial(_article, d, deals, authors))
        if (new_deals or new_authors) and ("article", d.file) not in renewed and (
                article.author.id in new_authors
                or any(deal.id in new_deals for deal in article.cited_deals)):
            article = _article(d, deals, authors)  # a deal or its author changed
            objects.replaced(d, article)
        articles.append(article)
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.translation_key, []).append(article)
        for deal in article.deals:
            deal.articles.append(article)
    for group in groups.values():
        for article in group:
            article.translations = {a.lang: a for a in group if a is not article}
    objects.end()
    # The topics and the glossary are one file each, made anew: a few dozen entries.
    topics = {t["id"]: Text.of(t["label"]) for d in by_kind.get("topics", [])
              for t in d.data["topics"]}
    glossary = [Term(t["id"], Text.of(t["term"]), Text.of(t["definition"]),
                     {lang: tuple(words) for lang, words in t.get("forms", {}).items()})
                for d in by_kind.get("glossary", []) for t in d.data["terms"]]
    return Content(deals=deals, companies=companies, authors=authors, articles=articles,
                   topics=topics, glossary=glossary)


def _sources(raw: list[dict[str, Any]]) -> dict[str, Source]:
    return {s["id"]: Source(
        id=s["id"], publisher=Text.of(s["publisher"]) if "publisher" in s else None,
        language=s["language"], title=s.get("title"), author=s.get("author"),
        kind=s.get("kind"),
        published=PartialDate.parse(s["published"]) if "published" in s else None,
        url=s.get("url"),
        accessed=PartialDate.parse(s["accessed"]) if "accessed" in s else None,
    ) for s in raw}


def _date(raw: dict[str, Any], key: str) -> PartialDate | None:
    return PartialDate.parse(raw[key]) if key in raw else None


def _corrections(raw: list[dict[str, Any]], lang: str | None = None) -> list[Correction]:
    """``lang``: an article's corrections are plain texts in the article's language."""
    return [Correction(PartialDate.parse(c["date"]),
                       Text({lang: c["text"]}) if lang else Text.of(c["text"]),
                       tuple(c.get("sources", ()))) for c in raw]


def _money(raw: dict[str, Any] | None) -> Money | None:
    if raw is None:
        return None
    return Money(currency=raw["currency"], qualifier=raw["qualifier"], value=raw.get("value"),
                 min=raw.get("min"), max=raw.get("max"), sources=tuple(raw["sources"]),
                 computed="computed" in raw)


def _company(doc: Document) -> Company:
    raw = doc.data
    return Company(id=raw["id"], name=Text.of(raw["name"]), description=Text.of(raw["description"]),
                   legal_name=raw.get("legal_name"), file=doc.file)


def _author(raw: dict[str, Any]) -> Author:
    return Author(id=raw["id"], name=Text.of(raw["name"]), bio=Text.of(raw["bio"]),
                  kind=raw.get("kind", "person"),
                  byline=Text.of(raw["byline"]) if "byline" in raw else None)


def _questions(raw: list[dict[str, Any]]) -> list[Question]:
    return [Question(Text.of(q["question"]), Text.of(q["answer"]), tuple(q["sources"]),
                     bool(q.get("reader_question", False))) for q in raw]


def _cited(raw: list[dict[str, Any]]) -> list[Cited]:
    return [Cited(Text.of(c["text"]), tuple(c["sources"])) for c in raw]


def _deal(doc: Document, companies: dict[str, Company], authors: dict[str, Author]) -> Deal:
    raw = doc.data
    round_ = raw.get("round", {})
    stake = raw.get("stake")
    return Deal(
        id=raw["id"], kind=raw["kind"], headline=Text.of(raw["headline"]),
        summary=Text.of(raw["summary"]), status=raw["status"],
        as_of=PartialDate.parse(raw["as_of"]),
        published=PartialDate.parse(raw["published"]), updated=_date(raw, "updated"),
        reviewed=PartialDate.parse(raw["reviewed"]),
        corrections=_corrections(raw.get("corrections", [])),
        parties=[Party(companies[p["company"]], p["role"], tuple(p["sources"]),
                       _money(p.get("amount")))
                 for p in raw["parties"]],
        timeline=[Event(PartialDate.parse(e["date"]), Text.of(e["event"]), e.get("status"),
                        tuple(e["sources"])) for e in raw["timeline"]],
        faq=_questions(raw["faq"]),
        sources=_sources(raw["sources"]),
        author=authors[raw["author"]],
        gist=_cited(raw["gist"]),
        why_it_matters=_cited(raw.get("why_it_matters", [])),
        risks=_cited(raw.get("risks", [])),
        whats_next=_cited(raw.get("whats_next", [])),
        amount=_money(raw.get("amount")),
        tranches=[Tranche(Text.of(t["label"]), _money(t["amount"]),  # type: ignore[arg-type]
                          bool(t.get("conditional", False)), _date(t, "date"))
                  for t in raw.get("tranches", [])],
        round_size=_money(round_.get("size")),
        valuation=_money(round_.get("valuation")),
        valuation_basis=round_.get("valuation_basis"),
        stake=Stake(companies[stake["holder"]], Decimal(str(stake["percent"])),
                    stake["qualifier"], tuple(stake["sources"])) if stake else None,
        conditions=_cited(raw.get("conditions", [])),
        tags=list(raw.get("tags", [])),
        file=doc.file,
    )


def _article(doc: Document, deals: dict[str, Deal], authors: dict[str, Author]) -> Article:
    raw = doc.data
    lang = doc.lang
    return Article(
        slug=doc.slug, lang=lang, title=raw["title"], summary=raw["summary"],
        published=PartialDate.parse(raw["published"]), updated=_date(raw, "updated"),
        reviewed=PartialDate.parse(raw["reviewed"]),
        author=authors[raw["author"]], deals=[deals[d] for d in raw["deals"]],
        mentions=[deals[d] for d in raw.get("mentions", [])],
        key_facts=deals[raw["key_facts"]] if "key_facts" in raw else None,
        other_languages={code: (other["title"], other["summary"])
                         for code, other in raw.get("other_languages", {}).items()},
        corrections=_corrections(raw.get("corrections", []), lang),
        translation_key=raw.get("translation_key", doc.slug),
        sources=_sources(raw["sources"]),
        faq=[Question(Text({lang: q["question"]}), Text({lang: q["answer"]}),
                      tuple(q["sources"]), bool(q.get("reader_question", False)))
             for q in raw["faq"]],
        tags=list(raw.get("tags", [])), body=doc.body.strip("\n"), file=doc.file,
        figures={image["id"]: Figure(
            id=image["id"], file=image["file"], alt=image["alt"], credit=image["credit"],
            caption=image.get("caption"), width=image["width"], height=image["height"],
            data=pictures.prepare(doc.files[image["file"]], f"content/{image['file']}").data)
            for image in raw.get("images", [])},
    )
