"""What a preview's save costs the search (issue 22, point 5), on a built site of any size.

A preview keeps each language's pages in a Pagefind service (pagefind_search.KeptSearch);
after a save it hands the service only the pages the build wrote, then writes the index.
This times those steps without `mkdocs serve` around them, on a copy of one language's
built pages (so it runs at 10,000 deals, whose preview's first build alone takes as long as
a clean build):

1. the preview's first build: every page read into the service, the index written;
2. a save: one deal page's headline gets a new word; the changed page found and handed
   over, the index written again; how many of the index's files changed and their bytes;
3. the same save taken back.

The service runs as in a preview (Linux's idle class) unless ``--foreground``; it also
reports the service's peak memory.

    .venv/bin/python benchmarks/search_update.py --site /tmp/bench-10000/site --lang de

Figures go to benchmarks/README.md ("Search at size"); tests/test_search_update_benchmark.py
runs this on the sample site so that it cannot rot, asserting no timings.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from generator.engine.pagefind_search import BUNDLE, PagesIndex

HEADLINE = re.compile(r"(<h1[^>]*>)([^<]+)")


def bundle(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site / BUNDLE).as_posix(): p.read_bytes()
            for p in sorted((site / BUNDLE).rglob("*")) if p.is_file()}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, int]:
    names = [name for name in after if before.get(name) != after[name]]
    return {"files": len(after), "files_changed": len(names) + len(set(before) - set(after)),
            "bytes_written": sum(len(after[name]) for name in names)}


def only_pages(folder: str, names: list[str]) -> list[str]:
    """What a copy leaves out: the index, and every file but a page (pictures, feeds)."""
    return [name for name in names if name == BUNDLE or (
        not name.endswith(".html") and not Path(folder, name).is_dir())]


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def save(index: PagesIndex) -> tuple[float, float]:
    """Hand the changed pages over and write the index: (seconds to find and hand them
    over, seconds to write)."""
    started = time.perf_counter()
    written, gone = index.changes()
    assert len(written) == 1 and not gone, (list(written), gone)
    index.update(written, gone)
    handed = time.perf_counter()
    index.write()
    return round(handed - started, 3), round(time.perf_counter() - handed, 3)


def measure(pages: Path, lang: str, foreground: bool) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="search-update-"))
    try:
        site = work / lang
        started = time.perf_counter()
        shutil.copytree(pages, site, ignore=only_pages)
        copied = time.perf_counter() - started
        index = PagesIndex(site, background=not foreground)
        try:
            started = time.perf_counter()
            index.add_all()
            read = time.perf_counter() - started
            index.write()
            first_write = time.perf_counter() - started - read
            index.seen = index.pages()
            deal = next(page for page in sorted(index.seen)
                        if page.startswith("deals/") and page.count("/") == 2)
            original = (site / deal).read_text("utf-8")
            assert HEADLINE.search(original), deal
            before = bundle(site)
            (site / deal).write_text(HEADLINE.sub(r"\1Wortneu \2", original, count=1), "utf-8")
            handed, written = save(index)
            after = bundle(site)
            (site / deal).write_text(original, "utf-8")
            handed_back, written_back = save(index)
            assert bundle(site) == before, "taking the save back did not give the index back"
            assert index.service is not None
            service_mb = peak_mb(index.service.process.pid)
        finally:
            index.close()
        return {"lang": lang, "pages": len(index.seen), "copy_s": round(copied, 1),
                "first_read_s": round(read, 2), "first_write_s": round(first_write, 2),
                "save_hand_over_s": handed, "save_write_s": written,
                "back_hand_over_s": handed_back, "back_write_s": written_back,
                **changed(before, after), "index_bytes": sum(map(len, after.values())),
                "service_peak_mb": service_mb, "page": deal}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site/ folder")
    parser.add_argument("--lang", action="append", help="languages (default: every folder "
                        "of site/ with a pagefind/ index)")
    parser.add_argument("--foreground", action="store_true",
                        help="the service at normal priority, not in the idle class")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    langs = args.lang or sorted(p.parent.name for p in args.site.glob(f"*/{BUNDLE}"))
    if not langs:
        parser.error(f"{args.site}: no language folder with a {BUNDLE}/ index")
    results = [measure(args.site / lang, lang, args.foreground) for lang in langs]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(f"{r['lang']}: {r['pages']} pages; first build: read {r['first_read_s']} s, "
              f"write {r['first_write_s']} s; a save: hand over {r['save_hand_over_s']} s, "
              f"write {r['save_write_s']} s, {r['files_changed']} of {r['files']} files "
              f"changed ({r['bytes_written'] / 1024:.0f} KB of "
              f"{r['index_bytes'] / 1024:.0f} KB); taken back: {r['back_hand_over_s']} s + "
              f"{r['back_write_s']} s; service peak {r['service_peak_mb']} MB")


if __name__ == "__main__":
    main()
