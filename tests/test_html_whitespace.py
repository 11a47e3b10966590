"""Pages lose their template indentation, and nothing a reader sees or a script reads."""

from __future__ import annotations

import re
from pathlib import Path

from generator.html_whitespace import (
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
    assert len(collapsed) < len(INDENTED_PAGE) * 0.85


def test_pre_textarea_script_style_and_attributes_keep_every_byte() -> None:
    collapsed = collapse_whitespace(INDENTED_PAGE)
    for kept in ("<PRE>Code\n    eingerückt\n\n        bleibt</PRE>",
                 '<pre class="x"><code>a\n  b</code></pre>',
                 '<textarea id="t">  Text\n      mit Einzug\n</textarea>',
                 "window.kept = `Zeile\n          mit Einzug`;",
                 'content: "  zwei  Leerzeichen  ";',
                 'title="Zeile eins\n        Zeile zwei"'):
        assert kept in collapsed


def test_a_page_without_line_breaks_in_tags_takes_the_fast_way_to_the_same_result() -> None:
    page = INDENTED_PAGE.replace('title="Zeile eins\n        Zeile zwei"', 'title="eins"')
    assert _TAG_WITH_BREAK.search(outside_kept_elements(page, lambda s: s)) is None
    collapsed = collapse_whitespace(page)  # the fast way, as no tag holds a line break
    assert collapsed == outside_kept_elements(page, collapse_around_tags)  # the other way
    assert collapsed != page and collapsed == collapse_whitespace(collapsed)
    assert "<p>\nErstes   Wort\n<strong>fett</strong><em>\nkursiv</em>," in collapsed


# What keeps its white space: these elements whole, and any tag's attribute list.
KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>|<[^<>]*>", re.DOTALL | re.IGNORECASE)


def test_the_built_pages_have_no_indentation_left(built_pages: dict[str, list[Path]]) -> None:
    """Head and body of every page: no line break is followed by white space."""
    for paths in built_pages.values():
        for path in paths:
            page = path.read_text(encoding="utf-8")
            assert "<article" in page and "</body>" in page
            outside = KEPT.sub("<>", page)
            assert re.search(r"\n[ \t\n\r\f]", outside) is None, path
