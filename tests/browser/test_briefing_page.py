"""A briefing as a reader meets it in Chromium: reader questions that read like the page
(the first answer open, answers in body size, a question mark as their sign, every answer
there without script), glossary terms explained by keyboard and on paper, a headline that
passes 4.5:1 contrast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.conftest import Reader, open_reader

DEAL = "deals/amazon-openai-investment/"
HELP_ICON = "M10 19h3v3h-3z"  # Material's "help" icon: a question mark, no circle


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_first_answer_is_open_and_in_body_size(reader: Reader, lang: str) -> None:
    page = reader.open(f"{lang}/{DEAL}")
    questions = page.locator("details.faq")
    assert questions.count() >= 3
    assert questions.first.evaluate("d => d.open")
    expect(questions.first.locator("p").first).to_be_visible()
    expect(questions.nth(1).locator("p").first).to_be_hidden()
    sizes = page.evaluate("""() => {
        const size = e => getComputedStyle(e).fontSize;
        const lead = document.querySelector('article .gist ~ p');
        return {body: size(lead), answer: size(document.querySelector('details.faq p')),
                question: size(document.querySelector('details.faq summary'))};
    }""")
    assert sizes["answer"] == sizes["body"] == sizes["question"], sizes
    icon = page.eval_on_selector("details.faq > summary", """s => {
        const style = getComputedStyle(s, '::before');
        return style.maskImage || style.webkitMaskImage;
    }""")
    assert HELP_ICON.replace(" ", "%20") in icon or HELP_ICON in icon, icon


@pytest.fixture
def without_script(browser: Browser, site_address: str) -> Iterator[Reader]:
    reader = open_reader(browser, site_address, viewport={"width": 1280, "height": 900},
                         java_script_enabled=False)
    yield reader
    reader.page.context.close()


def test_every_answer_is_there_without_script(without_script: Reader) -> None:
    page = without_script.open(f"de/{DEAL}")
    questions = page.locator("details.faq")
    expect(questions.first.locator("p").first).to_be_visible()
    second = questions.nth(1)
    expect(second.locator("p").first).to_be_hidden()
    second.locator("summary").click()  # the browser's own disclosure, no script
    expect(second.locator("p").first).to_be_visible()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_term_explains_itself_on_keyboard_focus_and_on_paper(reader: Reader,
                                                               lang: str) -> None:
    page = reader.open(f"{lang}/{DEAL}")
    term = page.locator("article abbr.term").first
    definition = term.get_attribute("title")
    assert definition and term.get_attribute("tabindex") == "0"
    assert term.evaluate("t => getComputedStyle(t, '::after').content") == "none"
    # Reached by the Tab key: from the element before it in the page, one Tab lands on it.
    page.evaluate("""t => {
        const all = [...document.querySelectorAll('a[href], button, input, [tabindex="0"]')]
            .filter(e => e.offsetParent !== null);
        all[all.indexOf(t) - 1].focus();
    }""", term.element_handle())
    page.keyboard.press("Tab")
    assert term.evaluate("t => document.activeElement === t")
    assert term.evaluate("t => getComputedStyle(t, '::after').content") == f'"{definition}"'
    box = page.evaluate("""() => {
        const after = getComputedStyle(document.activeElement, '::after');
        return [after.position, after.display];
    }""")
    assert box[0] == "fixed" and box[1] != "none"
    page.keyboard.press("Tab")
    page.emulate_media(media="print")
    printed = term.evaluate("t => getComputedStyle(t, '::after').content")
    assert printed == '" (" attr(title) ")"' or definition in printed, printed


def contrast(page: Page, selector: str) -> float:
    """The contrast ratio of an element's text on its background (WCAG's formula)."""
    ratio: float = page.eval_on_selector(selector, """e => {
        const rgb = c => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        const [r, g, b, a = 1] = rgb(getComputedStyle(e).color);
        let bg = e, back = [255, 255, 255];
        while (bg) {
            const c = rgb(getComputedStyle(bg).backgroundColor);
            if ((c[3] ?? 1) > 0) { back = c.slice(0, 3); break; }
            bg = bg.parentElement;
        }
        const fore = [r, g, b].map((v, i) => v * a + back[i] * (1 - a));
        const [l1, l2] = [lum(fore), lum(back)].sort((x, y) => y - x);
        return (l1 + 0.05) / (l2 + 0.05);
    }""")
    return ratio


@pytest.mark.parametrize("path", [f"de/{DEAL}", "en/", "de/glossary/"])
def test_the_headline_passes_four_and_a_half_to_one(reader: Reader, path: str) -> None:
    page = reader.open(path)
    assert contrast(page, "article h1") >= 4.5
