"""Material's search indexing beside generator/engine/search_index.py's, on a project's real pages.

    .venv/bin/python benchmarks/search_indexing.py --project /tmp/bench-2000
    .venv/bin/python benchmarks/search_indexing.py --project . --lang de --repeat 1 --json out.json

The project must hold the generated Markdown (build/markdown/<lang>/, as `mkdocs build` or
`briefing build` leaves it) and its mkdocs.yml. For each language, plain MkDocs + Material
builds that tree in this process (the Markdown extensions, nav and not_in_nav of the
project's mkdocs.yml, as scale.py's reference build; the site goes to a scratch folder)
while a small plugin keeps each page as Material's search plugin receives it: content, toc,
url, meta, title. Then Material's ``SearchIndex`` and ``FastSearchIndex`` each index all
pages, ``--repeat`` times, interleaved, and the fastest run of each counts. Printed per
language: pages, ms per page of each, the speedup, whether every page gave the same entries
and the whole index the same search_index.json as the build wrote, and how many pages the
fast index handed to Material's parser.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def reference_config(project: Path, lang: str, site_dir: Path) -> dict[str, Any]:
    """scale.py's plain-Material build of one language, into ``site_dir``."""
    from scale import reference_config as scale_reference_config

    return scale_reference_config(
        project, lang, str((project / "build" / "markdown" / lang).resolve()),
        str(site_dir.resolve()))


@dataclass
class Built:
    pages: list[SimpleNamespace]  # each page as Material's search plugin received it
    search_settings: dict[str, Any]  # the search index's lang, separator, pipeline, fields
    search_index_json: str  # what the search plugin wrote
    search_index: Any  # the search plugin's index object after the build


def build_and_keep_pages(config_values: dict[str, Any], work: Path, *,
                         fast_index: bool = False) -> Built:
    """Build a site with MkDocs in this process, keeping every page as Material's search
    plugin received it; with ``fast_index``, generator.engine.search_index.install() puts the
    fast index in place at on_pre_build, as the briefing plugin would."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin, event_priority

    from generator.engine.search_index import install

    pages: list[SimpleNamespace] = []

    class KeepPages(BasePlugin):  # type: ignore[type-arg]
        def on_pre_build(self, *, config: Any) -> None:
            if fast_index:
                install(config)

        @event_priority(100)  # before the search plugin, which strips data-search-*
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            pages.append(SimpleNamespace(content=page.content, toc=page.toc, url=page.url,
                                         meta=dict(page.meta), title=page.title))
            return context

    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "mkdocs-search-benchmark.yml"
    config_file.write_text(yaml.safe_dump(config_values, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    config = load_config(str(config_file))
    config.plugins["keep-pages"] = KeepPages()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    search = config.plugins["material/search"]
    written = (Path(config.site_dir) / "search" / "search_index.json").read_text(
        encoding="utf-8")
    return Built(pages, dict(search.search_index.config), written, search.search_index)


def index_all(index_class: type, settings: dict[str, Any], pages: list[SimpleNamespace]) -> tuple[
        Any, float]:
    index = index_class(**settings)
    gc.collect()
    start = time.perf_counter()
    for page in pages:
        index.add_entry_from_context(page)
    return index, time.perf_counter() - start


def compare(pages: list[SimpleNamespace], settings: dict[str, Any], written: str,
            repeat: int) -> dict[str, Any]:
    """Time both indexers over ``pages`` and check that they agree, page by page."""
    from material.plugins.search.plugin import SearchIndex

    from generator.engine.search_index import FastSearchIndex

    times: dict[str, list[float]] = {"material": [], "fast": []}
    for _ in range(repeat):
        material, seconds = index_all(SearchIndex, settings, pages)
        times["material"].append(seconds)
        fast, seconds = index_all(FastSearchIndex, settings, pages)
        times["fast"].append(seconds)

    differing = []
    for page in pages:
        one_material, one_fast = SearchIndex(**settings), FastSearchIndex(**settings)
        one_material.add_entry_from_context(page)
        one_fast.add_entry_from_context(page)
        if one_material.entries != one_fast.entries:
            differing.append(page.url)
    material_ms = 1000 * min(times["material"]) / len(pages)
    fast_ms = 1000 * min(times["fast"]) / len(pages)
    return {
        "pages": len(pages),
        "material_ms_per_page": material_ms,
        "fast_ms_per_page": fast_ms,
        "speedup": material_ms / fast_ms,
        "entries": len(fast.entries),
        "pages_with_different_entries": differing,
        "same_search_index_json": fast.generate_search_index(None) == written,
        "material_json_as_written": material.generate_search_index(None) == written,
        "pages_read_by_material_parser": fast.pages_read_by_material,
        "runs_s": times,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True,
                        help="a project folder with mkdocs.yml and build/markdown/<lang>/")
    parser.add_argument("--lang", nargs="+", default=["de", "en"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    work = args.work or Path(tempfile.mkdtemp(prefix="search-index-benchmark-"))
    results = {}
    try:
        for lang in args.lang:
            site_dir = work / "site" / lang
            built = build_and_keep_pages(reference_config(args.project, lang, site_dir), work)
            shutil.rmtree(site_dir, ignore_errors=True)
            results[lang] = compare(built.pages, built.search_settings,
                                    built.search_index_json, args.repeat)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print(f"{os.cpu_count()} cores, Python {platform.python_version()}, "
          f"benchmarks/search_indexing.py --project {args.project} --repeat {args.repeat}")
    print("| lang | pages | Material ms/page | fast ms/page | speedup | same entries "
          "| same search_index.json | read by Material's parser |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for lang, result in results.items():
        same = "yes" if not result["pages_with_different_entries"] else (
            f"no ({len(result['pages_with_different_entries'])} pages)")
        print(f"| {lang} | {result['pages']} | {result['material_ms_per_page']:.3f} "
              f"| {result['fast_ms_per_page']:.3f} | {result['speedup']:.1f}x | {same} "
              f"| {'yes' if result['same_search_index_json'] else 'no'} "
              f"| {result['pages_read_by_material_parser']} |")
    if args.json:
        args.json.write_text(json.dumps({"results": results}, indent=2), encoding="utf-8")
    agree = all(not r["pages_with_different_entries"] and r["same_search_index_json"]
                for r in results.values())
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
