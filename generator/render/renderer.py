"""Content in, pages out: ``{path: Markdown text}`` per language, touching no file.

Which pages there are comes from the page registry (pages/registry.py): ``plan`` walks it and
lists every page of a language with what it depends on; ``LanguageRenderer.pages`` renders
them. Every value a template prints is escaped as plain text unless it is ``Markup`` (see
``markup.py``): the environment's finalize step does it, so a template cannot forget.
Citations are numbered in reading order as the template asks for them, one list per page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache
from html import escape as html_escape
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import jinja2
import yaml
from babel import Locale
from babel.lists import format_list
from markupsafe import Markup

from ..content.languages import language
from ..content.model import (
    Article,
    Company,
    Content,
    Deal,
    Money,
    PartialDate,
    Question,
    Source,
    Text,
    review_overdue,
)
from ..errors import BriefingError
from ..pages import page_head, registry, structured_data
from ..pages.kind import Citations, PageContext, PageParts
from ..pages.page_head import Head
from ..pages.paths import article_path, company_path, figure_path, page_url
from ..pages.registry import PageKind
from ..pages.social_image import Picture
from ..pages.structured_data import Node
from ..rules import placeholders
from ..schemas import CITATION
from ..settings import SiteConfig
from ..text import alphabet, formatting
from ..text.i18n import translations
from ..text.labels import COMPUTED, DEAL_KIND, DOCUMENT_KIND, ROLE, STATUS, VALUATION_BASIS, label
from ..text.markup import FIGURE, address_link, escape_block, escape_inline
from ..text.sentences import sentences
from ..text.typography import tie, unit_hyphens_may_break_in_wide_tables
from .glossary import explain_terms as explain_terms_in

# Markdown and feeds as text; pictures as bytes, or drawn when the writer needs them.
Pages = dict[str, str | bytes | Picture]


@dataclass(frozen=True)
class MarkdownPage:
    """A page made from a template: the Markdown the writer writes, and the data of its
    <head> (pages/page_head.py), which goes to MkDocs as data beside the file, never in it
    (the build's map of heads, build/pipeline.py)."""

    text: str
    head: Head


# What one page renders to: a template's page with its head, or a file written as it is.
Rendered = MarkdownPage | str | bytes | Picture
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



@dataclass(frozen=True)
class PlannedPage:
    """One page of one language, before it is rendered: where it goes, its kind and what
    it is made from."""

    path: str  # below the language's folder
    kind: PageKind
    item: Any

    def depends_on(self, renderer: LanguageRenderer) -> frozenset[registry.Dependency]:
        """Which content the page shows (the registry's declaration, and the glossary for
        a page of text)."""
        return self.kind.dependencies(renderer, self.item)


def render_site(content: Content, config: SiteConfig, languages: Iterable[str] | None = None,
                *, today: date, heads: dict[str, Head] | None = None) -> Pages:
    """Every page of every language (or of ``languages`` only: the build renders each
    language in its own process), keyed by its path below the Markdown folder. ``heads``,
    when given, receives the head of each page made from a template, keyed alike.

    ``today`` decides which records say they may be out of date (not reviewed for
    ``config.review_after_days``): the same content on the same day gives the same pages.
    """
    pages: Pages = {}
    for lang in config.languages if languages is None else languages:
        language_heads: dict[str, Head] = {}
        rendered = LanguageRenderer(content, config, lang, today).pages(language_heads)
        pages.update({f"{lang}/{path}": text for path, text in rendered.items()})
        if heads is not None:
            heads.update({f"{lang}/{path}": head for path, head in language_heads.items()})
    return dict(sorted(pages.items()))


def plan(content: Content, config: SiteConfig, lang: str, today: date) -> list[PlannedPage]:
    """Every page of one language, from the page registry, with what each depends on."""
    return LanguageRenderer(content, config, lang, today).plan()


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


@cache
def environment(templates_dir: Path, lang: str) -> jinja2.Environment:
    """The Jinja2 environment of one language's page templates, made once per process.

    Its filters need only the language; what a page needs of the site (its languages, for
    texts not yet translated) they read from the page's context, which ``render`` fills.
    Each render forgets the templates it has loaded (``LanguageRenderer``), so that a
    changed template is read again; unchanged ones come from the compiled-template cache.
    """
    words = Words(lang)

    def site_languages(context: Any) -> tuple[str, ...]:
        languages: tuple[str, ...] = context["config"].languages
        return languages

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir / "pages"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: finalize escapes instead
        finalize=_escape_unless_markup,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED_TEMPLATES,
        # A render does not change templates under itself: no need to ask the file system
        # before each of the thousands of includes (each render starts with an empty cache).
        auto_reload=False,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
        translations(lang), newstyle=True)
    env.globals.update(lang=lang, language_name=words.language_name,
                       colon=language(lang).colon, dash=language(lang).dash)
    env.filters.update(
        money=words.money, day=words.day, short_day=words.short_day, percent=words.percent,
        number=words.number,
        h=lambda s: Markup(html_escape(str(s))), amount_as_committed=words.amount_as_committed,
        status_label=words.status_label, role_label=words.role_label,
        kind_label=words.kind_label, valuation_basis_label=words.valuation_basis_label,
        languages_named=words.languages_named,
        name=jinja2.pass_context(lambda context, text: words.name(
            text, site_languages(context))),
        tr=jinja2.pass_context(lambda context, text: words.tr(text, site_languages(context))),
        paragraphs=jinja2.pass_context(lambda context, text: words.paragraphs(
            text, site_languages(context))),
        source_entry=jinja2.pass_context(lambda context, source: words.source_entry(
            source, site_languages(context))),
        names_listed=jinja2.pass_context(lambda context, texts: words.names_listed(
            texts, site_languages(context))),
    )
    return env


def forget_templates() -> None:
    """Drop every language's environment: the next render builds them again (tests that
    change the templates directory's files, and memory released after a build)."""
    environment.cache_clear()


class Words:
    """How one language writes the values of records: money, dates, labels, texts that
    fall back to another language. The templates' filters, and the renderer's."""

    def __init__(self, lang: str):
        self.lang = lang
        self.locale = Locale.parse(formatting.locale(lang))
        self.gettext = translations(lang).ugettext

    def money(self, money: Money) -> str:
        text = formatting.money_text(money, self.lang, self.gettext)
        if money.computed:  # our sum, never passed off as a figure of the parties
            text += " (" + label(COMPUTED, "sum-of-parts", self.gettext) + ")"  # the one kind
        return text

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

    def day(self, when: PartialDate) -> str:
        return formatting.date_text(when, self.lang)

    def short_day(self, when: PartialDate) -> str:
        return formatting.short_date_text(when, self.lang)

    def percent(self, stake: Any) -> str:
        return formatting.percent_text(stake.percent, stake.qualifier, self.lang, self.gettext)

    def language_name(self, code: str) -> str:
        """A language's name in this page's language: "German" on English pages."""
        return str(self.locale.languages.get(code, code))

    def sort_key(self, text: str) -> tuple[str, str]:
        """Alphabetical order as readers expect it: case and accents count last."""
        return alphabet.sort_key(text)

    def languages_named(self, codes: Iterable[str]) -> str:
        """Languages listed in this page's language: "Deutsch und Englisch"."""
        return str(format_list([self.language_name(code) for code in codes], locale=self.locale))

    def number(self, value: int) -> str:
        return formatting.number_text(value, self.lang)

    def status_label(self, status: str) -> str:
        return label(STATUS, status, self.gettext)

    def role_label(self, role: str) -> str:
        return label(ROLE, role, self.gettext)

    def kind_label(self, kind: str) -> str:
        return label(DEAL_KIND, kind, self.gettext)

    def valuation_basis_label(self, basis: str) -> str:
        return label(VALUATION_BASIS, basis, self.gettext)

    def name(self, text: Text, languages: tuple[str, ...]) -> str:
        return text.get(text.fallback_language(self.lang, languages)) or ""

    def plain(self, text: Text, languages: tuple[str, ...]) -> str:
        return " ".join(self.name(text, languages).split())

    def names_listed(self, texts: Iterable[Text], languages: tuple[str, ...]) -> str:
        """Names as a list in this language: "TechSpot und Tom’s Hardware"."""
        return str(format_list([self.plain(t, languages) for t in texts], locale=self.locale))

    def tr(self, text: Text, languages: tuple[str, ...]) -> Markup:
        """A localized text for one line; another language's, marked, where this one's is
        missing."""
        shown = text.fallback_language(self.lang, languages)
        escaped = escape_inline(text.get(shown) or "")
        if shown == self.lang:
            return Markup(escaped)
        notice = self.gettext("not yet translated")
        return Markup(f'<span lang="{shown}">{escaped}</span> '
                      f'<small class="untranslated">({notice})</small>')

    def paragraphs(self, text: Text, languages: tuple[str, ...]) -> Markup:
        shown = text.fallback_language(self.lang, languages)
        escaped = escape_block(text.get(shown) or "")
        if shown == self.lang:
            return Markup(escaped)
        notice = self.gettext("This passage is not yet translated; it is shown in "
                              "%(language)s.") % {"language": self.language_name(shown)}
        return Markup(f'<div class="untranslated" markdown>\n\n*{escape_inline(notice)}*\n\n'
                      f'</div>\n\n<div lang="{shown}" markdown>\n\n{escaped}\n\n</div>')

    def source_entry(self, source: Source, languages: tuple[str, ...]) -> Markup:
        """One line of the source list: publisher, author, „title“, kind, date, address.
        Editors' remarks are not in the model, so they cannot get here."""
        _ = self.gettext
        parts = []
        if source.publisher:
            parts.append(escape_inline(self.name(source.publisher, languages)))
        if source.author:
            parts.append(escape_inline(source.author))
        if source.title:
            quoted = formatting.quoted(source.title, self.lang)
            parts.append(f'<span lang="{source.language}">{escape_inline(quoted)}</span>')
        if source.kind:
            parts.append(escape_inline(label(DOCUMENT_KIND, source.kind, _)))
        if source.published:
            parts.append(escape_inline(self.day(source.published)))
        elif source.url:  # a web page whose publication date is unknown: its access date follows
            parts.append(escape_inline(_("n.d.")))
        sentences = [", ".join(parts)]
        if source.language != self.lang:
            sentences.append(escape_inline(_("In %(language)s") % {
                "language": self.language_name(source.language)}))
        line = " ".join(registry.end_sentence(s) for s in sentences)
        if source.url:
            line += " " + address_link(source.url)  # never an autolink: the address is escaped
            if source.accessed:
                line += " " + escape_inline(
                    "(" + _("accessed %(date)s") % {"date": self.day(source.accessed)} + ")")
        return Markup(line)




class LanguageRenderer:
    """The pages of one language: the registry's page kinds, rendered from the content.

    Page kinds (pages/) get what they need through this object, which they know only as
    the context protocol (pages/kind.py's ``PageContext``): the content, the site, the day,
    the words of the language and the shared pieces of a page (its head, schema.org data,
    links). ``context`` is this object as that protocol: mypy checks there that it has
    everything the protocol names."""

    def __init__(self, content: Content, config: SiteConfig, lang: str, today: date,
                 kept: KeptParts | None = None):
        self.content: Content = content
        self.config: SiteConfig = config
        self.lang: str = lang
        self.today = today
        # Parts of pages kept between renders (a preview's, preview/kept_parts.py); None:
        # this render keeps its parts for itself only.
        self.kept = kept
        self._shared: dict[str, Any] = {}
        self._reused: dict[tuple[str, str], Any] = {}
        self.words = Words(lang)
        self.gettext = self.words.gettext
        self.env = environment(config.templates_dir, lang)
        self.env.cache.clear()  # type: ignore[union-attr]  # read changed templates again
        self.context: PageContext = self

    def shared(self, name: str, make: Callable[[], Any]) -> Any:
        """What several pages (or a page and its dependencies) of this render use, made
        once: ``make()`` the first time ``name`` is asked for."""
        if name not in self._shared:
            self._shared[name] = make()
        return self._shared[name]

    def reused(self, name: str, key: str, make: Callable[[], Any], *,
               same: tuple[object, ...] = (), equal: object = None) -> Any:
        """``make()`` for the part ``key`` of ``name`` (a deal's entry in the open-data
        files, say), or what an earlier call for it made: in this render, whose content
        does not change under it, or, with parts kept between renders, in an earlier
        render while each of ``same`` is the same object and ``equal`` is equal."""
        if self.kept is not None:
            return self.kept.reused(name, key, make, same, equal)
        if (name, key) not in self._reused:
            self._reused[(name, key)] = make()
        return self._reused[(name, key)]

    # --- the language's words, with the site's languages to fall back on -----------------

    def money(self, money: Money) -> str:
        return self.words.money(money)

    def day(self, when: PartialDate) -> str:
        return self.words.day(when)

    def language_name(self, code: str) -> str:
        return self.words.language_name(code)

    def name(self, text: Text) -> str:
        return self.words.name(text, self.config.languages)

    def plain(self, text: Text) -> str:
        return self.words.plain(text, self.config.languages)

    def source_entry(self, source: Source) -> Markup:
        return self.words.source_entry(source, self.config.languages)

    def review_due(self, reviewed: PartialDate) -> bool:
        """Whether a record was last checked against its sources too long ago."""
        return review_overdue(reviewed, self.today, self.config.review_after_days)

    # --- what the pages list ----------------------------------------------------------------

    @cached_property
    def deals(self) -> list[Deal]:
        """Every deal, newest first by the day it was first reported."""
        return sorted(self.content.deals.values(), key=lambda d: (d.first_reported, d.id),
                      reverse=True)

    @cached_property
    def deals_by_year(self) -> list[tuple[int, list[Deal]]]:
        return registry.by_year(self.deals)

    @cached_property
    def articles(self) -> list[Article]:
        """The articles written in this language, last changed first."""
        here = [a for a in self.content.articles if a.lang == self.lang]
        return sorted(here, key=lambda a: (a.last_changed, a.slug), reverse=True)

    @cached_property
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
        """Every deal, the one last changed in substance first (an update or a correction,
        not a new review date), then by the day its facts are as of."""
        latest: list[Deal] = self.shared("latest-deals", lambda: sorted(
            self.content.deals.values(), key=lambda d: (d.last_changed, d.as_of, d.id),
            reverse=True))
        return latest

    def first_sentence(self, text: Text) -> str:
        """A text's first sentence in this language: a line under a headline in a list."""
        return sentences(self.plain(text), self.config.languages)[0]

    def first_sentence_marked(self, text: Text, *, full_stop: bool = True) -> Markup:
        """A text's first sentence as one line of a page (the standfirst, the correction
        line; without its full stop where a dash and a link follow): escaped, and where
        this language's version is missing, the one shown is marked with its language and
        a notice, as ``tr`` marks any other line."""
        sentence = self.first_sentence(text)
        if not full_stop:
            sentence = sentence.rstrip(".")
        shown = text.fallback_language(self.lang, self.config.languages)
        return self.words.tr(Text({shown: sentence}), self.config.languages)

    # --- pages --------------------------------------------------------------------------

    def plan(self) -> list[PlannedPage]:
        """Every page of this language, kind by kind as the registry declares them; two
        pages at one address stop the build (the check should have said so first)."""
        planned: dict[str, PlannedPage] = {}
        for kind in registry.KINDS:
            for item in kind.items(self.context):
                path = kind.path_of(item)
                if path in planned:
                    raise DuplicatePage(f"two pages were rendered to {path}; nothing was "
                                        f"written (run 'briefing check': it names the two "
                                        f"files)")
                planned[path] = PlannedPage(path, kind, item)
        return list(planned.values())

    def pages(self, heads: dict[str, Head] | None = None) -> Pages:
        """Every page of this language, keyed by its path below the language's folder;
        ``heads``, when given, receives each template page's head, keyed alike."""
        pages: Pages = {}
        for page in self.plan():
            rendered = self.page(page)
            if isinstance(rendered, MarkdownPage):
                if heads is not None:
                    heads[page.path] = rendered.head
                rendered = rendered.text
            pages[page.path] = rendered
        return pages

    def page(self, page: PlannedPage) -> Rendered:
        kind = page.kind
        if kind.template is None:
            assert kind.write is not None
            return kind.write(self.context, page.item)
        return self.render(kind.template, page.path, PageParts.of(
            kind.context(self.context, page.item), story=kind.story,
            explain_terms=kind.explains_terms))

    def absolute(self, path: str, lang: str | None = None) -> str:
        """The public address of a page, from its Markdown path."""
        return page_head.absolute_url(self.config, lang or self.lang, page_url(path))

    def feed_titles(self) -> dict[str, str]:
        """Each language's feed, named in this page's language."""
        return {code: self.gettext("%(site)s: briefings and articles in %(language)s") % {
            "site": self.config.site_name[code], "language": self.language_name(code)}
            for code in self.config.languages}

    def render(self, template: str, path: str, parts: PageParts) -> MarkdownPage:
        """A page as Markdown with front matter, and its head, from its template and its
        parts (what each part is: pages/kind.py, ``PageParts``)."""
        title = parts.title
        cite = Citations(dict(parts.sources))
        page_dir = posixpath.dirname(path)
        meta = {key: value for key, value in parts.meta.items() if value is not None}

        def link(target: str) -> str:
            return _relative(target, page_dir or ".")

        def other_language(lang: str, target: str) -> str:
            """A link into the other language's site: plain relative address, no .md."""
            depth = page_url(path).count("/") + 1
            return "../" * depth + f"{lang}/{page_url(target)}"

        body = self.env.get_template(template).render(
            title=title, cite=cite, link=link, other_language=other_language,
            config=self.config, site_name=self.config.site_name[self.lang],
            review_due=self.review_due, **registry.PATHS, **parts.template)
        if parts.explain_terms:
            body = explain_terms_in(body, self.content.glossary, self.lang)
        body = unit_hyphens_may_break_in_wide_tables(body)
        switch = dict(parts.switch or {code: page_url(path) for code in self.config.languages})
        versions = dict(parts.versions) if parts.versions is not None else dict(switch)
        description = page_head.short_description(meta.get("description", ""),
                                                  languages=self.config.languages)
        if description:
            meta["description"] = description
        json_ld = (structured_data.graph(parts.structured(cite, description))
                   if parts.structured else None)
        front = {
            # Material shows it in <title>, the header, the navigation and the search results,
            # and writes it as it is, as HTML (its template environment does not escape):
            # escaped here, once, so that "&lt;b&gt;" or "</ invests>" show as typed.
            "title": html_escape(tie(title), quote=False),
            "language_switch": {code: f"{code}/{url}" for code, url in switch.items()},
            **meta,
        }
        if json_ld:
            front["json_ld"] = json_ld
        head = page_head.head_data(
            self.config, self.lang, url=page_url(path), title=title,
            description=description, versions=versions,
            indexable=meta.get("robots") != "noindex", article=parts.story,
            published=meta.get("published"), modified=meta.get("updated"),
            feed_titles=self.feed_titles(),
            own_feed=dict(parts.own_feed) if parts.own_feed is not None else None,
            image=dict(parts.image) if parts.image is not None else None)
        header = _front_matter(front)
        return MarkdownPage(f"---\n{header}---\n\n{_tidy(body)}", head)

    # --- shared pieces of pages ---------------------------------------------------------

    def publisher_name(self) -> str:
        return placeholders.publisher_name(self.config, self.lang)

    def ask_link(self, title: str) -> Markup | None:
        """A link that opens an e-mail to the desk (the Impressum's address) with the page's
        title as its subject; None while the address is a placeholder, which no reader
        may see. No form service: the reader's own mail program sends it."""
        email = placeholders.published_impressum(self.config).get("email")
        if email is None:
            return None
        href = f"mailto:{quote(email, safe='@')}?subject={quote(title, safe='')}"
        words = escape_inline(self.gettext("Write to the desk"))
        return Markup(f'<a href="{html_escape(href, quote=True)}">{words}</a>')

    def organizations(self, companies: Iterable[Company]) -> list[Node]:
        """Companies as schema.org organizations, each once, linked to its page here."""
        unique: dict[str, Company] = {}
        for company in companies:
            unique.setdefault(company.id, company)
        return [structured_data.organization(
                    self.name(c.name), self.absolute(company_path(c)), c.legal_name)
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

    def article_body(self, article: Article) -> Any:
        """The body's [@id] markers become numbered citations, in reading order, and its
        [[figure:id]] lines the pictures of its front matter, each with its credit."""
        page_dir = page_url(article_path(article)).rstrip("/")

        def figure(match: re.Match[str]) -> str:
            shown = article.figures[match.group(1)]
            src = _relative(figure_path(shown), page_dir)
            credit = self.gettext("Image: %(credit)s") % {"credit": shown.credit}
            caption = (f"{html_escape(' '.join(shown.caption.split()))} "
                       if shown.caption else "")
            return (f'\n<figure class="article-figure">\n'
                    f'<img src="{html_escape(src)}" alt="{html_escape(shown.alt)}" '
                    f'width="{shown.width}" height="{shown.height}" loading="lazy">\n'
                    f'<figcaption>{caption}<span class="figure-credit">'
                    f'{html_escape(credit)}</span></figcaption>\n</figure>\n')

        body = tie(article.body)  # "50 Mrd. US-Dollar" as in every other text of a page
        body = re.sub(rf"^[ \t]*{FIGURE.pattern}[ \t]*$", figure, body,
                      flags=re.MULTILINE)

        def replace(cite: Citations) -> Markup:
            # "text [@id]" reads as text with a superscript number right after its last word.
            return Markup(re.sub(r"[ \t]*" + CITATION.pattern,
                                 lambda m: str(cite([m.group(1)])), body))
        return replace


@lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    # posixpath.relpath asks the operating system for the working folder on every call.
    return posixpath.relpath(target, start)


def _escape_unless_markup(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape_inline(value)
    return value


def _tidy(text: str) -> str:
    """At most one blank line in a row, one newline at the end: stable, diff-friendly pages."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


class KeptParts(Protocol):
    """Parts of pages kept between renders (preview/kept_parts.py's, a preview's)."""

    def reused(self, name: str, key: str, make: Callable[[], Any], same: tuple[object, ...],
               equal: object) -> Any: ...


class DuplicatePage(BriefingError):
    """Two pages were rendered to one address; the check should have said so first."""

