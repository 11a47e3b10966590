"""The languages built side by side (language_builds.py), through its three calls, without
MkDocs in the loop: a test stands in for each language's MkDocs build by writing a page
into the folder it was given."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_project

from generator.build import lock as build_lock
from generator.build.site_files import ROOT_FILES
from generator.build.write import OUTPUT_MARKER
from generator.engine import language_builds
from generator.engine.config import load_site_config
from generator.engine.language_builds import (
    JOB_VARIABLE,
    BuildFailed,
    Forked,
    Job,
    Request,
    SiteBuild,
    Spawned,
)
from generator.errors import BriefingError
from generator.settings import SiteConfig
from generator.text import formatting

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    """A full build freezes the collector for the rest of its process; not for pytest's."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    config, _mkdocs = load_site_config(project / "mkdocs.yml")
    return config


def request_for(site: SiteConfig, preview: bool = False) -> Request:
    return Request(site, site.project_dir / "site", strict=False, preview=preview,
                   config_file=site.config_file)


def build_this_language(assignment: language_builds.Assignment) -> None:
    """What MkDocs would do with the assignment: a site for that language, here one page,
    with the canonical address the home page's head (handed over as data) gives."""
    assignment.site_dir.mkdir(parents=True, exist_ok=True)
    canonical = assignment.heads.get("index.md", {}).get("canonical")
    (assignment.site_dir / "index.html").write_text(
        f"<html lang={assignment.lang}><link rel=canonical href={canonical}>", encoding="utf-8")


def lock_is_free(site: SiteConfig) -> bool:
    lock = build_lock.BuildLock(site.project_dir, 0)
    try:
        lock.acquire()
    except BriefingError:
        return False
    lock.release()
    return True


def other_language_process(build: SiteBuild, assignment: language_builds.Assignment,
                           exit_code: int = 0) -> None:
    """In a forked process of a further language: build, then end here, as `mkdocs
    build` ends after its build (never return into pytest)."""
    if build.is_other:
        if exit_code == 0:
            build_this_language(assignment)
        os._exit(exit_code)


def test_forked_languages_write_build_and_swap_in_a_whole_site(site: SiteConfig) -> None:
    build = SiteBuild(Forked())
    assignment = build.start(request_for(site))
    other_language_process(build, assignment)
    assert assignment.lang == site.default_language == "de"
    assert assignment.site_dir == site.project_dir / "site.new" / "de"
    assert assignment.docs_dir == site.markdown_dir / "de"
    assert assignment.site_url == f"{site.site_url}de/"
    for lang in site.languages:  # every language's Markdown, each written by its process
        assert (site.markdown_dir / lang / "deals" / "acme-globex-investment.md").is_file()
    assert not lock_is_free(site)  # held from before the Markdown until site/ is in place
    build_this_language(assignment)
    build.wait()
    assert build.ready and not lock_is_free(site)
    build.stop()
    site_dir = site.project_dir / "site"
    assert sorted(p.name for p in site_dir.iterdir()) == sorted(
        [*site.languages, *ROOT_FILES, OUTPUT_MARKER])
    # Each process has the heads of its own language's pages, the forked one too.
    assert (site_dir / "en" / "index.html").read_text(encoding="utf-8") == (
        f"<html lang=en><link rel=canonical href={site.site_url}en/>")
    assert (site_dir / "de" / "index.html").read_text(encoding="utf-8") == (
        f"<html lang=de><link rel=canonical href={site.site_url}de/>")
    assert assignment.heads["deals/acme-globex-investment.md"]["canonical"] == (
        f"{site.site_url}de/deals/acme-globex-investment/")
    markdown = (site.markdown_dir / "de" / "deals" / "acme-globex-investment.md").read_text(
        encoding="utf-8")
    assert "canonical" not in markdown and "\nhead:" not in markdown  # data, not text
    assert 'hreflang="x-default"' in (site_dir / "index.html").read_text(encoding="utf-8")
    assert not (site.project_dir / "site.new").exists()
    assert lock_is_free(site)


def test_a_failed_language_leaves_the_last_good_site(site: SiteConfig) -> None:
    good = SiteBuild(Forked())
    assignment = good.start(request_for(site))
    other_language_process(good, assignment)
    build_this_language(assignment)
    good.wait()
    good.stop()
    before = {p.relative_to(site.project_dir): p.read_bytes()
              for p in (site.project_dir / "site").rglob("*") if p.is_file()}

    failing = SiteBuild(Forked())
    assignment = failing.start(request_for(site))
    other_language_process(failing, assignment, exit_code=1)
    build_this_language(assignment)
    with pytest.raises(BuildFailed, match="^the build of language en failed"):
        failing.wait()
    failing.fail()  # as MkDocs calls on_build_error, then on_shutdown
    failing.stop()
    after = {p.relative_to(site.project_dir): p.read_bytes()
             for p in (site.project_dir / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not (site.project_dir / "site.new").exists()
    assert lock_is_free(site)


def test_a_build_waits_for_the_lock_and_gives_up_without_changing_anything(
        site: SiteConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(build_lock.TIMEOUT_VARIABLE, "0")
    holder = build_lock.BuildLock(site.project_dir, 0)
    holder.acquire()
    try:
        with pytest.raises(build_lock.BuildBusy, match="another build is running"):
            SiteBuild(Forked()).start(request_for(site))
    finally:
        holder.release()
    assert not site.markdown_dir.exists() and not (site.project_dir / "site.new").exists()


def test_a_spawned_process_builds_the_language_its_job_names(
        site: SiteConfig, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What crosses to a `mkdocs build` process of a further language: one variable, and
    the file of its pages' heads that its parent wrote."""
    heads_file = tmp_path / "en.json"
    heads = {"index.md": {"canonical": "http://127.0.0.1:8000/en/", "meta": []}}
    heads_file.write_text(json.dumps(heads), encoding="utf-8")
    job = Job("en", str(tmp_path / "preview"), "http://127.0.0.1:8000/", str(heads_file))
    assert Job(**json.loads(job.to_environment())) == job
    monkeypatch.setenv(JOB_VARIABLE, job.to_environment())
    build = SiteBuild()
    assignment = build.start(request_for(site, preview=True))
    assert build.is_other
    assert assignment.heads == heads
    assert (assignment.lang, assignment.site_dir) == ("en", tmp_path / "preview" / "en")
    assert assignment.site_url == "http://127.0.0.1:8000/en/"  # its parent's address
    assert assignment.site.site_url == "http://127.0.0.1:8000/"
    assert lock_is_free(site)  # its parent holds the lock, and writes everything
    assert not site.markdown_dir.exists()
    build.wait()
    build.stop()
    assert not (tmp_path / "preview" / "index.html").exists()


@pytest.mark.slow
def test_a_preview_spawns_a_real_build_per_further_language(site: SiteConfig) -> None:
    """`mkdocs serve`: every language's Markdown here, a `mkdocs build` process for the
    others, the root page once they are done, and the lock only for the rebuild."""
    preview_dir = site.project_dir / "preview"
    build = SiteBuild(Spawned())
    request = Request(site, preview_dir, strict=True, preview=True,
                      config_file=site.config_file)
    for _rebuild in range(2):  # a preview rebuilds with the same object
        assignment = build.start(request)
        assert (assignment.lang, assignment.site_dir) == ("de", preview_dir / "de")
        build_this_language(assignment)
        build.wait()
        assert lock_is_free(site)
    english = preview_dir / "en" / "deals" / "acme-globex-investment" / "index.html"
    assert '<html lang="en"' in english.read_text(encoding="utf-8")
    # Its head came as data, through a file its parent wrote and removes when done.
    assert (f'<link rel="canonical" href="{site.site_url}en/deals/acme-globex-investment/">'
            in english.read_text(encoding="utf-8"))
    assert (preview_dir / "index.html").is_file()
    heads_dir = build.others.heads_dir if isinstance(build.others, Spawned) else None
    assert heads_dir is not None and heads_dir.is_dir()
    build.stop()
    assert not heads_dir.exists()
    assert preview_dir.exists()  # a preview's folder is the server's, never swapped


def test_memory_is_released_through_the_pipeline() -> None:
    formatting.amount_text(5_000_000_000, "USD", "de")
    assert formatting.amount_text.cache_info().currsize > 0
    language_builds.release_memory()
    assert formatting.amount_text.cache_info().currsize == 0
