"""What search engines read at the site's root and in each language: the sitemaps (every
indexable page of every page kind with its own lastmod, no noindex page), the sitemap index
that names them, robots.txt that names the index, and the not-found page a static host
serves for every unknown address. The sitemaps are held to the sitemaps protocol's rules
(what its XSD files say, and the limits and address rules the protocol states beside them)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGES, SAMPLE_CONFIG
from sample_languages import article_versions, interface_words, notice_slugs

from generator.build import pipeline
from generator.pages.registry import KINDS, page_url

SITE_URL = SAMPLE_CONFIG.site_url
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The W3C Datetime profile (https://www.w3.org/TR/NOTE-datetime), as the protocol's lastmod.
W3C_DATETIME = re.compile(
    r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])"
    r"(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?)?)?")
# sitemap.xsd and siteindex.xsd: the elements an entry may have, those it must have.
ENTRY = {"urlset": ("url", {"loc", "lastmod", "changefreq", "priority"}),
         "sitemapindex": ("sitemap", {"loc", "lastmod"})}
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
MAX_ENTRIES, MAX_BYTES, MAX_LOC = 50_000, 50 * 1024 * 1024, 2048


def sitemap_errors(data: bytes, kind: str, under: str) -> list[str]:
    """What breaks the protocol in a sitemap (``kind`` "urlset") or an index
    ("sitemapindex") whose addresses must all lie below ``under``."""
    if len(data) > MAX_BYTES:
        return [f"{len(data)} bytes, more than {MAX_BYTES}"]
    if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        return ["no XML declaration naming UTF-8"]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return [f"not well-formed: {error}"]
    if root.tag != f"{{{NAMESPACE}}}{kind}":
        return [f"root element {root.tag}, expected {{{NAMESPACE}}}{kind}"]
    entry, allowed = ENTRY[kind]
    errors = []
    if not 0 < len(root) <= MAX_ENTRIES:
        errors.append(f"{len(root)} entries")
    for number, element in enumerate(root, 1):
        if element.tag != f"{{{NAMESPACE}}}{entry}":
            errors.append(f"entry {number}: {element.tag}, expected {entry}")
            continue
        children = [child.tag.removeprefix(f"{{{NAMESPACE}}}") for child in element]
        if children.count("loc") != 1 or len(set(children)) != len(children):
            errors.append(f"entry {number}: {children}: one loc, each element once")
        if set(children) - allowed:
            errors.append(f"entry {number}: {sorted(set(children) - allowed)} not allowed")
        values = {name: (child.text or "") for name, child in zip(children, element)}
        loc = values.get("loc", "")
        if not loc.startswith(under) or len(loc) > MAX_LOC or re.search(r"[\s<>\"]", loc):
            errors.append(f"entry {number}: loc {loc!r} is not an address below {under}")
        if "lastmod" in values and not W3C_DATETIME.fullmatch(values["lastmod"]):
            errors.append(f"entry {number}: lastmod {values['lastmod']!r} is no W3C date")
        if "changefreq" in values and values["changefreq"] not in CHANGEFREQ:
            errors.append(f"entry {number}: changefreq {values['changefreq']!r}")
        if "priority" in values and not re.fullmatch(r"0(\.\d+)?|1(\.0+)?", values["priority"]):
            errors.append(f"entry {number}: priority {values['priority']!r}")
    return errors


def entries(data: bytes, entry: str) -> dict[str, str | None]:
    """Each entry's loc and its lastmod (None where it has none)."""
    found = {}
    for element in ET.fromstring(data).iter(f"{{{NAMESPACE}}}{entry}"):
        lastmod = element.find(f"{{{NAMESPACE}}}lastmod")
        found[element.findtext(f"{{{NAMESPACE}}}loc", "")] = (
            None if lastmod is None else lastmod.text)
    return found


def test_the_rules_find_what_breaks_a_sitemap() -> None:
    good = (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="' + NAMESPACE.encode()
            + b'"><url><loc>https://a.de/de/x/</loc><lastmod>2026-11-30</lastmod></url>'
            b'</urlset>')
    assert sitemap_errors(good, "urlset", "https://a.de/de/") == []
    for broken, expected in (
            (good.replace(b"https://a.de/de/x/", b"x/"), "is not an address below"),
            (good.replace(b"2026-11-30", b"30.11.2026"), "is no W3C date"),
            (good.replace(b"2026-11-30", b"2026-11-31T25:00"), "is no W3C date"),
            (good.replace(b"sitemaps.org", b"sitemap.org"), "root element"),
            (good.replace(b"</url>", b"<loc>https://a.de/de/y/</loc></url>"), "one loc"),
            (good.replace(b"</url>", b"<title>x</title></url>"), "not allowed"),
            (good.replace(b"</urlset>", b""), "not well-formed"),
            (good.replace(b"<url>", b"<sitemap>").replace(b"</url>", b"</sitemap>"),
             "expected url")):
        assert any(expected in error for error in sitemap_errors(broken, "urlset",
                                                                 "https://a.de/de/")), expected
    assert sitemap_errors(good, "urlset", "https://a.de/en/") != []
    assert W3C_DATETIME.fullmatch("2026-11-30T09:15:00+01:00")
    assert W3C_DATETIME.fullmatch("2025-12") and not W3C_DATETIME.fullmatch("2025-12-1")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_sitemap_keeps_the_protocol(built_site: Path, lang: str) -> None:
    data = (built_site / lang / "sitemap.xml").read_bytes()
    assert sitemap_errors(data, "urlset", SAMPLE_CONFIG.language_url(lang)) == []
    assert len(entries(data, "url")) > 20


def test_the_sitemap_index_names_each_language_sitemap_with_its_newest_date(
        built_site: Path) -> None:
    data = (built_site / "sitemap.xml").read_bytes()
    assert sitemap_errors(data, "sitemapindex", SITE_URL) == []
    index = entries(data, "sitemap")
    assert list(index) == [f"{SITE_URL}{lang}/sitemap.xml" for lang in LANGUAGES]
    for lang in LANGUAGES:
        dates = [d for d in entries((built_site / lang / "sitemap.xml").read_bytes(),
                                    "url").values() if d]
        assert index[f"{SITE_URL}{lang}/sitemap.xml"] == max(dates)


def test_robots_txt_names_the_sitemap_index_by_its_address(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert robots == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"


def front_matter(markdown: str) -> dict[str, Any]:
    data = yaml.safe_load(markdown.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def kind_of(path: str) -> str:
    """The page kind whose path rule makes this Markdown path: a fixed path before a rule
    (deals/index.md is the overview; no deal may take the id "index"). An article and the
    notice that an article is in another language only share their rule; the notice is
    noindex."""
    for kind in sorted(KINDS, key=lambda kind: "{" in kind.path):
        rule = re.escape(kind.path)
        if kind.is_markdown and re.fullmatch(re.sub(r"\\\{[^}]*\\\}", "[^/]+", rule), path):
            return kind.name
    raise AssertionError(f"no page kind makes {path}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_indexable_page_of_every_kind_is_listed_with_its_own_date(
        built_site: Path, lang: str, sample_generated: pipeline.Generated) -> None:
    listed = entries((built_site / lang / "sitemap.xml").read_bytes(), "url")
    rendered = {path.removeprefix(f"{lang}/"): text
                for path, text in sample_generated.pages.items()
                if path.startswith(f"{lang}/") and path.endswith(".md")}
    kinds_seen: dict[str, int] = {}
    noindex = 0
    for path, markdown in rendered.items():
        front = front_matter(markdown)
        kind = kind_of(path)
        loc = f"{SAMPLE_CONFIG.language_url(lang)}{page_url(path)}"
        if front.get("robots") == "noindex":
            assert loc not in listed, loc
            noindex += 1
            continue
        kinds_seen[kind] = kinds_seen.get(kind, 0) + 1
        assert loc in listed, loc
        assert listed[loc] == front.get("lastmod"), (loc, listed[loc])
    # Every page listed is one of these, and every kind the sample has pages of was seen.
    assert len(listed) == sum(kinds_seen.values())
    # (An article page where the language has an article of its own, a notice elsewhere.)
    has_articles = len(notice_slugs(lang)) < len(article_versions())
    assert set(kinds_seen) >= {"deal", "company", "home", "deals", "companies", "articles",
                               "about", "open-data", *(["article"] if has_articles else [])}
    # The notices of the articles this language lacks (the sample's German-only one).
    assert noindex == len(notice_slugs(lang))
    # A page that lists or tells news is dated; the about, glossary and sources pages have
    # no date of their own (none is made up for them).
    undated = {loc for loc, lastmod in listed.items() if lastmod is None}
    assert undated == {f"{SAMPLE_CONFIG.language_url(lang)}{page}/"
                       for page in ("about", "glossary", "sources")}


def test_the_root_not_found_page_offers_every_language(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "404.html").read_text("utf-8"), "html.parser")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.html["lang"] == LANGUAGES[0]
    sections = page.select("main > section")
    assert [section["lang"] for section in sections] == list(LANGUAGES)
    headings = {section["lang"]: section.h1.get_text() for section in sections}
    heading = {"de": ("Seite nicht gefunden",), "en": ("Page not found",)}
    assert headings == {lang: interface_words(heading, lang)[0] for lang in LANGUAGES}
    links = {section["lang"]: [a["href"] for a in section.select("a")] for section in sections}
    # A static host serves this page at whatever address was asked for: absolute links.
    assert links == {lang: [f"{SITE_URL}{lang}/"] for lang in LANGUAGES}
    texts = {section["lang"]: " ".join(section.get_text(" ").split()) for section in sections}
    assert "Die Briefings auf Deutsch lesen" in texts["de"]
    assert "Read the briefings in English" in texts["en"]
    # Nothing it loads: no relative address that would break at depth, no other host.
    assert [link["href"] for link in page.select("link[href]")] == ["data:,"]
    assert page.select("script, img") == []
