"""One language's site, kept by a process of its own while `mkdocs serve` runs: after a save
it builds only the pages whose Markdown the generator rewrote.

The preview (language_builds.Kept) starts one such process per language and keeps it for
as long as it serves. Its first build is MkDocs' own, complete, with this module listening
to the plugin events for what the build made: the files, the navigation, the theme's
template environment and every page (their front matter, titles and addresses), and each
page's search entries (search_index.KeptEntries). After a save it is asked to build the
Markdown files the generator wrote (and those whose head alone changed: the heads come
with the request, as data, and the process keeps every page's) and to drop those it
removed, and does for them what
MkDocs' build does for every page, in the same order and through the same plugin events:
read and convert each changed page, copy changed files, render the theme's own templates
(the sitemap of every page, the 404 page), write each changed page, check anchors, and let
the plugins finish (Material's search plugin writes the whole index, every page's entries
kept and the rebuilt pages' replaced). The result is the site a full build makes from the
same Markdown (tests/test_preview.py compares the two, file for file).

A page that is in the navigation appearing, going or changing its title, a changed theme,
or anything that went wrong makes the next build a full one.

Requests come as one JSON line each on standard input; each answer is one JSON line on
the file descriptor named by the command line. MkDocs' log goes to standard error, as a
`mkdocs build` run by the preview would print it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
    build,
)
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..pages.page_head import Head
from . import fast_search, language_builds, pagefind_search

if TYPE_CHECKING:
    from . import search_index

log = logging.getLogger("mkdocs.plugins.briefing")


class _Kept(BasePlugin):  # type: ignore[type-arg]  # no options
    """Listens to a full build's events for what it made; registered last in every event."""

    def __init__(self) -> None:
        super().__init__()
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None
        self.index: search_index.KeptEntries | None = None
        # Keeping each page's search entries uses Material's internals: only on a Material
        # they were verified against (fast_search.py). Elsewhere every save is a full build,
        # slower but exact.
        self.keeps_search = fast_search.installed_material() in fast_search.VERIFIED_MATERIAL

    @event_priority(-100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.keeps_search:
            from . import search_index

            self.index = search_index.keep_entries(config)

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.files = nav, files
        return nav

    @event_priority(-100)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env, self.files = env, files
        return env

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.index is not None and self.files is not None:
            self.index.order = [f.src_uri for f in self.files.documentation_pages()]


class _Warnings(logging.Handler):
    """MkDocs' warnings during a build, by the page being read or built when each came
    (``config._current_page``), so that a strict preview fails as long as any page it
    holds has one, as a full strict build would."""

    def __init__(self, config: MkDocsConfig) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.by_page: dict[str, int] = {}
        self.elsewhere = 0

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.by_page[page.file.src_uri] = self.by_page.get(page.file.src_uri, 0) + 1
        else:
            self.elsewhere += 1


class FullBuildNeeded(Exception):
    """What changed is more than one page: the navigation, say."""


def walk_order(src_uri: str) -> tuple[tuple[int, Any], ...]:
    """Where MkDocs' get_files puts a file: os.walk's order, each folder's files before
    its subfolders (by name), index and README first among the files."""
    *folders, name = src_uri.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, folder) for folder in folders), (0, (stem not in ("index", "README"), name)))


class KeptSite:
    """One language's site and what its last build made."""

    def __init__(self, config_file: str):
        self.config_file = config_file
        self.config: MkDocsConfig | None = None
        self.kept: _Kept | None = None
        self.warnings: _Warnings | None = None
        self.sitemap: tuple[Any, ...] | None = None  # what the last sitemap was made of
        job = language_builds.Job.from_environment()
        self.lang = job.lang if job is not None else "?"
        # The language's search, kept across builds, full ones too: each build hands it
        # the pages it wrote (the briefing plugin's on_post_build, pagefind_search.py).
        self.search: pagefind_search.KeptSearch | None = None
        # Every page's head (page_head.py), by path below the language's folder: the
        # generator's, as each save sends those new or changed; the plugin reads it.
        self.heads: dict[str, Head] = {}

    def build(self, written: list[str], removed: list[str], full: bool,
              strict: bool = False, heads: dict[str, Head] | None = None) -> dict[str, Any]:
        started = time.perf_counter()
        for path in removed:
            self.heads.pop(path, None)
        self.heads.update(heads or {})  # in place: the plugin holds this very map
        if full or self.config is None:
            mode = "full"
            self._full(strict)
        else:
            try:
                mode = "pages"
                self._update(written, removed)
            except FullBuildNeeded:
                mode = "full"
                self._full(strict)
        assert self.warnings is not None
        warnings = sum(self.warnings.by_page.values()) + self.warnings.elsewhere
        return {"ok": True, "mode": mode, "warnings": warnings,
                "seconds": round(time.perf_counter() - started, 3)}

    def forget(self) -> None:
        """After a failure: the next build is a full one."""
        self._drop_warnings()
        self.config = None

    def close(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()
        if self.search is not None:
            self.search.close()

    def _drop_warnings(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None

    def _full(self, strict: bool) -> None:
        self.forget()
        self.sitemap = None
        config = load_config(config_file=self.config_file, strict=True if strict else None)
        config.plugins.on_startup(command="build", dirty=False)
        self.kept = _Kept()
        config.plugins["briefing-kept-site"] = self.kept
        briefing = config.plugins.get("briefing")
        if briefing is not None and hasattr(briefing, "kept_search"):
            self.search = self.search or pagefind_search.KeptSearch(self.lang)
            briefing.kept_search = self.search
        if briefing is not None and hasattr(briefing, "kept_heads"):
            briefing.kept_heads = self.heads
        self.warnings = _Warnings(config)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        build(config)
        self.config = config

    def _update(self, written: list[str], removed: list[str]) -> None:
        config, kept, warnings = self.config, self.kept, self.warnings
        assert config is not None and kept is not None and warnings is not None
        if not kept.keeps_search:
            raise FullBuildNeeded(f"Material {fast_search.installed_material()}: no kept index")
        files, nav, env, index = kept.files, kept.nav, kept.env, kept.index
        assert files is not None and nav is not None
        warnings.elsewhere = 0
        in_nav = {page.file.src_uri: page.title for page in nav.pages}

        for path in removed:
            file = files.get_file_from_path(path)
            if file is None:
                continue
            if path in in_nav:
                raise FullBuildNeeded(path)
            files.remove(file)
            warnings.by_page.pop(file.src_uri, None)
            if index is not None:
                index.forget(file.src_uri)
            _remove_output(Path(file.abs_dest_path), Path(config.site_dir))

        changed: list[File] = []
        added = False
        for path in written:
            file = files.get_file_from_path(path)
            if file is None:
                file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
                set_exclusions([file], config)
                if file.is_documentation_page():
                    if file.inclusion.is_in_nav():
                        raise FullBuildNeeded(path)
                    Page(None, file, config)
                files.append(file)
                added = True
            changed.append(file)
        if added:  # where get_files would have put them, theme files last as ever
            docs = sorted((f for f in files if f.src_dir == config.docs_dir),
                          key=lambda f: walk_order(f.src_uri))
            files = kept.files = Files([*docs, *(f for f in files
                                                 if f.src_dir != config.docs_dir)])

        build_date = get_build_date()  # SOURCE_DATE_EPOCH moves with the newest record
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = build_date

        inclusion = InclusionLevel.is_included
        rebuilt = [f for f in changed if f.is_documentation_page()]
        for file in rebuilt:
            warnings.by_page.pop(file.src_uri, None)
            assert file.page is not None
            _populate_page(file.page, config, files)
        if {page.file.src_uri: page.title for page in nav.pages} != in_nav:
            raise FullBuildNeeded("a title in the navigation")

        for file in changed:
            if not file.is_documentation_page():
                _copy_over(file)
        sitemap = _sitemap_key(files)
        for template in config.theme.static_templates:
            if template == "sitemap.xml" and sitemap == self.sitemap:
                continue  # the same pages, addresses and dates: the same bytes
            _build_theme_template(template, env, files, config, nav)
        self.sitemap = sitemap
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in rebuilt:
            assert file.page is not None
            if index is not None:
                index.forget(file.src_uri)
            _build_page(file.page, config, doc_files, nav, env,
                        excluded=file.inclusion.is_excluded())
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files,
                                            log_level=config.validation.links.anchors)
        if index is not None:
            index.order = [f.src_uri for f in doc_files]
        config.plugins.on_post_build(config=config)


def _sitemap_key(files: Files) -> tuple[Any, ...]:
    """Everything the theme's sitemap.xml (templates/theme) reads of the pages, and the
    build date its gzip copy carries."""
    return (os.environ.get("SOURCE_DATE_EPOCH"), *(
        (f.src_uri, f.page.canonical_url, f.page.abs_url, f.page.is_link,
         f.page.meta.get("lastmod"), f.page.meta.get("robots"))
        for f in files.documentation_pages() if f.page is not None))


def _remove_output(path: Path, site_dir: Path) -> None:
    """A removed page's or file's output, and the folders that leaves empty."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _copy_over(file: File) -> None:
    """File.copy_file, writing over the old copy in place: truncating a large file (the
    open data, 19 MB at 2,000 deals) to write it anew cost more than the copy."""
    assert file.abs_src_path is not None
    target = Path(file.abs_dest_path)
    try:
        with open(file.abs_src_path, "rb") as source, target.open("r+b") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
            copy.truncate()
    except FileNotFoundError:
        file.copy_file()


def main(argv: list[str]) -> int:
    """``python -m generator.engine.site_worker <mkdocs.yml> <answer fd>``; the language, site
    folder and address come as language_builds.JOB_VARIABLE."""
    config_file, answer_fd = argv
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)  # as `mkdocs build --quiet`: problems only
    site = KeptSite(config_file)
    with os.fdopen(int(answer_fd), "w", encoding="utf-8") as answers:
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("epoch"):
                os.environ["SOURCE_DATE_EPOCH"] = request["epoch"]
            try:
                answer = site.build(request.get("written", []), request.get("removed", []),
                                    bool(request.get("full")), bool(request.get("strict")),
                                    request.get("heads"))
            except BaseException as exc:  # noqa: BLE001 - the preview reports it
                site.forget()
                message = str(exc) if isinstance(exc, SystemExit) else traceback.format_exc()
                answer = {"ok": False, "error": message}
            answers.write(json.dumps(answer) + "\n")
            answers.flush()
    site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
