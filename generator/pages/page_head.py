"""What a page tells search engines, feed readers and link previews: the data of its <head>.

The renderer hands it on beside each page's Markdown, as data (render/renderer.py's
``MarkdownPage``), never inside the Markdown: the build keeps one map per language, page
path to head (build/pipeline.py's ``Generator.heads``), and the MkDocs plugin puts each
page's entry into ``page.meta["head"]`` as MkDocs reads the page; the theme
(templates/theme/main.html) prints it and escapes every value. A page the map does not
know (one written by hand) simply has no such head. Addresses are absolute, built from
``site_url``, because hreflang, canonical, Open Graph and feeds require that.

hreflang follows Google's rules: each version of a page lists itself and every other
version, so the sets are reciprocal. ``x-default`` is the version in the site's first
language (the root chooser for the home pages, which the chooser itself lists back). A page
marked ``noindex`` (the notice that an article exists in another language only) is no
version of anything and lists none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content.languages import DEFAULT_SITE_LANGUAGES, language
from ..settings import SiteConfig
from ..text.sentences import sentences
from . import paths

# One page's head: canonical, alternates, feeds, meta (see head_data); plain data only
# (strings, lists, dicts), so that it can cross to another process unchanged.
Head = dict[str, Any]

DESCRIPTION_LIMIT = 160  # search engines show about this many characters
# A longer first sentence is kept whole up to here: cut off, a sentence of a news summary
# can say something else ("35 Mrd.…" without "unter Bedingungen").
FIRST_SENTENCE_LIMIT = 220

def short_description(text: str, limit: int = DESCRIPTION_LIMIT,
                      languages: Iterable[str] = DEFAULT_SITE_LANGUAGES) -> str:
    """The whole sentences of ``text`` that fit in ``limit`` characters, at least the first
    if it fits in FIRST_SENTENCE_LIMIT; a longer one is cut at a word and ends in "…"."""
    chosen = ""
    for sentence in sentences(text, languages):
        candidate = f"{chosen} {sentence}" if chosen else sentence
        if len(candidate) > (limit if chosen else max(limit, FIRST_SENTENCE_LIMIT)):
            break
        chosen = candidate
    text = " ".join(text.split())
    if chosen or not text:
        return chosen
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1: limit].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def absolute_url(config: SiteConfig, lang: str, url: str) -> str:
    """A page address relative to its language folder ("deals/x/") made absolute."""
    return f"{config.language_url(lang)}{url}"


def feed_url(config: SiteConfig, lang: str) -> str:
    return absolute_url(config, lang, paths.FEED)


def head_data(config: SiteConfig, lang: str, *, url: str, title: str, description: str,
              versions: dict[str, str], indexable: bool, article: bool,
              published: str | None = None, modified: str | None = None,
              feed_titles: dict[str, str],
              own_feed: dict[str, str] | None = None,
              image: dict[str, Any] | None = None) -> Head:
    """The <head> of one page as plain data.

    ``url`` and ``versions`` (language → address of that language's version) are relative
    to their language folder; ``versions`` includes this page's own language. ``own_feed``
    (``href``, ``title``): a feed of this page's own, such as a company's, listed first.
    ``image`` (``url`` absolute, ``width``, ``height``, ``type``, ``alt``): the picture a link
    preview shows (a deal's, social_image.py); without it, previews show none.
    """
    own = absolute_url(config, lang, url)
    head: Head = {}
    alternates = {code: absolute_url(config, code, versions[code])
                  for code in config.languages if code in versions}
    if indexable:
        head["canonical"] = own
        if alternates:
            if url == "":  # a language's home page: the root chooser is the default
                default = config.site_url
            else:
                default = next(iter(alternates.values()))  # the site's first language present
            head["alternates"] = [{"hreflang": code, "href": href}
                                  for code, href in alternates.items()]
            head["alternates"].append({"hreflang": "x-default", "href": default})
    # The page's own language first; each title names its language. No hreflang: a crawler
    # would read the feed as a second version of the page in that language.
    head["feeds"] = [{"href": feed_url(config, code), "title": feed_titles[code]}
                     for code in sorted(config.languages, key=lambda c: c != lang)]
    if own_feed:
        head["feeds"].insert(0, dict(own_feed))
    tags: list[dict[str, str]] = [
        {"property": "og:type", "content": "article" if article else "website"},
        {"property": "og:title", "content": title},
        {"property": "og:description", "content": description},
        {"property": "og:url", "content": own},
        {"property": "og:site_name", "content": config.site_name[lang]},
        {"property": "og:locale", "content": language(lang).og_locale},
    ]
    if indexable:
        tags += [{"property": "og:locale:alternate", "content": language(code).og_locale}
                 for code in alternates if code != lang]
    if article and published:
        tags.append({"property": "article:published_time", "content": published})
    if article and modified:
        tags.append({"property": "article:modified_time", "content": modified})
    if image:
        tags += [{"property": "og:image", "content": image["url"]},
                 {"property": "og:image:type", "content": image["type"]},
                 {"property": "og:image:width", "content": str(image["width"])},
                 {"property": "og:image:height", "content": str(image["height"])},
                 {"property": "og:image:alt", "content": image["alt"]}]
    # X reads og:title, og:description and og:image where its own tags are missing; only
    # the card's layout and the picture's text for readers who do not see it are its own
    # (0.37 KB a deal page said twice before).
    tags.append({"name": "twitter:card",
                 "content": "summary_large_image" if image else "summary"})
    if image:
        tags.append({"name": "twitter:image:alt", "content": image["alt"]})
    head["meta"] = tags
    return head
