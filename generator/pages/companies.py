"""The companies' pages: each company's page with its investor graph and feed, its deals
by period when it has too many for one page, and the list of every company."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from ..content import periods
from ..content.model import Company, Deal
from ..rules import placeholders
from ..text import alphabet
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
    same_in_every_language,
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
from .paths import company_path, page_url

# A company's page stays readable at any size: above this number of deals it lists the
# latest COMPANY_LATEST_ROWS per role and links to one page per year.
COMPANY_ROWS = 50
LINK_DEALS = 5  # deals named per link in a company's graph table: the newest
COMPANY_LATEST_ROWS = 10

# The list of every company stays readable at any size: above COMPANY_INDEX_ROWS companies
# it links a page per first letter of their names (A to Z, and one for names that begin
# otherwise: a digit, a sign), none of which lists more: a letter with more goes on over
# numbered parts (b, b-part-2, …).
COMPANY_INDEX_ROWS = 250
LETTERS = tuple("abcdefghijklmnopqrstuvwxyz")
OTHER = "other"
# Letters that Unicode does not decompose into a base letter and marks, as readers file them.
_BASE_LETTERS = {"ø": "o", "æ": "a", "œ": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "t",
                 "ı": "i"}


def initial(name: str) -> str:
    """The letter a name is filed under, case and accents aside (Ä, ä and a under a, as
    the sort key of a language's words orders them: render/renderer.py ``sort_key``), or
    OTHER for a name that begins with a digit or a sign."""
    plain = alphabet.without_accents(name.strip()).casefold()
    first = _BASE_LETTERS.get(plain[:1], plain[:1])
    return first if first in LETTERS else OTHER


def _name_in(company: Company, lang: str, languages: tuple[str, ...]) -> str:
    """A company's name in a language, as ``r.name`` gives it (the language's version,
    else the one for every language, else the site's first language that has one), read
    from its versions alone: what the letters' facts read."""
    versions = company.name.versions
    if lang in versions:
        return versions[lang]
    if "*" in versions:
        return versions["*"]
    return next((versions[code] for code in languages if code in versions), "")


def _letter_pages(named: list[tuple[Company, str]]) -> list[
        tuple[str, str, list[Company], list[Company]]]:
    """A large site's pages of companies by first letter, in the order a to z, then
    OTHER: each page's address, its letter, the companies it lists (by name, case and
    accents aside) and every company of its letter; none while one page lists every
    company."""
    if len(named) <= COMPANY_INDEX_ROWS:
        return []
    by_letter: dict[str, list[Company]] = {}
    for company, name in sorted(named, key=lambda cn: (alphabet.sort_key(cn[1]), cn[0].id)):
        by_letter.setdefault(initial(name), []).append(company)
    pages = []
    for letter in (*LETTERS, OTHER):
        of_letter = by_letter.get(letter, [])
        for number, start in enumerate(range(0, len(of_letter), COMPANY_INDEX_ROWS), start=1):
            address = letter if number == 1 else f"{letter}-part-{number}"
            pages.append((address, letter, of_letter[start:start + COMPANY_INDEX_ROWS],
                          of_letter))
    return pages


def _letter_part(company: Company) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((lang, initial(name)) for lang, name in company.name.versions.items()))


def _letter_counts(parts: Mapping[Dependency, tuple[tuple[str, str], ...]]) -> list[
        tuple[str, list[tuple[str, int]], list[tuple[tuple[str, str], ...]]]]:
    """Each language's companies by letter ("": a language no name has a version in):
    how many each letter has, and the letters of the names that fall back on another
    language's version in it (which one, the settings say)."""
    found = list(parts.values())
    plans = []
    for lang in ["", *sorted({code for part in found for code, _letter in part} - {"*"})]:
        counts: Counter[str] = Counter()
        unsure = []
        for part in found:
            letters = dict(part)
            letter = letters.get(lang) or letters.get("*")
            if letter is None:
                unsure.append(part)
            else:
                counts[letter] += 1
        plans.append((lang, sorted(counts.items()), sorted(unsure)))
    return plans


def _letter_plans(counts: list[tuple[str, list[tuple[str, int]], list[Any]]]) -> list[
        tuple[str, bool, list[str], list[Any]]]:
    """Each language's pages by letter: whether it has them, and its letters (a page of
    a letter depends on every company of it, and so knows its own parts)."""
    return [(lang, sum(n for _letter, n in letters) + len(unsure) > COMPANY_INDEX_ROWS,
             [letter for letter, _n in letters], unsure) for lang, letters, unsure in counts]


# A large site's companies by the first letter of their names in each language: how many
# each letter has (the list's table), and which letters have pages (the links between them,
# and to the same letter in another language).
COMPANY_LETTER_COUNTS = Fact("company-letter-counts", ("company",), _letter_part,
                             _letter_counts)


COMPANY_LETTER_PAGES = Fact("company-letter-pages", (), lambda _record: None,
                            of=COMPANY_LETTER_COUNTS, summary=_letter_plans)


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


def _companies_index_needs(r: PageContext, _item: None) -> Iterable[Dependency]:
    if _companies_by_letter(r):  # a large site: the letters and their numbers of companies
        yield from (fact(COMPANY_LETTER_COUNTS), fact(NEWEST_DEAL_CHANGE))
        return
    yield ("company", ALL)  # every company's name
    yield from (fact(DEALS_PER_COMPANY), fact(NEWEST_DEAL_CHANGE))


def _companies_letter_needs(_r: PageContext, item: tuple[str, str, list[Company],
                                                         list[Company]]) -> Iterable[Dependency]:
    _address, _letter, listed, of_letter = item
    # Every company of its letter: one saved ahead of it in the order moves a part's first.
    yield from map(company_key, of_letter)
    for company in listed:  # its number of deals, and the newest change in the sitemap
        yield from (deal_key(deal) for deal, _role in company.deals)
    yield fact(COMPANY_LETTER_PAGES)  # the links to every letter, here and in each language


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


def _language_letters(r: PageContext) -> dict[str, set[str]]:
    """Every language's letters with a page of companies (none where one page lists them):
    where the language menu of such a page leads."""
    def make() -> dict[str, set[str]]:
        languages = r.config.languages
        companies = list(r.content.companies.values())
        return {code: {letter for _address, letter, *_rest in _letter_pages(
            [(c, _name_in(c, code, languages)) for c in companies])} for code in languages}
    found: dict[str, set[str]] = same_in_every_language(r, "company-letters", make)
    return found


def _companies_by_letter(r: PageContext) -> list[tuple[str, str, list[Company], list[Company]]]:
    found: list[tuple[str, str, list[Company], list[Company]]] = r.shared(
        "companies-by-letter", lambda: _letter_pages(
            [(c, _name_in(c, r.lang, r.config.languages))
             for c in r.content.companies.values()]))
    return found


def _letter_name(r: PageContext, letter: str) -> str:
    return r.gettext("0–9 and others") if letter == OTHER else letter.upper()


def _letter_links(r: PageContext) -> list[tuple[str, str | None]]:
    """A to Z and the others, each with the first page of its companies (None: none)."""
    present = {letter for address, letter, _listed, _all in _companies_by_letter(r)
               if address == letter}
    return [(_letter_name(r, letter), companies_letter_path(letter) if letter in present
             else None) for letter in (*LETTERS, OTHER)]


def _companies_index(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    description = _("The companies in our deal briefings, with the number of deals each took "
                    "part in.")
    by_letter = _companies_by_letter(r)
    if by_letter:  # a large site: a page per letter
        counts = Counter(letter for _address, letter, listed, _all in by_letter
                         for _company in listed)
        return {"title": _("Companies"), "companies": [], "letters": _letter_links(r),
                "letter_counts": [(_letter_name(r, letter), companies_letter_path(letter),
                                   counts[letter]) for letter in (*LETTERS, OTHER)
                                  if counts[letter]],
                "meta": {"description": description, "lastmod": newest(r.deals)}}
    companies = sorted(r.content.companies.values(), key=lambda c: r.name(c.name).lower())
    return {"title": _("Companies"), "companies": companies, "letters": [],
            "meta": {"description": description, "lastmod": newest(r.deals)}}


def _companies_letter(r: PageContext, item: tuple[str, str, list[Company], list[Company]]
                      ) -> dict[str, Any]:
    """The companies whose names begin with one letter (a large site)."""
    address, letter, listed, _of_letter = item
    _ = r.gettext
    pages = _companies_by_letter(r)
    own = [other for other, other_letter, _l, _a in pages if other_letter == letter]
    title = _("Companies: %(letter)s") % {"letter": _letter_name(r, letter)}
    if len(own) > 1:
        title = f"{title} ({own.index(address) + 1}/{len(own)})"
    path = companies_letter_path(address)
    switch: dict[str, str] = {}
    versions: dict[str, str] = {}
    for code, letters in _language_letters(r).items():
        # The letter's first page in each language that has it (a part of it: the first
        # page, as where its parts begin may differ by language), else that language's list.
        switch[code] = page_url(companies_letter_path(letter) if letter in letters
                                else paths.COMPANIES)
        if letter in letters and address == letter:
            versions[code] = switch[code]
    switch[r.lang] = versions[r.lang] = page_url(path)
    description = _("The companies in our deal briefings whose names begin with a digit or "
                    "a sign, with the number of deals each took part in.") if letter == OTHER \
        else _("The companies in our deal briefings whose names begin with %(letter)s, with "
               "the number of deals each took part in.") % {"letter": letter.upper()}
    return {"title": title, "companies": listed, "letters": _letter_links(r),
            "parts": [(f"{number}/{len(own)}", companies_letter_path(part))
                      for number, part in enumerate(own, start=1)] if len(own) > 1 else [],
            "switch": switch, "versions": versions,
            "meta": {"description": description,
                     "lastmod": newest(deal for company in listed
                                       for deal, _role in company.deals)}}


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
                     context=_companies_index, depends_on=_companies_index_needs,
                     needs_language=True)


# Inside a folder of its own: a letter can never be mistaken for a company's id.
COMPANIES_LETTER = PageKind(
    "companies-letter", paths.COMPANIES_LETTER, "companies_letter.md.j2", in_nav=False,
    context=_companies_letter, items=_companies_by_letter,
    address=lambda item: {"letter": item[0]}, depends_on=_companies_letter_needs,
    needs_language=True)


# Follow a company: beside its page (companies/<id>/), as companies/<id>.xml.
COMPANY_FEED = PageKind("company-feed", paths.COMPANY_FEED, None, in_nav=False,
                        write=_company_feed, items=_companies_with_deals, address=BY_ID,
                        depends_on=_company_feed_needs)


def company_year_path(company: Company, when: int | periods.Period) -> str:
    """The page of a company's deals in a year (or a month, a day: a period)."""
    return COMPANY_YEAR.path_of((company, (when,) if isinstance(when, int) else when))


def companies_letter_path(address: str) -> str:
    """The page of the companies filed under a letter (or a part of it: b-part-2)."""
    return paths.COMPANIES_LETTER.format(letter=address)
