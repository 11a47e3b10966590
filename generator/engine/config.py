"""Site settings: the briefing plugin's options in mkdocs.yml (declared in options.py), read
the same way by the MkDocs plugin and by the command line: through MkDocs' own loader."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from ..content.languages import DEFAULT_SITE_LANGUAGES
from ..errors import ConfigError
from ..settings import IMPRESSUM_REQUIRED, Licence, SiteConfig
from ..text.markup import unsafe_url
from .options import BriefingOptions


def site_config(options: BriefingOptions, site_url: str | None, project_dir: Path,
                config_file: Path | None = None) -> SiteConfig:
    """The plugin's validated options as a SiteConfig; what one option alone cannot say
    (the site's address, a name for every language, the Impressum's required entries) is
    checked here, every missing piece at once."""
    missing: list[str] = []
    if not site_url:
        missing.append("site_url: the address the site is published at, e.g. "
                       "https://briefing.example/ (needed for canonical and hreflang links)")
    languages = tuple(options.languages) or DEFAULT_SITE_LANGUAGES
    names = options.site_name
    for lang in languages:
        if not names.get(lang):
            missing.append(f"plugins.briefing.site_name.{lang}: the site's name in {lang}")
    impressum = {key: value for key, value in options.impressum.items() if value}
    for key in IMPRESSUM_REQUIRED:
        if key not in impressum:
            missing.append(f"plugins.briefing.impressum.{key}: required for the Impressum "
                           "(§ 5 DDG, § 18 Abs. 2 MStV)")
    licence = options.data_licence
    if bool(licence.name) != bool(licence.url):
        missing.append("plugins.briefing.data_licence: the open data's licence needs both its "
                       "name and the url of its text (or neither, until it is chosen)")
    elif licence.url and (problem := unsafe_url(licence.url)):
        missing.append(f"plugins.briefing.data_licence.url: {problem}")

    def inside(folder: str) -> Path:
        return (project_dir / folder).resolve()

    picture_cache = inside(options.picture_cache) if options.picture_cache.strip() else None
    if picture_cache is not None:
        # The cache removes pictures it no longer needs: never in a folder of anyone's own.
        kept = {"content_dir": options.content_dir, "templates_dir": options.templates_dir,
                "markdown_dir": options.markdown_dir, "the project's folder": "."}
        for name, folder in kept.items():
            other = inside(folder)
            if picture_cache == other or other.is_relative_to(picture_cache) or (
                    name != "the project's folder" and picture_cache.is_relative_to(other)):
                missing.append(f"plugins.briefing.picture_cache: {options.picture_cache!r} "
                               f"lies in or holds {name}, whose files are not the cache's to "
                               "remove (choose a folder of its own, e.g. "
                               ".cache/briefing/pictures, or \"\" for none)")
    if missing or not site_url:
        raise ConfigError("mkdocs.yml is missing settings:\n  " + "\n  ".join(missing))

    return SiteConfig(
        project_dir=project_dir.resolve(),
        content_dir=inside(options.content_dir),
        markdown_dir=inside(options.markdown_dir),
        templates_dir=inside(options.templates_dir),
        site_url=site_url.rstrip("/") + "/",
        site_name={lang: names[lang] for lang in languages},
        impressum=impressum,
        privacy={key: value for key, value in options.privacy.items()
                 if value is not None and value != ""},
        languages=languages,
        strict_translations=options.strict_translations,
        lock_timeout=None if options.lock_timeout is None else float(options.lock_timeout),
        review_after_days=int(options.review_after_days),
        picture_cache=picture_cache,
        config_file=config_file.resolve() if config_file else None,
        data_licence=Licence(licence.name, licence.url) if licence.name and licence.url
        else None,
    )


def load_site_config(config_file: Path) -> tuple[SiteConfig, MkDocsConfig]:
    """mkdocs.yml as ``mkdocs build`` reads it (MkDocs' loader: ``!ENV``, ``INHERIT``, the
    plugins' validated options), and the briefing plugin's settings from it."""
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: no such file (run from the project folder, or "
                          "pass --config)")
    with _config_messages() as (errors, warnings):
        try:
            mkdocs_config = load_config(config_file=str(config_file))
        except (Abort, ConfigurationError) as exc:
            said = "\n  ".join(errors) or str(exc)
            raise ConfigError(f"{config_file}: not a valid MkDocs configuration:\n  {said}"
                              ) from None
    for warning in warnings:  # such as an option's name mistyped: said, not fatal
        print(f"{config_file}: warning: {warning}", file=sys.stderr)
    plugin = mkdocs_config.plugins.get("briefing")
    if plugin is None:
        raise ConfigError(f"{config_file}: the 'briefing' plugin is not configured")
    options: BriefingOptions = plugin.config
    site = site_config(options, mkdocs_config.site_url, config_file.parent, config_file)
    return site, mkdocs_config


@contextmanager
def _config_messages() -> Iterator[tuple[list[str], list[str]]]:
    """What MkDocs' loader says about mkdocs.yml, errors and warnings (it logs them, and
    gives up after the errors)."""
    errors: list[str] = []
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())
            elif record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logger = logging.getLogger("mkdocs.config")
    handler = Collect()
    logger.addHandler(handler)
    try:
        yield errors, warnings
    finally:
        logger.removeHandler(handler)
