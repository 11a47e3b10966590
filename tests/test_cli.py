"""The briefing command, run as editors and CI run it."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, run_briefing, run_mkdocs


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


def test_the_configuration_is_read_as_mkdocs_reads_it(project: Path) -> None:
    """`!ENV` and `INHERIT` mean to `briefing` what they mean to `mkdocs build`."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_url: https://briefing.example/",
                            'site_url: !ENV [SITE_URL, "https://briefing.example/"]')
    assert "!ENV" in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {"SITE_URL": "https://deals.example.org/"}
    built = run_briefing(project, "build", env=env)
    assert built.returncode == 0, built.stderr
    page = (project / "build/markdown/en/deals/amazon-openai-investment.md").read_text("utf-8")
    assert '"canonical":"https://deals.example.org/en/deals/amazon-openai-investment/"' in page
    checked = run_briefing(project, "check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "'https://deals.example.org/' is an example address" in checked.stdout

    # Settings split over two files: the site's own, and the one it inherits.
    (project / "base.yml").write_text(config.replace("site_name: Deal-Briefing\n", ""),
                                      encoding="utf-8")
    (project / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Deal-Briefing\n"
                                        "site_url: https://briefing.example/\n",
                                        encoding="utf-8")
    inherited = run_briefing(project, "check", env=env)
    assert inherited.returncode == 0, inherited.stderr
    assert "'https://briefing.example/' is an example address" in inherited.stdout


def test_an_option_mkdocs_refuses_is_refused_by_briefing_too(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "review_after_days: 180", "review_after_days: soon"), encoding="utf-8")
    result = run_briefing(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml: not a valid MkDocs configuration:\n")
    assert "Plugin 'briefing' option 'review_after_days': expected a whole number of days" \
           in result.stderr
    build = run_mkdocs(project)
    assert build.returncode == 1
    assert "Plugin 'briefing' option 'review_after_days': expected a whole number of days" \
           in build.stderr
