"""One Atom feed per language (RFC 4287): the briefings and articles of that language.

Entries are newest first by their last change; the feed's own ``updated`` is the newest of
them, so the same content gives the same bytes on any day. An entry's ``published`` and
``updated`` are its page's own dates (first published here; last substantive change, a
correction included), never the dates of the events it reports. An entry's id is its page's
address, which stays as long as the page does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..content.model import PartialDate

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ENTRIES = 100  # feed readers poll often; older items stay on the site

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # absolute
    summary: str
    published: PartialDate
    updated: PartialDate
    title_lang: str  # this feed's language, or another where the text is not yet translated
    summary_lang: str
    author: str | None = None


def timestamp(when: PartialDate) -> str:
    """RFC 3339, as Atom requires: only for a date known to the day. A month or a year is
    never written out as its first day (feeds take the pages' own dates, which are days)."""
    return f"{when.as_date().isoformat()}T00:00:00Z"


def atom_feed(*, lang: str, title: str, subtitle: str, feed_url: str, home_url: str,
              author: str, entries: list[Entry]) -> str:
    newest_first = sorted(entries, key=lambda e: (e.updated, e.published, e.url), reverse=True)
    newest_first = newest_first[:MAX_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    _text(feed, "id", feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                            "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                            "hreflang": lang, "href": home_url})
    newest = max((e.updated for e in newest_first), default=None)
    _text(feed, "updated", timestamp(newest) if newest else "1970-01-01T00:00:00Z")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    for entry in newest_first:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        title_element = _text(item, "title", entry.title)
        if entry.title_lang != lang:
            title_element.set(XML_LANG, entry.title_lang)
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                "href": entry.url})
        _text(item, "id", entry.url)
        _text(item, "published", timestamp(entry.published))
        _text(item, "updated", timestamp(entry.updated))
        if entry.author:
            _text(ET.SubElement(item, f"{{{ATOM}}}author"), "name", entry.author)
        summary = _text(item, "summary", entry.summary)
        if entry.summary_lang != lang:
            summary.set(XML_LANG, entry.summary_lang)
    ET.indent(feed, space="  ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n")


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element
