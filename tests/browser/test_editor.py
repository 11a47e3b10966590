"""The web editor as an editor uses it: Decap CMS (from generator/editor/node_modules, pinned
by its package-lock.json) in Debian's Chromium against `briefing editor`'s backend, in a
throw-away copy of the project with its own git history. Every request that would leave the
machine is blocked and counted; none may be made."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import LANGUAGES, copy_project, run_briefing
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from generator.editor import server

DEAL = "content/deals/amazon-openai-investment.yml"
OLD_HEADLINE = "Amazon investiert bis zu 50 Mrd. US-Dollar in OpenAI, davon 15 Mrd. sofort"
NEW_HEADLINE = "Amazon investiert bis zu 60 Mrd. US-Dollar in OpenAI"
# The guard's message as the form's German editor reads it (cms_config.LOCALE).
GUARD = "ohne neues Ereignis in der Zeitleiste und ohne neue Korrektur"
GUARD_EN = "with neither a new timeline event nor a new correction"
SCREENSHOTS = os.environ.get("EDITOR_SCREENSHOTS")  # a folder: keep what the test saw


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Desk", GIT_AUTHOR_EMAIL="desk@example.com",
               GIT_COMMITTER_NAME="Desk", GIT_COMMITTER_EMAIL="desk@example.com")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[server.Editor]:
    if not (server.DECAP_DIST / "decap-cms.js").is_file():
        pytest.fail("Decap CMS is not installed: run `bash .ci/setup test`")
    project = copy_project(tmp_path / "project")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "First version")
    with server.running(project, server.project_checker(project / "mkdocs.yml"),
                        LANGUAGES) as running:
        yield running


class Offline:
    """Every request the page makes: the local ones go through, the others are blocked."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.local = 0

    def __call__(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname == server.HOST:
            self.local += 1
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def field(page: Page, label: str, nth: int = 0) -> object:
    """The input a form label names (Decap ties them with for=)."""
    for_id = page.locator("label", has_text=label).nth(nth).get_attribute("for")
    return page.locator(f"[id='{for_id}']")


def publish(page: Page) -> None:
    page.get_by_role("button", name="Veröffentlichen").first.click()
    page.get_by_text("Jetzt veröffentlichen").click()


def shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def change_the_amount_and_see_the_guard(browser: Browser, editor: server.Editor
                                        ) -> tuple[Page, Offline, list[str]]:
    """Open the deal, change its German headline and its amount, save: the guard's message
    shows in the panel, in German, and only those two lines of the file changed."""
    project = editor.backend.files.project_dir
    before = (project / DEAL).read_text("utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offline = Offline()
    context.route("**/*", offline)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(editor.address)
    page.get_by_role("button", name="Login").click()
    page.goto(f"http://{server.HOST}:{editor.port}/admin/"
              "#/collections/deals/entries/amazon-openai-investment")
    headline = page.locator("label", has_text="Überschrift / Headline")
    expect(headline).to_be_visible(timeout=30_000)
    german = field(page, "Deutsch / German (de)")
    expect(german).to_have_value(OLD_HEADLINE)  # type: ignore[arg-type]
    german.fill(NEW_HEADLINE)  # type: ignore[attr-defined]
    # The deal's amount: the parties come first in the form, and a party may carry an
    # amount of its own, so the deal's "Wert / Value" is the one holding the record's figure.
    values = [field(page, "Wert / Value", n)
              for n in range(page.locator("label", has_text="Wert / Value").count())]
    holding = [v for v in values if v.input_value() == "50000000000"]  # type: ignore[attr-defined]
    assert len(holding) == 1, "the deal's amount is one field of the form"
    value = holding[0]
    value.fill("60000000000")  # type: ignore[attr-defined]
    publish(page)

    panel = page.locator("#briefing-check")
    expect(panel).to_contain_text(GUARD, timeout=30_000)
    expect(panel).to_contain_text(f"{DEAL}:")
    expect(panel).to_have_attribute("lang", "de")
    # The panel speaks the form's language only: no English word of the check in it.
    assert GUARD_EN not in panel.inner_text()
    assert not re.search(r"\b(the|is|not|expected|with|Saved|Add|problems?)\b",
                         panel.inner_text()), panel.inner_text()
    shot(page, "1-guard")
    after = (project / DEAL).read_text("utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == [f"-  de: {OLD_HEADLINE}", f"+  de: {NEW_HEADLINE}",
                    "-  value: 50000000000", "+  value: 60000000000"]
    return page, offline, errors


def test_change_a_deal_see_the_guard_add_a_correction_in_the_form(
        browser: Browser, editor: server.Editor) -> None:
    project = editor.backend.files.project_dir
    page, offline, errors = change_the_amount_and_see_the_guard(browser, editor)
    panel = page.locator("#briefing-check")

    # The correction, added from the guard's message into the same form.
    corrections_before = page.locator("label", has_text="Datum / Date").count()
    panel.get_by_role("button", name="Korrektur hinzufügen", exact=True).click()
    expect(page.locator("label", has_text="Datum / Date")).to_have_count(
        corrections_before + 1)
    date = page.locator("label", has_text="Datum / Date").last
    date_input = page.locator(f"[id='{date.get_attribute('for')}']")
    date_input.fill("2026-11-30")
    # The new correction's text: the German and English boxes that follow its date.
    new_de = page.locator("[id='{}']".format(date.locator(
        "xpath=following::label[contains(., 'Deutsch / German (de)')][1]").get_attribute("for")))
    new_en = page.locator("[id='{}']".format(date.locator(
        "xpath=following::label[contains(., 'Englisch / English (en)')][1]"
    ).get_attribute("for")))
    new_de.fill("Wir hatten 50 Mrd. US-Dollar genannt; richtig sind 60 Mrd. US-Dollar.")
    new_en.fill("We gave $50 billion; the right figure is $60 billion.")
    shot(page, "2-correction")
    publish(page)
    expect(panel).to_contain_text("keine Fehler", timeout=30_000)
    shot(page, "3-passed")

    saved = (project / DEAL).read_text("utf-8")
    assert '  - date: "2026-11-30"\n    text:\n      de: Wir hatten 50 Mrd.' in saved
    result = run_briefing(project, "check")
    assert result.returncode == 0, result.stderr
    assert offline.blocked == [], offline.blocked
    assert offline.local > 0
    # The one refused save: the CMS rejects its promise when the backend answers 409.
    assert len(errors) <= 1, errors
    page.context.close()


def test_change_a_deal_see_the_guard_add_a_timeline_event_in_the_form(
        browser: Browser, editor: server.Editor) -> None:
    project = editor.backend.files.project_dir
    page, offline, errors = change_the_amount_and_see_the_guard(browser, editor)
    panel = page.locator("#briefing-check")

    # The timeline event, added from the guard's message into the same form: the event of
    # the day of the record's latest fact (as_of), after the events it has.
    events_before = page.locator("label", has_text="Ereignis / Event").count()
    panel.get_by_role("button", name="Ereignis hinzufügen", exact=True).click()
    expect(page.locator("label", has_text="Ereignis / Event")).to_have_count(
        events_before + 1)
    event = page.locator("label", has_text="Ereignis / Event").last
    date = event.locator("xpath=preceding::label[contains(., 'Datum / Date')][1]")
    page.locator(f"[id='{date.get_attribute('for')}']").fill("2026-02-27")
    new_de = page.locator("[id='{}']".format(event.locator(
        "xpath=following::label[contains(., 'Deutsch / German (de)')][1]").get_attribute("for")))
    new_en = page.locator("[id='{}']".format(event.locator(
        "xpath=following::label[contains(., 'Englisch / English (en)')][1]"
    ).get_attribute("for")))
    new_de.fill("Amazon stockt die Zusage auf bis zu 60 Mrd. US-Dollar auf.")
    new_en.fill("Amazon raises its commitment to up to $60 billion.")
    # Its source: one the deal lists (a list of ids, written with commas in the form).
    sources = page.locator("[id='{}']".format(event.locator(
        "xpath=following::label[contains(., 'Quellen / Sources')][1]").get_attribute("for")))
    sources.fill("tomshardware-2026-02-27")
    shot(page, "4-timeline-event")
    publish(page)
    expect(panel).to_contain_text("keine Fehler", timeout=30_000)

    saved = (project / DEAL).read_text("utf-8")
    assert yaml.safe_load(saved)["timeline"][-1] == {
        "date": "2026-02-27",
        "event": {"de": "Amazon stockt die Zusage auf bis zu 60 Mrd. US-Dollar auf.",
                  "en": "Amazon raises its commitment to up to $60 billion."},
        "sources": ["tomshardware-2026-02-27"]}
    result = run_briefing(project, "check")
    assert result.returncode == 0, result.stderr
    assert offline.blocked == [], offline.blocked
    assert offline.local > 0
    assert len(errors) <= 1, errors
    page.context.close()


def test_an_article_s_front_matter_is_a_form_and_a_save_changes_its_line_only(
        browser: Browser, editor: server.Editor, tmp_path: Path) -> None:
    article = "content/articles/amazon-ai-bets.en.md"
    project = editor.backend.files.project_dir
    before = (project / article).read_text("utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offline = Offline()
    context.route("**/*", offline)
    page = context.new_page()
    page.goto(editor.address)
    page.get_by_role("button", name="Login").click()
    # No field shows a text in several languages as "Map {…}" (the CMS's rendering of an
    # object it has no widget for): a name, a publisher, a list item's summary.
    for entry, expected in [("companies/entries/amazon", None),
                            ("authors/entries/redaktion", None),
                            ("deals/entries/openai-secondary-sale-2025", "Bloomberg und CNBC"),
                            ("site/entries/glossary", "trainium · Trainium")]:
        page.goto(f"http://{server.HOST}:{editor.port}/admin/#/collections/{entry}")
        page.reload()  # a fresh form: moving between entries by address alone kept the last
        expect(page.locator("label").first).to_be_visible(timeout=30_000)
        if expected:  # a collapsed list item's summary: its id and first text
            expect(page.locator("body")).to_contain_text(expected, timeout=30_000)
        else:  # a name: one box per language, each holding the name
            expect(field(page, "Deutsch / German (de)")).not_to_have_value(  # type: ignore[arg-type]
                "")
        assert "Map {" not in page.inner_text("body"), entry
        shot(page, entry.replace("/", "-"))
    page.goto(f"http://{server.HOST}:{editor.port}/admin/"
              "#/collections/articles/entries/amazon-ai-bets.en")
    page.reload()
    expect(page.locator("label", has_text="Titel / Title").first).to_be_visible(timeout=30_000)
    title = field(page, "Titel / Title")
    expect(title).to_have_value(  # type: ignore[arg-type]
        "Anthropic and OpenAI: Amazon’s two AI bets, and the chip behind both")
    title.fill("Anthropic and OpenAI: Amazon’s two AI bets")  # type: ignore[attr-defined]
    publish(page)
    expect(page.locator("#briefing-check")).to_contain_text("keine Fehler", timeout=30_000)
    after = (project / article).read_text("utf-8")
    assert after == before.replace(
        'title: "Anthropic and OpenAI: Amazon’s two AI bets, and the chip behind both"',
        'title: "Anthropic and OpenAI: Amazon’s two AI bets"', 1)
    assert after != before

    # Pictures: the media library uploads into content/images/, checked as the check reads
    # pictures; a file that is not what its name says is refused with a message.
    red, fake = tmp_path / "red-square.png", tmp_path / "not-a-picture.png"
    Image.new("RGB", (4, 3), (200, 30, 30)).save(red)
    fake.write_bytes(b"<svg onload=alert(1)>")
    page.goto(f"http://{server.HOST}:{editor.port}/admin/#/collections/deals")
    page.reload()
    page.get_by_role("button", name="Medien").click()
    upload = page.locator("input[type=file]")
    upload.set_input_files(red)
    expect(page.locator("body")).to_contain_text("red-square.png", timeout=30_000)
    assert (project / "content/images/red-square.png").read_bytes() == red.read_bytes()
    upload.set_input_files(fake)
    expect(page.locator("body")).to_contain_text(
        # The backend's refusal, in the form's language.
        "content/images/not-a-picture.png: kein lesbares PNG-, JPEG- oder WebP-Bild",
        timeout=30_000)
    assert not (project / "content/images/not-a-picture.png").exists()
    shot(page, "4-pictures")
    assert offline.blocked == [], offline.blocked
    context.close()
