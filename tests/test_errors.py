"""What editors see when a record is wrong: every problem, word for word, nothing written."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conftest import copy_project, run_briefing, run_mkdocs

from generator.schemas import enums

EDGE = Path(__file__).resolve().parent / "golden" / "edge" / "content"

GOOD_COMPANY = """\
id: amazon
name: Amazon
description:
  de: Ein Unternehmen.
  en: A company.
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def break_record(project: Path, relative: str, old: str, new: str) -> None:
    path = project / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_three_mistakes_three_errors_and_no_output_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=EDGE)
    assert run_mkdocs(project).returncode == 0
    site_before = snapshot(project / "site")
    markdown_before = snapshot(project / "build" / "markdown")

    deal = "deals/gamma-licence.yml"
    break_record(project, deal, "kind: licensing", "kind: licencing")
    break_record(project, deal, "{company: alpha, role: customer", "{company: alpah, role: customer")
    break_record(project, deal, '  - date: "2023-05-02"', '  - date: "2023-13-02"')
    content_before = snapshot(project / "content")

    result = run_briefing(project, "check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.strip().splitlines() if "warning:" not in line]
    file = "content/" + deal
    source = (project / "content" / deal).read_text(encoding="utf-8").splitlines()
    kind_line = next(i for i, t in enumerate(source, 1) if t.startswith("kind:"))
    party_line = next(i for i, t in enumerate(source, 1) if "company: alpah" in t)
    date_line = next(i for i, t in enumerate(source, 1) if "2023-13-02" in t)
    assert lines == [
        # The kinds the schema offers, as the schema lists them: a new kind edits no test.
        (f"{file}:{kind_line}:7: kind: 'licencing' is not allowed (did you mean 'licensing'?) "
         f"(expected one of: {', '.join(enums()['deal.kind'])})"),
        (f"{file}:{party_line}:15: parties[1].company: no company 'alpah' in content/companies/ "
         f"(did you mean 'alpha'?)"),
        f"{file}:{date_line}:11: timeline[0].date: '2023-13-02' is not a date on the calendar",
        "3 problems must be fixed.",
    ]

    build = run_mkdocs(project)
    assert build.returncode == 1
    for line in lines[:3]:
        assert line in build.stderr
    assert "Traceback" not in build.stderr
    assert snapshot(project / "site") == site_before
    assert snapshot(project / "build" / "markdown") == markdown_before
    assert snapshot(project / "content") == content_before


def test_messages_word_for_word(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    companies = project / "content" / "companies"
    (companies / "broken.yml").write_text("id: broken\nname: [Broken\n", encoding="utf-8")
    (companies / "tabbed.yml").write_text("id: tabbed\nname: Tabbed\ndescription:\n\tde: x\n",
                                          encoding="utf-8")
    (companies / "Upper Case.yml").write_text(
        GOOD_COMPANY.replace("id: amazon", "id: Upper Case"), encoding="utf-8")
    (companies / "listed.yml").write_text("- id: listed\n", encoding="utf-8")
    break_record(project, "deals/amazon-anthropic-investment.yml",
                 'as_of: "2024-11-22"', 'as_of: "2024-02-30"')

    result = run_briefing(project, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/companies/Upper Case.yml:1:5: id: 'Upper Case' is not valid (expected " \
           "lower-case letters, digits and single hyphens; the same as the file name " \
           "without .yml)" in lines
    assert "content/companies/broken.yml:3:1: YAML syntax error: did not find expected ',' " \
           "or ']' (while parsing a flow sequence)" in lines
    assert "content/companies/listed.yml:1:1: file holds a list; a record is a mapping of " \
           "fields" in lines
    assert "content/companies/tabbed.yml:4:1: YAML syntax error: a tab character; indent " \
           "with spaces" in lines
    anthropic = (project / "content/deals/amazon-anthropic-investment.yml").read_text()
    line = next(i for i, t in enumerate(anthropic.splitlines(), 1) if t.startswith("as_of"))
    assert f"content/deals/amazon-anthropic-investment.yml:{line}:8: as_of: '2024-02-30' is " \
           f"not a date on the calendar" in lines


def test_debug_switch_shows_a_traceback_only_when_asked(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url:.*\n", "", config),
                                        encoding="utf-8")
    plain = run_briefing(project, "check")
    assert plain.returncode == 1
    assert plain.stderr.startswith("mkdocs.yml is missing settings:\n  site_url: ")
    assert "Traceback" not in plain.stderr
    debug = run_briefing(project, "--debug", "check")
    assert debug.returncode == 1 and "Traceback" in debug.stderr
