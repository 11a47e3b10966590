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
on_post_build, in the process that built it, before the site is swapped in); a preview's
language process calls it again after every save. This module is the only one that talks
to Pagefind, and imports nothing of MkDocs.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefingError

BUNDLE = "pagefind"  # the folder in each language's site that holds its index
# Pagefind's own ready-made interfaces, written beside the index: the site has its own box
# (templates/theme/partials/pagefind.html), so they would only be files nobody loads.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")


class SearchIndexFailed(BriefingError):
    """Pagefind could not index a language's pages."""


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
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # chunks of pages that are gone go too
    try:
        pages = _index(site_dir, bundle)
    except BriefingError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pagefind's service reports in many ways
        shutil.rmtree(bundle, ignore_errors=True)
        raise SearchIndexFailed(f"{site_dir}: the search index could not be built "
                                f"(Pagefind: {exc})") from None
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    sizes = [path.stat().st_size for path in bundle.rglob("*") if path.is_file()]
    return IndexReport(pages=pages, files=len(sizes), bytes=sum(sizes),
                       seconds=round(time.perf_counter() - started, 3))


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


def _index(site_dir: Path, bundle: Path) -> int:
    # Pagefind's command, the binary of the pagefind-bin wheel. Not its Python API
    # (PagefindIndex): that ends its service right after asking it to write, and under load
    # the service was stopped mid-write (an empty pagefind-worker.js, 1 run in 15 here);
    # the command exits when every file is written.
    # Without a single data-pagefind-body, Pagefind would index every page whole: the
    # navigation, header and footer of each, the listings too. A theme that lost the mark
    # is refused, not indexed that way.
    if not any(b"data-pagefind-body" in page.read_bytes() for page in site_dir.rglob("*.html")):
        raise SearchIndexFailed(f"{site_dir}: no page to index (none has an article marked "
                                f"data-pagefind-body: templates/theme/main.html marks it)")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-path", str(bundle), "--glob", "**/*.html", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env=dict(os.environ, NO_COLOR="1"))
    if done.returncode != 0:
        raise SearchIndexFailed(f"{site_dir}: the search index could not be built "
                                f"(Pagefind: {(done.stderr or done.stdout).strip()})")
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    pages = sum(int(language["page_count"]) for language in entry["languages"].values())
    if pages == 0:
        raise SearchIndexFailed(f"{site_dir}: no page to index (none has an article "
                                f"marked data-pagefind-body)")
    return pages
