"""Load, check, model, render: the generator as one call, with no MkDocs in it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ..content.load import FOLDERS, Document, ReadFiles, load_content
from ..content.model import Content, build_content
from ..errors import ContentError, Problem
from ..pages import registry
from ..pages.page_head import Head
from ..pages.social_image import Picture
from ..preview import incremental
from ..preview.incremental import KeptPages
from ..preview.kept_checks import KeptChecks
from ..preview.kept_files import KeptFiles
from ..preview.kept_model import KeptModel
from ..preview.kept_parts import KeptParts
from ..render import renderer as render
from ..render.renderer import LanguageRenderer, MarkdownPage, Pages, Rendered, render_site
from ..rules import history, placeholders
from ..rules.check import check_alone, check_documents
from ..settings import SiteConfig
from ..text import formatting
from ..text.i18n import LOCALES_DIR, translations
from ..text.markup import escape_inline
from . import collector, second_core
from .picture_cache import PictureCache
from .write import WriteReport, prepare_markdown_root, settle, write_pages, write_tree


@dataclass
class Generated:
    content: Content
    pages: Pages
    warnings: list[Problem]
    heads: dict[str, Head]  # each Markdown page's head (page_head.py), keyed as ``pages``


def today() -> date:
    """The day dates are checked against; BRIEFING_TODAY pins it for tests."""
    pinned = os.environ.get("BRIEFING_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def check(config: SiteConfig, compare_history: bool = False,
          history_base: str | None = None) -> tuple[list[Document], list[Problem]]:
    """Every document of the content tree and every problem in it, in file order.

    ``compare_history``: also compare each deal's key figures with the deal at a base commit
    (history.py; ``history_base``: the ref `--base` names, None for BRIEFING_BASE or the
    default); `briefing check` and full builds do, a preview's rebuilds do not.
    """
    return Generator().check(config, compare_history, history_base)


def setting_notices(config: SiteConfig) -> list[Problem]:
    """Settings still holding placeholders (placeholders.py): notices, failures only for
    `briefing check --publish`."""
    return placeholders.notices(config)


def publishing_problems(config: SiteConfig) -> list[Problem]:
    """What must be filled in before the site goes to readers: the settings' placeholders,
    as errors (`briefing check --publish` and `mkdocs gh-deploy` fail on them)."""
    return [replace(problem, severity="error") for problem in setting_notices(config)]


def is_failure(problem: Problem, strict: bool) -> bool:
    """Errors always fail; warnings fail under strict; notices never."""
    return problem.severity == "error" or (strict and problem.severity == "warning")


def prepare(config: SiteConfig, strict: bool = False,
            compare_history: bool = False) -> tuple[Content, list[Problem]]:
    """Check everything and build the content model; raise ContentError listing all
    problems (notices aside). What is left is rendering, which can go one language per
    process. Returns the model and the warnings and notices."""
    return Generator().prepare(config, strict, compare_history)


def generate(config: SiteConfig, strict: bool = False) -> Generated:
    """Check everything, then render every page; raise ContentError listing all problems."""
    content, problems = prepare(config, strict)
    heads: dict[str, Head] = {}
    pages = render_site(content, config, today=today(), heads=heads)
    return Generated(content, pages, problems, heads)


@dataclass
class Built:
    """What ``build_markdown`` did: the content it rendered, the warnings, and the pages
    it wrote (paths below the Markdown folder, starting with the language), and each
    language's heads (``Generator.heads``)."""
    content: Content
    warnings: list[Problem]
    pages: int
    report: WriteReport
    heads: dict[str, dict[str, Head]]


def build_markdown(config: SiteConfig, strict: bool = False, compare_history: bool = False,
                   generator: Generator | None = None, history_base: str | None = None,
                   settle_trees: bool = True) -> Built:
    """Check everything, then render and write one language after the other, so that
    only one language's pages are in memory at a time. ``generator``: one kept from an
    earlier build in this process (a preview's), which does only what changed since.
    Every language's tree is kept as it was until all are written (``settle``), or, with
    ``settle_trees`` false, until the caller settles them (once the sites are built)."""
    generator = generator or Generator()
    content, problems = generator.prepare(config, strict, compare_history, history_base)
    prepare_markdown_root(config.markdown_dir, config.languages)
    built = Built(content, problems, 0, WriteReport(), generator.heads)
    try:
        for lang in config.languages:
            pages, report = generator.write_language(lang)
            built.pages += pages
            built.report.written += [f"{lang}/{path}" for path in report.written]
            built.report.removed += [f"{lang}/{path}" for path in report.removed]
            built.report.unchanged += report.unchanged
    except BaseException:
        settle(markdown_trees(config), keep_new=False)
        raise
    if settle_trees:
        settle(markdown_trees(config), keep_new=True, picture_cache=config.picture_cache)
    return built


def markdown_trees(config: SiteConfig) -> list[Path]:
    """Each language's folder of the Markdown tree."""
    return [config.markdown_dir / lang for lang in config.languages]


class Generator:
    """Load, check, model, render and write, with what a later run in the same process can
    reuse.

    A new Generator does everything: a clean build (``briefing build``, ``mkdocs build``).
    With ``keep``, as a preview keeps one for as long as it runs, it remembers what it
    read, checked, made and rendered, and the next run reads and parses again only the
    files that changed (kept_files.KeptFiles), checks them on their own again
    (kept_checks.KeptChecks) before the checks across records, makes model objects again
    only for changed records (kept_model.KeptModel), renders and writes only the pages
    that the changed records and facts touch (incremental.KeptPages), and makes again only
    the parts of them made from changed records (kept_parts.KeptParts); all of these live
    in preview/, which a clean build does not need. A change of settings, templates,
    catalogs or of the day renders everything again. A run that fails on the content
    leaves what was last built as it was; the next run catches up on everything changed
    since.
    """

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.files = KeptFiles()
        self.checks = KeptChecks()
        self.model = KeptModel()
        self.pages = KeptPages()
        self.parts = KeptParts()  # parts of pages kept between renders
        self.settings: tuple[Any, ...] | None = None  # what every page depends on
        self.content: Content | None = None
        self.config: SiteConfig | None = None
        self.day: date | None = None
        self.unbuilt: set[str] = set()  # files changed since the last model was built
        self.built_keys: dict[str, registry.Dependency] = {}  # file → its record's key
        self.triggers: set[registry.Dependency] | None = None  # None: everything
        # This build's dependencies of pages whose dependencies are the same in every
        # language (PageKind.needs_language, pages/kind.py), found once.
        self.needs: dict[str, frozenset[registry.Dependency]] = {}
        # What MkDocs is to put in each page's <head> (page_head.py): language → page path
        # below its folder → head, for every Markdown page last written. The files do not
        # carry it, so a head can change while its page's file stays the same bytes:
        # ``changed_heads`` names, per language, the heads the last write made new or
        # different, which a preview's language process must build again all the same.
        self.heads: dict[str, dict[str, Head]] = {}
        self.changed_heads: dict[str, dict[str, Head]] = {}

    def check(self, config: SiteConfig, compare_history: bool = False,
              history_base: str | None = None) -> tuple[list[Document], list[Problem]]:
        """Every document of the content tree and every problem in it, in file order."""
        # A clean build reads the files on both cores (the other has nothing to do yet).
        loaded = load_content(config.content_dir, config.project_dir,
                              self.files if self.keep else ReadFiles(second_core.each))
        self.unbuilt |= self.files.changed
        day = today()  # one day for both: a check across midnight keeps nothing stale
        if self.keep:
            alone = self.checks.check_alone(
                loaded.documents, config.languages, day, config.strict_translations,
                config.review_after_days)
        else:  # each record on its own, on both cores as the files were read
            alone = dict(zip((doc.file for doc in loaded.documents), second_core.each(
                partial(check_alone, languages=config.languages, today=day,
                        strict_translations=config.strict_translations,
                        review_after_days=config.review_after_days),
                loaded.documents)))
        problems = loaded.problems + check_documents(
            loaded.documents, config.languages, day, config.strict_translations,
            loaded.unreadable, config.review_after_days, registry.reserved_names(), alone)
        if compare_history:
            deals = config.content_dir / FOLDERS["deal"]
            shown = (deals.relative_to(config.project_dir).as_posix()
                     if deals.is_relative_to(config.project_dir) else deals.as_posix())
            problems += history.silent_changes(loaded.documents, config.project_dir, shown,
                                               history_base)
        problems.sort(key=lambda p: (p.file, p.line, p.column))
        return loaded.documents, problems

    def prepare(self, config: SiteConfig, strict: bool = False, compare_history: bool = False,
                history_base: str | None = None) -> tuple[Content, list[Problem]]:
        """Check everything and build the content model; raise ContentError listing all
        problems (notices aside). Returns the model and the warnings and notices."""
        # A clean build's cycle collector waits until the model is made; a preview's
        # leaves what it keeps out of its rounds after each save (language_builds.Kept).
        with nullcontext() if self.keep else collector.paused():
            documents, problems = self.check(config, compare_history, history_base)
            if any(is_failure(p, strict) for p in problems):
                raise ContentError([p for p in problems if p.severity != "notice"])
            self.config, self.day = config, today()
            content = build_content(documents, self.model if self.keep else None)
        self.content = content
        if self.keep:
            self._note_changes(config, documents, content)
        return content, problems

    def _note_changes(self, config: SiteConfig, documents: list[Document],
                      content: Content) -> None:
        """What this build's pages are to be matched against (``triggers``): the records
        whose files changed since the last build and the facts that differ; None when
        everything is to be rendered (the first build, or other settings, templates,
        catalogs or day)."""
        settings = (config, self.day, files_digest(config.templates_dir / "pages"),
                    files_digest(LOCALES_DIR))
        keys = {doc.file: incremental.record_key(doc) for doc in documents}
        changed = {keys[file] for file in self.unbuilt if file in keys}
        changed |= {self.built_keys[file] for file in self.unbuilt if file in self.built_keys}
        if settings != self.settings:
            if self.settings is not None:  # templates or catalogs changed: read them again
                release_caches()
                translations.cache_clear()
            self.pages, self.parts = KeptPages(), KeptParts()
            self.pages.update_facts(content, None)
            self.triggers = None
        else:
            facts = self.pages.update_facts(content, changed)
            self.triggers = incremental.triggers(changed, facts)
        self.settings, self.built_keys, self.unbuilt = settings, keys, set()
        self.needs = {}
        self.parts.keep_only([content, config, *content.deals.values(), *content.articles])

    def write_language(self, lang: str) -> tuple[int, WriteReport]:
        """Render one language's pages and make its folder of the Markdown tree hold exactly
        them: all of them, replaced whole and only if something changed (a clean build, or
        a preview's first), or only the pages the last changes touch. Returns the number of
        pages and what was written."""
        assert self.content is not None and self.config is not None and self.day is not None
        renderer = LanguageRenderer(self.content, self.config, lang, self.day,
                                    self.parts if self.keep else None)
        planned = renderer.plan()
        out_dir = self.config.markdown_dir / lang
        pictures = (PictureCache(self.config.picture_cache / lang)
                    if self.config.picture_cache else None)
        heads: dict[str, Head] = {}
        if not self.keep:
            # The tree it replaces is kept until every language is written (settle).
            report = write_tree(_files_and_heads(
                ((page.path, renderer.page(page)) for page in planned), heads), out_dir,
                keep_previous=True, pictures=pictures)
            self.heads[lang] = heads
            return len(planned), report
        needs = {}
        for page in planned:
            if page.kind.needs_language:
                needs[page.path] = page.depends_on(renderer)
            else:
                found = self.needs.get(page.path)
                if found is None:
                    found = self.needs[page.path] = page.depends_on(renderer)
                needs[page.path] = found
        before = self.heads.get(lang, {})
        try:
            if self.triggers is None or lang not in self.pages.planned:
                report = write_tree(_files_and_heads(
                    ((page.path, renderer.page(page)) for page in planned), heads), out_dir,
                    pictures=pictures)
                after = heads
            else:
                render, removed = self.pages.touched(lang, planned, needs, self.triggers)
                report = write_pages(dict(_files_and_heads(
                    ((page.path, renderer.page(page)) for page in render), heads)),
                    removed, out_dir, pictures)
                report.unchanged += len(planned) - len(render)
                after = {path: head for path, head in before.items() if path not in removed}
                after.update(heads)
        except BaseException:
            self.pages.planned.pop(lang, None)  # whatever got written: all again next time
            raise
        self.pages.remember(lang, planned, needs)
        self.heads[lang] = after
        self.changed_heads[lang] = {path: head for path, head in heads.items()
                                    if before.get(path) != head}
        return len(planned), report


def _files_and_heads(pages: Iterable[tuple[str, Rendered]], heads: dict[str, Head]
                     ) -> Iterator[tuple[str, str | bytes | Picture]]:
    """Each page as the file the writer writes; the head of each Markdown page into
    ``heads`` as it passes, one page at a time (write.write_tree's pages are made as they
    are asked for)."""
    for path, page in pages:
        if isinstance(page, MarkdownPage):
            heads[path] = page.head
            yield path, page.text
        else:
            yield path, page


def files_digest(folder: Path) -> bytes:
    """A fingerprint of every file below ``folder``: its names and contents."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def release_caches() -> None:
    """Forget what rendering kept for speed (formatted figures and dates, escaped texts,
    loaded templates): after a build, and before a language's MkDocs build starts on it."""
    escape_inline.cache_clear()
    formatting.clear_caches()
    render.forget_templates()
