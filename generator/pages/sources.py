"""The sources index: every source the briefings and articles of a language cite, with the
pages citing it; on a large site, a page per period (and per part of a period), planned
from the records' citations alone and kept between renders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content import periods
from ..content.model import Article, Deal, Source
from . import paths
from .common import part_links, period_name, with_part
from .kind import ALL, Dependency, Fact, PageContext, PageKind, article_key, deal_key, fact
from .paths import article_path, deal_path

# Above this many sources the sources index lists years (months, days: periods.py), each
# with a page of its sources; a source names at most this many pages citing it.
SOURCE_ROWS = 100
CITED_ROWS = 10


def _sources_index_needs(r: PageContext, _item: None) -> Iterable[Dependency]:
    if _language_source_plan(r)[0] is None:  # one page lists every source
        yield from (("deal", ALL), ("article", ALL))
    yield fact(SOURCE_COUNTS)  # else the periods and their numbers of sources


# The sources index's pages, and how many sources each lists (a large site's index).
SOURCE_COUNTS = Fact("source-counts", ("deal", "article"), lambda record: _source_part(record),
                     lambda parts: _source_plans(parts))


SOURCE_PAGES = Fact("source-pages", (), lambda _record: None, of=SOURCE_COUNTS,
                    summary=lambda plans: [(lang, list(counts)) for lang, counts in plans])


def source_key(source: Source) -> tuple[str, ...]:
    """What makes two records' sources one source: its address, or without one, who
    published what under which title on which day."""
    if source.url:
        return (source.url,)
    publisher = source.publisher.versions if source.publisher else {}
    return ("", *sorted(f"{k}={v}" for k, v in publisher.items()), source.title or "",
            source.author or "", source.published.iso if source.published else "")


@dataclass
class CitedSource:
    """A source as the sources index lists it: the first citing record's version of it,
    the period its page lists it in (the earliest of its records' dates, so that the fact
    below and the pages agree), and every briefing and article citing it."""

    source: Source
    period: periods.Period
    cited_in: list[tuple[str, str]] = field(default_factory=list)  # (title, path)
    citing: set[Dependency] = field(default_factory=set)


SourceKey = tuple[str, ...]


def _cited_by(record: Deal | Article) -> list[Source]:
    """The sources a briefing or an article cites: an article's own, and the sources of
    deals it cites in its body or shows in its key facts."""
    if isinstance(record, Article):
        # A deal's source the article also lists as its own is one source, cited once.
        found = {source_key(s): s for s in record.cited_deal_sources}
        found.update((source_key(s), s) for s in record.sources.values())
        return list(found.values())
    return list(record.sources.values())


def _citations(record: Deal | Article) -> frozenset[tuple[SourceKey, periods.Period]]:
    return frozenset((source_key(source), periods.of_date(source.published))
                     for source in _cited_by(record))


def _earliest(citations: Iterable[tuple[SourceKey, periods.Period]],
              start: Mapping[SourceKey, periods.Period] | None = None) -> dict[
        SourceKey, periods.Period]:
    """Each source's date as the sources index takes it: the earliest its citations give."""
    earliest = dict(start or {})
    for key, when in citations:
        if key not in earliest or when < earliest[key]:
            earliest[key] = when
    return earliest


def source_plan(dates: Mapping[SourceKey, periods.Period]) -> tuple[
        tuple[periods.Period, ...] | None, dict[periods.Period, int]]:
    """The sources index's pages (None: one page lists every source) and how many sources
    each lists, from the date of each source a language's briefings and articles cite."""
    dated = Counter(dates.values())
    plan = periods.plan(dated, SOURCE_ROWS)
    return plan, periods.on_pages(dated, plan) if plan else {}


def _citing_records(r: PageContext) -> list[tuple[Dependency, Deal | Article]]:
    """The briefings and articles whose sources the language's index lists, in the order
    that gives each source its first citing record's version and its list of citing pages."""
    found: list[tuple[Dependency, Deal | Article]] = r.shared("citing-records", lambda: [
        *((deal_key(d), d) for d in r.deals), *((article_key(a), a) for a in r.articles)])
    return found


def _record_sources(r: PageContext, record_key: Dependency, record: Deal | Article
                    ) -> tuple[list[tuple[SourceKey, periods.Period, Source]],
                               tuple[tuple[SourceKey, periods.Period], ...]]:
    """A record's sources with their keys and dates, and its citations alone (keys and
    dates), made again only for a record that changed since the last render (a preview
    plans the index on every save)."""
    def make() -> tuple[list[tuple[SourceKey, periods.Period, Source]],
                        tuple[tuple[SourceKey, periods.Period], ...]]:
        listed = [(source_key(source), periods.of_date(source.published), source)
                  for source in _cited_by(record)]
        return listed, tuple((key, when) for key, when, _s in listed)
    found: tuple[list[tuple[SourceKey, periods.Period, Source]],
                 tuple[tuple[SourceKey, periods.Period], ...]] = r.reused(
        "record-sources", "/".join(record_key), make, same=(record,))
    return found


@dataclass(frozen=True)
class SourceLayout:
    """Where a language's sources index lists each source, made from the records'
    citations alone (no titles): the pages (None: one page lists every source) with how
    many sources each lists, the page of each source, and the records citing the sources
    of each page (what the page depends on)."""

    plan: tuple[periods.Period, ...] | None
    counts: dict[periods.Period, int]
    page_of: dict[SourceKey, periods.Period]
    citing: dict[periods.Period, frozenset[Dependency]]


def _source_layout(r: PageContext) -> SourceLayout:
    def make() -> SourceLayout:
        cited = [(key, _record_sources(r, key, record)[1]) for key, record in
                 _citing_records(r)]
        # A save that changes no record's citations (a headline, say) keeps the layout:
        # at 2,000 deals making it again took a tenth of a second per language.
        layout: SourceLayout = r.reused("source-layout", r.lang, lambda: _laid_out(cited),
                                        equal=cited)
        return layout
    found: SourceLayout = r.shared("source-layout", make)
    return found


def _laid_out(cited: list[tuple[Dependency, tuple[tuple[SourceKey, periods.Period], ...]]]
              ) -> SourceLayout:
    """Where the index lists each source, from the records' citations alone."""
    earliest = _earliest(citation for _key, citations in cited for citation in citations)
    plan, counts = source_plan(earliest)
    page_of: dict[SourceKey, periods.Period] = {}
    citing: dict[periods.Period, set[Dependency]] = {}
    if plan is not None:
        planned = set(plan)
        page_of = {key: periods.page_of(when, planned) for key, when in earliest.items()}
        for record_key, citations in cited:
            for key, _when in citations:
                citing.setdefault(page_of[key], set()).add(record_key)
    return SourceLayout(plan, counts, page_of,
                        {page: frozenset(keys) for page, keys in citing.items()})


def _cited_entries(r: PageContext, page: periods.Period | None) -> list[CitedSource]:
    """The sources one page of the index lists (None: every source), each with the
    briefings and articles citing it, in the order of ``_citing_records``."""
    layout = _source_layout(r)
    wanted = None if page is None else layout.citing.get(page, frozenset())
    found: dict[SourceKey, CitedSource] = {}
    for record_key, record in _citing_records(r):
        if wanted is not None and record_key not in wanted:
            continue
        if isinstance(record, Deal):
            title, path = r.name(record.headline), deal_path(record)
        else:
            title, path = record.title, article_path(record)
        for key, when, source in _record_sources(r, record_key, record)[0]:
            if page is not None and layout.page_of[key] != page:
                continue
            entry = found.get(key)
            if entry is None:
                entry = found[key] = CitedSource(source, when)
            elif when < entry.period:
                entry.period = when
            entry.cited_in.append((title, path))
            entry.citing.add(record_key)
    return list(found.values())


def _language_source_plan(r: PageContext) -> tuple[
        tuple[periods.Period, ...] | None, dict[periods.Period, int]]:
    layout = _source_layout(r)
    return layout.plan, layout.counts


def _source_plans(parts: Mapping[Dependency, tuple[str, frozenset[Any]]]) -> list[
        tuple[str, dict[periods.Period, int]]]:
    """Each language's sources index pages with their numbers of sources ("": a language
    without articles of its own, whose index lists the briefings' sources only)."""
    every = _earliest(c for lang, cited in parts.values() if not lang for c in cited)
    own: dict[str, list[tuple[SourceKey, periods.Period]]] = {}
    for lang, cited in parts.values():
        if lang:
            own.setdefault(lang, []).extend(cited)
    return [(lang, source_plan(_earliest(own.get(lang, ()), every))[1])
            for lang in ["", *sorted(own)]]


def _source_part(record: Deal | Article) -> tuple[str, frozenset[Any]]:
    return (record.lang if isinstance(record, Article) else "", _citations(record))


def _sources_index(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    plan = _language_source_plan(r)[0]
    listed = [] if plan else _cited_entries(r, None)
    return {"title": _("Sources"), "cited_sources": _in_order(r, listed),
            "period_links": _source_period_links(r, ()) if plan else [],
            "cited_rows": CITED_ROWS,
            "meta": {"description": _("Every source our briefings and articles cite, with "
                                      "the pages that cite it.")}}


def _in_order(r: PageContext, entries: Iterable[CitedSource]) -> list[CitedSource]:
    def order(entry: CitedSource) -> tuple[Any, ...]:
        source = entry.source
        publisher = r.name(source.publisher) if source.publisher else source.author or ""
        return (r.words.sort_key(publisher), r.words.sort_key(source.title or ""),
                source.published.iso if source.published else "")
    return sorted(entries, key=order)


def _source_period_links(r: PageContext, inside: periods.Period) -> list[
        tuple[str, str, int]]:
    """The pages of the periods directly inside ``inside`` (for (): the years, and the
    sources without a date), each with its number of sources, those inside it included."""
    plan, counts = _language_source_plan(r)
    total = periods.totals(counts)
    inner = [p for p in plan or () if not p and not inside] + periods.within(inside, plan or ())
    return [(period_name(r, p), sources_period_path(p), total[p]) for p in inner]


def _sources_periods(r: PageContext) -> Iterable[periods.Period]:
    """Each period's page of sources, and where more sources than SOURCE_ROWS are dated
    no more precisely than the period (a year's, or one day's), its further parts."""
    plan, counts = _language_source_plan(r)
    for period in plan or ():
        yield period
        for number in range(2, -(-counts.get(period, 0) // SOURCE_ROWS) + 1):
            yield (*period, -number)


def _sources_in(r: PageContext, period: periods.Period) -> list[CitedSource]:
    found: list[CitedSource] = r.shared(f"sources-on-{periods.address(period)}",
                                        lambda: _cited_entries(r, period))
    return found


def _sources_period(r: PageContext, part: periods.Period) -> dict[str, Any]:
    _ = r.gettext
    period = periods.base(part)
    name = period_name(r, period)
    if not period:
        title = _("Sources without a date")
    elif len(period) == 1:
        title = _("Sources published in %(year)s") % {"year": name}
    elif len(period) == 2:
        title = _("Sources published in %(month)s") % {"month": name}
    else:
        title = _("Sources published on %(day)s") % {"day": name}
    # A part of the period's page lists its share of the sources in the page's order.
    number = periods.part_of(part)
    entries = _in_order(r, _sources_in(r, period))[
        (number - 1) * SOURCE_ROWS:number * SOURCE_ROWS]
    finer = _source_period_links(r, period) if period and number == 1 else []
    dates = [record.last_changed for entry in entries for key in entry.citing
             if (record := _record(r, key)) is not None]
    pages: list[tuple[periods.Period, list[Any]]] = [(other, []) for other in
                                                      _sources_periods(r)]
    return {"title": with_part(title, part, pages), "cited_sources": entries, "finer": finer,
            "parts": part_links(pages, part, sources_period_path),
            "cited_rows": CITED_ROWS, "index_path": SOURCES.path,
            "meta": {"description": _("The sources of our briefings and articles published "
                                      "in this period, with the pages that cite them."),
                     "lastmod": max(dates).iso if dates else None}}


def _record(r: PageContext, key: Dependency) -> Deal | Article | None:
    kind, ident = key
    if kind == "deal":
        return r.content.deals.get(ident)
    return next((a for a in r.articles if article_key(a) == key), None)


def _sources_period_needs(r: PageContext,
                          period: periods.Period) -> Iterable[Dependency]:
    layout = _source_layout(r)
    page = periods.base(period)
    if page and periods.part_of(period) == 1 and periods.within(page, layout.plan or ()):
        # A year's page links its months' pages with their numbers of sources: a
        # citation saved in a month changes this page too (SOURCE_PAGES keeps only
        # which pages there are, not their numbers).
        yield fact(SOURCE_COUNTS)
    else:
        yield fact(SOURCE_PAGES)  # which sources this page lists, and the pages beside it
    yield from layout.citing.get(page, ())


SOURCES = PageKind("sources", paths.SOURCES, "sources_index.md.j2", in_nav=False,
                   context=_sources_index, depends_on=_sources_index_needs,
                   needs_language=True)


SOURCES_PERIOD = PageKind(
    "sources-period", paths.SOURCES_PERIOD, "sources_period.md.j2", in_nav=False,
    context=_sources_period, items=_sources_periods,
    address=lambda period: {"period": periods.address(period)},
    depends_on=_sources_period_needs, needs_language=True)


def sources_period_path(period: periods.Period) -> str:
    return SOURCES_PERIOD.path_of(period)
