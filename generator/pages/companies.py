"""The companies' pages: each company's page with its investor graph and feed, its deals
by period when it has too many for one page, and the list of every company."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from ..content import periods
from ..content.model import Company, Deal
from ..rules import placeholders
from ..text.i18n import translations
from . import charts, feeds, page_head, paths, structured_data
from .common import (
    BY_ID,
    article_entry,
    deal_entry,
    for_period,
    newest,
    newest_first,
    part_links,
    period_links,
    period_name,
    with_part,
)
from .deals import NEWEST_DEAL_CHANGE, first_reported, on_deal_pages
from .kind import (
    ALL,
    Dependency,
    Fact,
    PageContext,
    PageKind,
    article_key,
    company_key,
    deal_key,
    fact,
)
from .paths import company_path

# A company's page stays readable at any size: above this number of deals it lists the
# latest COMPANY_LATEST_ROWS per role and links to one page per year.
COMPANY_ROWS = 50
LINK_DEALS = 5  # deals named per link in a company's graph table: the newest
COMPANY_LATEST_ROWS = 10


def _roles(deal: Deal) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(p.company.id, p.role) for p in deal.parties}))


def _deals_per_company(parts: Mapping[Dependency, tuple[tuple[str, str], ...]]) -> Any:
    counts: dict[str, int] = {}
    for roles in parts.values():
        for company, _role in roles:  # a company's deals count each role it had once
            counts[company] = counts.get(company, 0) + 1
    return sorted(counts.items())


DEALS_PER_COMPANY = Fact("deals-per-company", ("deal",), _roles, _deals_per_company)


def _company_page_needs(_r: PageContext, company: Company) -> Iterable[Dependency]:
    deals = {deal.id for deal, _role in company.deals}
    # The investor graph names every party of every deal.
    companies = {party.company.id for deal, _role in company.deals for party in deal.parties}
    companies.add(company.id)
    return [*(("deal", ident) for ident in deals),
            *(("company", ident) for ident in companies)]


def _company_year_needs(_r: PageContext,
                        item: tuple[Company, periods.Period]) -> Iterable[Dependency]:
    company, _period = item
    yield ("company", company.id)
    for deal, _role in company.deals:  # the period's deals, and the list of every period
        yield ("deal", deal.id)


def _company_feed_needs(_r: PageContext, company: Company) -> Iterable[Dependency]:
    yield company_key(company)  # its name in the feed's title
    for deal, _role in company.deals:
        yield deal_key(deal)
        for article in deal.articles:  # the articles on its deals, with their authors
            yield article_key(article)
            yield ("author", article.author.id)


def _companies_index_needs(_r: PageContext, _item: None) -> Iterable[Dependency]:
    yield ("company", ALL)  # every company's name
    yield from (fact(DEALS_PER_COMPANY), fact(NEWEST_DEAL_CHANGE))


def _company(r: PageContext, company: Company) -> dict[str, Any]:
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


def _company_periods(r: PageContext, company: Company) -> list[
        tuple[periods.Period, list[tuple[Deal, str]]]]:
    """The pages of a company with too many deals for its own page: a page per year, and
    per month (or day) where a year (a month) has more than YEAR_ROWS of its deals, as in
    the deal overview; newest first, each with its deals and roles, newest first."""
    found: list[tuple[periods.Period, list[tuple[Deal, str]]]] = r.shared(
        f"company-periods-{company.id}", lambda: on_deal_pages(
            [((deal, role), first_reported(deal)) for deal, role in newest_first(company.deals)]))
    return found


def _companies_with_year_pages(r: PageContext) -> Iterable[
        tuple[Company, periods.Period]]:
    for company in r.content.companies.values():
        if len(company.deals) > COMPANY_ROWS:
            for period, _deals in _company_periods(r, company):
                yield company, period


def _company_period_links(r: PageContext, company: Company,
                          inside: periods.Period = ()) -> list[tuple[str, str, int]]:
    return period_links(r, _company_periods(r, company), inside,
                        lambda period: company_year_path(company, period))


def _company_year(r: PageContext,
                  item: tuple[Company, periods.Period]) -> dict[str, Any]:
    """One year (or month, or day) of a company with many deals, each deal with its role."""
    company, period = item
    _ = r.gettext
    found = _company_periods(r, company)
    listed = dict(found)[period]
    within = [deal for other, deals in found if other[:len(period)] == period
              for deal, _role in deals]
    name = period_name(r, period)
    words = {"company": r.name(company.name), "year": name, "month": name, "day": name}
    title = with_part(for_period(period, _("%(company)s: deals in %(year)s"),
                                   _("%(company)s: deals in %(month)s"),
                                   _("%(company)s: deals on %(day)s")) % words, period, found)
    intro = for_period(
        period, _("Every deal of %(company)s first reported in %(year)s, newest first."),
        _("Every deal of %(company)s first reported in %(month)s, newest first."),
        _("Every deal of %(company)s first reported on %(day)s, newest first.")) % words
    return {
        "title": title, "intro": intro, "company": company, "deals": listed,
        "finer": _company_period_links(r, company, period),
        "parts": part_links(found, period, lambda part: company_year_path(company, part)),
        "year_links": _company_period_links(r, company),
        "meta": {"description": intro, "lastmod": newest(within)}}


def _companies_index(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    companies = sorted(r.content.companies.values(), key=lambda c: r.name(c.name).lower())
    return {"title": _("Companies"), "companies": companies,
            "meta": {"description": _("The companies in our deal briefings, with the number "
                                      "of deals each took part in."),
                     "lastmod": newest(r.deals)}}


def _companies_with_deals(r: PageContext) -> Iterable[Company]:
    # A company in no deal has nothing to follow, and no true date for a feed's ``updated``.
    return [c for c in r.content.companies.values() if c.deals]


def company_feed_url(r: PageContext, company: Company) -> str:
    return page_head.absolute_url(r.config, r.lang, COMPANY_FEED.path_of(company))


def _company_feed(r: PageContext, company: Company) -> str:
    """Follow a company: its deals, and the articles in this language on them."""
    deals = sorted({deal.id: deal for deal, _role in company.deals}.values(),
                   key=lambda d: d.id)
    articles = {a.slug: a for d in deals for a in d.articles if a.lang == r.lang}
    entries = [deal_entry(r, d) for d in deals]
    entries += [article_entry(r, a) for _slug, a in sorted(articles.items())]
    name = r.name(company.name)
    return feeds.atom_feed(
        lang=r.lang, title=r.gettext("%(site)s: %(company)s") % {
            "site": r.config.site_name[r.lang], "company": name},
        subtitle=r.gettext("Deals of %(company)s and articles on them, newest "
                           "first") % {"company": name},
        feed_url=company_feed_url(r, company), home_url=r.absolute(company_path(company)),
        author=placeholders.publisher_name(r.config, r.lang), entries=entries)


COMPANY = PageKind(
    "company", paths.COMPANY, "company.md.j2", in_nav=False, context=_company,
    items=lambda r: r.content.companies.values(), address=BY_ID,
    depends_on=_company_page_needs)


COMPANY_YEAR = PageKind(
    "company-year", paths.COMPANY_YEAR, "company_year.md.j2", in_nav=False,
    context=_company_year, items=_companies_with_year_pages,
    address=lambda item: {"company": item[0].id, "period": periods.address(item[1])},
    depends_on=_company_year_needs)


COMPANIES = PageKind("companies", paths.COMPANIES, "companies_index.md.j2", in_nav=True,
                     context=_companies_index, depends_on=_companies_index_needs)


# Follow a company: beside its page (companies/<id>/), as companies/<id>.xml.
COMPANY_FEED = PageKind("company-feed", paths.COMPANY_FEED, None, in_nav=False,
                        write=_company_feed, items=_companies_with_deals, address=BY_ID,
                        depends_on=_company_feed_needs)


def company_year_path(company: Company, when: int | periods.Period) -> str:
    """The page of a company's deals in a year (or a month, a day: a period)."""
    return COMPANY_YEAR.path_of((company, (when,) if isinstance(when, int) else when))
