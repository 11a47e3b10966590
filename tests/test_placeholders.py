"""Nothing unfinished reaches a reader: an example site address and TODOs in the Impressum are
notices while the site is being set up, failures for `briefing check --publish`, and never
on a page, in a feed or in the structured data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import (
    LANGUAGES,
    MINIMAL,
    ROOT,
    SAMPLE_CONFIG,
    copy_project,
    publish_ready,
    run_briefing,
    run_mkdocs,
)

from generator.rules.placeholders import is_example_url, is_placeholder

NOTICE = " before publishing"
IMPRESSUM_PLACEHOLDER = ("is a placeholder; the Impressum needs the real entry (§ 5 DDG, § 18 "
                         "Abs. 2 MStV)")
PRIVACY = ("is a placeholder; the privacy notice (Art. 13 GDPR) is left out until it holds "
           "the real entry")

def position(setting: str) -> str:
    """Where the check names a setting of the sample's mkdocs.yml: "mkdocs.yml:line:column:
    setting", at its value, or at the mapping it is missing from; read from the file, so
    that a line added above (a language's site name) moves it."""
    node = yaml.compose((ROOT / "mkdocs.yml").read_text("utf-8"))
    for key in setting.split("."):
        if isinstance(node, yaml.SequenceNode):  # plugins: a list of one-key mappings
            node = next(item for item in node.value
                        if any(k.value == key for k, _v in item.value))
        found = [value for k, value in node.value if k.value == key]
        if not found:
            break
        node = found[0]
    return f"mkdocs.yml:{node.start_mark.line + 1}:{node.start_mark.column + 1}: {setting}"


SAMPLE_SETTINGS = [
    (position("site_url"), ("'https://briefing.example/' is an example address (a domain "
                            "reserved for examples); set the address the site is published at")),
    (position("plugins.briefing.data_licence"),
     ("no licence is named for the open data (data/deals.json and the CSV tables); set its "
      "name and url (such as CC BY 4.0 and https://creativecommons.org/licenses/by/4.0/)")),
    (position("plugins.briefing.impressum.publisher"),
     (f"'TODO: the publisher's name (a person, or a company with its legal form)' "
      f"{IMPRESSUM_PLACEHOLDER}")),
    (position("plugins.briefing.impressum.address"),
     f"'TODO: postal address for service (no P.O. box)' {IMPRESSUM_PLACEHOLDER}"),
    (position("plugins.briefing.impressum.email"),
     f"'redaktion@briefing.example' {IMPRESSUM_PLACEHOLDER}"),
    (position("plugins.briefing.impressum.responsible_person"),
     f"'TODO: name of the person responsible under § 18 Abs. 2 MStV' {IMPRESSUM_PLACEHOLDER}"),
    (position("plugins.briefing.impressum.responsible_address"),
     f"'TODO: that person's postal address' {IMPRESSUM_PLACEHOLDER}"),
    (position("plugins.briefing.privacy.controller"),
     f"'TODO: who is responsible for readers' data: name and postal address' {PRIVACY}"),
    (position("plugins.briefing.privacy.email"),
     f"'datenschutz@briefing.example' {PRIVACY}"),
    (position("plugins.briefing.privacy.hosting"),
     f"'TODO: who hosts the site and keeps its server logs (name, address)' {PRIVACY}"),
]


def test_check_names_each_placeholder_as_a_notice_and_passes(project: Path) -> None:
    result = run_briefing(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stdout.splitlines() if line.startswith("mkdocs.yml")]
    assert notices == [f"{where}: notice: {what}{NOTICE}" for where, what in SAMPLE_SETTINGS]


def test_check_for_publishing_fails_naming_each_setting(project: Path) -> None:
    result = run_briefing(project, "check", "--publish")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        *(f"{where}: {what}{NOTICE}" for where, what in SAMPLE_SETTINGS),
        "10 problems must be fixed."]


def test_check_for_publishing_passes_once_the_settings_are_real(project: Path) -> None:
    publish_ready(project)
    result = run_briefing(project, "check", "--publish")
    assert result.returncode == 0, result.stderr
    assert "mkdocs.yml" not in result.stdout


def test_a_licence_is_named_whole_with_an_address_readers_can_open(project: Path) -> None:
    config = project / "mkdocs.yml"
    sample = config.read_text("utf-8")
    example = "      # data_licence: {name: CC BY 4.0, url: "
    for setting, expected in (
            ("data_licence: {name: CC BY 4.0}", ("plugins.briefing.data_licence: the open "
                                                 "data's licence needs both its name and the "
                                                 "url of its text")),
            ("data_licence: {name: CC BY 4.0, url: 'http://creativecommons.org/x'}",
             "plugins.briefing.data_licence.url: 'http:' addresses are not allowed"),
            ("data_licence: {name: TODO, url: 'https://licence.example/'}",
             ("plugins.briefing.data_licence: 'TODO' (https://licence.example/) is a "
              "placeholder"))):
        config.write_text(sample.replace(example + "https://creativecommons.org/licenses/by/"
                                         "4.0/}", f"      {setting}"), "utf-8")
        assert setting in config.read_text("utf-8")
        result = run_briefing(project, "check", "--publish")
        assert result.returncode == 1
        assert expected in result.stderr, (setting, result.stderr)


def test_every_build_says_so_and_strict_still_passes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "site_url: notice:" in line]
    assert len(lines) == 1 and lines[0].startswith("INFO")
    assert "impressum.publisher: notice:" in result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_feed_or_structured_data_shows_a_placeholder(built_site: Path, lang: str) -> None:
    files = sorted((built_site / lang).rglob("*.html")) + [built_site / lang / "feed.xml"]
    assert len(files) > 20
    for path in files:
        text = path.read_text("utf-8")
        assert "TODO" not in text and "redaktion@briefing.example" not in text, path
    about = BeautifulSoup((built_site / lang / "about" / "index.html").read_text("utf-8"),
                          "html.parser")
    # Nothing made up in its place: without a real Impressum there is no Impressum section.
    assert about.select("article h2") == []
    # The desk's site name stands for the publisher until the Impressum names one.
    site_name = SAMPLE_CONFIG.site_name[lang]
    feed = (built_site / lang / "feed.xml").read_text("utf-8")
    assert f"<author>\n    <name>{site_name}</name>" in feed
    deal = BeautifulSoup((built_site / lang / "deals" / "amazon-openai-investment" /
                          "index.html").read_text("utf-8"), "html.parser")
    graph = json.loads(deal.select_one('script[type="application/ld+json"]').string)["@graph"]
    article = next(n for n in graph if n["@type"] == "NewsArticle")
    assert article["publisher"]["name"] == site_name


def test_the_about_page_shows_a_real_impressum(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    publish_ready(project)
    result = run_briefing(project, "build", "--out", str(tmp_path / "markdown"))
    assert result.returncode == 0, result.stderr
    about = (tmp_path / "markdown" / "de" / "about.md").read_text("utf-8")
    assert "## Impressum" in about and "Muster Verlag GmbH" in about
    assert "E-Mail: desk@zeitung-muster.de" in about
    feed = (tmp_path / "markdown" / "de" / "feed.xml").read_text("utf-8")
    assert "<name>Muster Verlag GmbH, Hafenstraße 1, 20457 Hamburg</name>" in feed


def test_what_counts_as_a_placeholder() -> None:
    for url in ("https://briefing.example/", "https://example.com/", "https://www.example.org/",
                "http://localhost:8000/", "https://site.test/", "https://x.invalid/",
                "http://127.0.0.1:8000/"):
        assert is_example_url(url), url
    for url in ("https://deals.zeitung-muster.de/", "https://examples.com/",
                "https://example.de/"):
        assert not is_example_url(url), url
    for value in ("TODO: name", "todo later", "desk@briefing.example", "Mail: a@example.org",
                  "  "):
        assert is_placeholder(value), value
    for value in ("Muster Verlag GmbH", "desk@zeitung-muster.de", "Todor Petrov"):
        assert not is_placeholder(value), value
