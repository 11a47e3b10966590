"""The site's search: Pagefind's index of one language's finished pages.

Material's search builds a Lunr index of the whole language in the reader's browser (at
2,000 deals 23.7 MB and about 5 s before the first result) and splits words only at spaces
and hyphens, so „Frontier“ was indexed as ``„frontier“`` and never found. Pagefind reads the
built HTML, splits words at every punctuation and quotation mark, stems German and English
by ``<html lang>``, and writes an index in chunks that the browser fetches per query
(``templates/theme/assets/javascripts/pagefind_search.js``).

What is indexed is chosen in the pages: ``data-pagefind-body`` on the article
(templates/theme/main.html), ``data-pagefind-ignore`` on listings that repeat other pages
(the page templates), ``data-pagefind-weight`` on a deal's headline and gist.

Each language's build calls ``index_language`` on its finished folder (the plugin's
on_post_build, in the process that built it, before the site is swapped in). Under
`mkdocs serve` each language's process keeps a ``KeptSearch``: its Pagefind service holds
every page read once, a save hands it only the pages it wrote or removed, and the index is
written in a thread of its own after the reload instead of before it, once the editor
pauses, by a service in Linux's idle class (the terminal says when the search is being
updated and when it is up to date). Both talk to Pagefind's
service (``pagefind --service``, the binary of npm's ``pagefind`` package, pinned in
``pagefind-bin/`` beside this file and installed by ``bash .ci/setup``) and feed it the
pages in the order of their paths, so that a preview's index is a clean build's, byte for
byte, on any file system (Pagefind's own walk takes the folder's order, which differs
between file systems). This module is the only one that talks to Pagefind, and imports
nothing of MkDocs.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import BriefingError

# Pages handed to Pagefind's service before the answer to the first of them is read: enough
# to keep it busy while this process reads the next pages, few enough that the requests
# waiting in its queue stay small (16 pages of 25 KB).
AHEAD = 16
BUNDLE = "pagefind"  # the folder in each language's site that holds its index
# Pagefind's own ready-made interfaces, written beside the index: the site has its own box
# (templates/theme/partials/pagefind.html), so they would only be files nobody loads.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")


class SearchIndexFailed(BriefingError):
    """Pagefind could not index a language's pages."""


# Where `bash .ci/setup` installs Pagefind from the npm registry (package-lock.json pins
# it). Not PyPI's pagefind-bin: its newest wheel, 1.5.2, scores each page by walking every
# matching word of every page, so a word on all 10,000 deal pages took 0.6-0.9 s in the
# reader's browser; 1.6.0 groups the words by page first (0.10-0.13 s).
NPM_FOLDER = Path(__file__).resolve().parent / "pagefind-bin"
NPM_PLATFORMS = {"linux": "linux", "darwin": "darwin", "win32": "windows",
                 "freebsd": "freebsd"}
NPM_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def executable() -> Path:
    """Pagefind's binary for this machine, as npm's ``pagefind`` package finds it: its
    platform's package, the extended binary first (it is the only one some ship)."""
    system = NPM_PLATFORMS.get(sys.platform.rstrip("0123456789"), sys.platform)
    cpu = NPM_CPUS.get(platform.machine().lower(), platform.machine().lower())
    folder = NPM_FOLDER / "node_modules" / "@pagefind" / f"{system}-{cpu}" / "bin"
    suffix = ".exe" if system == "windows" else ""
    for name in ("pagefind_extended", "pagefind"):
        if (folder / f"{name}{suffix}").is_file():
            return folder / f"{name}{suffix}"
    raise SearchIndexFailed(
        f"Pagefind, the site's search, is not installed for this machine ({system}-{cpu}): "
        f"run `bash .ci/setup site`, which installs it with npm")


@dataclass(frozen=True)
class IndexReport:
    """What one run made: pages indexed, the bundle's files and bytes, and its time."""

    pages: int
    files: int
    bytes: int
    seconds: float


def index_language(site_dir: Path) -> IndexReport:
    """Index every page of one language's built site (``site_dir``: the folder that holds
    its index.html) into ``site_dir/pagefind``, replacing what an earlier run wrote there:
    the same pages give the same files, whether built whole or after a preview's save."""
    started = time.perf_counter()
    index = PagesIndex(site_dir)
    try:
        index.add_all()
        report = index.write()
    finally:
        index.close()
    return replace(report, seconds=round(time.perf_counter() - started, 3))


def indexed_pages(site_dir: Path) -> list[dict[str, object]]:
    """What the index of one language holds, page by page, as the browser reads it: each
    page's address (within the language), title and indexed text (Pagefind's fragments:
    gzip, a signature, JSON), sorted by address. For tests and benchmarks."""
    pages = []
    for fragment in sorted((site_dir / BUNDLE / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        data = data.removeprefix(b"pagefind_dcd")
        pages.append(json.loads(data))
    return sorted(pages, key=lambda page: str(page["url"]))


def languages(site_dir: Path) -> list[str]:
    """The languages of one language's index (Pagefind's entry file): one, its own."""
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    return sorted(entry["languages"])




# A page that is gone, as Pagefind is told of it: its service cannot forget a page, but a
# page with no words is left out of the index it writes (and with no article marked, so is
# one with words), while the page keeps its place in the service's order.
GONE = "<!doctype html><html><body></body></html>"


class _Service:
    """A running ``pagefind --service``: requests and answers are base64 JSON, each ended
    by a comma. Spoken here, not through its Python API (PagefindIndex): that reads one
    answer every 0.1 s, stops at 2 MiB (the files of a 2,000-deal index are more), and
    ends the service right after asking it to write (under load it was stopped mid-write,
    an empty pagefind-worker.js, 1 run in 15). Here the service only hands the files over
    (GetFiles) and ``_write`` writes them: complete, or not at all."""

    def __init__(self, background: bool):
        self.process = subprocess.Popen(
            [str(executable()), "--service"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=dict(os.environ,
                                                                       NO_COLOR="1"))
        if background:
            _yield_to_builds(self.process.pid)
        self.asked = 0
        self.pending = bytearray()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        return self.answer(self.send(payload))

    def send(self, payload: dict[str, Any]) -> int:
        """Send one request without waiting; its number, to ``answer`` for it. The service
        reads every request as it comes (into a queue of its own) and answers them one by
        one, in order, so requests sent ahead are only waiting, never blocking it."""
        assert self.process.stdin is not None
        self.asked += 1
        request = json.dumps({"message_id": self.asked, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(request) + b",")
            self.process.stdin.flush()
        except OSError as exc:
            raise SearchIndexFailed(f"Pagefind's service ended ({exc})") from None
        return self.asked

    def answer(self, message_id: int) -> dict[str, Any]:
        """The answer to request ``message_id``, the oldest one not yet answered."""
        assert self.process.stdout is not None
        try:
            while (end := self.pending.find(b",")) < 0:
                assert isinstance(self.process.stdout, io.BufferedReader)
                chunk = self.process.stdout.read1(1 << 20)
                if not chunk:
                    raise SearchIndexFailed(f"Pagefind's service ended (exit code "
                                            f"{self.process.poll()})")
                self.pending += chunk
        except OSError as exc:
            raise SearchIndexFailed(f"Pagefind's service ended ({exc})") from None
        answer = json.loads(base64.b64decode(bytes(self.pending[:end])))
        del self.pending[:end + 1]
        found: dict[str, Any] = answer["payload"]
        if found.get("type") == "Error" or answer.get("message_id") != message_id:
            raise SearchIndexFailed(f"Pagefind: {found.get('message', found)}")
        return found

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.kill()  # it holds nothing that is not written
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _yield_to_builds(pid: int) -> None:
    """A preview's index is written while the editor may save again: the next save's build
    comes first on the machine's cores. Linux's idle class gives the service a core only
    when nothing else wants it (nice 10, the fallback, still took about a tenth of a busy
    core from the build)."""
    try:
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, 10)
        except (AttributeError, OSError):
            pass


def _address(page: str) -> str:
    """A page's address within its language, as Pagefind's own walk makes it."""
    return "/" + page.removesuffix("index.html")


@dataclass
class PagesIndex:
    """One language's pages held in a Pagefind service, fed in the order of their paths;
    ``write`` writes the index of what it holds."""

    site_dir: Path
    background: bool = False
    service: _Service | None = None
    index_id: int = 0
    held: set[str] = field(default_factory=set)  # pages in the service, gone ones too
    unanswered: deque[int] = field(default_factory=deque)  # pages sent, not yet indexed
    # Each page's (mtime, size) when last read into the service (by KeptSearch's thread).
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)

    def pages(self) -> dict[str, tuple[int, int]]:
        """Every HTML page of the site (outside the index's own folder), by path."""
        found = {}
        for path in self.site_dir.rglob("*.html"):
            page = path.relative_to(self.site_dir).as_posix()
            if page.split("/", 1)[0] != BUNDLE:
                stat = path.stat()
                found[page] = (stat.st_mtime_ns, stat.st_size)
        return found

    def add_all(self) -> None:
        """A new index of every page, read from the site."""
        self.close()
        self.service = _Service(self.background)
        self.index_id = int(self.service.ask({"type": "NewIndex", "config": None})["index_id"])
        self.held = set()
        marked = False
        # What it reads now; a page written meanwhile differs at the next ``changes``.
        self.seen = self.pages()
        for page in sorted(self.seen):
            text = (self.site_dir / page).read_text("utf-8", errors="replace")
            marked = marked or "data-pagefind-body" in text
            self._add(page, text)
        self._answered()
        # Without a single data-pagefind-body, Pagefind would index every page whole: the
        # navigation, header and footer of each, the listings too. A theme that lost the
        # mark is refused, not indexed that way.
        if not marked:
            raise SearchIndexFailed(f"{self.site_dir}: no page to index (none has an article "
                                    f"marked data-pagefind-body: templates/theme/main.html "
                                    f"marks it)")

    def changes(self) -> tuple[dict[str, str], list[str]]:
        """The pages written since the service last read them (with their text, read now)
        and the pages gone."""
        now = self.pages()
        written = {page: (self.site_dir / page).read_text("utf-8", errors="replace")
                   for page, key in now.items() if self.seen.get(page) != key}
        gone = [page for page in self.seen if page not in now]
        self.seen = now
        return written, gone

    def update(self, written: dict[str, str], gone: list[str]) -> None:
        """Pages written and gone since, each replacing itself in the service's order; a
        page new to it means a new index, so that the order stays the paths' order."""
        if self.service is None or any(page not in self.held for page in written):
            self.add_all()
            return
        for page, text in sorted(written.items()):
            self._add(page, text)
        for page in sorted(gone):
            self._add(page, GONE)
        self._answered()

    def _add(self, page: str, text: str) -> None:
        """Hand the service one page; its answer is read once AHEAD more pages are sent,
        so that this process reads the next pages while the service indexes this one (a
        page at a time, each waiting for its answer, kept one of them idle: at 2,000 deals
        a language took 14 s instead of 10)."""
        assert self.service is not None
        self.unanswered.append(self.service.send({
            "type": "AddFile", "index_id": self.index_id, "file_path": None,
            "url": _address(page), "file_contents": text}))
        self.held.add(page)
        self._answered(left=AHEAD)

    def _answered(self, left: int = 0) -> None:
        """Read answers, oldest first, until at most ``left`` pages sent wait for theirs."""
        assert self.service is not None
        while len(self.unanswered) > left:
            self.service.answer(self.unanswered.popleft())

    def write(self) -> IndexReport:
        """The index of what the service holds, written into ``site_dir/pagefind``."""
        assert self.service is not None
        started = time.perf_counter()
        self._answered()
        answer = self.service.ask({"type": "GetFiles", "index_id": self.index_id})
        files = {str(item["path"]): base64.b64decode(item["content"])
                 for item in answer["files"] if item["path"] not in UNUSED}
        entry = json.loads(files["pagefind-entry.json"])
        pages = sum(int(language["page_count"]) for language in entry["languages"].values())
        if pages == 0:
            raise SearchIndexFailed(f"{self.site_dir}: no page to index (none has an "
                                    f"article marked data-pagefind-body)")
        _write(self.site_dir / BUNDLE, files)
        return IndexReport(pages=pages, files=len(files),
                           bytes=sum(len(data) for data in files.values()),
                           seconds=round(time.perf_counter() - started, 3))

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None
        self.unanswered.clear()


def _write(bundle: Path, files: dict[str, bytes]) -> None:
    """The index's files into ``bundle``, each whole or not at all (a reader's browser may
    be reading the folder): the files that changed first, the entry file that names them
    last, then the files nothing names any more."""
    try:
        for name in sorted(files, key=lambda name: name == "pagefind-entry.json"):
            target = bundle / name
            try:
                if target.read_bytes() == files[name]:
                    continue
            except OSError:
                pass
            target.parent.mkdir(parents=True, exist_ok=True)
            writing = target.with_name(f".{target.name}.writing")
            writing.write_bytes(files[name])
            os.replace(writing, target)
        for path in sorted(bundle.rglob("*"), reverse=True):
            name = path.relative_to(bundle).as_posix()
            if path.is_file() and name not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    except OSError as exc:
        raise SearchIndexFailed(f"{bundle}: the search index could not be written "
                                f"({exc.strerror or exc})") from None


# How long a preview waits after a build before it writes the search index: writing it is
# proportional to the site (seconds of a core at 2,000 deals), and edits come in bursts (a
# record and its picture, a typo fixed right after a save), so the index is written once
# the editor pauses, not between saves. It is written anyway once a change has waited
# AT_MOST seconds, for an editor who never pauses that long.
QUIET = 3.0
AT_MOST = 30.0


class KeptSearch:
    """A preview's search of one language (site_worker.py keeps one per language process):
    after each build ``update`` notes the pages written and gone, and a thread of its own
    updates the index from them, after the reload, once no build has come for ``quiet``
    seconds. What the terminal shows, in this order for each build: "being updated" when a
    build hands over its pages, "up to date" once the index holds every page built so far
    (tests/test_serve_equivalence.py waits for it before comparing the site with a clean
    build)."""

    def __init__(self, lang: str, quiet: float = QUIET, at_most: float = AT_MOST):
        self.lang = lang
        self.quiet, self.at_most = quiet, at_most
        self.index: PagesIndex | None = None
        # Guards what follows and orders the terminal's two lines with the work they name.
        self.state = threading.Condition()
        self.handed = 0  # builds handed over
        self.done = 0  # builds the written index holds (or that failed: said so)
        self.last_handed = 0.0  # time.monotonic() of the last hand-over
        self.waiting_since: float | None = None  # of the oldest hand-over not yet taken
        self.hurry = False  # settled() or close(): no more waiting for a pause
        self.closing = False
        self.thread = threading.Thread(target=self._run, name=f"search-{lang}", daemon=True)
        self.thread.start()

    def update(self, site_dir: Path) -> None:
        """After a build of ``site_dir``: tell the thread, which finds the pages the build
        wrote and removed itself, once the editor pauses. Finding them here walked the
        whole site before the page could reload (0.2-0.3 s at 2,000 deals, measured)."""
        with self.state:
            if self.index is None or self.index.site_dir != site_dir:
                if self.index is not None:
                    self.index.close()
                self.index = PagesIndex(site_dir, background=True)
            self.handed += 1
            self.last_handed = time.monotonic()
            if self.waiting_since is None:
                self.waiting_since = self.last_handed
            _say(f"briefing: search ({self.lang}) being updated")
            self.state.notify()

    def settled(self) -> None:
        """Wait until the index holds every build handed over (for tests)."""
        with self.state:
            self.hurry = True
            self.state.notify_all()
            while self.done < self.handed:
                self.state.wait()
            self.hurry = False

    def close(self) -> None:
        """Once the work handed over is done: the thread and the service end."""
        with self.state:
            self.closing = self.hurry = True
            self.state.notify_all()
        self.thread.join(timeout=300)
        with self.state:
            if self.index is not None:
                self.index.close()

    def _pause_left(self) -> float:
        """Seconds still to wait for the editor's pause (under the lock), 0 to write now."""
        if self.hurry:
            return 0.0
        now = time.monotonic()
        assert self.waiting_since is not None
        return max(0.0, min(self.last_handed + self.quiet,
                            self.waiting_since + self.at_most) - now)

    def _run(self) -> None:
        while True:
            with self.state:
                while self.handed == self.done and not self.closing:
                    self.state.wait()
                if self.handed == self.done:
                    return
                while (wait := self._pause_left()) > 0:
                    self.state.wait(wait)
                self.waiting_since = None
                taken, index = self.handed, self.index
            assert index is not None
            started = time.perf_counter()
            written: dict[str, str] = {}
            gone: list[str] = []
            try:
                if index.service is None:
                    index.add_all()
                else:
                    written, gone = index.changes()
                    index.update(written, gone)
                report = index.write()
            except Exception as exc:  # noqa: BLE001 - said; the next save starts anew
                index.close()
                with self.state:
                    self.done = taken
                    self.state.notify_all()
                    _say(f"briefing: search ({self.lang}) could not be updated: {exc}",
                         "WARNING")
                continue
            with self.state:
                self.done = taken
                self.state.notify_all()
                if self.handed == taken:
                    _say(f"briefing: search ({self.lang}) up to date: {report.pages} pages "
                         f"({len(written)} written, {len(gone)} gone since) in "
                         f"{time.perf_counter() - started:.2f} s")


def _say(message: str, level: str = "INFO") -> None:
    """A line as MkDocs' log prints it, shown even when the language's process prints
    only problems: the editor sees when the search is behind the pages."""
    print(f"{level:<7} -  {message}", file=sys.stderr, flush=True)
