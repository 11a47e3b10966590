"""A failed build changes nothing, whatever the output folders are: ``site`` as a symbolic
link to a web root, a folder in ``site/`` that cannot be changed, a disk that fills up
while the second language's Markdown is written. Each fault is a real one of the system
(a link, an immutable folder, a file size limit: RLIMIT_FSIZE, under which a write fails
with EFBIG as on a full disk), in a real `mkdocs build` or `briefing build` process. After
each: the last good site/ and every language's Markdown tree hold the bytes they held, no
site.old, *.new or *.old is left, and the next build, once the fault is gone, succeeds."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import TODAY, copy_built, run_mkdocs

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "minimal" / "content"
DEAL = "content/deals/acme-globex-investment.yml"
ARTICLE = "content/articles/acme-globex.en.md"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir()
                  if p.name.endswith((".old", ".new")))


def env() -> dict[str, str]:
    values = dict(os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    values.pop("SOURCE_DATE_EPOCH", None)
    return values


def _file_size_limit(size: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def run(project: Path, *command: str, limit: int | None = None,
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=project, env=env(),
                          check=False, capture_output=True, text=True, timeout=300,
                          preexec_fn=_file_size_limit(limit) if limit else None)


@pytest.fixture
def built(minimal_build: Path, tmp_path: Path) -> Path:
    return copy_built(minimal_build, tmp_path / "project", site=True)


def change_the_deal(project: Path) -> None:
    deal = project / DEAL
    deal.write_text(deal.read_text(encoding="utf-8").replace("Acme invests in Globex",
                                                             "Acme invests in Globex now"),
                    encoding="utf-8")


def test_a_site_linked_to_a_web_root_is_written_through_the_link(built: Path) -> None:
    web_root = built.parent / "www" / "html"
    web_root.parent.mkdir()
    shutil.move(built / "site", web_root)
    (built / "site").symlink_to(web_root)
    change_the_deal(built)
    for _build in range(2):  # and again: nothing of the first is in the second's way
        result = run_mkdocs(built)
        assert result.returncode == 0, result.stderr
        assert (built / "site").is_symlink() and (built / "site").resolve() == web_root
        assert leftovers(built, web_root.parent) == []
    page = web_root / "en" / "deals" / "acme-globex-investment" / "index.html"
    assert "Acme invests in Globex now" in page.read_text(encoding="utf-8")


@contextmanager
def immutable(folder: Path) -> Iterator[None]:
    """``folder`` made immutable (chattr +i): not even root may change what is in it, as
    a read-only folder is for anyone else (the suite runs as root, whom mode bits do not
    stop)."""
    made = subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_folder_of_the_site_that_cannot_be_changed_leaves_everything(built: Path) -> None:
    site, markdown = snapshot(built / "site"), snapshot(built / "build" / "markdown")
    change_the_deal(built)
    locked = built / "site" / "en" / "assets"
    with immutable(locked):
        result = run_mkdocs(built)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (f"could not write {built / 'site'}: a folder in it cannot be changed "
                f"(read-only or immutable: make it writable, then build again) ({locked}); "
                f"{built / 'site'} is as it was") in result.stderr
        assert snapshot(built / "site") == site
        assert snapshot(built / "build" / "markdown") == markdown
        assert leftovers(built, built / "build" / "markdown") == []
    result = run_mkdocs(built)
    assert result.returncode == 0, result.stderr
    assert leftovers(built, built / "build" / "markdown") == []
    assert snapshot(built / "site") != site


@pytest.mark.parametrize("command", [("mkdocs", "build"), ("generator", "build")])
def test_a_full_disk_while_english_is_written_leaves_the_german_tree_too(
        built: Path, command: tuple[str, ...]) -> None:
    """The German pages fit, the English article does not: German is written (and was
    put in place before every language was), then English fails."""
    site, markdown = snapshot(built / "site"), snapshot(built / "build" / "markdown")
    change_the_deal(built)
    article = built / ARTICLE
    long_read = "\n\n".join(["Globex grows, and Acme invests in it, as the report says."] * 600)
    article.write_text(article.read_text(encoding="utf-8") + "\n" + long_read + "\n",
                       encoding="utf-8")
    result = run(built, *command, limit=30_000)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "File too large" in result.stderr and "/en" in result.stderr
    assert snapshot(built / "build" / "markdown") == markdown
    assert snapshot(built / "site") == site
    assert leftovers(built, built / "build" / "markdown") == []
    result = run(built, *command)
    assert result.returncode == 0, result.stderr
    assert snapshot(built / "build" / "markdown") != markdown
    assert leftovers(built, built / "build" / "markdown") == []
