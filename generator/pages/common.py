"""What several families of pages share: the pages of a listing split by period, feed
entries, addresses, dates, and what is made once for every language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..content import periods
from ..content.model import Article, Deal, PartialDate
from . import feeds
from .kind import PageContext
from .paths import article_path, deal_path, page_url

BY_ID: Callable[[Any], Mapping[str, object]] = lambda item: {"id": item.id}


def part_links(pages: list[tuple[periods.Period, list[Any]]], period: periods.Period,
               path_of: Callable[[periods.Period], str]) -> list[tuple[str, str]]:
    """The parts of a period's page, as "1/3", "2/3", "3/3" with their pages (none for
    a page in one part)."""
    found = periods.parts(period, [other for other, _listed in pages])
    return [(f"{number}/{len(found)}", path_of(part))
            for number, part in enumerate(found, start=1)]


def with_part(title: str, period: periods.Period,
              pages: list[tuple[periods.Period, list[Any]]]) -> str:
    """A page's title, with which part of its period's page it is, when there are parts."""
    found = periods.parts(period, [other for other, _listed in pages])
    return f"{title} ({found.index(period) + 1}/{len(found)})" if found else title


def period_links(r: PageContext, pages: list[tuple[periods.Period, list[Any]]],
                 inside: periods.Period, path_of: Callable[[periods.Period], str]) -> list[
        tuple[str, str, int]]:
    """The pages of the periods directly inside ``inside`` (for (): the years), each with
    its number of entries, those of the pages inside it included."""
    total = periods.totals({period: len(listed) for period, listed in pages})
    return [(period_name(r, period), path_of(period), total[period])
            for period in periods.within(inside, [period for period, _listed in pages])]


def for_period(period: periods.Period, year: str, month: str, day: str) -> str:
    """Of a text's wordings for a year, a month and a day, the one for ``period`` (for a
    part of a period's page: the period's)."""
    return (year, month, day)[len(periods.base(period)) - 1]


def period_name(r: PageContext, period: periods.Period) -> str:
    period = periods.base(period)
    if not period:
        return r.gettext("Without a date")
    if len(period) == 1:
        return str(period[0])
    return r.day(PartialDate(*period))


def deal_entry(r: PageContext, deal: Deal) -> feeds.Entry:
    return feeds.Entry(
        title=r.name(deal.headline), url=r.absolute(deal_path(deal)),
        summary=r.plain(deal.summary), published=deal.published, updated=deal.last_changed,
        title_lang=deal.headline.fallback_language(r.lang, r.config.languages),
        summary_lang=deal.summary.fallback_language(r.lang, r.config.languages))


def article_entry(r: PageContext, article: Article) -> feeds.Entry:
    return feeds.Entry(
        title=article.title, url=r.absolute(article_path(article)),
        summary=" ".join(article.summary.split()), published=article.published,
        updated=article.last_changed, title_lang=article.lang, summary_lang=article.lang,
        author=r.name(article.author.name))


def deal_urls(r: PageContext) -> dict[str, str]:
    """Each deal's page address, relative to its language's."""
    urls: dict[str, str] = r.shared("deal-urls", lambda: {
        d.id: page_url(deal_path(d)) for d in r.content.deals.values()})
    return urls


def same_in_every_language(r: PageContext, name: str, make: Callable[[], Any]) -> Any:
    """What is the same in every language (the open data's files, the deal overview's
    pages): made once for a content model and settings, so that a build's next language
    takes the first one's."""
    return r.reused(name, "", make, same=(r.content, r.config))


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
