"""Safe output: the Markdown trees and the site are replaced whole or not at all, nothing
outside the generator's own output is touched, and the same content gives the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, copy_built, copy_project, run_briefing, run_mkdocs

from generator.build.lock import TIMEOUT_VARIABLE, BuildLock
from generator.build.write import OUTPUT_MARKER, OutputError, UnsafeOutput, recover, write_tree
from generator.errors import BriefingError

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "minimal" / "content"
DEAL = "content/deals/acme-globex-investment.yml"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


PICTURE_CACHE = ".cache/briefing/pictures/"


def everything_but_output(project: Path) -> dict[str, str]:
    """Every file of the project except the generator's own output and staging folders,
    and its kept pictures (build/picture_cache.py), which any build may add to: a picture
    kept is only ever the one its key names (see kept_pictures)."""
    return {path: digest for path, digest in snapshot(project).items()
            if not path.startswith(("site/", "site.new/", "site.old/", "build/markdown/",
                                    "build/markdown.new/", "build/markdown.old/",
                                    PICTURE_CACHE))}


def kept_pictures(project: Path) -> dict[str, str]:
    return {path: digest for path, digest in snapshot(project).items()
            if path.startswith(PICTURE_CACHE)}


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built(minimal_build: Path, tmp_path: Path) -> Path:
    """A minimal project with a good site and Markdown tree, and a file of the editor's own."""
    project = copy_built(minimal_build, tmp_path / "project", site=True)
    (project / "notes.txt").write_text("the editor's own file\n", encoding="utf-8")
    return project


# --- the Markdown trees (write.py) ----------------------------------------------------------

def test_write_tree_replaces_the_tree_whole(tmp_path: Path) -> None:
    out = tmp_path / "markdown"
    write_tree({"de/a.md": "eins", "de/b.md": "zwei"}, out)
    report = write_tree({"de/a.md": "eins", "de/c.md": "drei"}, out)
    assert report.written == ["de/c.md"] and report.removed == ["de/b.md"]
    assert snapshot(out).keys() == {OUTPUT_MARKER, "de/a.md", "de/c.md"}
    assert not (tmp_path / "markdown.new").exists() and not (tmp_path / "markdown.old").exists()
    again = write_tree({"de/a.md": "eins", "de/c.md": "drei"}, out)
    assert not again.changed


def test_pages_made_one_at_a_time_are_written_so_and_a_failure_leaves_the_old_tree(
        tmp_path: Path) -> None:
    """The generator hands the writer its pages as it renders them: each is written and let
    go before the next is made; a page that cannot be made leaves the tree as it was."""
    out = tmp_path / "markdown"
    made: list[str] = []

    def pages(fail_at: str | None) -> Iterator[tuple[str, str]]:
        for path, text in (("de/a.md", "eins"), ("de/b.md", "zwei"), ("de/c.md", "drei")):
            if path == fail_at:
                raise RuntimeError("the renderer failed")
            made.append(path)
            yield path, text

    report = write_tree(pages(None), out)
    assert report.written == ["de/a.md", "de/b.md", "de/c.md"] and made == report.written
    before = snapshot(out)
    with pytest.raises(RuntimeError):
        write_tree(pages("de/c.md"), out)
    assert snapshot(out) == before
    again = write_tree(pages(None), out)  # the half-made staging folder is no obstacle
    assert not again.changed and snapshot(out) == before
    assert not (tmp_path / "markdown.new").exists()


def test_a_write_that_fails_halfway_leaves_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "markdown"
    write_tree({"de/a.md": "eins", "de/b.md": "zwei"}, out)
    before = snapshot(out)
    # The second page cannot be written: its folder would be the first page's file.
    with pytest.raises(OutputError) as raised:
        write_tree({"de/a.md": "neu", "de/a.md/b.md": "kaputt"}, out)
    assert str(raised.value).startswith(f"could not write {out}: ")
    assert str(raised.value).endswith(f"; {out} is as it was")
    assert snapshot(out) == before
    assert not (tmp_path / "markdown.new").exists()  # the half-made staging folder is gone
    write_tree({"de/a.md": "neu"}, out)
    assert (out / "de" / "a.md").read_text(encoding="utf-8") == "neu"


@pytest.mark.slow
def test_two_writers_of_one_folder_take_turns(tmp_path: Path) -> None:
    """A second generator (briefing build while mkdocs serve rebuilds) waits for the first
    instead of sharing its staging folder; then it writes its own pages whole."""
    project = copy_project(tmp_path / "project", MINIMAL)
    assert run_briefing(project, "build").returncode == 0
    german = project / "build" / "markdown" / "de"
    before = snapshot(german)
    edit(project, DEAL, "Acme", "Acmo")
    held = BuildLock(project, 0)
    held.acquire()  # as a build in the middle of its work
    try:
        writer = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"],
                                  cwd=project, env=dict(os.environ, BRIEFING_TODAY=TODAY,
                                                        **{TIMEOUT_VARIABLE: "60"}),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert writer.poll() is None, writer.communicate()
        assert snapshot(german) == before
        assert not (german.parent / "de.new").exists()
    finally:
        held.release()
    _out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert snapshot(german) != before
    assert any("Acmo" in p.read_text(encoding="utf-8") for p in german.rglob("*.md"))


def test_a_replacement_cut_off_between_its_renames_is_undone(tmp_path: Path) -> None:
    out = tmp_path / "markdown"
    write_tree({"de/a.md": "eins"}, out)
    before = snapshot(out)
    # What a kill between "site -> site.old" and "site.new -> site" leaves behind.
    os.rename(out, tmp_path / "markdown.old")
    recover(out)
    assert snapshot(out) == before and not (tmp_path / "markdown.old").exists()


def test_a_folder_the_generator_did_not_make_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.md").write_text("years of work", encoding="utf-8")
    with pytest.raises(UnsafeOutput) as raised:
        write_tree({"de/a.md": "eins"}, out)
    assert isinstance(raised.value, BriefingError)
    assert "holds files this project did not write; refusing to replace it" in str(raised.value)
    assert snapshot(out) == {"thesis.md": hashlib.sha256(b"years of work").hexdigest()}


def test_folders_beside_the_output_that_are_not_ours_are_never_removed(tmp_path: Path) -> None:
    """The generator stages in <out>.new and keeps the last tree in <out>.old while it
    swaps; folders of those names that someone else made are left alone."""
    out = tmp_path / "markdown"
    write_tree({"de/a.md": "eins"}, out)
    for name in ("markdown.new", "markdown.old"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UnsafeOutput):
        write_tree({"de/a.md": "zwei"}, out)
    for name in ("markdown.new", "markdown.old"):
        assert (tmp_path / name / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "de" / "a.md").read_text(encoding="utf-8") == "eins"


def test_briefing_build_refuses_a_foreign_folder_without_a_traceback(tmp_path: Path) -> None:
    built = copy_project(tmp_path / "project", content=MINIMAL)
    foreign = built / "documents"
    foreign.mkdir()
    (foreign / "thesis.md").write_text("years of work", encoding="utf-8")
    result = run_briefing(built, "build", "--out", "documents")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (f"{foreign} holds files this project did not write; refusing to "
                             f"replace it (empty it or choose another output folder)\n")
    assert [p.name for p in foreign.iterdir()] == ["thesis.md"]


def test_mkdocs_refuses_to_replace_a_site_folder_it_did_not_make(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("hand-made", encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "holds files this project did not write; refusing to replace it" in result.stderr
    assert snapshot(project / "site") == {
        "index.html": hashlib.sha256(b"hand-made").hexdigest()}


# --- the site (the MkDocs plugin) -----------------------------------------------------------

def test_a_content_error_leaves_site_markdown_and_everything_else(built: Path) -> None:
    site, markdown, rest = (snapshot(built / "site"), snapshot(built / "build" / "markdown"),
                            everything_but_output(built))
    edit(built, DEAL, "currency: USD", "currency: USX")
    rest, pictures = everything_but_output(built), kept_pictures(built)
    assert pictures  # the last good build's
    result = run_mkdocs(built)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert snapshot(built / "site") == site
    assert snapshot(built / "build" / "markdown") == markdown
    assert everything_but_output(built) == rest
    assert kept_pictures(built) == pictures
    assert sorted(p.name for p in built.iterdir()) == [
        ".cache", "build", "content", "mkdocs.yml", "notes.txt", "site", "templates"]


def test_a_failing_english_build_leaves_the_whole_site(built: Path) -> None:
    """The German site builds, the English one fails (a template mistake that only English
    pages reach): site/ keeps the last good German and English pages alike."""
    site = snapshot(built / "site")
    edit(built, DEAL, "  en: Acme invests in Globex", "  en: Acme invests heavily in Globex")
    edit(built, "templates/theme/main.html", "{% block site_meta %}",
         "{% block site_meta %}"
         "{% if config.theme.language == 'en' %}{{ no_such_macro() }}{% endif %}")
    rest, pictures = everything_but_output(built), kept_pictures(built)
    result = run_mkdocs(built)
    assert result.returncode == 1
    assert "the build of language en failed" in result.stderr
    assert snapshot(built / "site") == site
    assert everything_but_output(built) == rest
    # The last good build's pictures stay kept (the failed build's new one beside them).
    assert kept_pictures(built).items() >= pictures.items()
    assert not (built / "site.new").exists() and not (built / "site.old").exists()


@pytest.mark.slow
def test_a_killed_build_leaves_the_last_good_site(built: Path) -> None:
    site = snapshot(built / "site")
    markdown = snapshot(built / "build" / "markdown")
    edit(built, DEAL, "  en: Acme invests in Globex", "  en: Acme invests heavily in Globex")
    rest, pictures = everything_but_output(built), kept_pictures(built)
    env = dict(os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=built,
                             env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    # Kill the build (and the language builds it started) once it writes the new site.
    deadline = time.monotonic() + 60
    while not any((built / "site.new").glob("*/index.html")):
        assert build.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()

    assert snapshot(built / "site") == site
    # Each language's Markdown tree is the old one or the complete new one, never a mixture;
    # a new one keeps the tree it replaced beside it (<lang>.old) until the site is in place,
    # so that the next build can put the old one back (a killed build cleans up nothing).
    now = snapshot(built / "build" / "markdown")
    kept = {path.split("/", 1)[0] for path in now if path.split("/", 1)[0].endswith(".old")}
    current = {p: h for p, h in now.items() if p.split("/", 1)[0] not in kept}
    assert current == markdown or (current.keys() == markdown.keys() and b"heavily" in (
        built / "build/markdown/en/deals/acme-globex-investment.md").read_bytes())
    for old_tree in kept:  # what a kept tree holds is the old tree of its language, whole
        lang = old_tree.removesuffix(".old")
        assert {p.split("/", 1)[1]: h for p, h in now.items() if p.startswith(old_tree + "/")} \
            == {p.split("/", 1)[1]: h for p, h in markdown.items() if p.startswith(lang + "/")}
    assert everything_but_output(built) == rest
    assert kept_pictures(built).items() >= pictures.items()

    again = run_mkdocs(built)
    assert again.returncode == 0, again.stderr
    assert b"heavily" in (built / "site/en/deals/acme-globex-investment/index.html").read_bytes()
    assert not (built / "site.new").exists() and not (built / "site.old").exists()
    assert not list((built / "build" / "markdown").glob("*.old"))


# --- the same content, the same bytes -------------------------------------------------------

@pytest.mark.slow
def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    """The sample site, built in two folders at two moments, by two interpreters with
    different hash seeds (so that no set's order reaches a file): every file, byte for
    byte."""
    first = copy_project(tmp_path / "first")
    second = copy_project(tmp_path / "elsewhere" / "second")
    assert run_mkdocs(first, env={"PYTHONHASHSEED": "1"}).returncode == 0
    time.sleep(1.1)  # a clock-dated file would now differ by at least a second
    assert run_mkdocs(second, env={"PYTHONHASHSEED": "2"}).returncode == 0
    for folder in ("site", "build/markdown"):
        one, two = snapshot(first / folder), snapshot(second / folder)
        assert len(one) > 20 and one == two, folder
    assert (first / "site" / "sitemap.xml.gz").is_file() or (
        first / "site" / "de" / "sitemap.xml.gz").is_file()


@pytest.mark.slow
def test_a_rebuild_without_changes_rewrites_nothing_in_the_markdown(built: Path) -> None:
    markdown = built / "build" / "markdown"
    stamps = {p: p.stat().st_mtime_ns for p in markdown.rglob("*") if p.is_file()}
    site = snapshot(built / "site")
    assert run_mkdocs(built, "--strict").returncode == 0
    assert {p: p.stat().st_mtime_ns for p in markdown.rglob("*") if p.is_file()} == stamps
    assert snapshot(built / "site") == site
    shutil.rmtree(built / "site")
    assert run_mkdocs(built, "--strict").returncode == 0
    assert snapshot(built / "site") == site
