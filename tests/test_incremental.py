"""The incremental generator (pipeline.Generator kept between runs, as a preview keeps it):
after any sequence of saves its Markdown trees are, file for file, what a build from
nothing writes for the same content."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, copy_project
from edits import Editor

from generator import pipeline
from generator.config import load_site_config
from generator.errors import ContentError
from generator.render import render_site

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is a folder of scripts


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def clean_build(config: pipeline.SiteConfig) -> dict[str, bytes]:
    """What a build from nothing writes for the content as it is now."""
    content, _warnings = pipeline.prepare(config)
    return {path: text.encode("utf-8") for path, text in render_site(content, config, today=pipeline.today()).items()}


@pytest.fixture(params=["sample", "synthetic"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The sample content, and 110 synthetic deals: just over the size at which the deals
    overview lists only the newest and every year has a page of its own."""
    project = copy_project(tmp_path / "project")
    if request.param == "synthetic":
        synth.write_content(project / "content", 110)
    return project


def test_after_any_saves_the_markdown_is_what_a_clean_build_writes(project: Path) -> None:
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    first = pipeline.build_markdown(config, generator=kept)
    assert first.pages > 40
    assert tree(config.markdown_dir) == clean_build(config)
    editor = Editor(config.content_dir, seed=12, today=TODAY)
    done = []
    for _ in range(16):
        done.append(editor.step())
        if editor.broken is not None:
            before = tree(config.markdown_dir)
            with pytest.raises(ContentError):
                pipeline.build_markdown(config, generator=kept)
            assert tree(config.markdown_dir) == before, done  # the last good build stays
            continue
        pipeline.build_markdown(config, generator=kept)
        assert tree(config.markdown_dir) == clean_build(config), done
    kinds = {step.split(" ")[0] for step in done}
    assert kinds >= {"headline", "amount", "first", "updated", "new", "renamed", "article",
                     "broke", "fixed"}, done


def test_a_changed_template_renders_every_page_again(project: Path) -> None:
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    pipeline.build_markdown(config, generator=kept)
    template = config.templates_dir / "pages" / "about.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")
    built = pipeline.build_markdown(config, generator=kept)
    assert sorted(built.report.written) == [f"{lang}/about.md" for lang in config.languages]
    assert tree(config.markdown_dir) == clean_build(config)


def test_a_generator_that_keeps_nothing_is_a_clean_build(project: Path) -> None:
    config, _raw = load_site_config(project / "mkdocs.yml")
    other = replace(config, markdown_dir=project / "build" / "other")
    pipeline.build_markdown(config)
    pipeline.build_markdown(other, generator=pipeline.Generator(keep=True))
    assert tree(config.markdown_dir) == tree(other.markdown_dir) == clean_build(config)
