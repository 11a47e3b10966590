"""Material's search index, built with one regular expression instead of html.parser.

Material's search plugin splits every page into sections with ``Parser``, a subclass of
``html.parser.HTMLParser``: a Python call per tag and per run of text, and per call set
intersections, list scans and an ``Element`` object. At 2,000 deals that is a fifth of each
language's build. ``FastSearchIndex`` reads the HTML that Python-Markdown makes with one
compiled tokenizer and keeps Material's state as counters, and gives the same entries, so
the same ``search_index.json`` to the byte.

Same entries means Material's odd rules too, kept on purpose:

- the ``skip`` set holds tag names in effect (``Element`` compares and hashes by tag), so
  leaving *any* element with an excluded element's tag ends the exclusion;
- a section's title takes the text inside any open element with the heading's tag;
- an end tag that does not close the innermost open element is ignored;
- an empty kept tag is dropped by looking up the *first* such opening tag in the section.

What the tokenizer does not read exactly as ``HTMLParser`` would (CDATA sections,
declarations, processing instructions, a ``<`` that opens no tag, unusual comments or
attribute syntax, text in ``<script>``/``<style>`` with a ``<`` in it, and the elements
whose parsing differs between Python versions), it hands to Material's own parser for
that page, and so does any page on which the fast reading raises.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html import escape, unescape  # unescape: what HTMLParser decodes text with
from html.parser import HTMLParser
from typing import Any

from material.plugins.search.plugin import Element, Parser, SearchIndex, SearchPlugin, Section, void

__all__ = ["FastSearchIndex", "KeptEntries", "install", "keep_entries"]

# The start tags the tokenizer reads: a strict subset of what HTMLParser reads as one, so
# that both see the same name, attributes and end: names are plain ASCII, whitespace is
# HTML's, an unquoted value ends at a space or '>' (so `<a href=x/>` has the value "x/" and
# no self-closing slash, as in HTMLParser). Any other '<' + letter sends the page to
# Material's parser.
_WS = r"[ \t\n\r\f]"
_ATTRIBUTE = (rf"{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
              rf"(?:{_WS}*={_WS}*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\r\f\"'=<>`]+(?=[ \t\n\r\f>])))?")

# One token per match, and every position of a page is covered: text runs up to the next
# '<'; a '<' that starts nothing below matches the last group and sends the page to
# Material's parser. Comments are only those without "--" inside, which every Python
# version's HTMLParser closes at the same place.
_TOKEN = re.compile(
    r"([^<]+)"                                                   # text
    rf"|<([a-zA-Z][-a-zA-Z0-9]*)((?:{_ATTRIBUTE})*){_WS}*(/?)>"  # tag, attributes, '/'
    r"|</([a-zA-Z][-a-zA-Z0-9]*)>"                               # end tag
    r"|(<!--(?![->])(?:[^-]|-(?!-))*-->)"                        # comment
    r"|(<)")                                                     # anything else

_ATTRIBUTES = re.compile(
    rf"{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)"
    rf"({_WS}*={_WS}*(\"[^\"]*\"|'[^']*'|[^ \t\n\r\f\"'=<>`]+))?")

_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))  # as Parser.keep
_ALWAYS_SKIPPED = ("object", "script", "style")  # Parser.skip at the start; never removed
_RAW_TEXT = frozenset(("script", "style"))  # HTMLParser reads their text up to the end tag


def _read_as_plain_elements(tags: tuple[str, ...]) -> frozenset[str]:
    """Those of ``tags`` that this Python's HTMLParser reads like any other element.

    Python 3.11 reads all of them so; newer versions read ``<title>`` and ``<textarea>``
    as escapable raw text (CPython gh-118350, backported to older branches), which splits
    a page differently. Asked of the parser itself, so a Python update cannot make
    the fast reading differ: a tag read otherwise sends its pages to Material's parser."""

    class Events(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.events: list[tuple[str, str]] = []

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.events.append(("start", tag))

        def handle_endtag(self, tag: str) -> None:
            self.events.append(("end", tag))

        def handle_data(self, data: str) -> None:
            self.events.append(("data", data))

    plain = set()
    for tag in tags:
        parser = Events()
        parser.feed(f"<{tag}>a<b>&amp;</b></{tag}>")
        parser.close()
        if parser.events == [("start", tag), ("data", "a"), ("start", "b"), ("data", "&"),
                             ("end", "b"), ("end", tag)]:
            plain.add(tag)
    return frozenset(plain)


_SPECIAL_ELSEWHERE = ("textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
                      "plaintext")
_VERSION_DEPENDENT = frozenset(_SPECIAL_ELSEWHERE) - _read_as_plain_elements(_SPECIAL_ELSEWHERE)
_VOID_TAG, _RAW_TEXT_TAG, _VERSION_DEPENDENT_TAG = 1, 2, 3
_SPECIAL_TAGS = {**{tag: _VOID_TAG for tag in void},
                 **{tag: _RAW_TEXT_TAG for tag in _RAW_TEXT},
                 **{tag: _VERSION_DEPENDENT_TAG for tag in _VERSION_DEPENDENT}}
_NO_ATTRIBUTES: dict[str, str | None] = {}


def _may_matter(source: str) -> bool:
    """Whether attributes other than a heading's could change the index: an exclusion, a
    headerlink or linenodiv class, or a character reference that could spell one."""
    source = source.lower()
    return ("data-search-exclude" in source or "headerlink" in source or "linenodiv" in source
            or "&" in source)


class _NotFast(Exception):
    """The page holds markup that the tokenizer does not read exactly as HTMLParser."""


def _attributes(source: str) -> dict[str, str | None]:
    """Attributes as HTMLParser hands them to Parser (parse_starttag): names in lower case,
    values without their quotes and with character references decoded, None for a bare
    name; a repeated name keeps its last value, as Parser's dict(attrs) does."""
    attrs: dict[str, str | None] = {}
    for name, has_value, value in _ATTRIBUTES.findall(source):
        if not has_value:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        attrs[name.lower()] = value
    return attrs


def sections_of(html: str) -> list[Section]:
    """The sections Material's ``Parser`` makes of ``html``, with the same titles, texts,
    ids and depths; raises _NotFast where only Material's parser can tell."""
    sections: list[Section] = []
    section: Section | None = None
    section_tag = ""  # the current section's heading tag ("hx" for a preface)
    title: list[str] = []  # the current section's title and text
    text: list[str] = []
    in_title = 0  # open elements with the section's heading tag: Parser's el in context

    context: list[str] = []  # tags of the open elements, outermost first
    depth = 0  # len(context)
    open_count: defaultdict[str, int] = defaultdict(int)  # open elements per tag
    pre_open = 0  # open <pre> elements: Parser's "pre" in context
    skip = set(_ALWAYS_SKIPPED)  # Parser.skip, as tag names
    skipped = 0  # open elements whose tag is in skip: Parser's skip ∩ context, counted
    headerlinks: list[int] = []  # depths of the open <a class="headerlink">
    raw_text_tag = ""  # after <script> or <style>: only their text and end tag may follow

    for text_run, tag, source, slash, end_tag, comment, other in _TOKEN.findall(html):
        if text_run:  # Parser.handle_data
            if skipped:
                continue  # also every run inside script or style: both are in skip
            if "&" in text_run:
                data = unescape(text_run)
                blank = data.isspace()
                if not pre_open:
                    data = " " if blank else data.replace("\n", " ")
                escaped = escape(data, quote=False)
            else:
                # Without a reference the text has no '&' and no '<' to escape.
                data = text_run
                blank = data.isspace()
                if not pre_open:
                    data = " " if blank else data.replace("\n", " ")
                escaped = data.replace(">", "&gt;") if ">" in data else data
            if section is None:
                section = Section(Element("hx"))
                sections.append(section)
                section_tag, title, text = "hx", section.title, section.text
                in_title = open_count["hx"]
            if in_title:
                if not headerlinks:
                    title.append(escaped)
            elif blank:
                if pre_open or not text or not text[-1].isspace():
                    text.append(data)
            else:
                text.append(escaped)
            continue

        if tag:  # Parser.handle_starttag
            if raw_text_tag:
                raise _NotFast("markup inside script or style")
            tag = tag.lower()
            special = _SPECIAL_TAGS.get(tag)
            if special is not None:
                if special == _VOID_TAG:
                    continue  # Parser ignores void elements, start and end alike
                if special == _VERSION_DEPENDENT_TAG or slash:
                    raise _NotFast(f"<{tag}> is read differently by another Python version"
                                   if special == _VERSION_DEPENDENT_TAG else f"<{tag}/>")
                raw_text_tag = tag
            # Attributes matter only for a heading's id, a headerlink's class and an
            # exclusion; `&` because a reference could spell one of them.
            attrs = (_attributes(source)
                     if source and (tag in _HEADINGS or _may_matter(source))
                     else _NO_ATTRIBUTES)

            context.append(tag)
            depth += 1
            open_count[tag] += 1
            if tag == "pre":
                pre_open += 1
            if tag == section_tag:
                in_title += 1
            if tag in skip:
                skipped += 1
            if attrs:
                if tag == "a" and attrs.get("class") == "headerlink":
                    headerlinks.append(depth)
                if tag in _HEADINGS and "id" in attrs:
                    if tag != "h1" and not sections:
                        sections.append(Section(Element("hx"), depth))
                    section = Section(Element(tag, attrs), depth)
                    if sections:
                        section.id = attrs["id"]
                    sections.append(section)
                    section_tag, title, text = tag, section.title, section.text
                    in_title = open_count[tag]
            if section is None:
                section = Section(Element("hx"))
                sections.append(section)
                section_tag, title, text = "hx", section.title, section.text
                in_title = open_count["hx"]

            if attrs and ("data-search-exclude" in attrs or attrs.get("class") == "linenodiv"):
                if tag not in skip:
                    skip.add(tag)
                    skipped += open_count[tag]
            elif tag in _KEEP and not skipped:
                (title if in_title else text).append(f"<{tag}>")
            if not slash:
                continue
            # <tag/> is a start tag and then an end tag (HTMLParser.handle_startendtag)

        elif end_tag:
            tag = end_tag.lower()
            if raw_text_tag:
                if tag != raw_text_tag:
                    raise _NotFast("markup inside script or style")
                raw_text_tag = ""

        elif comment:
            if raw_text_tag:
                raise _NotFast("markup inside script or style")
            continue  # Parser ignores comments; they only end a run of text

        else:
            raise _NotFast("a '<' that opens no tag or comment the fast reading knows")

        # Parser.handle_endtag: an end tag that does not close the innermost open element
        # is ignored.
        if not depth or context[-1] != tag:
            continue
        assert section is not None  # an open element: its start tag began a section
        if section.depth > depth:
            # A heading nested in an element ends with that element: text goes back to
            # the section that was current outside it.
            for earlier in reversed(sections):
                if earlier.depth <= depth:
                    section.depth = float("inf")
                    section = earlier
                    section_tag, title, text = earlier.el.tag, earlier.title, earlier.text
                    in_title = open_count[section_tag]
                    break
        context.pop()
        open_count[tag] -= 1
        if tag == "pre":
            pre_open -= 1
        if tag == section_tag:
            in_title -= 1
        if headerlinks and headerlinks[-1] == depth:
            headerlinks.pop()
        depth -= 1
        if tag in skip:
            skipped -= 1
            if tag not in _ALWAYS_SKIPPED:
                skip.discard(tag)
                skipped -= open_count[tag]
            continue
        if tag in _KEEP and not skipped:
            kept = title if in_title else text
            index = kept.index(f"<{tag}>")  # the first one, as in Parser
            end = len(kept)
            after = index + 1
            while after < end and kept[after].isspace():
                after += 1
            if after < end:
                kept.append(f"</{tag}>")
            else:
                del kept[index:]  # nothing but whitespace since that opening tag

    if raw_text_tag:
        raise _NotFast(f"<{raw_text_tag}> without its end tag")
    return sections


class FastSearchIndex(SearchIndex):  # type: ignore[misc]  # Material has no type hints
    """Material's SearchIndex with a faster ``add_entry_from_context``: same entries."""

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.pages_read_by_material = 0  # pages handed to Material's parser

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        try:
            sections = sections_of(page.content)
        except Exception:  # noqa: BLE001 - Material's parser decides, or raises its own error
            self.pages_read_by_material += 1
            parser = Parser()
            parser.feed(page.content)
            parser.close()
            sections = parser.data
        for section in sections:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def search_plugin(config: Any) -> SearchPlugin | None:
    """Material's search plugin in a loaded MkDocs config, or None if it has none.

    MkDocs names it "material/search" when the theme is Material, "search" otherwise."""
    for key in ("material/search", "search"):
        plugin = config.plugins.get(key)
        if isinstance(plugin, SearchPlugin):
            return plugin
    return None


def install(config: Any) -> FastSearchIndex | None:
    """Put a FastSearchIndex with the same settings in place of the search plugin's index.

    Material's plugin makes a new ``SearchIndex`` in each build's ``on_config``, so call
    this after it: in ``on_pre_build`` (or a later ``on_config`` of lower priority).
    Returns the new index, or None when the site has no enabled Material search plugin."""
    plugin = search_plugin(config)
    if plugin is None or not plugin.config.enabled:
        return None
    current = getattr(plugin, "search_index", None)
    if current is None:
        raise RuntimeError("Material's search plugin has no index yet: install the fast "
                           "index after the plugin's on_config (e.g. in on_pre_build)")
    if isinstance(current, FastSearchIndex):
        return current
    fast = FastSearchIndex(**current.config)
    fast.entries = current.entries
    plugin.search_index = fast
    return fast


class KeptEntries:
    """A search index that keeps each page's entries apart, by page, as JSON: a preview's
    language process (site_worker.py) builds only the pages a save changed and replaces
    only their entries, and the index it writes holds every page's, in the order of the
    site's pages (``order``), byte for byte what Material writes after a full build
    (``json.dumps`` with the same separators, each entry once)."""

    entries: list[dict[str, Any]]
    config: dict[str, Any]

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.pages: dict[str, str] = {}  # page (its source path) → its entries as JSON
        self.order: list[str] = []  # the site's pages, as MkDocs builds them

    def add_entry_from_context(self, page: Any) -> None:
        start = len(self.entries)
        super().add_entry_from_context(page)  # type: ignore[misc]
        added = self.entries[start:]
        del self.entries[start:]
        self.pages[page.file.src_uri] = ",".join(_compact(entry) for entry in added)

    def forget(self, src_uri: str) -> None:
        self.pages.pop(src_uri, None)

    def generate_search_index(self, _prev: Any) -> str:
        config = {key: self.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        docs = ",".join(entries for entries in map(self.pages.get, self.order) if entries)
        return f'{{"config":{_compact(config)},"docs":[{docs}]}}'


def _compact(value: Any) -> str:
    """As Material's generate_search_index writes the index."""
    return json.dumps(value, separators=(",", ":"), default=str)


class _KeptFastSearchIndex(KeptEntries, FastSearchIndex):
    pass


class _KeptMaterialSearchIndex(KeptEntries, SearchIndex):  # type: ignore[misc]
    pass


def keep_entries(config: Any) -> KeptEntries | None:
    """Put a KeptEntries index in place of the search plugin's (the fast one, or
    Material's when fast_search_index is off), with the same settings; after the plugin's
    on_config and this project's on_pre_build. None when the site has no search."""
    plugin = search_plugin(config)
    if plugin is None or not plugin.config.enabled:
        return None
    current = plugin.search_index
    kind = _KeptFastSearchIndex if isinstance(current, FastSearchIndex) else (
        _KeptMaterialSearchIndex)
    kept = kind(**current.config)
    plugin.search_index = kept
    return kept
