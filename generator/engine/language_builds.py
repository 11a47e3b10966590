"""Every language of the site built by MkDocs, each in a process of its own.

Material sets ``<html lang>``, its interface words and its search index from one
``theme.language`` per MkDocs build, so each language is a build of its own. The MkDocs
process that was started builds the site's first language; the others are built side by
side on the other cores:

- ``mkdocs build`` (where the system can fork): the content is checked once, then the
  process forks one process per further language. Each renders and writes its own
  language's Markdown, reports back over a pipe (one JSON line: its counts, or what went
  wrong) and goes on to build that language's site. Forking spares each a Python start-up
  and a second check, and splits rendering over the cores (benchmarks/README.md, "Scale").
- ``mkdocs serve`` (``Kept``): the generator is kept between saves and renders only what a
  save touched (pipeline.Generator), and each language has a process of its own that keeps
  its site and builds only the pages whose Markdown changed (site_worker.py); the MkDocs
  build of this process (serve's) then has nothing to build itself.
- Systems without fork (``Spawned``): this process writes every language's Markdown, then
  starts a ``mkdocs build`` process per further language.

What a process of another language is to build crosses as one environment variable
(``JOB_VARIABLE``: language, site folder, public address). The data of each page's <head>
(pages/page_head.py) is not in the Markdown: a process that rendered its language has it
in memory (``Assignment.heads``), a spawned one reads it from a file its parent wrote for
it (``Job.heads_file``), a preview's language process is sent it with each save.

Everything goes into a staging folder that replaces ``site/`` only when every language has
built without error, so a failed build leaves the last good site in place; one build at a
time holds the project folder's lock (build_lock.py) from before the Markdown is written
until ``site/`` is in place (a preview: until its rebuild has finished).

The MkDocs plugin calls ``start`` in on_config (it returns the language, folders and
address this process's build is for), ``wait`` in on_post_build (the other languages, then
the root files), ``fail`` in on_build_error and ``stop`` in on_shutdown. How the languages
are built is a strategy (``Forked``, ``Spawned``, ``Kept``) behind those calls.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import importlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ..build import collector, pipeline
from ..build import lock as build_lock
from ..build import site_files as sitefiles
from ..build.write import (
    UnsafeOutput,
    WriteReport,
    looks_like_site_build,
    prepare_markdown_root,
    replace_dir,
    settle,
    staging_dir,
)
from ..content.model import PartialDate
from ..errors import BriefingError, ContentError, Problem
from ..pages.page_head import Head
from ..settings import SiteConfig
from ..text.i18n import LOCALES_DIR

log = logging.getLogger("mkdocs.plugins.briefing")

# Set for a `mkdocs build` process that builds one further language (Spawned): its job.
JOB_VARIABLE = "BRIEFING_LANGUAGE_JOB"


class BuildFailed(BriefingError):
    """A language's build failed, or its pages could not be written."""


class NotReadyToPublish(BriefingError):
    """The settings still hold placeholders, and the build would publish the site."""


@dataclass(frozen=True)
class Request:
    """What MkDocs asks for: the site, where its output goes, and how."""

    site: SiteConfig
    site_dir: Path  # mkdocs.yml's site_dir; under `mkdocs serve`, the server's own folder
    strict: bool
    preview: bool  # a `mkdocs serve` rebuild
    dirty: bool = False  # `serve --dirty`: rebuild only pages whose Markdown changed
    config_file: Path | None = None  # mkdocs.yml, for the processes that build a language
    publishing: bool = False  # `mkdocs gh-deploy`: the site goes to readers once built


@dataclass(frozen=True)
class Assignment:
    """The language this process's MkDocs build makes, and where; no language (None) when
    processes of their own build every language (a preview): the build then has an empty
    folder to build into an empty one."""

    lang: str | None
    site: SiteConfig  # as this build sees it (a spawned process: its parent's address)
    docs_dir: Path  # that language's Markdown tree
    site_dir: Path  # where its site goes
    site_url: str  # its public address
    # Each page's head, by its path below docs_dir (the generator's, page_head.py); a page
    # it does not name (none the generator wrote) gets no such head.
    heads: Mapping[str, Head]


@dataclass(frozen=True)
class Job:
    """What a spawned `mkdocs build` process is to build: one language, into a folder."""

    lang: str
    site_root: str  # the folder that holds one folder per language
    site_url: str  # the site's address (a preview's is the server's)
    heads_file: str | None = None  # the language's heads as JSON, written by the parent

    def heads(self) -> dict[str, Head]:
        """The heads its parent wrote for this language (none without a file)."""
        if self.heads_file is None:
            return {}
        heads: dict[str, Head] = json.loads(Path(self.heads_file).read_text(encoding="utf-8"))
        return heads

    def to_environment(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> Job | None:
        text = os.environ.get(JOB_VARIABLE)
        return cls(**json.loads(text)) if text else None


Counts = tuple[int, int, int, int]  # pages, written, removed, unchanged


def _counts(pages: int, report: WriteReport) -> Counts:
    return pages, len(report.written), len(report.removed), report.unchanged


def release_memory() -> None:
    """The generator's caches, then garbage, then free memory back to the system, so that
    a language's MkDocs build does not start on top of the generator's high-water mark
    (each process stays under 400 MB at 2,000 deals)."""
    pipeline.release_caches()
    collector.release()  # what rendering left out of the collector's rounds, too
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused, just not returned


def spare_the_collector() -> None:
    """Leave what exists now out of the garbage collector's rounds for the rest of the
    build, and start a round less often: MkDocs keeps every page it has read until the
    end, and each full round walks all of them again. Only for `mkdocs build`: a
    preview server that froze its objects on every rebuild would never free them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def build_epoch(newest: PartialDate | None) -> str | None:
    """The build's date as SOURCE_DATE_EPOCH: the newest date in the content."""
    if newest is None:
        return None
    stamp = datetime(newest.year, newest.month or 1, newest.day or 1, tzinfo=UTC)
    return str(int(stamp.timestamp()))


def pin_build_date(newest: PartialDate | None) -> None:
    """Same content, same bytes: MkDocs dates the sitemap by SOURCE_DATE_EPOCH, not by the
    clock; the processes of the other languages inherit it."""
    epoch = build_epoch(newest)
    if epoch and "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = epoch


def report_problems(problems: list[Problem], request: Request, shown: ShownProblems | None = None,
                    saved: AbstractSet[str] = frozenset()) -> None:
    """Warnings as warnings (`--strict` fails on them); notices (records due for review,
    placeholders in the settings, history not compared) as information, which never fails
    a build. A preview's address is the server's own, so its settings are not reported.
    ``shown``: what a preview printed so far; it prints again only the warnings and
    notices new since its last build and the warnings of the files just saved (``saved``),
    with one line counting the rest. A build on its own prints every one."""
    if not request.preview:
        problems = problems + pipeline.setting_notices(request.site)
    printed = set(problems) if shown is None else shown.new(problems, saved)
    for problem in problems:
        if problem not in printed:
            continue  # formatting 4,000 unprinted warnings took 0.4 s of every save
        if problem.severity != "notice":
            log.warning(str(problem))
        else:
            log.info(f"briefing: {problem}")
    if shown is not None and (summary := shown.summary()):
        log.info(f"briefing: {summary}")


class ShownProblems:
    """The warnings and notices a preview printed: all of them at its first build; at each
    later one those its last build did not have, and the warnings of the files just saved
    (what the editor is working on). At 2,000 deals a desk has hundreds of records due for
    review and thousands of texts over their length, and printed on every save they would
    bury the one line an editor needs (an error, file:line:column: field). A problem is the
    same while its place and words are (a line moved by an edit above it, or a day more
    since the review, prints it again)."""

    SEVERITIES = ("warning", "notice")

    def __init__(self) -> None:
        self.last: set[Problem] = set()  # the last build's warnings and notices
        self.kept: Counter[str] = Counter()  # of those not printed, by severity
        self.gone: Counter[str] = Counter()  # of the last build's, how many no longer hold

    def new(self, problems: list[Problem], saved: AbstractSet[str] = frozenset()) -> set[Problem]:
        """Of this build's problems, those to print; remembers them all for the next."""
        now = set(problems)
        printed = {problem for problem in now if self._unseen(problem, saved)}
        self.kept = Counter(problem.severity for problem in now - printed)
        self.gone = Counter(problem.severity for problem in self.last - now)
        self.last = now
        return printed

    def failing(self, problems: list[Problem], saved: AbstractSet[str] = frozenset()
                ) -> list[Problem]:
        """Of a failed build's problems, those to print: every error, and the warnings
        ``new`` would print; what was printed is remembered as before the failure."""
        return [problem for problem in problems
                if problem.severity == "error" or self._unseen(problem, saved)]

    def _unseen(self, problem: Problem, saved: AbstractSet[str]) -> bool:
        """Whether the editor is to see ``problem`` again: new since the last build, or a
        warning of a file just saved."""
        return problem not in self.last or (problem.severity == "warning"
                                            and problem.file in saved)

    def summary(self) -> str:
        """One line for the problems not printed again; empty when there are none."""
        parts = []
        if kept := _by_severity(self.kept):
            parts.append(f"{kept} as before, not printed again (each was printed in full "
                         f"when it first came up)")
        if gone := _by_severity(self.gone):
            total = sum(self.gone.values())
            parts.append(f"{gone} no longer {'hold' if total != 1 else 'holds'}")
        return "; ".join(parts)


def _by_severity(by_severity: Counter[str]) -> str:
    """"3 warnings and 1 notice": the counts by severity, warnings first."""
    named = [f"{by_severity[severity]} {severity}{'s' if by_severity[severity] != 1 else ''}"
             for severity in ShownProblems.SEVERITIES if by_severity[severity]]
    return " and ".join(named)


class OtherLanguages(Protocol):
    """How the languages this process does not build itself are built."""

    def begin(self, request: Request, site_root: Path) -> str | None:
        """Write the Markdown and set the other languages going; return the language
        this process goes on to build (in a forked process: that process's), or None when
        every language is built elsewhere."""

    def failed(self) -> list[str]:
        """Wait for the other languages; the ones whose build failed."""

    def cancel(self) -> None:
        """This build failed: end or wait out what it set going."""

    def stop(self) -> None:
        """MkDocs has finished: end whatever still runs."""

    @property
    def heads(self) -> Mapping[str, Head]:
        """The heads of the pages of the language ``begin`` returned, by path below its
        folder; empty when this process builds none."""

    @property
    def is_other(self) -> bool:
        """Whether this process is one that builds a further language."""


class SiteBuild:
    """One build (or preview rebuild) of every language of the site, for the MkDocs plugin."""

    def __init__(self, others: OtherLanguages | None = None):
        self.job = Job.from_environment()  # set: this process builds one further language
        self.others = others
        self.lock: build_lock.BuildLock | None = None
        self.site_root: Path | None = None  # holds one folder per language
        self.final_site_dir: Path | None = None  # where site_root goes once all is built
        self.request: Request | None = None
        self.ready = False
        self.started = 0.0
        self.empty: Path | None = None  # an empty folder to build, when this builds nothing

    @property
    def is_other(self) -> bool:
        return self.job is not None or (self.others is not None and self.others.is_other)

    def start(self, request: Request) -> Assignment:
        self.started = time.perf_counter()
        self.request, self.ready = request, False
        site = request.site
        lang: str | None
        heads: Mapping[str, Head] = {}
        if self.job is not None:  # a spawned process: its parent has written everything
            lang, self.site_root = self.job.lang, Path(self.job.site_root)
            site = replace(site, site_url=self.job.site_url)
            heads = self.job.heads()
        else:
            if request.publishing:  # as `briefing check --publish`, before anything is built
                _refuse_placeholders(site)
            self._release_lock()  # a preview's previous rebuild, should it still hold it
            self.lock = build_lock.BuildLock(site.project_dir, site.lock_timeout)
            self.lock.acquire()
            if request.preview:
                self.final_site_dir, self.site_root = None, request.site_dir
            else:
                self.final_site_dir = request.site_dir
                self.site_root = self._staging(request.site_dir, site)
            if self.others is None:
                self.others = Kept() if request.preview else (
                    Forked() if hasattr(os, "fork") else Spawned())
            lang = self.others.begin(request, self.site_root)
            heads = self.others.heads
        if not request.preview:
            spare_the_collector()
        if lang is None:
            if self.empty is None:
                self.empty = Path(tempfile.mkdtemp(prefix="briefing-preview-"))
                (self.empty / "docs").mkdir()
            return Assignment(lang=None, site=site, docs_dir=self.empty / "docs",
                              site_dir=self.empty / "site", site_url=site.site_url, heads={})
        return Assignment(lang=lang, site=site, docs_dir=site.markdown_dir / lang,
                          site_dir=self.site_root / lang, site_url=site.language_url(lang),
                          heads=heads)

    def wait(self) -> None:
        """After this process's language is built: the others, then the root files."""
        if self.is_other:
            self.ready = True  # this language is built; its parent puts the site in place
            return
        assert self.others is not None and self.site_root is not None
        assert self.request is not None
        failed = self.others.failed()
        if failed:
            kept = ("the preview shows the last pages built" if self.request.preview else
                    "site/ was left as it was")
            raise BuildFailed(f"the build of language {', '.join(failed)} failed (its "
                              f"messages are above); {kept}")
        sitemaps = {lang: path.read_bytes() for lang in self.request.site.languages
                    if (path := self.site_root / lang / sitefiles.SITEMAP).is_file()}
        for name, data in sitefiles.root_files(self.request.site, sitemaps).items():
            (self.site_root / name).write_bytes(data)
        self.ready = True
        if self.request.preview:
            # MkDocs drops a log line it has printed before, so its own "Documentation
            # built in 0.84 seconds" goes missing whenever a rebuild takes as long as an
            # earlier one; this line is never dropped, and it counts every language.
            log.info(f"briefing: preview of {', '.join(self.request.site.languages)} built "
                     f"in {time.perf_counter() - self.started:.2f} s")
            self._release_lock()

    def fail(self) -> None:
        """The build failed: end the other languages' processes and let the lock go."""
        self.ready = False
        if self.is_other:
            return
        if self.others is not None:
            self.others.cancel()
        if self.request is not None and self.request.preview:
            self._release_lock()

    def stop(self) -> None:
        """MkDocs has finished (after its strict check): put the site in place if every
        language built, else throw the staging folder away; let the lock go (when the
        site is being published: with the process, once the site has been pushed)."""
        if self.is_other:
            return
        try:
            if self.final_site_dir and self.site_root:
                if self.ready:
                    replace_dir(self.site_root, self.final_site_dir)
                    log.info(f"briefing: site written to {self.final_site_dir}")
                else:
                    shutil.rmtree(self.site_root, ignore_errors=True)
        except BaseException:
            self.ready = False  # the site was left as it was: so are the Markdown trees
            raise
        finally:
            if self.request is not None and not self.request.preview:
                # Each language's Markdown tree was kept as it was until now (write.settle):
                # kept new only with the site, else put back.
                settle(pipeline.markdown_trees(self.request.site), keep_new=self.ready,
                       picture_cache=self.request.site.picture_cache)
            if self.others is not None:
                self.others.stop()
            if self.empty is not None:
                shutil.rmtree(self.empty, ignore_errors=True)
                self.empty = None
            self.final_site_dir = None
            if not (self.ready and self.request is not None and self.request.publishing):
                self._release_lock()

    def _release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @staticmethod
    def _staging(final_site_dir: Path, site: SiteConfig) -> Path:
        try:  # a site folder someone else made is refused before anything is built
            return staging_dir(final_site_dir)
        except UnsafeOutput as exc:
            if looks_like_site_build(final_site_dir, site.languages):
                raise UnsafeOutput(f"{exc}; it looks like a site an older version of this "
                                   f"project built and left without its marker file: remove "
                                   f"it with 'briefing clean-site', then build again") from None
            raise


def _refuse_placeholders(site: SiteConfig) -> None:
    unfinished = pipeline.publishing_problems(site)
    if unfinished:
        raise NotReadyToPublish(
            "the site is not ready to publish: fill in these settings first (README, "
            "\"Publishing\"):\n" + "\n".join(str(problem) for problem in unfinished)
            + "\nNothing was built or published.")


class Forked:
    """`mkdocs build`: check once, then fork a process per further language."""

    def __init__(self) -> None:
        self.forks: list[tuple[str, int]] = []  # (language, process id)
        self.is_other = False
        self.heads: Mapping[str, Head] = {}

    def begin(self, request: Request, site_root: Path) -> str:
        started = time.perf_counter()
        site = request.site
        generator = pipeline.Generator()
        content, warnings = generator.prepare(site, request.strict, compare_history=True)
        prepare_markdown_root(site.markdown_dir, site.languages)
        report_problems(warnings, request)
        pin_build_date(content.newest_date)
        sys.stdout.flush()
        sys.stderr.flush()
        release_memory()  # the loaded documents: each process starts its site lighter
        collector.freeze()  # each language's rendering leaves the model out of its rounds
        unread: dict[str, int] = {}  # language → its process's report pipe
        for lang in site.languages[1:]:
            report_r, report_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                for other_r in unread.values():
                    os.close(other_r)
                os.close(report_r)
                self.forks, self.is_other = [], True
                _write_and_report(generator, lang, report_w)
                self.heads = generator.heads[lang]
                return lang
            os.close(report_w)
            self.forks.append((lang, pid))
            unread[lang] = report_r
        try:
            reports = [_counts(*generator.write_language(site.default_language))]
            self.heads = generator.heads[site.default_language]
            for lang, _pid in self.forks:
                with os.fdopen(unread.pop(lang), "rb") as incoming:
                    report = json.loads(incoming.read() or b'{"error": "no report"}')
                if "error" in report:
                    raise BuildFailed(f"writing the {lang} pages failed:\n{report['error']}")
                reports.append(tuple(report["counts"]))
        except BaseException:
            for report_r in unread.values():
                os.close(report_r)
            self.stop()
            collector.release()  # the model's cycles are garbage now
            raise
        pages, written, removed, unchanged = (sum(r[i] for r in reports) for i in range(4))
        log.info(f"briefing: {pages} pages, {written} written, {removed} removed, "
                 f"{unchanged} unchanged, in {time.perf_counter() - started:.2f} s")
        del content, generator
        release_memory()  # MkDocs reads the pages from disk: drop what made them
        return site.default_language

    def failed(self) -> list[str]:
        failed = [lang for lang, pid in self.forks
                  if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0]
        self.forks = []
        return failed

    def cancel(self) -> None:
        self.stop()

    def stop(self) -> None:
        for _lang, pid in self.forks:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.forks = []


def _write_and_report(generator: pipeline.Generator, lang: str, report_w: int) -> None:
    """In a forked process: render and write one language, and tell the parent how that
    went. A failure ends this process: the parent reports it."""
    try:
        try:
            report: dict[str, Any] = {"counts": _counts(*generator.write_language(lang))}
        except BriefingError as exc:  # e.g. a full disk: the message says which folder
            report = {"error": str(exc)}
        except Exception:  # noqa: BLE001 - the parent reports whatever went wrong
            report = {"error": traceback.format_exc()}
        with os.fdopen(report_w, "wb") as outgoing:
            outgoing.write(json.dumps(report).encode("utf-8"))
    except BaseException:  # noqa: BLE001 - a broken pipe: the parent failed first
        os._exit(1)
    if "error" in report:
        os._exit(1)
    release_memory()


def running_engine() -> str:
    """The engine this process runs, as ``python -m`` names it: "mkdocs", or "properdocs"
    under ProperDocs, which answers every import of mkdocs with itself. The further
    languages are built by the same engine as the first."""
    return importlib.import_module("mkdocs").__name__


class Spawned:
    """Systems without fork: write every language here, then start a `mkdocs build`
    process (or the running engine's) per further language."""

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.is_other = False
        self.heads: Mapping[str, Head] = {}
        self.heads_dir: Path | None = None  # the further languages' heads, one file each

    def begin(self, request: Request, site_root: Path) -> str:
        site = request.site
        # A preview's rebuilds skip the comparison with git (history.py): it is for
        # `briefing check` and full builds, and a save should not wait for it.
        built = pipeline.build_markdown(site, strict=request.strict,
                                        compare_history=not request.preview,
                                        settle_trees=request.preview)
        report_problems(built.warnings, request)
        report = built.report
        log.info(f"briefing: {built.pages} pages, {len(report.written)} written, "
                 f"{len(report.removed)} removed, {report.unchanged} unchanged")
        pin_build_date(built.content.newest_date)
        assert request.config_file is not None
        self.heads = built.heads[site.default_language]
        self._forget_heads()
        self.heads_dir = Path(tempfile.mkdtemp(prefix="briefing-heads-"))
        self.processes = []
        for lang in site.languages[1:]:
            heads_file = self.heads_dir / f"{lang}.json"
            heads_file.write_text(json.dumps(built.heads[lang], ensure_ascii=False),
                                  encoding="utf-8")
            job = Job(lang, str(site_root), site.site_url, str(heads_file))
            env = dict(os.environ, **{JOB_VARIABLE: job.to_environment(),
                                      "NO_MKDOCS_2_WARNING": "1"})
            command = [sys.executable, "-m", running_engine(), "build", "--quiet",
                       "--config-file", str(request.config_file)]
            if request.strict:
                command.append("--strict")
            if request.dirty:
                # `serve --dirty`: the other languages, too, rebuild only the pages whose
                # Markdown the generator rewrote (it leaves unchanged files' times alone).
                command.append("--dirty")
            self.processes.append((lang, subprocess.Popen(command, env=env)))
        return site.default_language

    def failed(self) -> list[str]:
        failed = [lang for lang, process in self.processes if process.wait() != 0]
        self.processes = []
        return failed

    def cancel(self) -> None:
        self.stop()

    def stop(self) -> None:
        for _lang, process in self.processes:
            process.kill()
            process.wait()
        self.processes = []
        self._forget_heads()

    def _forget_heads(self) -> None:
        if self.heads_dir is not None:
            shutil.rmtree(self.heads_dir, ignore_errors=True)
            self.heads_dir = None


class Kept:
    """`mkdocs serve`: the generator kept between saves (pipeline.Generator(keep=True)),
    and a process per language that keeps its site and builds only the pages whose
    Markdown a save changed (site_worker.py), every language at once; serve's own MkDocs
    build has nothing to build. A change of settings, mkdocs.yml or the theme starts the
    language processes anew (each builds its site whole once), and so does a change of the
    catalogs, whose words the theme shows."""

    def __init__(self) -> None:
        self.generator = pipeline.Generator(keep=True)
        self.workers: dict[str, _Worker] = {}
        self.settings: tuple[Any, ...] | None = None
        self.strict = False
        self.is_other = False
        self.shown = ShownProblems()  # each warning and notice printed once, mostly
        self.heads: Mapping[str, Head] = {}  # serve's own build builds no language

    def begin(self, request: Request, site_root: Path) -> str | None:
        site = request.site
        assert request.config_file is not None
        # The catalogs too: the theme's own words (footer, 404 page: theme_words.py) are
        # given to each language's MkDocs when its process starts.
        settings = (site, site_root, request.strict, _digest(request.config_file),
                    pipeline.files_digest(site.templates_dir / "theme"),
                    pipeline.files_digest(LOCALES_DIR))
        if settings != self.settings:
            self.stop()
            self.settings = settings
        self.strict = request.strict
        started = time.perf_counter()
        # No comparison with git (history.py): it is for `briefing check` and full builds,
        # and a save should not wait for it.
        try:
            content, warnings = self.generator.prepare(site, request.strict)
        except ContentError as error:
            # Every error; of the warnings, those the editor has not seen (the thousands
            # left from earlier builds would bury the error).
            raise ContentError(self.shown.failing(error.problems, self.generator.files.changed)
                               ) from None
        report_problems(warnings, request, self.shown, self.generator.files.changed)
        prepare_markdown_root(site.markdown_dir, site.languages)
        epoch = None if "SOURCE_DATE_EPOCH" in os.environ else build_epoch(content.newest_date)
        counts = []
        for lang in site.languages:  # each language's process starts while the next renders
            pages, report = self.generator.write_language(lang)
            counts.append(_counts(pages, report))
            worker = self.workers.get(lang)
            if worker is None or not worker.alive():
                worker = self.workers[lang] = _Worker(lang, request, site_root)
                heads = self.generator.heads[lang]  # a new process: every page's
            else:
                # Those new or changed since the last save: a page whose head changed
                # is built again even where its Markdown stayed the same bytes.
                heads = self.generator.changed_heads[lang]
            rebuild = report.written + sorted(heads.keys() - set(report.written))
            worker.ask({"written": rebuild, "removed": report.removed, "heads": heads,
                        "epoch": epoch, "strict": request.strict})
        pages, written, removed, unchanged = (sum(c[i] for c in counts) for i in range(4))
        log.info(f"briefing: {pages} pages, {written} written, {removed} removed, "
                 f"{unchanged} unchanged; generator {time.perf_counter() - started:.2f} s")
        return None

    def failed(self) -> list[str]:
        failed = []
        for lang, worker in self.workers.items():
            answer = worker.answer()
            if answer is None:
                continue
            if not answer.get("ok"):
                log.error(f"briefing: building the {lang} pages failed:\n{answer.get('error')}")
                failed.append(lang)
                continue
            log.info(f"briefing: {lang} site: {answer['mode']} build in {answer['seconds']} s")
            if self.strict and answer.get("warnings"):
                log.error(f"briefing: {answer['warnings']} warnings in the {lang} pages, "
                          f"in strict mode")
                failed.append(lang)
        # What the generator keeps stays: spare the collector from walking it on every save
        # (kept_model.KeptModel lets go of what a save replaced without waiting for it).
        gc.collect()
        gc.freeze()
        return failed

    def cancel(self) -> None:
        for worker in self.workers.values():
            worker.answer()  # let a language finish what it was asked; the next save follows

    def stop(self) -> None:
        for worker in self.workers.values():
            worker.stop()
        self.workers = {}


def _digest(path: Path) -> bytes:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()


class _Worker:
    """One language's site_worker.py process: asked over its standard input, answering on
    a pipe of its own (its standard output and error stay the terminal's)."""

    def __init__(self, lang: str, request: Request, site_root: Path):
        self.lang = lang
        answer_r, answer_w = os.pipe()
        job = Job(lang, str(site_root), request.site.site_url)
        env = dict(os.environ, **{JOB_VARIABLE: job.to_environment(),
                                  "NO_MKDOCS_2_WARNING": "1"})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.engine.site_worker", str(request.config_file),
             str(answer_w)], stdin=subprocess.PIPE, env=env, pass_fds=(answer_w,))
        os.close(answer_w)
        self.answers = os.fdopen(answer_r, "r", encoding="utf-8")
        self.asked = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, request: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.process.stdin.flush()
        self.asked = True

    def answer(self) -> dict[str, Any] | None:
        """The answer to the last request; None if nothing was asked."""
        if not self.asked:
            return None
        self.asked = False
        line = self.answers.readline()
        if not line:
            return {"ok": False, "error": f"the {self.lang} process ended "
                                          f"(exit code {self.process.poll()})"}
        answer: dict[str, Any] = json.loads(line)
        return answer

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.answers.close()
