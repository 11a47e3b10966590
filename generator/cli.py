"""The ``briefing`` command: check content, write the Markdown trees, start new records."""

from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from .build import lock as build_lock
from .build import pipeline
from .build.write import clean_site
from .commands import new_record as skeletons
from .engine.config import load_site_config
from .errors import BriefingError, Problem
from .rules import report as check_report
from .rules import translations
from .settings import SiteConfig
from .text.i18n import SOURCE_LANGUAGE
from .text.messages import said_languages


def _version() -> str:
    """This package's version, and the engine's and theme's it runs with (for bug reports)."""
    found = []
    for name, shown in (("deal-briefing", "briefing"), ("mkdocs", "MkDocs"),
                        ("mkdocs-material", "Material")):
        try:
            found.append(f"{shown} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{shown} (not installed)")
    python = ".".join(str(part) for part in sys.version_info[:3])
    return f"{found[0]} ({', '.join(found[1:])}, Python {python})"


BASE_HELP = ("the commit to compare each deal's key figures with, such as a pull request's "
             "target branch (origin/main): its merge base with HEAD is used (default: "
             "BRIEFING_BASE, else the merge base with origin's default branch, else HEAD)")


def build_parser() -> argparse.ArgumentParser:
    # --config and --debug before the command or after it: `briefing check --config x.yml`.
    # Neither has a default in any parser (a sub-command's would hide the one given before
    # the command); parse_args fills them in.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", "-f", type=Path, default=argparse.SUPPRESS,
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks")
    parser = argparse.ArgumentParser(
        prog="briefing", parents=[common], description="Check deal records and articles and "
                                                       "render the bilingual briefing pages.")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help="what to do (briefing COMMAND --help says more)")

    check = commands.add_parser("check", parents=[common],
                                help="validate all content; exit 1 on any error")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--publish", action="store_true",
                       help="also fail on settings that still hold placeholders (an example "
                            "site_url, a TODO in the Impressum): run it before publishing")
    check.add_argument("--base", metavar="REF", help=BASE_HELP)
    check.add_argument("--format", choices=check_report.FORMATS, default="text",
                       help="text for people (default); github: GitHub Actions workflow "
                            "commands, so each problem shows on its line in a pull request; "
                            "json: one JSON object for other tools (README, 'Command line')")
    check.add_argument("--language", choices=said_languages(), default=SOURCE_LANGUAGE,
                       help="the language of the messages in the text report (default en; "
                            "github and json stay in English)")

    build = commands.add_parser("build", parents=[common],
                                help="write the Markdown trees (no MkDocs)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--out", type=Path, help="output folder (default: markdown_dir in "
                                                "mkdocs.yml)")
    build.add_argument("--base", metavar="REF", help=BASE_HELP)

    commands.add_parser(
        "clean-site", parents=[common],
        help="remove the site folder when it is a build of this project",
        description="Remove the site folder (site_dir in mkdocs.yml) and its site.new and "
                    "site.old, when each is a build of this project: one an older version "
                    "left without its marker file, which builds refuse to replace. A folder "
                    "that holds anything else is left alone.")

    new = commands.add_parser("new", parents=[common],
                              help="write a record skeleton with both languages")
    new_kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND",
                                   help="deal, company or article")
    new_deal = new_kinds.add_parser("deal", parents=[common], help="content/deals/<id>.yml")
    new_deal.add_argument("id", help="the deal's id, which is its file's name and its page's "
                                     "address: lower-case words, digits and single hyphens, "
                                     "such as acme-globex-investment")
    new_company = new_kinds.add_parser("company", parents=[common],
                                       help="content/companies/<id>.yml")
    new_company.add_argument("id", help="the company's id: lower-case words, digits and "
                                        "single hyphens, such as acme")
    new_article = new_kinds.add_parser("article", parents=[common],
                                       help="content/articles/<slug>.<lang>.md")
    new_article.add_argument("slug", help="the article's address in its language: lower-case "
                                          "words, digits and single hyphens")
    new_article.add_argument("--lang", required=True,
                             help="the language the article is written in, such as de")

    translations = commands.add_parser(
        "translations", parents=[common],
        help="which texts lack a language, which translations are stale",
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
    editor = commands.add_parser(
        "editor", parents=[common],
        help="the web editor and the live preview, on this machine only",
        description="Serve the web editor (a form for records, articles and pictures; each "
                    "save merged into its file and checked) and the live preview (mkdocs "
                    "serve) on 127.0.0.1. Open the address it prints.")
    editor.add_argument("--port", type=int, default=8081, help="the editor's port (default "
                                                                "8081; 0: any free port)")
    editor.add_argument("--preview-port", type=int, default=8000,
                        help="the preview's port (default 8000)")
    editor.add_argument("--no-preview", action="store_true",
                        help="the editor alone, without mkdocs serve")
    editor_config = commands.add_parser(
        "editor-config", parents=[common],
        help="write the web editor's form configuration from the schemas",
        description="Write generator/editor/admin/config.yml from the JSON Schemas and the "
                    "site's languages; --check only says whether the file is up to date.")
    editor_config.add_argument("--check", action="store_true",
                               help="exit 1 when the committed file is stale")
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    args.config = getattr(args, "config", Path("mkdocs.yml"))
    args.debug = getattr(args, "debug", False)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return _run(args)
    except BriefingError as exc:
        if args.debug:
            traceback.print_exc()
        _print_failure(args, str(exc))
        return 1
    except OSError as exc:  # a file or folder that cannot be read or written
        if args.debug:
            traceback.print_exc()
        where = f" {exc.filename}" if exc.filename else ""
        _print_failure(args, f"could not read or write{where}: {exc.strerror or exc}")
        return 1


def _print_failure(args: argparse.Namespace, message: str) -> None:
    """A run that ended early, in the format asked for (and always on standard error)."""
    output = getattr(args, "format", "text")
    if output == "github":
        print(check_report.workflow_command("error", message))
    elif output == "json":
        print(check_report.failure_as_json(message), end="")
    print(message, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    config, mkdocs_config = load_site_config(args.config)
    if args.command == "check":
        return _check(config, args)
    if args.command == "build":
        if args.out:
            config = replace(config, markdown_dir=args.out.resolve())
        with build_lock.holding(config.project_dir, config.lock_timeout):
            built = pipeline.build_markdown(config, strict=args.strict,
                                            compare_history=True, history_base=args.base)
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
    if args.command in ("editor", "editor-config"):
        from .editor import commands as editor_commands
        return editor_commands.run(args, config.languages, config.project_dir)
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


def _check(config: SiteConfig, args: argparse.Namespace) -> int:
    _documents, found = pipeline.check(config, compare_history=True, history_base=args.base)
    # A placeholder must not be published.
    settings = (pipeline.publishing_problems(config) if args.publish
                else pipeline.setting_notices(config))
    everything = found + settings

    def failing(problem: Problem) -> bool:
        return pipeline.is_failure(problem, args.strict)

    if args.format == "github":
        print(check_report.as_github(everything, failing), end="")
    elif args.format == "json":
        print(check_report.as_json(everything, failing), end="")
    else:
        _print_notices(everything, args.language)
        for problem in everything:
            if problem.severity != "notice":
                print(problem.in_language(args.language), file=sys.stderr)
        outcome = check_report.summary(everything, failing, args.language)
        print(outcome, file=sys.stderr if any(map(failing, everything)) else sys.stdout)
    return 1 if any(map(failing, everything)) else 0


def _print_notices(problems: list[Problem], lang: str = SOURCE_LANGUAGE) -> None:
    """Notices (records due for review, placeholders in the settings, a history that could
    not be read) go to standard output: they inform and never fail a run."""
    for problem in problems:
        if problem.severity == "notice":
            print(problem.in_language(lang))


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

