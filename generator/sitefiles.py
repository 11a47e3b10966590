"""Files at the site's root, above the language folders: the page that leads readers to
their language, and the not-found page a static host serves for unknown addresses."""

from __future__ import annotations

from html import escape

from .config import SiteConfig
from .formatting import language_name
from .i18n import translations
from .page_head import feed_url


def root_files(site: SiteConfig) -> dict[str, bytes]:
    return {"index.html": _chooser(site).encode("utf-8")}


def _chooser(site: SiteConfig) -> str:
    links = []
    heads = []
    for lang in site.languages:
        _ = translations(lang).ugettext
        invitation = _("Read the briefings in %(language)s") % {
            "language": language_name(lang, lang)}
        url = site.language_url(lang)
        heads.append(f'<link rel="alternate" hreflang="{lang}" href="{escape(url)}">')
        links.append(
            f'<li lang="{lang}"><a href="{lang}/" hreflang="{lang}">'
            f'<strong>{escape(site.site_name[lang])}</strong> '
            f'<span>{escape(invitation)}</span>'
            f'</a></li>')
    heads.append(f'<link rel="alternate" hreflang="x-default" href="{escape(site.site_url)}">')
    for lang in site.languages:  # each language's feed, named in that language
        feed_title = translations(lang).ugettext(
            "%(site)s: briefings and articles in %(language)s") % {
            "site": site.site_name[lang], "language": language_name(lang, lang)}
        heads.append(f'<link rel="alternate" type="application/atom+xml" hreflang="{lang}" '
                     f'href="{escape(feed_url(site, lang))}" title="{escape(feed_title)}">')
    default = site.default_language
    title = " · ".join(escape(site.site_name[lang]) for lang in site.languages)
    description = translations(default).ugettext("Choose your language")
    # Without an icon link browsers ask for /favicon.ico, which is not there: point them at
    # the icon Material puts into the default language's folder.
    return f"""<!doctype html>
<html lang="{default}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<meta name="description" content="{escape(description)}">
<link rel="canonical" href="{escape(site.site_url)}">
<link rel="icon" href="{default}/assets/images/favicon.png">
{chr(10).join(heads)}
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;display:grid;min-height:100vh;place-items:center;background:#f5f5f7;color:#1a1a1a}}
main{{max-width:32rem;padding:2rem}}
h1{{font-size:1.5rem;margin:0 0 1.5rem}}
ul{{list-style:none;padding:0;margin:0;display:grid;gap:1rem}}
a{{display:block;padding:1rem 1.25rem;border-radius:.5rem;background:#fff;color:#1a1a1a;text-decoration:none;box-shadow:0 1px 3px rgba(0,0,0,.15)}}
a:hover,a:focus{{outline:3px solid #3949ab}}
strong{{display:block;font-size:1.15rem}}
span{{color:#444}}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<ul>
{chr(10).join(links)}
</ul>
</main>
</body>
</html>
"""
