"""The site's settings as the generator reads them: made from mkdocs.yml by the engine
(engine/config.py), or by a test directly; nothing here knows MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content.languages import DEFAULT_SITE_LANGUAGES

# Entries the Impressum (§ 5 DDG, § 18 Abs. 2 MStV) and the privacy notice cannot do without.
IMPRESSUM_REQUIRED = ("publisher", "address", "email", "responsible_person",
                      "responsible_address")
PRIVACY_REQUIRED = ("controller", "email", "hosting", "log_retention_days")


@dataclass(frozen=True)
class Licence:
    """A licence by its name and the address of its text."""

    name: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    project_dir: Path
    content_dir: Path
    markdown_dir: Path
    templates_dir: Path
    site_url: str  # absolute, ends with "/"; each language lives below it at <lang>/
    site_name: dict[str, str]
    impressum: dict[str, str]
    languages: tuple[str, ...] = DEFAULT_SITE_LANGUAGES
    strict_translations: bool = False
    lock_timeout: float | None = None  # seconds a build waits for another; None: the default
    # Days after the last review at which a record counts as possibly out of date.
    review_after_days: int = 180
    config_file: Path | None = None  # mkdocs.yml, where settings are reported
    # The open data's licence; None: not named yet, a setting still to fill in.
    data_licence: Licence | None = None
    # The privacy notice's entries as set (placeholders.published_privacy: whether the
    # page is published).
    privacy: dict[str, str | int] = field(default_factory=dict)
    # Where drawn link-preview pictures are kept between builds (build/picture_cache.py);
    # None: drawn by every build that has none in its output.
    picture_cache: Path | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def language_url(self, lang: str) -> str:
        return f"{self.site_url}{lang}/"
