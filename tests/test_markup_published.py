"""Markup published: record texts and glossary definitions reach readers as the text typed.

Record texts and definitions are plain text (README, "The content model"): the check refuses
HTML tags and Markdown links in them, and everything else Markdown or HTML would read is
neutralised on the page. Each case builds the site's Markdown from the minimal tree with the
generator, renders every page through the real Python-Markdown with the site's extensions
(mkdocs.yml's, kept in step by test_site_words) and reads the HTML with html.parser, as a
browser would: no element, attribute or class that the golden site does not have, every
glossary <abbr> title exactly its definition, and the typed text on the page.
"""

from __future__ import annotations

import atexit
import html
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from conftest import MINIMAL, fixture_config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import pipeline
from generator.rules.texts import HTML_TAG, MARKDOWN_LINK
from generator.settings import SiteConfig
from generator.text.markup import MARKDOWN_EXTENSIONS

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
DEAL = "deals/acme-globex-investment.yml"
COMPANY = "companies/acme.yml"
ARTICLE = "articles/acme-globex.en.md"
# The reference definition of the reproduction: a definition that says "see [x]."
# must not become a link to it inside the <abbr>'s title.
HOSTILE_REFERENCE = "[x]: https://acme.example/onmouseover=alert(1)//"

_TREE = Path(tempfile.mkdtemp(prefix="markup-published-"))
atexit.register(shutil.rmtree, _TREE, ignore_errors=True)
shutil.copytree(MINIMAL, _TREE / "content")
_CONFIG = replace(fixture_config(MINIMAL), content_dir=_TREE / "content",
                  project_dir=_TREE)
_ORIGINAL = {p.relative_to(_TREE / "content").as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((_TREE / "content").rglob("*")) if p.is_file()}


# --- reading a page as a browser does ---------------------------------------------------------

@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS,
                             extension_configs={"toc": {"permalink": False}})


@dataclass
class Page:
    front: dict[str, Any]
    shape: set[tuple[str, ...]] = field(default_factory=set)  # (tag,), (tag, attr), class
    abbr_titles: list[str] = field(default_factory=list)
    text: str = ""
    headings: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.texts: list[str] = []
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.shape.add((tag,))
        for name, value in attrs:
            self.page.shape.add((tag, name))
            if name == "class":
                self.page.shape.update((tag, "class", token) for token in (value or "").split())
            if tag == "abbr" and name == "title":
                self.page.abbr_titles.append(value or "")
        if tag == "h1":
            self.heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.heading is not None:
            self.page.headings.append(plain("".join(self.heading)))
            self.heading = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self.heading is not None:
            self.heading.append(data)


def plain(text: str) -> str:
    """Text as a reader compares it: the page's no-break spaces and hyphens as typed."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")
    return " ".join(text.split())


def read_page(text: str) -> Page:
    # The front matter ends at a line of its own that is "---" (a value may end in "---").
    front_text, body = text.removeprefix("---\n").split("\n---\n", 1)
    page = Page(front=yaml.safe_load(front_text))
    reader = _Reader(page)
    reader.feed(_converter().reset().convert(body))
    reader.close()
    page.text = plain("".join(reader.texts))
    return page


@cache
def golden_shape() -> frozenset[tuple[str, ...]]:
    """Every element, attribute and class the golden pages (sample and edge) have."""
    shape: set[tuple[str, ...]] = set()
    for path in sorted(GOLDEN.glob("*/expected/**/*.md")):
        shape |= read_page(path.read_text(encoding="utf-8")).shape
    return frozenset(shape)


# --- building the minimal site with some texts replaced ----------------------------------------

@contextmanager
def content(files: dict[str, str]) -> Iterator[SiteConfig]:
    root = _TREE / "content"
    try:
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        yield _CONFIG
    finally:
        for name in files:
            if name in _ORIGINAL:
                (root / name).write_text(_ORIGINAL[name], encoding="utf-8")
            else:
                (root / name).unlink(missing_ok=True)


def record(name: str, change: dict[tuple[Any, ...], str]) -> str:
    data = yaml.safe_load(_ORIGINAL[name])
    for path, value in change.items():
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def glossary(definitions: dict[str, str]) -> str:
    terms = [{"id": "gt", "term": {"de": "GT", "en": "GT"},
              "definition": {"de": definitions["gt"], "en": definitions["gt"]}},
             {"id": "investment", "term": {"de": "Investition", "en": "investment"},
              "definition": {"de": definitions["investment"], "en": definitions["investment"]}}]
    return yaml.safe_dump({"terms": terms}, allow_unicode=True, sort_keys=False)


def article(extra: str) -> str:
    return _ORIGINAL[ARTICLE].rstrip("\n") + "\n\n" + extra + "\n"


def build(files: dict[str, str]) -> dict[str, Page] | None:
    """Every Markdown page of the tree with ``files`` laid over it, read as HTML; None when
    the check refuses the content (then nothing is built)."""
    with content(files) as config:
        _documents, problems = pipeline.check(config)
        if any(pipeline.is_failure(p, False) for p in problems):
            return None
        generated = pipeline.generate(config)
    return {path: read_page(text) for path, text in generated.pages.items()
            if isinstance(text, str) and path.endswith(".md")}


def assert_nothing_beyond_golden(pages: dict[str, Page], definitions: set[str],
                                 article_markup: frozenset[tuple[str, ...]] = frozenset()
                                 ) -> None:
    """``article_markup``: what an article body the test wrote makes on purpose."""
    allowed = golden_shape() | article_markup
    for path, page in pages.items():
        beyond = page.shape - allowed
        assert not beyond, f"{path}: {sorted(beyond)} is on no golden page"
        for title in page.abbr_titles:
            assert " ".join(title.split()) in definitions, f"{path}: abbr title {title!r}"
        assert "<abbr" not in page.text, path  # a tag shown as text: it was broken
        title = html.unescape(page.front["title"])
        assert "<" not in page.front["title"], path
        assert not page.headings or page.headings[0] == plain(title), path


# --- the reproductions ---------------------------------------------------------------

def test_a_reference_in_a_definition_stays_text_beside_a_hostile_definition() -> None:
    definitions = {"gt": "A short name, see [x].", "investment": "Money put into a company."}
    pages = build({"glossary.yml": glossary(definitions),
                   DEAL: record(DEAL, {("summary", "en"): "GT and an investment, see [x]."}),
                   ARTICLE: article(f"The GT investment.\n\n{HOSTILE_REFERENCE}")})
    assert pages is not None
    page = pages["en/deals/acme-globex-investment.md"]
    assert "A short name, see [x]." in page.abbr_titles
    assert not any(shape[1:2] == ("onmouseover",) for p in pages.values() for shape in p.shape)
    assert_nothing_beyond_golden(pages, set(definitions.values()))
    assert "GT" in pages["en/articles/acme-globex.md"].text


def test_a_backtick_in_a_definition_leaves_inline_code_after_it_alone() -> None:
    definitions = {"gt": "Written `GT in code.", "investment": "Money put into a company."}
    pages = build({"glossary.yml": glossary(definitions),
                   ARTICLE: article("The GT of Acme, as `config` says.")})
    assert pages is not None
    page = pages["en/articles/acme-globex.md"]
    assert page.abbr_titles.count("Written `GT in code.") == 1
    assert "The GT of Acme, as config says." in page.text
    assert_nothing_beyond_golden(pages, set(definitions.values()))


def test_a_term_is_never_found_inside_a_character_reference() -> None:
    definitions = {"gt": "A short name.", "investment": "Money put into a company."}
    summary = "Acme > Globex & co; 1 < 2, then GT."
    pages = build({"glossary.yml": glossary(definitions),
                   DEAL: record(DEAL, {("summary", "en"): summary})})
    assert pages is not None
    page = pages["en/deals/acme-globex-investment.md"]
    assert summary in page.text
    assert page.abbr_titles.count("A short name.") == 1
    assert_nothing_beyond_golden(pages, set(definitions.values()))


def test_a_headline_with_entities_and_a_broken_tag_is_the_title_as_typed() -> None:
    headline = "Acme &lt;b&gt; bold </ invests> in Globex & more"
    # HTML tags are refused by the check; "</ invests>" is no tag (a space after "</").
    pages = build({DEAL: record(DEAL, {("headline", "en"): headline})})
    assert pages is not None
    page = pages["en/deals/acme-globex-investment.md"]
    title = page.front["title"]
    assert title == "Acme &amp;lt;b&amp;gt; bold &lt;/ invests&gt; in Globex &amp; more"
    # Material writes it as it is into <title>; a browser reads it back as typed.
    reader = _Reader(Page(front={}))
    reader.feed(f"<title>{title} - Deal Briefing</title>")
    assert "".join(reader.texts) == f"{headline} - Deal Briefing"
    assert page.headings == [headline]
    assert_nothing_beyond_golden(pages, set())


def test_a_paragraph_that_opens_an_admonition_is_shown_as_text() -> None:
    pages = build({DEAL: record(DEAL, {("summary", "en"): "!!! danger\n\n??? note\n\n!!! x"}),
                   COMPANY: record(COMPANY, {("description", "en"): "!!! danger \"Run\""})})
    assert pages is not None
    deal = pages["en/deals/acme-globex-investment.md"]
    assert "!!! danger ??? note !!! x" in deal.text
    assert '!!! danger "Run"' in pages["en/companies/acme.md"].text
    for page in pages.values():
        assert ("div", "class", "danger") not in page.shape
        assert ("details", "class", "note") not in page.shape  # FAQs are "faq"
    assert_nothing_beyond_golden(pages, set())


def test_fences_in_a_company_description_are_shown_as_text() -> None:
    # Each line its own paragraph: a fence opens and closes a code block only on lines of
    # their own.
    description = ("A company.\n\n~~~\n\ncode here\n\n~~~\n\n~~~ python\n\n```\n\nmore\n\n```"
                   "\n\n    indented\n\n\t```")
    pages = build({COMPANY: record(COMPANY, {("description", "en"): description})})
    assert pages is not None
    page = pages["en/companies/acme.md"]
    assert plain(description) in page.text
    for path in ("en/companies/acme.md", "en/deals/acme-globex-investment.md"):
        assert ("pre",) not in pages[path].shape and ("code",) not in pages[path].shape
    assert_nothing_beyond_golden(pages, set())


def test_a_term_is_explained_in_prose_only_never_in_code_links_or_references() -> None:
    definitions = {"gt": "A short name.", "investment": "Money put into a company."}
    lines = ["Acme and Globex.", "", "    GT in indented code", "", "~~~", "GT in a fence",
             "~~~", "", "```", "GT in a fence", "```", "",
             "See [GT](https://acme.example/GT) and `GT` and ``a ` GT`` and &gt; then [GT][x].",
             "", "[x]: https://acme.example/GT", "", "- an item", "",
             "    its second paragraph names GT, which is prose", ""]
    body = "\n".join(lines)
    pages = build({"glossary.yml": glossary(definitions), ARTICLE: article(body)})
    assert pages is not None
    page = pages["en/articles/acme-globex.md"]
    assert page.abbr_titles.count("A short name.") == 1
    assert_nothing_beyond_golden(pages, set(definitions.values()),
                                 frozenset({("pre",), ("div", "class", "highlight")}))
    with content({"glossary.yml": glossary(definitions), ARTICLE: article(body)}) as config:
        markdown_text = pipeline.generate(config).pages["en/articles/acme-globex.md"]
    assert isinstance(markdown_text, str)
    explained = [line for line in markdown_text.splitlines() if "<abbr" in line and "GT" in line]
    assert explained == [('    its second paragraph names <abbr class="term" title="A short '
                          'name." tabindex="0">GT</abbr>, which is prose')]


# --- any text from an alphabet rich in syntax ------------------------------------------------

_PIECES = (list("<>&\"'`[]()!~*_#|:-=+?{}\\/;.^ \n") + [
    "\n\n", "    ", "GT", "gt", "investment", "Acme", "!!! danger", "??? note", "~~~", "```",
    "&gt;", "&lt;b&gt;", "&#60;", "&amp;", "</ invests>", "[x]", "[x]: https://acme.example/",
    "- ", "1. ", "# ", "> ", "| a | b |", "*[GT]: x", "[^1]", "{: onclick=x}", "`code`",
    "<https://acme.example/>", "javascript:alert(1)", "<!--", "-->", " onmouseover=alert(1)",
    "\"><b>", "2 Mrd. US-Dollar"])


def _acceptable(text: str) -> str:
    """``text`` with the few things the check refuses (HTML tags, Markdown links) broken
    up, so that most examples get built: a space after "<", a full stop after "]" or a word
    before a reference definition makes them text."""
    while True:
        changed = HTML_TAG.sub(lambda m: "< " + m.group(0)[1:], text)
        changed = MARKDOWN_LINK.sub(lambda m: "]." + m.group(0)[1:] if m.group(0)[0] == "]"
                                    else "see " + m.group(0), changed)
        if changed == text:
            return text if text.strip() and not text.lstrip().startswith("TODO") else f"x{text}"
        text = changed


SYNTAX_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map(
    lambda pieces: _acceptable("".join(pieces)))


@given(definitions=st.tuples(SYNTAX_TEXT, SYNTAX_TEXT),
       texts=st.tuples(SYNTAX_TEXT, SYNTAX_TEXT, SYNTAX_TEXT, SYNTAX_TEXT, SYNTAX_TEXT))
@settings(max_examples=25, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_random_definitions_and_record_texts_add_no_markup(
        definitions: tuple[str, str], texts: tuple[str, str, str, str, str]) -> None:
    headline, summary, event, answer, description = texts
    defined = {"gt": definitions[0], "investment": definitions[1]}
    pages = build({
        "glossary.yml": glossary(defined),
        DEAL: record(DEAL, {("headline", "en"): headline, ("summary", "en"): summary,
                            ("timeline", 0, "event", "en"): event,
                            ("faq", 0, "answer", "en"): answer}),
        COMPANY: record(COMPANY, {("description", "en"): description}),
        ARTICLE: article(f"The GT investment, in `code`.\n\n{HOSTILE_REFERENCE}"),
    })
    if pages is None:
        return  # the check refused it (HTML tags, Markdown links, empty texts)
    assert_nothing_beyond_golden(pages, {" ".join(d.split()) for d in defined.values()})
    deal = pages["en/deals/acme-globex-investment.md"]
    assert deal.headings == [plain(headline)]
    for text in (summary, event, answer):
        assert plain(text) in deal.text
    assert plain(description) in pages["en/companies/acme.md"].text
    for definition in definitions:
        assert plain(definition) in pages["en/glossary.md"].text


@pytest.mark.parametrize("text", ["!!! danger", "~~~", "~~~\n\nx\n\n~~~", "??? note", "```", "    code", "# x",
                                  "- x", "1. x", "> x", "| a |", "*[x]: y", "[^1]: y", "<b>",
                                  "&lt;", "{: #x}", "---", "==="])
def test_escape_inline_text_is_one_paragraph_of_itself(text: str) -> None:
    from generator.text.markup import escape_block, escape_inline
    for escaped in (escape_inline(text), escape_block(text)):
        rendered = _converter().reset().convert(escaped)
        reader = _Reader(Page(front={}))
        reader.feed(rendered)
        assert reader.page.shape == {("p",)}, rendered
        assert plain("".join(reader.texts)) == plain(text)


# --- the same through a real MkDocs and Material build -----------------------------------------

@pytest.mark.slow
def test_material_shows_the_title_and_the_definition_as_typed(tmp_path: Path) -> None:
    """Material writes ``page.meta.title`` unescaped into <title> and the header: the front
    matter's one escaping is what makes both show the headline as typed."""
    from conftest import copy_project, run_mkdocs

    headline = "Acme &lt;b&gt; bold </ invests> 1 < 2 & more"
    definition = "Written `GT, see [x]."
    project = copy_project(tmp_path / "project", content=MINIMAL)
    root = project / "content"
    (root / DEAL).write_text(record(DEAL, {("headline", "en"): headline,
                                           ("summary", "en"): "GT and Acme."}), encoding="utf-8")
    (root / "glossary.yml").write_text(
        glossary({"gt": definition, "investment": "Money put into a company."}),
        encoding="utf-8")
    (root / ARTICLE).write_text(article(f"The GT, as `code` says.\n\n{HOSTILE_REFERENCE}"),
                                encoding="utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.open: list[str] = []
            self.title = ""
            self.topics: list[str] = []
            self.abbr_titles: list[str] = []
            self.attributes: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.open.append(" ".join([tag, *(v or "" for n, v in attrs if n == "class")]))
            self.attributes.update(name for name, _ in attrs)
            if tag == "abbr":
                self.abbr_titles.append(dict(attrs).get("title") or "")
            if tag in ("meta", "link", "input", "img", "br", "hr"):
                self.open.pop()

        def handle_endtag(self, tag: str) -> None:
            while self.open and self.open.pop().split()[0] != tag:
                pass

        def handle_data(self, data: str) -> None:
            if self.open and self.open[-1] == "title":
                self.title += data
            if any("md-header__topic" in element for element in self.open):
                self.topics.append(" ".join(data.split()))

    pages = {}
    for name in ("deals/acme-globex-investment", "articles/acme-globex"):
        reader = Reader()
        reader.feed((project / "site" / "en" / name / "index.html").read_text(encoding="utf-8"))
        pages[name] = reader
    deal = pages["deals/acme-globex-investment"]
    assert plain(deal.title) == f"{headline} - Deal Briefing"
    assert headline in [plain(topic) for topic in deal.topics]
    assert definition in deal.abbr_titles
    assert definition in pages["articles/acme-globex"].abbr_titles
    assert not any(a.startswith("on") for page in pages.values() for a in page.attributes)
