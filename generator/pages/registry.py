"""The page registry: every kind of page the site has, assembled from its families.

The renderer walks ``KINDS`` (render/renderer.py), the MkDocs plugin takes ``not_in_nav``
from it, the check takes the names no record may use for its id (``reserved_names``, from
paths.py), and the dependencies say which pages a change to a record can touch: after a
save, only those are rendered again (preview/incremental.py, which compares ``FACTS``
between builds; tests hold the declarations to what rendering does).

A new kind of page is a ``PageKind`` in its family's module (its path rule in paths.py),
its place in ``KINDS`` below, its template in templates/pages/ and its words in the
catalogs (README, "Add a page kind").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .articles import (
    ARTICLE,
    ARTICLE_IMAGE,
    ARTICLE_PAGE_COUNTS,
    ARTICLE_PAGES,
    ARTICLES,
    ARTICLES_YEAR,
    NOTICE,
    articles_year_path,
)
from .common import by_year, end_sentence
from .companies import (
    COMPANIES,
    COMPANIES_LETTER,
    COMPANY,
    COMPANY_FEED,
    COMPANY_LETTER_COUNTS,
    COMPANY_LETTER_PAGES,
    COMPANY_YEAR,
    DEALS_PER_COMPANY,
    companies_letter_path,
    company_year_path,
)
from .data import (
    DATA_AS_OF,
    OPEN_DATA,
    OPEN_DATA_CSV,
    OPEN_DATA_JSON,
    OPEN_DATA_PARTIES_CSV,
    OPEN_DATA_PARTIES_SEMICOLON_CSV,
    OPEN_DATA_SEMICOLON_CSV,
)
from .deals import (
    AMOUNT_CHARTS,
    DEAL,
    DEAL_IMAGE,
    DEAL_PAGE_COUNTS,
    DEAL_PAGES,
    DEALS,
    DEALS_MONEY,
    DEALS_YEAR,
    NEWEST_DEAL_CHANGE,
    deals_year_path,
)
from .kind import ALL, FACT, GLOSSARY, Dependency, Fact, PageKind, fact, records_of, settings_only
from .paths import article_path, company_path, deal_path, page_url, reserved_names
from .site import ABOUT, FEED, GLOSSARY_PAGE, HOME, PRIVACY
from .sources import SOURCE_COUNTS, SOURCE_PAGES, SOURCES, SOURCES_PERIOD

__all__ = [
    "ABOUT",
    "ALL",
    "ARTICLE",
    "ARTICLES",
    "ARTICLES_YEAR",
    "ARTICLE_IMAGE",
    "COMPANIES",
    "COMPANIES_LETTER",
    "COMPANY",
    "COMPANY_FEED",
    "COMPANY_YEAR",
    "DEAL",
    "DEALS",
    "DEALS_MONEY",
    "DEALS_YEAR",
    "DEAL_IMAGE",
    "FACT",
    "FACTS",
    "FEED",
    "GLOSSARY",
    "GLOSSARY_PAGE",
    "HOME",
    "KINDS",
    "NOTICE",
    "OPEN_DATA",
    "OPEN_DATA_CSV",
    "OPEN_DATA_JSON",
    "OPEN_DATA_PARTIES_CSV",
    "OPEN_DATA_PARTIES_SEMICOLON_CSV",
    "OPEN_DATA_SEMICOLON_CSV",
    "PATHS",
    "PRIVACY",
    "SOURCES",
    "SOURCES_PERIOD",
    "Dependency",
    "Fact",
    "PageKind",
    "by_year",
    "end_sentence",
    "fact",
    "in_nav",
    "not_in_nav",
    "page_url",
    "records_of",
    "reserved_names",
    "settings_only",
]

# In this order: where two pages would share an address, the later one is refused (a
# record's page before an overview); those in the navigation stand in its order.
KINDS: tuple[PageKind, ...] = (
    DEAL, DEAL_IMAGE, COMPANY, COMPANY_YEAR, COMPANIES_LETTER, ARTICLE, NOTICE, ARTICLES_YEAR,
    DEALS_YEAR, DEALS_MONEY, HOME, DEALS, COMPANIES, ARTICLES, GLOSSARY_PAGE, SOURCES,
    SOURCES_PERIOD, ABOUT, PRIVACY, OPEN_DATA,
    FEED,
    COMPANY_FEED,
    ARTICLE_IMAGE, OPEN_DATA_JSON, OPEN_DATA_CSV, OPEN_DATA_SEMICOLON_CSV,
    OPEN_DATA_PARTIES_CSV, OPEN_DATA_PARTIES_SEMICOLON_CSV)

# Every fact a page depends on, each after the fact it is made ``of``.
FACTS: tuple[Fact, ...] = (DEAL_PAGE_COUNTS, DEAL_PAGES, AMOUNT_CHARTS, NEWEST_DEAL_CHANGE,
                           DEALS_PER_COMPANY, DATA_AS_OF, SOURCE_COUNTS, SOURCE_PAGES,
                           ARTICLE_PAGE_COUNTS, ARTICLE_PAGES, COMPANY_LETTER_COUNTS,
                           COMPANY_LETTER_PAGES)

# What every template may call to link to a page of another kind.
PATHS: Mapping[str, Callable[..., str]] = {
    "deal_path": deal_path, "company_path": company_path, "article_path": article_path,
    "company_year_path": company_year_path, "deals_year_path": deals_year_path,
    "articles_year_path": articles_year_path,
    "companies_letter_path": companies_letter_path}


def not_in_nav() -> list[str]:
    """The Markdown pages that stay out of the navigation, as MkDocs' ``not_in_nav`` takes
    them (gitignore patterns from the docs folder)."""
    return sorted({f"/{kind.glob}" for kind in KINDS if kind.is_markdown and not kind.in_nav})


def in_nav() -> list[str]:
    """The pages the navigation lists (mkdocs.yml's ``nav``)."""
    return [kind.path for kind in KINDS if kind.in_nav]
