"""Property tests: whatever an editor saves, the loader and checker answer with the project's
own Problem list or a clean result, and a clean result renders.

Inputs are the valid records of tests/fixtures/minimal/ mutated (fields dropped, values of
other types swapped in, random Unicode), random YAML-ish text, and random bytes. The
examples are derived from the test's name (``derandomize``) and no example database is
kept, so every run on every machine tries the same inputs.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from dataclasses import replace as dataclass_replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from conftest import MINIMAL, fixture_config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import pipeline
from generator.content.model import build_content
from generator.errors import ContentError, Problem
from generator.pages.registry import FEED
from generator.render.renderer import LanguageRenderer, render_site
from generator.settings import SiteConfig
from generator.text import markup

ROOT = Path(__file__).resolve().parent.parent

FUZZ = settings(max_examples=50, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# The fixture's files and their parsed data, the starting point of every mutation.
RECORDS = {p.relative_to(MINIMAL).as_posix(): p.read_text(encoding="utf-8")
           for p in sorted(MINIMAL.rglob("*")) if p.is_file()}
YAML_RECORDS = sorted(name for name in RECORDS if name.endswith(".yml"))
ARTICLES = sorted(name for name in RECORDS if name.endswith(".md"))


_TREE = Path(tempfile.mkdtemp(prefix="fuzz-content-"))
atexit.register(shutil.rmtree, _TREE, ignore_errors=True)
shutil.copytree(MINIMAL, _TREE / "content")
_BASE_CONFIG = replace(fixture_config(MINIMAL), content_dir=_TREE / "content",
                       project_dir=_TREE)


@contextmanager
def content_tree(files: dict[str, str | bytes]) -> Iterator[SiteConfig]:
    """The minimal tree with ``files`` laid over it, and a site config reading it.

    One tree serves every example: the files are put back as they were afterwards, which
    costs less than a fresh copy per example.
    """
    content = _TREE / "content"
    try:
        for name, data in files.items():
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        yield _BASE_CONFIG
    finally:
        for name in files:
            path = content / name
            if name in RECORDS:
                path.write_text(RECORDS[name], encoding="utf-8")
            else:
                path.unlink(missing_ok=True)


def assert_only_own_outcomes(config: SiteConfig) -> list[Problem]:
    """Load and check; anything but a Problem list is a bug. A clean result must render."""
    documents, problems = pipeline.check(config)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file.startswith("content/") and problem.line >= 1 and problem.column >= 1
        assert problem.severity in ("error", "warning", "notice") and problem.message.strip()
        assert "\n" not in str(problem)
    if not any(p.severity == "error" for p in problems):
        pages = render_site(build_content(documents), config, today=pipeline.today())
        for path, text in pages.items():
            if isinstance(text, str):
                assert "<script" not in text.lower(), path
    return problems


# --- mutations of parsed records -------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from(["", "TODO", "<script>alert(1)</script>", "[x](javascript:alert(1))",
                     "2025-02-30", "2999-01-01", "USD", "acme", "release", "de", "en",
                     "https://acme.example/", "javascript:alert(1)", "../../etc/passwd",
                     "*a", "&a", "<<", "~", "null", "yes", "1e3", "0x1f", "\u202e", "\x07"]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["de", "en", "id", "value", "min", "max", "currency", "sources",
                                 "company", "role", "date", "status", "url", "x"]), inner,
                                max_size=4)),
    max_leaves=8)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed record, parents before children."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield prefix + (i,)
            yield from paths(value, prefix + (i,))


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, str]:
    """A fixture record, parsed, changed in one to three places, and written as YAML."""
    name = draw(st.sampled_from(YAML_RECORDS))
    data = yaml.safe_load(RECORDS[name])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = list(paths(data))
        if not places:
            break
        path = draw(st.sampled_from(places))
        container = parent_of(data, path)
        action = draw(st.sampled_from(["drop", "swap", "add"]))
        if action == "drop":
            del container[path[-1]]
        elif action == "swap":
            container[path[-1]] = draw(values)
        elif isinstance(container, dict):
            container[draw(st.text(min_size=1, max_size=12))] = draw(values)
        else:
            container.append(draw(values))
    return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@given(mutated_record())
@FUZZ
def test_mutated_records(record: tuple[str, str]) -> None:
    name, text = record
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


@st.composite
def mutated_front_matter(draw: st.DrawFn) -> tuple[str, str]:
    """An article whose front matter is changed like a record, or whose body is random."""
    name = draw(st.sampled_from(ARTICLES))
    _, front, body = RECORDS[name].split("---\n", 2)
    data = yaml.safe_load(front)
    if draw(st.booleans()):
        path = draw(st.sampled_from(list(paths(data))))
        container = parent_of(data, path)
        if draw(st.booleans()):
            del container[path[-1]]
        else:
            container[path[-1]] = draw(values)
    else:
        body = draw(st.one_of(
            st.text(max_size=200),
            st.lists(st.sampled_from(
                ["# Title", "[@notes]", "[@acme-globex-investment/release]", "[@bad id]",
                 "<script>x</script>", "<b>bold</b>", "![i](https://x.example/i.png)",
                 "[l](javascript:alert(1))", "<javascript:alert(1)>", "{: onclick=x }",
                 "<!-- c -->", "```\ncode\n```", "| a | b |\n|---|---|\n| 1 | 2 |", "---",
                 "*", "\n", "[x]: http://a.example/", "&amp;", "\u0000"]),
                max_size=12).map(" ".join)))
    front_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return name, f"---\n{front_text}---\n{body}"


@given(mutated_front_matter())
@FUZZ
def test_mutated_articles(article: tuple[str, str]) -> None:
    name, text = article
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


# --- mutations of the text itself -----------------------------------------------------------

@st.composite
def mutated_text(draw: st.DrawFn) -> tuple[str, str]:
    """A fixture file's text with slices deleted, duplicated or replaced by random text."""
    name = draw(st.sampled_from(sorted(RECORDS)))
    text = RECORDS[name]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 40)))
        insert = draw(st.one_of(
            st.just(""), st.just(text[start:end] * 2), st.text(max_size=10),
            st.sampled_from(["\t", ":", ": ", "- ", "&a ", "*a", "[", "]", "{", "}", "\"", "'",
                             "\n  ", "\n", "#", "!!python/object:os.system", "---\n", "%YAML",
                             "\ufeff", "\u2028", "\x85"])))
        text = text[:start] + insert + text[end:]
    return name, text


@given(mutated_text())
@FUZZ
def test_mutated_yaml_text(file: tuple[str, str]) -> None:
    name, text = file
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


@given(st.sampled_from(sorted(RECORDS)), st.text(max_size=300))
@FUZZ
def test_random_text(name: str, text: str) -> None:
    with content_tree({name: text}) as config:
        assert_only_own_outcomes(config)


@given(st.sampled_from(sorted(RECORDS)), st.binary(max_size=300))
@FUZZ
def test_random_bytes(name: str, data: bytes) -> None:
    with content_tree({name: data}) as config:
        assert_only_own_outcomes(config)


@given(st.sampled_from(sorted(RECORDS)), st.binary(max_size=200))
@FUZZ
def test_valid_text_with_random_bytes_appended(name: str, data: bytes) -> None:
    with content_tree({name: RECORDS[name].encode("utf-8") + data}) as config:
        assert_only_own_outcomes(config)


def test_generate_raises_only_content_errors() -> None:
    """The pipeline's own entry point turns a broken tree into a ContentError, not a crash."""
    with content_tree({"deals/acme-globex-investment.yml": "id: [\n"}) as config:
        try:
            pipeline.generate(config)
        except ContentError as error:
            assert error.problems and "nothing was written" in error.report()
        else:
            raise AssertionError("a broken record passed")


# --- addresses, numbers and feeds: what the check accepts is published as written ----------

ADDRESS_PIECES = st.one_of(
    st.sampled_from(["a", "Z", "0", "-", ".", "_", "~", "%20", "%zz", "%", "/", "?", "#", "@",
                     ":", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "[", "]",
                     "\"", "<", ">", "\\", "^", "`", "{", "|", "}", " ", "\t", "\n", "\x00",
                     "\x7f", "\x85", "ä", "ß", "€", "\u00a0", "\u200b", "\u200e", "\u202e",
                     "\u2066", "\u2028", "\ufeff", "\uffff", "\U0001f600", "&amp;", "&#x27;",
                     "javascript:", "<img src=x onerror=alert(1)>", "\"onmouseover=\"x",
                     "*a*", "_a_", "[x](y)", "{: onclick=x }", "<!--", "-->", "`x`"]),
    st.text(max_size=3))
HOSTS = st.sampled_from(["acme.example", "a.b.example", "xn--bcher-kva.example", "1.2.3.4",
                         "[2001:db8::1]", "acme.example:8443", "ACME.Example", "bücher.example",
                         "localhost", "a_b.example", "", "u:p@acme.example", "acme.example.",
                         "-a.example", "acme..example", "[::1%25eth0]", "acme.example:0"])


# Everything RFC 3986 allows after the host, and letters beyond ASCII: the addresses the
# check accepts, with every character that means something to HTML or Markdown.
ALLOWED_PIECES = st.sampled_from(
    ["a", "Z", "0", "-", ".", "_", "~", "%20", "%C3%A4", "/", "?", "@", ":", "!", "$", "&",
     "'", "(", ")", "*", "+", ",", ";", "=", "ä", "ß", "€", "\U0001f600", "&amp;", "&#x27;",
     "&lt;", "*a*", "_a_", "**", "__", "(y)", "!(x)", "--", "=x", "'onload='", "&quot;"])


@st.composite
def addresses(draw: st.DrawFn) -> str:
    if draw(st.integers(min_value=0, max_value=3)):  # mostly addresses that could pass
        path = "".join(draw(st.lists(ALLOWED_PIECES, max_size=16)))
        fragment = "".join(draw(st.lists(ALLOWED_PIECES, max_size=4))).replace("#", "")
        return (draw(st.sampled_from(["https://", "HTTPS://"])) + draw(HOSTS) + "/" + path
                + (f"#{fragment}" if draw(st.booleans()) else ""))
    scheme = draw(st.sampled_from(["https://", "https://", "https://", "HTTPS://", "http://",
                                   "https:", "//", "javascript:", ""]))
    tail = "".join(draw(st.lists(ADDRESS_PIECES, max_size=12)))
    return scheme + draw(HOSTS) + draw(st.sampled_from(["", "/", "/x/"])) + tail


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text = ""
        self.in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.in_link = self.in_link or tag == "a"

    def handle_endtag(self, tag: str) -> None:
        self.in_link = self.in_link and tag != "a"

    def handle_data(self, data: str) -> None:
        if self.in_link:
            self.text += data


def _source_renderer() -> tuple[Any, Any]:
    config = _BASE_CONFIG
    documents, problems = pipeline.check(config)
    assert not [p for p in problems if p.severity == "error"]
    content = build_content(documents)
    deal = next(iter(content.deals.values()))
    return (LanguageRenderer(content, config, "en", pipeline.today()),
            next(iter(deal.sources.values())))


@given(addresses())
@settings(FUZZ, max_examples=400)
def test_an_accepted_address_renders_as_one_link_and_nothing_else(url: str) -> None:
    """Whatever markup.unsafe_url accepts, the source list shows as one <a href> whose
    target is the address and whose text is the address, with no other element or
    attribute: through render.source_entry, the sources template's list item and the
    site's Python-Markdown."""
    if markup.unsafe_url(url) is not None:
        return
    renderer, source = _SOURCE_RENDERER
    entry = renderer.source_entry(dataclass_replace(source, url=url))
    html_text = markup._converter().reset().convert(
        f'<ol class="sources" markdown>\n<li id="source-1" markdown>{entry}</li>\n</ol>\n')
    parsed = _Elements()
    parsed.feed(html_text)
    parsed.close()
    assert [tag for tag, _attrs in parsed.tags] == ["ol", "li", "span", "a"], html_text
    assert dict(parsed.tags[-1][1]) == {"href": markup.address_href(url)}
    assert parsed.text == url
    assert markup.address_href(url).isascii()


NUMBERS = st.one_of(
    st.integers(min_value=-10, max_value=10**16).map(str),
    st.sampled_from(["0100", "0x10", "0o17", "0b101", "1:30", "1_000", "+5", "-5", "1e3",
                     "1.5e3", ".inf", "-.inf", ".nan", ".NaN", "0", "00", "1.", ".5", "5.0",
                     "999999999999999", "1000000000000000", "9" * 400, "9" * 5000,
                     "２０００", "2000\u200b", "!!int 7", "!!float 1", "!!int 0x1f", "1,000",
                     "2 000", "~", "null", "true", "[1]", "{a: 1}", "'5'", "\"5\""]),
    st.text(alphabet="0123456789.:_+-xobe ", min_size=1, max_size=8))


@given(NUMBERS)
@settings(FUZZ, max_examples=300)
def test_an_amount_is_published_as_written_or_refused(written: str) -> None:
    """An amount the check accepts was written as decimal digits, and the model holds that
    very number; any other form of a number is a problem, never a different figure."""
    name = "deals/acme-globex-investment.yml"
    text = RECORDS[name].replace("value: 2000000000", f"value: {written}")
    with content_tree({name: text}) as config:
        documents, problems = pipeline.check(config)
        if any(p.severity == "error" for p in problems):
            return
        deal = next(iter(build_content(documents).deals.values()))
    figure = written.strip()  # YAML's own: spaces around a plain value are not part of it
    assert re.fullmatch(r"[1-9][0-9]{0,14}", figure), written
    assert deal.amount is not None and deal.amount.value == int(figure)


FEED_TEXT = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20)


@given(FEED_TEXT, FEED_TEXT)
@settings(FUZZ, max_examples=150)
def test_feeds_are_well_formed_for_every_text_the_check_accepts(headline: str,
                                                                  title: str) -> None:
    """Any character in a headline or an article title that the check lets through makes
    a feed an XML parser reads."""
    deal_name, article_name = "deals/acme-globex-investment.yml", "articles/acme-globex.en.md"
    deal = RECORDS[deal_name].replace("  en: Acme invests in Globex",
                                      f"  en: {json.dumps(headline)}")
    article = RECORDS[article_name].replace("title: Acme bets on Globex",
                                            f"title: {json.dumps(title)}")
    with content_tree({deal_name: deal, article_name: article}) as config:
        documents, problems = pipeline.check(config)
        if any(p.severity == "error" for p in problems):
            return
        content = build_content(documents)
    for lang in config.languages:
        assert FEED.write is not None
        feed = FEED.write(LanguageRenderer(content, config, lang, pipeline.today()), None)
        root = ET.fromstring(feed.encode("utf-8"))
        titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
        if lang == "en":  # the headline and the title changed are the English ones
            assert headline in titles and title in titles, titles


_SOURCE_RENDERER = _source_renderer()
