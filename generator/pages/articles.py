"""The articles' pages: each article, the notice where a language lacks one, the pictures
articles show, and the list of a language's articles (on a large site, with a page per
period of their last change)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ..content import periods
from ..content.model import Article, Figure
from . import paths, structured_data
from .common import (
    end_sentence,
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
    company_key,
    deal_key,
    fact,
)
from .paths import article_path, page_url
from .structured_data import Node

# The overview stays readable at any size, as the deal overview does: above ARTICLE_ROWS
# entries (a language's articles and the stories only in other languages) it lists the
# newest LATEST_ARTICLE_ROWS and links to a page per year of their last change (per month,
# per day where a year, a month has more than ARTICLE_ROWS; periods.py), none of which
# lists more than ARTICLE_ROWS.
ARTICLE_ROWS = 250
LATEST_ARTICLE_ROWS = 20

# What one article adds to a language's overview: its language, its story (the versions
# of an article share a translation key), the period and the day of its last change.
ArticlePart = tuple[str, str, periods.Period, str]


def _article_part(article: Article) -> ArticlePart:
    changed = article.last_changed
    return (article.lang, article.translation_key, periods.of_date(changed), changed.iso)


def _story_period(versions: Iterable[Article]) -> periods.Period:
    """Where a story without a version in a language stands in that language's overview:
    at the newest last change of its versions."""
    return max(periods.of_date(version.last_changed) for version in versions)


def _dated_entries(parts: Iterable[ArticlePart], lang: str) -> tuple[
        Counter[periods.Period], str | None]:
    """How many entries of a language's overview each date has (its own articles by their
    last change, each story without a version in it by its versions' newest), and the
    newest last change among them."""
    stories: dict[str, list[ArticlePart]] = {}
    for part in parts:
        stories.setdefault(part[1], []).append(part)
    counts: Counter[periods.Period] = Counter()
    days: list[str] = []
    for versions in stories.values():
        own = [version for version in versions if version[0] == lang]
        for version in own:
            counts[version[2]] += 1
        if not own:
            counts[max(version[2] for version in versions)] += 1
        days += [version[3] for version in own or versions]
    return counts, max(days, default=None)


def article_pages(counts: Mapping[periods.Period, int]) -> list[tuple[periods.Period, int]]:
    """A large overview's pages, newest first, each with how many entries it lists itself,
    its further parts included (``periods.paged``); none while one page holds them all."""
    plan = periods.plan(counts, ARTICLE_ROWS)
    if plan is None:
        return []
    pages: list[tuple[periods.Period, int]] = []
    for period, number in sorted(periods.on_pages(counts, plan).items(), reverse=True):
        pages.append((period, min(number, ARTICLE_ROWS)))
        for part, start in enumerate(range(ARTICLE_ROWS, number, ARTICLE_ROWS), start=2):
            pages.append(((*period, -part), min(ARTICLE_ROWS, number - start)))
    return pages


def _article_plans(parts: Mapping[Dependency, ArticlePart]) -> list[
        tuple[str, list[tuple[periods.Period, int]], str | None]]:
    """Each language's overview pages with their numbers of entries, and its newest last
    change ("": a language without articles of its own)."""
    found = list(parts.values())
    plans = []
    for lang in ["", *sorted({part[0] for part in found})]:
        counts, newest_day = _dated_entries(found, lang)
        plans.append((lang, article_pages(counts), newest_day))
    return plans


# A large site's article overview in each language: its pages with their numbers of
# entries, and its newest change (the overview's table and date); and the pages alone (what
# each lists, the links between them and to the same page in another language).
ARTICLE_PAGE_COUNTS = Fact("article-page-counts", ("article",), _article_part, _article_plans)


ARTICLE_PAGES = Fact("article-pages", (), lambda _record: None, of=ARTICLE_PAGE_COUNTS,
                     summary=lambda plans: [(lang, [period for period, _n in pages])
                                            for lang, pages, _newest in plans])


def _article_page_needs(_r: PageContext, article: Article) -> Iterable[Dependency]:
    yield article_key(article)
    yield ("author", article.author.id)
    if article.tags:
        yield TOPICS  # the kicker
    for other in article.translations.values():  # the language menu, hreflang, JSON-LD
        yield article_key(other)
    for deal in article.cited_deals:  # key facts and citations of its sources
        yield from (deal_key(deal), *(company_key(p.company) for p in deal.parties))


def _notice_needs(_r: PageContext, article: Article) -> Iterable[Dependency]:
    yield article_key(article)
    for other in article.translations.values():
        yield article_key(other)


def _article(r: PageContext, article: Article) -> dict[str, Any]:
    sources = dict(article.sources)
    for deal in article.cited_deals:
        sources.update({f"{deal.id}/{key}": s for key, s in deal.sources.items()})
    switch = {article.lang: page_url(article_path(article))}
    versions = dict(switch)
    for code, other in article.translations.items():
        switch[code] = versions[code] = page_url(article_path(other))
    # A language without a version has a notice, at the address of the version in the
    # site's first language that has one (LanguageRenderer.missing_articles), which need
    # not be this one's.
    noticed = min([article, *article.translations.values()],
                  key=lambda a: r.config.languages.index(a.lang))
    for code in r.config.languages:
        switch.setdefault(code, page_url(article_path(noticed)))

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


def _notice(r: PageContext, article: Article) -> dict[str, Any]:
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
        # Each language's own version where it has one (its slug may differ), else its notice.
        "switch": {code: page_url(article_path(article.translations.get(code, article)))
                   for code in r.config.languages},
        "versions": {article.lang: page_url(article_path(article))},
        "meta": {"description": f"{end_sentence(title_here)} {only}" if title_here else only,
                 "robots": "noindex"}}


def _language_pages(r: PageContext) -> dict[str, list[periods.Period]]:
    """Every language's pages of the overview (none for a language whose overview is one
    page): where the language menu of a page leads."""
    def make() -> dict[str, list[periods.Period]]:
        parts = [_article_part(article) for article in r.content.articles]
        return {code: [period for period, _n in article_pages(_dated_entries(parts, code)[0])]
                for code in r.config.languages}
    found: dict[str, list[periods.Period]] = same_in_every_language(
        r, "article-pages", make)
    return found


def _article_periods(r: PageContext) -> list[tuple[periods.Period, list[Article]]]:
    """A large site's pages of this language's articles by the period of their last change,
    newest first: each with its articles (newest first), then the stories it has only in
    other languages (by slug); empty while the overview lists every entry."""
    def make() -> list[tuple[periods.Period, list[Article]]]:
        dated = [(article, periods.of_date(article.last_changed)) for article in r.articles]
        dated += [(article, _story_period([article, *article.translations.values()]))
                  for article in r.missing_articles]
        plan = {period for period, _n in article_pages(Counter(when for _a, when in dated))
                if periods.part_of(period) == 1}
        if not plan:
            return []
        pages: dict[periods.Period, list[Article]] = {period: [] for period in
                                                      sorted(plan, reverse=True)}
        for article, when in dated:
            pages[periods.page_of(when, plan)].append(article)
        return periods.paged(pages.items(), ARTICLE_ROWS)
    found: list[tuple[periods.Period, list[Article]]] = r.shared("article-periods", make)
    return found


def _article_period_links(r: PageContext, inside: periods.Period = ()) -> list[
        tuple[str, str, int]]:
    return period_links(r, _article_periods(r), inside, articles_year_path)


def _articles_index_needs(r: PageContext, _item: None) -> Iterable[Dependency]:
    if not _article_periods(r):
        yield ("article", ALL)  # every article is listed
        return
    yield from map(article_key, r.articles[:LATEST_ARTICLE_ROWS])  # the newest
    yield fact(ARTICLE_PAGE_COUNTS)  # the pages, their numbers of entries, the newest date


def _articles_index(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    description = _("Articles on tech deals, newest first: background and analysis, each "
                    "figure with its source.")
    if _article_periods(r):  # a large site: the newest here, every entry on its period's page
        return {"title": _("Articles"), "articles": r.articles[:LATEST_ARTICLE_ROWS],
                "elsewhere": [], "period_links": _article_period_links(r),
                "meta": {"description": description,
                         "lastmod": _newest_entry(r.articles, r.missing_articles)}}
    return {"title": _("Articles"), "articles": r.articles, "elsewhere": r.missing_articles,
            "period_links": [],
            "meta": {"description": description,
                     "lastmod": newest([*r.articles, *r.missing_articles])}}


def _newest_entry(own: Iterable[Article],
                  elsewhere: Iterable[Article]) -> str | None:
    """The newest last change among entries: a story only in other languages counts with
    its newest version (where it stands on the pages by period)."""
    days = [article.last_changed.iso for article in own]
    days += [version.last_changed.iso for article in elsewhere
             for version in (article, *article.translations.values())]
    return max(days, default=None)


def _articles_year_needs(r: PageContext, item: tuple[periods.Period, list[Article]]) -> \
        Iterable[Dependency]:
    period, listed = item
    for article in listed:  # its rows, and its date in the sitemap
        yield article_key(article)
        if article.lang != r.lang:  # a story elsewhere stands at its newest version's date
            yield from map(article_key, article.translations.values())
    # Which entries it lists, the links to every period and to the same page in each
    # language; a period split further links its months (days) with their numbers.
    yield fact(ARTICLE_PAGES)
    if periods.within(period, [other for other, _listed in _article_periods(r)]):
        yield fact(ARTICLE_PAGE_COUNTS)


def _articles_year(r: PageContext, item: tuple[periods.Period, list[Article]]) -> dict[str, Any]:
    """One year (or month, or day) of the article overview of a large site."""
    period, listed = item
    _ = r.gettext
    name = period_name(r, period)
    found = _article_periods(r)
    title = with_part(_("Articles %(period)s") % {"period": name}, period, found)
    words = {"year": name, "month": name, "day": name}
    intro = for_period(period, _("Every article last changed in %(year)s, newest first."),
                       _("Every article last changed in %(month)s, newest first."),
                       _("Every article last changed on %(day)s, newest first.")) % words
    own = [article for article in listed if article.lang == r.lang]
    elsewhere = [article for article in listed if article.lang != r.lang]
    path = articles_year_path(period)
    switch: dict[str, str] = {}
    versions: dict[str, str] = {}
    for code, pages in _language_pages(r).items():
        if period in pages:
            switch[code] = versions[code] = page_url(path)
            continue
        # Else the page of that language that holds the period (its year's, say; the
        # other language's plan depends on its own numbers), else its overview.
        held = periods.base(period)
        holder = next((held[:length] for length in range(len(held), 0, -1)
                       if held[:length] in pages), None)
        switch[code] = page_url(articles_year_path(holder) if holder else paths.ARTICLES)
    return {"title": title, "intro": intro, "articles": own, "elsewhere": elsewhere,
            "finer": _article_period_links(r, period),
            "parts": part_links(found, period, articles_year_path),
            "period_links": _article_period_links(r), "switch": switch, "versions": versions,
            "meta": {"description": intro, "lastmod": _newest_entry(own, elsewhere)}}


def _article_figures(r: PageContext) -> Iterable[tuple[Figure, list[Article]]]:
    """The pictures this language's articles show, each file once, with the articles."""
    found: dict[str, tuple[Figure, list[Article]]] = {}
    for article in r.articles:
        for figure in article.figures.values():
            found.setdefault(figure.file, (figure, []))[1].append(article)
    return [found[file] for file in sorted(found)]


ARTICLE = PageKind(
    "article", paths.ARTICLE, "article.md.j2", in_nav=False, context=_article,
    items=lambda r: r.articles, address=lambda article: {"slug": article.slug},
    depends_on=_article_page_needs, needs_language=True, story=True)


# The page an article in other languages only has in this one: it says so and links there.
NOTICE = PageKind(
    "notice", paths.NOTICE, "untranslated.md.j2", in_nav=False, context=_notice,
    items=lambda r: r.missing_articles, address=lambda article: {"slug": article.slug},
    depends_on=_notice_needs, needs_language=True)


ARTICLES = PageKind("articles", paths.ARTICLES, "articles_index.md.j2", in_nav=True,
                    context=_articles_index, depends_on=_articles_index_needs,
                    needs_language=True)


# Inside a folder of its own: a period can never be mistaken for an article's slug.
ARTICLES_YEAR = PageKind(
    "articles-year", paths.ARTICLES_YEAR, "articles_year.md.j2", in_nav=False,
    context=_articles_year, items=_article_periods,
    address=lambda item: {"period": periods.address(item[0])},
    depends_on=_articles_year_needs, needs_language=True)


def articles_year_path(period: periods.Period) -> str:
    return ARTICLES_YEAR.path_of((period, []))


# A picture an article shows, copied from content/images/ (the same path below the
# language's folder, so that images/x.png of content/ is images/x.png of the site). Which
# articles show it differs between languages.
ARTICLE_IMAGE = PageKind(
    "article-image", paths.ARTICLE_IMAGE, None, in_nav=False,
    write=lambda _r, item: item[0].data, items=_article_figures,
    address=lambda item: {"name": item[0].file.removeprefix("images/")},
    depends_on=lambda _r, item: [article_key(article) for article in item[1]],
    needs_language=True)
