"""Dates that tell the truth: every page says when it was published, changed and last checked
against its sources; sitemaps, feeds and JSON-LD take those dates and never a filled-in day;
a record not reviewed for too long says so on its page and in `briefing check`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGES, MINIMAL, copy_project, fixture_config, run_briefing
from sample_languages import notice_slugs

from generator.build import pipeline
from generator.content.model import PartialDate
from generator.engine.config import load_site_config
from generator.pages import feeds

ROOT = Path(__file__).resolve().parent.parent
CONFIG, _RAW = load_site_config(ROOT / "mkdocs.yml")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def deal_records() -> dict[str, dict]:
    return {f.stem: yaml.safe_load(f.read_text("utf-8"))
            for f in sorted((ROOT / "content" / "deals").glob("*.yml"))}


def article_fronts(lang: str) -> dict[str, dict]:
    return {f.name.removesuffix(f".{lang}.md"): yaml.safe_load(f.read_text("utf-8").split(
        "---\n")[1]) for f in sorted((ROOT / "content" / "articles").glob(f"*.{lang}.md"))}


def last_changed(data: dict) -> str:
    return max([data.get("updated", data["published"]),
                *(c["date"] for c in data.get("corrections", []))])


def sitemap(site: Path, lang: str) -> dict[str, str | None]:
    root = ET.parse(site / lang / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        lastmod = url.find(f"{SITEMAP}lastmod")
        entries[url.find(f"{SITEMAP}loc").text] = None if lastmod is None else lastmod.text
    return entries


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sitemap_gives_each_page_its_own_date(built_site: Path, lang: str) -> None:
    entries = sitemap(built_site, lang)
    base = f"{CONFIG.site_url}{lang}/"
    deals = deal_records()
    assert len(entries) > 20
    for ident, data in deals.items():
        assert entries[f"{base}deals/{ident}/"] == last_changed(data), ident
    for slug, front in article_fronts(lang).items():
        assert entries[f"{base}articles/{slug}/"] == last_changed(front), slug
    # A listing page: the newest of what it lists.
    newest = max(last_changed(d) for d in deals.values())
    assert entries[f"{base}deals/"] == newest
    anthropic = [d for d in deals.values() if any(p["company"] == "anthropic"
                                                  for p in d["parties"])]
    assert entries[f"{base}companies/anthropic/"] == max(last_changed(d) for d in anthropic)
    # Dates differ by page, and each is a real day, not the build's clock.
    assert len(set(entries.values())) > 1
    for loc, lastmod in entries.items():
        assert lastmod is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod), loc
    # The notice that an article exists in other languages only (the sample's German-only
    # one) is noindex: not in the sitemap. The article itself is, above.
    notices = {f"{base}articles/{slug}/" for slug in notice_slugs(lang)}
    assert not notices & set(entries)


def test_pages_show_published_updated_and_last_reviewed(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "de/deals/amazon-openai-investment/index.html")
                         .read_text("utf-8"), "html.parser")
    # On a deal page the dates close the one line under the standfirst (byline, status, dates).
    dates = page.select_one(".record-meta").get_text(" ", strip=True).replace("\u00a0", " ")
    assert dates.endswith("Stand: 27. Februar 2026 · Veröffentlicht am 23. November 2026 · "
                          "aktualisiert am 30. November 2026 · Zuletzt geprüft: 30. November 2026")
    page = BeautifulSoup((built_site / "en/deals/amazon-anthropic-investment/index.html")
                         .read_text("utf-8"), "html.parser")
    # A correction (of its status, dated the tests' day) counts as a change.
    assert page.select_one(".record-meta").get_text(" ", strip=True).replace("\u00a0", " ").endswith(
        "As of November 22, 2024 · Published November 23, 2026 · updated December 7, 2026 · "
        "Last reviewed: November 30, 2026")
    assert "Possibly out of date" not in page.get_text()


def test_month_dates_stay_months_in_machine_readable_output(built_site: Path) -> None:
    """The Risberg analysis is known to the month: December 2025, never 2025-12-01."""
    page = BeautifulSoup((built_site / "de/deals/openai-secondary-sale-2025/index.html")
                         .read_text("utf-8"), "html.parser")
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)["@graph"]
    citations = next(n for n in graph if n["@type"] == "NewsArticle")["citation"]
    analysis = next(c for c in citations if c["name"].startswith("Amazon verhandelt"))
    assert analysis["datePublished"] == "2025-12"
    assert "Dezember\u00a02025" in page.select_one("ol.sources").get_text()
    for lang in LANGUAGES:
        data = (built_site / lang / "data" / "deals.json").read_text("utf-8")
        assert '"published":"2025-12"' in data and "2025-12-01" not in data
        for path in (built_site / lang).rglob("*.html"):
            assert "2025-12-01" not in path.read_text("utf-8"), path
    # Atom needs a full timestamp: a month is refused rather than filled in to a day.
    with pytest.raises(ValueError):
        feeds.timestamp(PartialDate(2025, 12))
    assert feeds.timestamp(PartialDate(2026, 11, 30)) == "2026-11-30T00:00:00Z"


def test_a_record_not_reviewed_for_long_says_it_may_be_out_of_date(
        monkeypatch: pytest.MonkeyPatch) -> None:
    config = fixture_config(MINIMAL)
    note = "An editor last checked this page against its sources on November 1, 2026"
    monkeypatch.setenv("BRIEFING_TODAY", "2027-04-30")  # 180 days after the review
    page = pipeline.generate(config).pages["en/deals/acme-globex-investment.md"]
    assert note not in page.replace("\u00a0", " ")
    monkeypatch.setenv("BRIEFING_TODAY", "2027-05-01")  # 181 days after
    generated = pipeline.generate(config)
    page = generated.pages["en/deals/acme-globex-investment.md"].replace("\u00a0", " ")
    assert "!!! warning \"Possibly out of date\"" in page
    assert f"{note}, more than 180 days ago." in page
    assert "Zuletzt geprüft: 1. November 2026" in generated.pages[
        "de/deals/acme-globex-investment.md"].replace("\u00a0", " ")
    due = ("reviewed: notice: last checked against its sources 181 days ago (on 2026-11-01; "
           "review_after_days is 180): the page says it may be out of date until an editor "
           "checks it and sets reviewed")
    fixture = "tests/fixtures/minimal/content"
    assert [str(p) for p in generated.warnings] == [
        f"{fixture}/articles/acme-globex.de.md:13:11: {due}",
        f"{fixture}/articles/acme-globex.en.md:13:11: {due}",
        f"{fixture}/deals/acme-globex-investment.yml:49:11: {due}"]
    # A shorter span in mkdocs.yml makes it due sooner.
    monkeypatch.setenv("BRIEFING_TODAY", "2026-11-30")
    soon = pipeline.generate(replace(config, review_after_days=20))
    assert "Possibly out of date" in soon.pages["en/deals/acme-globex-investment.md"]


def test_briefing_check_lists_records_due_for_review(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    result = run_briefing(project, "check", "--strict")
    assert result.returncode == 0 and "reviewed: notice" not in result.stdout
    later = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--strict"],
                           cwd=project, env=dict(os.environ, BRIEFING_TODAY="2027-06-01"),
                           capture_output=True, text=True, timeout=300, check=False)
    assert later.returncode == 0, later.stderr  # a notice, not a failing warning
    due = [line for line in later.stdout.splitlines() if "reviewed: notice" in line]
    assert [line.split(":")[0] for line in due] == [
        "content/articles/acme-globex.de.md", "content/articles/acme-globex.en.md",
        "content/deals/acme-globex-investment.yml"]
