"""Load, check, model, render: the generator as one call, with no MkDocs in it."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date

from . import formatting, history, page_kinds, placeholders, render
from .check import check_documents
from .config import SiteConfig
from .errors import ContentError, Problem
from .load import FOLDERS, Document, load_content
from .markup import escape_inline
from .model import Content, build_content
from .render import Pages, render_site
from .write import WriteReport, prepare_markdown_root, write_tree


@dataclass
class Generated:
    content: Content
    pages: Pages
    warnings: list[Problem]


def today() -> date:
    """The day dates are checked against; BRIEFING_TODAY pins it for tests."""
    pinned = os.environ.get("BRIEFING_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def check(config: SiteConfig,
          compare_history: bool = False) -> tuple[list[Document], list[Problem]]:
    """Every document of the content tree and every problem in it, in file order.

    ``compare_history``: also compare each deal's key figures with its last committed version
    (history.py); `briefing check` and full builds do, a preview's rebuilds do not.
    """
    loaded = load_content(config.content_dir, config.project_dir)
    problems = loaded.problems + check_documents(
        loaded.documents, config.languages, today(), config.strict_translations,
        loaded.unreadable, config.review_after_days, page_kinds.reserved_names())
    if compare_history:
        deals = config.content_dir / FOLDERS["deal"]
        shown = (deals.relative_to(config.project_dir).as_posix()
                 if deals.is_relative_to(config.project_dir) else deals.as_posix())
        problems += history.silent_changes(loaded.documents, config.project_dir, shown)
    problems.sort(key=lambda p: (p.file, p.line, p.column))
    return loaded.documents, problems


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
    documents, problems = check(config, compare_history)
    if any(is_failure(p, strict) for p in problems):
        raise ContentError([p for p in problems if p.severity != "notice"])
    return build_content(documents), problems


def generate(config: SiteConfig, strict: bool = False) -> Generated:
    """Check everything, then render every page; raise ContentError listing all problems."""
    content, problems = prepare(config, strict)
    return Generated(content, render_site(content, config, today=today()), problems)


@dataclass
class Built:
    """What ``build_markdown`` did: the content it rendered, the warnings, and the pages
    it wrote (paths below the Markdown folder, starting with the language)."""
    content: Content
    warnings: list[Problem]
    pages: int
    report: WriteReport


def build_markdown(config: SiteConfig, strict: bool = False,
                   compare_history: bool = False) -> Built:
    """Check everything, then render and write one language after the other, so that
    only one language's pages are in memory at a time."""
    content, problems = prepare(config, strict, compare_history)
    prepare_markdown_root(config.markdown_dir, config.languages)
    built = Built(content, problems, 0, WriteReport())
    for lang in config.languages:
        pages, report = write_language(content, config, lang)
        built.pages += pages
        built.report.written += [f"{lang}/{path}" for path in report.written]
        built.report.removed += [f"{lang}/{path}" for path in report.removed]
        built.report.unchanged += report.unchanged
    return built


def write_language(content: Content, config: SiteConfig, lang: str) -> tuple[int, WriteReport]:
    """Render one language's pages and make its folder of the Markdown tree hold exactly
    them (replaced whole, and only if something changed); returns the number of pages
    and what was written."""
    prefix = f"{lang}/"
    pages = {path[len(prefix):]: text
             for path, text in render_site(content, config, [lang], today=today()).items()}
    return len(pages), write_tree(pages, config.markdown_dir / lang)


def release_caches() -> None:
    """Forget what rendering kept for speed (formatted figures and dates, escaped texts,
    loaded templates): after a build, and before a language's MkDocs build starts on it."""
    escape_inline.cache_clear()
    formatting.clear_caches()
    render.forget_templates()
