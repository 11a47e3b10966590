"""MkDocs plugin: runs the generator, then builds one MkDocs site per language.

``mkdocs build`` is the build of the first language (German). At ``on_config`` the plugin
runs the generator, points this build at the German Markdown tree and ``site/de/``, and
starts one more ``mkdocs build`` process per further language, side by side on the other
cores. Each language thus has its own ``<html lang>``, interface language and search
index. Everything goes into a staging folder that replaces ``site/`` only when every
language has built without error, so a failed build leaves the last good site in place.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from . import pipeline, sitefiles
from .config import LANGUAGE_NAMES, SiteConfig, site_config
from .errors import BriefingError
from .write import replace_dir, staging_dir

log = logging.getLogger("mkdocs.plugins.briefing")

# Set for the process that builds a further language; the parent process sets them.
CHILD_LANGUAGE = "BRIEFING_BUILD_LANGUAGE"
CHILD_SITE_ROOT = "BRIEFING_SITE_ROOT"
CHILD_SITE_URL = "BRIEFING_SITE_URL"


class BriefingOptions(Config):
    languages = opt.ListOfItems(opt.Choice(tuple(LANGUAGE_NAMES)), default=["de", "en"])
    """Languages of the site; the first is the default and the one `mkdocs serve` opens."""
    site_name = opt.Type(dict, default={})
    """The site's name per language, e.g. {de: Deal-Briefing, en: Deal Briefing}."""
    impressum = opt.Type(dict, default={})
    """Impressum fields (§ 5 DDG, § 18 Abs. 2 MStV): publisher, address, email,
    responsible_person, responsible_address; optional representative, phone, register, vat_id."""
    content_dir = opt.Type(str, default="content")
    """Where editors keep deals, companies, authors and articles."""
    markdown_dir = opt.Type(str, default="build/markdown")
    """Where the generator writes the Markdown tree of each language."""
    templates_dir = opt.Type(str, default="templates")
    """Where the page templates (pages/) and theme overrides (theme/) lie."""
    strict_translations = opt.Type(bool, default=False)
    """Make a missing translation of a record field an error instead of a warning."""


class BriefingPlugin(BasePlugin[BriefingOptions]):
    def __init__(self) -> None:
        self.command = "build"
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.site_root: Path | None = None  # holds one folder per language
        self.final_site_dir: Path | None = None
        self.ready = False
        self.site: SiteConfig | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self.command = command

    @event_priority(100)  # before Material's search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project_dir = Path(config.config_file_path).parent
        child_language = os.environ.get(CHILD_LANGUAGE)
        public_url = os.environ.get(CHILD_SITE_URL) or config.site_url
        if self.command == "serve" and not child_language:
            public_url = config.site_url  # the preview server's own address
        try:
            self.site = site = site_config(dict(self.config), public_url, project_dir)
        except BriefingError as exc:
            raise PluginError(str(exc)) from None
        self.ready = False

        if child_language:
            lang = child_language
            self.site_root = Path(os.environ[CHILD_SITE_ROOT])
        else:
            lang = site.default_language
            self._generate(site, strict=config.strict)
            if self.command == "serve":
                self.site_root = Path(config.site_dir)  # MkDocs' temporary folder
            else:
                self.final_site_dir = Path(config.site_dir)
                self.site_root = staging_dir(self.final_site_dir)
            self._start_other_languages(config, site)

        config.docs_dir = str(site.markdown_dir / lang)
        config.site_dir = str(self.site_root / lang)
        config.site_url = site.language_url(lang)
        config.site_name = site.site_name[lang]
        config.theme["language"] = lang
        config.extra["site_root_url"] = site.site_url
        config.extra["briefing_languages"] = list(site.languages)
        # Material shows its language menu only when extra.alternate is set; the theme
        # override points each entry at the same page in that language.
        config.extra["alternate"] = [
            {"name": LANGUAGE_NAMES[code], "link": f"{site.site_url}{code}/", "lang": code}
            for code in site.languages]
        return config

    def _generate(self, site: SiteConfig, strict: bool) -> None:
        try:
            generated, report = pipeline.build_markdown(site, strict=strict)
        except BriefingError as exc:
            raise PluginError(str(exc)) from None
        for problem in generated.warnings:
            log.warning(str(problem))
        log.info(f"briefing: {len(generated.pages)} pages, {len(report.written)} written, "
                 f"{len(report.removed)} removed, {report.unchanged} unchanged")
        newest = generated.content.newest_date
        if newest and "SOURCE_DATE_EPOCH" not in os.environ:
            # Same content, same bytes: MkDocs dates the sitemap by this, not by the clock.
            stamp = datetime(newest.year, newest.month or 1, newest.day or 1, tzinfo=timezone.utc)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))

    def _start_other_languages(self, config: MkDocsConfig, site: SiteConfig) -> None:
        assert self.site_root is not None
        self.children = []
        for lang in site.languages[1:]:
            env = dict(os.environ, **{CHILD_LANGUAGE: lang, CHILD_SITE_ROOT: str(self.site_root),
                                      CHILD_SITE_URL: site.site_url, "NO_MKDOCS_2_WARNING": "1"})
            command = [sys.executable, "-m", "mkdocs", "build", "--quiet",
                       "--config-file", str(config.config_file_path)]
            if config.strict:
                command.append("--strict")
            self.children.append((lang, subprocess.Popen(command, env=env)))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if os.environ.get(CHILD_LANGUAGE):
            return
        failed = [lang for lang, child in self.children if child.wait() != 0]
        self.children = []
        if failed:
            raise PluginError(f"the build of language {', '.join(failed)} failed (its messages "
                              f"are above); site/ was left as it was")
        assert self.site is not None and self.site_root is not None
        for name, data in sitefiles.root_files(self.site).items():
            (self.site_root / name).write_bytes(data)
        self.ready = True

    def on_build_error(self, *, error: Exception) -> None:
        self.ready = False
        for _lang, child in self.children:
            child.kill()
            child.wait()
        self.children = []

    def on_shutdown(self) -> None:
        # After MkDocs' own strict-mode check, which comes after on_post_build.
        if self.command == "build" and self.final_site_dir and self.site_root:
            if self.ready:
                replace_dir(self.site_root, self.final_site_dir)
                log.info(f"briefing: site written to {self.final_site_dir}")
            else:
                shutil.rmtree(self.site_root, ignore_errors=True)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # The generated Markdown changes on every rebuild; watching it would loop.
        # Watch what editors change instead.
        assert self.site is not None
        server.unwatch(config.docs_dir)
        for path in (self.site.content_dir, self.site.templates_dir,
                     Path(pipeline.__file__).parent / "locales"):
            server.watch(str(path))
        return server
