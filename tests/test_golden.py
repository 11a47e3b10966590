"""Golden tests: what records become, page by page, in German and in English.

Each case is a content tree and the Markdown the generator makes of it, kept under
tests/golden/<case>/expected/, with the head each page gets (page_head.py: canonical,
hreflang, Open Graph …), which goes to MkDocs as data beside the Markdown, in
expected/heads.json. After a deliberate change to templates or rendering,
regenerate with `python -m pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from conftest import fixture_config

from generator.build import pipeline

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "sample": ROOT / "content",  # the published sample story
    "edge": GOLDEN / "edge" / "content",  # every optional field and awkward character
}


def rendered_markdown(content_dir: Path) -> dict[str, str]:
    return rendered(content_dir)[0]


def rendered(content_dir: Path) -> tuple[dict[str, str], str]:
    """Each Markdown page, and every page's head as the JSON text kept in heads.json."""
    # Each case with the settings beside its content: the edge case's own mkdocs.yml.
    generated = pipeline.generate(fixture_config(content_dir))
    pages = {path: text for path, text in generated.pages.items() if path.endswith(".md")}
    heads = json.dumps(generated.heads, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return pages, heads


@pytest.mark.parametrize("case", sorted(CASES))
def test_markdown_matches_golden(case: str, request: pytest.FixtureRequest) -> None:
    pages, heads = rendered(CASES[case])
    expected_dir = GOLDEN / case / "expected"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, text in pages.items():
            target = expected_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (expected_dir / "heads.json").write_text(heads, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(expected_dir.rglob("*.md"))}
    assert sorted(pages) == sorted(expected), "pages added or removed; run --update-golden"
    for path, text in pages.items():
        if text != expected[path]:
            diff = "".join(difflib.unified_diff(
                expected[path].splitlines(True), text.splitlines(True),
                f"expected/{path}", f"rendered/{path}"))
            pytest.fail(f"{path} differs from its golden copy (review, then run "
                        f"--update-golden):\n{diff}")
    expected_heads = (expected_dir / "heads.json").read_text(encoding="utf-8")
    if heads != expected_heads:
        diff = "".join(difflib.unified_diff(
            expected_heads.splitlines(True), heads.splitlines(True),
            "expected/heads.json", "rendered heads"))
        pytest.fail(f"the pages' heads differ from their golden copy (review, then run "
                    f"--update-golden):\n{diff}")


def test_every_language_gets_every_page() -> None:
    """Articles may differ in slug between languages; everything else is mirrored."""
    pages = rendered_markdown(CASES["edge"])
    de = {p.removeprefix("de/") for p in pages if p.startswith("de/")}
    en = {p.removeprefix("en/") for p in pages if p.startswith("en/")}
    assert {p for p in de if not p.startswith("articles/")} == {
        p for p in en if not p.startswith("articles/")}
    # paired.en.md and gepaart.de.md are one story; only-german.de.md gets an English notice.
    assert {p for p in de if p.startswith("articles/")} == {
        "articles/index.md", "articles/gepaart.md", "articles/only-german.md"}
    assert {p for p in en if p.startswith("articles/")} == {
        "articles/index.md", "articles/paired.md", "articles/only-german.md"}
