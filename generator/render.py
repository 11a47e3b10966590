"""Content in, pages out: ``{path: Markdown text}`` per language, touching no file.

Every value a template prints is escaped as plain text unless it is ``Markup`` (see
``markup.py``): the environment's finalize step does it, so a template cannot forget.
Citations are numbered in reading order as the template asks for them, one list per page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from html import escape as html_escape
from typing import Any

import jinja2
from babel import Locale
import yaml
from markupsafe import Markup

from . import charts, feeds, formatting, open_data, page_head, placeholders, structured_data
from .config import SiteConfig
from .errors import BriefingError
from .i18n import translations
from .markup import CITATION, address_link, escape_block, escape_inline
from .model import (Article, Company, Content, Deal, Money, PartialDate, Question, Source, Text,
                    review_overdue)
from .structured_data import Node

Pages = dict[str, str]
# libyaml's emitter writes the same front matter as PyYAML's, 10 times faster.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _front_matter(front: dict[str, Any]) -> str:
    """``yaml.dump(front, sort_keys=True, allow_unicode=True, width=1000)``, byte for byte.

    PyYAML's representer, written in Python, took a fifth of the rendering time at 2,000
    deals; the node tree it would build for plain data is built here directly and handed
    to the same emitter. Anything unusual (a float, a value met twice, which PyYAML would
    write as an anchor) goes the general way.
    """
    try:
        node = _yaml_node(front, set())
    except _Unusual:
        return yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=True, width=1000)
    return yaml.serialize(node, Dumper=_Dumper, allow_unicode=True, width=1000)


class _Unusual(Exception):
    pass


def _yaml_node(value: Any, seen: set[int]) -> yaml.Node:
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_STR, value)
    if kind is dict or kind is list:
        if id(value) in seen:
            raise _Unusual
        seen.add(id(value))
        if kind is dict:
            if any(type(key) is not str for key in value):
                raise _Unusual
            return yaml.MappingNode(_MAP, [(yaml.ScalarNode(_STR, key), _yaml_node(item, seen))
                                           for key, item in sorted(value.items())],
                                    flow_style=False)
        return yaml.SequenceNode(_SEQ, [_yaml_node(item, seen) for item in value],
                                 flow_style=False)
    if kind is bool:
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if kind is int:
        return yaml.ScalarNode(_INT, str(value))
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    raise _Unusual


def render_site(content: Content, config: SiteConfig, languages: Iterable[str] | None = None,
                *, today: date) -> Pages:
    """Every page of every language (or of ``languages`` only: the build renders each
    language in its own process), keyed by its path below the Markdown folder.

    ``today`` decides which records say they may be out of date (not reviewed for
    ``config.review_after_days``): the same content on the same day gives the same pages.
    """
    pages: Pages = _UniquePages()
    data = open_data.open_data_files(
        content, config, {d.id: page_url(deal_path(d)) for d in content.deals.values()})
    for lang in config.languages if languages is None else languages:
        pages.update(_LanguageRenderer(content, config, lang, today).pages())
        pages.update({f"{lang}/{path}": text for path, text in data.items()})
    return dict(sorted(pages.items()))


# Overviews stay readable at any size: above these numbers of deals, the deal overview
# and a company's page list the latest few and link to one page per year.
OVERVIEW_ROWS = 100
COMPANY_ROWS = 50
LATEST_ROWS = 20
COMPANY_LATEST_ROWS = 10


def deal_path(deal: Deal) -> str:
    return f"deals/{deal.id}.md"


def deals_year_path(year: int) -> str:
    # Inside a folder of its own: a year can never be mistaken for a deal's id.
    return f"deals/year/{year}.md"


def company_year_path(company: Company, year: int) -> str:
    return f"companies/{company.id}/{year}.md"


def company_path(company: Company) -> str:
    return f"companies/{company.id}.md"


def article_path(article: Article) -> str:
    return f"articles/{article.slug}.md"


def page_url(path: str) -> str:
    """The address MkDocs gives a Markdown file (directory URLs), relative to its language."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class Citations:
    """The numbered source list of one page, filled in the order the page cites.

    Keys with a "/" are a deal's sources cited on an article; the others are the page's
    own. The same publication listed by an article and by its deal gets one number, and
    the list shows the article's own entry: a deal's never replaces it.
    """

    def __init__(self, sources: dict[str, Source]):
        self.sources = sources
        self.entries: list[Source] = []
        self._identity: dict[tuple[Any, ...], int] = {}
        self._own: set[int] = set()  # numbers whose entry is the page's own source

    def number(self, key: str) -> int:
        source = self.sources[key]
        own = "/" not in key
        identity = (source.url,) if source.url else (
            tuple(sorted(source.publisher.versions.items())) if source.publisher else None,
            source.author, source.title, source.kind, source.published)
        number = self._identity.get(identity)
        if number is None:
            self.entries.append(source)
            number = self._identity[identity] = len(self.entries)
        elif own and number not in self._own:
            self.entries[number - 1] = source
        if own:
            self._own.add(number)
        return number

    def __call__(self, refs: Iterable[str], prefix: str = "") -> Markup:
        numbers = sorted({self.number(prefix + ref) for ref in refs})
        links = ", ".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
        return Markup(f'<sup class="cite">[{links}]</sup>')


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory across renders, keyed by each template's source.

    Each render makes a fresh environment per language (its filters know the content);
    without this, every render compiles every template again, which took most of a small
    site's render time (0.4 s of 0.45 s) and so of each `mkdocs serve` rebuild.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key + bucket.checksum)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key + bucket.checksum] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


class _LanguageRenderer:
    def __init__(self, content: Content, config: SiteConfig, lang: str, today: date):
        self.content, self.config, self.lang = content, config, lang
        self.today = today
        self.locale = Locale.parse(formatting.LOCALES[lang])
        gettext = translations(lang).ugettext
        self.gettext = gettext
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(config.templates_dir / "pages"),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # Markdown, not HTML: finalize escapes instead
            finalize=_escape_unless_markup,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=_COMPILED_TEMPLATES,
            # One environment per render: no template changes under it, so no need to
            # ask the file system before each of the thousands of includes.
            auto_reload=False,
        )
        env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
        env.globals.update(lang=lang, config=config, site_name=config.site_name[lang],
                           language_name=self.language_name, review_due=self.review_due)
        env.filters.update(
            money=self.money, day=self.day, tr=self.tr, paragraphs=self.paragraphs,
            percent=self.percent, h=lambda s: Markup(html_escape(str(s))),
            status_label=self.status_label, role_label=self.role_label,
            kind_label=self.kind_label, name=self.name, number=self.number,
            source_entry=self.source_entry, amount_as_committed=self.amount_as_committed,
        )
        self.env = env

    # --- filters -------------------------------------------------------------------------

    def money(self, money: Money) -> str:
        return formatting.money_text(money, self.lang, self.gettext)

    def amount_as_committed(self, deal: Deal) -> str:
        """The deal's amount, and where part of it hangs on conditions, how much does not:
        "bis zu 50 Mrd. US-Dollar, davon 15 Mrd. US-Dollar ohne Bedingungen"."""
        assert deal.amount is not None
        text = self.money(deal.amount)
        firm = [t.amount for t in deal.tranches if not t.conditional
                and t.amount.currency == deal.amount.currency]
        if deal.has_conditional_tranche and firm:
            qualifiers = {m.qualifier for m in firm}
            # The sum is as precise as its least precise part.
            qualifier = ("exact" if qualifiers == {"exact"} else "up-to" if qualifiers <= {
                "exact", "up-to"} else "at-least" if qualifiers <= {"exact", "at-least"}
                else "about")
            firm_text = formatting.qualified(formatting.amount_text(
                sum(m.sort_value for m in firm), deal.amount.currency, self.lang),
                qualifier, self.gettext)
            text = self.gettext("%(amount)s, %(firm)s of it without conditions") % {
                "amount": text, "firm": firm_text}
        return text

    def review_due(self, reviewed: PartialDate) -> bool:
        """Whether a record was last checked against its sources too long ago."""
        return review_overdue(reviewed, self.today, self.config.review_after_days)

    def day(self, when: PartialDate) -> str:
        return formatting.date_text(when, self.lang)

    def percent(self, stake: Any) -> str:
        return formatting.percent_text(stake.percent, stake.qualifier, self.lang, self.gettext)

    def language_name(self, code: str) -> str:
        """A language's name in this page's language: "German" on English pages."""
        return self.locale.languages.get(code, code)

    def number(self, value: int) -> str:
        return formatting.number_text(value, self.lang)

    def name(self, text: Text) -> str:
        return text.get(text.fallback_language(self.lang, self.config.languages)) or ""

    def tr(self, text: Text) -> Markup:
        """A localized text for one line; the other language's, marked, where this one is missing."""
        shown = text.fallback_language(self.lang, self.config.languages)
        escaped = escape_inline(text.get(shown) or "")
        if shown == self.lang:
            return Markup(escaped)
        notice = self.gettext("not yet translated")
        return Markup(f'<span lang="{shown}">{escaped}</span> '
                      f'<small class="untranslated">({notice})</small>')

    def paragraphs(self, text: Text) -> Markup:
        shown = text.fallback_language(self.lang, self.config.languages)
        escaped = escape_block(text.get(shown) or "")
        if shown == self.lang:
            return Markup(escaped)
        notice = self.gettext("This passage is not yet translated; it is shown in %(language)s.") % {
            "language": self.language_name(shown)}
        return Markup(f'<div class="untranslated" markdown>\n\n*{escape_inline(notice)}*\n\n'
                      f'</div>\n\n<div lang="{shown}" markdown>\n\n{escaped}\n\n</div>')

    def status_label(self, status: str) -> str:
        _ = self.gettext
        return {"rumoured": _("Rumoured"), "talks": _("In talks"), "announced": _("Announced"),
                "signed": _("Signed"), "completed": _("Completed"),
                "cancelled": _("Cancelled")}[status]

    def role_label(self, role: str) -> str:
        _ = self.gettext
        return {"investor": _("investor"), "lead-investor": _("lead investor"),
                "co-investor": _("co-investor"), "target": _("target"), "buyer": _("buyer"),
                "seller": _("seller"), "cloud-provider": _("cloud provider"),
                "customer": _("customer"), "partner": _("partner")}[role]

    def kind_label(self, kind: str) -> str:
        _ = self.gettext
        return {"equity-investment": _("Equity investment"), "funding-round": _("Funding round"),
                "secondary-sale": _("Secondary share sale"),
                "cloud-agreement": _("Cloud agreement"), "partnership": _("Partnership"),
                "acquisition": _("Acquisition"), "merger": _("Merger"),
                "joint-venture": _("Joint venture"), "licensing": _("Licensing")}[kind]

    def document_kind_label(self, kind: str) -> str:
        _ = self.gettext
        return {"filing": _("filing"), "press-release": _("press release"),
                "print-edition": _("print edition"), "analysis": _("analysis")}[kind]

    def source_entry(self, source: Source) -> Markup:
        """One line of the source list: publisher, author, „title“, kind, date, address.
        Editors' remarks are not in the model, so they cannot get here."""
        _ = self.gettext
        parts = []
        if source.publisher:
            parts.append(escape_inline(self.name(source.publisher)))
        if source.author:
            parts.append(escape_inline(source.author))
        if source.title:
            quoted = f"„{source.title}“" if self.lang == "de" else f"“{source.title}”"
            parts.append(f'<span lang="{source.language}">{escape_inline(quoted)}</span>')
        if source.kind:
            parts.append(escape_inline(self.document_kind_label(source.kind)))
        if source.published:
            parts.append(escape_inline(self.day(source.published)))
        sentences = [", ".join(parts)]
        if source.language != self.lang:
            sentences.append(escape_inline(_("In %(language)s") % {
                "language": self.language_name(source.language)}))
        line = " ".join(_end_sentence(s) for s in sentences)
        if source.url:
            line += " " + address_link(source.url)  # never an autolink: the address is escaped
            if source.accessed:
                line += " " + escape_inline(
                    "(" + _("accessed %(date)s") % {"date": self.day(source.accessed)} + ")")
        return Markup(line)

    # --- pages ---------------------------------------------------------------------------

    def pages(self) -> Pages:
        pages: Pages = _UniquePages()
        content, lang = self.content, self.lang
        deals = sorted(content.deals.values(), key=lambda d: (d.first_reported, d.id),
                       reverse=True)
        here = [a for a in content.articles if a.lang == lang]
        for deal in deals:
            pages[deal_path(deal)] = self.deal_page(deal)
        for company in content.companies.values():
            pages[company_path(company)] = self.company_page(company)
            if len(company.deals) > COMPANY_ROWS:
                pages.update(self.company_year_pages(company))
        for article in here:
            pages[article_path(article)] = self.article_page(article)
        for article in self.missing_articles():
            pages[article_path(article)] = self.untranslated_page(article)
        _ = self.gettext
        amount_charts = charts.amount_charts(deals, lang, translations(lang))
        by_year = _by_year(deals)
        year_pages = len(deals) > OVERVIEW_ROWS
        if year_pages:
            pages.update(self.deal_year_pages(by_year))
        pages["deals/index.md"] = self.render(
            "deals_index.md.j2", "deals/index.md", title=_("Deals"), deals=deals,
            by_year=by_year, charts=amount_charts, year_pages=year_pages,
            latest=deals[:LATEST_ROWS], deals_year_path=deals_year_path,
            # Built and escaped element by element in charts.py.
            figures=[Markup(chart.figure) for chart in amount_charts],
            meta={"description": _("Every deal we track, newest first, by the year it was "
                                   "first reported. Unconfirmed reports are marked."),
                  "lastmod": _newest(deals)})
        companies = sorted(content.companies.values(), key=lambda c: self.name(c.name).lower())
        pages["companies/index.md"] = self.render(
            "companies_index.md.j2", "companies/index.md", title=_("Companies"),
            companies=companies,
            meta={"description": _("The companies in our deal briefings, with the number of "
                                   "deals each took part in."),
                  "lastmod": _newest(deals)})
        articles = sorted(here, key=lambda a: (a.last_changed, a.slug), reverse=True)
        elsewhere = self.missing_articles()
        pages["articles/index.md"] = self.render(
            "articles_index.md.j2", "articles/index.md", title=_("Articles"),
            articles=articles, elsewhere=elsewhere,
            meta={"description": _("Articles on tech deals, newest first: background and "
                                   "analysis, each figure with its source."),
                  "lastmod": _newest([*articles, *elsewhere])})
        home_description = _("Who invests in whom, how much, on which terms: briefings on "
                             "tech deals, each figure with its source, confirmed facts kept "
                             "apart from reports.")
        latest = self.latest_deals()[:8]
        pages["index.md"] = self.render(
            "home.md.j2", "index.md", title=self.config.site_name[lang],
            articles=articles[:5], deals=latest,
            meta={"description": home_description, "lastmod": _newest([*articles[:5], *latest])},
            structured=lambda _cite, description: [structured_data.website(
                self.config, url=self.absolute("index.md"), lang=lang,
                name=self.config.site_name[lang], description=description,
                publisher_name=placeholders.publisher_name(self.config, lang))])
        pages["about.md"] = self.render(
            "about.md.j2", "about.md", title=_("About"),
            impressum=placeholders.published_impressum(self.config),
            meta={"description": _("This site tracks deals between technology companies. "
                                   "Every figure carries a numbered citation to its source; "
                                   "reports the parties have not confirmed are labelled as "
                                   "unconfirmed.")})
        pages[open_data.PAGE_PATH] = self.render(
            "data.md.j2", open_data.PAGE_PATH, title=_("Open data"),
            json_path=open_data.JSON_PATH, csv_path=open_data.CSV_PATH,
            csv_columns=open_data.CSV_COLUMNS,
            meta={"description": _("The deals as open data: a JSON file with every field in "
                                   "German and English, and a CSV table with one row per "
                                   "deal."), "lastmod": _newest(deals)})
        pages["feed.xml"] = self.feed(deals, here)
        return {f"{lang}/{path}": text for path, text in pages.items()}

    def absolute(self, path: str, lang: str | None = None) -> str:
        """The public address of a page, from its Markdown path."""
        return page_head.absolute_url(self.config, lang or self.lang, page_url(path))

    def feed_titles(self) -> dict[str, str]:
        """Each language's feed, named in this page's language."""
        return {code: self.gettext("%(site)s: briefings and articles in %(language)s") % {
            "site": self.config.site_name[code], "language": self.language_name(code)}
            for code in self.config.languages}

    def feed(self, deals: list[Deal], articles: list[Article]) -> str:
        def shown(text: Text) -> str:
            return text.fallback_language(self.lang, self.config.languages)

        entries = [feeds.Entry(
            title=self.name(d.headline), url=self.absolute(deal_path(d)),
            summary=self.plain(d.summary), published=d.published, updated=d.last_changed,
            title_lang=shown(d.headline), summary_lang=shown(d.summary)) for d in deals]
        entries += [feeds.Entry(
            title=a.title, url=self.absolute(article_path(a)),
            summary=" ".join(a.summary.split()), published=a.published, updated=a.last_changed,
            title_lang=a.lang, summary_lang=a.lang, author=self.name(a.author.name))
            for a in articles]
        return feeds.atom_feed(
            lang=self.lang, title=self.config.site_name[self.lang],
            subtitle=self.gettext("Briefings on tech deals and articles, newest first"),
            feed_url=page_head.feed_url(self.config, self.lang),
            home_url=self.absolute("index.md"),
            author=placeholders.publisher_name(self.config, self.lang), entries=entries)

    def missing_articles(self) -> list[Article]:
        """Articles with no version in this language: each gets a notice page here."""
        found = []
        for article in sorted(self.content.articles, key=lambda a: a.slug):
            if article.lang == self.lang or self.lang in article.translations:
                continue
            # One notice per story: the version in the site's first language if there is one.
            versions = [article, *article.translations.values()]
            first = min(versions, key=lambda a: self.config.languages.index(a.lang))
            if first is article:
                found.append(article)
        return found

    def latest_deals(self) -> list[Deal]:
        return sorted(self.content.deals.values(), key=lambda d: (d.as_of, d.id), reverse=True)

    def render(self, template: str, path: str, *, title: str, meta: dict[str, Any] | None = None,
               sources: dict[str, Source] | None = None, switch: dict[str, str] | None = None,
               versions: dict[str, str] | None = None,
               structured: Callable[[Citations, str], list[Node]] | None = None,
               **context: Any) -> str:
        """A page as Markdown with front matter. ``meta`` holds its description (the full
        summary: the head gets the sentences that fit) and kind; ``structured`` makes its
        schema.org data from the sources the page cited and its short description."""
        cite = Citations(sources or {})
        page_dir = posixpath.dirname(path)
        meta = {key: value for key, value in (meta or {}).items() if value is not None}

        def link(target: str) -> str:
            return _relative(target, page_dir or ".")

        def other_language(lang: str, target: str) -> str:
            """A link into the other language's site: plain relative address, no .md."""
            depth = page_url(path).count("/") + 1
            return "../" * depth + f"{lang}/{page_url(target)}"

        body = self.env.get_template(template).render(
            title=title, cite=cite, link=link, other_language=other_language,
            deal_path=deal_path, company_path=company_path, article_path=article_path,
            **context)
        switch = switch or {code: page_url(path) for code in self.config.languages}
        versions = versions if versions is not None else dict(switch)
        meta = dict(meta or {})
        description = page_head.short_description(meta.get("description", ""))
        if description:
            meta["description"] = description
        json_ld = structured_data.graph(structured(cite, description)) if structured else None
        front = {
            "title": title,
            "language_switch": {code: f"{code}/{url}" for code, url in switch.items()},
            "translations": {code: f"{code}/{url}"
                             for code, url in versions.items()},
            **meta,
            "head": page_head.head_text(page_head.head_data(
                self.config, self.lang, url=page_url(path), title=title,
                description=description, versions=versions,
                indexable=meta.get("robots") != "noindex",
                article=meta.get("page_kind") in ("deal", "article"),
                published=meta.get("published"), modified=meta.get("updated"),
                feed_titles=self.feed_titles())),
        }
        if json_ld:
            front["json_ld"] = json_ld
        header = _front_matter(front)
        return f"---\n{header}---\n\n{_tidy(body)}"

    def deal_page(self, deal: Deal) -> str:
        path = deal_path(deal)

        def structured(cite: Citations, description: str) -> list[Node]:
            url = self.absolute(path)
            mentions = [structured_data.monetary_amount(
                deal.amount, self.gettext("Amount"), self.money(deal.amount))] if deal.amount else []
            article = structured_data.news_article(
                self.config, url=url, lang=self.lang, headline=self.name(deal.headline),
                description=description, published=deal.published,
                modified=deal.last_changed, publisher_name=self.publisher_name(),
                author=structured_data.publisher(self.config, self.publisher_name()),
                about=self.organizations(p.company for p in deal.parties),
                citations=self.citations(cite), mentions=mentions,
                translations={code: self.absolute(path, code) for code in self.config.languages},
                original=self.config.default_language)
            return [article, *self.faq_page(url, deal.faq)]

        return self.render(
            "deal.md.j2", path, title=self.name(deal.headline), deal=deal,
            sources=deal.sources, structured=structured,
            meta={"description": self.plain(deal.summary), "page_kind": "deal",
                  **_page_dates(deal.published, deal.last_changed)})

    def publisher_name(self) -> str:
        return placeholders.publisher_name(self.config, self.lang)

    def organizations(self, companies: Iterable[Company]) -> list[Node]:
        """Companies as schema.org organizations, each once, linked to its page here."""
        unique: dict[str, Company] = {}
        for company in companies:
            unique.setdefault(company.id, company)
        return [structured_data.organization(self.name(c.name), self.absolute(company_path(c)),
                                             c.legal_name)
                for c in unique.values()]

    def citations(self, cite: Citations) -> list[Node]:
        """The sources the page lists, in its order."""
        return [structured_data.creative_work(
            s, self.name(s.publisher) if s.publisher else None) for s in cite.entries]

    def faq_page(self, url: str, faq: list[Question]) -> list[Node]:
        """The reader questions exactly as the page shows them (in the language shown)."""
        if not faq:
            return []
        questions = []
        for entry in faq:
            shown_q = entry.question.fallback_language(self.lang, self.config.languages)
            shown_a = entry.answer.fallback_language(self.lang, self.config.languages)
            questions.append((structured_data.plain_inline(entry.question.get(shown_q) or ""),
                              structured_data.plain_paragraphs(entry.answer.get(shown_a) or ""),
                              shown_q))
        return [structured_data.faq_page(url=url, lang=self.lang, questions=questions)]

    def deal_year_pages(self, by_year: list[tuple[int, list[Deal]]]) -> Pages:
        """One page per year for the deal overview of a large site."""
        _ = self.gettext
        return {deals_year_path(year): self.render(
            "deals_year.md.j2", deals_year_path(year), title=_("Deals in %(year)s") % {
                "year": year}, deals=deals_of_year, by_year=by_year,
            deals_year_path=deals_year_path,
            meta={"description": _("Every deal first reported in %(year)s, newest first.") % {
                "year": year}, "lastmod": _newest(deals_of_year)})
            for year, deals_of_year in by_year}

    def company_year_pages(self, company: Company) -> Pages:
        """One page per year for a company with many deals, each deal with its role."""
        _ = self.gettext
        by_year: dict[int, list[tuple[Deal, str]]] = {}
        for deal, role in _newest_first(company.deals):
            by_year.setdefault(deal.first_reported.year, []).append((deal, role))
        years = sorted(by_year, reverse=True)
        name = self.name(company.name)
        return {company_year_path(company, year): self.render(
            "company_year.md.j2", company_year_path(company, year),
            title=_("%(company)s: deals in %(year)s") % {"company": name, "year": year},
            company=company, deals=by_year[year], years=years,
            company_year_path=company_year_path,
            meta={"description": _("Every deal of %(company)s first reported in %(year)s, "
                                   "newest first.") % {"company": name, "year": year},
                  "lastmod": _newest(deal for deal, _role in by_year[year])})
            for year in years}

    def company_page(self, company: Company) -> str:
        by_role: dict[str, list[Deal]] = {}
        for deal, role in _newest_first(company.deals):
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
        graph = charts.investment_graph(company, self.lang, translations(self.lang),
                                        lambda c: self.name(c.name))
        return self.render(
            "company.md.j2", path, title=self.name(company.name),
            company=company, by_role=by_role, graph=graph, role_counts=role_counts,
            years=years, company_year_path=company_year_path,
            # Built and escaped element by element in charts.py.
            figure=Markup(graph.figure) if graph else None,
            structured=lambda _cite, _description: [structured_data.profile(
                url=self.absolute(path), lang=self.lang, title=self.name(company.name),
                company=self.organizations([company])[0])],
            meta={"description": self.plain(company.description), "page_kind": "company",
                  "lastmod": _newest(deal for deal, _role in company.deals)})

    def article_page(self, article: Article) -> str:
        sources = dict(article.sources)
        for deal in article.deals:
            sources.update({f"{deal.id}/{key}": s for key, s in deal.sources.items()})
        switch = {article.lang: page_url(article_path(article))}
        versions = dict(switch)
        for code, other in article.translations.items():
            switch[code] = versions[code] = page_url(article_path(other))
        for code in self.config.languages:
            switch.setdefault(code, page_url(article_path(article)))
        def structured(cite: Citations, description: str) -> list[Node]:
            url = self.absolute(article_path(article))
            versions_here = [article, *article.translations.values()]
            # The version the others translate: the first written, else the site's first language.
            original = min(versions_here, key=lambda a: (a.published, self.config.languages.index(
                a.lang) if a.lang in self.config.languages else len(self.config.languages)))
            news = structured_data.news_article(
                self.config, url=url, lang=self.lang, headline=article.title,
                description=description, published=article.published,
                modified=article.last_changed, publisher_name=self.publisher_name(),
                author=structured_data.person_or_organization(
                    article.author.kind, self.name(article.author.name)),
                about=self.organizations(p.company for d in article.deals for p in d.parties),
                citations=self.citations(cite),
                translations={a.lang: self.absolute(article_path(a), a.lang)
                              for a in versions_here},
                original=original.lang)
            return [news, *self.faq_page(url, article.faq)]

        return self.render(
            "article.md.j2", article_path(article), title=article.title, article=article,
            sources=sources, switch=switch, versions=versions, structured=structured,
            body=self.article_body(article),
            meta={"description": " ".join(article.summary.split()), "page_kind": "article",
                  **_page_dates(article.published, article.last_changed)})

    def untranslated_page(self, article: Article) -> str:
        """The notice that an article exists in another language only: its title and
        summary in this page's language where the front matter gives them, so that this
        language's readers (and search) find the story."""
        _ = self.gettext
        notice = _("Available in %(language)s only:") % {
            "language": self.language_name(article.lang)}
        title_here, summary_here = article.other_languages.get(self.lang, (None, None))
        title = f"{notice} {title_here or article.title}"
        switch = {code: page_url(article_path(article)) for code in self.config.languages}
        only = _("This article is available in %(language)s only.") % {
            "language": self.language_name(article.lang)}
        return self.render(
            "untranslated.md.j2", article_path(article), title=title, notice=notice,
            article=article, title_here=title_here, summary_here=summary_here,
            switch=switch, versions={article.lang: page_url(article_path(article))},
            meta={"description": f"{_end_sentence(title_here)} {only}" if title_here else only,
                  "page_kind": "notice", "robots": "noindex"})

    def article_body(self, article: Article) -> Any:
        """The body's [@id] markers become numbered citations, in reading order."""
        def replace(cite: Citations) -> Markup:
            # "text [@id]" reads as text with a superscript number right after its last word.
            return Markup(re.sub(r"[ \t]*" + CITATION.pattern,
                                 lambda m: str(cite([m.group(1)])), article.body))
        return replace

    def plain(self, text: Text) -> str:
        return " ".join((text.get(text.fallback_language(self.lang, self.config.languages))
                         or "").split())


@lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    # posixpath.relpath asks the operating system for the working folder on every call.
    return posixpath.relpath(target, start)


def _end_sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?", "…")) else text + "."


def _escape_unless_markup(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape_inline(value)
    return value


def _newest_first(deals: list[tuple[Deal, str]]) -> list[tuple[Deal, str]]:
    return sorted(deals, key=lambda dr: (dr[0].first_reported, dr[0].id), reverse=True)


def _by_year(deals: list[Deal]) -> list[tuple[int, list[Deal]]]:
    years: dict[int, list[Deal]] = {}
    for deal in deals:
        years.setdefault(deal.first_reported.year, []).append(deal)
    return sorted(years.items(), reverse=True)


def _page_dates(published: PartialDate, changed: PartialDate) -> dict[str, str]:
    """A briefing's or article's own dates for its head and the sitemap: first published and
    last changed (a correction counts). The sitemap's lastmod is the last substantive
    change, as search engines ask; a review that changed nothing else does not move it."""
    return {"published": published.iso, "updated": changed.iso, "lastmod": changed.iso}


def _newest(listed: Iterable[Deal | Article]) -> str | None:
    """A listing page's lastmod: the newest last change of what it lists."""
    dates = [item.last_changed for item in listed]
    return max(dates).iso if dates else None


def _tidy(text: str) -> str:
    """At most one blank line in a row, one newline at the end: stable, diff-friendly pages."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


class DuplicatePage(BriefingError):
    """Two pages were rendered to one address; the check should have said so first."""


class _UniquePages(dict[str, str]):
    """Pages by path that refuse to let a second page overwrite the first: where the check
    missed a collision, the build stops instead of losing a page without a word."""

    def __setitem__(self, path: str, text: str) -> None:
        if path in self:
            raise DuplicatePage(f"two pages were rendered to {path}; nothing was written "
                                f"(run 'briefing check': it names the two files)")
        super().__setitem__(path, text)

    def update(self, pages: Any = (), /, **more: str) -> None:  # type: ignore[override]
        for path, text in dict(pages, **more).items():
            self[path] = text
