"""Hostile input and faults tried from outside: builds at once in one folder, a full disk,
an unwritable folder, content that would crash the YAML library, links out of content/,
pages that would overwrite each other. Each ends in a message and a non-zero exit, with
the last good site/ and Markdown tree as they were; none in a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY, copy_built, copy_project, run_briefing, run_mkdocs

from generator import cli
from generator.build import pipeline
from generator.build.lock import TIMEOUT_VARIABLE, BuildLock
from generator.build.write import OUTPUT_MARKER, OutputError
from generator.content.load import load_content
from generator.content.model import build_content
from generator.engine.config import load_site_config
from generator.render.renderer import DuplicatePage, render_site

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "minimal" / "content"
DEAL = "content/deals/acme-globex-investment.yml"
ARTICLE = "content/articles/acme-globex.en.md"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def busy_message(project: Path) -> str:
    return (f"another build is running in {project} (lock {project}/build/.briefing.lock); "
            f"try again when it has finished")


@pytest.fixture
def built(minimal_build: Path, tmp_path: Path) -> Path:
    return copy_built(minimal_build, tmp_path / "project", site=True)


def env(**extra: str) -> dict[str, str]:
    values = dict(os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **extra)
    values.pop("SOURCE_DATE_EPOCH", None)
    return values


# --- builds at once ------------------------------------------------------------------------

@pytest.mark.slow
def test_builds_at_once_take_turns_and_site_is_always_one_whole_build(built: Path) -> None:
    """Two, then three `mkdocs build` at once in one folder, several rounds: each exits 0 or
    says another build is running, and site/ is always one complete build."""
    whole = snapshot(built / "site")
    assert OUTPUT_MARKER in whole and any(p.startswith("de/deals/") for p in whole)
    assert any(p.startswith("en/deals/") for p in whole) and "index.html" in whole
    outcomes = set()
    # Waiting long, every build gets its turn; not waiting, the late ones give up.
    for count, wait in ((2, "60"), (3, "60"), (2, "0"), (3, "0"), (3, "0")):
        builds = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"],
                                   cwd=built, env=env(**{TIMEOUT_VARIABLE: wait}),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for _ in range(count)]
        for build in builds:
            _out, err = build.communicate(timeout=120)
            assert "Traceback" not in err
            if build.returncode == 0:
                outcomes.add("built")
            else:
                assert build.returncode == 1 and busy_message(built) in err, err
                outcomes.add("refused")
        assert snapshot(built / "site") == whole
        assert not (built / "site.new").exists() and not (built / "site.old").exists()
    assert outcomes == {"built", "refused"}


@pytest.mark.slow
def test_a_build_that_cannot_get_the_lock_changes_nothing(built: Path) -> None:
    site, markdown = snapshot(built / "site"), snapshot(built / "build" / "markdown")
    (built / DEAL).write_text((built / DEAL).read_text(encoding="utf-8").replace(
        "Acme", "Acmo"), encoding="utf-8")
    held = BuildLock(built, 0)
    held.acquire()
    try:
        for command in (["-m", "mkdocs", "build"], ["-m", "generator.cli", "build"],
                        ["-m", "generator.cli", "clean-site"]):
            result = subprocess.run([sys.executable, *command], cwd=built, check=False,
                                    env=env(**{TIMEOUT_VARIABLE: "0.2"}), capture_output=True,
                                    text=True, timeout=120)
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert busy_message(built) in result.stderr
            assert snapshot(built / "site") == site
            assert snapshot(built / "build" / "markdown") == markdown
    finally:
        held.release()


@pytest.mark.slow
def test_a_site_left_without_its_marker_is_recovered_with_clean_site(built: Path) -> None:
    """What an older version's builds at once could leave: a site/ without the marker, which
    every build then refuses to replace."""
    (built / "site" / OUTPUT_MARKER).unlink()
    refused = run_mkdocs(built)
    assert refused.returncode == 1
    assert "briefing clean-site" in refused.stderr
    cleaned = run_briefing(built, "clean-site")
    assert cleaned.returncode == 0 and cleaned.stdout == f"removed {built / 'site'}\n"
    assert run_mkdocs(built).returncode == 0
    assert (built / "site" / OUTPUT_MARKER).exists()


def test_clean_site_leaves_a_folder_that_is_not_a_site_build(built: Path) -> None:
    (built / "site" / OUTPUT_MARKER).unlink()
    (built / "site" / "thesis.md").write_text("years of work", encoding="utf-8")
    before = snapshot(built / "site")
    result = run_briefing(built, "clean-site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "does not look like a site this project built" in result.stderr
    assert snapshot(built / "site") == before


# --- a full disk, an unwritable folder -------------------------------------------------------

def _file_size_limit(size: int):  # for subprocess.run(preexec_fn=...)
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def test_a_full_disk_while_mkdocs_writes_the_site_is_a_message(built: Path) -> None:
    """Files may grow to 20 KB only (RLIMIT_FSIZE; Python ignores SIGXFSZ, so the write
    fails with EFBIG as on a full disk): the pages' Markdown is written, the site's
    JavaScript is not."""
    site, markdown = snapshot(built / "site"), snapshot(built / "build" / "markdown")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=built, env=env(),
                            check=False, capture_output=True, text=True, timeout=300,
                            preexec_fn=_file_size_limit(20_000))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"could not write {built / 'site'}: File too large (" in result.stderr
    assert f"; {built / 'site'} is as it was" in result.stderr
    assert snapshot(built / "site") == site
    assert snapshot(built / "build" / "markdown") == markdown
    assert not (built / "site.new").exists()


def test_a_full_disk_while_the_markdown_is_written_is_a_message(
        built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    markdown = built / "build" / "markdown"
    before = snapshot(markdown)
    (built / DEAL).write_text((built / DEAL).read_text(encoding="utf-8").replace(
        "Acme", "Acmo"), encoding="utf-8")
    real_write = Path.write_bytes

    def full_disk(path: Path, data: bytes) -> int:
        if ".new" in path.as_posix() and path.name != OUTPUT_MARKER:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    config, _raw = load_site_config(built / "mkdocs.yml")
    with pytest.raises(OutputError) as raised:
        pipeline.build_markdown(config)
    assert str(raised.value).startswith(f"could not write {markdown / 'de'}: "
                                        f"No space left on device ({markdown / 'de.new'}/")
    assert snapshot(markdown) == before
    assert not (markdown / "de.new").exists()
    # The command line says the same in one line, and exits 1.
    monkeypatch.chdir(built)
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"could not write {markdown / 'de'}: No space left on device")
    assert "Traceback" not in err and err.count("\n") == 1
    assert snapshot(markdown) == before


def test_an_unwritable_output_folder_is_a_message(built: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site, markdown = snapshot(built / "site"), snapshot(built / "build" / "markdown")
    (built / "notes.txt").write_text("a file where a folder should be", encoding="utf-8")
    blocked = built / "notes.txt" / "markdown"
    result = run_briefing(built, "build", "--out", "notes.txt/markdown")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"could not write {blocked}: Not a directory")
    result = run_mkdocs(built, "--site-dir", "notes.txt/site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"could not write {built / 'notes.txt' / 'site'}: Not a directory" in result.stderr
    assert snapshot(built / "site") == site
    assert snapshot(built / "build" / "markdown") == markdown

    # Permission denied (the suite runs as root, for whom no mode bit denies a write).
    def denied(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(Path, "mkdir", denied)
    monkeypatch.chdir(built)
    config, _raw = load_site_config(built / "mkdocs.yml")
    with pytest.raises(OutputError, match=r"^could not write .*: Permission denied \("):
        pipeline.build_markdown(replace(config, markdown_dir=built / "elsewhere"))
    assert snapshot(built / "build" / "markdown") == markdown


# --- content that would crash or slip through ------------------------------------------------

@pytest.mark.slow
def test_nesting_that_crashes_libyaml_is_refused_before_it_is_composed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    deep = project / "content" / "companies" / "deep.yml"
    deep.write_text("id: deep\nname: " + "[" * 100_000 + "]" * 100_000 + "\n",
                    encoding="utf-8")
    # The crash the check must not reach: libyaml's composer overflows the C stack.
    load = "import sys, yaml; yaml.CSafeLoader(open(sys.argv[1]).read()).get_single_node()"
    crash = subprocess.run([sys.executable, "-c", load, str(deep)], check=False,
                           capture_output=True, timeout=120)
    assert crash.returncode == -11  # SIGSEGV
    result = run_briefing(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "content/companies/deep.yml:2:47: YAML is nested too deeply (expected at most 40 "
        "levels of fields and lists)")


def test_symbolic_links_in_content_are_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "initech.yml").write_text(
        (MINIMAL / "companies" / "globex.yml").read_text(encoding="utf-8").replace(
            "globex", "initech"), encoding="utf-8")
    companies = project / "content" / "companies"
    (companies / "initech.yml").symlink_to(outside / "initech.yml")
    (project / "content" / "deals" / "more").symlink_to(outside, target_is_directory=True)
    (companies / ".#acme.yml").symlink_to("editor@host.1234")  # an editor's lock: skipped
    config, _raw = load_site_config(project / "mkdocs.yml")
    _documents, problems = pipeline.check(config)
    link = ("is a symbolic link; content is read only from files in content/ (expected the "
            "file itself, not a link to it)")
    assert [str(p) for p in problems] == [f"content/companies/initech.yml:1:1: {link}",
                                          f"content/deals/more:1:1: {link}"]
    assert not any(d.file.endswith("initech.yml") for d in load_content(
        config.content_dir, config.project_dir).documents)


def test_the_renderer_refuses_two_pages_at_one_address(tmp_path: Path) -> None:
    """Defence in depth: content that skipped the check (a deal named like the overview)."""
    project = copy_project(tmp_path / "project", content=MINIMAL)
    deal = project / "content" / "deals" / "acme-globex-investment.yml"
    deal.rename(deal.with_name("index.yml"))
    (project / "content" / "deals" / "index.yml").write_text(
        (MINIMAL / "deals" / "acme-globex-investment.yml").read_text(encoding="utf-8").replace(
            "id: acme-globex-investment", "id: index"), encoding="utf-8")
    for article in (project / "content" / "articles").iterdir():
        article.unlink()
    config, _raw = load_site_config(project / "mkdocs.yml")
    documents, problems = pipeline.check(config)
    assert [p.field for p in problems] == ["id"]  # the check says it first
    with pytest.raises(DuplicatePage, match="^two pages were rendered to deals/index.md; "):
        render_site(build_content(documents), config, today=pipeline.today())


def test_only_the_first_unknown_names_of_a_file_get_a_suggestion(tmp_path: Path) -> None:
    """Thousands of unknown citations once took minutes of did-you-mean searching
    (benchmarks/unknown_citations.py); after the first 20 of a file, none is searched.
    (Citations in the text: a statement's list of sources has a limit of its own.)"""
    project = copy_project(tmp_path / "project", content=MINIMAL)
    article = project / ARTICLE
    unknown = " ".join(f"[@nots-{i}]" for i in range(100))
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Our own research adds to the report [@notes].",
        f"Our own research adds to the report [@notes]. {unknown}"), encoding="utf-8")
    config, _raw = load_site_config(project / "mkdocs.yml")
    _documents, problems = pipeline.check(config)
    cites = [p.message for p in problems if "nots-" in p.message]
    assert len(cites) == 100
    assert sum("(did you mean 'notes'?)" in m for m in cites) == 20


def test_the_unknown_citations_benchmark_runs() -> None:
    """benchmarks/unknown_citations.py at a tiny size, so that it cannot rot (its figures are
    in benchmarks/README.md, not asserted). Within the 20 sources one statement may cite;
    beyond, the list's limit is the one message (tests/bad_inputs/deal-list-beyond-its-limit)."""
    script = TESTS.parent / "benchmarks" / "unknown_citations.py"
    result = subprocess.run([sys.executable, str(script), "--sources", "5", "--unknown", "10"],
                            check=False, capture_output=True, text=True, timeout=120, env=env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("5 sources, 10 unknown citations: 10 problems "
                                    "(10 with a suggestion) in ")


def test_a_content_file_that_cannot_be_read_is_a_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    real_read = Path.read_bytes

    def denied(path: Path) -> bytes:
        if path.name == "globex.yml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    config, _raw = load_site_config(project / "mkdocs.yml")
    _documents, problems = pipeline.check(config)
    assert [str(p) for p in problems] == [
        "content/companies/globex.yml:1:1: file cannot be read: Permission denied"]
