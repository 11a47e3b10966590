"""Site settings: the briefing plugin's options in mkdocs.yml, read the same way by the
MkDocs plugin and by the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
IMPRESSUM_FIELDS = ("publisher", "address", "email", "responsible_person", "responsible_address")
IMPRESSUM_OPTIONAL = ("representative", "phone", "register", "vat_id")


@dataclass(frozen=True)
class SiteConfig:
    project_dir: Path
    content_dir: Path
    markdown_dir: Path
    templates_dir: Path
    site_url: str  # absolute, ends with "/"; each language lives below it at <lang>/
    site_name: dict[str, str]
    impressum: dict[str, str]
    languages: tuple[str, ...] = ("de", "en")
    strict_translations: bool = False
    lock_timeout: float | None = None  # seconds a build waits for another; None: the default
    # Days after the last review at which a record counts as possibly out of date.
    review_after_days: int = 180
    config_file: Path | None = None  # mkdocs.yml, where settings are reported

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def language_url(self, lang: str) -> str:
        return f"{self.site_url}{lang}/"


def site_config(options: dict[str, Any], site_url: str | None, project_dir: Path,
                config_file: Path | None = None) -> SiteConfig:
    """Check the plugin options and make them a SiteConfig; every missing piece at once."""
    missing: list[str] = []
    if not site_url:
        missing.append("site_url: the address the site is published at, e.g. "
                       "https://briefing.example/ (needed for canonical and hreflang links)")
    languages = tuple(options.get("languages") or ("de", "en"))
    unknown = [lang for lang in languages if lang not in LANGUAGE_NAMES]
    if unknown:
        missing.append(f"plugins.briefing.languages: {', '.join(unknown)} not supported "
                       f"(expected some of: {', '.join(LANGUAGE_NAMES)})")
    names = options.get("site_name") or {}
    for lang in languages:
        if not isinstance(names, dict) or not names.get(lang):
            missing.append(f"plugins.briefing.site_name.{lang}: the site's name in {lang}")
    impressum = options.get("impressum") or {}
    for key in IMPRESSUM_FIELDS:
        if not isinstance(impressum, dict) or not impressum.get(key):
            missing.append(f"plugins.briefing.impressum.{key}: required for the Impressum "
                           "(§ 5 DDG, § 18 Abs. 2 MStV)")
    lock_timeout = options.get("lock_timeout")
    if lock_timeout is not None and (isinstance(lock_timeout, bool) or not isinstance(
            lock_timeout, (int, float)) or lock_timeout < 0):
        missing.append("plugins.briefing.lock_timeout: seconds a build waits for another "
                       f"to finish, a number of at least 0 (got {lock_timeout!r})")
    review_after_days = options.get("review_after_days", 180)
    if isinstance(review_after_days, bool) or not isinstance(review_after_days, int) or (
            review_after_days < 1):
        missing.append("plugins.briefing.review_after_days: a whole number of days, at least 1 "
                       f"(got {review_after_days!r})")
    if missing:
        raise ConfigError("mkdocs.yml is missing settings:\n  " + "\n  ".join(missing))

    def inside(key: str, default: str) -> Path:
        return (project_dir / str(options.get(key) or default)).resolve()

    return SiteConfig(
        project_dir=project_dir.resolve(),
        content_dir=inside("content_dir", "content"),
        markdown_dir=inside("markdown_dir", "build/markdown"),
        templates_dir=inside("templates_dir", "templates"),
        site_url=site_url.rstrip("/") + "/",  # type: ignore[union-attr]
        site_name={lang: str(names[lang]) for lang in languages},
        impressum={k: str(v) for k, v in impressum.items()
                   if k in IMPRESSUM_FIELDS + IMPRESSUM_OPTIONAL},
        languages=languages,
        strict_translations=bool(options.get("strict_translations", False)),
        lock_timeout=None if lock_timeout is None else float(lock_timeout),
        review_after_days=review_after_days,
        config_file=config_file.resolve() if config_file else None,
    )


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the Python tags MkDocs configs may carry."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_site_config(config_file: Path) -> tuple[SiteConfig, dict[str, Any]]:
    """Read the briefing plugin's options from mkdocs.yml, for use without MkDocs."""
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: no such file (run from the project folder, or "
                          "pass --config)")
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    options: dict[str, Any] | None = None
    for entry in raw.get("plugins") or []:
        if entry == "briefing":
            options = {}
        elif isinstance(entry, dict) and "briefing" in entry:
            options = entry["briefing"] or {}
    if options is None:
        raise ConfigError(f"{config_file}: the 'briefing' plugin is not configured")
    return site_config(options, raw.get("site_url"), config_file.parent, config_file), raw
