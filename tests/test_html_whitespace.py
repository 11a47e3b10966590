"""Pages lose their template indentation, and nothing a reader sees or a script reads."""

from __future__ import annotations

import re
from pathlib import Path

from generator.engine.whitespace import (
    _TAG_WITH_BREAK,
    collapse_around_tags,
    collapse_whitespace,
    outside_kept_elements,
)

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
