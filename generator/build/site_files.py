"""Files at the site's root, above the language folders: the page that leads readers to
their language, the not-found page a static host serves for every unknown address, the
sitemap index that names each language's sitemap, and robots.txt that names the index."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from ..pages.page_head import absolute_url, feed_url
from ..settings import SiteConfig
from ..text.formatting import language_name
from ..text.i18n import translations

CHOOSER, NOT_FOUND, SITEMAP_INDEX, ROBOTS = "index.html", "404.html", "sitemap.xml", "robots.txt"
ROOT_FILES = (CHOOSER, NOT_FOUND, SITEMAP_INDEX, ROBOTS)
SITEMAP = "sitemap.xml"  # each language's own, which MkDocs writes into its folder

# The chooser's and the not-found page's look: no stylesheet to fetch, nothing from elsewhere.
_STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;display:grid;min-height:100vh;place-items:center;background:#f5f5f7;color:#1a1a1a}
main{max-width:32rem;padding:2rem}
h1{font-size:1.5rem;margin:0 0 1.5rem}
section+section{margin-top:2rem}
section h1{font-size:1.25rem;margin-bottom:.75rem}
p{margin:0 0 1rem}
ul{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
a{display:block;padding:1rem 1.25rem;border-radius:.5rem;background:#fff;color:#1a1a1a;text-decoration:none;box-shadow:0 1px 3px rgba(0,0,0,.15)}
a:hover,a:focus{outline:3px solid #3949ab}
strong{display:block;font-size:1.15rem}
span{color:#444}"""


def root_files(site: SiteConfig, sitemaps: Mapping[str, bytes]) -> dict[str, bytes]:
    """The root files, from the settings and each language's built sitemap (``sitemaps``:
    language → its sitemap.xml, for the newest date in it)."""
    return {CHOOSER: _chooser(site).encode("utf-8"),
            NOT_FOUND: _not_found(site).encode("utf-8"),
            SITEMAP_INDEX: sitemap_index(site, sitemaps).encode("utf-8"),
            ROBOTS: robots_txt(site).encode("utf-8")}


def _invitation(site: SiteConfig, lang: str, href: str) -> str:
    """A link to a language's home page, in that language."""
    invitation = translations(lang).ugettext("Read the briefings in %(language)s") % {
        "language": language_name(lang, lang)}
    return (f'<li lang="{lang}"><a href="{escape(href)}" hreflang="{lang}">'
            f'<strong>{escape(site.site_name[lang])}</strong> '
            f'<span>{escape(invitation)}</span></a></li>')


def _page(site: SiteConfig, title: str, head: list[str], body: str, icon: str) -> str:
    return f"""<!doctype html>
<html lang="{site.default_language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
{chr(10).join(head)}
<link rel="icon" href="{escape(icon)}">
<style>
{_STYLE}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def _chooser(site: SiteConfig) -> str:
    default = site.default_language
    title = " · ".join(escape(site.site_name[lang]) for lang in site.languages)
    description = translations(default).ugettext("Choose your language")
    head = [f'<meta name="description" content="{escape(description)}">',
            f'<link rel="canonical" href="{escape(site.site_url)}">']
    head += [f'<link rel="alternate" hreflang="{lang}" href="{escape(site.language_url(lang))}">'
             for lang in site.languages]
    head.append(f'<link rel="alternate" hreflang="x-default" href="{escape(site.site_url)}">')
    # Each language's feed, named in that language. No hreflang: crawlers read every
    # hreflang link as a version of this page, and a feed beside the German home page
    # would be a second German version.
    for lang in site.languages:
        feed_title = translations(lang).ugettext(
            "%(site)s: briefings and articles in %(language)s") % {
            "site": site.site_name[lang], "language": language_name(lang, lang)}
        head.append(f'<link rel="alternate" type="application/atom+xml" '
                    f'href="{escape(feed_url(site, lang))}" title="{escape(feed_title)}">')
    links = "\n".join(_invitation(site, lang, f"{lang}/") for lang in site.languages)
    # Without an icon link browsers ask for /favicon.ico, which is not there: point them at
    # the icon Material puts into the default language's folder.
    return _page(site, title, head, f"<h1>{title}</h1>\n<ul>\n{links}\n</ul>",
                 icon=f"{default}/assets/images/favicon.png")


def _not_found(site: SiteConfig) -> str:
    """The page a static host (GitHub Pages, GitLab Pages) serves for any address it does
    not have, at whatever depth that address is: so every link in it is absolute. It says
    so in every language of the site and leads to each language's home page."""
    titles = [translations(lang).ugettext("Page not found") for lang in site.languages]
    sections = []
    for lang in site.languages:
        _ = translations(lang).ugettext
        heading, explanation = _("Page not found"), _(
            "There is no page at this address. It may have moved, or the address may be "
            "mistyped.")
        sections.append(
            f'<section lang="{lang}">\n<h1>{escape(heading)}</h1>\n'
            f'<p>{escape(explanation)}</p>\n'
            f'<ul>\n{_invitation(site, lang, site.language_url(lang))}\n</ul>\n</section>')
    head = ['<meta name="robots" content="noindex">']
    return _page(site, " · ".join(escape(t) for t in dict.fromkeys(titles)), head,
                 "\n".join(sections),
                 icon="data:,")  # no icon, and no request for one


_LASTMOD = re.compile(rb"<lastmod>([^<]*)</lastmod>")


def sitemap_index(site: SiteConfig, sitemaps: Mapping[str, bytes]) -> str:
    """The sitemaps protocol's index of each language's sitemap, dated by the newest
    ``lastmod`` in it (a page's last substantive change, never the build's clock); a
    sitemap without dates has none."""
    entries = []
    for lang in site.languages:
        loc = escape(absolute_url(site, lang, SITEMAP))
        dates = [d.decode("utf-8") for d in _LASTMOD.findall(sitemaps.get(lang, b""))]
        lastmod = f"\n    <lastmod>{escape(max(dates))}</lastmod>" if dates else ""
        entries.append(f"  <sitemap>\n    <loc>{loc}</loc>{lastmod}\n  </sitemap>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries) + "\n</sitemapindex>\n")


def robots_txt(site: SiteConfig) -> str:
    """Every page may be read; the sitemap index, by its absolute address (RFC 9309 leaves
    ``Sitemap`` lines to the sitemaps protocol, which asks for a full URL). Crawlers read
    robots.txt only at a host's root: a site in a folder of its host should submit the
    sitemap index to the search engines instead (README, "Publishing")."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.site_url}{SITEMAP_INDEX}\n"
