"""The words of the pages MkDocs makes from the theme alone, in one language: the footer
every page shares and the page a reader gets for an address that does not exist (404).

Material writes these in English whatever ``theme.language`` says ("Made with Material
for MkDocs", "404 - Not found"); the theme's overrides (templates/theme/partials/
copyright.html, templates/theme/404.html) show these instead. Their words come from the
gettext catalogs like every page's; the plugin puts them into ``config.extra`` for each
language's build.
"""

from __future__ import annotations

from typing import Any

from ..pages import paths
from ..pages.paths import page_url
from ..rules import placeholders
from ..settings import SiteConfig
from ..text.i18n import translations

# The heading of the Impressum on the about page (templates/pages/about.md.j2) has this id.
IMPRESSUM_ANCHOR = "impressum"


def theme_words(config: SiteConfig, lang: str) -> dict[str, Any]:
    _ = translations(lang).ugettext
    about = page_url(paths.ABOUT)
    footer = [{"label": _("About"), "path": about}]  # the about page's title
    if placeholders.published_impressum(config):
        footer.append({"label": _("Legal notice"), "path": f"{about}#{IMPRESSUM_ANCHOR}"})
    if placeholders.published_privacy(config):
        footer.append({"label": _("Privacy notice"),
                       "path": page_url(paths.PRIVACY)})
    footer.append({"label": _("Sources"), "path": page_url(paths.SOURCES)})
    return {
        "site_name": config.site_name[lang],
        "footer": footer,
        # The site-wide feed, linked visibly on every page besides the <link> in its head.
        "feed": {"label": _("Feed of all briefings (Atom)"), "path": paths.FEED},
        "not_found": {
            "title": _("Page not found"),
            "text": _("There is no page at this address. It may have moved, or the address "
                      "may be mistyped. These pages lead back into the site:"),
            "links": [{"label": _("Start page"), "path": ""},
                      {"label": _("All deals"), "path": page_url(paths.DEALS)},
                      {"label": _("Companies"), "path": page_url(paths.COMPANIES)},
                      {"label": _("Articles"), "path": page_url(paths.ARTICLES)},
                      {"label": _("Glossary"),
                       "path": page_url(paths.GLOSSARY)}],
        },
    }
