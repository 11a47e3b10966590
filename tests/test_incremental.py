"""The incremental generator (pipeline.Generator kept between runs, as a preview keeps it):
after any sequence of saves its Markdown trees are, file for file, what a build from
nothing writes for the same content, and so are the pages' heads it keeps for MkDocs."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import small_site
from conftest import ROOT, TODAY, copy_project
from edits import Editor

from generator.build import pipeline
from generator.build.write import PICTURE_KEYS
from generator.engine.config import load_site_config
from generator.errors import ContentError
from generator.render.renderer import render_site

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is a folder of scripts


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def clean_build(config: pipeline.SiteConfig) -> dict[str, bytes]:
    """What a build from nothing writes for the content as it is now."""
    content, _warnings = pipeline.prepare(config)
    pages = render_site(content, config, today=pipeline.today())
    return {path: page.encode("utf-8") if isinstance(page, str) else
            page if isinstance(page, bytes) else page.data  # a picture, drawn
            for path, page in pages.items()}


def clean_heads(config: pipeline.SiteConfig) -> dict[str, dict[str, object]]:
    """The head of every page a build from nothing makes, by language, then path."""
    heads = pipeline.generate(config).heads
    return {lang: {path.removeprefix(f"{lang}/"): head for path, head in heads.items()
                   if path.startswith(f"{lang}/")} for lang in config.languages}


# The synthetic site is small but shaped like a large one (tests/small_site.py: the
# listings' limits lowered): 110 deals at the real limits took 101 s of the whole suite for
# the first test alone, 30 deals show the same shapes in a fraction. It stays in the whole
# suite (`slow`); the quick run keeps every save on the sample.
@pytest.fixture(params=["sample", pytest.param("synthetic", marks=pytest.mark.slow)])
def project(request: pytest.FixtureRequest, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample content, and a synthetic site past the sizes at which the deals overview
    lists only the newest, every year has a page of its own, a company's deals and the
    sources index are paged."""
    project = copy_project(tmp_path / "project")
    if request.param == "synthetic":
        small_site.lower_in_process(monkeypatch)
        synth.write_content(project / "content", small_site.DEALS)
    return project


def test_after_any_saves_the_markdown_is_what_a_clean_build_writes(project: Path) -> None:
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    first = pipeline.build_markdown(config, generator=kept)
    assert first.pages > 40
    assert tree(config.markdown_dir) == clean_build(config)
    assert kept.heads == clean_heads(config)
    editor = Editor(config.content_dir, seed=12, today=TODAY)
    done = []
    for _ in range(16):
        done.append(editor.step())
        if editor.broken is not None:
            before, heads_before = tree(config.markdown_dir), kept.heads
            with pytest.raises(ContentError):
                pipeline.build_markdown(config, generator=kept)
            assert tree(config.markdown_dir) == before, done  # the last good build stays
            assert kept.heads == heads_before, done
            continue
        pipeline.build_markdown(config, generator=kept)
        assert tree(config.markdown_dir) == clean_build(config), done
        assert kept.heads == clean_heads(config), done
    kinds = {step.split(" ")[0] for step in done}
    assert kinds >= {"headline", "amount", "first", "updated", "source", "new", "renamed",
                     "article", "glossary", "topics:", "broke", "fixed"}, done


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


def test_a_changed_picture_in_content_images_is_published_again(tmp_path: Path) -> None:
    """An article's picture is another file than the article: a save of the picture alone
    (the article unchanged) reaches the site, and a picture taken out of the article goes."""
    from PIL import Image

    project = copy_project(tmp_path / "project", ROOT / "tests" / "golden" / "edge" / "content")
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    pipeline.build_markdown(config, generator=kept)
    picture = config.content_dir / "images" / "test-bars.png"
    published = [f"{lang}/images/test-bars.png" for lang in config.languages]
    assert all((config.markdown_dir / path).read_bytes() == picture.read_bytes()
               for path in published)
    with Image.open(picture) as image:
        size = image.size
    Image.new("RGB", size, (200, 30, 30)).save(picture)
    built = pipeline.build_markdown(config, generator=kept)
    assert sorted(built.report.written) == published  # the article's text is the same
    assert tree(config.markdown_dir) == clean_build(config)
    assert all((config.markdown_dir / path).read_bytes() == picture.read_bytes()
               for path in published)

    picture.unlink()  # the check refuses an article naming a picture that is not there
    with pytest.raises(ContentError, match="test-bars.png"):
        pipeline.build_markdown(config, generator=kept)
    Image.new("RGB", size, (30, 30, 200)).save(picture)
    pipeline.build_markdown(config, generator=kept)
    assert tree(config.markdown_dir) == clean_build(config)


def test_a_deals_preview_picture_is_drawn_again_only_when_its_words_change(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    editor = Editor(config.content_dir, seed=3, today=TODAY)
    editor.count = 1
    # A new deal (a copy of another): no other record names it, so it can go at the end.
    path = config.content_dir / "deals" / editor._new_deal().removeprefix("new deal ")
    pipeline.build_markdown(config, generator=kept)
    pictures = [f"{lang}/deals/{path.stem}.png" for lang in config.languages]
    data = editor.record(path)
    data["reviewed"] = TODAY  # a review changes nothing the picture says
    editor.write_record(path, data)
    built = pipeline.build_markdown(config, generator=kept)
    assert not set(pictures) & set(built.report.written)
    data["headline"] = {lang: f"{text} (neu)" for lang, text in data["headline"].items()}
    editor.write_record(path, data)
    built = pipeline.build_markdown(config, generator=kept)
    assert set(pictures) <= set(built.report.written)
    assert tree(config.markdown_dir) == clean_build(config)
    path.unlink()  # its page and its picture go, and the picture's key with it
    built = pipeline.build_markdown(config, generator=kept)
    assert set(pictures) <= set(built.report.removed)
    assert tree(config.markdown_dir) == clean_build(config)
    for lang in config.languages:
        keys = json.loads((config.markdown_dir / lang / PICTURE_KEYS).read_text("utf-8"))
        assert f"deals/{path.stem}.png" not in keys and len(keys) >= 3


def test_the_heads_a_save_changed_are_named_for_the_preview(tmp_path: Path) -> None:
    """A page's head is not in its Markdown, so its file can stay the same bytes while its
    head changes: a preview's language process builds the pages named in
    ``changed_heads`` too (language_builds.Kept). Named are the heads a save made new or
    different, and only those."""
    project = copy_project(tmp_path / "project")
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    pipeline.build_markdown(config, generator=kept)
    for lang in config.languages:  # the first build: every page's head is new
        assert kept.changed_heads[lang] == kept.heads[lang]
    pipeline.build_markdown(config, generator=kept)  # nothing saved: nothing new
    assert kept.changed_heads == {lang: {} for lang in config.languages}
    editor = Editor(config.content_dir, seed=3, today=TODAY)
    path = min((config.content_dir / "deals").glob("*.yml"))
    data = editor.record(path)
    data["headline"] = {lang: f"{text} (neu)" for lang, text in data["headline"].items()}
    editor.write_record(path, data)
    before = {lang: dict(heads) for lang, heads in kept.heads.items()}
    built = pipeline.build_markdown(config, generator=kept)
    page = f"deals/{data['id']}.md"
    for lang in config.languages:
        assert page in kept.changed_heads[lang]
        title = next(tag["content"] for tag in kept.heads[lang][page]["meta"]
                     if tag.get("property") == "og:title")
        assert title.endswith("(neu)")
        for other, head in kept.changed_heads[lang].items():
            assert before[lang].get(other) != head == kept.heads[lang][other], other
    # The save rendered pages whose head it did not change (the companies' pages list
    # the deal under its new headline): those are not named.
    rendered = {path for path in built.report.written if path.endswith(".md")}
    named = {f"{lang}/{path}" for lang in config.languages for path in kept.changed_heads[lang]}
    assert named < rendered
    assert kept.heads == clean_heads(config)


def test_a_deal_moved_between_months_of_a_split_year_updates_the_years_counts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year whose deals are on pages per month shows each month's number of deals: a deal
    first reported in another month of the same year (the same pages, other counts)
    changes the year's page too (it once depended on the list of pages alone)."""
    project = copy_project(tmp_path / "project")
    small_site.lower_in_process(monkeypatch)
    synth.write_content(project / "content", small_site.DEALS)
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    pipeline.build_markdown(config, generator=kept)
    pages = {p.stem for p in (config.markdown_dir / "de" / "deals" / "year").glob("*.md")}
    months = sorted(name for name in pages if len(name) == 7 and name[:4] in pages)
    split = next(year for year in sorted({m[:4] for m in months})
                 if sum(m.startswith(year) for m in months) >= 2)
    first, second = [m for m in months if m.startswith(split)][:2]
    moved = next(path for path in sorted((config.content_dir / "deals").glob("*.yml"))
                 if f"timeline:\n- date: '{first}-" in path.read_text(encoding="utf-8"))
    text = moved.read_text(encoding="utf-8")
    # The first event's day stays: the timeline stays in order only if that month's
    # deal's next event comes later, which synth.py's timelines (months apart) do.
    moved.write_text(text.replace(f"timeline:\n- date: '{first}-", f"timeline:\n- date: "
                                  f"'{second}-", 1), encoding="utf-8")
    year_page = config.markdown_dir / "de" / "deals" / "year" / f"{split}.md"
    before = year_page.read_text(encoding="utf-8")
    pipeline.build_markdown(config, generator=kept)
    clean = clean_build(config)
    assert clean[f"de/deals/year/{split}.md"].decode() != before  # the counts changed
    assert tree(config.markdown_dir) == clean
