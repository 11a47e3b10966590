"""The page registry: every kind of page the site has, declared once.

A kind says where its pages go (a path rule such as ``deals/{id}.md``), which template makes
them and what that template is given, whether they are in the navigation, which pages of
the kind a language has, and which content each depends on. The renderer walks ``KINDS``
(render.py), the MkDocs plugin takes ``not_in_nav`` from it, the check takes the names no
record may use for its id (``reserved_names``), and the dependencies say which pages a
change to a record can touch: after a save, only those are rendered again (incremental.py;
tests hold the declarations to what rendering does).

A page depends on records, (kind, id), or on every record of a kind and which there are,
(kind, ALL), or on a fact: a summary of every record of a kind that a listing shows (the
years there are deals in, what the charts count), compared between builds (``FACTS``), so
that a listing of 2,000 deals is not rendered again for every change to one of them.

A new kind of page is an entry in ``KINDS``, its template in templates/pages/, and its
words in the catalogs.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..content import periods
from ..content.model import Article, Company, Content, Deal, Figure, PartialDate, Source
from ..rules import placeholders
from ..settings import Licence
from ..text.i18n import translations
from ..text.markup import address_href, escape_inline
from . import charts, feeds, open_data, page_head, social_image, structured_data

if TYPE_CHECKING:
    from ..render.renderer import Citations, LanguageRenderer
    from .structured_data import Node

# What a page is made from: (kind of record, id). A deal is ("deal", id), a company
# ("company", id), an author ("author", id), an article ("article", "<slug>.<lang>", its
# file's name). ALL in place of the id: every record of that kind, and which there are.
# ("fact", name): one of FACTS.
Dependency = tuple[str, str]
ALL = "*"
FACT = "fact"
# The site's single files (load.FILES) count as one record each: ("topics", ALL).
TOPICS: Dependency = ("topics", ALL)
# Every page explains the glossary's terms where it first uses them (render.py).
GLOSSARY: Dependency = ("glossary", ALL)

# Overviews stay readable at any size: above these numbers of deals, the deal overview
# and a company's page list the latest few and link to one page per year.
OVERVIEW_ROWS = 100
COMPANY_ROWS = 50
LINK_DEALS = 5  # deals named per link in a company's graph table: the newest
# Above this many sources the sources index lists years (months, days: periods.py), each
# with a page of its sources; a source names at most this many pages citing it.
SOURCE_ROWS = 100
YEAR_ROWS = 250  # deals on a year's page of the overview; above, a page per month
CITED_ROWS = 10
LATEST_ROWS = 20
COMPANY_LATEST_ROWS = 10
HOME_DEALS = 8
HOME_ARTICLES = 5

# Names MkDocs and Material give files of their own in each language's site.
MKDOCS_NAMES = ("404", "assets", "search", "sitemap")


def _one(_renderer: LanguageRenderer) -> Iterable[Any]:
    return (None,)


def settings_only(_r: LanguageRenderer, _item: Any) -> Iterable[Dependency]:
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
    # What the template gets besides what every page gets: the keyword arguments of
    # LanguageRenderer.render (title, meta, sources, structured…) and the template's own.
    context: Callable[[LanguageRenderer, Any], dict[str, Any]] = field(
        default=lambda _r, _item: {})
    # The pages of this kind in a language: one item each (the default: one page).
    items: Callable[[LanguageRenderer], Iterable[Any]] = _one
    # The fields of the path rule for an item.
    address: Callable[[Any], Mapping[str, object]] = field(default=lambda _item: {})
    # What an item's page shows, and so which records' changes can change it.
    depends_on: Callable[[LanguageRenderer, Any], Iterable[Dependency]] = settings_only
    # Whether what a page of this kind depends on differs between languages (its articles,
    # say); else the dependencies found in one language hold in every other.
    needs_language: bool = False
    # A news story (a briefing, an article): og:type article, its dates in the head.
    story: bool = False
    # For a file without a template: its text, its bytes (a picture copied), or a picture
    # drawn when the writer needs it.
    write: Callable[[LanguageRenderer, Any], str | bytes | social_image.Picture] | None = None
    # Whether its text explains the glossary's terms on first use (every page of text but
    # the glossary itself).
    explains_terms: bool = True

    def path_of(self, item: Any) -> str:
        return self.path.format(**self.address(item))

    def dependencies(self, r: LanguageRenderer, item: Any) -> frozenset[Dependency]:
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


# --- what pages depend on -----------------------------------------------------------------------

def deal_key(deal: Deal) -> Dependency:
    return ("deal", deal.id)


def company_key(company: Company) -> Dependency:
    return ("company", company.id)


def article_key(article: Article) -> Dependency:
    return ("article", f"{article.slug}.{article.lang}")


# The listings of a large site make these run a hundred thousand times a build: the keys
# are written out rather than made by deal_key and company_key.

def _deal_page_needs(_r: LanguageRenderer, deal: Deal) -> Iterable[Dependency]:
    yield ("deal", deal.id)
    yield ("author", deal.author.id)  # the byline and the box about the desk
    if deal.tags:
        yield TOPICS  # the kicker
    for party in deal.parties:  # their names and pages in the key facts
        yield ("company", party.company.id)
    for other in deal.related:  # headline, status and amount in "Related deals"
        yield ("deal", other.id)
    for article in deal.articles:  # "Articles on this deal"
        yield article_key(article)


def _company_page_needs(_r: LanguageRenderer, company: Company) -> Iterable[Dependency]:
    deals = {deal.id for deal, _role in company.deals}
    # The investor graph names every party of every deal.
    companies = {party.company.id for deal, _role in company.deals for party in deal.parties}
    companies.add(company.id)
    return [*(("deal", ident) for ident in deals),
            *(("company", ident) for ident in companies)]


def _company_year_needs(_r: LanguageRenderer,
                        item: tuple[Company, periods.Period]) -> Iterable[Dependency]:
    company, _period = item
    yield ("company", company.id)
    for deal, _role in company.deals:  # the period's deals, and the list of every period
        yield ("deal", deal.id)


def _article_page_needs(_r: LanguageRenderer, article: Article) -> Iterable[Dependency]:
    yield article_key(article)
    yield ("author", article.author.id)
    if article.tags:
        yield TOPICS  # the kicker
    for other in article.translations.values():  # the language menu, hreflang, JSON-LD
        yield article_key(other)
    for deal in article.cited_deals:  # key facts and citations of its sources
        yield from (deal_key(deal), *(company_key(p.company) for p in deal.parties))


def _company_feed_needs(_r: LanguageRenderer, company: Company) -> Iterable[Dependency]:
    yield company_key(company)  # its name in the feed's title
    for deal, _role in company.deals:
        yield deal_key(deal)
        for article in deal.articles:  # the articles on its deals, with their authors
            yield article_key(article)
            yield ("author", article.author.id)


def _notice_needs(_r: LanguageRenderer, article: Article) -> Iterable[Dependency]:
    yield article_key(article)
    for other in article.translations.values():
        yield article_key(other)


def _deals_year_needs(_r: LanguageRenderer,
                      item: tuple[periods.Period, list[Deal]]) -> Iterable[Dependency]:
    _period, deals_of_period = item
    yield from map(deal_key, deals_of_period)  # its rows, and its date in the sitemap
    yield fact(DEAL_PAGES)  # which deals it lists, and the links to every period


def _deals_index_needs(r: LanguageRenderer, _item: None) -> Iterable[Dependency]:
    if len(r.deals) <= OVERVIEW_ROWS:
        yield ("deal", ALL)  # every deal is listed
        return
    yield from map(deal_key, r.deals[:LATEST_ROWS])  # the newest: whichever they are
    yield from (fact(DEAL_PAGE_COUNTS), fact(AMOUNT_CHARTS), fact(NEWEST_DEAL_CHANGE))


def _companies_index_needs(_r: LanguageRenderer, _item: None) -> Iterable[Dependency]:
    yield ("company", ALL)  # every company's name
    yield from (fact(DEALS_PER_COMPANY), fact(NEWEST_DEAL_CHANGE))


def _home_needs(r: LanguageRenderer, _item: None) -> Iterable[Dependency]:
    yield from map(deal_key, r.latest_deals()[:HOME_DEALS])
    yield from map(article_key, r.articles[:HOME_ARTICLES])


def _sources_index_needs(r: LanguageRenderer, _item: None) -> Iterable[Dependency]:
    if _language_source_plan(r)[0] is None:  # one page lists every source
        yield from (("deal", ALL), ("article", ALL))
    yield fact(SOURCE_COUNTS)  # else the periods and their numbers of sources


def _feed_needs(r: LanguageRenderer, _item: None) -> Iterable[Dependency]:
    deals, articles = _feed_items(r)
    yield from map(deal_key, deals)
    for article in articles:
        yield from (article_key(article), ("author", article.author.id))


# --- facts: what listings show of every record -------------------------------------------------

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


def _first_reported(deal: Deal) -> periods.Period:
    return periods.of_date(deal.first_reported)


def deal_pages(dated: Mapping[periods.Period, int]) -> list[tuple[periods.Period, int]]:
    """A large site's deal pages, newest first, each with its number of deals: a page per
    year, and per month (or day) where a year (a month) has more than YEAR_ROWS deals."""
    plan = periods.plan(dated, YEAR_ROWS) or sorted({when[:1] for when in dated})
    return sorted(periods.on_pages(dated, plan).items(), reverse=True)


def _on_deal_pages(dated: list[tuple[Any, periods.Period]]) -> list[
        tuple[periods.Period, list[Any]]]:
    """Items (deals, or a company's deals with its roles), each with the period its deal
    was first reported in, on the pages ``deal_pages`` plans for them: newest page first,
    each page's items in the order given."""
    pages: dict[periods.Period, list[Any]] = {
        period: [] for period, _number in deal_pages(Counter(when for _item, when in dated))}
    plan = set(pages)
    for item, when in dated:
        pages[periods.page_of(when, plan)].append(item)
    # Deals dated no more precisely than a year (or on one day) cannot be split by date:
    # beyond YEAR_ROWS, the page goes on over numbered parts.
    return periods.paged(pages.items(), YEAR_ROWS)


def _part_links(pages: list[tuple[periods.Period, list[Any]]], period: periods.Period,
                path_of: Callable[[periods.Period], str]) -> list[tuple[str, str]]:
    """The parts of a period's page, as "1/3", "2/3", "3/3" with their pages (none for
    a page in one part)."""
    found = periods.parts(period, [other for other, _listed in pages])
    return [(f"{number}/{len(found)}", path_of(part))
            for number, part in enumerate(found, start=1)]


def _with_part(title: str, period: periods.Period,
               pages: list[tuple[periods.Period, list[Any]]]) -> str:
    """A page's title, with which part of its period's page it is, when there are parts."""
    found = periods.parts(period, [other for other, _listed in pages])
    return f"{title} ({found.index(period) + 1}/{len(found)})" if found else title


def _period_links(r: LanguageRenderer, pages: list[tuple[periods.Period, list[Any]]],
                  inside: periods.Period, path_of: Callable[[periods.Period], str]) -> list[
        tuple[str, str, int]]:
    """The pages of the periods directly inside ``inside`` (for (): the years), each with
    its number of entries, those of the pages inside it included."""
    total = periods.totals({period: len(listed) for period, listed in pages})
    return [(_period_name(r, period), path_of(period), total[period])
            for period in periods.within(inside, [period for period, _listed in pages])]


def _for_period(period: periods.Period, year: str, month: str, day: str) -> str:
    """Of a text's wordings for a year, a month and a day, the one for ``period`` (for a
    part of a period's page: the period's)."""
    return (year, month, day)[len(periods.base(period)) - 1]


def _roles(deal: Deal) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(p.company.id, p.role) for p in deal.parties}))


def _deals_per_company(parts: Mapping[Dependency, tuple[tuple[str, str], ...]]) -> Any:
    counts: dict[str, int] = {}
    for roles in parts.values():
        for company, _role in roles:  # a company's deals count each role it had once
            counts[company] = counts.get(company, 0) + 1
    return sorted(counts.items())


# A large site's deals by the period they were first reported in: the pages, each with
# its number of deals (the overview's table), and the pages alone (what each lists).
DEAL_PAGE_COUNTS = Fact("deal-page-counts", ("deal",), lambda deal: _first_reported(deal),
                        lambda parts: deal_pages(Counter(parts.values())))
DEAL_PAGES = Fact("deal-pages", (), lambda _record: None, of=DEAL_PAGE_COUNTS,
                  summary=lambda counts: [period for period, _number in counts])
AMOUNT_CHARTS = Fact("amount-charts", ("deal",), charts.chart_input,
                     lambda parts: charts.charted(parts.values()))
NEWEST_DEAL_CHANGE = Fact("newest-deal-change", ("deal",), lambda deal: deal.last_changed,
                          lambda parts: max(parts.values(), default=None))
DEALS_PER_COMPANY = Fact("deals-per-company", ("deal",), _roles, _deals_per_company)
# The day the open data are as of (open_data.generated_on): the newest date of any deal.
DATA_AS_OF = Fact("data-as-of", ("deal",),
                  lambda deal: max(deal.as_of, deal.last_changed, deal.reviewed),
                  lambda parts: max(parts.values(), default=None))
# The sources index's pages, and how many sources each lists (a large site's index).
SOURCE_COUNTS = Fact("source-counts", ("deal", "article"), lambda record: _source_part(record),
                     lambda parts: _source_plans(parts))
SOURCE_PAGES = Fact("source-pages", (), lambda _record: None, of=SOURCE_COUNTS,
                    summary=lambda plans: [(lang, list(counts)) for lang, counts in plans])
FACTS: tuple[Fact, ...] = (DEAL_PAGE_COUNTS, DEAL_PAGES, AMOUNT_CHARTS, NEWEST_DEAL_CHANGE,
                           DEALS_PER_COMPANY, DATA_AS_OF, SOURCE_COUNTS, SOURCE_PAGES)


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


# --- the pages' contexts -----------------------------------------------------------------------

def _deal(r: LanguageRenderer, deal: Deal) -> dict[str, Any]:
    path = deal_path(deal)

    def structured(cite: Citations, description: str) -> list[Node]:
        url = r.absolute(path)
        mentions = [structured_data.monetary_amount(
            deal.amount, r.gettext("Amount"), r.money(deal.amount))] if deal.amount else []
        article = structured_data.news_article(
            r.config, url=url, lang=r.lang, headline=r.name(deal.headline),
            description=description, published=deal.published,
            modified=deal.last_changed, publisher_name=r.publisher_name(),
            author=structured_data.publisher(r.config, r.publisher_name()),
            about=r.organizations(p.company for p in deal.parties),
            citations=r.citations(cite), mentions=mentions,
            translations={code: r.absolute(path, code) for code in r.config.languages},
            original=r.config.default_language)
        return [article, *r.faq_page(url, deal.faq)]

    return {"title": r.name(deal.headline), "deal": deal, "sources": deal.sources,
            "structured": structured, "topic": r.content.topic(deal.tags),
            "ask": r.ask_link(r.name(deal.headline)), "image": _deal_image_head(r, deal),
            "meta": {"description": r.plain(deal.summary),
                     **page_dates(deal.published, deal.last_changed)}}


def _deal_image_words(r: LanguageRenderer, deal: Deal) -> tuple[str, str, str | None]:
    """What the preview picture says: headline, status and key amount, in this language."""
    amount = r.money(deal.amount) if deal.amount else None
    return r.name(deal.headline), r.words.status_label(deal.status), amount


def _deal_image_head(r: LanguageRenderer, deal: Deal) -> dict[str, Any]:
    headline, status, amount = _deal_image_words(r, deal)
    _ = r.gettext
    if amount:
        alt = _("%(headline)s. Status: %(status)s. Amount: %(amount)s.") % {
            "headline": headline, "status": status, "amount": amount}
    else:
        alt = _("%(headline)s. Status: %(status)s.") % {"headline": headline, "status": status}
    return {"url": page_head.absolute_url(r.config, r.lang, DEAL_IMAGE.path_of(deal)),
            "width": social_image.WIDTH, "height": social_image.HEIGHT, "type": "image/png",
            "alt": " ".join(alt.split())}


def _deal_image(r: LanguageRenderer, deal: Deal) -> social_image.Picture:
    headline, status, amount = _deal_image_words(r, deal)
    return social_image.preview(site_name=r.config.site_name[r.lang],
                                headline=" ".join(headline.split()), status=status,
                                amount=amount)


def _company(r: LanguageRenderer, company: Company) -> dict[str, Any]:
    by_role: dict[str, list[Deal]] = {}
    for deal, role in newest_first(company.deals):
        by_role.setdefault(role, []).append(deal)
    role_counts = {role: len(deals) for role, deals in by_role.items()}
    years: list[tuple[int, int]] = []
    if len(company.deals) > COMPANY_ROWS:
        # Readable at hundreds of deals: the latest few per role, the rest by year.
        by_role = {role: deals[:COMPANY_LATEST_ROWS] for role, deals in by_role.items()}
        counts: dict[int, int] = {}
        for deal, _role in company.deals:
            counts[deal.first_reported.year] = counts.get(deal.first_reported.year, 0) + 1
        years = sorted(counts.items(), reverse=True)
    path = company_path(company)
    feed = None
    if company.deals:
        feed = {"path": COMPANY_FEED.path_of(company), "href": company_feed_url(r, company),
                "title": r.gettext("%(company)s: deals as an Atom feed") % {
                    "company": r.name(company.name)}}
    graph = charts.investment_graph(company, r.lang, translations(r.lang),
                                    lambda c: r.name(c.name))
    # A pair may do business again and again: each link names its newest few deals, in
    # order, and counts the earlier ones (the lists below name every deal).
    link_rows = [(link, link.deals[-LINK_DEALS:], max(len(link.deals) - LINK_DEALS, 0))
                 for link in (graph.links if graph else [])]
    return {
        "title": r.name(company.name), "company": company, "by_role": by_role, "graph": graph,
        "link_rows": link_rows,
        "role_counts": role_counts, "years": years, "feed": feed,
        "own_feed": {"href": feed["href"], "title": feed["title"]} if feed else None,
        # Built and escaped element by element in charts.py.
        "figure": Markup(graph.figure) if graph else None,
        "structured": lambda _cite, _description: [structured_data.profile(
            url=r.absolute(path), lang=r.lang, title=r.name(company.name),
            company=r.organizations([company])[0])],
        "meta": {"description": r.plain(company.description),
                 "lastmod": newest(deal for deal, _role in company.deals)}}


def _company_periods(r: LanguageRenderer, company: Company) -> list[
        tuple[periods.Period, list[tuple[Deal, str]]]]:
    """The pages of a company with too many deals for its own page: a page per year, and
    per month (or day) where a year (a month) has more than YEAR_ROWS of its deals, as in
    the deal overview; newest first, each with its deals and roles, newest first."""
    found: list[tuple[periods.Period, list[tuple[Deal, str]]]] = r.shared(
        f"company-periods-{company.id}", lambda: _on_deal_pages(
            [((deal, role), _first_reported(deal)) for deal, role in newest_first(company.deals)]))
    return found


def _companies_with_year_pages(r: LanguageRenderer) -> Iterable[
        tuple[Company, periods.Period]]:
    for company in r.content.companies.values():
        if len(company.deals) > COMPANY_ROWS:
            for period, _deals in _company_periods(r, company):
                yield company, period


def _company_period_links(r: LanguageRenderer, company: Company,
                          inside: periods.Period = ()) -> list[tuple[str, str, int]]:
    return _period_links(r, _company_periods(r, company), inside,
                         lambda period: company_year_path(company, period))


def _company_year(r: LanguageRenderer,
                  item: tuple[Company, periods.Period]) -> dict[str, Any]:
    """One year (or month, or day) of a company with many deals, each deal with its role."""
    company, period = item
    _ = r.gettext
    found = _company_periods(r, company)
    listed = dict(found)[period]
    within = [deal for other, deals in found if other[:len(period)] == period
              for deal, _role in deals]
    name = _period_name(r, period)
    words = {"company": r.name(company.name), "year": name, "month": name, "day": name}
    title = _with_part(_for_period(period, _("%(company)s: deals in %(year)s"),
                                   _("%(company)s: deals in %(month)s"),
                                   _("%(company)s: deals on %(day)s")) % words, period, found)
    intro = _for_period(
        period, _("Every deal of %(company)s first reported in %(year)s, newest first."),
        _("Every deal of %(company)s first reported in %(month)s, newest first."),
        _("Every deal of %(company)s first reported on %(day)s, newest first.")) % words
    return {
        "title": title, "intro": intro, "company": company, "deals": listed,
        "finer": _company_period_links(r, company, period),
        "parts": _part_links(found, period, lambda part: company_year_path(company, part)),
        "year_links": _company_period_links(r, company),
        "meta": {"description": intro, "lastmod": newest(within)}}


def _article(r: LanguageRenderer, article: Article) -> dict[str, Any]:
    sources = dict(article.sources)
    for deal in article.cited_deals:
        sources.update({f"{deal.id}/{key}": s for key, s in deal.sources.items()})
    switch = {article.lang: page_url(article_path(article))}
    versions = dict(switch)
    for code, other in article.translations.items():
        switch[code] = versions[code] = page_url(article_path(other))
    for code in r.config.languages:
        switch.setdefault(code, page_url(article_path(article)))

    def structured(cite: Citations, description: str) -> list[Node]:
        url = r.absolute(article_path(article))
        versions_here = [article, *article.translations.values()]
        # The version the others translate: the first written, else the site's first language.
        languages = r.config.languages
        original = min(versions_here, key=lambda a: (a.published, languages.index(
            a.lang) if a.lang in languages else len(languages)))
        news = structured_data.news_article(
            r.config, url=url, lang=r.lang, headline=article.title,
            description=description, published=article.published,
            modified=article.last_changed, publisher_name=r.publisher_name(),
            author=structured_data.person_or_organization(
                article.author.kind, r.name(article.author.name)),
            about=r.organizations(p.company for d in article.deals for p in d.parties),
            citations=r.citations(cite),
            translations={a.lang: r.absolute(article_path(a), a.lang) for a in versions_here},
            original=original.lang)
        return [news, *r.faq_page(url, article.faq)]

    return {"title": article.title, "article": article, "sources": sources, "switch": switch,
            "versions": versions, "structured": structured, "body": r.article_body(article),
            "topic": r.content.topic(article.tags), "ask": r.ask_link(article.title),
            "meta": {"description": " ".join(article.summary.split()),
                     **page_dates(article.published, article.last_changed)}}


def _notice(r: LanguageRenderer, article: Article) -> dict[str, Any]:
    """The notice that an article exists in another language only: its title and summary
    in this page's language where the front matter gives them, so that this language's
    readers (and search) find the story."""
    _ = r.gettext
    notice = _("Available in %(language)s only:") % {"language": r.language_name(article.lang)}
    title_here, summary_here = article.other_languages.get(r.lang, (None, None))
    only = _("This article is available in %(language)s only.") % {
        "language": r.language_name(article.lang)}
    return {
        "title": f"{notice} {title_here or article.title}", "notice": notice,
        "article": article, "title_here": title_here, "summary_here": summary_here,
        "switch": {code: page_url(article_path(article)) for code in r.config.languages},
        "versions": {article.lang: page_url(article_path(article))},
        "meta": {"description": f"{end_sentence(title_here)} {only}" if title_here else only,
                 "robots": "noindex"}}


def _deal_periods(r: LanguageRenderer) -> list[tuple[periods.Period, list[Deal]]]:
    """A large site's pages of deals by period, newest first, each with its deals."""
    if len(r.deals) <= OVERVIEW_ROWS:
        return []

    found: list[tuple[periods.Period, list[Deal]]] = _same_in_every_language(
        r, "deal-periods", lambda: _on_deal_pages(
            [(deal, _first_reported(deal)) for deal in r.deals]))  # newest first
    return found


def _deal_period_links(r: LanguageRenderer, inside: periods.Period = ()) -> list[
        tuple[str, str, int]]:
    return _period_links(r, _deal_periods(r), inside, deals_year_path)


def _deals_year(r: LanguageRenderer,
                item: tuple[periods.Period, list[Deal]]) -> dict[str, Any]:
    """One year (or month, or day) of the deal overview of a large site."""
    period, deals_of_period = item
    _ = r.gettext
    name = _period_name(r, period)
    words = {"year": name, "month": name, "day": name}
    found = _deal_periods(r)
    title = _with_part(_for_period(period, _("Deals in %(year)s"), _("Deals in %(month)s"),
                                   _("Deals on %(day)s")) % words, period, found)
    intro = _for_period(period, _("Every deal first reported in %(year)s, newest first."),
                        _("Every deal first reported in %(month)s, newest first."),
                        _("Every deal first reported on %(day)s, newest first.")) % words
    return {"title": title, "intro": intro, "deals": deals_of_period,
            "finer": _deal_period_links(r, period), "period_links": _deal_period_links(r),
            "parts": _part_links(found, period, deals_year_path),
            "meta": {"description": intro, "lastmod": newest(deals_of_period)}}


def _money_kinds(r: LanguageRenderer) -> Iterable[str]:
    """The kinds of deal with a page of their charts: on a large site only, where the
    charts of every kind and currency would make the overview too heavy a page."""
    if len(r.deals) <= OVERVIEW_ROWS:
        return ()
    kept = r.kept_parts("counted-in-a-bar")

    def counted(deal: Deal) -> bool:  # made again only for a deal that changed
        found = kept.get(deal.id)
        if found is None or found[0] is not deal:
            found = kept[deal.id] = (deal, charts.counts_in_a_bar(deal))
        answer: bool = found[1]
        return answer
    kinds: list[str] = r.shared("charted-kinds", lambda: charts.charted_kinds(r.deals, counted))
    return kinds


def _amount_charts(r: LanguageRenderer) -> list[charts.AmountChart]:
    """Every chart of this language, drawn once for all the pages that show some."""
    drawn: list[charts.AmountChart] = r.shared("amount-charts", lambda: charts.amount_charts(
        r.deals, r.lang, translations(r.lang)))
    return drawn


def _deals_money(r: LanguageRenderer, kind: str) -> dict[str, Any]:
    """The charts of one kind of deal (a large site), one per currency."""
    _ = r.gettext
    amount_charts = [chart for chart in _amount_charts(r) if chart.kind == kind]
    values = {"kind": charts.kind_words(kind, _)}
    description = _("Money committed in deals of this kind (%(kind)s), by period, one chart "
                    "per currency.") % values
    return {"title": _("Money committed over time: %(kind)s") % values,
            "description": description, "charts": amount_charts,
            # Built and escaped element by element in charts.py.
            "figures": [Markup(chart.figure) for chart in amount_charts],
            "meta": {"description": description, "lastmod": newest(r.deals)}}


def _deals_index(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    large = len(r.deals) > OVERVIEW_ROWS
    # A large site: each kind's charts on a page of its own.
    amount_charts = [] if large else _amount_charts(r)
    money_pages = [(charts.kind_words(kind, _), deals_money_path(kind))
                   for kind in _money_kinds(r)]
    return {
        "title": _("Deals"), "deals": r.deals, "by_year": r.deals_by_year,
        "charts": amount_charts, "year_pages": large,
        "period_links": _deal_period_links(r) if large else [],
        "money_pages": money_pages if large else [],
        "latest": r.deals[:LATEST_ROWS],
        # Built and escaped element by element in charts.py.
        "figures": [Markup(chart.figure) for chart in amount_charts],
        "meta": {"description": _("Every deal we track, newest first, by the year it was "
                                  "first reported. Unconfirmed reports are marked."),
                 "lastmod": newest(r.deals)}}


def _companies_index(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    companies = sorted(r.content.companies.values(), key=lambda c: r.name(c.name).lower())
    return {"title": _("Companies"), "companies": companies,
            "meta": {"description": _("The companies in our deal briefings, with the number "
                                      "of deals each took part in."),
                     "lastmod": newest(r.deals)}}


def _articles_index(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    return {"title": _("Articles"), "articles": r.articles, "elsewhere": r.missing_articles,
            "meta": {"description": _("Articles on tech deals, newest first: background and "
                                      "analysis, each figure with its source."),
                     "lastmod": newest([*r.articles, *r.missing_articles])}}


def _home(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    latest = r.latest_deals()[:HOME_DEALS]
    articles = r.articles[:HOME_ARTICLES]
    return {
        "title": r.config.site_name[r.lang], "articles": articles,
        "deals": [(deal, r.first_sentence(deal.summary)) for deal in latest],
        "sources_path": SOURCES.path,
        "meta": {"description": _("Who invests in whom, how much, on what terms: briefings "
                                  "on tech deals, each figure with its source, confirmed "
                                  "facts kept apart from reports."),
                 "lastmod": newest([*articles, *latest])},
        "structured": lambda _cite, description: [structured_data.website(
            r.config, url=r.absolute(HOME.path), lang=r.lang,
            name=r.config.site_name[r.lang], description=description,
            publisher_name=placeholders.publisher_name(r.config, r.lang))]}


def _about(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    return {"title": _("About"), "impressum": placeholders.published_impressum(r.config),
            "meta": {"description": _("This site tracks deals between technology companies. "
                                      "Every figure carries a numbered citation to its "
                                      "source; reports the parties have not confirmed are "
                                      "labelled as unconfirmed.")}}


def _privacy(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    return {"title": _("Privacy notice"), "privacy": placeholders.published_privacy(r.config),
            "meta": {"description": _("What happens to readers’ data on this site: server "
                                      "logs only, no cookies, no tracking.")}}


def _privacy_pages(r: LanguageRenderer) -> list[None]:
    """The privacy notice, once its settings are filled in: a page of placeholders would
    tell readers nothing true (placeholders.py says so while it is left out)."""
    return [None] if placeholders.published_privacy(r.config) else []


def _glossary(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    terms = sorted(r.content.glossary, key=lambda t: r.words.sort_key(r.name(t.term)))
    return {"title": _("Glossary"), "terms": terms,
            "meta": {"description": _("The terms our briefings and articles explain where "
                                      "they first use them.")}}


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


def _citing_records(r: LanguageRenderer) -> list[tuple[Dependency, Deal | Article]]:
    """The briefings and articles whose sources the language's index lists, in the order
    that gives each source its first citing record's version and its list of citing pages."""
    found: list[tuple[Dependency, Deal | Article]] = r.shared("citing-records", lambda: [
        *((deal_key(d), d) for d in r.deals), *((article_key(a), a) for a in r.articles)])
    return found


def _record_sources(r: LanguageRenderer, record_key: Dependency, record: Deal | Article
                    ) -> tuple[list[tuple[SourceKey, periods.Period, Source]],
                               tuple[tuple[SourceKey, periods.Period], ...]]:
    """A record's sources with their keys and dates, and its citations alone (keys and
    dates), made again only for a record that changed since the last render (a preview
    plans the index on every save)."""
    kept = r.kept_parts("record-sources")
    name = "/".join(record_key)
    found = kept.get(name)
    if found is None or found[0] is not record:
        listed = [(source_key(source), periods.of_date(source.published), source)
                  for source in _cited_by(record)]
        found = kept[name] = (record, listed, tuple((key, when) for key, when, _s in listed))
    return found[1], found[2]


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


def _source_layout(r: LanguageRenderer) -> SourceLayout:
    def make() -> SourceLayout:
        cited = [(key, _record_sources(r, key, record)[1]) for key, record in
                 _citing_records(r)]
        # A save that changes no record's citations (a headline, say) keeps the layout:
        # at 2,000 deals making it again took a tenth of a second per language.
        kept = r.kept_parts("source-layout").setdefault(r.lang, {})
        if kept.get("cited") == cited:
            layout: SourceLayout = kept["layout"]
            return layout
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
        layout = SourceLayout(plan, counts, page_of,
                              {page: frozenset(keys) for page, keys in citing.items()})
        kept["cited"], kept["layout"] = cited, layout
        return layout
    found: SourceLayout = r.shared("source-layout", make)
    return found


def _cited_entries(r: LanguageRenderer, page: periods.Period | None) -> list[CitedSource]:
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


def _language_source_plan(r: LanguageRenderer) -> tuple[
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


def _sources_index(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    plan = _language_source_plan(r)[0]
    listed = [] if plan else _cited_entries(r, None)
    return {"title": _("Sources"), "cited_sources": _in_order(r, listed),
            "period_links": _source_period_links(r, ()) if plan else [],
            "cited_rows": CITED_ROWS,
            "meta": {"description": _("Every source our briefings and articles cite, with "
                                      "the pages that cite it.")}}


def _in_order(r: LanguageRenderer, entries: Iterable[CitedSource]) -> list[CitedSource]:
    def order(entry: CitedSource) -> tuple[Any, ...]:
        source = entry.source
        publisher = r.name(source.publisher) if source.publisher else source.author or ""
        return (r.words.sort_key(publisher), r.words.sort_key(source.title or ""),
                source.published.iso if source.published else "")
    return sorted(entries, key=order)


def _period_name(r: LanguageRenderer, period: periods.Period) -> str:
    period = periods.base(period)
    if not period:
        return r.gettext("Without a date")
    if len(period) == 1:
        return str(period[0])
    return r.day(PartialDate(*period))


def _source_period_links(r: LanguageRenderer, inside: periods.Period) -> list[
        tuple[str, str, int]]:
    """The pages of the periods directly inside ``inside`` (for (): the years, and the
    sources without a date), each with its number of sources, those inside it included."""
    plan, counts = _language_source_plan(r)
    total = periods.totals(counts)
    inner = [p for p in plan or () if not p and not inside] + periods.within(inside, plan or ())
    return [(_period_name(r, p), sources_period_path(p), total[p]) for p in inner]


def _sources_periods(r: LanguageRenderer) -> Iterable[periods.Period]:
    """Each period's page of sources, and where more sources than SOURCE_ROWS are dated
    no more precisely than the period (a year's, or one day's), its further parts."""
    plan, counts = _language_source_plan(r)
    for period in plan or ():
        yield period
        for number in range(2, -(-counts.get(period, 0) // SOURCE_ROWS) + 1):
            yield (*period, -number)


def _sources_in(r: LanguageRenderer, period: periods.Period) -> list[CitedSource]:
    found: list[CitedSource] = r.shared(f"sources-on-{periods.address(period)}",
                                        lambda: _cited_entries(r, period))
    return found


def _sources_period(r: LanguageRenderer, part: periods.Period) -> dict[str, Any]:
    _ = r.gettext
    period = periods.base(part)
    name = _period_name(r, period)
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
    return {"title": _with_part(title, part, pages), "cited_sources": entries, "finer": finer,
            "parts": _part_links(pages, part, sources_period_path),
            "cited_rows": CITED_ROWS, "index_path": SOURCES.path,
            "meta": {"description": _("The sources of our briefings and articles published "
                                      "in this period, with the pages that cite them."),
                     "lastmod": max(dates).iso if dates else None}}


def _record(r: LanguageRenderer, key: Dependency) -> Deal | Article | None:
    kind, ident = key
    if kind == "deal":
        return r.content.deals.get(ident)
    return next((a for a in r.articles if article_key(a) == key), None)


def _sources_period_needs(r: LanguageRenderer,
                          period: periods.Period) -> Iterable[Dependency]:
    yield fact(SOURCE_PAGES)  # which sources this page lists, and the pages beside it
    yield from _source_layout(r).citing.get(periods.base(period), ())


def _open_data_page(r: LanguageRenderer, _item: None) -> dict[str, Any]:
    _ = r.gettext
    generated = open_data.generated_on(r.deals)
    return {"title": _("Open data"), "json_path": OPEN_DATA_JSON.path,
            "csv_path": OPEN_DATA_CSV.path, "semicolon_csv_path": OPEN_DATA_SEMICOLON_CSV.path,
            "parties_csv_path": OPEN_DATA_PARTIES_CSV.path,
            "parties_semicolon_csv_path": OPEN_DATA_PARTIES_SEMICOLON_CSV.path,
            "licence_link": licence_link(r.config.data_licence),
            "generated": r.day(generated) if generated else None,
            "meta": {"description": _("The deals as open data: a JSON file with every field "
                                      "in %(languages)s, and a CSV table with one row per "
                                      "deal.") % {
                         "languages": r.words.languages_named(r.config.languages)},
                     "lastmod": newest(r.deals)}}


def _feed_items(r: LanguageRenderer) -> tuple[list[Deal], list[Article]]:
    """The briefings and articles the feed holds: the newest by last change, as
    feeds.atom_feed orders its entries (by last change, first publication, address)."""
    found: tuple[list[Deal], list[Article]] = r.shared("feed", lambda: _newest_items(r))
    return found


def _newest_items(r: LanguageRenderer) -> tuple[list[Deal], list[Article]]:
    # Every address starts alike (the language's), so they sort as their paths do.
    here = [a for a in r.content.articles if a.lang == r.lang]
    urls = _deal_urls(r)
    items: list[tuple[Any, Any, str, Deal | Article]] = [
        (d.last_changed, d.published, urls[d.id], d) for d in r.deals]
    items += [(a.last_changed, a.published, page_url(article_path(a)), a) for a in here]
    items.sort(key=lambda item: item[:3], reverse=True)
    chosen = [item[3] for item in items[:feeds.MAX_ENTRIES]]
    return ([d for d in chosen if isinstance(d, Deal)],
            [a for a in chosen if isinstance(a, Article)])


def licence_link(licence: Licence | None) -> Markup | None:
    """The open data's licence as a link, its name and address escaped here (config.py has
    checked the address as the check does a source's)."""
    if licence is None:
        return None
    return Markup(f'<a href="{html.escape(address_href(licence.url), quote=True)}">'
                  f'{escape_inline(licence.name)}</a>')


def _deal_entry(r: LanguageRenderer, deal: Deal) -> feeds.Entry:
    return feeds.Entry(
        title=r.name(deal.headline), url=r.absolute(deal_path(deal)),
        summary=r.plain(deal.summary), published=deal.published, updated=deal.last_changed,
        title_lang=deal.headline.fallback_language(r.lang, r.config.languages),
        summary_lang=deal.summary.fallback_language(r.lang, r.config.languages))


def _article_entry(r: LanguageRenderer, article: Article) -> feeds.Entry:
    return feeds.Entry(
        title=article.title, url=r.absolute(article_path(article)),
        summary=" ".join(article.summary.split()), published=article.published,
        updated=article.last_changed, title_lang=article.lang, summary_lang=article.lang,
        author=r.name(article.author.name))


def _feed(r: LanguageRenderer, _item: None) -> str:
    """The language's Atom feed: its newest briefings and articles."""
    deals, articles = _feed_items(r)
    entries = [_deal_entry(r, d) for d in deals]
    entries += [_article_entry(r, a) for a in articles]
    return feeds.atom_feed(
        lang=r.lang, title=r.config.site_name[r.lang],
        subtitle=r.gettext("Briefings on tech deals and articles, newest first"),
        feed_url=page_head.feed_url(r.config, r.lang), home_url=r.absolute(HOME.path),
        author=placeholders.publisher_name(r.config, r.lang), entries=entries)


def _companies_with_deals(r: LanguageRenderer) -> Iterable[Company]:
    # A company in no deal has nothing to follow, and no true date for a feed's ``updated``.
    return [c for c in r.content.companies.values() if c.deals]


def company_feed_url(r: LanguageRenderer, company: Company) -> str:
    return page_head.absolute_url(r.config, r.lang, COMPANY_FEED.path_of(company))


def _company_feed(r: LanguageRenderer, company: Company) -> str:
    """Follow a company: its deals, and the articles in this language on them."""
    deals = sorted({deal.id: deal for deal, _role in company.deals}.values(),
                   key=lambda d: d.id)
    articles = {a.slug: a for d in deals for a in d.articles if a.lang == r.lang}
    entries = [_deal_entry(r, d) for d in deals]
    entries += [_article_entry(r, a) for _slug, a in sorted(articles.items())]
    name = r.name(company.name)
    return feeds.atom_feed(
        lang=r.lang, title=r.gettext("%(site)s: %(company)s") % {
            "site": r.config.site_name[r.lang], "company": name},
        subtitle=r.gettext("Deals of %(company)s and articles on them, newest "
                           "first") % {"company": name},
        feed_url=company_feed_url(r, company), home_url=r.absolute(company_path(company)),
        author=placeholders.publisher_name(r.config, r.lang), entries=entries)


def _article_figures(r: LanguageRenderer) -> Iterable[tuple[Figure, list[Article]]]:
    """The pictures this language's articles show, each file once, with the articles."""
    found: dict[str, tuple[Figure, list[Article]]] = {}
    for article in r.articles:
        for figure in article.figures.values():
            found.setdefault(figure.file, (figure, []))[1].append(article)
    return [found[file] for file in sorted(found)]


def _deal_urls(r: LanguageRenderer) -> dict[str, str]:
    """Each deal's page address, relative to its language's."""
    urls: dict[str, str] = r.shared("deal-urls", lambda: {
        d.id: page_url(deal_path(d)) for d in r.content.deals.values()})
    return urls


def _same_in_every_language(r: LanguageRenderer, name: str, make: Callable[[], Any]) -> Any:
    """What is the same in every language (the open data's files, the deal overview's
    pages): made once for a content model and settings, so that a build's next language
    takes the first one's."""
    kept = r.kept_parts(name)
    if kept.get("content") is not r.content or kept.get("config") is not r.config:
        kept.update(content=r.content, config=r.config, made=make())
    return kept["made"]


def _deals_by_id(r: LanguageRenderer) -> list[Deal]:
    return sorted(r.content.deals.values(), key=lambda d: d.id)


def _open_data_json(r: LanguageRenderer, _item: None) -> bytes:
    made: bytes = _same_in_every_language(r, "open-data-json-file", lambda: open_data.deals_json(
        _deals_by_id(r), r.content, r.config, _deal_urls(r), r.kept_parts("open-data-json"),
        r.kept_parts("open-data-file")))
    return made


def _open_data_csv(r: LanguageRenderer, _item: None) -> str:
    made: str = _same_in_every_language(r, "open-data-csv-file", lambda: open_data.deals_csv(
        _deals_by_id(r), r.config, _deal_urls(r), r.kept_parts("open-data-csv")))
    return made


def _open_data_semicolon_csv(r: LanguageRenderer, _item: None) -> str:
    made: str = _same_in_every_language(
        r, "open-data-semicolon-csv-file", lambda: open_data.deals_csv(
            _deals_by_id(r), r.config, _deal_urls(r), r.kept_parts("open-data-semicolon-csv"),
            delimiter=";"))
    return made


# --- the registry ------------------------------------------------------------------------------

_BY_ID: Callable[[Any], Mapping[str, object]] = lambda item: {"id": item.id}
_EVERY_DEAL: Callable[[Any, Any], Iterable[Dependency]] = lambda _r, _item: [("deal", ALL)]

DEAL = PageKind(
    "deal", "deals/{id}.md", "deal.md.j2", in_nav=False, context=_deal,
    items=lambda r: r.deals, address=_BY_ID, depends_on=_deal_page_needs, story=True)
# The deal page's link preview (og:image): beside its page (deals/<id>/), as deals/<id>.png.
DEAL_IMAGE = PageKind(
    "deal-image", "deals/{id}.png", None, in_nav=False, write=_deal_image,
    items=lambda r: r.deals, address=_BY_ID,
    depends_on=lambda _r, deal: [("deal", deal.id)])
COMPANY = PageKind(
    "company", "companies/{id}.md", "company.md.j2", in_nav=False, context=_company,
    items=lambda r: r.content.companies.values(), address=_BY_ID,
    depends_on=_company_page_needs)
COMPANY_YEAR = PageKind(
    "company-year", "companies/{company}/{period}.md", "company_year.md.j2", in_nav=False,
    context=_company_year, items=_companies_with_year_pages,
    address=lambda item: {"company": item[0].id, "period": periods.address(item[1])},
    depends_on=_company_year_needs)
ARTICLE = PageKind(
    "article", "articles/{slug}.md", "article.md.j2", in_nav=False, context=_article,
    items=lambda r: r.articles, address=lambda article: {"slug": article.slug},
    depends_on=_article_page_needs, needs_language=True, story=True)
# The page an article in other languages only has in this one: it says so and links there.
NOTICE = PageKind(
    "notice", "articles/{slug}.md", "untranslated.md.j2", in_nav=False, context=_notice,
    items=lambda r: r.missing_articles, address=lambda article: {"slug": article.slug},
    depends_on=_notice_needs, needs_language=True)
# Inside a folder of its own: a period can never be mistaken for a deal's id.
DEALS_YEAR = PageKind(
    "deals-year", "deals/year/{period}.md", "deals_year.md.j2", in_nav=False,
    context=_deals_year, items=_deal_periods,
    address=lambda item: {"period": periods.address(item[0])},
    depends_on=_deals_year_needs)
DEALS_MONEY = PageKind(
    "deals-money", "deals/money/{kind}.md", "deals_money.md.j2", in_nav=False,
    context=_deals_money, items=_money_kinds, address=lambda kind: {"kind": kind},
    depends_on=lambda _r, _kind: [fact(AMOUNT_CHARTS), fact(NEWEST_DEAL_CHANGE)])
DEALS = PageKind("deals", "deals/index.md", "deals_index.md.j2", in_nav=True,
                 context=_deals_index, depends_on=_deals_index_needs)
COMPANIES = PageKind("companies", "companies/index.md", "companies_index.md.j2", in_nav=True,
                     context=_companies_index, depends_on=_companies_index_needs)
ARTICLES = PageKind("articles", "articles/index.md", "articles_index.md.j2", in_nav=True,
                    context=_articles_index, depends_on=lambda _r, _item: [("article", ALL)])
HOME = PageKind("home", "index.md", "home.md.j2", in_nav=True, context=_home,
                depends_on=_home_needs, needs_language=True)
GLOSSARY_PAGE = PageKind("glossary", "glossary.md", "glossary.md.j2", in_nav=True,
                         context=_glossary, depends_on=lambda _r, _item: [GLOSSARY],
                         explains_terms=False)
SOURCES = PageKind("sources", "sources.md", "sources_index.md.j2", in_nav=False,
                   context=_sources_index, depends_on=_sources_index_needs,
                   needs_language=True)
SOURCES_PERIOD = PageKind(
    "sources-period", "sources/{period}.md", "sources_period.md.j2", in_nav=False,
    context=_sources_period, items=_sources_periods,
    address=lambda period: {"period": periods.address(period)},
    depends_on=_sources_period_needs, needs_language=True)
ABOUT = PageKind("about", "about.md", "about.md.j2", in_nav=True, context=_about,
                 depends_on=settings_only)
PRIVACY = PageKind("privacy", "privacy.md", "privacy.md.j2", in_nav=False, context=_privacy,
                   items=_privacy_pages, depends_on=settings_only)
OPEN_DATA = PageKind("open-data", open_data.PAGE_PATH, "data.md.j2", in_nav=False,
                     context=_open_data_page,
                     depends_on=lambda _r, _item: [fact(NEWEST_DEAL_CHANGE), fact(DATA_AS_OF)])
FEED = PageKind("feed", "feed.xml", None, in_nav=False, write=_feed, depends_on=_feed_needs,
                needs_language=True)
# A picture an article shows, copied from content/images/ (the same path below the
# language's folder, so that images/x.png of content/ is images/x.png of the site). Which
# articles show it differs between languages.
ARTICLE_IMAGE = PageKind(
    "article-image", "images/{name}", None, in_nav=False,
    write=lambda _r, item: item[0].data, items=_article_figures,
    address=lambda item: {"name": item[0].file.removeprefix("images/")},
    depends_on=lambda _r, item: [article_key(article) for article in item[1]],
    needs_language=True)
# Follow a company: beside its page (companies/<id>/), as companies/<id>.xml.
COMPANY_FEED = PageKind("company-feed", "companies/{id}.xml", None, in_nav=False,
                        write=_company_feed, items=_companies_with_deals, address=_BY_ID,
                        depends_on=_company_feed_needs)
OPEN_DATA_JSON = PageKind("open-data-json", open_data.JSON_PATH, None, in_nav=False,
                          write=_open_data_json,
                          depends_on=lambda _r, _item: [("deal", ALL), ("company", ALL),
                                                        ("author", ALL)])
OPEN_DATA_CSV = PageKind("open-data-csv", open_data.CSV_PATH, None, in_nav=False,
                         write=_open_data_csv, depends_on=_EVERY_DEAL)
OPEN_DATA_PARTIES_CSV = PageKind(
    "open-data-parties-csv", open_data.PARTIES_CSV_PATH, None, in_nav=False,
    write=lambda r, _item: _same_in_every_language(
        r, "open-data-parties-csv-file", lambda: open_data.deal_parties_csv(
            _deals_by_id(r), r.config, _deal_urls(r))), depends_on=_EVERY_DEAL)
OPEN_DATA_PARTIES_SEMICOLON_CSV = PageKind(
    "open-data-parties-semicolon-csv", open_data.PARTIES_SEMICOLON_CSV_PATH, None, in_nav=False,
    write=lambda r, _item: _same_in_every_language(
        r, "open-data-parties-semicolon-csv-file", lambda: open_data.deal_parties_csv(
            _deals_by_id(r), r.config, _deal_urls(r), delimiter=";")), depends_on=_EVERY_DEAL)
OPEN_DATA_SEMICOLON_CSV = PageKind(
    "open-data-semicolon-csv", open_data.SEMICOLON_CSV_PATH, None, in_nav=False,
    write=_open_data_semicolon_csv, depends_on=_EVERY_DEAL)

# In this order: where two pages would share an address, the later one is refused (a
# record's page before an overview); those in the navigation stand in its order.
KINDS: tuple[PageKind, ...] = (
    DEAL, DEAL_IMAGE, COMPANY, COMPANY_YEAR, ARTICLE, NOTICE, DEALS_YEAR, DEALS_MONEY, HOME,
    DEALS, COMPANIES, ARTICLES, GLOSSARY_PAGE, SOURCES, SOURCES_PERIOD, ABOUT, PRIVACY, OPEN_DATA,
    FEED,
    COMPANY_FEED,
    ARTICLE_IMAGE, OPEN_DATA_JSON, OPEN_DATA_CSV, OPEN_DATA_SEMICOLON_CSV,
    OPEN_DATA_PARTIES_CSV, OPEN_DATA_PARTIES_SEMICOLON_CSV)


def deal_path(deal: Deal) -> str:
    return DEAL.path_of(deal)


def company_path(company: Company) -> str:
    return COMPANY.path_of(company)


def company_year_path(company: Company, when: int | periods.Period) -> str:
    """The page of a company's deals in a year (or a month, a day: a period)."""
    return COMPANY_YEAR.path_of((company, (when,) if isinstance(when, int) else when))


def article_path(article: Article) -> str:
    return ARTICLE.path_of(article)


def figure_path(figure: Figure) -> str:
    return ARTICLE_IMAGE.path_of((figure, []))


def deals_year_path(period: periods.Period) -> str:
    return DEALS_YEAR.path_of((period, []))


def deals_money_path(kind: str) -> str:
    return DEALS_MONEY.path_of(kind)


def sources_period_path(period: periods.Period) -> str:
    return SOURCES_PERIOD.path_of(period)


# What every template may call to link to a page of another kind.
PATHS: Mapping[str, Callable[..., str]] = {
    "deal_path": deal_path, "company_path": company_path, "article_path": article_path,
    "company_year_path": company_year_path, "deals_year_path": deals_year_path}


def not_in_nav() -> list[str]:
    """The Markdown pages that stay out of the navigation, as MkDocs' ``not_in_nav`` takes
    them (gitignore patterns from the docs folder)."""
    return sorted({f"/{kind.glob}" for kind in KINDS if kind.is_markdown and not kind.in_nav})


def in_nav() -> list[str]:
    """The pages the navigation lists (mkdocs.yml's ``nav``)."""
    return [kind.path for kind in KINDS if kind.in_nav]


def reserved_names() -> tuple[str, ...]:
    """Names no deal, company or article may take: every fixed part of a page's address,
    and MkDocs' own files. A record so named would take an overview's address, or stand
    where a reader expects the site's own page."""
    names: set[str] = set(MKDOCS_NAMES)
    for kind in KINDS:
        for part in re.sub(r"\{[^}]*\}", "", kind.path).split("/"):
            stem = part.rsplit(".", 1)[0]
            if stem:
                names.add(stem)
    return tuple(sorted(names))


# --- small things pages share ------------------------------------------------------------------

def page_url(path: str) -> str:
    """The address MkDocs gives a Markdown file (directory URLs), relative to its language."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def end_sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?", "…")) else text + "."


def newest_first(deals: list[tuple[Deal, str]]) -> list[tuple[Deal, str]]:
    return sorted(deals, key=lambda dr: (dr[0].first_reported, dr[0].id), reverse=True)


def by_year(deals: list[Deal]) -> list[tuple[int, list[Deal]]]:
    years: dict[int, list[Deal]] = {}
    for deal in deals:
        years.setdefault(deal.first_reported.year, []).append(deal)
    return sorted(years.items(), reverse=True)


def page_dates(published: PartialDate, changed: PartialDate) -> dict[str, str]:
    """A briefing's or article's own dates for its head and the sitemap: first published and
    last changed (a correction counts). The sitemap's lastmod is the last substantive
    change, as search engines ask; a review that changed nothing else does not move it."""
    return {"published": published.iso, "updated": changed.iso, "lastmod": changed.iso}


def newest(listed: Iterable[Deal | Article]) -> str | None:
    """A listing page's lastmod: the newest last change of what it lists."""
    dates = [item.last_changed for item in listed]
    return max(dates).iso if dates else None
