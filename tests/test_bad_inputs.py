"""The bad-input corpus: every way of breaking content an editor might find, and what they see.

Each case is a folder in tests/bad_inputs/ holding ``case.yml`` (what the case breaks and
the exact messages it must give) and, where a whole file is easier to read than an edit,
a ``content/`` folder whose files are laid over the valid tree in tests/fixtures/minimal/.
``case.yml`` may hold:

- ``about``: what the case is, in one line;
- ``edit``: a list of ``{file, find, replace}``, each replacing ``find`` once in a project
  file (``file`` relative to the project, such as ``content/deals/….yml``);
- ``remove``: project files to delete;
- ``generate``: ``{file, megabytes}``, a file too large to keep in the repository;
- ``strict``: check as ``briefing check --strict`` and ``mkdocs build --strict`` do;
- ``passes``: the case gives only warnings, and the build goes ahead;
- ``rendered``: for a passing case, ``{page: [texts the page must contain]}``;
- ``subprocess``: also run ``briefing check`` and ``mkdocs build`` as editors do;
- ``expected``: every line ``briefing check`` prints about a problem, word for word; a list
  the schemas or the page registry derive is written as ``{fields of deal}`` (a record's or
  a nested mapping's fields, ``{fields of deal.parties}``), ``{choices of deal.status}`` (an
  enum, named as ``schemas.enums`` names it) or ``{reserved names}``, so that a new field,
  choice or page kind edits no expected message.

Every case starts from a project whose site and Markdown trees were built from the valid
tree; after the check and the failing build, content/, build/markdown/ and site/ must hold
exactly the bytes they held before.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import copy_built, run_briefing, run_mkdocs
from test_check_language import assert_said_in_german

from generator.build import pipeline
from generator.engine.config import load_site_config
from generator.errors import ContentError
from generator.pages import paths
from generator.schemas import SCHEMA_DIR, enums

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "bad_inputs"
MINIMAL = TESTS / "fixtures" / "minimal" / "content"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yml").is_file())
CASE_KEYS = {"about", "edit", "remove", "generate", "strict", "passes", "rendered",
             "subprocess", "expected"}


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# A list in a message that the schemas or the page registry derive (case.yml, ``expected``).
DERIVED = re.compile(r"\{(fields|choices) of ([a-z_.]+)\}|\{reserved names\}")


def _schema_node(node: Any) -> Any:
    """A schema node with its ``$ref`` (to a file of generator/schemas/) followed."""
    while isinstance(node, dict) and "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        node = json.loads((SCHEMA_DIR / file).read_text(encoding="utf-8"))
        for step in filter(None, pointer.split("/")):
            node = node[step]
    return node


def fields_of(where: str) -> list[str]:
    """The fields the schema allows at ``deal.parties``: ``deal``'s ``parties`` (entries of
    a list stand for the list), sorted as the check lists them."""
    kind, *steps = where.split(".")
    node = _schema_node({"$ref": f"{kind}.schema.json"})
    for step in steps:
        node = _schema_node(node["properties"][step])
        node = _schema_node(node.get("items", node))
    return sorted(node["properties"])


def derived(match: re.Match[str]) -> str:
    what, where = match.group(1), match.group(2)
    if what == "fields":
        return ", ".join(fields_of(where))
    if what == "choices":
        return ", ".join(str(choice) for choice in enums()[where])
    return ", ".join(paths.reserved_names())


def read_case(name: str) -> dict[str, Any]:
    case = yaml.safe_load((CORPUS / name / "case.yml").read_text(encoding="utf-8"))
    assert set(case) <= CASE_KEYS, f"{name}: unknown keys {set(case) - CASE_KEYS}"
    assert case.get("about") and isinstance(case.get("expected"), list), name
    case["expected"] = [DERIVED.sub(derived, line) for line in case["expected"]]
    return case


def apply_case(name: str, case: dict[str, Any], project: Path) -> None:
    overlay = CORPUS / name / "content"
    if overlay.is_dir():
        for source in sorted(overlay.rglob("*")):
            if source.is_file():
                target = project / "content" / source.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    for edit in case.get("edit", []):
        path = project / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["find"] in text, f"{name}: {edit['find']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["find"], edit["replace"], 1), encoding="utf-8")
    for relative in case.get("remove", []):
        (project / relative).unlink()
    if "generate" in case:
        path = project / case["generate"]["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        line = b"# padding: a content file far larger than any record needs\n"
        size = int(case["generate"]["megabytes"] * 1_000_000)
        path.write_bytes(line * (size // len(line)) + b"x" * (size % len(line)))


@pytest.fixture(scope="session")
def good_build(minimal_build: Path) -> Path:
    """The valid minimal tree, built once by a real `mkdocs build --strict` (conftest)."""
    return minimal_build


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str, good_build: Path, tmp_path: Path) -> None:
    case = read_case(name)
    strict = bool(case.get("strict"))
    project = copy_built(good_build, tmp_path / "project", site=False)
    markdown_before = snapshot(project / "build" / "markdown")
    apply_case(name, case, project)
    content_before = snapshot(project / "content")

    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    _documents, problems = pipeline.check(config)
    assert [str(p) for p in problems] == case["expected"]
    # The same problems said to a German editor: every message from the catalog, no
    # English left (test_check_language.py holds the rule for what counts as English).
    for problem in problems:
        assert_said_in_german(problem)
    failing = any(pipeline.is_failure(p, strict) for p in problems)
    assert failing != bool(case.get("passes"))

    if failing:
        with pytest.raises(ContentError) as raised:
            pipeline.build_markdown(config, strict=strict)
        # Notices inform and never fail: the error lists the rest.
        assert raised.value.problems == [p for p in problems if p.severity != "notice"]
        assert snapshot(project / "build" / "markdown") == markdown_before
    else:
        pipeline.build_markdown(config, strict=strict)
        for page, texts in case.get("rendered", {}).items():
            written = (config.markdown_dir / page).read_text(encoding="utf-8")
            for text in texts:
                assert text in written.replace("\u00a0", " "), f"{page} lacks {text!r}"
    assert snapshot(project / "content") == content_before


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in CASES if read_case(name).get("subprocess")])
def test_bad_input_as_editors_meet_it(name: str, good_build: Path, tmp_path: Path) -> None:
    """`briefing check` and `mkdocs build` as editors run them: the same list, no traceback,
    and a failing build that changes nothing."""
    case = read_case(name)
    strict = bool(case.get("strict"))
    project = tmp_path / "project"
    shutil.copytree(good_build, project, symlinks=True)
    site_before = snapshot(project / "site")
    markdown_before = snapshot(project / "build" / "markdown")
    apply_case(name, case, project)
    content_before = snapshot(project / "content")
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    _documents, problems = pipeline.check(config)
    failing = any(pipeline.is_failure(p, strict) for p in problems)

    flags = ["--strict"] if strict else []
    check = run_briefing(project, "check", *flags)
    assert "Traceback" not in check.stderr
    if failing:
        count = sum(pipeline.is_failure(p, strict) for p in problems)
        summary = f"{count} problem{'s' if count != 1 else ''} must be fixed."
        assert check.returncode == 1
        assert check.stderr.splitlines() == case["expected"] + [summary]
        build = run_mkdocs(project, *flags)
        assert build.returncode == 1
        assert "Traceback" not in build.stderr
        # The same list as the command line, every problem, then what was (not) done.
        report = ContentError([p for p in problems if p.severity != "notice"]).report()
        assert report in build.stderr
        assert snapshot(project / "site") == site_before
        assert snapshot(project / "build" / "markdown") == markdown_before
    else:
        assert check.returncode == 0, check.stderr
        assert check.stderr.splitlines() == case["expected"]
    assert snapshot(project / "content") == content_before
