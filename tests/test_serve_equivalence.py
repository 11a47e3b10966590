"""Never stale: after any sequence of saves under plain `mkdocs serve`, the site it serves is,
file for file, the site a clean `mkdocs build` makes of the same content.

The comparison holds for every file of both: each page, the search indexes (Pagefind's,
updated after the reload: the test waits for each language's "up to date"), the sitemaps
and their gzip copies, feeds, open data, theme assets, the root page. Left out, and why:

- `.briefing-output`, the marker `mkdocs build` leaves in the site it swaps in whole (it
  tells a later build that the folder is this project's); a preview writes into the
  server's own folder and swaps nothing.
- The live-reload script, which MkDocs' server adds to each HTML page as it sends it: it is
  in no file.
- The address: serve gives the site its own (http://127.0.0.1:<port>/), so the clean build
  is made with that `site_url`, as every canonical, hreflang and feed address depends on it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import small_site
from bs4 import BeautifulSoup
from conftest import ROOT, TODAY, copy_project
from edits import Editor

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is a folder of scripts

pytestmark = pytest.mark.slow  # a real `mkdocs serve` and real builds

MARKER = ".briefing-output"
BUILT = re.compile(r"briefing: preview of [\w, ]+ built in")
FAILED = "An error happened during the rebuild"
STARTED = "Building documentation..."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **extra)
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


# `mkdocs serve` with Ctrl-C (SIGINT) heard as at a terminal. A shell starts a background job
# with it ignored, every process below inherits that, and Python then never turns it into
# KeyboardInterrupt: serve would not stop, or clean up, when ``stop`` asks it to (CI run as
# `.ci/run &`).
SERVE = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
         "sys.argv = ['mkdocs', *sys.argv[1:]]; runpy.run_module('mkdocs', run_name='__main__')")


class Served:
    """`mkdocs serve` of a project, its log, and the folder it serves from."""

    def __init__(self, project: Path, port: int, temporary: Path, **env: str):
        temporary.mkdir()
        self.temporary = temporary
        self.log_path = project.parent / "serve.log"
        self.log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=environment(TMPDIR=str(temporary), **env), stdout=self.log,
            stderr=subprocess.STDOUT)

    def text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def counts(self) -> tuple[int, int, int]:
        """Builds started, built, failed."""
        text = self.text()
        return text.count(STARTED), len(BUILT.findall(text)), text.count(FAILED)

    def wait_for(self, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve ended:\n{self.text()[-4000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {needle!r} in {timeout} s:\n{self.text()[-4000:]}")
            time.sleep(0.05)

    def served(self) -> Path:
        found = list(self.temporary.glob("mkdocs_*"))
        assert len(found) == 1, found
        return found[0]

    def settled(self, finished_before: int, timeout: float = 300) -> tuple[int, int, int]:
        """Wait until a build after the last save has finished and none is running."""
        deadline = time.monotonic() + timeout
        while True:
            started, built, failed = self.counts()
            if built + failed > finished_before and started == built + failed:
                return started, built, failed
            if time.monotonic() > deadline:
                raise AssertionError(f"no build finished:\n{self.text()[-4000:]}")
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve ended:\n{self.text()[-4000:]}")
            time.sleep(0.05)

    def search_settled(self, languages: tuple[str, ...] = ("de", "en"),
                       timeout: float = 300) -> None:
        """Wait until each language's search holds every page built so far: its last
        "up to date" line after its last "being updated" one (pagefind_search.KeptSearch
        prints them in that order). The pages reload before the search is updated."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            for lang in languages:
                if f"briefing: search ({lang}) could not be updated" in text:
                    raise AssertionError(f"search of {lang} failed:\n{text[-4000:]}")
            if all(text.rfind(f"briefing: search ({lang}) up to date") >
                   text.rfind(f"briefing: search ({lang}) being updated") >= 0
                   for lang in languages):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"search not up to date in {timeout} s:\n{text[-4000:]}")
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve ended:\n{text[-4000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # as Ctrl-C: serve cleans up
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def clean_build(project: Path, work: Path, site_url: str, **env: str) -> dict[str, bytes]:
    """`mkdocs build` of the project's content as it is now, at serve's address; ``env``:
    further environment variables, as serve had them."""
    shutil.rmtree(work, ignore_errors=True)
    copy = copy_project(work, content=project / "content")
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", text),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=copy,
                            env=environment(**env), capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return files(copy / "site")


def differences(served: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    return sorted({*served, *clean} - {p for p in served.keys() & clean.keys()
                                       if served[p] == clean[p]})


@pytest.mark.parametrize("content", ["sample", "synthetic"])
def test_the_served_site_is_a_clean_build_after_any_saves(content: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    lowered: dict[str, str] = {}
    if content == "synthetic":  # every listing's large shape (tests/small_site.py)
        synth.write_content(project / "content", small_site.DEALS)
        lowered = small_site.lowered_environment(tmp_path / "lowered")
    port = free_port()
    serve = Served(project, port, tmp_path / "serve-tmp", **lowered)
    try:
        serve.wait_for("Serving on", timeout=600)
        serve.search_settled()
        last_good = files(serve.served())
        if lowered:  # the served site has the large shapes: the deals overview by year
            assert [p for p in last_good
                    if re.fullmatch(r"de/deals/year/\d{4}/index\.html", p)], sorted(last_good)
        editor = Editor(project / "content", seed=14 if content == "sample" else 7,
                        today=TODAY)
        done: list[str] = []
        checks = 0
        steps = 20 if content == "sample" else 13
        for step in range(steps):
            _started, built, failed = serve.counts()
            done.append(editor.step())
            started, built_now, failed_now = serve.settled(built + failed)
            if editor.broken is not None:
                assert failed_now > failed, done  # the broken record fails the rebuild
                # ... saying where: file:line:column, and the field or what is wrong there
                name = re.escape(editor.broken[0].name)
                assert re.search(rf"content/deals/{name}:\d+:\d+: (status: |YAML syntax)",
                                 serve.text()), serve.text()[-3000:]
                # ... and leaves the last good site served, untouched
                assert files(serve.served()) == last_good, done
            else:
                assert built_now > built, done
                serve.search_settled()  # the search follows the reload
                last_good = files(serve.served())
                # Accepted only if no build ran while the files were read.
                assert serve.counts()[0] == started, "a build ran while the files were read"
            if (step % 5 == 4 or step == steps - 1) and editor.broken is None:
                clean = clean_build(project, tmp_path / "clean", f"http://127.0.0.1:{port}/",
                                    **lowered)
                assert len(clean) > 100
                assert differences(last_good, clean) == [], done
                checks += 1
        assert checks >= 2
        kinds = {step.split(" ")[0] for step in done}
        assert kinds >= {"headline", "amount", "first", "updated", "source", "new", "deleted",
                         "renamed", "article", "glossary", "topics:", "broke", "fixed"}, done
    finally:
        serve.stop()
    assert not list((tmp_path / "serve-tmp").iterdir()), "serve left its folders behind"


def served_page(port: int, path: str) -> BeautifulSoup:
    """A page as the server sends it."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30) as response:
        return BeautifulSoup(response.read().decode("utf-8"), "html.parser")


def test_a_changed_catalog_changes_the_theme_words_served(tmp_path: Path) -> None:
    """The theme's own words (the footer of every page, the 404 page: theme_words.py) are
    given to each language's process when it starts: a saved catalog starts them anew."""
    project = copy_project(tmp_path / "project")
    # The catalogs are part of the package: serve runs a copy of it, found first on
    # PYTHONPATH, whose catalog this test may change.
    code = tmp_path / "code"
    shutil.copytree(ROOT / "generator", code / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    catalog = code / "generator" / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    before = catalog.read_text(encoding="utf-8")
    words = {("About", "Über uns"): "Über diese Seiten",  # the footer's first link
             ("Page not found", "Seite nicht gefunden"): "Diese Seite gibt es nicht"}
    after = before
    for (msgid, old), new in words.items():
        entry = f'msgid "{msgid}"\nmsgstr "{old}"\n'
        assert after.count(entry) == 1, entry
        after = after.replace(entry, f'msgid "{msgid}"\nmsgstr "{new}"\n')
    port = free_port()
    serve = Served(project, port, tmp_path / "serve-tmp", PYTHONPATH=str(code))
    try:
        serve.wait_for("Serving on", timeout=600)
        # Serve watches the copy's catalogs, not the project's own.
        assert f"'{catalog.parents[2]}'" in serve.text(), serve.text()[-2000:]
        footer = served_page(port, "de/").select_one("nav.site-footer")
        assert footer is not None and "Über uns" in footer.get_text()
        assert served_page(port, "de/404.html").h1.get_text(strip=True) == "Seite nicht gefunden"

        _started, built, failed = serve.counts()
        saving = code / ".messages.po.saving"  # saved as an editor's program saves
        saving.write_text(after, encoding="utf-8")
        os.replace(saving, catalog)
        _started, built_now, failed_now = serve.settled(built + failed)
        assert built_now > built and failed_now == failed, serve.text()[-3000:]

        for path in ("de/", "de/deals/"):
            footer = served_page(port, path).select_one("nav.site-footer")
            assert footer is not None, path
            links = [a.get_text(strip=True) for a in footer.select("a")]
            assert links[0] == "Über diese Seiten" and "Über uns" not in links, (path, links)
        not_found = served_page(port, "de/404.html")
        assert not_found.h1.get_text(strip=True) == "Diese Seite gibt es nicht"
        assert "Seite nicht gefunden" not in not_found.get_text()
        assert "Page not found" in served_page(port, "en/404.html").get_text()

        # And what is served is what a clean build makes with the changed catalog.
        serve.search_settled()
        clean = clean_build(project, tmp_path / "clean", f"http://127.0.0.1:{port}/",
                            PYTHONPATH=str(code))
        assert len(clean) > 100
        assert differences(files(serve.served()), clean) == []
    finally:
        serve.stop()
