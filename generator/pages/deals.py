"""The deals' pages: a briefing per deal with its link preview picture, and the overview
(on a large site, with a page per period and per kind of deal for the charts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from ..content import periods
from ..content.model import Deal
from ..text.i18n import translations
from . import charts, page_head, paths, social_image, structured_data
from .common import (
    BY_ID,
    for_period,
    newest,
    page_dates,
    part_links,
    period_links,
    period_name,
    same_in_every_language,
    with_part,
)
from .kind import (
    ALL,
    TOPICS,
    Citations,
    Dependency,
    Fact,
    PageContext,
    PageKind,
    article_key,
    deal_key,
    fact,
)
from .paths import deal_path
from .structured_data import Node

# The overview stays readable at any size: above this number of deals it lists the latest
# LATEST_ROWS and links to one page per year (companies.py does the same for a company).
OVERVIEW_ROWS = 100
YEAR_ROWS = 250  # deals on a year's page of the overview; above, a page per month
LATEST_ROWS = 20


def first_reported(deal: Deal) -> periods.Period:
    return periods.of_date(deal.first_reported)


def deal_pages(dated: Mapping[periods.Period, int]) -> list[tuple[periods.Period, int]]:
    """A large site's deal pages, newest first, each with its number of deals: a page per
    year, and per month (or day) where a year (a month) has more than YEAR_ROWS deals."""
    plan = periods.plan(dated, YEAR_ROWS) or sorted({when[:1] for when in dated})
    return sorted(periods.on_pages(dated, plan).items(), reverse=True)


def on_deal_pages(dated: list[tuple[Any, periods.Period]]) -> list[
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


# The listings of a large site make these run a hundred thousand times a build: the keys
# are written out rather than made by deal_key and company_key.
def _deal_page_needs(_r: PageContext, deal: Deal) -> Iterable[Dependency]:
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


def _deals_year_needs(_r: PageContext,
                      item: tuple[periods.Period, list[Deal]]) -> Iterable[Dependency]:
    _period, deals_of_period = item
    yield from map(deal_key, deals_of_period)  # its rows, and its date in the sitemap
    yield fact(DEAL_PAGES)  # which deals it lists, and the links to every period


def _deals_index_needs(r: PageContext, _item: None) -> Iterable[Dependency]:
    if len(r.deals) <= OVERVIEW_ROWS:
        yield ("deal", ALL)  # every deal is listed
        return
    yield from map(deal_key, r.deals[:LATEST_ROWS])  # the newest: whichever they are
    yield from (fact(DEAL_PAGE_COUNTS), fact(AMOUNT_CHARTS), fact(NEWEST_DEAL_CHANGE))


# A large site's deals by the period they were first reported in: the pages, each with
# its number of deals (the overview's table), and the pages alone (what each lists).
DEAL_PAGE_COUNTS = Fact("deal-page-counts", ("deal",), lambda deal: first_reported(deal),
                        lambda parts: deal_pages(Counter(parts.values())))


DEAL_PAGES = Fact("deal-pages", (), lambda _record: None, of=DEAL_PAGE_COUNTS,
                  summary=lambda counts: [period for period, _number in counts])


AMOUNT_CHARTS = Fact("amount-charts", ("deal",), charts.chart_input,
                     lambda parts: charts.charted(parts.values()))


NEWEST_DEAL_CHANGE = Fact("newest-deal-change", ("deal",), lambda deal: deal.last_changed,
                          lambda parts: max(parts.values(), default=None))


def _deal(r: PageContext, deal: Deal) -> dict[str, Any]:
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

    # The line under the headline is the summary's first sentence, the line at the top that
    # a correction was made is the correction's first: the key points and the correction's
    # full text below say the rest, so that nothing on the page is said twice.
    correction_gist = (r.first_sentence_marked(deal.corrections[-1].text, full_stop=False)
                       if deal.corrections else "")
    return {"title": r.name(deal.headline), "deal": deal, "sources": deal.sources,
            "standfirst": r.first_sentence_marked(deal.summary), "correction_gist": correction_gist,
            "structured": structured, "topic": r.content.topic(deal.tags),
            "ask": r.ask_link(r.name(deal.headline)), "image": _deal_image_head(r, deal),
            "meta": {"description": r.plain(deal.summary),
                     **page_dates(deal.published, deal.last_changed)}}


def _deal_image_words(r: PageContext, deal: Deal) -> tuple[str, str, str | None]:
    """What the preview picture says: headline, status and key amount, in this language."""
    amount = r.money(deal.amount) if deal.amount else None
    return r.name(deal.headline), r.words.status_label(deal.status), amount


def _deal_image_head(r: PageContext, deal: Deal) -> dict[str, Any]:
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


def _deal_image(r: PageContext, deal: Deal) -> social_image.Picture:
    headline, status, amount = _deal_image_words(r, deal)
    return social_image.preview(site_name=r.config.site_name[r.lang],
                                headline=" ".join(headline.split()), status=status,
                                amount=amount)


def _deal_periods(r: PageContext) -> list[tuple[periods.Period, list[Deal]]]:
    """A large site's pages of deals by period, newest first, each with its deals."""
    if len(r.deals) <= OVERVIEW_ROWS:
        return []

    found: list[tuple[periods.Period, list[Deal]]] = same_in_every_language(
        r, "deal-periods", lambda: on_deal_pages(
            [(deal, first_reported(deal)) for deal in r.deals]))  # newest first
    return found


def _deal_period_links(r: PageContext, inside: periods.Period = ()) -> list[
        tuple[str, str, int]]:
    return period_links(r, _deal_periods(r), inside, deals_year_path)


def _deals_year(r: PageContext,
                item: tuple[periods.Period, list[Deal]]) -> dict[str, Any]:
    """One year (or month, or day) of the deal overview of a large site."""
    period, deals_of_period = item
    _ = r.gettext
    name = period_name(r, period)
    words = {"year": name, "month": name, "day": name}
    found = _deal_periods(r)
    title = with_part(for_period(period, _("Deals in %(year)s"), _("Deals in %(month)s"),
                                   _("Deals on %(day)s")) % words, period, found)
    intro = for_period(period, _("Every deal first reported in %(year)s, newest first."),
                       _("Every deal first reported in %(month)s, newest first."),
                       _("Every deal first reported on %(day)s, newest first.")) % words
    return {"title": title, "intro": intro, "deals": deals_of_period,
            "finer": _deal_period_links(r, period), "period_links": _deal_period_links(r),
            "parts": part_links(found, period, deals_year_path),
            "meta": {"description": intro, "lastmod": newest(deals_of_period)}}


def _money_kinds(r: PageContext) -> Iterable[str]:
    """The kinds of deal with a page of their charts: on a large site only, where the
    charts of every kind and currency would make the overview too heavy a page."""
    if len(r.deals) <= OVERVIEW_ROWS:
        return ()
    def counted(deal: Deal) -> bool:  # made again only for a deal that changed
        answer: bool = r.reused("counted-in-a-bar", deal.id,
                                lambda: charts.counts_in_a_bar(deal), same=(deal,))
        return answer
    kinds: list[str] = r.shared("charted-kinds", lambda: charts.charted_kinds(r.deals, counted))
    return kinds


def _amount_charts(r: PageContext) -> list[charts.AmountChart]:
    """Every chart of this language, drawn once for all the pages that show some."""
    drawn: list[charts.AmountChart] = r.shared("amount-charts", lambda: charts.amount_charts(
        r.deals, r.lang, translations(r.lang)))
    return drawn


def _deals_money(r: PageContext, kind: str) -> dict[str, Any]:
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


def _deals_index(r: PageContext, _item: None) -> dict[str, Any]:
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


DEAL = PageKind(
    "deal", paths.DEAL, "deal.md.j2", in_nav=False, context=_deal,
    items=lambda r: r.deals, address=BY_ID, depends_on=_deal_page_needs, story=True)


# The deal page's link preview (og:image): beside its page (deals/<id>/), as deals/<id>.png.
DEAL_IMAGE = PageKind(
    "deal-image", paths.DEAL_IMAGE, None, in_nav=False, write=_deal_image,
    items=lambda r: r.deals, address=BY_ID,
    depends_on=lambda _r, deal: [("deal", deal.id)])


# Inside a folder of its own: a period can never be mistaken for a deal's id.
DEALS_YEAR = PageKind(
    "deals-year", paths.DEALS_YEAR, "deals_year.md.j2", in_nav=False,
    context=_deals_year, items=_deal_periods,
    address=lambda item: {"period": periods.address(item[0])},
    depends_on=_deals_year_needs)


DEALS_MONEY = PageKind(
    "deals-money", paths.DEALS_MONEY, "deals_money.md.j2", in_nav=False,
    context=_deals_money, items=_money_kinds, address=lambda kind: {"kind": kind},
    depends_on=lambda _r, _kind: [fact(AMOUNT_CHARTS), fact(NEWEST_DEAL_CHANGE)])


DEALS = PageKind("deals", paths.DEALS, "deals_index.md.j2", in_nav=True,
                 context=_deals_index, depends_on=_deals_index_needs)


def deals_year_path(period: periods.Period) -> str:
    return DEALS_YEAR.path_of((period, []))


def deals_money_path(kind: str) -> str:
    return DEALS_MONEY.path_of(kind)
