"""The ``briefing`` command: check content, write the Markdown trees, start new records."""

from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from . import build_lock, pipeline, skeletons, translations
from .config import SiteConfig, load_site_config
from .errors import BriefingError, Problem
from .write import clean_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Check deal records and articles and render the "
                                     "bilingual briefing pages.")
    parser.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"),
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate all content; exit 1 on any error")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--publish", action="store_true",
                       help="also fail on settings that still hold placeholders (an example "
                            "site_url, a TODO in the Impressum): run it before publishing")

    build = commands.add_parser("build", help="write the Markdown trees (no MkDocs)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--out", type=Path, help="output folder (default: markdown_dir in "
                                                "mkdocs.yml)")

    commands.add_parser(
        "clean-site", help="remove the site folder when it is a build of this project",
        description="Remove the site folder (site_dir in mkdocs.yml) and its site.new and "
                    "site.old, when each is a build of this project: one an older version "
                    "left without its marker file, which builds refuse to replace. A folder "
                    "that holds anything else is left alone.")

    new = commands.add_parser("new", help="write a record skeleton with both languages")
    new_kinds = new.add_subparsers(dest="kind", required=True)
    new_deal = new_kinds.add_parser("deal", help="content/deals/<id>.yml")
    new_deal.add_argument("id")
    new_company = new_kinds.add_parser("company", help="content/companies/<id>.yml")
    new_company.add_argument("id")
    new_article = new_kinds.add_parser("article", help="content/articles/<slug>.<lang>.md")
    new_article.add_argument("slug")
    new_article.add_argument("--lang", required=True)

    translations = commands.add_parser(
        "translations", help="which texts lack a language, which translations are stale",
        description="Report, per record and article, which texts lack a language and which "
                    "translations are stale: the German original changed after the "
                    "translation was last marked reviewed.")
    translations.add_argument("--json", action="store_true", help="print the report as JSON")
    translations.add_argument("--strict", action="store_true",
                              help="exit 1 when a translation is stale or unreviewed, or a "
                                   "record text lacks a language")
    translations.add_argument("--mark-reviewed", nargs="*", metavar="FILE",
                              help="record that these files' (or records') translations match "
                                   "the German as it is now")
    translations.add_argument("--field", action="append",
                              help="with --mark-reviewed: only this text, e.g. headline or "
                                   "timeline[2].event (repeatable)")
    translations.add_argument("--all", action="store_true",
                              help="with --mark-reviewed: every record and article")

    args = parser.parse_args(argv)
    try:
        return _run(args)
    except BriefingError as exc:
        if args.debug:
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:  # a file or folder that cannot be read or written
        if args.debug:
            traceback.print_exc()
        where = f" {exc.filename}" if exc.filename else ""
        print(f"could not read or write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    config, mkdocs_config = load_site_config(args.config)
    if args.command == "check":
        _documents, found = pipeline.check(config, compare_history=True)
        # A placeholder must not be published.
        settings = (pipeline.publishing_problems(config) if args.publish
                    else pipeline.setting_notices(config))
        problems = [p for p in found + settings if p.severity != "notice"]
        _print_notices(found + settings)
        for problem in problems:
            print(problem, file=sys.stderr)
        failures = [p for p in problems if pipeline.is_failure(p, args.strict)]
        if failures:
            print(f"{len(failures)} problem{'s' if len(failures) != 1 else ''} must be fixed.",
                  file=sys.stderr)
            return 1
        print(f"Content is valid ({len(problems)} warning{'s' if len(problems) != 1 else ''}).")
        return 0
    if args.command == "build":
        if args.out:
            config = replace(config, markdown_dir=args.out.resolve())
        with build_lock.holding(config.project_dir, config.lock_timeout):
            built = pipeline.build_markdown(config, strict=args.strict,
                                            compare_history=True)
        report = built.report
        _print_notices(built.warnings + pipeline.setting_notices(config))
        for problem in built.warnings:
            if problem.severity != "notice":
                print(problem, file=sys.stderr)
        print(f"{built.pages} pages in {config.markdown_dir}: {len(report.written)} "
              f"written, {len(report.removed)} removed, {report.unchanged} unchanged.")
        return 0
    if args.command == "clean-site":
        site_dir = Path(mkdocs_config.site_dir).resolve()
        with build_lock.holding(config.project_dir, config.lock_timeout):
            removed = clean_site(site_dir, config.languages)
        for folder in removed:
            print(f"removed {folder}")
        if not removed:
            print(f"nothing to remove: {site_dir} does not exist")
        return 0
    if args.command == "translations":
        return _translations(config, args)
    if args.command == "new":
        if args.kind == "deal":
            path = skeletons.new_deal(config, args.id)
        elif args.kind == "company":
            path = skeletons.new_company(config, args.id)
        else:
            path = skeletons.new_article(config, args.slug, args.lang)
        print(f"Wrote {path.relative_to(config.project_dir)}: fill in every field marked "
              f"TODO, then run 'briefing check'.")
        return 0
    raise AssertionError(args.command)


def _print_notices(problems: list[Problem]) -> None:
    """Notices (records due for review, placeholders in the settings, a history that could
    not be read) go to standard output: they inform and never fail a run."""
    for problem in problems:
        if problem.severity == "notice":
            print(problem)


def _translations(config: SiteConfig, args: argparse.Namespace) -> int:
    if args.mark_reviewed is not None:
        if not args.mark_reviewed and not args.all:
            raise BriefingError("--mark-reviewed needs files or records (such as "
                                "content/deals/<id>.yml), or --all")
        marked = translations.mark_reviewed(config, args.mark_reviewed, args.field, args.all)
        for line in marked:
            print(f"marked reviewed: {line}")
        print(f"{len(marked)} translation{'s' if len(marked) != 1 else ''} marked reviewed in "
              f"{translations.lock_path(config).relative_to(config.project_dir)}.")
        return 0
    found = translations.report(config)
    if args.json:
        print(found.as_json(), end="")
    else:
        for finding in found.findings:
            print(finding)
        print(found.summary())
    return 1 if args.strict and found.failing() else 0


if __name__ == "__main__":
    sys.exit(main())

