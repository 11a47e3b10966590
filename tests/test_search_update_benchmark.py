"""benchmarks/search_update.py on the sample site, so that it cannot rot (its figures, at
2,000 and 10,000 deals, are in benchmarks/README.md "Search at size"); no timings asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_a_save_rewrites_part_of_the_index_and_taking_it_back_restores_it(
        built_site: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "search_update.py"), "--site",
         str(built_site), "--json"], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr  # it asserts the index came back itself
    found = json.loads(result.stdout)
    languages = sorted(p.parent.name for p in built_site.glob("*/pagefind"))
    assert languages and [r["lang"] for r in found] == languages
    for r in found:
        pages = [p for p in (built_site / r["lang"]).rglob("*.html")
                 if "pagefind" not in p.parts]
        assert r["pages"] == len(pages) > 10
        assert r["page"].startswith("deals/")
        # One headline's new word: the page's fragment, the word's chunk, the entry and
        # metadata that name them; not the whole index.
        assert 1 <= r["files_changed"] < r["files"] / 2, r
        assert 0 < r["bytes_written"] < r["index_bytes"] / 2, r
        assert r["service_peak_mb"] > 0
