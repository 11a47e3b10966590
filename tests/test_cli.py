"""The briefing command, run as editors and CI run it."""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_briefing, run_mkdocs

from generator import cli
from generator.errors import Problem
from generator.rules import report as check_report


def test_check_passes_on_the_sample_content(project: Path) -> None:
    result = run_briefing(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    *notices, last = result.stdout.strip().splitlines()
    assert last == "Content is valid (0 warnings)."
    # Informing, never failing: the sample's placeholders, and a copy outside git.
    assert notices and all(": notice: " in line for line in notices)


def test_build_writes_both_markdown_trees_without_mkdocs(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "markdown"
    result = run_briefing(project, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "de" / "deals" / "amazon-openai-investment.md").is_file()
    assert (out / "en" / "deals" / "amazon-openai-investment.md").is_file()
    again = run_briefing(project, "build", "--out", str(out))
    assert ": 0 written, 0 removed," in again.stdout


def test_new_deal_writes_a_bilingual_skeleton_that_fails_until_filled(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = run_briefing(project, "new", "deal", "acme-widgets")
    assert result.returncode == 0, result.stderr
    skeleton = (project / "content" / "deals" / "acme-widgets.yml").read_text("utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../../generator/schemas/")
    assert "  de: " in skeleton and "  en: " in skeleton
    check = run_briefing(project, "check")
    assert check.returncode == 1
    assert "content/deals/acme-widgets.yml" in check.stderr
    assert "still says TODO (fill it in)" in check.stderr
    again = run_briefing(project, "new", "deal", "acme-widgets")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_new_refuses_ids_that_could_escape_the_folder(project: Path) -> None:
    for bad in ("../evil", "a/b", "Upper", "with space"):
        result = run_briefing(project, "new", "deal", bad)
        assert result.returncode == 1
        assert "is not a valid deal id" in result.stderr
    assert not (project / "evil.yml").exists()


def test_the_configuration_is_read_as_mkdocs_reads_it(project: Path) -> None:
    """`!ENV` and `INHERIT` mean to `briefing` what they mean to `mkdocs build`."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_url: https://briefing.example/",
                            'site_url: !ENV [SITE_URL, "https://briefing.example/"]')
    assert "!ENV" in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {"SITE_URL": "https://deals.example.org/"}
    built = run_briefing(project, "build", env=env)
    assert built.returncode == 0, built.stderr
    page = (project / "build/markdown/en/deals/amazon-openai-investment.md").read_text("utf-8")
    # The page's address, as its structured data gives it.
    assert '"url":"https://deals.example.org/en/deals/amazon-openai-investment/"' in page
    checked = run_briefing(project, "check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "'https://deals.example.org/' is an example address" in checked.stdout

    # Settings split over two files: the site's own, and the one it inherits.
    (project / "base.yml").write_text(config.replace("site_name: Deal-Briefing\n", ""),
                                      encoding="utf-8")
    (project / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Deal-Briefing\n"
                                        "site_url: https://briefing.example/\n",
                                        encoding="utf-8")
    inherited = run_briefing(project, "check", env=env)
    assert inherited.returncode == 0, inherited.stderr
    assert "'https://briefing.example/' is an example address" in inherited.stdout


def test_an_option_mkdocs_refuses_is_refused_by_briefing_too(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "review_after_days: 180", "review_after_days: soon"), encoding="utf-8")
    result = run_briefing(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml: not a valid MkDocs configuration:\n")
    assert "Plugin 'briefing' option 'review_after_days': expected a whole number of days" \
           in result.stderr
    build = run_mkdocs(project)
    assert build.returncode == 1
    assert "Plugin 'briefing' option 'review_after_days': expected a whole number of days" \
           in build.stderr


def test_version_names_the_package_the_engine_and_the_theme(tmp_path: Path) -> None:
    result = run_briefing(tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    python = ".".join(map(str, sys.version_info[:3]))
    assert result.stdout == (f"briefing {version('deal-briefing')} (MkDocs {version('mkdocs')}, "
                             f"Material {version('mkdocs-material')}, Python {python})\n")


def test_config_may_come_before_or_after_the_command(project: Path) -> None:
    (project / "mkdocs.yml").rename(project / "site.yml")
    for args in (("--config", "site.yml", "check"), ("check", "--config", "site.yml"),
                 ("-f", "site.yml", "check", "--strict"), ("check", "--strict", "-f",
                                                          "site.yml")):
        result = run_briefing(project, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert "site.yml:4:11: site_url: notice:" in result.stdout, args
    # Given before the command and not after it, it is not lost to the command's default.
    missing = run_briefing(project, "--config", "elsewhere.yml", "check")
    assert missing.returncode == 1
    assert missing.stderr == ("elsewhere.yml: no such file (run from the project folder, or "
                              "pass --config)\n")
    assert run_briefing(project, "check").stderr.startswith("mkdocs.yml: no such file")
    built = run_briefing(project, "build", "-f", "site.yml")
    assert built.returncode == 0, built.stderr


def parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser and every command's and sub-command's parser below it."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += parsers(sub)
    return found


def test_every_argument_has_help() -> None:
    every = parsers(cli.build_parser())
    assert {p.prog for p in every} >= {"briefing check", "briefing new deal",
                                       "briefing new article", "briefing translations"}
    positional = 0
    for parser in every:
        for action in parser._actions:
            assert action.help and action.help != argparse.SUPPRESS, (parser.prog, action.dest)
            positional += not action.option_strings
    assert positional == 5  # COMMAND, KIND, the two ids and the slug
    usage = cli.build_parser()
    with pytest.raises(SystemExit):
        usage.parse_args(["new", "deal"])  # the id is required


# --- briefing check --format github | json -------------------------------------------------

def broken(project: Path) -> tuple[str, int]:
    """A date in the German way where the schema wants ISO: one error, at a known place."""
    deal = project / "content" / "deals" / "amazon-anthropic-investment.yml"
    lines = deal.read_text("utf-8").splitlines(keepends=True)
    [line] = [n for n, text in enumerate(lines, 1) if text == 'as_of: "2024-11-22"\n']
    lines[line - 1] = "as_of: 22.11.2024\n"
    deal.write_text("".join(lines), "utf-8")
    return "content/deals/amazon-anthropic-investment.yml", line


def test_check_reports_as_github_workflow_commands(project: Path) -> None:
    file, line = broken(project)
    result = run_briefing(project, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (f"::error file={file},line={line},col=8,title=briefing check::as_of: '22.11.2024' "
            f"is not valid (expected a calendar date YYYY-MM-DD)") in lines
    # Notices stay notices: a whole folder has no line; settings have theirs.
    assert ("::notice file=content/deals,title=briefing check::key figures not compared with "
            "earlier versions: the project is not in a git repository") in lines
    assert ("::notice file=mkdocs.yml,line=4,col=11,title=briefing check::site_url: "
            "'https://briefing.example/' is an example address (a domain reserved for "
            "examples); set the address the site is published at before publishing") in lines
    assert lines[-1] == "1 problem must be fixed."
    assert all(text.startswith(("::error ", "::notice ")) for text in lines[:-1])
    # --publish: the placeholders fail the run, so they are errors.
    published = run_briefing(project, "check", "--publish", "--format", "github")
    assert published.stdout.count("\n::error file=mkdocs.yml,") == 10
    assert published.stdout.splitlines()[-1] == "11 problems must be fixed."


def test_workflow_commands_are_escaped_as_github_requires() -> None:
    problem = Problem("content/a,b:c%.yml", 3, 5, "x", "100% sure\r\nno\n::error::forged",
                      "warning")
    assert check_report.github_line(problem, fails=False) == (
        "::warning file=content/a%2Cb%3Ac%25.yml,line=3,col=5,title=briefing check::"
        "x: 100%25 sure%0D%0Ano%0A::error::forged")
    assert check_report.github_line(problem, fails=True).startswith("::error ")
    whole_file = Problem("content/deals/x.yml", 0, 0, "", "not UTF-8 \x1b[31m", "error")
    assert check_report.github_line(whole_file, fails=True) == (
        "::error file=content/deals/x.yml,title=briefing check::not UTF-8 \\x1b[31m")
    assert check_report.workflow_command("error", "a: b, c", title="t:1,2") == (
        "::error title=t%3A1%2C2::a: b, c")


def test_check_reports_as_json_in_the_documented_shape(project: Path) -> None:
    file, line = broken(project)
    result = run_briefing(project, "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["format_version"] == 1 and report["valid"] is False
    # Notices: not in git, ten placeholders in mkdocs.yml, four statuses resting on reports
    # alone; the sample says no sentence twice in a record (no repeated-sentence notice).
    assert report["counts"] == {"error": 1, "warning": 0, "notice": 15}
    assert report["problems"][0] == {
        "file": "content/deals", "line": None, "column": None, "field": None,
        "severity": "notice", "fails": False,
        "message": "key figures not compared with earlier versions: the project is not in "
                   "a git repository"}
    assert {"file": file, "line": line, "column": 8, "field": "as_of", "severity": "error",
            "fails": True, "message": "'22.11.2024' is not valid (expected a calendar date "
                                      "YYYY-MM-DD)"} in report["problems"]
    # The shape the README documents is the shape given, key for key.
    readme = (ROOT / "README.md").read_text("utf-8")
    documented = json.loads(readme.split("```json\n", 1)[1].split("```", 1)[0])
    assert list(documented) == list(report)
    assert list(documented["problems"][0]) == list(report["problems"][0])
    assert documented["counts"].keys() == report["counts"].keys()


def test_a_failure_before_the_check_is_reported_in_the_format_asked_for(
        tmp_path: Path) -> None:
    github = run_briefing(tmp_path, "check", "--format", "github")
    assert github.returncode == 1
    assert github.stdout == ("::error title=briefing check::mkdocs.yml: no such file (run from "
                             "the project folder, or pass --config)\n")
    as_json = json.loads(run_briefing(tmp_path, "check", "--format", "json").stdout)
    assert as_json["valid"] is False and as_json["problems"] == []
    assert as_json["error"].startswith("mkdocs.yml: no such file")
