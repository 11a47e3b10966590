"""The articles' pages: each article, the notice where a language lacks one, the pictures
articles show, and the list of a language's articles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content.model import Article, Figure
from . import paths, structured_data
from .common import end_sentence, newest, page_dates
from .kind import (
    ALL,
    TOPICS,
    Citations,
    Dependency,
    PageContext,
    PageKind,
    article_key,
    company_key,
    deal_key,
)
from .paths import article_path, page_url
from .structured_data import Node


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


def _articles_index(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    return {"title": _("Articles"), "articles": r.articles, "elsewhere": r.missing_articles,
            "meta": {"description": _("Articles on tech deals, newest first: background and "
                                      "analysis, each figure with its source."),
                     "lastmod": newest([*r.articles, *r.missing_articles])}}


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
                    context=_articles_index, depends_on=lambda _r, _item: [("article", ALL)])


# A picture an article shows, copied from content/images/ (the same path below the
# language's folder, so that images/x.png of content/ is images/x.png of the site). Which
# articles show it differs between languages.
ARTICLE_IMAGE = PageKind(
    "article-image", paths.ARTICLE_IMAGE, None, in_nav=False,
    write=lambda _r, item: item[0].data, items=_article_figures,
    address=lambda item: {"name": item[0].file.removeprefix("images/")},
    depends_on=lambda _r, item: [article_key(article) for article in item[1]],
    needs_language=True)
