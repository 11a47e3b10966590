"""Pages lose their template indentation, and nothing a reader sees or a script reads."""

from __future__ import annotations

import re
from pathlib import Path

from generator.engine.whitespace import (
    _TAG_WITH_BREAK,
    BLOCKS,
    INLINE_LIST_ITEMS,
    collapse_around_tags,
    collapse_whitespace,
    outside_kept_elements,
)

ROOT = Path(__file__).resolve().parent.parent
# Indented like Material's templates, with everything whose white space is content.
INDENTED_PAGE = (Path(__file__).parent / "fixtures" / "indented_page.html").read_text(
    encoding="utf-8")


def test_indentation_and_blank_lines_go() -> None:
    collapsed = collapse_whitespace(INDENTED_PAGE)
    body_before_pre = collapsed.split("<body>")[1].split("<PRE>")[0].replace(
        'title="Zeile eins\n        Zeile zwei"', "")  # kept: attribute data
    assert "\n " not in body_before_pre and "\n\n" not in body_before_pre
    assert "<td>1 Mrd.\nUS-Dollar</td>" in collapsed
    assert len(collapsed) < len(INDENTED_PAGE) * 0.85


def test_pre_textarea_script_style_and_attributes_keep_every_byte() -> None:
    collapsed = collapse_whitespace(INDENTED_PAGE)
    for kept in ("<PRE>Code\n    eingerückt\n\n        bleibt</PRE>",
                 '<pre class="x"><code>a\n  b</code></pre>',
                 '<textarea id="t">  Text\n      mit Einzug\n</textarea>',
                 "window.kept = `Zeile\n          mit Einzug`;",
                 'content: "  zwei  Leerzeichen  ";',
                 'title="Zeile eins\n        Zeile zwei"',
                 # A quoted value may hold ">": the tag does not end there.
                 'title="Wert > Preis\n          vor dem Geld"'):
        assert kept in collapsed


def test_no_break_spaces_are_text_and_stay() -> None:
    """Only HTML's white space goes: no-break spaces after a line break show, and keep
    "8 Mrd." together."""
    collapsed = collapse_whitespace(INDENTED_PAGE)
    assert "<td>\n\u00a0\u00a0\u00a08\u00a0Mrd.</td>" in collapsed
    assert collapse_whitespace("<p>\n  \u00a0\u00a08 Mrd.</p>") == "<p>\n\u00a0\u00a08 Mrd.</p>"


def test_a_greater_than_sign_in_a_quoted_value_does_not_end_the_tag() -> None:
    page = '<p>\n  <a title="a > b\n    c" href="#">x</a>\n  <abbr title=\'1 > 0\'>y</abbr>\n</p>'
    assert collapse_whitespace(page) == (
        '<p>\n<a title="a > b\n    c" href="#">x</a>\n<abbr title=\'1 > 0\'>y</abbr>\n</p>')
    assert _TAG_WITH_BREAK.search(page) is not None
    assert _TAG_WITH_BREAK.search(page.replace("b\n    c", "b c")) is None


def test_a_page_without_line_breaks_in_tags_takes_the_fast_way_to_the_same_result() -> None:
    page = INDENTED_PAGE.replace('title="Zeile eins\n        Zeile zwei"', 'title="eins"').replace(
        "Preis\n          vor", "Preis vor")
    assert _TAG_WITH_BREAK.search(outside_kept_elements(page, lambda s: s)) is None
    collapsed = collapse_whitespace(page)  # the fast way, as no tag holds a line break
    assert collapsed == outside_kept_elements(page, collapse_around_tags)  # the other way
    assert collapsed != page and collapsed == collapse_whitespace(collapsed)
    assert "<p>\nErstes   Wort\n<strong>fett</strong><em>\nkursiv</em>," in collapsed


# What keeps its white space: these elements whole, and any tag's attribute list.
KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>|<!--.*?-->|"
                  r"<[A-Za-z/!?](?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL | re.IGNORECASE)


def test_the_built_pages_have_no_indentation_left(built_pages: dict[str, list[Path]]) -> None:
    """Head and body of every page: no line break is followed by white space."""
    for paths in built_pages.values():
        for path in paths:
            page = path.read_text(encoding="utf-8")
            assert "<article" in page and "</body>" in page
            outside = KEPT.sub("<>", page)
            assert re.search(r"\n[ \t\n\r\f]", outside) is None, path


# --- Line breaks beside blocks (collapse_whitespace(..., beside_blocks=True), as built) ---

def test_line_breaks_in_the_head_and_just_inside_blocks_go() -> None:
    page = ('<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            '<title>Probe</title>\n<script>\n  var a = 1;\n</script>\n<link rel="icon">\n'
            '</head>\n<body>\n<div class="x">\n<ul>\n<li>\n<a href="#">eins</a>\n</li>\n'
            '<li><a href="#">zwei</a>\n<a href="#">drei</a></li>\n</ul>\n<p>\nText\n'
            '<em>kursiv</em>\nweiter\n</p>\n</div>\n</body>\n</html>\n')
    assert collapse_whitespace(page, beside_blocks=True) == (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Probe</title>'
        '<script>\n  var a = 1;\n</script><link rel="icon"></head><body>'
        '<div class="x"><ul><li><a href="#">eins</a></li>\n'
        # between inline content the line break is a space the reader sees, and stays
        '<li><a href="#">zwei</a>\n<a href="#">drei</a></li></ul>\n<p>Text\n'
        '<em>kursiv</em>\nweiter</p></div></body></html>\n')


def test_pre_textarea_and_tags_keep_their_line_breaks_beside_blocks() -> None:
    collapsed = collapse_whitespace(INDENTED_PAGE, beside_blocks=True)
    for kept in ("<PRE>Code\n    eingerückt\n\n        bleibt</PRE>",
                 '<textarea id="t">  Text\n      mit Einzug\n</textarea>',
                 "window.kept = `Zeile\n          mit Einzug`;",
                 'title="Zeile eins\n        Zeile zwei"'):
        assert kept in collapsed
    # A stretch in which a tag holds a line break takes the slow way, and keeps its breaks.
    assert collapsed.count("\n") > 10


def test_a_page_that_may_show_a_block_inline_keeps_its_line_breaks_in_the_body() -> None:
    for block in ('<div style="display: inline">', '<li class="md-sidebar--post">'):
        page = f"<html><head>\n<title>t</title>\n</head><body>\n{block}\nText\n</div>\n</body>"
        tightened = collapse_whitespace(page, beside_blocks=True)
        assert tightened == "<html><head><title>t</title></head><body>" + page.split(
            "<body>")[1], block
    plain = "<body>\n<div>\nText\n</div>\n</body>"
    assert collapse_whitespace(plain, beside_blocks=True) == "<body><div>Text</div></body>"


# Material's (and the site's) rules that show an element inline or without a box, by
# selector: none of them can hold an element of BLOCKS but the blog sidebar's list items,
# for which a page keeps its line breaks (whitespace.INLINE_LIST_ITEMS). A Material that adds
# one fails here: read the new rule, then add it with the reason it is harmless.
KNOWN_INLINE_RULES = {
    ".md-typeset .md-consent__controls .md-button",  # a button
    ".md-content__button svg",
    ".md-path__item:not(:first-child):before",  # a pseudo-element
    ".md-sidebar.md-sidebar--post .md-nav__item",  # blog list items: INLINE_LIST_ITEMS
    # display: contents, in a grid or flex container, which lays out no white space:
    ".md-typeset .grid.cards>ul", ".md-typeset .grid.cards>ol",  # in .grid (display: grid)
    ".md-typeset .tabbed-labels", ".md-typeset .tabbed-content",  # in .tabbed-set (flex)
    ".highlight code[data-md-copying] .hll",  # a span in <pre>, which keeps every byte
}
def test_no_style_shows_a_block_inline_but_those_known() -> None:
    import material

    sheets = sorted((Path(material.__file__).parent / "templates" / "assets" / "stylesheets")
                    .glob("*.css")) + sorted(
        (ROOT / "templates" / "theme" / "assets" / "stylesheets").glob("*.css"))
    assert len(sheets) >= 3
    found = set()
    for sheet in sheets:
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text("utf-8"), flags=re.DOTALL)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            if re.search(r"display\s*:\s*(?:inline|contents)\s*(?:!important)?\s*(?:;|$)", body):
                found |= {selector.strip() for selector in selectors.split(",")}
    assert found <= KNOWN_INLINE_RULES, found - KNOWN_INLINE_RULES
    assert "md-sidebar--post" in INLINE_LIST_ITEMS and "li" in BLOCKS
