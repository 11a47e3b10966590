"""The briefing command, run as editors and CI run it."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, run_briefing


def test_check_passes_on_the_sample_content(project: Path) -> None:
    result = run_briefing(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    *notices, last = result.stdout.strip().splitlines()
    assert last == "Content is valid (0 warnings)."
    # Informing, never failing: the sample's placeholders, and a copy outside git.
    assert notices and all(": notice: " in line for line in notices)


def test_build_writes_both_markdown_trees_without_mkdocs(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "markdown"
    result = run_briefing(project, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "de" / "deals" / "amazon-openai-investment.md").is_file()
    assert (out / "en" / "deals" / "amazon-openai-investment.md").is_file()
    again = run_briefing(project, "build", "--out", str(out))
    assert ": 0 written, 0 removed," in again.stdout


def test_new_deal_writes_a_bilingual_skeleton_that_fails_until_filled(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = run_briefing(project, "new", "deal", "acme-widgets")
    assert result.returncode == 0, result.stderr
    skeleton = (project / "content" / "deals" / "acme-widgets.yml").read_text("utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../../generator/schemas/")
    assert "  de: " in skeleton and "  en: " in skeleton
    check = run_briefing(project, "check")
    assert check.returncode == 1
    assert "content/deals/acme-widgets.yml" in check.stderr
    assert "still says TODO (fill it in)" in check.stderr
    again = run_briefing(project, "new", "deal", "acme-widgets")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_new_refuses_ids_that_could_escape_the_folder(project: Path) -> None:
    for bad in ("../evil", "a/b", "Upper", "with space"):
        result = run_briefing(project, "new", "deal", bad)
        assert result.returncode == 1
        assert "is not a valid deal id" in result.stderr
    assert not (project / "evil.yml").exists()
