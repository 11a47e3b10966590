"""Quick starts: `briefing new …` writes skeletons that fail the check only for what is left
to fill in, and pass it once every TODO is filled; records name their schema for editors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, copy_project, fixture_config, run_briefing, run_mkdocs

# The minimal fixture's languages (its own mkdocs.yml), which the skeletons are written in.
LANGUAGES = fixture_config(MINIMAL).languages
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", content=MINIMAL)


def new(project: Path, *args: str) -> Path:
    result = run_briefing(project, "new", *args)
    assert result.returncode == 0, result.stderr
    written = re.match(r"Wrote (\S+): fill in every field marked TODO", result.stdout)
    assert written, result.stdout
    return project / written.group(1)


def fill(path: Path, companies: tuple[str, ...] = ("acme", "globex"),
         body: str | None = None) -> None:
    """Fill a skeleton as an editor would: every TODO replaced by a real value."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"TODO: ([^"]*)"', lambda m: f'"{m.group(1)[:1].upper()}{m.group(1)[1:]}"',
                  text)
    text = text.replace("TODO-YYYY-MM-DD", "2025-06-02")
    for company in companies:
        text = text.replace("TODO-company-id", company, 1)
    if body is not None:
        text = text[: text.rindex("---\n") + 4] + "\n" + body + "\n"
    path.write_text(text, encoding="utf-8")
    assert "TODO" not in re.sub(r"#.*", "", text.split("\n---\n")[0])


def check(project: Path) -> list[str]:
    result = run_briefing(project, "check", "--strict")
    return result.stderr.splitlines()


def test_an_unfilled_deal_skeleton_says_only_what_is_left_to_fill(project: Path) -> None:
    path = new(project, "deal", "acme-globex-cloud")
    lines = check(project)
    assert lines[-1] == f"{len(lines) - 1} problems must be fixed."
    assert {line.split(": ", 2)[-1] for line in lines[:-1]} == {"still says TODO (fill it in)"}
    todo_lines = [i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                  if re.search(r"TODO(?!:? ?[a-z ,]*$)", line.split("#")[0])]
    assert sorted({int(line.split(":")[1]) for line in lines[:-1]}) == todo_lines


def test_a_filled_deal_skeleton_passes_the_check(project: Path) -> None:
    path = new(project, "deal", "acme-globex-cloud")
    assert path == project / "content" / "deals" / "acme-globex-cloud.yml"
    fill(path)
    assert check(project) == []


def test_a_filled_company_skeleton_passes_the_check(project: Path) -> None:
    path = new(project, "company", "initech")
    assert path.read_text("utf-8").startswith(
        "# yaml-language-server: $schema=../../generator/schemas/company.schema.json\n")
    fill(path)
    assert check(project) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_filled_article_skeleton_passes_the_check(project: Path, lang: str) -> None:
    path = new(project, "article", "acme-outlook", "--lang", lang)
    assert path == project / "content" / "articles" / f"acme-outlook.{lang}.md"
    text = path.read_text("utf-8")
    assert "author: desk" in text  # an author the site has
    assert f"    language: {lang}" in text
    fill(path, body="Acme plant mehr [@first-source].")
    assert check(project) == []


def test_an_article_skeleton_without_authors_says_so(project: Path) -> None:
    for author in (project / "content" / "authors").iterdir():
        author.unlink()
    path = new(project, "article", "acme-outlook", "--lang", "de")
    assert "author: TODO-author-id  # a file in content/authors/" in path.read_text("utf-8")


@pytest.mark.slow
def test_a_newcomer_adds_a_company_and_a_deal_and_sees_it_in_both_languages(
        project: Path) -> None:
    """The README's "Add a deal" steps, as a newcomer follows them."""
    company = new(project, "company", "initech")
    fill(company)
    deal = new(project, "deal", "initech-acme-partnership")
    fill(deal, companies=("acme", "initech"))
    text = deal.read_text("utf-8").replace("kind: equity-investment", "kind: partnership")
    text = text.replace('  de: "Schlagzeile auf Deutsch"',
                        '  de: "Initech und Acme arbeiten zusammen"')
    text = text.replace('  en: "Headline in English"', '  en: "Initech and Acme team up"')
    deal.write_text(text, encoding="utf-8")
    assert check(project) == []
    build = run_mkdocs(project, "--strict")
    assert build.returncode == 0, build.stderr
    german = (project / "site/de/deals/initech-acme-partnership/index.html").read_text("utf-8")
    english = (project / "site/en/deals/initech-acme-partnership/index.html").read_text("utf-8")
    assert "Initech und Acme arbeiten zusammen" in german
    assert "Initech and Acme team up" in english
    assert "Initech and Acme team up" in (project / "site/en/deals/index.html").read_text("utf-8")
    assert "initech" in (project / "site/de/companies/index.html").read_text("utf-8")


def schema_of(record: Path, placed_in: Path) -> Path:
    """The schema a record's first line names, resolved as if the record lay in ``placed_in``."""
    first = record.read_text("utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{record} does not start with a schema line"
    return (placed_in / match.group(1)).resolve()


KINDS = {"deals": "deal", "companies": "company", "authors": "author"}


def test_every_record_names_its_schema_for_yaml_editors(project: Path) -> None:
    trees = [ROOT / "content", MINIMAL, *sorted((ROOT / "tests" / "golden").glob("*/content"))]
    records = [(tree, p) for tree in trees for p in sorted(tree.glob("*/**/*.yml"))]
    assert len(records) > 20
    for tree, record in records:
        kind = KINDS[record.relative_to(tree).parts[0]]
        schema = schema_of(record, record.parent)
        assert schema == ROOT / "generator" / "schemas" / f"{kind}.schema.json", record
    # Skeletons name it as seen from where they are written.
    for args in (("deal", "acme-globex-cloud"), ("company", "initech")):
        written = new(project, *args)
        folder = written.parent.relative_to(project / "content")
        schema = schema_of(written, ROOT / "content" / folder)
        assert schema == ROOT / "generator" / "schemas" / f"{args[0]}.schema.json"
