"""Where every page goes: each kind's path rule, as data, and the names no record may take.

The only place a page's address is spelled. A rule is a path below a language's folder;
``{field}`` parts are filled in from the record (its id, its slug, a period). The page
kinds (registry.py) take their rules from here, the check takes the reserved names and the
article rule from here, and the engine its links to fixed pages: so this module depends
on nothing, and every wing may import it (tests/test_wings.py).
"""

from __future__ import annotations

import re
from typing import Protocol

DEAL = "deals/{id}.md"
# The deal page's link preview (og:image): beside its page (deals/<id>/), as deals/<id>.png.
DEAL_IMAGE = "deals/{id}.png"
COMPANY = "companies/{id}.md"
COMPANY_YEAR = "companies/{company}/{period}.md"
# Follow a company: beside its page (companies/<id>/), as companies/<id>.xml.
COMPANY_FEED = "companies/{id}.xml"
ARTICLE = "articles/{slug}.md"
# An article in other languages only has its notice at its own address in this one.
NOTICE = ARTICLE
# Inside a folder of their own: a period or a kind can never be mistaken for a deal's id.
DEALS_YEAR = "deals/year/{period}.md"
DEALS_MONEY = "deals/money/{kind}.md"
DEALS = "deals/index.md"
COMPANIES = "companies/index.md"
# A large site's companies by the first letter of their names: a, b, …, z, other.
COMPANIES_LETTER = "companies/letter/{letter}.md"
ARTICLES = "articles/index.md"
# A large site's articles by the period of their last change, as the deals' periods.
ARTICLES_YEAR = "articles/year/{period}.md"
HOME = "index.md"
GLOSSARY = "glossary.md"
SOURCES = "sources.md"
SOURCES_PERIOD = "sources/{period}.md"
ABOUT = "about.md"
PRIVACY = "privacy.md"
FEED = "feed.xml"
# A picture an article shows, copied from content/images/ (the same path below the
# language's folder, so that images/x.png of content/ is images/x.png of the site).
ARTICLE_IMAGE = "images/{name}"
OPEN_DATA = "data/index.md"  # what the files hold, field by field
OPEN_DATA_JSON = "data/deals.json"
OPEN_DATA_CSV = "data/deals.csv"
OPEN_DATA_SEMICOLON_CSV = "data/deals-semicolon.csv"
OPEN_DATA_PARTIES_CSV = "data/deal_parties.csv"
OPEN_DATA_PARTIES_SEMICOLON_CSV = "data/deal_parties-semicolon.csv"

RULES: tuple[str, ...] = (
    DEAL, DEAL_IMAGE, COMPANY, COMPANY_YEAR, COMPANY_FEED, ARTICLE, NOTICE, DEALS_YEAR,
    DEALS_MONEY, DEALS, COMPANIES, COMPANIES_LETTER, ARTICLES, ARTICLES_YEAR, HOME, GLOSSARY,
    SOURCES, SOURCES_PERIOD, ABOUT, PRIVACY, FEED, ARTICLE_IMAGE, OPEN_DATA, OPEN_DATA_JSON,
    OPEN_DATA_CSV, OPEN_DATA_SEMICOLON_CSV, OPEN_DATA_PARTIES_CSV,
    OPEN_DATA_PARTIES_SEMICOLON_CSV)

# Names MkDocs and Material give files of their own in each language's site.
MKDOCS_NAMES = ("404", "assets", "search", "sitemap")


class _WithId(Protocol):
    @property
    def id(self) -> str: ...


class _WithSlug(Protocol):
    @property
    def slug(self) -> str: ...


class _WithFile(Protocol):
    @property
    def file(self) -> str: ...


def glob(rule: str) -> str:
    """A rule's paths as a pattern: ``deals/*.md``."""
    return re.sub(r"\{[^}]*\}", "*", rule)


def reserved_names() -> tuple[str, ...]:
    """Names no deal, company or article may take: every fixed part of a page's address,
    and MkDocs' own files. A record so named would take an overview's address, or stand
    where a reader expects the site's own page."""
    names: set[str] = set(MKDOCS_NAMES)
    for rule in RULES:
        for part in re.sub(r"\{[^}]*\}", "", rule).split("/"):
            stem = part.rsplit(".", 1)[0]
            if stem:
                names.add(stem)
    return tuple(sorted(names))


def page_url(path: str) -> str:
    """The address MkDocs gives a Markdown file (directory URLs), relative to its language."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def deal_path(deal: _WithId) -> str:
    return DEAL.format(id=deal.id)


def company_path(company: _WithId) -> str:
    return COMPANY.format(id=company.id)


def article_path(article: _WithSlug) -> str:
    return ARTICLE.format(slug=article.slug)


def article_url(slug: str) -> str:
    """An article's address in its language: what two articles of one language may not
    share (the check), and where its page is."""
    return page_url(ARTICLE.format(slug=slug))


def figure_path(figure: _WithFile) -> str:
    return ARTICLE_IMAGE.format(name=figure.file.removeprefix("images/"))
