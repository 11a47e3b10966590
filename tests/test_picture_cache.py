"""Pictures kept by what they show between builds (build/picture_cache.py): a clean build
whose cache folder was kept (by CI's cache, say) draws no picture whose words did not
change, publishes the same bytes, and leaves the folder holding this build's pictures
only; a damaged kept file is drawn again; the folder may not be one of the project's own."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SAMPLE_CONFIG, copy_project

from generator.build import pipeline
from generator.build.picture_cache import PictureCache
from generator.engine.config import load_site_config
from generator.errors import ConfigError
from generator.pages import social_image


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The headline of every picture drawn from now on."""
    headlines: list[str] = []
    draw = social_image.preview_png

    def counted(**words: str) -> bytes:
        headlines.append(words["headline"])
        return draw(**words)
    monkeypatch.setattr(social_image, "preview_png", counted)
    return headlines


def sample(tmp_path: Path) -> pipeline.SiteConfig:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONFIG.content_dir, content)
    return replace(SAMPLE_CONFIG, content_dir=content, markdown_dir=tmp_path / "markdown",
                   picture_cache=tmp_path / "cache")


def pictures_in(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in tree(folder).items() if path.endswith(".png")}


def test_a_clean_build_with_the_pictures_kept_draws_none(tmp_path: Path,
                                                         drawn: list[str]) -> None:
    config = sample(tmp_path)
    pipeline.build_markdown(config)
    first = pictures_in(config.markdown_dir)
    deals = len(list((config.content_dir / "deals").glob("*.yml")))
    assert len(first) == deals * len(config.languages) == len(drawn) > 0
    assert config.picture_cache is not None
    assert len(list(config.picture_cache.glob("*/*.png"))) == len(first)

    shutil.rmtree(config.markdown_dir)  # a fresh checkout, its CI cache restored
    drawn.clear()
    pipeline.build_markdown(config)
    assert drawn == []
    assert pictures_in(config.markdown_dir) == first  # the same bytes

    # Without the cache, the same build draws them all.
    shutil.rmtree(config.markdown_dir)
    pipeline.build_markdown(replace(config, picture_cache=None))
    assert len(drawn) == len(first)


def test_a_changed_headline_draws_its_picture_and_the_old_one_leaves_the_cache(
        tmp_path: Path, drawn: list[str]) -> None:
    config = sample(tmp_path)
    assert config.picture_cache is not None
    pipeline.build_markdown(config)
    kept_before = {p.name for p in (config.picture_cache / "de").glob("*.png")}
    english_before = {p.name for p in (config.picture_cache / "en").glob("*.png")}
    deal = config.content_dir / "deals" / "amazon-openai-investment.yml"
    text = deal.read_text("utf-8")
    assert "  de: Amazon investiert" in text
    deal.write_text(text.replace("  de: Amazon investiert", "  de: Neu – Amazon investiert",
                                 1), "utf-8")
    shutil.rmtree(config.markdown_dir)
    drawn.clear()
    pipeline.build_markdown(config)
    assert len(drawn) == 1 and drawn[0].startswith("Neu – Amazon investiert")
    kept_after = {p.name for p in (config.picture_cache / "de").glob("*.png")}
    assert len(kept_after) == len(kept_before)  # one in, the one no page shows out
    assert len(kept_after - kept_before) == 1
    assert {p.name for p in (config.picture_cache / "en").glob("*.png")} == english_before


def test_a_damaged_kept_picture_is_drawn_again(tmp_path: Path, drawn: list[str]) -> None:
    config = sample(tmp_path)
    assert config.picture_cache is not None
    pipeline.build_markdown(config)
    first = pictures_in(config.markdown_dir)
    kept = sorted((config.picture_cache / "en").glob("*.png"))
    kept[0].write_bytes(kept[0].read_bytes()[:100])  # cut short, as by a killed copy
    kept[1].write_bytes(b"")
    shutil.rmtree(config.markdown_dir)
    drawn.clear()
    pipeline.build_markdown(config)
    assert len(drawn) == 2
    assert pictures_in(config.markdown_dir) == first
    assert kept[0].read_bytes().startswith(b"\x89PNG") and len(kept[0].read_bytes()) > 1000


def test_the_cache_removes_only_pictures_it_made(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "de"
    folder.mkdir(parents=True)
    mine = folder / f"{'a' * 64}.png"
    half = folder / f".{'b' * 64}.png.1234"
    theirs = [folder / "notes.txt", folder / "a.png", folder / f"{'c' * 64}.png.bak"]
    for path in [mine, half, *theirs]:
        path.write_bytes(b"x")
    PictureCache(folder).keep_only([])
    assert not mine.exists() and not half.exists()
    assert all(path.exists() for path in theirs)


@pytest.mark.parametrize("folder", ["content", "content/images", "templates",
                                    "build/markdown", "build", ".", ""])
def test_the_cache_may_not_be_a_folder_of_the_project(tmp_path: Path, folder: str) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    anchor = "      collapse_whitespace:"
    option = f'      picture_cache: "{folder}"\n'
    if anchor in text:
        text = text.replace(anchor, option + anchor, 1)
    else:
        text = text.replace("  - briefing:\n", "  - briefing:\n" + option, 1)
    assert option in text
    config.write_text(text, "utf-8")
    if folder == "":  # no cache: allowed
        site, _mkdocs = load_site_config(config)
        assert site.picture_cache is None
        return
    with pytest.raises(ConfigError, match=r"plugins\.briefing\.picture_cache: .* lies in or "
                                          r"holds"):
        load_site_config(config)
