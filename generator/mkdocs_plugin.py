"""MkDocs plugin: runs the generator, then builds one MkDocs site per language.

``mkdocs build`` is the build of the first language (German). At ``on_config`` the plugin
checks the content once and forks one process per further language; each process renders
and writes its own language's Markdown, points its MkDocs build at that tree and at
``site/<lang>/``, and builds, side by side on the other cores (``mkdocs serve`` starts a
``mkdocs build`` process per further language instead: its server runs threads). Each
language thus has its own ``<html lang>``, interface language and search index.
Everything goes into a staging folder that replaces ``site/`` only when every language has
built without error, so a failed build leaves the last good site in place.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from . import build_lock, formatting, page_head, pipeline, search_index, sitefiles
from .config import LANGUAGE_NAMES, SiteConfig, site_config
from .errors import BriefingError
from .html_whitespace import collapse_whitespace
from .markup import escape_inline
from .write import (
    UnsafeOutput,
    WriteReport,
    looks_like_site_build,
    output_error,
    prepare_markdown_root,
    replace_dir,
    staging_dir,
)

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
    lock_timeout = opt.Type((int, float), default=build_lock.DEFAULT_TIMEOUT)
    """Seconds a build waits for another build of the same folder to finish before it gives
    up (the environment variable BRIEFING_LOCK_TIMEOUT overrides it)."""
    review_after_days = opt.Type(int, default=180)
    """Days after a record's last review (its `reviewed` date) at which its page says it
    may be out of date and `briefing check` lists it."""


def _counts(pages: int, report: WriteReport) -> tuple[int, int, int, int]:
    """(pages, written, removed, unchanged) of one language, to add up and log."""
    return pages, len(report.written), len(report.removed), report.unchanged


def _spare_the_collector() -> None:
    """Leave what exists now out of the garbage collector's rounds for the rest of the
    build, and start a round less often: MkDocs keeps every page it has read until the
    end, and each full round walks all of them again. Only for `mkdocs build`: a
    preview server that froze its objects on every rebuild would never free them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _release_memory() -> None:
    """Collect garbage, clear the generator's caches and give free memory back to the
    system, so that a language's MkDocs build does not start on top of the generator's
    high-water mark (each process stays under 400 MB at 2,000 deals)."""
    escape_inline.cache_clear()
    formatting.amount_text.cache_clear()
    formatting.date_text.cache_clear()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused, just not returned


class BriefingPlugin(BasePlugin[BriefingOptions]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.site_root: Path | None = None  # holds one folder per language
        self.final_site_dir: Path | None = None
        self.ready = False
        self.site: SiteConfig | None = None
        # Processes forked to build further languages: (language, pid).
        self.forks: list[tuple[str, int]] = []
        self.fork_language: str | None = None  # set in such a process
        self.started = 0.0  # when this build's on_config began
        # Held from before the Markdown tree is written until site/ is in place (a
        # preview: until the rebuild has finished), by the process that started the build.
        self.lock: build_lock.BuildLock | None = None
        self.site_dir = Path("site")  # mkdocs.yml's site_dir, as messages name it

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self.command = command
        self.dirty = dirty

    @event_priority(100)  # before Material's search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        project_dir = Path(config.config_file_path).parent
        child_language = os.environ.get(CHILD_LANGUAGE)
        public_url = os.environ.get(CHILD_SITE_URL) or config.site_url
        if self.command == "serve" and not child_language:
            public_url = config.site_url  # the preview server's own address
        try:
            self.site = site = site_config(dict(self.config), public_url, project_dir,
                                           Path(config.config_file_path))
        except BriefingError as exc:
            raise PluginError(str(exc)) from None
        self.ready = False
        self.site_dir = Path(config.site_dir)
        if not child_language:  # a further language's process runs under its parent's lock
            self._take_lock(site)

        if child_language:
            lang = child_language
            self.site_root = Path(os.environ[CHILD_SITE_ROOT])
        elif self.command == "serve" or not hasattr(os, "fork"):
            lang = site.default_language
            # The preview server runs threads, and some systems cannot fork: there, the
            # other languages are built by a fresh `mkdocs build` process each.
            self._generate(site, strict=config.strict)
            if self.command == "serve":
                self.site_root = Path(config.site_dir)  # MkDocs' temporary folder
            else:
                self.final_site_dir = Path(config.site_dir)
                self.site_root = self._staging(self.final_site_dir)
            self._start_other_languages(config, site)
        else:
            self.final_site_dir = Path(config.site_dir)
            self.site_root = self._staging(self.final_site_dir)
            lang = self._generate_side_by_side(site, strict=config.strict)

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
        if self.command == "build":
            _spare_the_collector()
        return config

    def _take_lock(self, site: SiteConfig) -> None:
        self._release_lock()  # a preview's previous rebuild, should it still hold it
        lock = build_lock.BuildLock(site.project_dir, site.lock_timeout)
        try:
            lock.acquire()
        except BriefingError as exc:
            raise PluginError(str(exc)) from None
        self.lock = lock

    def _release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _staging(self, final_site_dir: Path) -> Path:
        try:  # a site folder someone else made is refused before anything is built
            return staging_dir(final_site_dir)
        except UnsafeOutput as exc:
            assert self.site is not None
            if looks_like_site_build(final_site_dir, self.site.languages):
                raise PluginError(f"{exc}; it looks like a site an older version of this "
                                  f"project built and left without its marker file: remove "
                                  f"it with 'briefing clean-site', then build again") from None
            raise PluginError(str(exc)) from None
        except BriefingError as exc:
            raise PluginError(str(exc)) from None

    def _generate(self, site: SiteConfig, strict: bool) -> None:
        try:
            # A preview's rebuilds skip the comparison with git (history.py): it is for
            # `briefing check` and full builds, and a save should not wait for it.
            built = pipeline.build_markdown(site, strict=strict,
                                            compare_history=self.command == "build")
        except BriefingError as exc:
            raise PluginError(str(exc)) from None
        self._report(site, built.warnings)
        report = built.report
        log.info(f"briefing: {built.pages} pages, {len(report.written)} written, "
                 f"{len(report.removed)} removed, {report.unchanged} unchanged")
        self._pin_build_date(built.content.newest_date)

    def _generate_side_by_side(self, site: SiteConfig, strict: bool) -> str:
        """Check once, then render, write and build each language in a process of its own.

        The checked content is shared by forking: each further language's process renders
        its pages, writes its own language's Markdown tree (write.py, as ever: staged and
        swapped in whole), reports back, and goes on to build that language's site while
        this process does the same for the first language. Returns the language this
        process builds. Forking spares each further language a Python start-up and a
        second check, and splits rendering and writing over the cores
        (benchmarks/README.md, "Scale").
        """
        started = time.perf_counter()
        try:
            content, warnings = pipeline.prepare(site, strict, compare_history=True)
            prepare_markdown_root(site.markdown_dir, site.languages)
        except BriefingError as exc:
            raise PluginError(str(exc)) from None
        self._report(site, warnings)
        self._pin_build_date(content.newest_date)
        sys.stdout.flush()
        sys.stderr.flush()
        _release_memory()  # the loaded documents: each process starts its site lighter
        self.forks = []
        unread_reports: dict[str, int] = {}  # language → its process's report pipe
        for lang in site.languages[1:]:
            report_r, report_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                for other_report_r in unread_reports.values():
                    os.close(other_report_r)
                os.close(report_r)
                self._write_language(content, site, lang, report_w)
                self.forks = []
                self.fork_language = lang
                self.final_site_dir = None  # the first language's process puts site/ in place
                self.lock = None  # its parent's, which it shares: released by the parent only
                return lang
            os.close(report_w)
            self.forks.append((lang, pid))
            unread_reports[lang] = report_r

        try:
            reports = [_counts(*pipeline.write_language(content, site, site.default_language))]
            for lang, _pid in self.forks:
                with os.fdopen(unread_reports.pop(lang), "rb") as incoming:
                    status, payload = pickle.load(incoming)
                if status != "ok":
                    raise PluginError(f"writing the {lang} pages failed:\n{payload}")
                reports.append(payload)
        except BaseException as exc:
            for report_r in unread_reports.values():
                os.close(report_r)
            self._stop_forks()
            if isinstance(exc, BriefingError):  # e.g. a Markdown folder someone else made
                raise PluginError(str(exc)) from None
            raise
        pages, written, removed, unchanged = (sum(r[i] for r in reports) for i in range(4))
        log.info(f"briefing: {pages} pages, {written} written, {removed} removed, "
                 f"{unchanged} unchanged, in {time.perf_counter() - started:.2f} s")
        del content
        _release_memory()  # MkDocs reads the pages from disk: drop what made them
        return site.default_language

    def _report(self, site: SiteConfig, problems: list[Any]) -> None:
        """Warnings as warnings (`--strict` fails on them); notices (records due for review,
        placeholders in the settings, history not compared) as information, which never
        fails a build. A preview's address is the server's own, so its settings are not
        reported."""
        if self.command == "build":
            problems = problems + pipeline.setting_notices(site)
        for problem in problems:
            if problem.severity == "notice":
                log.info(f"briefing: {problem}")
            else:
                log.warning(str(problem))

    @staticmethod
    def _write_language(content: Any, site: SiteConfig, lang: str, report_w: int) -> None:
        """In a forked process: render and write one language, and tell the parent how
        that went. A failure ends this process: the parent reports it."""
        try:
            try:
                counts = _counts(*pipeline.write_language(content, site, lang))
                payload: tuple[str, Any] = ("ok", counts)
            except BriefingError as exc:  # e.g. a full disk: the message says which folder
                payload = ("error", str(exc))
            except Exception:  # noqa: BLE001 - the parent reports whatever went wrong
                payload = ("error", traceback.format_exc())
            with os.fdopen(report_w, "wb") as outgoing:
                pickle.dump(payload, outgoing, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - a broken pipe: the parent failed first
            os._exit(1)
        if payload[0] != "ok":
            os._exit(1)
        _release_memory()

    def _stop_forks(self) -> None:
        for _lang, pid in self.forks:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.forks = []

    def _pin_build_date(self, newest: Any) -> None:
        if newest and "SOURCE_DATE_EPOCH" not in os.environ:
            # Same content, same bytes: MkDocs dates the sitemap by this, not by the clock.
            stamp = datetime(newest.year, newest.month or 1, newest.day or 1, tzinfo=UTC)
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
            if self.dirty:
                # `serve --dirty`: the other languages, too, rebuild only the pages whose
                # Markdown the generator rewrote (it leaves unchanged files' times alone).
                command.append("--dirty")
            self.children.append((lang, subprocess.Popen(command, env=env)))

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Material's search plugin made its index in on_config; this one reads pages
        # about five times faster and writes the same search_index.json.
        search_index.install(config)

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig,
                         files: Any) -> str:
        head = page.meta.get("head")
        if isinstance(head, str):  # the generator's pages carry it as JSON (page_head.py)
            page.meta["head"] = page_head.head_from_text(head)
        return markdown

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        return collapse_whitespace(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if os.environ.get(CHILD_LANGUAGE) or self.fork_language:
            return
        failed = [lang for lang, child in self.children if child.wait() != 0]
        failed += [lang for lang, pid in self.forks
                   if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0]
        self.children = []
        self.forks = []
        if failed:
            raise PluginError(f"the build of language {', '.join(failed)} failed (its messages "
                              f"are above); site/ was left as it was")
        assert self.site is not None and self.site_root is not None
        for name, data in sitefiles.root_files(self.site).items():
            (self.site_root / name).write_bytes(data)
        self.ready = True
        if self.command == "serve":
            # MkDocs drops a log line it has printed before, so its own "Documentation
            # built in 0.84 seconds" goes missing whenever a rebuild takes as long as an
            # earlier one; this line is never dropped, and it counts every language.
            log.info(f"briefing: preview of {', '.join(self.site.languages)} built in "
                     f"{time.perf_counter() - self.started:.2f} s")
            self._release_lock()

    def on_build_error(self, *, error: Exception) -> None:
        self.ready = False
        for _lang, child in self.children:
            child.kill()
            child.wait()
        self.children = []
        self._stop_forks()
        if self.command == "serve":
            self._release_lock()
        if isinstance(error, OSError):
            # MkDocs itself could not write a page or an asset (a full disk, no
            # permission). It would end in a traceback; an error raised here ends the
            # build with this message instead, and site/ stays as it was.
            raise PluginError(str(output_error(error, self.site_dir))) from None

    def on_shutdown(self) -> None:
        # After MkDocs' own strict-mode check, which comes after on_post_build.
        try:
            if self.command == "build" and self.final_site_dir and self.site_root:
                if self.ready:
                    replace_dir(self.site_root, self.final_site_dir)
                    log.info(f"briefing: site written to {self.final_site_dir}")
                else:
                    shutil.rmtree(self.site_root, ignore_errors=True)
        except BriefingError as exc:  # replace_dir's OutputError: site/ is as it was
            raise PluginError(str(exc)) from None
        finally:
            if not self.fork_language:
                self._release_lock()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # The generated Markdown changes on every rebuild; watching it would loop.
        # Watch what editors change instead.
        assert self.site is not None
        server.unwatch(config.docs_dir)
        for path in (self.site.content_dir, self.site.templates_dir,
                     Path(pipeline.__file__).parent / "locales"):
            server.watch(str(path))
        return server
