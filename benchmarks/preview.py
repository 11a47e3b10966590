"""Preview: how long from saving a record to the browser showing the change, with `mkdocs
serve` running, on the sample site or on N synthetic deals.

    .venv/bin/python benchmarks/preview.py                 # the sample content
    .venv/bin/python benchmarks/preview.py --deals 500     # benchmarks/synth.py content

In a copy of the project it starts `mkdocs serve` on a free 127.0.0.1 port, opens a deal's
German page in Chromium (Playwright, Debian's /usr/bin/chromium), and first waits with no
edits: serve must not rebuild on its own (the generated Markdown is not watched, so writing
it cannot start another build). Then it saves the deal's German headline with a new word,
several times, and times each save until the page, reloaded by MkDocs's livereload script,
shows that word. It also reads serve's log for how long each rebuild took and times the
generator step (load, check, render, write) on its own, to show where the time goes.
Results print as text, or as JSON with --json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-12-07"  # as tests/conftest.py: the sample has facts dated that day
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
HEADLINE = re.compile(r"^(headline:\n  de: )(.*)$", re.MULTILINE)


@dataclass
class Result:
    content: str
    deals: int
    pages: int
    first_build_s: float
    idle_s: float
    idle_rebuilds: int
    idle_navigations: int
    saves_s: list[float] = field(default_factory=list)
    rebuilds_s: list[float] = field(default_factory=list)  # the plugin's "built in" per save
    builds_per_save: list[int] = field(default_factory=list)  # 1 each, or serve loops
    generator_s: float = 0.0  # load, check, render and write after a one-record change
    peak_mb: dict[str, float] = field(default_factory=dict)  # per process of serve's group
    in_serve_generator_s: list[float] = field(default_factory=list)  # serve's log, per save
    in_serve_sites_s: list[float] = field(default_factory=list)  # slowest language, per save
    load_average: float = 0.0  # the machine's 1-minute load when the saves were done
    pause_s: float = 2.0  # from a reload to the next save

    def summary(self) -> dict[str, Any]:
        return {
            "content": self.content, "deals": self.deals, "pages": self.pages,
            "first_build_s": round(self.first_build_s, 2),
            "idle_s": self.idle_s, "idle_rebuilds": self.idle_rebuilds,
            "idle_navigations": self.idle_navigations,
            "save_to_reload_s": [round(s, 2) for s in self.saves_s],
            "save_to_reload_median_s": round(statistics.median(self.saves_s), 2),
            "rebuild_median_s": round(statistics.median(self.rebuilds_s), 2)
            if self.rebuilds_s else None,
            "builds_per_save": self.builds_per_save,
            "generator_step_s": round(self.generator_s, 2),
            "load_average": round(self.load_average, 1),
            "peak_mb": {name: round(mb) for name, mb in self.peak_mb.items()},
            "in_serve_generator_median_s": _median(self.in_serve_generator_s),
            "in_serve_sites_median_s": _median(self.in_serve_sites_s),
            "pause_s": self.pause_s,
            "cpus": os.cpu_count(),
        }


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_project(target: Path, deals: int) -> Path:
    if deals:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from synth import synthesize  # benchmarks/ is a folder of scripts

        synthesize(target, deals, ROOT)
    else:
        target.mkdir(parents=True)
        shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
        shutil.copytree(ROOT / "templates", target / "templates")
        shutil.copytree(ROOT / "content", target / "content")
    return target


def environment() -> dict[str, str]:
    env = dict(os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


class Serve:
    """`mkdocs serve` in its own process group, its log in a file."""

    def __init__(self, project: Path, port: int, dirty: bool):
        self.log_path = project.parent / "serve.log"
        self.log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
             *(["--dirty"] if dirty else [])],
            cwd=project, env=environment(), stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, needle: str, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.text().count(needle) < count:
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve ended:\n{self.text()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {needle!r} in {timeout} s:\n{self.text()[-3000:]}")
            time.sleep(0.05)

    def builds(self) -> list[float]:
        """The time of every finished build. MkDocs's own "Documentation built in"
        line is useless here: MkDocs drops a message it has logged before, so a
        rebuild as fast as an earlier one leaves none."""
        return [float(s) for s in re.findall(r"briefing: preview of [\w, ]+ built in "
                                             r"([\d.]+) s", self.text())]

    def last_breakdown(self) -> tuple[float | None, float | None]:
        """Of the last build: the generator's seconds, and the slowest language's site
        build (the plugin's log lines under plain serve)."""
        text = self.text()
        generator = re.findall(r"briefing: .* unchanged; generator ([\d.]+) s", text)
        sites = re.findall(r"briefing: (\w+) site: \w+ build in ([\d.]+) s", text)
        last = {lang: float(s) for lang, s in sites[-2:]}
        return (float(generator[-1]) if generator else None,
                max(last.values()) if last else None)

    def started_builds(self) -> int:
        return self.text().count("Building documentation...")

    def peak_memory(self) -> dict[str, float]:
        """The largest resident set so far (VmHWM) of serve's process and of each process it
        started (a language's site_worker), by what runs in it; Linux only."""
        peaks: dict[str, float] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) != self.process.pid:  # its process group
                    continue
                status = (stat.parent / "status").read_text()
                command = (stat.parent / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            found = re.search(r"VmHWM:\s+(\d+) kB", status)
            if not found:
                continue
            if b"generator.engine.site_worker" in command:
                name = f"site_worker {len([k for k in peaks if k.startswith('site_worker')]) + 1}"
            elif int(stat.parent.name) == self.process.pid:
                name = "mkdocs serve"
            else:
                name = b" ".join(command[:3]).decode(errors="replace")
            peaks[name] = int(found.group(1)) / 1024
        return peaks

    def stop(self) -> None:
        if self.log.closed:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def time_generator_step(project: Path, record: Path, n: int) -> float:
    """The generator alone, as serve runs it after a save: kept from the build before, it
    reads the changed file again, checks it and the rules across records, renders the pages
    that depend on it and writes those that changed."""
    code = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from generator.build import pipeline\n"
        "from generator.engine.config import load_site_config\n"
        "config, _ = load_site_config(Path('mkdocs.yml'))\n"
        "kept = pipeline.Generator(keep=True)\n"
        "pipeline.build_markdown(config, generator=kept)\n"
        f"record = Path({str(record)!r})\n"
        f"record.write_text(record.read_text('utf-8').replace('Vorschau', 'Vorschau{n}'), "
        "'utf-8')\n"
        "started = time.perf_counter()\n"
        "pipeline.build_markdown(config, generator=kept)\n"
        "print(time.perf_counter() - started)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=environment(),
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the generator failed:\n{result.stderr}")
    return float(result.stdout.strip())


def measure(deals: int, saves: int, idle: float, dirty: bool = False,
            keep: bool = False, pause: float = 2.0) -> Result:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="preview-bench-"))
    project = make_project(workdir / "project", deals)
    record = min((project / "content" / "deals").glob("*.yml"))
    deal_id = record.stem
    port = free_port()
    url = f"http://127.0.0.1:{port}/de/deals/{deal_id}/"
    started = time.monotonic()
    serve = Serve(project, port, dirty)
    try:
        serve.wait_for("Serving on", 1, timeout=1200)
        first_build = time.monotonic() - started
        pages = sum(1 for p in (project / "build" / "markdown").rglob("*.md"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            navigations: list[float] = []
            page.on("framenavigated",
                    lambda frame: navigations.append(time.monotonic())
                    if frame == page.main_frame else None)
            loads: list[float] = []
            page.on("load", lambda _page: loads.append(time.monotonic()))
            page.goto(url, wait_until="load")
            builds_before = serve.started_builds()
            navigations.clear()
            time.sleep(idle)
            content = "sample" if not deals else f"synthetic, {deals} deals"
            result = Result(content + (", serve --dirty" if dirty else ""), deals,
                            pages, first_build, idle, serve.started_builds() - builds_before,
                            len(navigations))
            result.pause_s = pause
            original = HEADLINE.search(record.read_text(encoding="utf-8"))
            assert original, f"no German headline found in {record}"
            for n in range(1, saves + 1):
                marker = f"Vorschau{n}x{deals}"
                quote = original.group(2)[:1] if original.group(2)[:1] in "\"'" else ""
                headline = f"{quote}{marker} {original.group(2)[len(quote):]}"
                changed = HEADLINE.sub(lambda m, h=headline: m.group(1) + h,
                                       record.read_text(encoding="utf-8"))
                builds = len(serve.builds())
                started_builds = serve.started_builds()
                # Saved as many editors save: the whole file written outside the watched
                # folders, then renamed into place, so serve sees one change, never a
                # half-written file (a save written in place can be seen twice: truncated,
                # then whole).
                beside = project / f".{record.name}.saving"
                beside.write_text(changed, encoding="utf-8")
                saved = time.monotonic()
                os.replace(beside, record)
                shown_at = _wait_for_text(page, marker, PlaywrightError, 600, loads)
                result.saves_s.append(shown_at - saved)
                serve.wait_for("briefing: preview of", builds + 1, timeout=60)
                result.rebuilds_s.append(serve.builds()[builds])
                generator_s, sites_s = serve.last_breakdown()
                if generator_s is not None and sites_s is not None:
                    result.in_serve_generator_s.append(generator_s)
                    result.in_serve_sites_s.append(sites_s)
                # A second build now would mean serve reacts to itself. Meanwhile the
                # browser reads the reloaded page's search index (large sites: megabytes),
                # which shares the two cores with the next save if it comes too soon.
                time.sleep(pause)
                result.builds_per_save.append(serve.started_builds() - started_builds)
            result.load_average = os.getloadavg()[0]
            result.peak_mb = serve.peak_memory()
            browser.close()
        serve.stop()  # before the generator runs alone: two writers of one tree collide
        result.generator_s = statistics.median(
            time_generator_step(project, record, n) for n in range(3))
        return result
    finally:
        serve.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_text(page: Any, marker: str, reloading: type[Exception], timeout: float,
                   loads: list[float]) -> float:
    """When the page first showed ``marker`` in its headline: the moment of the load (the
    livereload script reloads the page) after which it does. Between loads the browser is
    left alone: reading the page every 10 ms kept Chromium, Playwright's driver and this
    process busy on the two cores the build shares."""
    deadline = time.monotonic() + timeout
    seen = -1
    while time.monotonic() < deadline:
        if len(loads) != seen:
            seen = len(loads)
            try:
                shown = page.evaluate(
                    "m => (document.querySelector('h1')?.textContent || '').includes(m)",
                    marker)
            except reloading:
                shown = False  # the page went away under the check: it is reloading
            if shown and loads:
                return loads[-1]
        # Playwright delivers the load events while it waits: each is timed as it comes.
        page.wait_for_timeout(100)
    raise TimeoutError(f"the page never showed {marker!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, default=0,
                        help="synthetic deals (benchmarks/synth.py); 0: the sample content")
    parser.add_argument("--saves", type=int, default=5, help="saves to time (default 5)")
    parser.add_argument("--idle", type=float, default=15.0,
                        help="seconds to watch serve with no edits (default 15)")
    parser.add_argument("--dirty", action="store_true",
                        help="run `mkdocs serve --dirty`: rebuild only the changed pages")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the project copy")
    parser.add_argument("--pause", type=float, default=2.0,
                        help="seconds from a page's reload to the next save (default 2)")
    args = parser.parse_args(argv)
    result = measure(args.deals, args.saves, args.idle, args.dirty, args.keep,
                     args.pause).summary()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:26} {value}")
    quiet = result["idle_rebuilds"] == 0 and result["idle_navigations"] == 0
    return 0 if quiet and set(result["builds_per_save"]) <= {1} else 1


if __name__ == "__main__":
    sys.exit(main())
