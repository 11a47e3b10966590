"""The briefing plugin's options in mkdocs.yml, declared once with MkDocs' config_options.

MkDocs validates them when it loads mkdocs.yml, for ``mkdocs build`` and ``serve`` and for
the ``briefing`` command alike (config.load_site_config reads mkdocs.yml through MkDocs'
own loader, so ``!ENV`` and ``INHERIT`` mean the same to both). What MkDocs cannot say about
one option alone (a site name for every language, the Impressum's required entries, the
site's address) config.site_config says, every missing piece at once.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from ..content.languages import DEFAULT_SITE_LANGUAGES, LANGUAGES


class _Number(BaseConfigOption[float]):
    """A number (not true or false, which YAML would let pass as 1 and 0) of at least
    ``minimum``; ``whole``: a whole number."""

    def __init__(self, minimum: float, whole: bool = False, default: float | None = None,
                 unit: str = "") -> None:
        super().__init__()
        self.minimum, self.whole, self.default, self.unit = minimum, whole, default, unit

    def run_validation(self, value: object) -> float:
        kinds = (int,) if self.whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < self.minimum:
            what = "a whole number" if self.whole else "a number"
            raise ValidationError(f"expected {what} of {self.unit} of at least "
                                  f"{self.minimum:g}, got {value!r}")
        return value


class Impressum(Config):
    """The Impressum (§ 5 DDG, § 18 Abs. 2 MStV). The first five are required: the check
    says which are missing, all at once (config.site_config)."""

    publisher = c.Optional(c.Type(str))
    """The publisher's name: a person, or a company with its legal form."""
    address = c.Optional(c.Type(str))
    """Postal address for service (no P.O. box)."""
    email = c.Optional(c.Type(str))
    responsible_person = c.Optional(c.Type(str))
    """The person responsible for the content under § 18 Abs. 2 MStV."""
    responsible_address = c.Optional(c.Type(str))
    representative = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    register = c.Optional(c.Type(str))
    vat_id = c.Optional(c.Type(str))


class Privacy(Config):
    """The privacy notice (Datenschutzerklärung, Art. 13 GDPR): who is responsible for the
    readers' data and what happens to it. The page is published once the first four are
    filled in without placeholders; until then a notice says it is left out."""

    controller = c.Optional(c.Type(str))
    """Who is responsible for the data (the controller): name and postal address."""
    email = c.Optional(c.Type(str))
    """Where readers send requests about their data."""
    hosting = c.Optional(c.Type(str))
    """Who hosts the site and keeps its server logs (name and address), e.g. GitHub Pages
    (GitHub, Inc.)."""
    log_retention_days: c.Optional[float] = c.Optional(_Number(1, whole=True, unit="days"))
    """How many days the server logs are kept."""
    data_protection_officer = c.Optional(c.Type(str))
    """The data protection officer's name and contact, where one is appointed."""
    supervisory_authority = c.Optional(c.Type(str))
    """The supervisory authority readers may complain to, where the publisher names one."""






class DataLicence(Config):
    """The licence the open data files are published under: both or neither (unset, a
    notice says so, and `briefing check --publish` fails)."""

    name = c.Optional(c.Type(str))
    """Its name as readers know it, e.g. CC BY 4.0."""
    url = c.Optional(c.URL())
    """The address of its text, e.g. https://creativecommons.org/licenses/by/4.0/."""


class BriefingOptions(Config):
    languages = c.ListOfItems(c.Choice(tuple(LANGUAGES)), default=list(DEFAULT_SITE_LANGUAGES))
    """Languages of the site (of those generator/content/languages.py knows); the first is the
    original and the one `mkdocs serve` opens."""
    site_name = c.DictOfItems(c.Type(str), default={})
    """The site's name per language, e.g. {de: Deal-Briefing, en: Deal Briefing}."""
    impressum = c.SubConfig(Impressum)
    """Impressum entries (§ 5 DDG, § 18 Abs. 2 MStV): publisher, address, email,
    responsible_person, responsible_address; optional representative, phone, register, vat_id."""
    content_dir = c.Type(str, default="content")
    """Where editors keep deals, companies, authors and articles."""
    markdown_dir = c.Type(str, default="build/markdown")
    """Where the generator writes the Markdown tree of each language."""
    templates_dir = c.Type(str, default="templates")
    """Where the page templates (pages/) and theme overrides (theme/) lie."""
    strict_translations = c.Type(bool, default=False)
    """Make a missing translation of a record field an error instead of a warning."""
    lock_timeout: c.Optional[float] = c.Optional(_Number(0, unit="seconds"))
    """Seconds a build waits for another build of the same folder to finish before it gives
    up (default 120; the environment variable BRIEFING_LOCK_TIMEOUT overrides it)."""
    review_after_days = _Number(1, whole=True, default=180, unit="days")
    """Days after a record's last review (its `reviewed` date) at which its page says it
    may be out of date and `briefing check` lists it."""
    privacy = c.SubConfig(Privacy)
    """The privacy notice's entries (Art. 13 GDPR): controller, email, hosting,
    log_retention_days; optional data_protection_officer, supervisory_authority. Left out (with a
    notice) while any of the first four is missing or a placeholder."""
    data_licence = c.SubConfig(DataLicence)
    """The licence of the open data (data/deals.json and the CSV tables): name and url. No
    licence is assumed: unset, the files say none is named, and publishing is refused."""
    fast_search_index = c.Type(bool, default=True)
    """Build Material's search index with search_index.py's reader (same bytes, about five
    times faster); false: Material's own."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """The site's search: Pagefind's index of each language's pages (pagefind_search.py),
    with Material's search plugin left out of mkdocs.yml; "material": Material's own (its
    search plugin listed in mkdocs.yml), as before Pagefind."""
    picture_cache = c.Type(str, default=".cache/briefing/pictures")
    """Where the deal pages' link-preview pictures are kept between builds, by what they
    show (build/picture_cache.py): a clean build copies instead of drawing every picture
    whose words did not change; a CI cache can keep the folder. "": no folder, every
    build without its old output draws them all."""
    collapse_whitespace = c.Type(bool, default=True)
    """Drop the templates' indentation from every page (html_whitespace.py); false: pages
    as Material writes them."""


def option_names() -> list[str]:
    """Every option of the plugin, as mkdocs.yml spells it."""
    return [name for name, _option in BriefingOptions._schema]


def as_dict(options: Config) -> dict[str, Any]:
    return {name: options[name] for name in option_names()}
