"""What one page view costs the reader's browser, and how long the search takes to answer.

Serves a built site (``site/`` of a project: the sample's, or one `synth.py` made and
`mkdocs build` built) on 127.0.0.1, opens one page in Debian's Chromium (Playwright)
``--views`` times, each in a fresh tab, and sums the processor time of all Chromium
processes from just before the page is opened until ``--watch`` seconds after its load
event (Material's search fetched its index and built it in a worker on every page view,
search_on_demand.js holds that back until the reader opens the search). Then, in a fresh
tab, it opens the search, types a word and times until the first result shows.

    .venv/bin/python benchmarks/page_view.py --site site --page de/deals/<id>/ --word Amazon

Figures go to benchmarks/README.md ("Search on demand"); tests/test_page_view_benchmark.py
runs this on the sample site so that it cannot rot, asserting no timings.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium_cpu_seconds() -> float:
    """User and system time of every running Chromium process (Linux /proc)."""
    ticks = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"chrom" not in command.split(b"\0")[0]:
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(site: Path, page_path: str, word: str, views: int, watch: float) -> dict[str, Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}/{page_path}"
    index_path = f"/{page_path.split('/')[0]}/search/search_index.json"
    cpu, loads, fetched = [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(views):
                tab = browser.new_page()
                requests: list[str] = []
                tab.on("request", lambda request, seen=requests: seen.append(request.url))
                before, started = chromium_cpu_seconds(), time.perf_counter()
                tab.goto(address, wait_until="load")
                loads.append(time.perf_counter() - started)
                tab.wait_for_timeout(watch * 1000)
                cpu.append(chromium_cpu_seconds() - before)
                fetched.append(any(url.split("?")[0].endswith(index_path) for url in requests))
                tab.close()
            tab = browser.new_page()
            tab.goto(address, wait_until="load")
            box = tab.locator(".md-search__input")
            started = time.perf_counter()
            box.click()
            box.press_sequentially(word, delay=20)
            tab.locator(".md-search-result__item").first.wait_for(timeout=120_000)
            first_result = time.perf_counter() - started
            results = tab.locator(".md-search-result__item").count()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    index = site / page_path.split("/")[0] / "search" / "search_index.json"
    return {
        "page": page_path, "views": views, "watch_s": watch,
        "cpu_per_view_s": [round(value, 2) for value in cpu],
        "cpu_per_view_median_s": round(statistics.median(cpu), 2),
        "load_median_s": round(statistics.median(loads), 3),
        "index_fetched_without_search": sum(fetched),
        "index_mb": round(index.stat().st_size / 1e6, 1) if index.is_file() else None,
        "search_word": word, "first_result_s": round(first_result, 2),
        "results_shown": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="a built site folder")
    parser.add_argument("--page", required=True, help="the page, e.g. de/deals/<id>/")
    parser.add_argument("--word", required=True, help="a word to search for")
    parser.add_argument("--views", type=int, default=3, help="page views to measure")
    parser.add_argument("--watch", type=float, default=8.0,
                        help="seconds after each load event to keep counting")
    args = parser.parse_args()
    print(json.dumps(measure(args.site, args.page, args.word, args.views, args.watch),
                     indent=2))


if __name__ == "__main__":
    main()
