"""The site's own pages: home, glossary, about, privacy notice, and the language's feed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content.model import Article, Deal
from ..rules import placeholders
from . import feeds, page_head, paths, structured_data
from .common import article_entry, deal_entry, deal_urls, newest
from .kind import GLOSSARY, Dependency, PageContext, PageKind, article_key, deal_key, settings_only
from .paths import article_path, page_url

HOME_DEALS = 8  # what the start page lists: the latest deals and articles
HOME_ARTICLES = 5


def _home_needs(r: PageContext, _item: None) -> Iterable[Dependency]:
    yield from map(deal_key, r.latest_deals()[:HOME_DEALS])
    yield from map(article_key, r.articles[:HOME_ARTICLES])


def _feed_needs(r: PageContext, _item: None) -> Iterable[Dependency]:
    deals, articles = _feed_items(r)
    yield from map(deal_key, deals)
    for article in articles:
        yield from (article_key(article), ("author", article.author.id))


def _home(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    latest = r.latest_deals()[:HOME_DEALS]
    articles = r.articles[:HOME_ARTICLES]
    return {
        "title": r.config.site_name[r.lang], "articles": articles,
        "deals": [(deal, r.first_sentence(deal.summary)) for deal in latest],
        "sources_path": paths.SOURCES,
        "meta": {"description": _("Who invests in whom, how much, on what terms: briefings "
                                  "on tech deals, each figure with its source, confirmed "
                                  "facts kept apart from reports."),
                 "lastmod": newest([*articles, *latest])},
        "structured": lambda _cite, description: [structured_data.website(
            r.config, url=r.absolute(HOME.path), lang=r.lang,
            name=r.config.site_name[r.lang], description=description,
            publisher_name=placeholders.publisher_name(r.config, r.lang))]}


def _about(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    return {"title": _("About"), "impressum": placeholders.published_impressum(r.config),
            "meta": {"description": _("This site tracks deals between technology companies. "
                                      "Every figure carries a numbered citation to its "
                                      "source; reports the parties have not confirmed are "
                                      "labelled as unconfirmed.")}}


def _privacy(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    return {"title": _("Privacy notice"), "privacy": placeholders.published_privacy(r.config),
            "meta": {"description": _("What happens to readers’ data on this site: server "
                                      "logs only, no cookies, no tracking.")}}


def _privacy_pages(r: PageContext) -> list[None]:
    """The privacy notice, once its settings are filled in: a page of placeholders would
    tell readers nothing true (placeholders.py says so while it is left out)."""
    return [None] if placeholders.published_privacy(r.config) else []


def _glossary(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    terms = sorted(r.content.glossary, key=lambda t: r.words.sort_key(r.name(t.term)))
    return {"title": _("Glossary"), "terms": terms,
            "meta": {"description": _("The terms our briefings and articles explain where "
                                      "they first use them.")}}


def _feed_items(r: PageContext) -> tuple[list[Deal], list[Article]]:
    """The briefings and articles the feed holds: the newest by last change, as
    feeds.atom_feed orders its entries (by last change, first publication, address)."""
    found: tuple[list[Deal], list[Article]] = r.shared("feed", lambda: _newest_items(r))
    return found


def _newest_items(r: PageContext) -> tuple[list[Deal], list[Article]]:
    # Every address starts alike (the language's), so they sort as their paths do.
    here = [a for a in r.content.articles if a.lang == r.lang]
    urls = deal_urls(r)
    items: list[tuple[Any, Any, str, Deal | Article]] = [
        (d.last_changed, d.published, urls[d.id], d) for d in r.deals]
    items += [(a.last_changed, a.published, page_url(article_path(a)), a) for a in here]
    items.sort(key=lambda item: item[:3], reverse=True)
    chosen = [item[3] for item in items[:feeds.MAX_ENTRIES]]
    return ([d for d in chosen if isinstance(d, Deal)],
            [a for a in chosen if isinstance(a, Article)])


def _feed(r: PageContext, _item: None) -> str:
    """The language's Atom feed: its newest briefings and articles."""
    deals, articles = _feed_items(r)
    entries = [deal_entry(r, d) for d in deals]
    entries += [article_entry(r, a) for a in articles]
    return feeds.atom_feed(
        lang=r.lang, title=r.config.site_name[r.lang],
        subtitle=r.gettext("Briefings on tech deals and articles, newest first"),
        feed_url=page_head.feed_url(r.config, r.lang), home_url=r.absolute(HOME.path),
        author=placeholders.publisher_name(r.config, r.lang), entries=entries)


HOME = PageKind("home", paths.HOME, "home.md.j2", in_nav=True, context=_home,
                depends_on=_home_needs, needs_language=True)


GLOSSARY_PAGE = PageKind("glossary", paths.GLOSSARY, "glossary.md.j2", in_nav=True,
                         context=_glossary, depends_on=lambda _r, _item: [GLOSSARY],
                         explains_terms=False)


ABOUT = PageKind("about", paths.ABOUT, "about.md.j2", in_nav=True, context=_about,
                 depends_on=settings_only)


PRIVACY = PageKind("privacy", paths.PRIVACY, "privacy.md.j2", in_nav=False, context=_privacy,
                   items=_privacy_pages, depends_on=settings_only)


FEED = PageKind("feed", paths.FEED, None, in_nav=False, write=_feed, depends_on=_feed_needs,
                needs_language=True)
