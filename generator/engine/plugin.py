"""MkDocs plugin: MkDocs' events wired to the generator, and nothing else.

on_config checks and writes the Markdown and sets this process's MkDocs build to one
language (language_builds.py builds the others side by side); on_post_build waits for
them; the page events give each page the head the generator made for it (as data, from
the build's map: language_builds.Assignment.heads), and drop the templates' indentation. Each language thus has its own ``<html lang>``, interface language
and search index, and ``site/`` is replaced only when every language has built.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..build.write import output_error
from ..content.languages import language
from ..errors import BriefingError
from ..pages import registry
from ..pages.page_head import Head
from ..preview import watching
from ..text.i18n import LOCALES_DIR
from . import fast_search, language_builds, pagefind_search
from .config import site_config
from .options import BriefingOptions
from .page_memory import let_go_of_content, let_go_of_markdown, text_read_later
from .theme_words import theme_words
from .whitespace import collapse_whitespace

log = logging.getLogger("mkdocs.plugins.briefing")


def _check_search_setting(search: str, config: MkDocsConfig) -> None:
    """Pagefind and Material's search plugin are two searches: one box, one index."""
    material_search = "material/search" in config.plugins or "search" in config.plugins
    if search == "pagefind" and material_search:
        raise PluginError(
            f"{config.config_file_path}: plugins: search: Material's search plugin is listed "
            f"while the briefing plugin's 'search' is 'pagefind' (the default): remove "
            f"'- search' from plugins, or set 'search: material' to keep Material's search")
    if search == "material" and not material_search:
        raise PluginError(
            f"{config.config_file_path}: plugins: briefing: search: 'material' needs Material's "
            f"search plugin: add '- search' to plugins, or remove 'search: material'")
    if search == "pagefind":
        with _as_plugin_error():
            pagefind_search.executable()  # missing: said before the build, not after it


@contextmanager
def _as_plugin_error() -> Iterator[None]:
    """The generator's errors as MkDocs prints a plugin's: the message, no traceback."""
    try:
        yield
    except BriefingError as exc:
        raise PluginError(str(exc)) from None


def _stop_on_sigterm_as_on_ctrl_c() -> None:
    """`mkdocs serve` cleans up on Ctrl-C only: its temporary site (hundreds of MB on a
    large site), the preview's language processes and folders. Stopped by SIGTERM (an
    editor's stop button, a service manager, the preview benchmark) it left all of that in
    the temporary folder, every time. SIGTERM now ends it as Ctrl-C does."""
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


class BriefingPlugin(BasePlugin[BriefingOptions]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.build: language_builds.SiteBuild | None = None  # kept across serve's rebuilds
        self.site_dir = Path("site")  # mkdocs.yml's site_dir, as messages name it
        self.builds_nothing = False  # a preview's own build: every language builds elsewhere
        self.mkdocs_config: MkDocsConfig | None = None  # this run's, which gh-deploy reads
        # Set by a preview's language process (site_worker.py): its search, kept between
        # saves and updated after each reload instead of before it.
        self.kept_search: pagefind_search.KeptSearch | None = None
        # Each page's head (page_head.py) by its path below docs_dir: this build's, from
        # the generator; a preview's language process sets ``kept_heads``, which it keeps
        # up to date between saves, and which then stands in for it.
        self.heads: Mapping[str, Head] = {}
        self.kept_heads: Mapping[str, Head] | None = None
        self.keep_page_text = False  # a plugin reads pages' text later: page_memory.py

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self.command, self.dirty = command, dirty
        if command == "serve":
            _stop_on_sigterm_as_on_ctrl_c()

    @event_priority(100)  # before Material's search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(config.config_file_path)
        _check_search_setting(self.config.search, config)
        self.keep_page_text = text_read_later(config.plugins)
        self.site_dir, self.mkdocs_config = Path(config.site_dir), config
        with _as_plugin_error():
            site = site_config(self.config, config.site_url, config_file.parent, config_file)
            self.build = self.build or language_builds.SiteBuild()
            this = self.build.start(language_builds.Request(
                site, Path(config.site_dir), strict=config.strict,
                preview=self.command == "serve", dirty=self.dirty, config_file=config_file,
                publishing=self.command == "gh-deploy"))
        config.docs_dir = str(this.docs_dir)
        self.heads = self.kept_heads if self.kept_heads is not None else this.heads
        config.site_dir = str(this.site_dir)
        config.site_url = this.site_url
        lang = this.lang or this.site.default_language
        config.site_name = this.site.site_name[lang]
        config.theme["language"] = lang
        config.extra["briefing"] = theme_words(this.site, lang)  # footer and 404 page
        config.extra["briefing_search"] = self.config.search  # which box the header shows
        self.builds_nothing = this.lang is None
        if this.lang is None:  # every language builds in a process of its own (a preview)
            config.nav = []
            # Nor the theme's own pages (404, sitemap) and its list of files: compiling its
            # templates and walking its folders anew after each save took 0.4 s at 2,000
            # deals, for pages nobody is shown (the languages' processes build their own).
            config.theme.static_templates.clear()
            config.theme.dirs = []
        # The registry's pages that stay out of the navigation, with any mkdocs.yml adds.
        not_in_nav = c.PathSpec().validate("\n".join(registry.not_in_nav()))
        config.not_in_nav = not_in_nav + config.not_in_nav if config.not_in_nav else not_in_nav
        # Material shows its language menu only when extra.alternate is set; the theme
        # override points each entry at the same page in that language.
        config.extra["alternate"] = [
            {"name": language(code).native_name, "link": this.site.language_url(code),
             "lang": code} for code in this.site.languages]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # A preview's own build builds nothing: not even the theme's files (each language's
        # process has its own copy), which MkDocs would otherwise copy on every save.
        return Files([]) if self.builds_nothing else files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Material's search plugin made its index in on_config; ours reads pages about
        # five times faster and writes the same search_index.json, on the Material it was
        # verified against (fast_search.py).
        if self.config.fast_search_index and self.config.search == "material":
            fast_search.install(config)

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig,
                         files: Any) -> str:
        head = self.heads.get(page.file.src_uri)
        if head is not None:
            page.meta["head"] = head
        elif not isinstance(page.meta.get("head"), dict):
            # A page the generator did not write (one added by hand): its own front
            # matter's head if it gives one as fields, else none; the theme escapes both.
            page.meta.pop("head", None)
        return markdown

    @event_priority(-100)  # after every other plugin has read the page's Markdown
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str:
        if not self.keep_page_text:
            let_go_of_markdown(page)
        return html

    @event_priority(-100)  # the page's HTML is let go of: after every other plugin
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if not self.keep_page_text:
            let_go_of_content(page)
        if not self.config.collapse_whitespace:
            return output
        return collapse_whitespace(output, beside_blocks=True)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        with _as_plugin_error():
            if self.config.search == "pagefind" and self.kept_search is not None:
                # A preview: the pages this build wrote go to the kept index, which a
                # thread of its own updates while the browser already reloads.
                self.kept_search.update(Path(config.site_dir))
            elif self.config.search == "pagefind" and not self.builds_nothing:
                # This language's pages are all written: index them here, in the process
                # that built them (side by side with the other languages), before the
                # staging folder replaces site/.
                report = pagefind_search.index_language(Path(config.site_dir))
                log.info(f"briefing: search index of {report.pages} pages, "
                         f"{report.bytes // 1024} KB, in {report.seconds:.2f} s")
            self.build.wait()

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.fail()
        if isinstance(error, OSError):
            # MkDocs itself could not write a page or an asset (a full disk, no
            # permission). It would end in a traceback; an error raised here ends the
            # build with this message instead, and site/ stays as it was.
            raise PluginError(str(output_error(error, self.site_dir))) from None

    def on_shutdown(self) -> None:
        # After MkDocs' own strict-mode check, which comes after on_post_build.
        if self.build is not None:
            with _as_plugin_error():
                self.build.stop()
            if self.command == "gh-deploy" and self.build.ready:
                self._deploy_whole_site()

    def _deploy_whole_site(self) -> None:
        """gh-deploy pushes site_dir after this event. A further language's process has
        built its part and ends here; the first pushes the whole site, now in place."""
        assert self.build is not None and self.mkdocs_config is not None
        if self.build.is_other:
            raise SystemExit(0)
        self.mkdocs_config.site_dir = str(self.site_dir)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # Watch what editors change, not the folder MkDocs was given to build (watching
        # what a rebuild writes would loop); told of changes at once (watching.py).
        assert self.build is not None and self.build.request is not None
        site = self.build.request.site
        watching.watch(server, [str(site.content_dir), str(site.templates_dir),
                                str(LOCALES_DIR)], unwatched=config.docs_dir)
        return server
