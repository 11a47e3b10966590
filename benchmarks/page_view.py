"""What one page view costs the reader's browser, and how long the search takes to answer.

Serves a built site (``site/`` of a project: the sample's, or one `synth.py` made and
`mkdocs build` built) on 127.0.0.1, opens one page in Debian's Chromium (Playwright)
``--views`` times, each in a fresh tab, and sums the processor time of all Chromium
processes from just before the page is opened until ``--watch`` seconds after its load
event (Material's search fetched its index and built it in a worker on every page view,
search_on_demand.js holds that back until the reader opens the search; Pagefind's box
loads nothing before it is opened). Then, in a fresh tab (with ``--throttle 4``: Chromium
slowed down four times, as DevTools' CPU throttling), it opens the search, types a word and
times until the results of the whole word show, from the first and from the last
keystroke, and counts the bytes the search fetched (on Pagefind's box, what opening the
search loaded, its script and entry, apart from what the query fetched: the box is typed
into once it says it is ready); then a second word (``--then``), the bytes and time of a
query once the search is loaded.

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


SEARCH_FILES = ("/search/search_index.json", "/pagefind/")  # Material's, Pagefind's
SEARCH_WORKER = "/pagefind_worker.js"  # the box's worker, loaded once the search is opened


def is_search_file(url: str) -> bool:
    path = url.split("?")[0]
    return path.endswith((SEARCH_FILES[0], SEARCH_WORKER)) or SEARCH_FILES[1] in path


def answered(tab: Any, word: str) -> None:
    """Wait until the results list answers ``word`` (Pagefind's box marks the query it
    shows), or, on Material's search, until a first result shows."""
    if tab.locator(".md-search-result__list[data-query], [data-briefing-search]").count():
        tab.wait_for_function(
            "word => document.querySelector('.md-search-result__list').dataset.query === word"
            " && document.querySelector('.md-search-result__item')", arg=word, timeout=120_000)
    else:
        tab.locator(".md-search-result__item").first.wait_for(timeout=120_000)


def ready(tab: Any) -> bool:
    """On Pagefind's box, wait until it no longer says it is initializing (the script, the
    worker and the language's entry are loaded),
    so that what a query fetches is counted apart from what opening the search fetched
    once. Material's search has no such moment: False."""
    if not tab.locator("[data-briefing-search]").count():
        return False
    tab.wait_for_function(
        "() => { const box = document.querySelector('[data-briefing-search]');"
        " return document.querySelector('.md-search-result__meta').textContent"
        " !== box.dataset.wordsInitializer; }", timeout=120_000)
    return True


def search_once(tab: Any, word: str, fetched: list[tuple[str, int]],
                key_delay_ms: float = 20) -> dict[str, Any]:
    box = tab.locator(".md-search__input")
    before = len(fetched)
    started = time.perf_counter()
    box.click()
    opening = ready(tab)  # Pagefind's box: its script and entry, loaded once it is opened
    opened_s, opened = time.perf_counter() - started, len(fetched)
    box.fill("")
    typing = time.perf_counter()
    box.press_sequentially(word, delay=key_delay_ms)
    last_key = time.perf_counter()
    answered(tab, word)
    done = time.perf_counter()
    tab.wait_for_timeout(300)  # the last excerpts' requests finish
    mine = [size for url, size in fetched[opened:] if is_search_file(url)]
    loading = [size for url, size in fetched[before:opened] if is_search_file(url)]
    return {"word": word, "from_first_key_s": round(done - typing, 3),
            "from_last_key_s": round(done - last_key, 3),
            "opening_s": round(opened_s, 3) if opening else None,
            "opening_kb": round(sum(loading) / 1024, 1),
            "requests": len(mine), "kb": round(sum(mine) / 1024, 1),
            "results_shown": tab.locator(".md-search-result__item").count()}


def measure(site: Path, page_path: str, word: str, views: int, watch: float,
            then: str = "Microsoft", throttle: float = 1.0, key_delay_ms: float = 20
            ) -> dict[str, Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}/{page_path}"
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
                fetched.append(any(is_search_file(url) for url in requests))
                tab.close()
            tab = browser.new_page()
            if throttle > 1:
                cdp = tab.context.new_cdp_session(tab)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            sizes: list[tuple[str, int]] = []
            tab.on("requestfinished", lambda request: sizes.append(
                (request.url, request.sizes()["responseBodySize"])))
            tab.goto(address, wait_until="load")
            first = search_once(tab, word, sizes, key_delay_ms)
            second = search_once(tab, then, sizes, key_delay_ms)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    lang = page_path.split("/")[0]
    index = site / lang / "search" / "search_index.json"
    bundle = [path.stat().st_size for path in (site / lang / "pagefind").rglob("*")
              if path.is_file()]
    return {
        "page": page_path, "views": views, "watch_s": watch,
        "cpu_per_view_s": [round(value, 2) for value in cpu],
        "cpu_per_view_median_s": round(statistics.median(cpu), 2),
        "load_median_s": round(statistics.median(loads), 3),
        "index_fetched_without_search": sum(fetched),
        "index_mb": round(index.stat().st_size / 1e6, 1) if index.is_file() else None,
        "pagefind_mb": round(sum(bundle) / 1e6, 1) if bundle else None,
        "throttle": throttle, "key_delay_ms": key_delay_ms,
        "first_search": first, "next_search": second,
        # the time from opening the search to the first result of the first word, and its count
        "first_result_s": round(first["from_first_key_s"] + (first["opening_s"] or 0), 2),
        "results_shown": first["results_shown"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="a built site folder")
    parser.add_argument("--page", required=True, help="the page, e.g. de/deals/<id>/")
    parser.add_argument("--word", required=True, help="a word to search for")
    parser.add_argument("--then", default="Microsoft", help="a second word, searched next")
    parser.add_argument("--throttle", type=float, default=1.0,
                        help="slow Chromium's processor down this many times (4: a phone)")
    parser.add_argument("--views", type=int, default=3, help="page views to measure")
    parser.add_argument("--key-delay", type=float, default=20,
                        help="milliseconds between keys as the words are typed (20: faster "
                             "than the box's 40 ms wait, one query a word; 150: a reader "
                             "typing, one query a key)")
    parser.add_argument("--watch", type=float, default=8.0,
                        help="seconds after each load event to keep counting")
    args = parser.parse_args()
    print(json.dumps(measure(args.site, args.page, args.word, args.views, args.watch,
                             args.then, args.throttle, args.key_delay), indent=2))


if __name__ == "__main__":
    main()
